import ArgumentParser
import Diagnostics
import Loopback
import Report
import ToolSupport

/// `rtcloop bench`: many cases in one process, for the README figures (a benchmark, not a test).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run many plain cases in one process: time to first decoded frame, time to connected, RSS.",
        discussion: """
        The first case pays for the DTLS certificate (generated once per process); the figures after it \
        are the warm ones. Set MALLOC_ARENA_MAX=2 to keep glibc from growing one arena per thread.

        RSS: the process grows for its first 20-odd cases (glibc arenas, GStreamer plugin and type \
        registration, thread stacks, DTLS connections webrtcbin releases a few cases later) and then stays \
        in a band without a trend. --warm-up sets how many cases count as warm-up; \
        rssGrowthAfterWarmUpKiB is the RSS at the end minus the RSS after the warm-up.

        --leak-check N runs N peer pairs instead and prints, for threads, file descriptors, RSS, heap in use \
        (glibc) and live GstObjects/GstMiniObjects (GStreamer's leaks tracer), the growth after the warm-up; \
        it re-executes itself with GST_TRACERS=leaks and MALLOC_ARENA_MAX=2 when they are not set. Exit 1 when \
        a figure grows beyond its tolerance or a pair does not connect.

        Examples:
          MALLOC_ARENA_MAX=2 rtcloop bench --cases 70 --warm-up 20 --datachannel
          rtcloop bench --leak-check 100 --datachannel
        """)

    @Option(name: .long, help: "Number of cases.")
    var cases: Int = 20

    @Option(name: .long, help: "Video stream: vp8, h264 or none.")
    var video: Run.VideoChoice = .vp8

    @Option(name: .long, help: "Audio stream: opus or none.")
    var audio: Run.AudioChoice = .opus

    @Flag(name: .long, help: "Negotiate a data channel and wait for the echo.")
    var datachannel = false

    @Option(name: .long, help: ArgumentHelp("webrtcbin jitterbuffer latency in ms.", valueName: "ms"))
    var latency: UInt32 = 0

    @Option(name: .customLong("warm-up"), help: ArgumentHelp(
        "Cases that count as warm-up for the RSS growth figure (capped at cases - 1; default 5, 10 with --leak-check).", valueName: "n"))
    var warmUpGiven: Int?

    var warmUp: Int { warmUpGiven ?? (leakCheck == nil ? 5 : 10) }

    @Option(name: .long, help: ArgumentHelp("Deadline of each case, in seconds.", valueName: "seconds"))
    var deadline: Double = 10

    @Option(name: .long, help: ArgumentHelp(
        "Leak check: run this many peer pairs and fail if threads, fds, RSS, heap in use or live GStreamer objects grow after the warm-up (default warm-up 10).",
        valueName: "pairs"))
    var leakCheck: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...10_000).contains(cases) else { throw ValidationError("--cases must be between 1 and 10000") }
        if let leakCheck {
            guard (2...10_000).contains(leakCheck) else { throw ValidationError("--leak-check must be between 2 and 10000") }
            guard (warmUpGiven ?? 10) < leakCheck else { throw ValidationError("--warm-up must be below --leak-check") }
        }
        guard warmUp >= 1 else { throw ValidationError("--warm-up must be at least 1") }
        guard deadline > 0 && deadline <= 600 else { throw ValidationError("--deadline must be between 0 and 600 seconds") }
    }

    struct Case: Encodable {
        let outcome: Outcome.Kind
        let firstDecodedFrameMs: Double?
        let connectedMs: Double?
        let rssKiB: Int?
    }

    struct Summary: Encodable {
        let cases: [Case]
        let coldFirstDecodedFrameMs: Double?
        let warmMedianFirstDecodedFrameMs: Double?
        let warmP90FirstDecodedFrameMs: Double?
        let warmMedianConnectedMs: Double?
        let rssAfterFirstCaseKiB: Int?
        let warmUpCases: Int
        let rssAfterWarmUpKiB: Int?
        let rssAtEndKiB: Int?
        /// RSS at the end minus RSS after the warm-up: what the cases after the warm-up added.
        let rssGrowthAfterWarmUpKiB: Int?
        /// The largest RSS after the warm-up (a leak shows as a trend, fragmentation as a band).
        let rssMaxAfterWarmUpKiB: Int?
        let notConnected: Int
    }

    func run() throws {
        var streams: [MediaConfiguration.Stream] = []
        if video == .vp8 { streams.append(.init(kind: .video, codec: "VP8", payloadType: 96)) }
        if video == .h264 { streams.append(.init(kind: .video, codec: "H264", payloadType: 102)) }
        if audio == .opus { streams.append(.init(kind: .audio, codec: "OPUS", payloadType: 111)) }
        let configuration = Session.Configuration(
            media: MediaConfiguration(streams: streams, dataChannel: datachannel),
            transport: TransportConfiguration(jitterbufferLatency: latency),
            deadline: .milliseconds(Int(deadline * 1000)))
        if let leakCheck {
            LeakCheck.ensureEnvironment()
            let check = LeakCheck(pairs: leakCheck, warmUp: warmUp, configuration: configuration, tolerance: .init())
            let result = check.run { if output.format == .text { Console.err($0 + "\n") } }
            switch output.format {
            case .json: Console.out(JSONOutput.encode(result) + "\n")
            case .text: Console.out(LeakCheck.table(result))
            }
            if !result.holds || result.notConnected > 0 { throw ExitCode(ExitStatus.errorsFound.rawValue) }
            return
        }
        var results: [Case] = []
        for index in 0..<cases {
            let result = Session(configuration: configuration).run()
            let first = result.timeline.all(.firstDecodedFrame).map(\.milliseconds).min()
            results.append(Case(outcome: result.outcome.kind, firstDecodedFrameMs: first,
                                connectedMs: result.connectedAfter, rssKiB: Self.residentKiB()))
            if output.format == .text {
                Console.err("case \(index + 1)/\(cases): \(result.outcome.kind.rawValue)"
                    + (first.map { ", first frame \($0) ms" } ?? "") + (results.last?.rssKiB.map { ", RSS \($0 / 1024) MiB" } ?? "") + "\n")
            }
        }
        let warm = results.dropFirst()
        let warmFrames = warm.compactMap(\.firstDecodedFrameMs).sorted()
        let warmConnected = warm.compactMap(\.connectedMs).sorted()
        let warmUp = min(results.count, self.warmUp) - 1  // index of the last warm-up case
        let summary = Summary(
            cases: results,
            coldFirstDecodedFrameMs: results.first?.firstDecodedFrameMs,
            warmMedianFirstDecodedFrameMs: Self.percentile(warmFrames, 0.5),
            warmP90FirstDecodedFrameMs: Self.percentile(warmFrames, 0.9),
            warmMedianConnectedMs: Self.percentile(warmConnected, 0.5),
            rssAfterFirstCaseKiB: results.first?.rssKiB,
            warmUpCases: warmUp + 1,
            rssAfterWarmUpKiB: results[warmUp].rssKiB,
            rssAtEndKiB: results.last?.rssKiB,
            rssGrowthAfterWarmUpKiB: results.last?.rssKiB.flatMap { end in results[warmUp].rssKiB.map { end - $0 } },
            rssMaxAfterWarmUpKiB: results[warmUp...].compactMap(\.rssKiB).max(),
            notConnected: results.filter { $0.outcome != .connected }.count)
        switch output.format {
        case .json:
            Console.out(JSONOutput.encode(summary) + "\n")
        case .text:
            func ms(_ value: Double?) -> String { value.map { "\($0) ms" } ?? "-" }
            func mib(_ value: Int?) -> String { value.map { String(Double($0 * 10 / 1024) / 10) + " MiB" } ?? "-" }
            Console.out("""
                cases: \(results.count) (\(summary.notConnected) not connected)
                first decoded frame: cold \(ms(summary.coldFirstDecodedFrameMs)), warm median \(ms(summary.warmMedianFirstDecodedFrameMs)), p90 \(ms(summary.warmP90FirstDecodedFrameMs))
                connected (all media and data): warm median \(ms(summary.warmMedianConnectedMs))
                RSS: after case 1 \(mib(summary.rssAfterFirstCaseKiB)), after case \(warmUp + 1) \(mib(summary.rssAfterWarmUpKiB)), at the end \(mib(summary.rssAtEndKiB)) (growth after the warm-up \(mib(summary.rssGrowthAfterWarmUpKiB)), largest \(mib(summary.rssMaxAfterWarmUpKiB)))

                """)
        }
        if summary.notConnected > 0 { throw ExitCode(ExitStatus.errorsFound.rawValue) }
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))
        return sorted[index]
    }

    /// VmRSS of this process from /proc/self/status, in KiB (Linux only; `nil` elsewhere).
    static func residentKiB() -> Int? {
        guard let bytes = try? InputFile.read("/proc/self/status", limit: 1 << 20) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}
