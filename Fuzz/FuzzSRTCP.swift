// libFuzzer target: SRTCP (scripts/fuzz srtcp SECONDS). Each datagram of the input
// (FuzzInput.datagrams) becomes an RTCP record the way rtpdump builds one: plain compound
// RTCP is decoded, anything else is taken as SRTCP (RFC 3711 §3.4) whose E flag and index
// are located with the tag length of an SRTP protection profile, chosen by the datagram's
// direction and length among the ones rtpdump knows and unknown ones.
@testable import Capture
import Wire

private let a = Endpoint(address: .v4(0x0A00_0001), port: 50_000)
private let b = Endpoint(address: .v4(0x0A00_0002), port: 50_001)
/// SRTP_AES128_CM_HMAC_SHA1_80, _32, AEAD_AES_128_GCM, AEAD_AES_256_GCM (RFC 5764, RFC 7714),
/// an unassigned one, and none (no DTLS seen).
private let profiles: [UInt16?] = [0x0001, 0x0002, 0x0007, 0x0008, 0x00FF, nil]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSRTCP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for (index, datagram) in FuzzInput.datagrams(bytes[...]).enumerated() {
        let profile = profiles[(datagram.payload.count + (datagram.reverse ? 1 : 0)) % profiles.count]
        let record = RTCPRecord(frame: index + 1, time: Double(index) * 1000, source: datagram.reverse ? b : a,
                                destination: datagram.reverse ? a : b, datagram: datagram.payload, srtpProfile: profile)
        if record.encrypted, record.packets.count != 1 { fatalError("SRTCP record with \(record.packets.count) packets") }
        if let index = record.srtcpIndex, index > 0x7FFF_FFFF { fatalError("SRTCP index wider than 31 bits") }
    }
    return 0
}
