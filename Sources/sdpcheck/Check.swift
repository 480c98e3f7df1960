import AnswererProfiles
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
          sdpcheck offer.sdp --answerer webrtcbin [--bundle-policy max-bundle]

        Exit status: 0 compatible or degraded, 1 incompatible, 2 unusable input (both files are \
        still read and reported).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, html }

    @Option(name: .long, help: "Output format: text, json, sarif or html (a self-contained report).")
    var format: Format = .text

    @Option(name: .long, help: "Colour: auto (only on a terminal, honours NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "Also report each description's own lint findings (sdpcheck lint); they count towards the verdict.")
    var lint = false

    @Argument(help: "The offer (raw SDP, or JSON {type,sdp}); - for standard input.")
    var offer: String

    @Argument(help: "The answer to it (omit with --answerer).")
    var answer: String?

    @Option(name: .long, help: "Without an answer: predict what this measured answerer answers and where it fails (webrtcbin).")
    var answerer: String?

    @Option(name: .long, help: "The predicted answerer's bundle-policy: none (webrtcbin's default) or max-bundle.")
    var bundlePolicy: BundlePolicy = .none

    func run() throws {
        if let answerer, answer == nil { return try predict(answerer: answerer, policy: bundlePolicy, format: format, color: useColor) }
        guard let answer else { throw ValidationError("give the answer too, or --answerer webrtcbin to predict it") }
        let (descriptions, sources, inputFindings) = LoadedInput.loadAll([offer, answer])
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
        case .html: Console.out(CheckHTML.render(result))
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

extension BundlePolicy: ExpressibleByArgument {}

extension Check {
    /// `sdpcheck OFFER --answerer webrtcbin`: the measured answerer's predicted answer
    /// (AnswererProfiles) and its PROFILE-… findings; the verdict as for a pair.
    func predict(answerer name: String, policy: BundlePolicy, format: Format, color: Bool) throws {
        guard let profile = try AnswererProfile.named(name) else {
            throw ValidationError("unknown answerer \(name); known: \(AnswererProfile.known.joined(separator: ", "))")
        }
        let input = LoadedInput(path: offer)
        var sources = SourceTable()
        let prediction: AnswerPrediction?
        let findings: [Finding]
        switch input.result {
        case .success(let description):
            sources.register(description)
            let p = AnswerPredictor(profile: profile).predict(description, bundlePolicy: policy)
            (prediction, findings) = (p, p.findings)
        case .failure(let error):
            (prediction, findings) = (nil, [LoadedInput.finding(for: error)])
        }
        let verdict = prediction == nil ? "unusable" : Verdict(findings: findings).rawValue
        let status: ExitStatus = prediction == nil ? .unusableInput : verdict == "incompatible" ? .errorsFound : .ok
        if format == .text {
            let renderer = FindingRenderer(color: color)
            var text = findings.map { renderer.render($0, sources: sources) }.joined()
            text += (prediction?.summaryLines ?? []).joined(separator: "\n") + (prediction == nil ? "" : "\n")
            Console.out(text + "verdict: \(verdict)\n")
        } else {
            Console.out(JSONOutput.encode(PredictionDocument(offer: offer, verdict: verdict, prediction: prediction, findings: findings, exitCode: status.rawValue)) + "\n")
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// `sdpcheck OFFER --answerer NAME --format json` (sarif is written as json here).
struct PredictionDocument: Encodable {
    let tool = "sdpcheck"
    let command = "check"
    let schema = 1
    let offer: String
    let verdict: String
    let prediction: AnswerPrediction?
    let findings: [Finding]
    let exitCode: Int32
}
