import Testing
import Wire

@Suite("CRC-32 and address text")
struct ChecksumAndAddressTests {
    @Test("CRC-32 check value of the catalogue of parametrised CRCs (CRC-32/ISO-HDLC): \"123456789\" → 0xCBF43926")
    func crcCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("IPv6 text per RFC 5952 §4 (longest zero run compressed, first on a tie, lower case, no single-group ::)")
    func ipv6Text() {
        #expect(IPAddress.v6(0, 1).description == "::1")
        #expect(IPAddress.v6(0x2001_0DB8_0000_0000, 0x0000_0000_0000_0001).description == "2001:db8::1")
        #expect(IPAddress.v6(0x2001_0DB8_0000_0001, 0x0001_0001_0001_0001).description == "2001:db8:0:1:1:1:1:1")
        #expect(IPAddress.v6(0x2001_0000_0000_0001, 0x0000_0000_0000_0001).description == "2001:0:0:1::1")
        #expect(IPAddress.v6(0x2001_0DB8_0000_0000, 0x0001_0000_0000_0001).description == "2001:db8::1:0:0:1")
        #expect(IPAddress.v6(0, 0).description == "::")
        #expect(IPAddress.v4(0x7F00_0001).description == "127.0.0.1")
    }

    @Test("short inputs give nil, never a trap")
    func shortInputs() {
        let empty: ArraySlice<UInt8> = []
        #expect(IPPacket(empty) == nil)
        #expect(UDPDatagram(empty) == nil)
        #expect(RTPPacket(empty) == nil)
        #expect(RTCPCompound.decode(empty) == nil)
        #expect(STUNMessage(empty) == nil)
        #expect(DTLSRecord.records(in: empty).records.isEmpty)
        for link in LinkType.supported { #expect(LinkLayer.decode(empty, linkType: link) == nil) }
        // An RTP header claiming 15 CSRCs and an extension in 12 bytes.
        let lying: [UInt8] = [0x9F, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]
        #expect(RTPPacket(lying[...]) == nil)
        // Padding count larger than the packet.
        let padding: [UInt8] = [0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xFF]
        #expect(RTPPacket(padding[...]) == nil)
    }
}
