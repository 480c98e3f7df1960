import ArgumentParser
import Diagnostics
import Report
import SDP
import ToolSupport

struct Format: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print descriptions back, optionally anonymised or with other line endings.",
        discussion: """
        An unmodified description is printed byte for byte as it was read (for a JSON \
        envelope: its SDP text). With several files, each is preceded by a '# file' line \
        on standard error's side so standard output stays pure SDP when only one file is given.

        --anonymize masks candidate addresses and ports, ICE credentials, fingerprints, \
        CNAMEs and msid ids consistently across all files of the run, so an anonymised \
        offer/answer pair still checks the same.

        Examples:
          sdpcheck format --anonymize offer.sdp > offer.shared.sdp
          sdpcheck format --anonymize --output-dir shared/ offer.sdp answer.sdp
          sdpcheck format --line-endings crlf pasted.sdp
        """
    )

    enum LineEndings: String, ExpressibleByArgument, CaseIterable { case keep, crlf, lf }

    @Flag(help: "Mask identifying values (consistently across the files of this run).")
    var anonymize = false

    @Option(help: "Line endings: keep, crlf or lf.")
    var lineEndings: LineEndings = .keep

    @Option(help: "Write each result to DIR/<file name> instead of standard output.")
    var outputDir: String?

    @Argument(help: "SDP files (raw, or JSON {type,sdp}); - for standard input.")
    var files: [String]

    func run() throws {
        var anonymizer = Anonymizer()
        var worst = ExitStatus.ok
        let renderer = FindingRenderer(color: Terminal.wantsColor(fd: 2))
        for path in files {
            let input = LoadedInput(path: path)
            do {
                var description = try input.result.get()
                if anonymize { description = try anonymizer.anonymize(description) }
                let bytes: [UInt8] = switch lineEndings {
                case .keep: description.serialized()
                case .crlf: description.serialized(lineEnding: .crlf)
                case .lf: description.serialized(lineEnding: .lf)
                }
                let text = String(decoding: bytes, as: UTF8.self)
                if let outputDir {
                    let name = path == "-" ? "stdin.sdp" : String(path.split(separator: "/").last ?? "out.sdp")
                    try OutputFile.write(bytes, to: outputDir + "/" + name)
                } else {
                    if files.count > 1 { Console.err("# \(path)\n") }
                    Console.out(text)
                }
            } catch {
                Console.err(renderer.render(LoadedInput.finding(for: error), sources: SourceTable()))
                worst = max(worst, .unusableInput)
            }
        }
        if worst != .ok { throw ExitCode(worst.rawValue) }
    }
}
