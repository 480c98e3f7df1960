import ArgumentParser
import Capture
import Diagnostics
import HTMLReport
import Report
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
        Reads classic pcap (µs or ns, either byte order) and pcapng (several interfaces and link types). Each UDP datagram is classified by RFC 7983 into STUN, DTLS, RTP and RTCP. RTP stream statistics follow Wireshark's `-z rtp,streams` definitions; loss is also given per RFC 3550 A.3, which stays right when packets are reordered.

        Examples:
          rtpdump call.pcapng
          rtpdump --filter 'udp port 5004' --clock-rate 96=90000 video.pcap
          rtpdump --ice-pwd UFRAG1=PWD1 --ice-pwd UFRAG2=PWD2 webrtc.pcapng
          rtpdump --format json call.pcapng | jq '.files[0].streams'

        Exit status: 0 nothing worse than warnings; 1 errors found (ICE never succeeded, integrity failure, fatal DTLS alert); 2 a file could not be used (not a capture, truncated, unreadable).
        """)

    @Argument(help: "Capture files (pcap or pcapng).")
    var files: [String]

    @Option(name: .long, help: "BPF filter expression, as tcpdump takes it (e.g. 'udp port 5004').")
    var filter: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("clock-rate"), help: ArgumentHelp("Clock rate of a dynamic payload type, e.g. 96=90000 (repeatable).", valueName: "PT=HZ"))
    var clockRates: [String] = []

    @Option(name: .customLong("ice-pwd"), help: ArgumentHelp("ICE password of an agent by its ufrag, to verify MESSAGE-INTEGRITY (repeatable).", valueName: "UFRAG=PWD"))
    var icePasswords: [String] = []

    @Flag(name: .long, help: "List every decoded packet.")
    var packets = false

    @Option(name: .customLong("report"), help: ArgumentHelp("Also write a self-contained HTML report with per-stream charts.", valueName: "FILE.html"))
    var htmlReport: String?

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
    }

    func run() throws {
        var options = AnalysisOptions()
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

        var reports: [CaptureReport] = []
        for file in files {
            do {
                reports.append(try CaptureAnalyzer.analyze(path: file, options: options))
            } catch {
                FileOutput.error("rtpdump: \(error)\n")
                throw ExitCode(ExitStatus.unusableInput.rawValue)
            }
        }
        switch format {
        case .json:
            print(JSONOutput.encode(Document(files: reports)))
        case .text:
            let renderer = TextRenderer(color: Terminal.wantsColor(fd: 1), showPackets: packets)
            for report in reports { print(renderer.render(report), terminator: "") }
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
}

/// The `--format json` document.
struct Document: Encodable {
    let tool = "rtpdump"
    let files: [CaptureReport]
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
