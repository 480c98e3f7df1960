import Foundation
import HTMLReport
import ReportTestSupport
import Testing

/// `rtcloop suite … --report DIR` → DIR/index.html, checked against the loopback.json the
/// same run wrote: one matrix cell per case with its outcome and static verdict, a
/// section per case whose timeline draws exactly the case's milestone events, to scale.
@Suite("HTMLReport: rtcloop suite index.html", .serialized)
struct SuiteReportHTMLTests {
    /// The legend entry of the milestones whose kind the report names outright.
    static func legendKind(_ event: String, _ detail: String) -> String? {
        switch (event, detail) {
        case ("offer-created", _): "offer"
        case ("answer-created", _): "answer"
        case ("ice-connection-state", "checking"): "ICE checking"
        case ("ice-connection-state", "connected"), ("ice-connection-state", "completed"): "ICE connected"
        case ("dtls-state", "connected"): "DTLS connected"
        case ("first-decoded-frame", _): "first decoded frame"
        case ("outcome", _): "outcome"
        default: nil
        }
    }

    /// Checks a suite page against the suite's JSON document; returns the number of drawn events checked.
    @discardableResult
    static func check(html: String, json: [String: Any]) throws -> Int {
        let doc = try #require(XMLCheck.parse(html), "index.html is not well-formed")
        let cases = try #require(json["cases"] as? [[String: Any]])
        #expect(!cases.isEmpty)
        let cells = doc.all("td", class: "cell").filter { $0.attributes["data-case"] != nil }
        #expect(cells.count == cases.count, "one cell per case")
        var checkedEvents = 0
        for item in cases {
            let id = try #require(item["id"] as? String)
            let outcome = try #require(item["outcome"] as? String)
            let mine = cells.filter { $0.attributes["data-case"] == id }
            try #require(mine.count == 1, "\(id): \(mine.count) cells")
            let cell = mine[0]
            #expect(cell.attributes["data-outcome"] == outcome, "\(id)")
            #expect(cell.hasClass("o-\(outcome)"), "\(id)")
            // Readable without colour: the outcome's words are in the cell's text.
            let words = outcome.replacingOccurrences(of: "-", with: " ").lowercased()
            #expect(cell.text.lowercased().contains(words), "\(id): \(cell.text)")
            let verdict = item["staticVerdict"] as? String
            #expect(cell.text.contains("sdpcheck: \(verdict ?? "–")"), "\(id): \(cell.text)")
            let agrees = try #require(item["staticAgrees"] as? Bool)
            #expect(cell.text.contains("≠") == !agrees && cell.hasClass("static-disagrees") == !agrees, "\(id): \(cell.text)")
            let matches = try #require(item["matches"] as? Bool)
            #expect(cell.text.contains("✗ expected") == !matches && cell.hasClass("unexpected") == !matches, "\(id)")
            if let ms = item["connectedAfterMs"] as? Double { #expect(cell.text.contains("\(Int(ms.rounded())) ms"), "\(id)") }

            // The cell links to the case's section.
            let link = try #require(doc.descendants(of: cell, "a").first?.attributes["href"])
            let sections = doc.all("section", class: "case").filter { "#" + ($0.attributes["id"] ?? "") == link }
            try #require(sections.count == 1, "\(id): \(link)")
            let section = sections[0]
            #expect(section.attributes["data-case"] == id)

            // The timeline draws exactly the case's timeline events, at their times, on their peer's lane.
            let timeline = item["timeline"] as? [[String: Any]] ?? []
            let expected = timeline.map { e in "\(e["ms"] as? Double ?? .nan) \(e["peer"] as? String ?? "session")" }.sorted()
            let drawn = doc.descendants(of: section, "g", class: "event")
            let got = drawn.map { "\(Double($0.attributes["data-time"] ?? "") ?? .nan) \($0.attributes["data-lane"] ?? "")" }.sorted()
            #expect(got == expected, "\(id)")
            checkedEvents += drawn.count
            // Milestones that name one legend kind are drawn as that kind.
            for e in timeline {
                guard let kind = legendKind(e["event"] as? String ?? "", e["detail"] as? String ?? "") else { continue }
                let time = String(e["ms"] as? Double ?? .nan), lane = e["peer"] as? String ?? "session"
                #expect(drawn.contains { $0.attributes["data-time"] == time && $0.attributes["data-lane"] == lane && $0.attributes["data-kind"] == kind },
                        "\(id): \(e)")
            }
            if drawn.count >= 2 { try checkScale(doc, section: section, events: drawn, id: id) }
        }
        // The overview: one row per case that has an offer event and an outcome, in exactly one of its charts.
        let overviewRows = doc.all("g", class: "row").compactMap { $0.attributes["data-label"] }
        let expectedRows = cases.filter { item in
            let t = item["timeline"] as? [[String: Any]] ?? []
            let offer = t.contains { e in
                let (name, detail) = (e["event"] as? String ?? "", e["detail"] as? String ?? "")
                return name == "offer-created" || (name == "injected" && detail.hasPrefix("offer"))
                    || (name.hasSuffix("-description-set") && detail == "offer")
            }
            return offer && t.contains { $0["event"] as? String == "outcome" }
        }.compactMap { $0["id"] as? String }
        #expect(overviewRows.sorted() == expectedRows.sorted())
        return checkedEvents
    }

    /// Positions are proportional to times: every event's x is on one line through the
    /// earliest and latest event, and the axis's tick labels sit on that same line.
    static func checkScale(_ doc: XMLCheck, section: XMLCheck.Element, events: [XMLCheck.Element], id: String) throws {
        func position(_ g: XMLCheck.Element) -> (t: Double, x: Double, y: Double)? {
            guard let t = Double(g.attributes["data-time"] ?? ""), let transform = g.attributes["transform"],
                  transform.hasPrefix("translate("), transform.hasSuffix(")") else { return nil }
            let numbers = transform.dropFirst("translate(".count).dropLast().split(separator: " ").compactMap { Double($0) }
            return numbers.count == 2 ? (t, numbers[0], numbers[1]) : nil
        }
        let points = events.compactMap(position)
        #expect(points.count == events.count, "\(id): unreadable transform")
        guard let first = points.min(by: { $0.t < $1.t }), let last = points.max(by: { $0.t < $1.t }), last.t > first.t else { return }
        let slope = (last.x - first.x) / (last.t - first.t)
        #expect(slope > 0, "\(id)")
        for p in points {
            // Coordinates are written with one decimal.
            #expect(abs(first.x + (p.t - first.t) * slope - p.x) <= 0.11, "\(id): event at \(p.t) ms drawn at x \(p.x)")
        }
        // Events of one lane share a y; lanes differ.
        var laneY: [String: Set<Double>] = [:]
        for (g, p) in zip(events, events.map(position)) { if let p { laneY[g.attributes["data-lane"] ?? "", default: []].insert(p.y) } }
        #expect(laneY.values.allSatisfy { $0.count == 1 }, "\(id)")
        #expect(Set(laneY.values.compactMap(\.first)).count == laneY.count, "\(id)")
        // Tick labels: the grid line above each label is where the events' line puts that time.
        let svg = try #require(doc.descendants(of: section, "svg").first)
        let labels = doc.descendants(of: svg, "g", class: "ticks").flatMap { doc.descendants(of: $0, "text") }
        #expect(labels.count >= 2, "\(id)")
        for label in labels {
            guard let value = Double(label.text), let x = Double(label.attributes["x"] ?? "") else {
                Issue.record("\(id): tick label \(label.text)")
                continue
            }
            #expect(abs(first.x + (value - first.t) * slope - x) <= 0.2, "\(id): tick \(value) at x \(x)")
        }
    }

    /// The committed Reports/loopback.json (the real suite over the whole Corpus) rendered
    /// with the suite report and checked against itself.
    @Test("the committed suite results (Reports/loopback.json) as index.html: one cell per case, timelines exact and to scale")
    func committedResults() throws {
        let url = Support.packageRoot.appendingPathComponent("Reports/loopback.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let report = try Self.report(json)
        let html = SuiteReportHTML.page(report, generator: "test").render()
        let events = try Self.check(html: html, json: json)
        #expect(events > 5 * report.cases.count, "timelines drawn: \(events) events")
        // The committed index.html is this page (written by the same run).
        let committed = try String(contentsOf: Support.packageRoot.appendingPathComponent("Reports/index.html"), encoding: .utf8)
        try Self.check(html: committed, json: json)
    }

    /// The suite JSON as the report's model (what rtcloop does with its in-memory results).
    static func report(_ json: [String: Any]) throws -> SuiteReport {
        let cases = try #require(json["cases"] as? [[String: Any]]).map { c in
            SuiteReport.Case(
                id: c["id"] as? String ?? "", row: c["row"] as? String ?? "", column: c["column"] as? String ?? "",
                variantOf: c["variantOf"] as? String, edit: c["edit"] as? String, inject: c["inject"] as? String ?? "",
                injected: c["injected"] as? String ?? "", partner: c["partner"] as? String, outcome: c["outcome"] as? String ?? "",
                expected: c["expected"] as? String, expectationReason: c["expectationReason"] as? String,
                message: c["message"] as? String ?? "", connectedAfterMs: c["connectedAfterMs"] as? Double,
                findings: c["findings"] as? [String] ?? [], staticVerdict: c["staticVerdict"] as? String,
                timeline: (c["timeline"] as? [[String: Any]] ?? []).map { e in
                    SuiteReport.Event(milliseconds: e["ms"] as? Double ?? .nan, peer: e["peer"] as? String,
                                      kind: e["event"] as? String ?? "", detail: e["detail"] as? String ?? "")
                })
        }
        return SuiteReport(cases: cases, jobs: json["jobs"] as? Int ?? 1, wallMs: json["wallMs"] as? Int ?? 0)
    }

    /// The real path: the built rtcloop runs three real cases (webrtcbin connects a Chromium
    /// offer, rejects a Firefox answer, fails ICE on a variant with a wrong ice-pwd which
    /// sdpcheck calls compatible) and writes index.html beside loopback.json; the page
    /// renders in headless Chromium without a console error.
    @Test("rtcloop suite --report writes index.html consistent with loopback.json; it renders in Chromium")
    func suiteRun() throws {
        let ids = ["chromium-webrtcbin/audio-only", "webrtcbin-firefox/h264", "variants/wrong-ice-pwd"]
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("suite-html-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: reports) }
        let run = try Support.run(Support.product("rtcloop"),
                                  ["suite", "Corpus", "--report", reports.path, "--jobs", "2"] + ids.flatMap { ["--filter", $0] })
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: reports.appendingPathComponent("loopback.json"))) as? [String: Any])
        let html = try String(contentsOf: reports.appendingPathComponent("index.html"), encoding: .utf8)
        let cases = json["cases"] as? [[String: Any]] ?? []
        #expect(cases.compactMap { $0["id"] as? String }.sorted() == ids.sorted())
        // Every case that ran reached an outcome event, and each has the milestones up to it.
        for c in cases {
            let names = (c["timeline"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? String }
            #expect(names.contains("outcome"), "\(c["id"] ?? "")")
            #expect(names.contains("offer-created") || names.contains("injected"), "\(c["id"] ?? "")")
        }
        #expect(cases.contains { ($0["staticAgrees"] as? Bool) == false }, "the wrong-ice-pwd variant contradicts its static verdict")
        let events = try Self.check(html: html, json: json)
        #expect(events > 0)

        #expect(Support.chromiumInstalled, "chromium is needed (scripts/setup installs it)")
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("suite-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: png) }
        let check = try Support.renderCheck(html: html, png: png)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
