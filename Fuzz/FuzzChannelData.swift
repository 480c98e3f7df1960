// libFuzzer target: TURN ChannelData (scripts/fuzz channeldata SECONDS). Each datagram of
// the input (FuzzInput.datagrams) is decoded as a ChannelData message (RFC 8656 §12.4),
// unpadded as over UDP (direction bit 0) or padded as over TCP (direction bit 1), and the
// relayed data is classified the way the capture pipeline classifies a UDP payload.
import Wire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChannelData(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for datagram in FuzzInput.datagrams(bytes[...]) {
        let padded = datagram.reverse
        guard let message = ChannelDataMessage(datagram.payload, padded: padded) else { continue }
        let framed = padded ? ChannelDataMessage.framedLength(length: message.length) : 4 + message.length
        if message.bytes.count != framed || message.data.count != message.length || message.bytes.count > datagram.payload.count
            || !ChannelDataMessage.channelRange.contains(message.channelNumber) {
            fatalError("ChannelData \(message.channelNumber): \(message.bytes.count) framed bytes, \(message.data.count) data bytes, length \(message.length)")
        }
        if DatagramKind(classifying: message.bytes) != .turnChannelData { fatalError("a ChannelData message not classified as one") }
        _ = DatagramKind(classifying: message.data)
    }
    return 0
}
