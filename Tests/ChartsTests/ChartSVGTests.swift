import Charts
import ReportTestSupport
import Testing

@Suite("Charts: SVG output")
struct ChartSVGTests {
    static func jitterChart() throws -> TimeChart {
        let delta = try RealSeries.interArrival("vp8-fragmented.pcapng")
        // A second real series: the delta smoothed as RFC 3550 A.8 smooths jitter (1/16 gain).
        var j = 0.0
        var prev = delta.first?.y ?? 0
        let smoothed = delta.map { p -> ChartPoint in
            j += (abs(p.y - prev) - j) / 16
            prev = p.y
            return ChartPoint(x: p.x, y: j)
        }
        let big = delta.filter { $0.y > 30 }.map(\.x)
        return TimeChart(
            title: "VP8 <stream> & \"friends\"", xAxis: ChartAxis("capture time", unit: "s"),
            yAxis: ChartAxis("inter-arrival delta", unit: "ms"),
            series: [ChartSeries(name: "delta", points: delta),
                     ChartSeries(name: "smoothed", points: smoothed, interpolation: .step)],
            markers: [ChartMarkers(name: "delta > 30 ms", times: big), ChartMarkers(name: "valued", events: Array(delta.prefix(3)))])
    }

    @Test("the chart is well-formed XML with one path per series and per marker set")
    func wellFormed() throws {
        let chart = try Self.jitterChart()
        let xml = chart.svg().xml
        let parsed = try #require(XMLCheck.parse(xml), "not well-formed:\n\(xml.prefix(400))")
        #expect(parsed.elements.first?.name == "svg")
        #expect(parsed.all("path", class: "series").map { $0.attributes["data-name"] } == ["delta", "smoothed"])
        #expect(parsed.all("path", class: "markers").map { $0.attributes["data-name"] } == ["delta > 30 ms", "valued"])
        // The title survives escaping exactly.
        #expect(parsed.all("title").first?.text == "VP8 <stream> & \"friends\"")
        // Axis titles carry units.
        #expect(parsed.all("text", class: "axis-title").map(\.text) == ["capture time (s)", "inter-arrival delta (ms)"])
        // The legend names every series and counts every marker set.
        let legend = parsed.all("text").map(\.text)
        #expect(legend.contains("delta") && legend.contains("smoothed"))
        #expect(legend.contains("delta > 30 ms (\(chart.markers[0].events.count))"))
    }

    @Test("series differ by dash pattern, not only by colour; markers by shape")
    func secondVisualChannel() throws {
        let parsed = try #require(XMLCheck.parse(try Self.jitterChart().svg().xml))
        let series = parsed.all("path", class: "series")
        #expect(Set(series.map { $0.attributes["stroke"] ?? "" }).count == 2)
        #expect(Set(series.map { $0.attributes["stroke-dasharray"] ?? "solid" }).count == 2)
        let markers = parsed.all("path", class: "markers").map { $0.attributes["d"] ?? "" }
        // Different shapes use different path commands (triangle: h/l, circle: a arcs …).
        #expect(markers[0] != markers[1])
        #expect(ChartPalette.colors.allSatisfy { $0 != "#FF0000" && $0 != "#00FF00" })
    }

    @Test("the path of a series visits the drawn extremes")
    func pathCoversExtremes() throws {
        let chart = try Self.jitterChart()
        let parsed = try #require(XMLCheck.parse(chart.svg().xml))
        let d = try #require(parsed.all("path", class: "series").first?.attributes["d"])
        let numbers = d.split(whereSeparator: { "MLHV ".contains($0) }).compactMap { Double($0) }
        let ys = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
        let l = chart.layout
        // The largest delta is drawn at the top of the value range (smallest y in SVG), the smallest near the axis.
        #expect(ys.min()! >= l.plotTop && ys.max()! <= l.plotBottom)
        #expect(numbers.count / 2 == chart.drawnSeries[0].points.count)
    }

    @Test("text and attribute values are escaped; forbidden control characters replaced")
    func escaping() throws {
        let svg = SVGElement.svg(width: 10, height: 10)
            .appending(SVGElement.text("a<b>&c\u{1}", x: 1, y: 2).attribute("data-x", "\"q\"\n<&>"))
        let parsed = try #require(XMLCheck.parse(svg.xml))
        let text = try #require(parsed.all("text").first)
        #expect(text.text == "a<b>&c\u{FFFD}")
        #expect(text.attributes["data-x"] == "\"q\"\n<&>")
    }

    @Test("ticks are 1, 2 or 5 times a power of ten and cover the range")
    func ticks() {
        for range in [0.0...0.37, 0.0...97.3, 3.2...1024, -5...5, 0...0.0] {
            let t = AxisTicks(covering: range)
            #expect(t.range.lowerBound <= range.lowerBound && t.range.upperBound >= range.upperBound)
            var mantissa = t.step
            while mantissa >= 10 { mantissa /= 10 }
            while mantissa < 1 { mantissa *= 10 }
            #expect([1.0, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(t.step)")
            #expect(t.values.count >= 2 && t.values.count <= 12)
        }
        #expect(AxisTicks(covering: 0...0.37).label(0.2) == "0.2")
        #expect(AxisTicks(covering: 0...97).label(40) == "40")
    }
}
