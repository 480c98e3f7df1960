@testable import Capture
import Diagnostics
import Foundation
import Testing
import Wire

/// The bounds on what one capture tracks, exercised with small bounds on real captures: what
/// goes past a bound is counted (and said in a finding), what stays within is unchanged.
@Suite("Bounds on flows, streams and fragments")
struct BoundsTests {
    static func analyze(_ name: String, flows: FlowTable) throws -> CaptureReport {
        let path = Oracle.fixture(name)
        let analyzer = try CaptureAnalyzer(file: path, options: AnalysisOptions())
        analyzer.flows = flows
        return try CaptureAnalyzer.analyze(path: path, options: AnalysisOptions(), analyzer: analyzer)
    }

    @Test("flows past the bound are counted, not tracked: CAP-020 gives their packets and the first frame",
          arguments: ["webrtc.pcapng", "mixed-interfaces.pcapng"])
    func flowBound(_ name: String) throws {
        let whole = try Self.analyze(name, flows: FlowTable())
        #expect(whole.findings.allSatisfy { $0.rule.id != "CAP-020" })
        let ordered = whole.flows.sorted { $0.firstFrame < $1.firstFrame }
        try #require(ordered.count >= 2, "\(name) needs two flows")
        let bounded = try Self.analyze(name, flows: FlowTable(maximumFlows: 1))
        #expect(bounded.flows.count == 1)
        #expect(bounded.flows.first?.firstFrame == ordered[0].firstFrame)
        #expect(bounded.flows.first?.packets == ordered[0].packets)
        let finding = try #require(bounded.findings.first { $0.rule.id == "CAP-020" })
        let untracked = ordered.dropFirst().reduce(0) { $0 + $1.packets }
        #expect(finding.message.hasPrefix("\(untracked) packet(s) belong to flows beyond the 1 tracked"), "\(finding.message)")
        #expect(finding.locations.first == .frame(file: Oracle.fixture(name), frame: ordered[1].firstFrame))
    }

    @Test("streams past the bound get no statistics: CAP-021 gives their packets; flows still count them",
          arguments: ["webrtc.pcapng", "mixed-interfaces.pcapng"])
    func streamBound(_ name: String) throws {
        let whole = try Self.analyze(name, flows: FlowTable())
        #expect(whole.findings.allSatisfy { $0.rule.id != "CAP-021" })
        let streams = whole.streams  // ordered by first frame
        try #require(streams.count >= 2, "\(name) needs two RTP streams")
        let bounded = try Self.analyze(name, flows: FlowTable(maximumStreams: 1))
        #expect(bounded.streams.count == 1)
        #expect(bounded.streams.first?.ssrc == streams[0].ssrc)
        #expect(bounded.streams.first?.packets == streams[0].packets)
        #expect(bounded.flows.map(\.packets) == whole.flows.map(\.packets))
        let finding = try #require(bounded.findings.first { $0.rule.id == "CAP-021" })
        let untracked = streams.dropFirst().reduce(0) { $0 + $1.packets }
        #expect(finding.message.hasPrefix("\(untracked) RTP packet(s) belong to streams beyond the 1 tracked"), "\(finding.message)")
        let firstUntracked = try #require(streams.dropFirst().map(\.firstFrame).min())
        #expect(finding.locations.first == .frame(file: Oracle.fixture(name), frame: firstUntracked))
    }

    /// The IP packets of a capture, as the analyzer hands them to the reassembler.
    static func ipPackets(_ name: String) throws -> [(ip: IPPacket, frame: Int, time: Timestamp)] {
        let reader = try CaptureReader(path: Oracle.fixture(name))
        var out: [(IPPacket, Int, Timestamp)] = []
        while let packet = try reader.next() {
            guard let link = LinkLayer.decode(packet.data, linkType: packet.linkType),
                  let ip = IPPacket(link.payload) else { continue }
            out.append((ip, packet.frame, packet.timestamp))
        }
        return out
    }

    static func reassemble(_ packets: [(ip: IPPacket, frame: Int, time: Timestamp)],
                           _ reassembler: inout FragmentReassembler) -> (completed: Int, maximumPending: Int) {
        var completed = 0
        var maximumPending = 0
        for p in packets {
            guard let fragment = p.ip.fragment else { continue }
            if reassembler.add(p.ip, fragment: fragment, frame: p.frame, time: p.time) != nil { completed += 1 }
            maximumPending = max(maximumPending, reassembler.pendingCount)
        }
        reassembler.finish()
        return (completed, maximumPending)
    }

    @Test("fragments: tshark's reassembled count by default; the piece, size and pending bounds give datagrams up, counted")
    func fragmentBounds() throws {
        let name = "vp8-fragmented.pcapng"
        let packets = try Self.ipPackets(name)
        // tshark reassembles a datagram at its last fragment (MF / M clear, offset > 0); IPv4 and IPv6.
        let lastFragments = try Oracle.fields(Oracle.fixture(name), ["frame.number"], filter:
            "(ip.flags.mf == 0 && ip.frag_offset > 0) || (ipv6.fraghdr.more == 0 && ipv6.fraghdr.offset > 0)").count
        #expect(lastFragments > 0)

        var unbounded = FragmentReassembler()
        let all = Self.reassemble(packets, &unbounded)
        #expect(all.completed == lastFragments)
        #expect(unbounded.abandoned == 0)

        // Every datagram has at least two pieces: one piece each gives every one up (a later
        // fragment of a datagram given up starts a new attempt, given up too: counted again).
        var onePiece = FragmentReassembler(maximumPieces: 1)
        let none = Self.reassemble(packets, &onePiece)
        #expect(none.completed == 0)
        #expect(onePiece.abandoned >= lastFragments)

        // Datagrams larger than the size bound are given up, smaller ones still complete.
        var small = FragmentReassembler(maximumSize: 1000)
        let some = Self.reassemble(packets, &small)
        #expect(some.completed + small.abandoned >= lastFragments)
        #expect(small.abandoned > 0)

        // One pending datagram at a time (in the capture or per address pair) never holds more.
        for var bounded in [FragmentReassembler(maximumDatagrams: 1), FragmentReassembler(maximumPerPair: 1)] {
            let result = Self.reassemble(packets, &bounded)
            #expect(result.maximumPending <= 1)
            #expect(result.completed + bounded.abandoned >= lastFragments)
        }
    }
}
