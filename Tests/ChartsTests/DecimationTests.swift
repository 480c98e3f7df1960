import Charts
import Testing

@Suite("Charts: min/max decimation")
struct DecimationTests {
    static let captures = ["pcmu-impaired.pcap", "vp8-fragmented.pcapng", "webrtc.pcapng"]

    @Test("each column keeps exactly the data's minimum and maximum", arguments: captures, [3, 11, 40])
    func bucketsKeepExtremes(capture: String, pointsPerColumn: Int) throws {
        let points = try RealSeries.interArrival(capture)
        let columns = max(1, points.count / pointsPerColumn)
        #expect(points.count > 2 * columns, "the fixture is too small to need decimation")
        let decimated = Decimation.decimate(points, columns: columns)
        #expect(decimated.count <= 2 * columns)
        #expect(decimated.count < points.count)
        // Every kept point is a real sample, in the original order.
        var cursor = points.startIndex
        for p in decimated {
            guard let found = points[cursor...].firstIndex(of: p) else {
                Issue.record("\(p) is not a sample of \(capture) (or is out of order)")
                return
            }
            cursor = found + 1
        }
        // Per bucket, the same extremes as the full data.
        let lo = points.first!.x, hi = points.last!.x
        let scale = Double(columns) / (hi - lo)
        func column(_ x: Double) -> Int { min(columns - 1, Int(((x - lo) * scale).rounded(.down))) }
        let full = Dictionary(grouping: points, by: { column($0.x) })
        let kept = Dictionary(grouping: decimated, by: { column($0.x) })
        #expect(Set(full.keys) == Set(kept.keys))
        for (c, samples) in full {
            let ys = samples.map(\.y), keptYs = kept[c, default: []].map(\.y)
            #expect(keptYs.min() == ys.min() && keptYs.max() == ys.max(), "column \(c)")
        }
        #expect(decimated.map(\.y).max() == points.map(\.y).max())
        #expect(decimated.map(\.y).min() == points.map(\.y).min())
    }

    @Test("a series that fits the columns is returned unchanged")
    func smallSeriesUnchanged() throws {
        let points = try RealSeries.interArrival("pcmu-impaired.pcap")
        #expect(Decimation.decimate(points, columns: points.count) == points)
        #expect(decimate(ChartSeries(name: "delta", points: points), columns: 1000).points == points)
    }

    @Test("a gap (non-finite value) splits buckets and is kept")
    func gapsSurvive() throws {
        var points = try RealSeries.interArrival("vp8-fragmented.pcapng")
        let gapIndex = points.count / 2
        points[gapIndex] = ChartPoint(x: points[gapIndex].x, y: .nan)
        let decimated = Decimation.decimate(points, columns: 10)
        #expect(decimated.filter { $0.y.isNaN }.count == 1)
        let before = points[..<gapIndex].map(\.y), after = points[(gapIndex + 1)...].map(\.y)
        let gapAt = decimated.firstIndex { $0.y.isNaN }!
        #expect(decimated[..<gapAt].map(\.y).max() == before.max())
        #expect(decimated[(gapAt + 1)...].map(\.y).max() == after.max())
        #expect(decimated[(gapAt + 1)...].map(\.y).min() == after.min())
    }

    @Test("the chart draws one decimated point pair per pixel column at most")
    func chartDecimatesToWidth() throws {
        let points = try RealSeries.interArrival("webrtc.pcapng")
        let chart = TimeChart(title: "t", xAxis: ChartAxis("capture time", unit: "s"),
                              yAxis: ChartAxis("inter-arrival delta", unit: "ms"),
                              series: [ChartSeries(name: "delta", points: points)], width: 300, height: 200)
        let drawn = chart.drawnSeries[0].points
        #expect(drawn.count <= 2 * chart.layout.columns)
        #expect(drawn.map(\.y).max() == points.map(\.y).max())
    }
}
