import Testing
import Wire

/// TCP header decoding (RFC 9293 §3.1), stream framing (RFC 4571 §2, RFC 8656 §12.5) and
/// TURN ChannelData (RFC 8656 §12.4) on byte layouts written out from the RFCs' diagrams.
/// Parity with tshark on real captures is in CaptureTests (TCPFramingTests).
@Suite("TCP, stream framing, ChannelData")
struct TCPTests {
    /// A SYN as Linux sends it: ports 45342 → 3478, seq 0x01020304, data offset 10 (40 bytes),
    /// options MSS 65495, SACK permitted, timestamps 7/0, NOP, window scale 10.
    static let syn: [UInt8] = [
        0xB1, 0x1E, 0x0D, 0x96,             // ports
        0x01, 0x02, 0x03, 0x04,             // sequence number
        0x00, 0x00, 0x00, 0x00,             // acknowledgement number
        0xA0, 0x02, 0xFF, 0xD7,             // data offset 10, flags SYN, window 65495
        0x12, 0x34, 0x00, 0x00,             // checksum, urgent pointer
        0x02, 0x04, 0xFF, 0xD7,             // MSS 65495
        0x04, 0x02,                         // SACK permitted
        0x08, 0x0A, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,  // timestamps 7, 0
        0x01,                               // NOP
        0x03, 0x03, 0x0A,                   // window scale 10
    ]

    @Test("header fields and options of a SYN")
    func synFields() throws {
        let segment = try #require(TCPSegment(Self.syn[...]))
        #expect(segment.sourcePort == 45342)
        #expect(segment.destinationPort == 3478)
        #expect(segment.sequenceNumber == 0x0102_0304)
        #expect(segment.acknowledgementNumber == 0)
        #expect(segment.headerLength == 40)
        #expect(segment.flags == .syn)
        #expect(segment.window == 65495)
        #expect(segment.checksum == 0x1234)
        #expect(segment.payload.isEmpty)
        #expect(segment.sequenceLength == 1)
        #expect(segment.decodedOptions.map(\.kind) == [2, 4, 8, 1, 3])
        #expect(segment.maximumSegmentSize == 65495)
        #expect(segment.windowScale == 10)
        #expect(segment.timestamps?.value == 7)
        #expect(segment.timestamps?.echoReply == 0)
    }

    @Test("payload after a 20-byte header; PSH+ACK+FIN flags; FIN counts in sequence space")
    func payload() throws {
        var bytes: [UInt8] = [0x13, 0x92, 0xAB, 0xCD, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x10, 0x00,
                              0x50, 0x19, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00]
        bytes += [0x00, 0x02, 0x80, 0x00]
        let segment = try #require(TCPSegment(bytes[...]))
        #expect(segment.sourcePort == 5010)
        #expect(segment.sequenceNumber == 0xFFFF_FFFF)
        #expect(segment.acknowledgementNumber == 0x1000)
        #expect(segment.flags == [.fin, .psh, .ack])
        #expect(Array(segment.payload) == [0x00, 0x02, 0x80, 0x00])
        #expect(segment.sequenceLength == 5)
        #expect(segment.decodedOptions.isEmpty)
    }

    @Test("short headers, a data offset below 5 or beyond the bytes, and bad options do not trap")
    func malformed() {
        for length in 0..<Self.syn.count {
            #expect(TCPSegment(Self.syn.prefix(length)) == nil, "prefix \(length)")
        }
        var small = Self.syn
        small[12] = 0x40  // data offset 4
        #expect(TCPSegment(small[...]) == nil)
        var long = Self.syn
        long[12] = 0xF0  // data offset 15 = 60 bytes > 40 present
        #expect(TCPSegment(long[...]) == nil)
        // An option whose length runs past the option bytes ends the list there.
        var truncated = Self.syn
        truncated[38] = 0x09
        let segment = TCPSegment(truncated[...])
        #expect(segment?.decodedOptions.map(\.kind) == [2, 4, 8, 1])
        var zeroLength = Self.syn
        zeroLength[21] = 0x00  // MSS option length 0
        #expect(TCPSegment(zeroLength[...])?.decodedOptions.isEmpty == true)
    }

    // MARK: RFC 4571

    @Test("RFC 4571: frames cut at their 16-bit length; a partial frame says how many bytes it needs")
    func rfc4571() {
        let stream: [UInt8] = [0x00, 0x03, 0x80, 0x60, 0x01, 0x00, 0x02, 0x81, 0xC8, 0x00, 0x05, 0x80]
        guard case .frame(let first, let consumed) = StreamFraming.rfc4571.frame(in: stream[...]) else {
            Issue.record("no first frame"); return
        }
        #expect(Array(first) == [0x80, 0x60, 0x01])
        #expect(consumed == 5)
        let rest = stream.dropFirst(consumed)
        guard case .frame(let second, let consumed2) = StreamFraming.rfc4571.frame(in: rest) else {
            Issue.record("no second frame"); return
        }
        #expect(Array(second) == [0x81, 0xC8])
        #expect(StreamFraming.rfc4571.frame(in: rest.dropFirst(consumed2)) == .incomplete(needed: 4))
        #expect(StreamFraming.rfc4571.frame(in: [0x00][...]) == .incomplete(needed: 1))
        #expect(StreamFraming.rfc4571.frame(in: [][...]) == .incomplete(needed: 2))
        // Three bytes are no RTP packet: too little to call the stream RFC 4571.
        #expect(StreamFraming.detect(stream[...]) == nil)
    }

    @Test("framing detection: RFC 4571 RTP/DTLS/STUN, TURN by its STUN cookie; HTTP and TLS are neither")
    func detection() {
        func detect(_ bytes: [UInt8], turnPort: Bool = false) -> StreamFraming? {
            StreamFraming.detect(bytes[...], channelDataAllowed: turnPort)
        }
        let rtp: [UInt8] = [0x00, 0x0C, 0x80, 0x00, 0x12, 0x34, 0, 0, 0, 160, 0xDE, 0xAD, 0xBE, 0xEF]
        #expect(detect(rtp) == .rfc4571)
        let dtls: [UInt8] = [0x00, 0x20, 0x16, 0xFE, 0xFF, 0x00, 0x00]
        #expect(detect(dtls) == .rfc4571)
        let check: [UInt8] = [0x00, 0x50, 0x00, 0x01, 0x00, 0x3C, 0x21, 0x12, 0xA4, 0x42]
        #expect(detect(check) == .rfc4571)
        #expect(detect(Self.turnStream) == .turn)
        let http = Array("GET / HTTP/1.1\r\n".utf8)
        #expect(detect(http) == nil)
        // On the TURN port a stream seen from its middle may start with ChannelData.
        #expect(detect(Array(Self.turnStream.dropFirst(28)), turnPort: true) == .turn)
        let tls: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]
        #expect(detect(tls) == nil)
        #expect(detect([]) == nil)
        #expect(detect([0x00]) == nil)
    }

    // MARK: TURN over TCP

    /// An Allocate request header (RFC 8489 §5) with one 4-byte attribute, then ChannelData
    /// on channel 0x4001 with 5 bytes of data padded to 8 (RFC 8656 §12.5).
    static let turnStream: [UInt8] = [
        0x00, 0x03, 0x00, 0x08, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        0x00, 0x19, 0x00, 0x04, 0x11, 0x00, 0x00, 0x00,
        0x40, 0x01, 0x00, 0x05, 0x80, 0x60, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
    ]

    @Test("TURN over TCP: STUN by its length field, ChannelData by its length padded to 4")
    func turnFraming() {
        let stream = Self.turnStream[...]
        #expect(StreamFraming.detect(stream) == .turn)
        guard case .frame(let stun, let consumed) = StreamFraming.turn.frame(in: stream) else {
            Issue.record("no STUN frame"); return
        }
        #expect(stun.count == 28)
        #expect(consumed == 28)
        #expect(STUNMessage(stun)?.method == 0x003)
        let channel = stream.dropFirst(consumed)
        guard case .frame(let data, let consumed2) = StreamFraming.turn.frame(in: channel) else {
            Issue.record("no ChannelData frame"); return
        }
        #expect(data.count == 9)
        #expect(consumed2 == 12)
        #expect(DatagramKind(classifying: data) == .turnChannelData)
        // Until the padding has arrived the message is incomplete.
        #expect(StreamFraming.turn.frame(in: channel.prefix(10)) == .incomplete(needed: 2))
        #expect(StreamFraming.turn.frame(in: [0x80, 0x60][...]) == .malformed)
        var badCookie = Self.turnStream
        badCookie[4] = 0
        #expect(StreamFraming.turn.frame(in: badCookie[...]) == .malformed)
    }

    @Test("ChannelData: channel 0x4000–0x4FFF, data of the length field, padding only over TCP")
    func channelData() throws {
        let bytes = Self.turnStream.dropFirst(28)
        let padded = try #require(ChannelDataMessage(bytes, padded: true))
        #expect(padded.channelNumber == 0x4001)
        #expect(padded.length == 5)
        #expect(Array(padded.data) == [0x80, 0x60, 0x00, 0x01, 0x02])
        #expect(padded.bytes.count == 12)
        let unpadded = try #require(ChannelDataMessage(bytes.prefix(9), padded: false))
        #expect(unpadded.bytes.count == 9)
        #expect(ChannelDataMessage(bytes.prefix(9), padded: true) == nil)
        for length in 0..<9 {
            #expect(ChannelDataMessage(bytes.prefix(length), padded: false) == nil, "prefix \(length)")
        }
        var reserved = Array(bytes)
        reserved[0] = 0x50  // 0x5001: outside the channel range
        #expect(ChannelDataMessage(reserved[...], padded: false) == nil)
        #expect(ChannelDataMessage.framedLength(length: 0) == 4)
        #expect(ChannelDataMessage.framedLength(length: 4) == 8)
        #expect(ChannelDataMessage.framedLength(length: 5) == 12)
    }
}
