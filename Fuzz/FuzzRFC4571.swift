// libFuzzer target: stream framing (scripts/fuzz rfc4571 SECONDS): RFC 4571 length-prefixed
// datagrams (ICE-TCP) and TURN-over-TCP framing (RFC 8656 §12.5), plus the TCP segment
// decoder. The input after its first byte is a TCP byte stream. It is framed twice — whole,
// and as it would arrive in segments of 1–16 bytes (size from the first byte), buffering
// incomplete frames — and both must yield the same datagrams: framing may not depend on
// how the stream was segmented.
import Wire

private func frames(_ stream: ArraySlice<UInt8>, _ framing: StreamFraming, segment: Int) -> (datagrams: [ArraySlice<UInt8>], malformed: Bool) {
    var datagrams: [ArraySlice<UInt8>] = []
    var buffer: [UInt8] = []
    var start = 0  // bytes of `buffer` already framed
    var arrived = stream.startIndex
    while true {
        switch framing.frame(in: buffer[start...]) {
        case .frame(let datagram, let consumed):
            guard consumed > 0, consumed <= buffer.count - start, datagram.count <= consumed else {
                fatalError("\(framing) frame consumed \(consumed) of \(buffer.count - start) buffered bytes for a \(datagram.count)-byte datagram")
            }
            datagrams.append(ArraySlice(Array(datagram)))
            start += consumed
        case .incomplete(let needed):
            guard needed >= 1 else { fatalError("\(framing) needs \(needed) more bytes") }
            guard arrived < stream.endIndex else { return (datagrams, false) }
            let next = min(arrived + segment, stream.endIndex)
            buffer += stream[arrived..<next]
            arrived = next
        case .malformed:
            return (datagrams, true)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRFC4571(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let stream = bytes[1...]
    _ = TCPSegment(stream).map { ($0.decodedOptions, $0.maximumSegmentSize, $0.windowScale, $0.timestamps, $0.sequenceLength) }
    _ = StreamFraming.detect(stream)
    for framing in StreamFraming.allCases {
        let whole = frames(stream, framing, segment: stream.count + 1)
        let segmented = frames(stream, framing, segment: Int(first % 16) + 1)
        if whole.datagrams != segmented.datagrams || whole.malformed != segmented.malformed {
            fatalError("\(framing): \(whole.datagrams.count) frames whole, \(segmented.datagrams.count) in \(first % 16 + 1)-byte segments")
        }
    }
    return 0
}
