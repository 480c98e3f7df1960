import ArgumentParser
import Diagnostics
import Report
import SDP
import ToolSupport

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check each description on its own: syntax and single-description rules.",
        discussion: """
        Examples:
          sdpcheck lint offer.sdp
          sdpcheck lint --format json offer.sdp answer.sdp
        """
    )

    @OptionGroup var output: OutputOptions

    @Argument(help: "SDP files (raw, or JSON {type,sdp}); - for standard input.")
    var files: [String]

    func run() throws {
        var reports: [FileReport] = []
        var sources = SourceTable()
        for path in files {
            let input = LoadedInput(path: path)
            switch input.result {
            case .success(let description):
                sources.register(description)
                reports.append(FileReport(file: path, status: .checked, findings: SDPLint.lint(description)))
            case .failure(let error):
                reports.append(FileReport(file: path, status: .unusable, findings: [LoadedInput.finding(for: error)]))
            }
        }
        let document = LintDocument(files: reports)
        switch output.format {
        case .json:
            Console.out(JSONOutput.encode(document) + "\n")
        case .text:
            let renderer = FindingRenderer(color: output.useColor)
            var text = ""
            for report in reports {
                for finding in report.findings { text += renderer.render(finding, sources: sources) }
            }
            let all = reports.flatMap(\.findings)
            text += renderer.summary(all, files: reports.count, unusable: document.summary.unusable) + "\n"
            Console.out(text)
        }
        let status = ExitStatus(rawValue: document.summary.exitCode) ?? .unusableInput
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// Lint for one description. The rules themselves live in the SDP module's catalogue.
enum SDPLint {
    static func lint(_ description: SessionDescription) -> [Finding] {
        Linter.lint(description)
    }
}
