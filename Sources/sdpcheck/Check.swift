import ArgumentParser
import Diagnostics
import Negotiation
import Report
import SDP
import ToolSupport

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an offer against its answer: every reason they will not connect, and the negotiated result.",
        discussion: """
        The default subcommand: 'sdpcheck offer.sdp answer.sdp' is 'sdpcheck check offer.sdp answer.sdp'.

        Prints the findings grouped by m-section, then the negotiated result (per m-section the \
        codec, direction, ICE controlling side, DTLS client and transport) and the ICE candidate \
        pairs the two descriptions allow, each marked workable, unworkable or uncertain.

        Verdict: compatible (nothing worse than notes), degraded (warnings), incompatible (errors).

        Examples:
          sdpcheck offer.sdp answer.sdp
          sdpcheck --format json offer.sdp answer.sdp
          sdpcheck --format sarif offer.sdp answer.sdp > sdpcheck.sarif
          sdpcheck --lint offer.sdp answer.sdp

        Exit status: 0 compatible or degraded, 1 incompatible, 2 unusable input (both files are \
        still read and reported).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    @Option(name: .long, help: "Output format: text, json or sarif.")
    var format: Format = .text

    @Option(name: .long, help: "Colour: auto (only on a terminal, honours NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "Also report each description's own lint findings (sdpcheck lint); they count towards the verdict.")
    var lint = false

    @Argument(help: "The offer (raw SDP, or JSON {type,sdp}); - for standard input.")
    var offer: String

    @Argument(help: "The answer to it.")
    var answer: String

    func run() throws {
        let inputs = [LoadedInput(path: offer), LoadedInput(path: answer)]
        var sources = SourceTable()
        var inputFindings: [Finding] = []
        var descriptions: [SessionDescription] = []
        for input in inputs {
            switch input.result {
            case .success(let description):
                sources.register(description)
                descriptions.append(description)
            case .failure(let error):
                inputFindings.append(LoadedInput.finding(for: error))
            }
        }
        let result: CheckResult
        if inputFindings.isEmpty, descriptions.count == 2 {
            let pair = OfferAnswer(offer: descriptions[0], answer: descriptions[1])
            let own = lint ? descriptions.flatMap { Linter.lint($0) } : []
            result = CheckResult(offer: offer, answer: answer, pair: pair, report: NegotiationReport(pair, additional: own))
        } else {
            result = CheckResult(offer: offer, answer: answer, unusable: inputFindings)
        }
        switch format {
        case .json: Console.out(JSONOutput.encode(CheckDocument(result)) + "\n")
        case .sarif: Console.out(JSONOutput.encode(SARIFLog(result)) + "\n")
        case .text: Console.out(CheckTextRenderer(color: useColor).render(result, sources: sources))
        }
        if result.exitStatus != .ok { throw ExitCode(result.exitStatus.rawValue) }
    }

    private var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.wantsColor(fd: 1)
        }
    }
}

/// The outcome of one `check` run, whatever the output format.
struct CheckResult {
    let offer: String
    let answer: String
    let pair: OfferAnswer?
    let report: NegotiationReport?
    /// Findings about inputs that could not be used (then there is no report).
    let unusable: [Finding]

    init(offer: String, answer: String, pair: OfferAnswer, report: NegotiationReport) {
        (self.offer, self.answer, self.pair, self.report, self.unusable) = (offer, answer, pair, report, [])
    }

    init(offer: String, answer: String, unusable: [Finding]) {
        (self.offer, self.answer, self.pair, self.report, self.unusable) = (offer, answer, nil, nil, unusable)
    }

    var findings: [Finding] { report?.findings ?? unusable }

    /// `compatible`, `degraded`, `incompatible`, or `unusable` when an input could not be read.
    var verdict: String { report?.verdict.rawValue ?? "unusable" }

    var exitStatus: ExitStatus {
        guard let report else { return .unusableInput }
        return report.verdict == .incompatible ? .errorsFound : .ok
    }
}
