// libFuzzer target: RTP (scripts/fuzz rtp SECONDS). Each datagram of the input
// (FuzzInput.datagrams) is decoded as RTP with its header extension elements (RFC 8285
// one- and two-byte forms), then added to a stream's statistics (sequence, loss, jitter).
@testable import Capture
import Wire

private let a = Endpoint(address: .v4(0x0A00_0001), port: 50_000)
private let b = Endpoint(address: .v6(0x2001_0DB8_0000_0000, 1), port: 50_002)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var streams: [UInt32: RTPStreamStatistics] = [:]
    for (index, datagram) in FuzzInput.datagrams(bytes[...]).enumerated() {
        _ = DatagramKind(classifying: datagram.payload)
        guard let rtp = RTPPacket(datagram.payload) else { continue }
        if rtp.headerLength + rtp.payload.count + rtp.paddingLength != datagram.payload.count {
            fatalError("header \(rtp.headerLength) + payload \(rtp.payload.count) + padding \(rtp.paddingLength) != \(datagram.payload.count)")
        }
        if let elements = rtp.headerExtension?.elements {
            for element in elements where element.value.isEmpty && rtp.headerExtension?.isOneByte == true {
                fatalError("one-byte header extension element \(element.id) without a value")
            }
        }
        let key = RTPStreamKey(source: datagram.reverse ? b : a, destination: datagram.reverse ? a : b, ssrc: rtp.ssrc)
        streams[rtp.ssrc, default: RTPStreamStatistics(key: key)]
            .add(rtp, size: datagram.payload.count, frame: index + 1, time: Double(index) * 20,
                 clockRate: rtp.payloadType == 0 ? 8000 : 90_000, ipv6: datagram.reverse)
    }
    return 0
}
