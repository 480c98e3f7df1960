import ArgumentParser
import Diagnostics
import Foundation
import HTMLReport
import Loopback
import Report
import ToolSupport
#if canImport(Glibc)
import Glibc
#endif

/// `rtcloop suite`: every Corpus case webrtcbin can take part in, each in its own child process.
struct Suite: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every Corpus case webrtcbin can take part in, each in its own rtcloop child process, and write reports.",
        discussion: """
        Cases: each offer a webrtcbin answered in the Corpus (injected into the answering peer), each answer \
        another stack gave to a webrtcbin offer (injected into the offering peer), and each failure variant \
        (Corpus/variants). Every case runs as `rtcloop run … --format json` in a child process that is killed \
        (SIGKILL) when it outlives its deadline plus --margin, so a crash or hang cannot take the suite down. \
        Each case is compared with the outcome stored in its manifest entry's `loopback.expected` (observed \
        once and reviewed); a case without one fails. When `sdpcheck` sits beside this executable, its static \
        verdict on the same offer/answer pair is recorded next to the outcome.

        Writes REPORT/loopback.md (matrix producer × scenario), REPORT/loopback.json, \
        REPORT/loopback.junit.xml and REPORT/index.html (the outcome matrix beside the static verdicts, \
        the variants, and per case a timeline drawn to scale; self-contained, opens from disk). Exit status: 0 when every outcome matches its expectation, 1 otherwise, \
        2 when the corpus cannot be read.

        Examples:
          rtcloop suite Corpus --report Reports
          rtcloop suite Corpus --report /tmp/r --filter 'chromium-*' --filter 'variants/*' --jobs 2
        """)

    @Argument(help: ArgumentHelp("The corpus directory (with manifest.json).", valueName: "corpus"))
    var corpus: String

    @Option(name: .long, help: ArgumentHelp("Directory for loopback.md, loopback.json, loopback.junit.xml and index.html.", valueName: "dir"))
    var report: String = "Reports"

    @Option(name: .long, help: "Cases run in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Only cases whose id matches this glob (e.g. 'chromium-webrtcbin/*', 'variants/*'); repeatable.", valueName: "glob"))
    var filter: [String] = []

    @Option(name: .long, help: ArgumentHelp("Default deadline of one case, in seconds.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(name: .long, help: ArgumentHelp("Seconds after the deadline before a child is killed.", valueName: "seconds"))
    var margin: Double = 10

    @Option(name: .long, help: ArgumentHelp("The sdpcheck executable (default: beside rtcloop; 'none' to skip the static verdict).", valueName: "path"))
    var sdpcheck: String?

    /// The executable run per case instead of this one (tests use it to prove that a hanging or crashing
    /// child is killed and recorded without taking the suite down).
    @Option(name: .long, help: ArgumentHelp("The executable each case runs (default: this rtcloop).", valueName: "path", visibility: .hidden))
    var childExecutable: String?

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
        guard timeout > 0 && timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
        guard margin >= 1 && margin <= 600 else { throw ValidationError("--margin must be between 1 and 600 seconds") }
    }

    func run() throws {
        let corpusURL = URL(fileURLWithPath: corpus)
        let manifest: CorpusManifest
        do {
            let data = try Data(contentsOf: corpusURL.appendingPathComponent("manifest.json"))
            manifest = try JSONDecoder().decode(CorpusManifest.self, from: data)
        } catch {
            Console.err("rtcloop suite: cannot read \(corpusURL.appendingPathComponent("manifest.json").path): \(error)\n")
            throw ExitCode(ExitStatus.unusableInput.rawValue)
        }
        let cases = SuiteCase.cases(in: manifest).filter { item in
            filter.isEmpty || filter.contains { fnmatch($0, item.id, 0) == 0 }
        }
        guard !cases.isEmpty else {
            Console.err("rtcloop suite: no case matches\n")
            throw ExitCode(ExitStatus.unusableInput.rawValue)
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        var checker: String? = sdpcheck ?? directory.appendingPathComponent("sdpcheck").path
        if checker == "none" || !FileManager.default.isExecutableFile(atPath: checker ?? "") { checker = nil }
        Console.err("rtcloop suite: \(cases.count) cases, \(jobs) at a time"
            + (checker == nil ? " (no sdpcheck: static verdicts null)" : "") + "\n")
        let started = DispatchTime.now()
        let runner = SuiteRunner(cases: cases, corpus: corpus, rtcloop: childExecutable ?? executable, sdpcheck: checker,
                                 jobs: jobs, timeout: timeout, margin: margin, progress: true)
        let results = runner.run()
        let wall = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        let document = SuiteDocument(results: results, jobs: jobs, wallMs: wall, sdpcheck: checker != nil)
        let reportURL = URL(fileURLWithPath: report)
        do {
            try FileManager.default.createDirectory(at: reportURL, withIntermediateDirectories: true)
            try Data((JSONOutput.encode(document) + "\n").utf8).write(to: reportURL.appendingPathComponent("loopback.json"))
            try Data(SuiteReports.markdown(document).utf8).write(to: reportURL.appendingPathComponent("loopback.md"))
            try Data(SuiteReports.junit(document).utf8).write(to: reportURL.appendingPathComponent("loopback.junit.xml"))
            try Data(SuiteReports.html(document).utf8).write(to: reportURL.appendingPathComponent("index.html"))
        } catch {
            Console.err("rtcloop suite: cannot write the reports into \(reportURL.path): \(error)\n")
            throw ExitCode(ExitStatus.unusableInput.rawValue)
        }
        let summary = document.summary
        Console.err("rtcloop suite: \(summary.matching)/\(summary.cases) outcomes as expected, "
            + "\(summary.staticDisagreements) static/loopback disagreements, \(Double(wall / 100) / 10) s; reports in \(reportURL.path)\n")
        if summary.matching != summary.cases { throw ExitCode(ExitStatus.errorsFound.rawValue) }
    }
}

/// `Reports/loopback.json`.
struct SuiteDocument: Encodable {
    struct Summary: Encodable {
        let cases: Int
        let matching: Int
        let mismatching: [String]
        let outcomes: [String: Int]
        let staticDisagreements: Int
        let medianConnectedMs: Double?
    }

    let summary: Summary
    let jobs: Int
    let wallMs: Int
    let sdpcheck: Bool
    let cases: [SuiteResult]

    init(results: [SuiteResult], jobs: Int, wallMs: Int, sdpcheck: Bool) {
        cases = results
        self.jobs = jobs
        self.wallMs = wallMs
        self.sdpcheck = sdpcheck
        let connected = results.compactMap(\.connectedAfterMs).sorted()
        summary = Summary(
            cases: results.count, matching: results.filter(\.matches).count,
            mismatching: results.filter { !$0.matches }.map(\.id),
            outcomes: Dictionary(results.map { ($0.outcome.rawValue, 1) }, uniquingKeysWith: +),
            staticDisagreements: results.filter { !$0.staticAgrees }.count,
            medianConnectedMs: connected.isEmpty ? nil : connected[connected.count / 2])
    }
}

/// The Markdown and JUnit renderings of a suite run.
enum SuiteReports {
    static func cell(_ result: SuiteResult) -> String {
        var text = (result.matches ? "" : "**✗** ") + result.outcome.rawValue
        if let ms = result.connectedAfterMs { text += " \(Int(ms.rounded())) ms" }
        if result.outcome == .connected, !result.findings.isEmpty {
            text += " (\(result.findings.joined(separator: ", ")))"
        }
        text += " · \(result.staticVerdict ?? "–")"
        return text
    }

    static func markdown(_ document: SuiteDocument) -> String {
        let s = document.summary
        var out = """
        # rtcloop suite: the Corpus reproduced by two webrtcbin 1.22 peers on loopback

        <!-- Generated by scripts/loopback/suite (rtcloop suite Corpus --report Reports): do not edit. -->

        \(s.cases) cases, \(s.matching) with the reviewed expected outcome\(s.matching == s.cases ? "" : " (**\(s.cases - s.matching) differ**)"); \
        \(document.jobs) at a time, each in its own `rtcloop run` child; wall time \(String(format: "%.1f", Double(document.wallMs) / 1000)) s.
        Outcomes: \(s.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")).
        Median time to connected: \(s.medianConnectedMs.map { "\(Int($0.rounded())) ms" } ?? "–").

        A cell is the loop-back outcome, the time from the start of the case to `connected` (ICE, DTLS, every
        configured stream decoded and the data channel echoed), then `sdpcheck`'s static verdict on the same
        offer/answer pair (– when there is none). **✗** marks an outcome that differs from its expectation.
        Offers to webrtcbin are injected into the answering webrtcbin peer; answers to webrtcbin's offers into the
        offering peer; the other peer mirrors the injected description.


        """
        let pairs = document.cases.filter { $0.variantOf == nil }
        let columns = Array(Set(pairs.map(\.column))).sorted()
        let rows = Array(Set(pairs.map(\.row))).sorted()
        out += "## Corpus pairs\n\n| offerer → answerer | " + columns.joined(separator: " | ") + " |\n"
        out += "|---|" + columns.map { _ in "---" }.joined(separator: "|") + "|\n"
        for row in rows {
            out += "| \(row) |"
            for column in columns {
                let result = pairs.first { $0.row == row && $0.column == column }
                out += " " + (result.map(cell) ?? "") + " |"
            }
            out += "\n"
        }
        let variants = document.cases.filter { $0.variantOf != nil }
        if !variants.isEmpty {
            out += "\n## Failure variants (minimal edits of real SDPs)\n\n"
            out += "| variant | injected | edit of | edit | --keep | outcome | expected | static verdict |\n|---|---|---|---|---|---|---|---|\n"
            for v in variants {
                let outcome = (v.matches ? "" : "**✗** ") + v.outcome.rawValue + (v.connectedAfterMs.map { " \(Int($0.rounded())) ms" } ?? "")
                    + (v.findings.isEmpty ? "" : " (\(v.findings.joined(separator: ", ")))")
                out += "| \(v.column) | \(v.inject.rawValue)\(v.with.map { " + " + (v.inject == .offer ? "answer" : "offer") + " `\($0)`" } ?? "") | `\(v.variantOf ?? "")` | \(escape(v.edit ?? "")) | \(v.keep.isEmpty ? "–" : v.keep.joined(separator: ",")) | \(outcome) | \(v.expected?.rawValue ?? "–") | \(v.staticVerdict ?? "–") |\n"
            }
        }
        out += "\n## Disagreements\n\n### Outcome ≠ reviewed expectation\n\n"
        let mismatches = document.cases.filter { !$0.matches }
        out += mismatches.isEmpty ? "None.\n" : mismatches.map {
            "- `\($0.id)`: \($0.outcome.rawValue), expected \($0.expected?.rawValue ?? "nothing (no reviewed expectation in the manifest)"): \(escape($0.message))\n"
        }.joined()
        out += "\n### Static verdict vs loop-back outcome\n\n"
        out += "Where `sdpcheck` says `compatible` but webrtcbin did not connect, or `incompatible` but it connected "
            + "(`degraded` agrees with either).\n\n"
        let disagreeing = document.cases.filter { !$0.staticAgrees }
        out += disagreeing.isEmpty ? "None.\n" : disagreeing.map {
            "- `\($0.id)`: sdpcheck \($0.staticVerdict ?? "–"), loopback \($0.outcome.rawValue): \(escape($0.message))\n"
        }.joined()
        out += "\n### Reviewed expectations with a reason\n\n"
        out += "Where the loop-back reproduction legitimately differs from what the real stacks did (Corpus pairs) or "
            + "would do (variants), the manifest's `loopback.reason` says why.\n\n"
        let reviewed = document.cases.filter { $0.expectationReason != nil }
        out += reviewed.isEmpty ? "None.\n" : reviewed.map {
            "- `\($0.id)`: expected \($0.expected?.rawValue ?? "–"): \(escape($0.expectationReason ?? ""))\n"
        }.joined()
        return out
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func junit(_ document: SuiteDocument) -> String {
        func xml(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
                default:
                    // XML 1.0 has no other control characters.
                    if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
                }
            }
            return out
        }
        let failures = document.cases.filter { !$0.matches }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"rtcloop suite\" tests=\"\(document.cases.count)\" failures=\"\(failures)\" time=\"\(Double(document.wallMs) / 1000)\">\n"
        out += "  <testsuite name=\"loopback\" tests=\"\(document.cases.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(Double(document.wallMs) / 1000)\">\n"
        for result in document.cases {
            let classname = "loopback." + (result.id.split(separator: "/").first.map(String.init) ?? result.id)
            out += "    <testcase classname=\"\(xml(classname))\" name=\"\(xml(result.id))\" time=\"\(Double(result.wallMs) / 1000)\">\n"
            let property = "outcome=\(result.outcome.rawValue) static=\(result.staticVerdict ?? "null")"
                + (result.connectedAfterMs.map { " connectedAfterMs=\($0)" } ?? "")
            out += "      <system-out>\(xml(property + ": " + result.message))</system-out>\n"
            if !result.matches {
                let message = "outcome \(result.outcome.rawValue), expected \(result.expected?.rawValue ?? "nothing reviewed")"
                out += "      <failure message=\"\(xml(message))\" type=\"outcome\">\(xml(result.message))</failure>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}

extension SuiteReports {
    /// `index.html`: the suite report of HTMLReport, from the same results as the other files.
    static func html(_ document: SuiteDocument) -> String {
        let cases = document.cases.map { r in
            SuiteReport.Case(
                id: r.id, row: r.row, column: r.column, variantOf: r.variantOf, edit: r.edit, inject: r.inject.rawValue,
                injected: r.injected, partner: r.partner, outcome: r.outcome.rawValue, expected: r.expected?.rawValue,
                expectationReason: r.expectationReason, message: r.message, connectedAfterMs: r.connectedAfterMs,
                findings: r.findings, staticVerdict: r.staticVerdict,
                timeline: r.timeline.map { SuiteReport.Event(milliseconds: $0.milliseconds, peer: $0.peer?.rawValue,
                                                             kind: $0.kind.rawValue, detail: $0.detail) })
        }
        let report = SuiteReport(cases: cases, jobs: document.jobs, wallMs: document.wallMs)
        return SuiteReportHTML.page(report, generator: "rtcloop suite").render()
    }
}
