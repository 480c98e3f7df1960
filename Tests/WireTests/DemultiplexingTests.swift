import Testing
import Wire

@Suite("RFC 7983 demultiplexing")
struct DemultiplexingTests {
    @Test("first-byte ranges and RFC 5761 RTCP packet types")
    func ranges() {
        func kind(_ bytes: [UInt8]) -> DatagramKind { DatagramKind(classifying: bytes[...]) }
        #expect(kind([0x00, 0x01]) == .stun)
        #expect(kind([0x03, 0x00]) == .stun)
        #expect(kind([0x10]) == .zrtp)
        #expect(kind([0x16, 0xFE, 0xFD]) == .dtls)
        #expect(kind([0x3F]) == .dtls)
        #expect(kind([0x40, 0x00]) == .turnChannelData)
        #expect(kind([0x80, 0x60]) == .rtp)
        #expect(kind([0x80, 0xE0]) == .rtp)    // marker + PT 96
        #expect(kind([0x80, 0xC8]) == .rtcp)   // SR
        #expect(kind([0x81, 0xDF]) == .rtcp)   // 223
        #expect(kind([0x80, 0xBF]) == .rtp)    // marker + PT 63
        #expect(kind([0xC0, 0x00]) == .unknown)
        #expect(kind([]) == .unknown)
        #expect(kind([0x80]) == .unknown)
    }
}
