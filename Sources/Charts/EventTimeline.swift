/// Events on parallel rows over a shared time axis: one row per ICE candidate pair with
/// its requests and responses, or one row per test case with offer → answer → ICE →
/// DTLS → first frame. Event kinds differ by marker shape and colour.
public struct EventTimeline: Sendable, Hashable {
    /// A kind of event, as listed in the legend.
    public struct Kind: Sendable, Hashable {
        public let name: String
        public let shape: ChartMarkers.Shape

        public init(_ name: String, shape: ChartMarkers.Shape) {
            self.name = name
            self.shape = shape
        }
    }

    /// One row: a label and its events (`kind` indexes ``EventTimeline/kinds``).
    public struct Row: Sendable, Hashable {
        public let label: String
        public let events: [(time: Double, kind: Int)]

        public init(label: String, events: [(time: Double, kind: Int)]) {
            self.label = label
            self.events = events
        }

        public static func == (a: Row, b: Row) -> Bool {
            a.label == b.label && a.events.map(\.time) == b.events.map(\.time) && a.events.map(\.kind) == b.events.map(\.kind)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(label)
            for e in events { hasher.combine(e.time); hasher.combine(e.kind) }
        }
    }

    public let title: String
    public let xAxis: ChartAxis
    public let kinds: [Kind]
    public let rows: [Row]
    public let width: Double

    public init(title: String, xAxis: ChartAxis, kinds: [Kind], rows: [Row], width: Double = 960) {
        self.title = title
        self.xAxis = xAxis
        self.kinds = kinds
        self.rows = rows
        self.width = width
    }

    static let rowHeight = 22.0

    /// Room for row labels: about 6.2 px per character, 120 to 360 px.
    var labelWidth: Double { min(360, max(120, 6.2 * Double(rows.map(\.label.count).max() ?? 0) + 16)) }

    public var height: Double { 52 + Double(rows.count) * Self.rowHeight + 40 }

    /// The timeline as an `<svg>`: each row a `<g class="row">`, each kind's events in a row
    /// one `<path class="events">` (events at the same pixel drawn once, counted in its title).
    public func svg() -> SVGElement {
        let left = labelWidth, right = width - 18, top = 52.0
        let bottom = top + Double(rows.count) * Self.rowHeight
        var lo = Double.infinity, hi = -Double.infinity
        for r in rows { for e in r.events where e.time.isFinite { lo = min(lo, e.time); hi = max(hi, e.time) } }
        let range = xAxis.range ?? (lo.isFinite ? (lo == hi ? lo...(lo + 1) : lo...hi) : 0...1)
        let ticks = AxisTicks(covering: range, target: max(2, Int((right - left) / 110)))
        let xr = xAxis.range ?? ticks.range
        func px(_ t: Double) -> Double { left + (t - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * (right - left) }

        var root = SVGElement.svg(width: width, height: height)
            .attribute("class", "chart timeline").attribute("role", "img")
            .attribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif").attribute("font-size", "11")
            .appending(.title(title))
            .appending(SVGElement.rect(x: 0, y: 0, width: width, height: height).attribute("fill", "#ffffff"))
            .appending(SVGElement.text(title, x: 10, y: 16).attribute("font-size", "13").attribute("font-weight", "bold"))
        // Legend.
        var x = left
        var legend = SVGElement.group(class: "legend").attribute("fill", ChartPalette.ink)
        for (i, kind) in kinds.enumerated() {
            legend = legend.appending([marker(kind.shape, i, x: x + 6, y: 30), SVGElement.text(kind.name, x: x + 16, y: 34)])
            x += 30 + 6.5 * Double(kind.name.count)
        }
        root = root.appending(legend)
        // Grid and ticks.
        var grid = SVGElement.group(class: "grid").attribute("stroke", ChartPalette.grid)
        var labels = SVGElement.group(class: "ticks").attribute("fill", ChartPalette.ink)
        for v in ticks.values where xr.contains(v) {
            grid = grid.appending(.line(x1: px(v), y1: top, x2: px(v), y2: bottom))
            labels = labels.appending(SVGElement.text(ticks.label(v), x: px(v), y: bottom + 14).attribute("text-anchor", "middle"))
        }
        root = root.appending([grid, labels])
        root = root.appending(SVGElement.text(xAxis.title, x: (left + right) / 2, y: height - 8)
            .attribute("text-anchor", "middle").attribute("class", "axis-title x").attribute("fill", ChartPalette.ink))
        // Rows.
        for (n, row) in rows.enumerated() {
            let y = top + Double(n) * Self.rowHeight + Self.rowHeight / 2
            var g = SVGElement.group(class: "row").attribute("data-label", row.label)
                .appending(SVGElement.line(x1: left, y1: y, x2: right, y2: y).attribute("stroke", ChartPalette.grid))
                .appending(SVGElement.text(row.label, x: left - 8, y: y + 4).attribute("text-anchor", "end").attribute("fill", ChartPalette.ink))
            for (k, kind) in kinds.enumerated() {
                let times = row.events.filter { $0.kind == k && $0.time.isFinite }.map(\.time)
                guard !times.isEmpty else { continue }
                var seen = Set<Int>()
                var d = ""
                for t in times where seen.insert(Int(px(t).rounded())).inserted { d += TimeChart.symbol(kind.shape, x: px(t), y: y) }
                g = g.appending(SVGElement.path(d).attribute("class", "events").attribute("data-kind", kind.name)
                    .attribute("data-count", String(times.count))
                    .attribute("fill", kind.shape == .cross ? "none" : ChartPalette.color(k))
                    .attribute("stroke", ChartPalette.color(k)).attribute("stroke-width", kind.shape == .cross ? "1.6" : "0.8")
                    .appending(.title("\(kind.name): \(times.count)")))
            }
            root = root.appending(g)
        }
        return root.appending(SVGElement.line(x1: left, y1: bottom, x2: right, y2: bottom).attribute("stroke", ChartPalette.ink))
    }

    private func marker(_ shape: ChartMarkers.Shape, _ i: Int, x: Double, y: Double) -> SVGElement {
        SVGElement.path(TimeChart.symbol(shape, x: x, y: y))
            .attribute("fill", shape == .cross ? "none" : ChartPalette.color(i))
            .attribute("stroke", ChartPalette.color(i)).attribute("stroke-width", shape == .cross ? "1.6" : "0.8")
    }
}
