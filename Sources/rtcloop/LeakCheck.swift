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
/// A figure's growth is the lowest value of the last ``window`` pairs minus the lowest value of the first
/// ``window`` pairs after the warm-up. Lows, not single samples: webrtcbin releases some objects of a pair
/// (DTLS connections, a data channel's SCTP association) a few pairs later, and glibc returns memory in steps,
/// so single samples move in a band; a leak moves the band's floor by one pair's worth per pair.
struct LeakCheck {
    let pairs: Int
    let warmUp: Int
    let configuration: Session.Configuration
    let tolerance: Tolerance

    /// How much a figure may grow after the warm-up and still count as no growth.
    struct Tolerance: Encodable {
        var threads = 0
        var fileDescriptors = 0
        var liveGstObjects = 0
        /// RSS: glibc keeps freed memory in its arenas and trims it in steps; fragmentation moves the floor a
        /// little without a leak. What one leaked pair would add is far more than this over 100 pairs (a pair
        /// allocates about 5 MiB; leaking 1 % of it over 90 pairs is 4.5 MiB).
        var residentKiB = 2048
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
        let residentKiB: Int?
        let heapInUseKiB: Int?
        /// GstObjects and GstMiniObjects alive now minus those alive at the end of the warm-up.
        let liveGstObjectsSinceWarmUp: Int?
    }

    struct Figure: Encodable {
        let name: String
        let baseline: Int?
        let end: Int?
        let growth: Int?
        let tolerance: Int
        /// Grew by at most the tolerance; `nil` when the figure could not be measured.
        let holds: Bool?

        init(name: String, baseline: Int?, end: Int?, tolerance: Int) {
            self.name = name
            self.baseline = baseline
            self.end = end
            self.growth = end.flatMap { end in baseline.map { end - $0 } }
            self.tolerance = tolerance
            self.holds = growth.map { $0 <= tolerance }
        }
    }

    struct Result: Encodable {
        let pairs: Int
        let warmUp: Int
        let window: Int
        let rows: [Row]
        let figures: [Figure]
        /// GstObject and GstMiniObject types with more live instances than at the end of the warm-up.
        let grownTypes: [String: Int]
        /// Pairs whose outcome was not `connected` (on a loaded machine, media may miss the grace period);
        /// they are torn down like the others and count for the figures.
        let notConnected: Int
        /// Every measured figure holds.
        let holds: Bool
    }

    /// Samples taken per figure at each end of the post-warm-up run.
    var window: Int { max(1, min(10, (pairs - warmUp) / 4)) }

    func run(progress: (String) -> Void) -> Result {
        var rows: [Row] = []
        var tracker: GstObjectTracker?
        for index in 0..<pairs {
            let result = Session(configuration: configuration).run()
            let sample = ResourceProbe.sample()
            let gst = tracker.map { $0.liveSinceStart().values.reduce(0, +) }
            let row = Row(pair: index + 1, outcome: result.outcome.kind, threads: sample.threads,
                          fileDescriptors: sample.fileDescriptors, residentKiB: sample.residentKiB, heapInUseKiB: sample.heapInUseKiB,
                          liveGstObjectsSinceWarmUp: gst)
            rows.append(row)
            progress("pair \(index + 1)/\(pairs): \(row.outcome.rawValue), threads \(Self.text(row.threads)), fds \(Self.text(row.fileDescriptors)), "
                + "RSS \(Self.text(row.residentKiB)) KiB, heap \(Self.text(row.heapInUseKiB)) KiB, Gst objects since warm-up \(Self.text(gst))")
            if index + 1 == warmUp { tracker = GstObjectTracker() }
        }
        let grown = (tracker?.liveSinceStart() ?? [:]).filter { $0.value > 0 }
        let measured = Array(rows.dropFirst(warmUp))
        func figure(_ name: String, _ value: (Row) -> Int?, tolerance: Int, baseline fixed: Int? = nil) -> Figure {
            let first = measured.prefix(window).compactMap(value).min()
            let last = measured.suffix(window).compactMap(value).min()
            let baseline = fixed ?? first
            return Figure(name: name, baseline: baseline, end: last, tolerance: tolerance)
        }
        let figures = [
            figure("threads", \.threads, tolerance: tolerance.threads),
            figure("file descriptors", \.fileDescriptors, tolerance: tolerance.fileDescriptors),
            figure("RSS (KiB)", \.residentKiB, tolerance: tolerance.residentKiB),
            figure("heap in use (KiB)", \.heapInUseKiB, tolerance: tolerance.heapInUseKiB),
            // Counted from the end of the warm-up: the baseline is zero by construction.
            figure("live GstObjects + GstMiniObjects", \.liveGstObjectsSinceWarmUp, tolerance: tolerance.liveGstObjects,
                   baseline: tracker == nil ? nil : 0),
        ]
        let notConnected = rows.filter { $0.outcome != .connected }.count
        return Result(pairs: pairs, warmUp: warmUp, window: window, rows: rows, figures: figures, grownTypes: grown,
                      notConnected: notConnected, holds: figures.allSatisfy { $0.holds != false })
    }

    static func text(_ value: Int?) -> String { value.map(String.init) ?? "-" }

    /// The table printed by `rtcloop bench --leak-check`.
    static func table(_ result: Result) -> String {
        var lines = ["leak check: \(result.pairs) peer pairs in one process, warm-up \(result.warmUp), "
            + "growth = lowest of the last \(result.window) minus lowest of the first \(result.window) after the warm-up", ""]
        let header = ["figure", "after warm-up", "at the end", "growth", "tolerance", "verdict"]
        var cells: [[String]] = [header]
        for figure in result.figures {
            cells.append([figure.name, text(figure.baseline), text(figure.end), text(figure.growth), String(figure.tolerance),
                          figure.holds.map { $0 ? "no growth" : "GROWS" } ?? "not measured"])
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
