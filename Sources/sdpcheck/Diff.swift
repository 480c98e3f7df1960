import ArgumentParser
import Diagnostics
import Report
import SDP
import SDPDiff
import ToolSupport

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Semantic diff of two descriptions of one session, with renegotiation checks.",
        discussion: """
        Compares BEFORE and AFTER (typically an endpoint's first and second offer) by \
        m-section (paired by mid, else by position) and attribute, ignoring line order, \
        spacing and line endings: m-lines, codecs (added, removed, payload type remaps, \
        fmtp and rtcp-fb changes), directions, ICE credentials, fingerprints, setup, \
        extmap ids, SSRCs and groups, msid, candidates, BUNDLE and other groups.

        Renegotiation rules (RENEG-…) report what a second offer must not do: remove or \
        move m-sections, change a mid, remap an extmap id or a payload type, restart ICE \
        half-way; ICE restarts and fingerprint changes are named.

        Examples:
          sdpcheck diff first-offer.sdp second-offer.sdp
          sdpcheck diff --format json a.sdp b.sdp

        Exit status: 0 only informational differences (or none), 1 a renegotiation rule \
        of severity error fired, 2 an input is unusable.
        """
    )

    @OptionGroup var output: OutputOptions

    @Argument(help: "The earlier description (raw SDP or JSON {type,sdp}); - for standard input.")
    var before: String

    @Argument(help: "The later description.")
    var after: String

    func run() throws {
        let (descriptions, sources, unusable) = LoadedInput.loadAll([before, after])
        let diff = descriptions.count == 2 ? SessionDiff(before: descriptions[0], after: descriptions[1]) : nil
        let document = DiffDocument(before: before, after: after, diff: diff, unusable: unusable)
        switch output.format {
        case .json:
            Console.out(JSONOutput.encode(document) + "\n")
        case .text:
            Console.out(DiffTextRenderer(color: output.useColor).render(document, diff: diff, sources: sources))
        }
        let status = ExitStatus(rawValue: document.summary.exitCode) ?? .unusableInput
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}

/// `sdpcheck diff --format json` (schema in the README; `schema` is bumped on any
/// incompatible change).
struct DiffDocument: Encodable {
    let tool = "sdpcheck"
    let command = "diff"
    let schema = 1
    let before: String
    let after: String
    /// `true` when both inputs were read and compared.
    let compared: Bool
    let session: [Change]
    let sections: [SectionDiff]
    /// Renegotiation findings, then INPUT-001 findings for unusable inputs.
    let findings: [Finding]
    let summary: Summary

    struct Summary: Encodable {
        let changes: Int
        let sectionsChanged: Int
        let sectionsAdded: Int
        let sectionsRemoved: Int
        let errors: Int
        let warnings: Int
        let infos: Int
        let exitCode: Int32
    }

    init(before: String, after: String, diff: SessionDiff?, unusable: [Finding]) {
        self.before = before
        self.after = after
        self.compared = diff != nil
        self.session = diff?.session ?? []
        self.sections = diff?.sections ?? []
        self.findings = (diff?.findings ?? []) + unusable
        let status: ExitStatus = unusable.isEmpty ? (diff?.exitStatus ?? .ok) : .unusableInput
        summary = Summary(
            changes: diff?.allChanges.count ?? 0,
            sectionsChanged: sections.filter { !$0.changes.isEmpty && ($0.pairing == .mid || $0.pairing == .index) }.count,
            sectionsAdded: sections.filter { $0.pairing == .added }.count,
            sectionsRemoved: sections.filter { $0.pairing == .removed }.count,
            errors: findings.filter { $0.severity == .error }.count,
            warnings: findings.filter { $0.severity == .warning }.count,
            infos: findings.filter { $0.severity == .info }.count,
            exitCode: status.rawValue)
    }
}

/// Text form of a diff: a `---`/`+++` header, then per section its changes with `+`
/// (only in AFTER), `-` (only in BEFORE) and `~` (changed) markers, then the findings in
/// the shared compiler form and a summary line.
struct DiffTextRenderer {
    let palette: Palette
    let findings: FindingRenderer

    init(color: Bool) {
        palette = Palette(enabled: color)
        findings = FindingRenderer(color: color)
    }

    func render(_ document: DiffDocument, diff: SessionDiff?, sources: SourceTable) -> String {
        let p = palette
        var out = ""
        if let diff {
            out += "\(p.bold)--- \(diff.before)\(p.reset)\n\(p.bold)+++ \(diff.after)\(p.reset)\n"
            if diff.isEmpty { out += "no semantic differences\n" }
            if !diff.session.isEmpty {
                out += "\(p.bold)session\(p.reset)\n"
                out += diff.session.map(line).joined()
            }
            var unchanged: [String] = []
            for section in diff.sections {
                if section.changes.isEmpty { unchanged.append(section.title); continue }
                var heading = section.title
                switch section.pairing {
                case .added: heading += " (added)"
                case .removed: heading += " (removed)"
                case .index: if section.before?.mid != section.after?.mid { heading += " (paired by position)" }
                case .mid: if let b = section.before, let a = section.after, b.index != a.index { heading += " (was m-section \(b.index))" }
                }
                out += "\(p.bold)\(heading)\(p.reset)\n"
                out += section.changes.map(line).joined()
            }
            if !unchanged.isEmpty && !diff.isEmpty { out += "\(p.dim)unchanged: \(unchanged.joined(separator: ", "))\(p.reset)\n" }
            if !diff.findings.isEmpty { out += "\n" }
        }
        for finding in document.findings { out += findings.render(finding, sources: sources) }
        let s = document.summary
        var summary = "\(s.changes) change\(s.changes == 1 ? "" : "s")"
        if s.sectionsAdded > 0 { summary += ", \(s.sectionsAdded) section\(s.sectionsAdded == 1 ? "" : "s") added" }
        if s.sectionsRemoved > 0 { summary += ", \(s.sectionsRemoved) removed" }
        summary += "; " + findings.summary(document.findings, files: 2, unusable: document.findings.filter { $0.id == Rule.inputUnusable.id }.count)
        out += summary + "\n"
        return out
    }

    private func line(_ change: Change) -> String {
        let p = palette
        let color = switch change.operation {
        case .added: p.green
        case .removed: p.red
        case .changed: p.yellow
        }
        let name = change.aspect.rawValue
        let aspect = name + String(repeating: " ", count: max(0, 11 - name.count))
        var text = "  \(color)\(change.operation.marker)\(p.reset) \(p.dim)\(aspect)\(p.reset) \(change.subject)"
        switch change.operation {
        case .changed: text += ": \(change.before ?? "") → \(change.after ?? "")"
        case .added: if let after = change.after { text += ": \(after)" }
        case .removed: if let before = change.before { text += ": \(before)" }
        }
        let lines = [change.beforeLine.map { "was line \($0)" }, change.afterLine.map { "line \($0)" }].compactMap { $0 }
        if !lines.isEmpty { text += "  \(p.dim)(\(lines.joined(separator: ", ")))\(p.reset)" }
        return text + "\n"
    }
}
