/// The milestones of one run drawn to scale: one lane per participant (e.g. offerer,
/// answerer, session), one symbol per event at its time, so the gaps between offer,
/// answer, ICE, DTLS and the first frame read as distances.
///
/// Unlike ``EventTimeline`` (many events per row, merged per pixel) every event is its
/// own `<g class="event">` positioned with `transform="translate(x y)"` and carrying its
/// time, lane and kind as data attributes and its description as a `<title>` tooltip,
/// so a reader (or a test) can match each drawn symbol to the event it stands for.
public struct MilestoneTimeline: Sendable, Hashable {
    /// A kind of event, as listed in the legend: shape and colour, and hollow or filled,
    /// so kinds differ without colour.
    public struct Kind: Sendable, Hashable {
        public let name: String
        public let shape: ChartMarkers.Shape
        public let color: String
        public let hollow: Bool

        public init(_ name: String, shape: ChartMarkers.Shape, color: String, hollow: Bool = false) {
            self.name = name
            self.shape = shape
            self.color = color
            self.hollow = hollow
        }
    }

    /// One event: `lane` indexes ``lanes``, `kind` indexes ``kinds``.
    public struct Event: Sendable, Hashable {
        public let time: Double
        public let lane: Int
        public let kind: Int
        /// The tooltip, e.g. `answerer ice-connection-state connected`.
        public let label: String

        public init(time: Double, lane: Int, kind: Int, label: String) {
            self.time = time
            self.lane = lane
            self.kind = kind
            self.label = label
        }
    }

    public let title: String
    public let xAxis: ChartAxis
    public let lanes: [String]
    public let kinds: [Kind]
    public let events: [Event]
    public let width: Double

    public init(title: String, xAxis: ChartAxis, lanes: [String], kinds: [Kind], events: [Event], width: Double = 960) {
        self.title = title
        self.xAxis = xAxis
        self.lanes = lanes
        self.kinds = kinds
        self.events = events
        self.width = width
    }

    static let laneHeight = 24.0
    static let top = 50.0

    public var height: Double { Self.top + Double(max(1, lanes.count)) * Self.laneHeight + 40 }

    /// Left edge of the plot area: room for the lane names.
    public var plotLeft: Double { min(200, max(80, 6.5 * Double(lanes.map(\.count).max() ?? 0) + 16)) }
    public var plotRight: Double { width - 18 }

    /// The time range the plot area spans: the axis's, else the events' range widened to
    /// whole tick steps.
    public var timeRange: ClosedRange<Double> {
        if let range = xAxis.range { return range }
        return ticks.range
    }

    var ticks: AxisTicks {
        var lo = Double.infinity, hi = -Double.infinity
        for e in events where e.time.isFinite { lo = min(lo, e.time); hi = max(hi, e.time) }
        let range = xAxis.range ?? (lo.isFinite ? (lo == hi ? lo...(lo + 1) : lo...hi) : 0...1)
        return AxisTicks(covering: range, target: max(2, Int((plotRight - plotLeft) / 100)))
    }

    /// The x coordinate of a time: linear over the plot area.
    public func x(_ time: Double) -> Double {
        let r = timeRange
        return plotLeft + (time - r.lowerBound) / (r.upperBound - r.lowerBound) * (plotRight - plotLeft)
    }

    /// The y coordinate of a lane's centre line.
    public func y(lane: Int) -> Double { Self.top + Double(lane) * Self.laneHeight + Self.laneHeight / 2 }

    /// The timeline as an `<svg class="chart milestones">`.
    public func svg() -> SVGElement {
        let left = plotLeft, right = plotRight
        let bottom = Self.top + Double(max(1, lanes.count)) * Self.laneHeight
        let ticks = self.ticks
        let range = timeRange
        var root = SVGElement.svg(width: width, height: height)
            .attribute("class", "chart milestones").attribute("role", "img")
            .attribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif").attribute("font-size", "11")
            .appending(.title(title))
            .appending(SVGElement.rect(x: 0, y: 0, width: width, height: height).attribute("fill", "#ffffff"))
            .appending(SVGElement.text(title, x: 10, y: 16).attribute("font-size", "12").attribute("font-weight", "bold"))

        // Legend: only the kinds present, in kind order.
        let present = Set(events.map(\.kind))
        var legend = SVGElement.group(class: "legend").attribute("fill", ChartPalette.ink)
        var lx = left
        for (i, kind) in kinds.enumerated() where present.contains(i) {
            let w = 26 + 6.2 * Double(kind.name.count)
            if lx + w > right { break }
            legend = legend.appending([symbol(kind, x: lx + 5, y: 30), SVGElement.text(kind.name, x: lx + 14, y: 34)])
            lx += w
        }
        root = root.appending(legend)

        var grid = SVGElement.group(class: "grid").attribute("stroke", ChartPalette.grid)
        var labels = SVGElement.group(class: "ticks").attribute("fill", ChartPalette.ink)
        for v in ticks.values where range.contains(v) {
            grid = grid.appending(.line(x1: x(v), y1: Self.top, x2: x(v), y2: bottom))
            labels = labels.appending(SVGElement.text(ticks.label(v), x: x(v), y: bottom + 14).attribute("text-anchor", "middle"))
        }
        root = root.appending([grid, labels])
        root = root.appending(SVGElement.text(xAxis.title, x: (left + right) / 2, y: height - 8)
            .attribute("text-anchor", "middle").attribute("class", "axis-title x").attribute("fill", ChartPalette.ink))
        for (i, lane) in lanes.enumerated() {
            root = root.appending([
                SVGElement.line(x1: left, y1: y(lane: i), x2: right, y2: y(lane: i)).attribute("stroke", "#b0b0b0"),
                SVGElement.text(lane, x: left - 8, y: y(lane: i) + 4).attribute("text-anchor", "end")
                    .attribute("fill", ChartPalette.ink).attribute("class", "lane"),
            ])
        }
        root = root.appending(SVGElement.line(x1: left, y1: bottom, x2: right, y2: bottom).attribute("stroke", ChartPalette.ink))

        // One group per kind carries the paint; each event is a translated copy of the kind's symbol.
        let f = SVGNumber.format
        for (k, kind) in kinds.enumerated() {
            let mine = events.filter { $0.kind == k && $0.time.isFinite && lanes.indices.contains($0.lane) }
            guard !mine.isEmpty else { continue }
            let open = kind.hollow || kind.shape == .cross
            var group = SVGElement.group(class: "events")
                .attribute("fill", open ? "#ffffff" : kind.color).attribute("stroke", kind.color)
                .attribute("stroke-width", open ? "1.6" : "0.8")
            let shape = TimeChart.symbol(kind.shape, x: 0, y: 0)
            for event in mine {
                group = group.appending(SVGElement.group(class: "event")
                    .attribute("data-kind", kind.name)
                    .attribute("data-lane", lanes[event.lane])
                    .attribute("data-time", String(event.time))
                    .attribute("transform", "translate(\(f(x(event.time))) \(f(y(lane: event.lane))))")
                    .appending(.path(shape))
                    .appending(.title(event.label)))
            }
            root = root.appending(group)
        }
        return root
    }

    private func symbol(_ kind: Kind, x: Double, y: Double) -> SVGElement {
        let open = kind.hollow || kind.shape == .cross
        return SVGElement.path(TimeChart.symbol(kind.shape, x: x, y: y))
            .attribute("fill", open ? "#ffffff" : kind.color)
            .attribute("stroke", kind.color)
            .attribute("stroke-width", open ? "1.6" : "0.8")
    }
}
