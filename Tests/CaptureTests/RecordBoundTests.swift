import Capture
import Diagnostics
import Testing

/// The records a report lists (RTCP, STUN, `--packets`) are bounded; what is beyond the bound is
/// counted in a CAP-022 finding, never dropped silently, and the statistics still see every packet.
@Suite("record bounds")
struct RecordBoundTests {
    @Test("a small record limit on a real WebRTC capture: the first records kept, the rest counted from the right frame, statistics unchanged")
    func limitedRecords() throws {
        let file = Oracle.fixture("webrtc.pcapng")
        var options = AnalysisOptions()
        options.keepPackets = true
        let full = try CaptureAnalyzer.analyze(path: file, options: options)
        #expect(!full.findings.contains { $0.id == "CAP-022" })
        let limit = 5
        #expect(full.rtcp.count > limit && full.stun.count > limit && (full.packets?.count ?? 0) > limit)
        options.recordLimit = limit
        let limited = try CaptureAnalyzer.analyze(path: file, options: options)
        #expect(limited.rtcp.map(\.frame) == full.rtcp.prefix(limit).map(\.frame))
        #expect(limited.stun.map(\.frame) == full.stun.prefix(limit).map(\.frame))
        #expect(limited.packets?.map(\.frame) == full.packets?.prefix(limit).map(\.frame))
        let bounds = limited.findings.filter { $0.id == "CAP-022" }
        #expect(bounds.count == 3)
        let kinds: [(name: String, frames: [Int])] = [
            ("RTCP", full.rtcp.map(\.frame)), ("STUN", full.stun.map(\.frame)), ("per-packet", full.packets?.map(\.frame) ?? []),
        ]
        for (kind, all) in kinds {
            let finding = try #require(bounds.first { $0.message.contains(" \(kind) record(s)") }, "\(kind)")
            #expect(finding.message.hasPrefix("\(all.count - limit) \(kind)"), "\(finding.message)")
            #expect(finding.locations == [.frame(file: file, frame: all[limit])])
        }
        // Statistics and the check table see every packet.
        #expect(limited.streams.map(\.packets) == full.streams.map(\.packets))
        #expect(limited.iceChecks.map(\.requests) == full.iceChecks.map(\.requests))
    }
}
