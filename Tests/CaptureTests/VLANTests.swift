import Capture
import Testing
import Wire

/// 802.1Q and QinQ (802.1ad) tagged frames: the real PCMU capture with loss and reordering
/// sent again with tags through a veth pair and captured on its peer end
/// (scripts/captures/make-vlan-fixture), with tshark as the oracle.
@Suite("VLAN-tagged frames")
struct VLANTests {
    static let tagged = Oracle.fixture("pcmu-vlan.pcapng")

    @Test("each frame's VLAN ids, outermost first, equal tshark's 802.1ad and 802.1Q ids")
    func tagsEqualTshark() throws {
        let rows = try Oracle.fields(Self.tagged, ["frame.number", "ieee8021ad.id", "vlan.id"])
        var expected: [Int: [UInt16]] = [:]
        for row in rows where row.count == 3 {
            guard let frame = Int(row[0]) else { continue }
            expected[frame] = [row[1], row[2]].filter { !$0.isEmpty }.compactMap { UInt16($0) }
        }
        #expect(Set(expected.values) == [[100], [200, 100]], "the fixture holds single-tagged and QinQ frames")
        let reader = try CaptureReader(path: Self.tagged)
        var seen = 0
        while let packet = try reader.next() {
            let link = try #require(LinkLayer.decode(packet.data, linkType: packet.linkType))
            #expect(link.vlanIDs == expected[packet.frame], "frame \(packet.frame)")
            #expect(link.etherType == EtherType.ipv4)
            seen += 1
        }
        #expect(seen == expected.count)
    }

    @Test("the tagged capture's stream counts the same packets, loss and reordering as the untagged original")
    func sameStreamAsUntagged() throws {
        let tagged = try CaptureAnalyzer.analyze(path: Self.tagged, options: AnalysisOptions())
        let original = try CaptureAnalyzer.analyze(path: Oracle.fixture("pcmu-impaired.pcap"), options: AnalysisOptions())
        #expect(tagged.error == nil && tagged.findings.allSatisfy { $0.id.hasPrefix("RTP-") })
        let stream = try #require(tagged.streams.first)
        let source = try #require(original.streams.first)
        #expect(tagged.streams.count == 1)
        #expect(stream.ssrc == source.ssrc)
        #expect((stream.packets, stream.expected, stream.lost, stream.duplicates, stream.outOfOrder, stream.sequenceErrors)
            == (source.packets, source.expected, source.lost, source.duplicates, source.outOfOrder, source.sequenceErrors))
    }
}
