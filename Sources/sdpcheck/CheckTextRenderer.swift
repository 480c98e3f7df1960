import Diagnostics
import Negotiation
import Report

/// The text form of a `check` run: findings in the shared compiler form grouped by
/// m-section, the negotiated result table, the ICE candidate pairs, the verdict.
struct CheckTextRenderer {
    let color: Bool
    /// Candidate pairs shown per transport; the JSON output has them all.
    let shownPairs = 8

    func render(_ result: CheckResult, sources: some SourceLines) -> String {
        let renderer = FindingRenderer(color: color)
        let p = Palette(enabled: color)
        var out = ""
        guard let pair = result.pair, let report = result.report else {
            for finding in result.unusable { out += renderer.render(finding, sources: sources) }
            out += "\(result.offer) ⇄ \(result.answer): \(p.bold)unusable input\(p.reset), not checked\n"
            return out
        }
        out += "\(p.dim)offer: \(pair.offer.producer.name), answer: \(pair.answer.producer.name)\(p.reset)\n\n"
        // Group findings by m-section (session-level and whole-file findings last).
        var groups: [Int?: [Finding]] = [:]
        for finding in report.findings {
            let index = finding.locations.first.flatMap(pair.sectionIndex(of:))
            groups[index, default: []].append(finding)
        }
        let indices = groups.keys.compactMap { $0 }.sorted()
        for index in indices {
            let section = pair.sections.first { $0.index == index }
            let kind = section?.offer?.media?.kindName ?? section?.answer?.media?.kindName ?? "?"
            let mid = section?.mid.map { "mid \($0), " } ?? ""
            out += "\(p.bold)── m-section \(index) (\(mid)\(kind))\(p.reset)\n"
            for finding in groups[index] ?? [] { out += renderer.render(finding, sources: sources) }
            out += "\n"
        }
        if let session = groups[nil] {
            out += "\(p.bold)── session\(p.reset)\n"
            for finding in session { out += renderer.render(finding, sources: sources) }
            out += "\n"
        }
        out += "\(p.bold)negotiated result\(p.reset)\n"
        out += table(report.negotiated)
        out += "\n"
        out += candidatePairs(report.candidatePairs, transports: pair.transports.map(\.name), p: p)
        let errors = report.findings.filter { $0.severity == .error }.count
        let warnings = report.findings.filter { $0.severity == .warning }.count
        let notes = report.findings.filter { $0.severity == .info }.count
        let verdictColor = switch report.verdict {
        case .compatible: p.green
        case .degraded: p.yellow
        case .incompatible: p.red
        }
        if !report.nextSteps.isEmpty {
            out += "\(p.bold)if these peers still do not connect\(p.reset), the cause is outside the SDP; look at:\n"
            for step in report.nextSteps { out += "  - \(step)\n" }
            out += "\n"
        }
        out += "\(result.offer) ⇄ \(result.answer): \(p.bold)\(verdictColor)\(report.verdict.rawValue)\(p.reset) "
            + "(\(plural(errors, "error")), \(plural(warnings, "warning")), \(plural(notes, "note")))\n"
        return out
    }

    private func table(_ sections: [NegotiatedSection]) -> String {
        let header = ["m", "mid", "kind", "codec", "pt", "direction", "ICE controlling", "DTLS client", "transport"]
        let rows = sections.map { s -> [String] in
            if s.state != "active" { return [String(s.index), s.mid ?? "-", s.kind, "rejected", "", "", "", "", ""] }
            return [String(s.index), s.mid ?? "-", s.kind, s.codec ?? "none", s.payloadType.map(String.init) ?? "-",
                    s.direction ?? "-", s.iceControlling ?? "-", s.dtlsClient ?? "unresolved", s.transport ?? "-"]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            var text = "  "
            for (i, cell) in cells.enumerated() {
                text += cell + (i == cells.count - 1 ? "" : String(repeating: " ", count: widths[i] - cell.count + 2))
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    private func candidatePairs(_ pairs: [CandidatePair], transports: [String], p: Palette) -> String {
        var out = ""
        for transport in transports {
            let mine = pairs.filter { $0.transport == transport }
            let workable = mine.filter { $0.state == .workable }.count
            let uncertain = mine.filter { $0.state == .uncertain }.count
            out += "\(p.bold)ICE candidate pairs, transport \(transport)\(p.reset): "
            if mine.isEmpty {
                out += "none (a side has no candidates in its SDP)\n\n"
                continue
            }
            out += "\(plural(mine.count, "pair")), \(workable) workable, \(uncertain) uncertain\n"
            for candidatePair in mine.prefix(shownPairs) {
                out += "  \(candidatePair.offerCandidate) ⇄ \(candidatePair.answerCandidate)  [\(candidatePair.component)] "
                out += candidatePair.state.rawValue
                if let reason = candidatePair.reason { out += ": \(reason)" }
                out += "\n"
            }
            if mine.count > shownPairs { out += "  … \(mine.count - shownPairs) more (--format json lists all)\n" }
            out += "\n"
        }
        return out
    }

    private func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
