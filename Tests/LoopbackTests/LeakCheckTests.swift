import Dispatch
import Foundation
import Testing

/// `rtcloop bench --leak-check`: many peer pairs created and torn down in one process leave nothing behind.
///
/// Runs the built executable (the check needs GStreamer's leaks tracer, which is chosen when GStreamer starts,
/// so it cannot run inside this test process). Deliberate leaks of one GstCaps per peer, 64 KiB of heap per
/// peer, or a whole pipeline were each flagged by this check when tried (not committed).
@Suite("leak check", .serialized)
struct LeakCheckTests {
    @Test("30 pairs with audio, video and a data channel: no growth in threads, fds, heap, trimmed RSS or live GStreamer objects after 10")
    func thirtyPairs() throws {
        let run = try RTCLoopRun(["bench", "--leak-check", "30", "--warm-up", "10", "--datachannel", "--format", "json"],
                                 limit: .seconds(600))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
                                    "no JSON: status \(run.status)")
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(rows.count == 30)
        // The pairs really ran to media: a third at least reached `connected` (on a machine loaded by the other
        // suites some miss the media grace period; they are torn down the same way).
        let connected = rows.filter { $0["outcome"] as? String == "connected" }.count
        #expect(connected >= 10, "only \(connected) of 30 pairs connected")
        let figures = try #require(document["figures"] as? [[String: Any]])
        let names = figures.compactMap { $0["name"] as? String }
        #expect(names == ["threads", "file descriptors", "RSS (KiB)", "RSS after malloc_trim (KiB)", "heap in use (KiB)",
                          "live GstObjects + GstMiniObjects"])
        // Raw RSS is shown for information (glibc keeps freed memory); every other figure has a tolerance.
        for figure in figures where figure["name"] as? String != "RSS (KiB)" {
            let name = figure["name"] as? String ?? "?"
            // Every figure was measured (the tracer was active, /proc and mallinfo2 were read) ...
            let growth = try #require(figure["growth"] as? Int, "\(name) not measured")
            let tolerance = try #require(figure["tolerance"] as? Int)
            // ... and stayed within its tolerance.
            #expect(growth <= tolerance, "\(name) grew by \(growth) (tolerance \(tolerance)); types: \(document["grownTypes"] ?? [:])")
        }
        // The tracer saw the pairs: a GStreamer object count after the warm-up is present for every later pair.
        #expect(rows.dropFirst(10).allSatisfy { $0["liveGstObjectsSinceWarmUp"] is Int })
        #expect(document["holds"] as? Bool == true)
        #expect(run.status == (connected == 30 ? 0 : 1))
    }
}
