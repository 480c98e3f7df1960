import Capture
import Foundation
import Testing

/// RTT per report block at the capture point (RFC 3550 §6.4.1 with the SR's capture time in
/// place of LSR), against tshark's `rtcp.roundtrip-delay`, against the arithmetic on tshark's
/// own decoding of the packets, and against the impairments the fixture was made with.
@Suite("RTCP round-trip time")
struct RTCPRoundTripTests {
    /// scripts/captures/make-rtt-fixture: SR/RR on one 5-tuple both ways, RRs held 20–40 ms
    /// by the reporter after stamping DLSR, SRs held 80–120 ms by the sender after stamping NTP.
    static let rttCapture = Oracle.fixture("pcmu-rtcp-rtt.pcapng")

    struct Block: CustomStringConvertible {
        let frame: Int, lsr: UInt32, roundTripMs: Double?, srFrame: Int?
        var description: String { "#\(frame) LSR \(lsr): \(roundTripMs.map { "\($0) ms" } ?? "–")" }
    }

    static func blocks(_ report: CaptureReport) -> [Block] {
        report.rtcp.flatMap { r in
            r.packets.flatMap { p in (p.reports ?? []).map { Block(frame: r.frame, lsr: $0.lastSR, roundTripMs: $0.roundTripMs, srFrame: $0.lastSRFrame) } }
        }
    }

    @Test("pairs each report block with the SR tshark pairs it with (rtcp.lsr-frame); RTT within tshark's whole-ms arithmetic of rtcp.roundtrip-delay")
    func matchesTshark() throws {
        let rows = try Oracle.fields(Self.rttCapture, ["frame.number", "rtcp.roundtrip-delay", "rtcp.lsr-frame"], filter: "rtcp.roundtrip-delay",
                                     extra: ["-o", "rtcp.show_roundtrip_calculation:TRUE"])
        let report = try CaptureAnalyzer.analyze(path: Self.rttCapture, options: AnalysisOptions())
        let blocks = Self.blocks(report)
        #expect(rows.count >= 8, "the fixture has RRs after SRs")
        for row in rows {
            let frame = try #require(Int(row[0])), tshark = try #require(Double(row[1]))
            let mine = blocks.filter { $0.frame == frame }
            try #require(mine.count == 1, "frame \(frame)")
            let rtt = try #require(mine[0].roundTripMs, "frame \(frame)")
            #expect(mine[0].srFrame == Int(row[2]), "frame \(frame): SR #\(mine[0].srFrame ?? -1), tshark #\(row[2])")
            // tshark works in whole ms: the gap's seconds and nanoseconds parts each truncated
            // (toward zero, so a gap across a second boundary rounds up) and DLSR truncated;
            // its delay is within 2 ms of the exact value.
            #expect(abs(rtt - tshark) < 2.0, "frame \(frame): \(rtt) ms, tshark \(tshark) ms")
        }
        // And no RTT where tshark has none (LSR 0 before the first SR arrived).
        let paired = Set(rows.compactMap { Int($0[0]) })
        for block in blocks where !paired.contains(block.frame) { #expect(block.roundTripMs == nil, "\(block)") }
    }

    @Test("equals (report time − SR time − DLSR) computed from tshark's decoding of the same frames",
          arguments: ["pcmu-rtcp-rtt.pcapng", "pcmu-rtcp.pcapng"])
    func handComputation(_ name: String) throws {
        let file = Oracle.fixture(name)
        let rows = try Oracle.fields(file, ["frame.number", "frame.time_relative", "rtcp.pt", "rtcp.senderssrc",
                                            "rtcp.timestamp.ntp.msw", "rtcp.timestamp.ntp.lsw", "rtcp.ssrc.identifier",
                                            "rtcp.ssrc.lsr", "rtcp.ssrc.dlsr"], filter: "rtcp")
        // The SRs by (sender SSRC, middle 32 bits of their NTP timestamp).
        var srTime: [String: Double] = [:]
        var expected: [Int: Double] = [:]
        for row in rows {
            let time = try #require(Double(row[1]))
            // Report blocks first (they refer to earlier SRs), with the block's SSRC as the SR's sender.
            let lsrs = row[7].split(separator: ",").compactMap { UInt32($0) }
            let dlsrs = row[8].split(separator: ",").compactMap { UInt32($0) }
            let ids = row[6].split(separator: ",").map { $0.lowercased() }
            for (i, (lsr, dlsr)) in zip(lsrs, dlsrs).enumerated() where lsr != 0 {
                if let sent = srTime["\(ids[i]) \(lsr)"] { expected[Int(row[0]) ?? 0] = (time - sent - Double(dlsr) / 65536) * 1000 }
            }
            if row[2].split(separator: ",").first == "200", let msw = UInt32(row[4]), let lsw = UInt32(row[5]) {
                let middle = (msw & 0xFFFF) << 16 | lsw >> 16
                srTime["\(row[3].lowercased()) \(middle)"] = time
            }
        }
        #expect(!expected.isEmpty)
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        let computed = Self.blocks(report).filter { $0.roundTripMs != nil }
        #expect(computed.map(\.frame).sorted() == expected.keys.sorted())
        for block in computed {
            let hand = try #require(expected[block.frame])
            // frame.time_relative is printed to the nanosecond.
            #expect(abs((block.roundTripMs ?? .nan) - hand) < 1e-5, "\(block): by hand \(hand) ms")
        }
    }

    @Test("measures the capture point ⇄ reporter round trip: the reporter's 20–40 ms hold counts, the sender's 80–120 ms does not")
    func whatIsMeasured() throws {
        let report = try CaptureAnalyzer.analyze(path: Self.rttCapture, options: AnalysisOptions())
        let rtts = Self.blocks(report).compactMap(\.roundTripMs)
        #expect(rtts.count >= 8)
        // GStreamer's netsim holds each RR 20–40 ms after DLSR is stamped; loopback and scheduling add a little.
        for rtt in rtts { #expect(rtt >= 19.5 && rtt < 60, "\(rtt) ms") }
        #expect((rtts.max() ?? 0) - (rtts.min() ?? 0) > 5, "the random hold shows: \(rtts)")
    }

    @Test("SRTCP: report blocks are encrypted, so no RTT")
    func srtcp() throws {
        let report = try CaptureAnalyzer.analyze(path: Oracle.fixture("webrtc.pcapng"), options: AnalysisOptions())
        #expect(!report.rtcp.isEmpty && report.rtcp.allSatisfy(\.encrypted))
        #expect(Self.blocks(report).allSatisfy { $0.roundTripMs == nil })
        #expect(RTCPRoundTrip.samples(report).isEmpty)
    }
}
