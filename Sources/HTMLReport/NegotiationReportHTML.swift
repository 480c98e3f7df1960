import Diagnostics
import Negotiation
import Plot
import SDP

/// `sdpcheck OFFER ANSWER --format html`: the verdict, the negotiated result as a table,
/// the findings, offer and answer side by side with their m-sections aligned (RFC 3264
/// §6 pairs them by position, JSEP by mid: ``OfferAnswer/sections``) and each finding
/// shown under the line it is about, then the ICE candidate pairs and next steps.
public enum NegotiationReportHTML {
    /// Candidate pairs listed per transport (the JSON output has them all).
    public static let shownPairs = 12

    /// The report of a checked pair.
    public static func page(
        _ pair: OfferAnswer, report: NegotiationReport, generator: String
    ) -> ReportPage {
        let offerName = pair.offer.source, answerName = pair.answer.source
        let placement = Placement(pair: pair, findings: report.findings)
        var content: [Node<HTML.BodyContext>] = []

        content.append(.h2(.plain("Negotiated result")))
        content.append(negotiatedTable(report.negotiated).node)

        content.append(.h2(.plain("Findings (\(report.findings.count))")))
        content.append(FindingHTML.list(report.findings, anchor: placement.anchor))

        content.append(.h2(.plain("Offer and answer, side by side")))
        content.append(.p(.plain("Each m-section of the offer beside the answer's m-section for it; each finding under the line it is about.")))
        content.append(sideBySide(pair, placement: placement))

        content.append(.h2(.plain("ICE candidate pairs")))
        content.append(contentsOf: candidatePairs(report.candidatePairs, transports: pair.transports.map(\.name)))

        if !report.nextSteps.isEmpty {
            content.append(.h2(.plain("If these peers still do not connect")))
            content.append(.p(.plain("Nothing in the descriptions prevents the session; the cause is outside the SDP. Look at:")))
            content.append(.ul(.group(report.nextSteps.map { .li(.plain($0)) })))
        }

        let summary = [
            SummaryItem("verdict", node: verdictBadge(report.verdict.rawValue)),
            SummaryItem("offer", "\(offerName) (\(pair.offer.producer.name))"),
            SummaryItem("answer", "\(answerName) (\(pair.answer.producer.name))"),
            SummaryItem("findings", FindingHTML.counts(report.findings)),
            SummaryItem("m-sections", "\(pair.sections.count)"),
        ]
        return ReportPage(title: "sdpcheck: offer ⇄ answer", subtitle: "\(offerName) ⇄ \(answerName)",
                          summary: summary, content: content, generator: generator)
    }

    /// The report when an input could not be used: its findings only.
    public static func unusable(offer: String, answer: String, findings: [Finding], generator: String) -> ReportPage {
        ReportPage(title: "sdpcheck: offer ⇄ answer", subtitle: "\(offer) ⇄ \(answer)",
                   summary: [SummaryItem("verdict", node: verdictBadge("unusable")),
                             SummaryItem("findings", FindingHTML.counts(findings))],
                   content: [.h2(.plain("Unusable input")),
                             .p(.plain("The pair was not checked: an input could not be read as a session description.")),
                             FindingHTML.list(findings)],
                   generator: generator)
    }

    static func verdictBadge(_ verdict: String) -> Node<HTML.BodyContext> {
        let symbol = switch verdict {
        case "compatible": "✔"
        case "degraded": "▲"
        default: "✖"
        }
        return .span(.cls("verdict \(verdict)"), .attr("data-verdict", verdict), .plain("\(symbol) \(verdict)"))
    }

    static func negotiatedTable(_ sections: [NegotiatedSection]) -> DataTable {
        DataTable(
            header: ["m", "mid", "kind", "state", "codec", "pt", "direction", "ICE controlling", "DTLS client", "transport"],
            rows: sections.map { s in
                let active = s.state == "active"
                return [.number(s.index), .init(s.mid ?? "–"), .init(s.kind), .init(s.state),
                        .init(active ? s.codec ?? "none" : "–"), .init(s.payloadType.map(String.init) ?? "–", class: "num"),
                        .init(s.direction ?? "–"), .init(s.iceControlling ?? "–"),
                        .init(active ? s.dtlsClient ?? "unresolved" : "–"), .init(s.transport ?? "–")]
            },
            className: "data negotiated")
    }

    static func candidatePairs(_ pairs: [CandidatePair], transports: [String]) -> [Node<HTML.BodyContext>] {
        transports.flatMap { transport -> [Node<HTML.BodyContext>] in
            let mine = pairs.filter { $0.transport == transport }
            let workable = mine.filter { $0.state == .workable }.count
            let uncertain = mine.filter { $0.state == .uncertain }.count
            let heading = Node<HTML.BodyContext>.h3(.plain("transport \(transport): \(mine.count) pairs, \(workable) workable, \(uncertain) uncertain"))
            guard !mine.isEmpty else { return [heading, .p(.plain("None: a side has no candidates in its SDP (trickled or gathered later)."))] }
            let table = DataTable(
                header: ["offer candidate", "answer candidate", "component", "priority", "state", "reason"],
                rows: mine.prefix(shownPairs).map { p in
                    [.init(p.offerCandidate), .init(p.answerCandidate), .number(p.component), .number(p.priority),
                     .init(p.state.rawValue, class: "state-\(p.state.rawValue)"), .init(p.reason ?? "")]
                },
                className: "data pairs")
            let more: Node<HTML.BodyContext> = mine.count > shownPairs
                ? .p(.plain("… \(mine.count - shownPairs) more (sdpcheck --format json lists all)")) : .empty
            return [heading, table.node, more]
        }
    }
}

/// Where each finding is shown: under a line of the offer or of the answer, or (no
/// text location in either description) in the list above the table only.
struct Placement {
    let offerSource: String
    let answerSource: String
    let offerLines: Int
    let answerLines: Int
    /// Findings by (side, line) of their primary location.
    let primary: [Side: [Int: [Finding]]]

    init(pair: OfferAnswer, findings: [Finding]) {
        offerSource = pair.offer.source
        answerSource = pair.answer.source
        offerLines = pair.offer.lines.count
        answerLines = pair.answer.lines.count
        var primary: [Side: [Int: [Finding]]] = [.offer: [:], .answer: [:]]
        for finding in findings {
            guard let first = finding.locations.first, let (side, line) = Self.position(first, offer: offerSource,
                  answer: answerSource, offerLines: offerLines, answerLines: answerLines) else { continue }
            primary[side, default: [:]][line, default: []].append(finding)
        }
        self.primary = primary
    }

    static func position(_ location: Location, offer: String, answer: String, offerLines: Int, answerLines: Int) -> (Side, Int)? {
        guard case .text(let file, let line, _, _) = location else { return nil }
        if file == offer, line >= 1, line <= offerLines { return (.offer, line) }
        if file == answer, line >= 1, line <= answerLines { return (.answer, line) }
        return nil
    }

    /// The HTML id of a line's cell.
    static func lineID(_ side: Side, _ line: Int) -> String { Anchor.id(side.rawValue, "L\(line)") }

    /// The id a location links to, when it is a line of either description.
    func anchor(_ location: Location) -> String? {
        Self.position(location, offer: offerSource, answer: answerSource, offerLines: offerLines, answerLines: answerLines)
            .map { Self.lineID($0.0, $0.1) }
    }

    func findings(_ side: Side, _ line: Int?) -> [Finding] {
        guard let line else { return [] }
        return primary[side]?[line] ?? []
    }
}

extension NegotiationReportHTML {
    static func sideBySide(_ pair: OfferAnswer, placement: Placement) -> Node<HTML.BodyContext> {
        var rows: [Node<HTML.TableContext>] = []
        let columns = Node<HTML.TableContext>.element(named: "colgroup", nodes: ["ln", "text", "ln", "text"].map { name in
            Node<HTML.TableContext>.selfClosedElement(named: "col", attributes: [Attribute<HTML.TableContext>(name: "class", value: name)])
        })
        rows.append(.thead(.tr(.th(.attr("colspan", "2"), .plain("offer: \(pair.offer.source)")),
                               .th(.attr("colspan", "2"), .plain("answer: \(pair.answer.source)")))))
        var tbodyRows: [Node<HTML.TableContext>] = []
        func header(_ text: String, section: String) {
            tbodyRows.append(.tr(.cls("section"), .attr("data-section", section), .th(.attr("colspan", "4"), .plain(text))))
        }
        func lines(_ offer: Section?, _ answer: Section?) {
            let o = offer.map { Array($0.lines) }, a = answer.map { Array($0.lines) }
            let count = max(o?.count ?? 1, a?.count ?? 1)
            for i in 0..<count {
                let ol = o.flatMap { i < $0.count ? $0[i] : nil }, al = a.flatMap { i < $0.count ? $0[i] : nil }
                let of = placement.findings(.offer, ol?.number), af = placement.findings(.answer, al?.number)
                tbodyRows.append(.tr(
                    .cls("line"),
                    cells(.offer, ol, in: pair.offer, missing: o == nil && i == 0, worst: of.worstSeverity),
                    cells(.answer, al, in: pair.answer, missing: a == nil && i == 0, worst: af.worstSeverity)))
                if !of.isEmpty || !af.isEmpty {
                    tbodyRows.append(.tr(.cls("finding-row"),
                                         .td(.attr("colspan", "2"), findingsCell(of, side: .offer, line: ol?.number, placement: placement)),
                                         .td(.attr("colspan", "2"), .cls("side-gap"), findingsCell(af, side: .answer, line: al?.number, placement: placement))))
                }
            }
        }
        header("session level", section: "session")
        lines(pair.offer.session, pair.answer.session)
        for section in pair.sections {
            let kind = section.offer?.media?.kindName ?? section.answer?.media?.kindName ?? "?"
            var title = "m-section \(section.index)"
            if let mid = section.mid { title += " · mid \(mid)" }
            title += " · \(kind)"
            if section.offer == nil { title += " · only in the answer" }
            if section.answer == nil { title += " · not answered" }
            header(title, section: String(section.index))
            lines(section.offer, section.answer)
        }
        rows.append(.tbody(.group(tbodyRows)))
        return .table(.cls("sdp"), columns, .group(rows))
    }

    private static func cells(_ side: Side, _ line: Line?, in description: SessionDescription, missing: Bool,
                              worst: Severity?) -> Node<HTML.TableRowContext> {
        let gap = side == .answer ? " side-gap" : ""
        guard let line else {
            return .group(.td(.cls("ln" + gap)), .td(.cls("text sdp" + (missing ? " missing" : "")),
                                                     .if(missing, .plain("(no m-section)"))))
        }
        return .group(
            .td(.cls("ln" + gap), .id(Placement.lineID(side, line.number)), .attr("data-line", String(line.number)), .plain(String(line.number))),
            .td(.cls("text sdp" + (worst.map { " has-\($0.rawValue)" } ?? "")), .plain(description.content(of: line))))
    }

    private static func findingsCell(_ findings: [Finding], side: Side, line: Int?, placement: Placement) -> Node<HTML.BodyContext> {
        .group(findings.map { finding in
            .div(.attr("data-side", side.rawValue), .attr("data-line", line.map(String.init) ?? ""),
                 FindingHTML.item(finding, showLocation: finding.locations.count > 1, anchor: placement.anchor))
        })
    }
}
