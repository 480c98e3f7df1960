import ArgumentParser
import Diagnostics
import Loopback
import Report
import ToolSupport
#if canImport(Glibc)
import Glibc
#endif

/// `rtcloop bench --leak-check N`: N peer pairs in one process, each negotiated to its outcome and torn down,
/// with the process's threads, descriptors, RSS, heap in use and live GstObjects/GstMiniObjects sampled
/// after each. After the warm-up nothing may grow.
///
/// A figure's growth is the lowest value after the second half of the connected pairs after the warm-up minus the
/// lowest value after the first half. Connected pairs only: they exercise everything (DTLS, SRTP, SCTP, decoders),
/// and a pair that timed out may leave a transient object that webrtcbin releases a moment later; a leak in any
/// pair, connected or not, stays and shows in the connected pairs after it. Lows, not single samples: GLib's thread pools keep idle threads for seconds, webrtcbin
/// releases some objects of a pair a little later, and glibc returns memory in steps, so single samples move in a
/// band; a leak moves the band's floor by one pair's worth per pair.
struct LeakCheck {
    let pairs: Int
    let warmUp: Int
    let configuration: Session.Configuration
    let tolerance: Tolerance

    /// How much a figure may grow after the warm-up and still count as no growth.
    struct Tolerance: Encodable {
        /// Threads are counted after GLib's idle pool threads are stopped (they would otherwise stay up to 15 s
        /// and make the count depend on timing: 3 to 23 were seen between pairs without it); what remains can still
        /// include a thread that is finishing. A leaked thread never ends: one per pair moves the floor by a half.
        var threads = 2
        var fileDescriptors = 0
        /// Live GstObjects and GstMiniObjects: objects GStreamer creates once on first use and keeps (static caps,
        /// class pad templates; the tracer's activity lists, unlike its leak report, do not skip GStreamer's
        /// may-be-leaked flag) add a constant of one or two when first used after the warm-up. A leak of one
        /// object per pair moves the floor by a whole half.
        var liveGstObjects = 3
        /// RSS after `malloc_trim(0)` (free memory handed back to the kernel first, so what glibc merely keeps
        /// does not count). It still climbs to a plateau without a leak: over 100 pairs with a data channel it rose
        /// from 62 to 67.9 MiB by pair 50 and stayed between 66.7 and 67.9 MiB after, while the heap in use stayed
        /// flat (pages of glibc's arenas that keep a few live chunks cannot be trimmed). Memory a leak holds shows
        /// first in the heap figure (512 KiB); this one is for memory outside malloc (mappings), where a leaked
        /// pipeline (about 5 MiB) is far above it.
        var residentAfterTrimKiB = 4096
        /// Heap in use: what the program holds; the band is webrtcbin's late releases (a few KiB) and GStreamer's
        /// caches that fill once (caps, registry lookups).
        var heapInUseKiB = 512
    }

    /// The environment the check needs, read when GStreamer and glibc's allocator start: the leaks tracer
    /// (without stack traces) and two malloc arenas (glibc otherwise grows one per thread, which is not a leak
    /// but hides one in RSS).
    static let environment: [(String, String)] = [
        ("GST_TRACERS", "leaks(stack-traces-flags=none)"),
        ("MALLOC_ARENA_MAX", "2"),
    ]

    /// Re-executes this process with ``environment`` unless it already has it. Returns only when it has it
    /// (or when re-executing failed, in which case the missing figures are reported as absent).
    static func ensureEnvironment() {
        let missing = environment.filter { getenv($0.0) == nil }
        guard !missing.isEmpty else { return }
        for (name, value) in missing { setenv(name, value, 1) }
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", &argv)
    }

    struct Row: Encodable {
        let pair: Int
        let outcome: Outcome.Kind
        let threads: Int?
        let fileDescriptors: Int?
        /// RSS as it is (glibc keeps freed memory).
        let residentKiB: Int?
        /// RSS after `malloc_trim(0)`.
        let residentAfterTrimKiB: Int?
        let heapInUseKiB: Int?
        /// GstObjects and GstMiniObjects alive now minus those alive at the end of the warm-up.
        let liveGstObjectsSinceWarmUp: Int?
    }

    struct Figure: Encodable {
        let name: String
        let baseline: Int?
        let end: Int?
        let growth: Int?
        /// `nil` for a figure shown for information only.
        let tolerance: Int?
        /// Grew by at most the tolerance; `nil` when the figure could not be measured or has no tolerance.
        let holds: Bool?

        init(name: String, baseline: Int?, end: Int?, tolerance: Int?) {
            self.name = name
            self.baseline = baseline
            self.end = end
            self.growth = end.flatMap { end in baseline.map { end - $0 } }
            self.tolerance = tolerance
            self.holds = growth.flatMap { growth in tolerance.map { growth <= $0 } }
        }
    }

    struct Result: Encodable {
        let pairs: Int
        let warmUp: Int
        /// Connected pairs after the warm-up in each half.
        let window: Int
        let rows: [Row]
        let figures: [Figure]
        /// GstObject and GstMiniObject types with more live instances than at the end of the warm-up.
        let grownTypes: [String: Int]
        /// Pairs whose outcome was not `connected` (on a loaded machine, media may miss the grace period);
        /// they are torn down like the others and count for the figures.
        let notConnected: Int
        /// Every figure with a tolerance was measured and holds.
        let holds: Bool
    }

    func run(progress: (String) -> Void) -> Result {
        var rows: [Row] = []
        var tracker: GstObjectTracker?
        for index in 0..<pairs {
            let result = Session(configuration: configuration).run()
            ResourceProbe.stopUnusedThreads()
            let sample = ResourceProbe.sample()
            ResourceProbe.releaseFreeMemory()
            let trimmed = ResourceProbe.residentKiB()
            let gst = tracker.map { $0.liveSinceStart().values.reduce(0, +) }
            let row = Row(pair: index + 1, outcome: result.outcome.kind, threads: sample.threads,
                          fileDescriptors: sample.fileDescriptors, residentKiB: sample.residentKiB, residentAfterTrimKiB: trimmed, heapInUseKiB: sample.heapInUseKiB,
                          liveGstObjectsSinceWarmUp: gst)
            rows.append(row)
            progress("pair \(index + 1)/\(pairs): \(row.outcome.rawValue), threads \(Self.text(row.threads)), fds \(Self.text(row.fileDescriptors)), "
                + "RSS \(Self.text(row.residentKiB)) KiB (\(Self.text(trimmed)) KiB trimmed), heap \(Self.text(row.heapInUseKiB)) KiB, Gst objects since warm-up \(Self.text(gst))")
            if index + 1 == warmUp { tracker = GstObjectTracker() }
        }
        let grown = (tracker?.liveSinceStart() ?? [:]).filter { $0.value > 0 }
        let measured = Array(rows.dropFirst(warmUp).filter { $0.outcome == .connected })
        let window = measured.count / 2
        func figure(_ name: String, _ value: (Row) -> Int?, tolerance: Int?) -> Figure {
            guard window > 0 else { return Figure(name: name, baseline: nil, end: nil, tolerance: tolerance) }
            return Figure(name: name, baseline: measured.prefix(window).compactMap(value).min(),
                   end: measured.suffix(window).compactMap(value).min(), tolerance: tolerance)
        }
        let figures = [
            figure("threads", \.threads, tolerance: tolerance.threads),
            figure("file descriptors", \.fileDescriptors, tolerance: tolerance.fileDescriptors),
            figure("RSS (KiB)", \.residentKiB, tolerance: nil),
            figure("RSS after malloc_trim (KiB)", \.residentAfterTrimKiB, tolerance: tolerance.residentAfterTrimKiB),
            figure("heap in use (KiB)", \.heapInUseKiB, tolerance: tolerance.heapInUseKiB),
            // Counted from the end of the warm-up (zero then).
            figure("live GstObjects + GstMiniObjects", \.liveGstObjectsSinceWarmUp, tolerance: tolerance.liveGstObjects),
        ]
        let notConnected = rows.filter { $0.outcome != .connected }.count
        return Result(pairs: pairs, warmUp: warmUp, window: window, rows: rows, figures: figures, grownTypes: grown,
                      notConnected: notConnected, holds: figures.allSatisfy { $0.tolerance == nil || $0.holds == true })
    }

    static func text(_ value: Int?) -> String { value.map(String.init) ?? "-" }

    /// The table printed by `rtcloop bench --leak-check`.
    static func table(_ result: Result) -> String {
        var lines = ["leak check: \(result.pairs) peer pairs in one process, warm-up \(result.warmUp), "
            + "growth = lowest of the last \(result.window) minus lowest of the first \(result.window) connected pairs after the warm-up", ""]
        let header = ["figure", "after warm-up", "at the end", "growth", "tolerance", "verdict"]
        var cells: [[String]] = [header]
        for figure in result.figures {
            let verdict = figure.tolerance == nil ? "information" : figure.holds.map { $0 ? "no growth" : "GROWS" } ?? "not measured"
            cells.append([figure.name, text(figure.baseline), text(figure.end), text(figure.growth), text(figure.tolerance), verdict])
        }
        let widths = header.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        for (index, row) in cells.enumerated() {
            lines.append(row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        if !result.grownTypes.isEmpty {
            lines.append("")
            lines.append("types with more live instances than after the warm-up:")
            for (type, count) in result.grownTypes.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(20) {
                lines.append("  +\(count) \(type)")
            }
        }
        lines.append("")
        lines.append("pairs not connected: \(result.notConnected)")
        lines.append(result.holds ? "leak check holds" : "leak check FAILS")
        return lines.joined(separator: "\n") + "\n"
    }
}
