import Diagnostics
import Foundation
import HTMLReport
import Negotiation
import SDP
import ReportTestSupport
import Testing

@Suite("HTMLReport: sdpcheck pair report")
struct NegotiationHTMLTests {
    struct Checked {
        let pair: OfferAnswer
        let report: NegotiationReport
        let html: String
    }

    static func check(_ offer: String, _ answer: String) throws -> Checked {
        func load(_ path: String) throws -> SessionDescription {
            let bytes = [UInt8](try Data(contentsOf: Support.packageRoot.appendingPathComponent(path)))
            return try SessionDescription.parse(bytes, source: path)
        }
        let pair = OfferAnswer(offer: try load(offer), answer: try load(answer))
        let report = NegotiationReport(pair)
        let html = NegotiationReportHTML.page(pair, report: report, generator: "sdpcheck test").render()
        return Checked(pair: pair, report: report, html: html)
    }

    /// Checks one generated report against the data it was made from.
    static func verify(_ c: Checked, _ name: String) throws {
        let doc = try #require(XMLCheck.parse(c.html), "\(name): not well-formed XML")
        #expect(doc.elements.first?.name == "html")
        #expect(!c.html.contains("<script"), "\(name): has a script")
        #expect(doc.all("span").first { $0.attributes["data-verdict"] != nil }?.attributes["data-verdict"] == c.report.verdict.rawValue)

        // Every finding once in the list, with its id, message and fix.
        let listed = doc.all("li").filter { ["error", "warning", "info"].contains($0.attributes["class"] ?? "") }
        #expect(listed.count == c.report.findings.count, "\(name)")
        for finding in c.report.findings {
            #expect(listed.contains { $0.text.contains(finding.id) && $0.text.contains(finding.message) && $0.text.contains(finding.hint ?? "") },
                    "\(name): \(finding.id) not listed")
        }

        // Every line of both descriptions, once, in order, with its exact content.
        let cells = doc.all("td")
        for (side, description) in [("offer", c.pair.offer), ("answer", c.pair.answer)] {
            let numbered = cells.enumerated().filter { $0.element.attributes["id"]?.hasPrefix("\(side)-L") ?? false }
            #expect(numbered.map { $0.element.attributes["data-line"] } == description.lines.map { String($0.number) }, "\(name) \(side)")
            for ((index, _), line) in zip(numbered, description.lines) where index + 1 < cells.count {
                #expect(cells[index + 1].text == description.content(of: line), "\(name) \(side) line \(line.number)")
            }
        }

        // Every finding located on a line is shown under that line, on its side.
        for finding in c.report.findings {
            guard case .text(let file, let line, _, _)? = finding.locations.first,
                  let side = file == c.pair.offer.source ? "offer" : file == c.pair.answer.source ? "answer" : nil else { continue }
            let shown = doc.elements.contains { e in
                e.attributes["data-side"] == side && e.attributes["data-line"] == String(line)
                    && e.text.contains(finding.id) && e.text.contains(finding.message)
            }
            #expect(shown, "\(name): \(finding.id) not shown at \(side) line \(line)")
        }

        // One header row per m-section pair, after the session level.
        let sections = doc.all("tr", class: "section").map { $0.attributes["data-section"] ?? "" }
        #expect(sections == ["session"] + c.pair.sections.map { String($0.index) }, "\(name)")

        // The negotiated table: one row per negotiated section, with its codec and roles.
        let negotiated = try #require(doc.all("table", class: "negotiated").first)
        for s in c.report.negotiated {
            if let codec = s.codec, s.state == "active" { #expect(negotiated.text.contains(codec), "\(name): \(codec)") }
            if let client = s.dtlsClient { #expect(negotiated.text.contains(client)) }
        }
    }

    @Test("every corpus pair's report is well-formed and shows every line, finding and m-section")
    func corpus() throws {
        let pairs = Support.corpusPairs()
        #expect(pairs.count >= 50)
        var withFindings = 0
        for (offer, answer) in pairs {
            let checked = try Self.check(offer, answer)
            if !checked.report.findings.isEmpty { withFindings += 1 }
            try Self.verify(checked, offer)
        }
        #expect(withFindings >= 5)
    }

    @Test("the negotiated table has one body row per negotiated m-section")
    func negotiatedRows() throws {
        let c = try Self.check("Corpus/pairs/webrtcbin-aiortc/bundle-none.offer.sdp", "Corpus/pairs/webrtcbin-aiortc/bundle-none.answer.sdp")
        let doc = try #require(XMLCheck.parse(c.html))
        let tables = doc.all("table", class: "negotiated")
        #expect(tables.count == 1)
        // rows = header row + one per section; count <tr> between the table's start and the next table.
        let start = try #require(doc.elements.firstIndex { ($0.attributes["class"] ?? "").contains("negotiated") })
        let end = doc.elements[(start + 1)...].firstIndex { $0.name == "table" } ?? doc.elements.count
        let trs = doc.elements[start..<end].filter { $0.name == "tr" }
        #expect(trs.count == 1 + c.report.negotiated.count)
        #expect(c.report.verdict == .incompatible)
        #expect(c.report.findings.contains { $0.id == "OA-BUNDLE-001" })
    }

    @Test("data that looks like markup is escaped, not interpreted")
    func hostileInput() throws {
        let base = try String(contentsOf: Support.packageRoot.appendingPathComponent("Corpus/pairs/chromium-firefox/audio-video.offer.sdp"), encoding: .utf8)
        let hostile = base.replacingOccurrences(of: "s=-", with: "s=<script>alert(1)</script> &amp; &nbsp; \"q\"")
        let answer = try String(contentsOf: Support.packageRoot.appendingPathComponent("Corpus/pairs/chromium-firefox/audio-video.answer.sdp"), encoding: .utf8)
        let pair = OfferAnswer(offer: try SessionDescription.parse(hostile, source: "a<b>&\"c\".sdp"),
                               answer: try SessionDescription.parse(answer, source: "answer.sdp"))
        let html = NegotiationReportHTML.page(pair, report: NegotiationReport(pair), generator: "t").render()
        let doc = try #require(XMLCheck.parse(html))
        #expect(!html.contains("<script"))
        #expect(doc.all("td").contains { $0.text == "s=<script>alert(1)</script> &amp; &nbsp; \"q\"" })
        #expect(doc.all("title").first?.text == "sdpcheck: offer ⇄ answer")
        #expect(doc.all("p", class: "subtitle").first?.text == "a<b>&\"c\".sdp ⇄ answer.sdp")
    }
}
