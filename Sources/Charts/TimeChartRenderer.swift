/// Drawing a ``TimeChart`` as SVG: plot area, grid, axes with ticks, labels and units,
/// a legend, one `<path class="series">` per series and one `<path class="markers">`
/// per marker set.
///
/// Series are decimated to min/max per pixel column of the plot area (``Decimation``)
/// before drawing, so the size of the SVG depends on the chart's width, not on the
/// number of packets, and every extreme value is still drawn.
extension TimeChart {
    /// The layout the chart is drawn with, in SVG user units (CSS pixels).
    public struct Layout: Sendable, Hashable {
        public let plotLeft: Double
        public let plotRight: Double
        public let plotTop: Double
        public let plotBottom: Double
        /// Rows at the top of the plot area for markers without a value.
        public let stripHeight: Double

        public var plotWidth: Double { plotRight - plotLeft }
        /// The number of decimation buckets: one per whole pixel column.
        public var columns: Int { max(1, Int(plotWidth.rounded(.down))) }
    }

    static let stripRow = 11.0

    public var layout: Layout {
        let stripRows = markers.filter { m in m.events.contains { !$0.y.isFinite } }.count
        let legendRows = Double(legendLines.count)
        return Layout(plotLeft: 64, plotRight: width - 18, plotTop: 30 + 16 * legendRows,
                      plotBottom: height - 42, stripHeight: Double(stripRows) * Self.stripRow)
    }

    /// The x range: the axis's, else that of all series and markers.
    public var xRange: ClosedRange<Double> {
        if let r = xAxis.range { return r }
        var lo = Double.infinity, hi = -Double.infinity
        for s in series { for p in s.points where p.x.isFinite { lo = min(lo, p.x); hi = max(hi, p.x) } }
        for m in markers { for p in m.events where p.x.isFinite { lo = min(lo, p.x); hi = max(hi, p.x) } }
        guard lo.isFinite, hi.isFinite else { return 0...1 }
        return lo == hi ? lo...(hi + 1) : lo...hi
    }

    /// The y range before widening to ticks: the axis's, else 0 through the data's
    /// extremes (values on the chart's markers included).
    public var yDataRange: ClosedRange<Double> {
        if let r = yAxis.range { return r }
        var lo = 0.0, hi = 0.0
        for s in series { for p in s.points where p.y.isFinite { lo = min(lo, p.y); hi = max(hi, p.y) } }
        for m in markers { for p in m.events where p.y.isFinite { lo = min(lo, p.y); hi = max(hi, p.y) } }
        return lo == hi ? lo...(lo + 1) : lo...hi
    }

    /// The series as drawn (decimated to the plot area's pixel columns).
    public var drawnSeries: [ChartSeries] {
        let columns = layout.columns, range = xRange
        return series.map { decimate($0, columns: columns, xRange: range) }
    }

    /// The chart as an `<svg>` element.
    public func svg() -> SVGElement {
        let l = layout
        let xTicks = AxisTicks(covering: xRange, target: max(2, Int(l.plotWidth / 110)))
        let yTicks = AxisTicks(covering: yDataRange, target: 5)
        let xr = xAxis.range ?? xRange
        let yr = yTicks.range
        let valueTop = l.plotTop + l.stripHeight
        func px(_ x: Double) -> Double { l.plotLeft + (x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * l.plotWidth }
        func py(_ y: Double) -> Double {
            let clamped = min(max(y, yr.lowerBound), yr.upperBound)
            return l.plotBottom - (clamped - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * (l.plotBottom - valueTop)
        }

        var root = SVGElement.svg(width: width, height: height)
            .attribute("class", "chart")
            .attribute("role", "img")
            .attribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif")
            .attribute("font-size", "11")
            .appending(.title(title))
            .appending(SVGElement.rect(x: 0, y: 0, width: width, height: height).attribute("fill", "#ffffff"))
            .appending(SVGElement.text(title, x: l.plotLeft, y: 16).attribute("font-size", "13").attribute("font-weight", "bold"))

        // Grid and tick labels.
        var grid = SVGElement.group(class: "grid").attribute("stroke", ChartPalette.grid).attribute("stroke-width", "1")
        var labels = SVGElement.group(class: "ticks").attribute("fill", ChartPalette.ink)
        for v in xTicks.values where xr.contains(v) {
            let x = px(v)
            grid = grid.appending(.line(x1: x, y1: valueTop, x2: x, y2: l.plotBottom))
            labels = labels.appending(SVGElement.text(xTicks.label(v), x: x, y: l.plotBottom + 14).attribute("text-anchor", "middle"))
        }
        for v in yTicks.values {
            let y = py(v)
            grid = grid.appending(.line(x1: l.plotLeft, y1: y, x2: l.plotRight, y2: y))
            labels = labels.appending(SVGElement.text(yTicks.label(v), x: l.plotLeft - 6, y: y + 4).attribute("text-anchor", "end"))
        }
        root = root.appending([grid, labels])

        // Axes and their titles.
        let axes = SVGElement.group(class: "axes").attribute("stroke", ChartPalette.ink).attribute("stroke-width", "1")
            .appending(.line(x1: l.plotLeft, y1: l.plotBottom, x2: l.plotRight, y2: l.plotBottom))
            .appending(.line(x1: l.plotLeft, y1: l.plotTop, x2: l.plotLeft, y2: l.plotBottom))
        let xTitle = SVGElement.text(xAxis.title, x: (l.plotLeft + l.plotRight) / 2, y: height - 8)
            .attribute("text-anchor", "middle").attribute("class", "axis-title x").attribute("fill", ChartPalette.ink)
        let yMid = (valueTop + l.plotBottom) / 2
        let yTitle = SVGElement.text(yAxis.title, x: 14, y: yMid)
            .attribute("text-anchor", "middle").attribute("class", "axis-title y").attribute("fill", ChartPalette.ink)
            .attribute("transform", "rotate(-90 14 \(SVGNumber.format(yMid)))")
        root = root.appending([axes, xTitle, yTitle])

        // Series.
        for (i, s) in drawnSeries.enumerated() {
            var path = SVGElement.path(pathData(s, x: px, y: py))
                .attribute("class", "series")
                .attribute("data-name", s.name)
                .attribute("fill", "none")
                .attribute("stroke", ChartPalette.color(i))
                .attribute("stroke-width", "1.5")
                .attribute("stroke-linejoin", "round")
            if let dash = ChartPalette.dash(i) { path = path.attribute("stroke-dasharray", dash) }
            root = root.appending(path.appending(.title("\(s.name): \(series[i].points.count) samples")))
        }

        // Markers: valued ones at their value, the others each in a strip row.
        var stripRow = 0
        for (i, m) in markers.enumerated() {
            let shape = m.shape ?? ChartMarkers.Shape.allCases[i % ChartMarkers.Shape.allCases.count]
            let rowY = l.plotTop + Double(stripRow) * Self.stripRow + Self.stripRow / 2
            if m.events.contains(where: { !$0.y.isFinite }) { stripRow += 1 }
            var seen = Set<Int>()
            var d = ""
            for e in m.events where e.x.isFinite {
                let x = px(e.x), y = e.y.isFinite ? py(e.y) : rowY
                guard seen.insert(Int(x.rounded()) &* 100_000 &+ Int(y.rounded())).inserted else { continue }
                d += Self.symbol(shape, x: x, y: y)
            }
            let path = SVGElement.path(d)
                .attribute("class", "markers")
                .attribute("data-name", m.name)
                .attribute("fill", shape == .cross ? "none" : ChartPalette.markerColor(i))
                .attribute("stroke", ChartPalette.markerColor(i))
                .attribute("stroke-width", shape == .cross ? "1.6" : "0.8")
                .appending(.title("\(m.name): \(m.events.count)"))
            root = root.appending(path)
        }
        return root.appending(legend(y: 34))
    }

    /// Legend entries: series then markers, laid out in lines that fit the width.
    var legendEntries: [(label: String, kind: LegendKind)] {
        series.enumerated().map { i, s in (s.name, LegendKind.series(i)) }
            + markers.enumerated().map { i, m in ("\(m.name) (\(m.events.count))", LegendKind.markers(i)) }
    }

    enum LegendKind { case series(Int), markers(Int) }

    /// Entries per legend line (a rough 6.5 px per character at 11 px).
    var legendLines: [[(label: String, kind: LegendKind)]] {
        var lines: [[(label: String, kind: LegendKind)]] = [[]]
        var x = 64.0
        for entry in legendEntries {
            let w = 34 + 6.5 * Double(entry.label.count) + 14
            if x + w > width - 18, !(lines.last?.isEmpty ?? true) {
                lines.append([])
                x = 64
            }
            lines[lines.count - 1].append(entry)
            x += w
        }
        return lines.filter { !$0.isEmpty }
    }

    private func legend(y top: Double) -> SVGElement {
        var g = SVGElement.group(class: "legend").attribute("fill", ChartPalette.ink)
        for (row, line) in legendLines.enumerated() {
            var x = 64.0
            let y = top + 16 * Double(row)
            for entry in line {
                switch entry.kind {
                case .series(let i):
                    var swatch = SVGElement.line(x1: x, y1: y - 4, x2: x + 26, y2: y - 4)
                        .attribute("stroke", ChartPalette.color(i)).attribute("stroke-width", "2")
                    if let dash = ChartPalette.dash(i) { swatch = swatch.attribute("stroke-dasharray", dash) }
                    g = g.appending(swatch)
                case .markers(let i):
                    let shape = markers[i].shape ?? ChartMarkers.Shape.allCases[i % ChartMarkers.Shape.allCases.count]
                    g = g.appending(SVGElement.path(Self.symbol(shape, x: x + 13, y: y - 4))
                        .attribute("fill", shape == .cross ? "none" : ChartPalette.markerColor(i))
                        .attribute("stroke", ChartPalette.markerColor(i))
                        .attribute("stroke-width", shape == .cross ? "1.6" : "0.8"))
                }
                g = g.appending(SVGElement.text(entry.label, x: x + 32, y: y))
                x += 34 + 6.5 * Double(entry.label.count) + 14
            }
        }
        return g
    }

    /// The path data of one series (absolute commands, one decimal).
    func pathData(_ s: ChartSeries, x px: (Double) -> Double, y py: (Double) -> Double) -> String {
        var d = ""
        d.reserveCapacity(s.points.count * 14)
        var open = false
        for p in s.points {
            guard p.x.isFinite, p.y.isFinite else {
                open = false
                continue
            }
            let x = SVGNumber.format(px(p.x)), y = SVGNumber.format(py(p.y))
            if !open {
                d += d.isEmpty ? "M\(x) \(y)" : " M\(x) \(y)"
                open = true
            } else if s.interpolation == .step {
                d += "H\(x)V\(y)"
            } else {
                d += "L\(x) \(y)"
            }
        }
        return d
    }

    /// A closed symbol path centred on (x, y), about 8 px across.
    static func symbol(_ shape: ChartMarkers.Shape, x: Double, y: Double) -> String {
        func f(_ v: Double) -> String { SVGNumber.format(v) }
        switch shape {
        case .triangleDown: return "M\(f(x - 4)) \(f(y - 3))h8l-4 7z"
        case .triangleUp: return "M\(f(x - 4)) \(f(y + 3))h8l-4 -7z"
        case .square: return "M\(f(x - 3.5)) \(f(y - 3.5))h7v7h-7z"
        case .diamond: return "M\(f(x)) \(f(y - 4.5))l4.5 4.5l-4.5 4.5l-4.5 -4.5z"
        case .circle: return "M\(f(x - 3.5)) \(f(y))a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0z"
        case .cross: return "M\(f(x - 4)) \(f(y - 4))l8 8m0 -8l-8 8"
        }
    }
}
