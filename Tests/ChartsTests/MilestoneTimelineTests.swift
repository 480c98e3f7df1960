import Charts
import Foundation
import ReportTestSupport
import Testing

/// MilestoneTimeline on the real loop-back timelines of Reports/loopback.json (written by
/// `rtcloop suite Corpus`), and LadderAnnotation on a DTLS handshake's arrows.
@Suite("Charts: milestone timeline and ladder annotations")
struct MilestoneTimelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each suite case's timeline as (ms, peer, event) triples.
    static func timelines() throws -> [(id: String, events: [(ms: Double, peer: String, name: String)])] {
        let data = try Data(contentsOf: root.appendingPathComponent("Reports/loopback.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (json["cases"] as? [[String: Any]] ?? []).map { c in
            (c["id"] as? String ?? "", (c["timeline"] as? [[String: Any]] ?? []).map {
                ($0["ms"] as? Double ?? .nan, $0["peer"] as? String ?? "session", $0["event"] as? String ?? "")
            })
        }
    }

    @Test("every event drawn once, on its lane, at x linear in its time; the legend lists only the kinds present")
    func realTimelines() throws {
        let lanes = ["offerer", "answerer", "session"]
        let names = ["offer-created", "answer-created", "ice-connection-state", "dtls-state", "first-decoded-frame", "outcome"]
        let kinds = names.enumerated().map { i, n in
            MilestoneTimeline.Kind(n, shape: ChartMarkers.Shape.allCases[i % ChartMarkers.Shape.allCases.count], color: ChartPalette.color(i))
        }
        let cases = try Self.timelines()
        #expect(cases.count > 50)
        for c in cases {
            let events = c.events.compactMap { e -> MilestoneTimeline.Event? in
                guard let kind = names.firstIndex(of: e.name), let lane = lanes.firstIndex(of: e.peer) else { return nil }
                return MilestoneTimeline.Event(time: e.ms, lane: lane, kind: kind, label: e.name)
            }
            guard events.count >= 2 else { continue }
            let chart = MilestoneTimeline(title: c.id, xAxis: ChartAxis("time", unit: "ms"), lanes: lanes, kinds: kinds, events: events)
            let doc = try #require(XMLCheck.parse(chart.svg().xml), "\(c.id)")
            let drawn = doc.all("g", class: "event")
            #expect(drawn.count == events.count, "\(c.id)")
            let range = chart.timeRange
            #expect(events.allSatisfy { range.contains($0.time) }, "\(c.id): the axis covers every event")
            let slope = (chart.plotRight - chart.plotLeft) / (range.upperBound - range.lowerBound)
            for (g, e) in zip(drawn.sorted { Double($0.attributes["data-time"] ?? "") ?? 0 < Double($1.attributes["data-time"] ?? "") ?? 0 },
                              events.sorted { $0.time < $1.time }) {
                let numbers = (g.attributes["transform"] ?? "").dropFirst("translate(".count).dropLast().split(separator: " ").compactMap { Double($0) }
                try #require(numbers.count == 2)
                #expect(abs(numbers[0] - (chart.plotLeft + (e.time - range.lowerBound) * slope)) <= 0.051, "\(c.id) \(e.label)")
            }
            let legend = try #require(doc.all("g", class: "legend").first)
            let present = Set(events.map { names[$0.kind] })
            #expect(Set(doc.descendants(of: legend, "text").map(\.text)) == present, "\(c.id)")
        }
    }

    @Test("an annotation sits under its arrow, inside the row, centred between the arrow's lanes")
    func ladderAnnotation() throws {
        let arrows = ["ClientHello", "ServerHello", "Certificate", "ServerHelloDone", "Certificate", "Finished"].enumerated().map { i, label in
            LadderDiagram.Arrow(from: [0, 1, 1, 1, 0, 0][i], to: [1, 0, 0, 0, 1, 1][i], label: label, note: "#\(i + 1)")
        }
        let ladder = LadderDiagram(title: "DTLS", lanes: ["client", "server"], arrows: arrows)
        let annotations = [LadderAnnotation(arrow: 2, text: "✓ matches a=fingerprint at answer.sdp:18", tone: .good),
                           LadderAnnotation(arrow: 4, text: "✗ mismatch", tone: .bad), LadderAnnotation(arrow: 9, text: "out of range", tone: .bad)]
        let doc = try #require(XMLCheck.parse(ladder.svg(annotations: annotations).xml))
        let texts = doc.all("text", class: "annotation")
        #expect(texts.map(\.text) == ["✓ matches a=fingerprint at answer.sdp:18", "✗ mismatch"])
        let groups = doc.all("g", class: "arrow")
        for t in texts {
            let i = try #require(Int(t.attributes["data-arrow"] ?? ""))
            #expect(groups[i].attributes["data-label"] == "Certificate")
            let shaft = try #require(doc.descendants(of: groups[i], "line").first)
            let y = try #require(Double(t.attributes["y"] ?? "")), arrowY = try #require(Double(shaft.attributes["y1"] ?? ""))
            let nextLabelY = try #require(doc.descendants(of: groups[i + 1], "text").compactMap { Double($0.attributes["y"] ?? "") }.min())
            // Below the shaft by more than the annotation's descent, above the next row's label baseline by more than a line.
            #expect(y > arrowY + 8 && y < nextLabelY - 8, "annotation at \(y), arrow \(arrowY), next label \(nextLabelY)")
            // Both lanes are the diagram's outer lanes: the middle of the shaft's span.
            let x1 = try #require(Double(shaft.attributes["x1"] ?? "")), x = try #require(Double(t.attributes["x"] ?? ""))
            let tip = try #require(Double(shaft.attributes["x2"] ?? ""))
            let far = tip < x1 ? tip - 8 : tip + 8  // the shaft stops 8 px short of the lane; the head covers the rest
            #expect(abs(x - (x1 + far) / 2) < 0.11, "annotation x \(x), lanes \(x1) and \(far)")
            #expect(t.hasClass(i == 2 ? "good" : "bad"))
        }
    }
}
