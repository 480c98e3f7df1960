import Charts
import Plot

/// `rtcloop suite … --report DIR` writes `DIR/index.html`: the outcome matrix (scenario ×
/// producer pair) with each cell's loop-back outcome beside `sdpcheck`'s static verdict,
/// the failure variants, and per case a timeline drawn to scale (offer → answer → ICE →
/// DTLS → first frame).
///
/// Every outcome has its own symbol, word and fill pattern besides its colour, and a
/// static verdict that contradicts the run (compatible but not connected, incompatible
/// but connected) is written out with `≠` and outlined, so the matrix reads without
/// colour and on paper.
public enum SuiteReportHTML {
    /// How each outcome is shown: symbol and short label (the CSS class `o-<outcome>`
    /// gives the colour and fill pattern).
    public static func style(of outcome: String) -> (symbol: String, label: String) {
        switch outcome {
        case "connected": ("✓", "connected")
        case "rejected-offer": ("⊘", "rejected offer")
        case "rejected-answer": ("⊘", "rejected answer")
        case "ice-failed": ("✗", "ICE failed")
        case "dtls-failed": ("✗", "DTLS failed")
        case "no-media": ("◐", "no media")
        case "timeout": ("◷", "timeout")
        case "crashed": ("⚠", "crashed")
        default: ("?", outcome)
        }
    }

    static let outcomeOrder = ["connected", "rejected-offer", "rejected-answer", "ice-failed", "dtls-failed", "no-media", "timeout", "crashed"]

    /// The id of a case's section (`case-chromium-webrtcbin_audio-only`).
    public static func anchor(_ caseID: String) -> String { Anchor.id("case", caseID) }

    public static func page(_ report: SuiteReport, generator: String) -> ReportPage {
        let cases = report.cases
        let matching = cases.filter(\.matches).count
        let disagreements = cases.filter { !$0.staticAgrees }.count
        let connected = cases.compactMap(\.connectedAfterMs).sorted()
        let counts = outcomeOrder.compactMap { o -> String? in
            let n = cases.filter { $0.outcome == o }.count
            return n == 0 ? nil : "\(style(of: o).label) \(n)"
        }
        let summary = [
            SummaryItem("cases", "\(cases.count)"),
            SummaryItem("as expected", "\(matching) of \(cases.count)"),
            SummaryItem("outcomes", counts.joined(separator: ", ")),
            SummaryItem("static ≠ loop-back", "\(disagreements)"),
            SummaryItem("median time to connected", connected.isEmpty ? "–" : "\(Int(connected[connected.count / 2].rounded())) ms"),
            SummaryItem("wall time", "\(CaptureReportHTML.fixed(Double(report.wallMs) / 1000, 1)) s, \(report.jobs) at a time"),
        ]
        var content: [Node<HTML.BodyContext>] = [
            .p(.plain("Each Corpus offer or answer that webrtcbin took part in, injected into one of two webrtcbin 1.22 peers on 127.0.0.1 (the other peer mirrors it), run to an outcome in its own rtcloop child process; beside it the static verdict of sdpcheck on the same offer/answer pair. A cell links to the case's timeline.")),
            legend(),
        ]
        let pairs = cases.filter { $0.variantOf == nil }
        content.append(.h2(.plain("Corpus pairs: scenario × offerer → answerer")))
        content.append(pairs.isEmpty ? .p(.plain("No Corpus pair cases in this run.")) : matrix(pairs))
        let variants = cases.filter { $0.variantOf != nil }
        if !variants.isEmpty {
            content.append(.h2(.plain("Failure variants (minimal edits of real SDPs)")))
            content.append(variantTable(variants))
        }
        content.append(.h2(.plain("Disagreements")))
        content.append(disagreementList(cases))
        content.append(.h2(.plain("Case timelines")))
        let overviews = [overview(cases, endedWithin: 0...1000, title: "Cases that ended within a second of their offer"),
                         overview(cases, endedWithin: 1000.000001...Double.greatestFiniteMagnitude, title: "Cases that ended later (waiting for ICE, DTLS or media)")]
            .filter { !$0.rows.isEmpty }
        if !overviews.isEmpty {
            content.append(.p(.plain("All cases, each on one row from its first offer event: when the answer was applied, ICE and DTLS first connected, the first frame was decoded, and the outcome. Cases that ended within a second and those that waited longer are on separate axes, each to scale.")))
            for chart in overviews { content.append(.svg(chart.svg())) }
        }
        content.append(.p(.plain("Per case, milliseconds since the case started (the pipelines are built first), drawn to scale from its first to its last milestone. Lanes: the offering peer, the answering peer, and the session (the outcome).")))
        for c in cases { content.append(caseSection(c)) }
        return ReportPage(title: "rtcloop suite: the Corpus on two webrtcbin peers",
                          subtitle: "\(cases.count) cases: loop-back outcome and sdpcheck's static verdict",
                          summary: summary, content: content, generator: generator)
    }

    // MARK: Matrix

    static func legend() -> Node<HTML.BodyContext> {
        .div(.cls("outcome-legend"), .group(outcomeOrder.map { o in
            let s = style(of: o)
            return .span(.cls("cell-swatch o-\(o)"), .span(.cls("sym"), .plain(s.symbol)), .plain(" " + s.label))
        }), .span(.cls("cell-swatch static-disagrees"), .plain("≠ static verdict contradicts the outcome")),
           .span(.cls("cell-swatch unexpected"), .plain("✗ outcome ≠ reviewed expectation")))
    }

    /// Rows are scenarios, columns offerer → answerer pairs (fewer columns than rows,
    /// so the table fits a page).
    static func matrix(_ cases: [SuiteReport.Case]) -> Node<HTML.BodyContext> {
        let columns = Array(Set(cases.map(\.row))).sorted()
        let rows = Array(Set(cases.map(\.column))).sorted()
        var byKey: [String: SuiteReport.Case] = [:]
        for c in cases { byKey[c.column + "\u{0}" + c.row] = c }
        return .table(
            .cls("matrix"),
            .thead(.tr(.th(.plain("scenario \\ offerer → answerer")), .group(columns.map { .th(.attr("scope", "col"), .plain($0)) }))),
            .tbody(.group(rows.map { row in
                .tr(.th(.attr("scope", "row"), .plain(row)), .group(columns.map { column in
                    byKey[row + "\u{0}" + column].map(cell) ?? .td(.cls("cell empty"), .plain("–"))
                }))
            })))
    }

    /// One case's cell: outcome (symbol, word, pattern), time to connected, static verdict,
    /// expectation when the outcome differs from it.
    static func cell(_ c: SuiteReport.Case) -> Node<HTML.TableRowContext> {
        let s = style(of: c.outcome)
        var classes = "cell o-\(c.outcome)"
        if !c.staticAgrees { classes += " static-disagrees" }
        if !c.matches { classes += " unexpected" }
        return .td(
            .cls(classes), .attr("data-case", c.id), .attr("data-outcome", c.outcome),
            .attr("data-static", c.staticVerdict ?? ""),
            .a(.attr("href", "#" + anchor(c.id)), .span(.cls("sym"), .plain(s.symbol)), .plain(" " + s.label)),
            .unwrap(c.connectedAfterMs) { .span(.cls("ms"), .plain("\(Int($0.rounded())) ms")) },
            staticVerdict(c),
            .if(!c.matches, .span(.cls("expected"), .plain("✗ expected \(c.expected ?? "nothing reviewed")"))))
    }

    static func staticVerdict(_ c: SuiteReport.Case) -> Node<HTML.BodyContext> {
        .span(.cls("static" + (c.staticAgrees ? "" : " disagrees")),
              .plain((c.staticAgrees ? "" : "≠ ") + "sdpcheck: " + (c.staticVerdict ?? "–")))
    }

    static func variantTable(_ cases: [SuiteReport.Case]) -> Node<HTML.BodyContext> {
        .table(
            .cls("data variants"),
            .thead(.tr(.group(["variant", "edit of", "edit", "injected", "outcome · static verdict"].map { .th(.plain($0)) }))),
            .tbody(.group(cases.map { c in
                .tr(.td(.plain(c.column)), .td(.element(named: "code", nodes: [.plain(c.variantOf ?? "")])),
                    .td(.plain(c.edit ?? "")), .td(.plain(c.inject)), cell(c))
            })))
    }

    static func disagreementList(_ cases: [SuiteReport.Case]) -> Node<HTML.BodyContext> {
        let unexpected = cases.filter { !$0.matches }, contradicted = cases.filter { !$0.staticAgrees }
        func item(_ c: SuiteReport.Case, _ text: String) -> Node<HTML.ListContext> {
            .li(.a(.attr("href", "#" + anchor(c.id)), .element(named: "code", nodes: [.plain(c.id)])), .plain(": " + text))
        }
        return .group(
            .h3(.plain("Outcome ≠ reviewed expectation (\(unexpected.count))")),
            unexpected.isEmpty ? .p(.plain("None.")) : .ul(.group(unexpected.map {
                item($0, "\($0.outcome), expected \($0.expected ?? "nothing reviewed"): \($0.message)")
            })),
            .h3(.plain("Static verdict contradicts the loop-back outcome (\(contradicted.count))")),
            contradicted.isEmpty ? .p(.plain("None.")) : .ul(.group(contradicted.map {
                item($0, "sdpcheck \($0.staticVerdict ?? "–"), loop-back \($0.outcome): \($0.message)")
            })))
    }

    // MARK: Timelines

    /// The milestone kinds drawn on a case's timeline, in legend order.
    public static let milestoneKinds: [MilestoneTimeline.Kind] = [
        .init("offer", shape: .square, color: "#0072B2"),
        .init("answer", shape: .diamond, color: "#56B4E9"),
        .init("ICE checking", shape: .triangleUp, color: "#E69F00", hollow: true),
        .init("ICE connected", shape: .triangleUp, color: "#E69F00"),
        .init("DTLS connected", shape: .circle, color: "#CC79A7"),
        .init("first decoded frame", shape: .triangleDown, color: "#009E73"),
        .init("failure", shape: .cross, color: "#D55E00"),
        .init("other state", shape: .circle, color: "#6b6b6b", hollow: true),
        .init("outcome", shape: .diamond, color: "#000000"),
    ]

    /// Which milestone an event of `rtcloop run`'s timeline is (an index into
    /// ``milestoneKinds``), or nil for events the timeline leaves out (candidates,
    /// gathering, first RTP, fingerprint checks, data channel messages, warnings; the
    /// suite keeps only the others).
    public static func milestone(_ event: SuiteReport.Event) -> Int? {
        switch event.kind {
        case "offer-created": return 0
        case "answer-created": return 1
        case "injected": return event.detail.hasPrefix("answer") ? 1 : 0
        case "local-description-set", "remote-description-set":
            return event.detail == "answer" ? 1 : event.detail == "offer" ? 0 : 7
        case "description-rejected", "error", "no-decoder": return 6
        case "ice-connection-state":
            switch event.detail {
            case "checking": return 2
            case "connected", "completed": return 3
            case "failed": return 6
            default: return 7
            }
        case "dtls-state":
            switch event.detail {
            case "connected": return 4
            case "failed": return 6
            default: return 7
            }
        case "first-decoded-frame": return 5
        case "outcome": return 8
        default: return nil
        }
    }

    static let lanes = ["offerer", "answerer", "session"]

    /// The kinds on the all-cases overview: the first of each, at either peer.
    public static let overviewKinds: [EventTimeline.Kind] = [
        .init("answer applied", shape: .diamond), .init("ICE connected", shape: .triangleUp),
        .init("DTLS connected", shape: .circle), .init("first decoded frame", shape: .triangleDown),
        .init("failure", shape: .cross), .init("outcome", shape: .square),
    ]

    /// One row per case (its id) whose outcome came within `endedWithin` ms of its first
    /// offer event, times in ms since that event: the first answer applied (remote
    /// description set to the answer), ICE connected, DTLS connected, decoded frame, failure,
    /// and the outcome. Cases without an offer event or an outcome are left out.
    public static func overview(_ cases: [SuiteReport.Case], endedWithin: ClosedRange<Double>, title: String) -> EventTimeline {
        var rows: [EventTimeline.Row] = []
        for c in cases {
            guard let start = c.timeline.filter({ milestone($0) == 0 }).map(\.milliseconds).min(),
                  let end = c.timeline.first(where: { $0.kind == "outcome" })?.milliseconds,
                  endedWithin.contains(end - start) else { continue }
            func first(_ kind: Int, _ test: (SuiteReport.Event) -> Bool) -> (time: Double, kind: Int)? {
                c.timeline.first(where: test).map { ($0.milliseconds - start, kind) }
            }
            let events = [
                first(0) { $0.kind == "remote-description-set" && $0.detail == "answer" },
                first(1) { milestone($0) == 3 },
                first(2) { milestone($0) == 4 },
                first(3) { milestone($0) == 5 },
                first(4) { milestone($0) == 6 },
                first(5) { milestone($0) == 8 },
            ].compactMap { $0 }
            rows.append(EventTimeline.Row(label: c.id, events: events))
        }
        return EventTimeline(title: title, xAxis: ChartAxis("time since the case's first offer event", unit: "ms"),
                             kinds: overviewKinds, rows: rows, width: 1100)
    }

    /// A case's milestones on three lanes (offerer, answerer, session), to scale.
    public static func timeline(_ c: SuiteReport.Case) -> MilestoneTimeline {
        let events = c.timeline.compactMap { e -> MilestoneTimeline.Event? in
            guard let kind = milestone(e) else { return nil }
            let lane = e.peer.flatMap { lanes.firstIndex(of: $0) } ?? 2
            let label = "\(CaptureReportHTML.fixed(e.milliseconds, 1)) ms · \(e.peer ?? "session") · \(e.kind)"
                + (e.detail.isEmpty ? "" : " \(e.detail)")
            return MilestoneTimeline.Event(time: e.milliseconds, lane: lane, kind: kind, label: label)
        }
        return MilestoneTimeline(title: "\(c.id): \(style(of: c.outcome).label)",
                                 xAxis: ChartAxis("time since the case started", unit: "ms"),
                                 lanes: lanes, kinds: milestoneKinds, events: events, width: 960)
    }

    static func caseSection(_ c: SuiteReport.Case) -> Node<HTML.BodyContext> {
        let s = style(of: c.outcome)
        var facts: [Node<HTML.BodyContext>] = [
            .span(.cls("badge outcome o-\(c.outcome)"), .plain("\(s.symbol) \(s.label)")),
            .plain(" " + c.message),
        ]
        if let ms = c.connectedAfterMs { facts.append(.plain(" · connected after \(Int(ms.rounded())) ms")) }
        if !c.findings.isEmpty { facts.append(.plain(" · findings: " + c.findings.joined(separator: ", "))) }
        let milestones = timeline(c)
        return .section(
            .cls("case"), .id(anchor(c.id)), .attr("data-case", c.id),
            .h3(.plain(c.id)),
            .p(.group(facts)),
            .p(.cls("case-inputs"),
               .plain("injected \(c.inject): "), .element(named: "code", nodes: [.plain(c.injected)]),
               .unwrap(c.partner) { .group(.plain(" · partner: "), .element(named: "code", nodes: [.plain($0)])) },
               .plain(" · "), staticVerdict(c),
               .plain(" · expected: \(c.expected ?? "nothing reviewed")" + (c.matches ? "" : " ✗")),
               .unwrap(c.expectationReason) { .plain(" (\($0))") }),
            milestones.events.isEmpty ? .p(.plain("No timeline: the case ended before any milestone.")) : .svg(milestones.svg()))
    }
}
