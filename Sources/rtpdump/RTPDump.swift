import ArgumentParser
import Capture
import Diagnostics
import HTMLReport
import Report
import ToolSupport
import Wire
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct RTPDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtpdump",
        abstract: "Explain what happened on the wire of a WebRTC capture: flows, ICE checks, RTP streams, RTCP.",
        discussion: """
        Reads classic pcap (µs or ns, either byte order), pcapng (several interfaces and link types) and rtptools dump files, or captures live (-i). Each UDP datagram is classified by RFC 7983 into STUN, DTLS, RTP and RTCP. RTP stream statistics follow Wireshark's `-z rtp,streams` definitions; loss is also given per RFC 3550 A.3, which stays right when packets are reordered.

        Examples:
          rtpdump call.pcapng
          rtpdump --filter 'udp port 5004' --clock-rate 96=90000 video.pcap
          rtpdump --ice-pwd UFRAG1=PWD1 --ice-pwd UFRAG2=PWD2 webrtc.pcapng
          rtpdump --format json call.pcapng | jq '.files[0].streams'
          rtpdump --sdp offer.sdp --sdp answer.sdp webrtc.pcapng
          rtpdump -i lo --filter 'udp port 5004' --write live.pcap   (Ctrl-C: summary)
          rtpdump --write-rtpdump a.rtp --ssrc 0x1234ABCD call.pcap; rtpdump a.rtp
          rtpdump --protocol stun,dtls --flow 127.0.0.1:5000-127.0.0.1:6000 c.pcap

        Exit status: 0 nothing worse than warnings; 1 errors found (ICE never succeeded, integrity failure, fatal DTLS alert); 2 a file could not be used (not a capture, truncated, unreadable).
        """)

    @Argument(help: "Capture files (pcap, pcapng, or an rtptools #!rtpplay1.0 dump).")
    var files: [String] = []

    @Option(name: [.customShort("i"), .customLong("interface")], help: ArgumentHelp(
        "Capture live on this interface (needs root or CAP_NET_RAW); Ctrl-C ends it and prints the summary.", valueName: "IFACE"))
    var interface: String?

    @Option(name: .long, help: ArgumentHelp("With -i: stop after this many seconds.", valueName: "SECONDS"))
    var duration: Double?

    @Option(name: .long, help: ArgumentHelp("With -i: stop after this many frames.", valueName: "N"))
    var count: Int?

    @Option(name: .customLong("write"), help: ArgumentHelp("With -i: also save the captured frames as pcap.", valueName: "FILE.pcap"))
    var writePcap: String?

    @Option(name: .long, help: "BPF filter expression, as tcpdump takes it (e.g. 'udp port 5004').")
    var filter: String?

    @Option(name: .customLong("sdp"), help: ArgumentHelp(
        "An SDP of the session (repeatable: offer and answer): ICE passwords, payload types, extmap ids and fingerprints are checked against the wire.",
        valueName: "FILE"))
    var sdpFiles: [String] = []

    @Option(name: .customLong("ssrc"), help: ArgumentHelp("Only RTP/RTCP of this SSRC (hex 0x… or decimal; repeatable).", valueName: "SSRC"))
    var ssrcs: [String] = []

    @Option(name: .customLong("flow"), help: ArgumentHelp(
        "Only datagrams between two endpoints, either direction (ADDR:PORT-ADDR:PORT; [v6]:PORT), or to/from one (ADDR:PORT); repeatable.",
        valueName: "SRC-DST"))
    var flows: [String] = []

    @Option(name: .customLong("protocol"), help: ArgumentHelp("Only these RFC 7983 classes: stun, dtls, rtp, rtcp (repeatable or comma-separated).",
                                                             valueName: "PROTO"))
    var protocols: [String] = []

    @Option(name: .customLong("write-rtpdump"), help: ArgumentHelp(
        "Write the RTP and RTCP of the one --ssrc as an rtptools #!rtpplay1.0 file (one input only).", valueName: "FILE"))
    var writeRTPDump: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("clock-rate"), help: ArgumentHelp("Clock rate of a dynamic payload type, e.g. 96=90000 (repeatable; overrides --sdp).", valueName: "PT=HZ"))
    var clockRates: [String] = []

    @Option(name: .customLong("ice-pwd"), help: ArgumentHelp("ICE password of an agent by its ufrag, to verify MESSAGE-INTEGRITY (repeatable; overrides --sdp).", valueName: "UFRAG=PWD"))
    var icePasswords: [String] = []

    @Flag(name: .long, help: "List every decoded packet.")
    var packets = false

    @Option(name: .customLong("report"), help: ArgumentHelp("Also write a self-contained HTML report with per-stream charts.", valueName: "FILE.html"))
    var htmlReport: String?

    /// Progress on stderr even when it is not a terminal or the file is small (tests; also RTPDUMP_PROGRESS=1).
    @Flag(name: .customLong("progress"), help: .hidden)
    var forceProgress = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        for value in clockRates {
            guard parseClockRate(value) != nil else {
                throw ValidationError("--clock-rate expects PT=HZ with PT 0…127 and HZ > 0, got '\(value)'")
            }
        }
        for value in icePasswords where !value.contains("=") {
            throw ValidationError("--ice-pwd expects UFRAG=PWD, got '\(value)'")
        }
        if interface == nil, files.isEmpty { throw ValidationError("give capture files or -i IFACE") }
        if interface != nil, !files.isEmpty { throw ValidationError("-i captures live: give no files with it") }
        if interface == nil, duration != nil || count != nil || writePcap != nil {
            throw ValidationError("--duration, --count and --write apply to a live capture (-i IFACE)")
        }
        if let duration, !(duration > 0) { throw ValidationError("--duration expects seconds > 0") }
        if let count, count <= 0 { throw ValidationError("--count expects N > 0") }
        for value in ssrcs where parseSSRC(value) == nil {
            throw ValidationError("--ssrc expects a 32-bit SSRC (0x1234ABCD or decimal), got '\(value)'")
        }
        for value in flows where DatagramFilter.Flow(parsing: value) == nil {
            throw ValidationError("--flow expects ADDR:PORT-ADDR:PORT or ADDR:PORT ([v6]:PORT for IPv6), got '\(value)'")
        }
        for value in protocolNames where parseProtocol(value) == nil {
            throw ValidationError("--protocol expects stun, dtls, rtp, rtcp, turn or zrtp, got '\(value)'")
        }
        if writeRTPDump != nil {
            guard ssrcs.count == 1 else { throw ValidationError("--write-rtpdump records one stream: give exactly one --ssrc") }
            guard files.count + (interface == nil ? 0 : 1) == 1 else { throw ValidationError("--write-rtpdump takes one input") }
        }
    }

    private var protocolNames: [String] {
        protocols.flatMap { $0.split(separator: ",").map { String($0) } }
    }

    func run() throws {
        var options = AnalysisOptions()
        if !sdpFiles.isEmpty {
            do {
                options.signalled = try SignallingInput.facts(from: sdpFiles)
            } catch {
                FileOutput.error("rtpdump: --sdp \(error)\n")
                throw ExitCode(ExitStatus.unusableInput.rawValue)
            }
            for credentials in options.signalled.iceCredentials {
                options.icePasswords[credentials.usernameFragment] = credentials.password
            }
            for (pt, codec) in options.signalled.codecs where codec.clockRate > 0 {
                options.clockRates[pt] = codec.clockRate
            }
        }
        for value in clockRates {
            if let (pt, hz) = parseClockRate(value) { options.clockRates[pt] = hz }
        }
        for value in icePasswords {
            if let eq = value.firstIndex(of: "=") {
                options.icePasswords[String(value[..<eq])] = String(value[value.index(after: eq)...])
            }
        }
        options.filter = filter
        options.keepPackets = packets
        options.datagramFilter.ssrcs = Set(ssrcs.compactMap(parseSSRC))
        options.datagramFilter.flows = flows.compactMap(DatagramFilter.Flow.init(parsing:))
        options.datagramFilter.kinds = Set(protocolNames.compactMap(parseProtocol))
        if writeRTPDump != nil { options.recordSSRC = ssrcs.first.flatMap(parseSSRC) }

        let renderer = TextRenderer(color: Terminal.wantsColor(fd: 1), showPackets: packets)
        var reports: [CaptureReport] = []
        var recordings: [RTPDumpRecorder] = []
        func completed(_ report: CaptureReport) {
            reports.append(report)
            // Text is printed file by file, so a long list shows results as it goes.
            if format == .text { print(renderer.render(report), terminator: "") }
        }
        if let interface {
            let (report, recorder) = try captureLive(interface, options: options)
            completed(report)
            if let recorder { recordings.append(recorder) }
        } else {
            for file in files {
                var fileOptions = options
                let progress = ProgressLine(file: file, forced: forceProgress)
                fileOptions.progress = progress.callback
                do {
                    let analyzer = try CaptureAnalyzer(file: file, options: fileOptions)
                    let report = try CaptureAnalyzer.analyze(path: file, options: fileOptions, analyzer: analyzer)
                    progress.finish()
                    completed(report)
                    if let recorder = analyzer.recorder { recordings.append(recorder) }
                } catch {
                    // A filter that compiles for one link type may not for this file's: only this file is unusable.
                    progress.finish()
                    completed(CaptureReport.unusable(file: file, error: InputError(.unreadable, "\(error)", at: .file(file))))
                }
            }
        }
        if format == .json { print(JSONOutput.encode(Document(files: reports))) }
        if let writeRTPDump {
            if let writer = recordings.first?.writer {
                do {
                    try OutputFile.write(writer.bytes, to: writeRTPDump)
                } catch {
                    FileOutput.error("rtpdump: --write-rtpdump \(writeRTPDump): \(error.reason)\n")
                    throw ExitCode(ExitStatus.unusableInput.rawValue)
                }
                FileOutput.error("rtpdump: wrote \(writer.packets) packet(s) of SSRC \(ssrcs[0]) to \(writeRTPDump)"
                    + (writer.skipped > 0 ? " (\(writer.skipped) too long for the format left out)" : "") + "\n")
            } else {
                // An rtpdump file needs the stream's address for its first line: nothing to write.
                FileOutput.error("rtpdump: no RTP or RTCP of SSRC \(ssrcs[0]) in the input: \(writeRTPDump) not written\n")
            }
        }
        if let htmlReport {
            do { try CaptureReportHTML.write(reports, to: htmlReport, generator: "rtpdump") } catch {
                FileOutput.error("rtpdump: --report \(htmlReport): \(error)\n")
                throw ExitCode(ExitStatus.unusableInput.rawValue)
            }
        }
        let status = reports.map(\.exitStatus).max() ?? .ok
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// Captures on `interface` until SIGINT/SIGTERM, `--duration` or `--count`, then analyses
    /// as for a file.
    private func captureLive(_ interface: String, options: AnalysisOptions) throws -> (CaptureReport, RTPDumpRecorder?) {
        let capture: LiveCapture
        do {
            capture = try LiveCapture(interface: interface, filter: filter, count: count, writeTo: writePcap)
        } catch {
            FileOutput.error("rtpdump: \(error.reason)\n")
            throw ExitCode(ExitStatus.unusableInput.rawValue)
        }
        let stop = StopSignals(stopping: capture, after: duration)
        defer { stop.cancel() }
        FileOutput.error("rtpdump: capturing on \(interface)\(filter.map { " (\($0))" } ?? ""); Ctrl-C ends the capture\n")
        var liveOptions = options
        liveOptions.filter = nil  // compiled into the kernel filter
        let analyzer = try CaptureAnalyzer(file: interface, options: liveOptions)
        let report = try CaptureAnalyzer.analyze(live: capture, options: liveOptions, analyzer: analyzer)
        // A capture that cannot keep up loses packets before they are seen: say so beside the count.
        let drops = capture.kernelStatistics.map { ", \($0.dropped) dropped by the kernel" } ?? ""
        FileOutput.error("rtpdump: \(capture.frameCount) frame(s) captured on \(interface)\(drops)\(writePcap.map { ", saved to \($0)" } ?? "")\n")
        return (report, analyzer.recorder)
    }
}

/// The `--format json` document.
struct Document: Encodable {
    let tool = "rtpdump"
    let files: [CaptureReport]
}

func parseSSRC(_ value: String) -> UInt32? {
    if value.lowercased().hasPrefix("0x") { return UInt32(value.dropFirst(2), radix: 16) }
    return UInt32(value)
}

func parseProtocol(_ value: String) -> DatagramKind? {
    switch value.lowercased() {
    case "stun": .stun
    case "dtls": .dtls
    case "rtp": .rtp
    case "rtcp": .rtcp
    case "turn", "channeldata": .turnChannelData
    case "zrtp": .zrtp
    default: nil
    }
}

func parseClockRate(_ value: String) -> (UInt8, Int)? {
    let parts = value.split(separator: "=", omittingEmptySubsequences: false)
    guard parts.count == 2, let pt = UInt8(parts[0]), pt < 128, let hz = Int(parts[1]), hz > 0 else { return nil }
    return (pt, hz)
}

enum FileOutput {
    /// Writes to standard error (fd 2 directly: the C `stderr` global is not concurrency-safe).
    static func error(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
