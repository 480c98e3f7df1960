// libFuzzer target: RTCP compound packets (scripts/fuzz rtcp SECONDS). Each datagram of the
// input (FuzzInput.datagrams) is decoded as a compound packet (RFC 3550 §6, RFC 4585 and
// RFC 8888 feedback), and the packets it yields must tile the datagram's start.
import Wire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTCP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for datagram in FuzzInput.datagrams(bytes[...]) {
        guard let packets = RTCPCompound.decode(datagram.payload) else { continue }
        var consumed = 0
        for packet in packets {
            guard let words = packet.bytes.uint16(at: 2) else { fatalError("a decoded packet without a length") }
            consumed += (Int(words) + 1) * 4
            _ = (packet.typeName, packet.senderSSRC)
            _ = packet.body
        }
        if consumed > datagram.payload.count { fatalError("packets claim \(consumed) of \(datagram.payload.count) bytes") }
    }
    return 0
}
