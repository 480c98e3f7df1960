import Capture
import Foundation
import Testing
import Wire

/// RTP stream statistics against tshark's `-z rtp,streams` on real captures, and against
/// RFC 3550 A.3 computed here from tshark's per-packet fields where tshark is wrong.
@Suite("RTP streams vs tshark")
struct RTPStreamParityTests {
    static let captures = [
        "pcmu-rtcp.pcapng", "pcmu-impaired.pcap", "pcmu-impaired-ns.pcap", "pcmu-impaired-ns-be.pcap",
        "pcmu-impaired-rawip4.pcap", "vp8-sll2.pcapng", "vp8-sll.pcap", "pcmu-ipv6.pcap", "mixed-interfaces.pcapng",
    ]

    @Test("per-stream packets, Wireshark lost, deltas and jitter equal tshark's", arguments: captures)
    func matchesTshark(_ name: String) throws {
        let file = Oracle.fixture(name)
        let expected = try Oracle.rtpStreams(file)
        #expect(!expected.isEmpty, "tshark found no RTP stream in \(name)")
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        #expect(report.error == nil)
        #expect(report.streams.count == expected.count)
        for row in expected {
            let stream = try #require(report.streams.first { s in
                s.ssrc == String(format: "0x%08X", row.ssrc) && s.source.hasSuffix(":\(row.sourcePort)")
                    && s.destination.hasSuffix(":\(row.destinationPort)")
            }, "no stream for SSRC \(row.ssrc) in \(name)")
            #expect(stream.packets == row.packets)
            #expect(stream.wiresharkLost == row.lost)
            // tshark prints three decimals.
            #expect(abs(stream.minDeltaMs - row.minDelta) < 0.0015, "min delta \(stream.minDeltaMs) vs \(row.minDelta)")
            #expect(abs(stream.meanDeltaMs - row.meanDelta) < 0.0015, "mean delta \(stream.meanDeltaMs) vs \(row.meanDelta)")
            #expect(abs(stream.maxDeltaMs - row.maxDelta) < 0.0015, "max delta \(stream.maxDeltaMs) vs \(row.maxDelta)")
            #expect(abs(stream.minJitterMs - row.minJitter) < 0.0015, "min jitter \(stream.minJitterMs) vs \(row.minJitter)")
            #expect(abs(stream.meanJitterMs - row.meanJitter) < 0.0015, "mean jitter \(stream.meanJitterMs) vs \(row.meanJitter)")
            #expect(abs(stream.maxJitterMs - row.maxJitter) < 0.0015, "max jitter \(stream.maxJitterMs) vs \(row.maxJitter)")
        }
    }

    @Test("lost and sequence errors equal RFC 3550 A.3 computed from tshark's per-packet sequence numbers", arguments: captures)
    func lossFromPerPacketFields(_ name: String) throws {
        let file = Oracle.fixture(name)
        let rows = try Oracle.fields(file, ["rtp.ssrc", "rtp.seq"], filter: "rtp")
        var bySSRC: [String: [Int]] = [:]
        for row in rows where row.count == 2 { bySSRC[row[0], default: []].append(Int(row[1]) ?? -1) }
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        for (ssrcText, sequences) in bySSRC {
            let ssrc = try #require(UInt32(ssrcText.dropFirst(2), radix: 16))
            // Unwrap each sequence number to the candidate nearest the highest so far (A.1 without probation).
            var highest = sequences[0], lowest = sequences[0]
            var unwrapped: [Int] = []
            for s in sequences {
                let base = highest - (highest & 0xFFFF)
                let candidates = [base - 65536 + s, base + s, base + 65536 + s]
                let nearest = candidates.min { abs($0 - highest) < abs($1 - highest) } ?? s
                unwrapped.append(nearest)
                highest = max(highest, nearest)
                lowest = min(lowest, nearest)
            }
            let expectedCount = highest - sequences[0] + 1
            let truthLost = expectedCount - sequences.count
            let outOfOrder = zip(unwrapped.dropFirst(), unwrapped.indices.dropFirst()).filter { value, index in
                value < unwrapped[..<index].max()! && !unwrapped[..<index].contains(value)
            }.count
            let stream = try #require(report.streams.first { $0.ssrc == String(format: "0x%08X", ssrc) })
            #expect(stream.expected == expectedCount, "\(name) \(ssrcText)")
            #expect(stream.lost == truthLost, "\(name) \(ssrcText)")
            #expect(stream.outOfOrder == outOfOrder, "\(name) \(ssrcText)")
            _ = lowest
        }
    }
}
