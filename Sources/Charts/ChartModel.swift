/// One sample of a series: `x` is usually capture time in seconds, `y` the measured
/// value. A non-finite `y` is a gap: the line is interrupted there.
public struct ChartPoint: Sendable, Hashable {
    public let x: Double
    public let y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A measured quantity over time, drawn as one SVG path.
public struct ChartSeries: Sendable, Hashable {
    /// How consecutive points are joined.
    public enum Interpolation: Sendable, Hashable {
        /// Straight segments between samples (jitter, delays).
        case linear
        /// The value holds until the next sample (bitrate per interval, counters).
        case step
    }

    /// The legend entry, e.g. `jitter`.
    public let name: String
    /// Points in increasing `x` (the decimation and the renderer rely on it).
    public let points: [ChartPoint]
    public let interpolation: Interpolation

    public init(name: String, points: [ChartPoint], interpolation: Interpolation = .linear) {
        self.name = name
        self.points = points
        self.interpolation = interpolation
    }
}

/// Events drawn as symbols: losses, NACK, PLI, FIR, retransmissions.
public struct ChartMarkers: Sendable, Hashable {
    /// A symbol shape, the second visual channel beside colour.
    public enum Shape: String, Sendable, Hashable, CaseIterable {
        case triangleDown, circle, square, diamond, cross, triangleUp
    }

    /// The legend entry, e.g. `NACK`.
    public let name: String
    /// Event times; with a `y` the symbol sits at that value, otherwise in the strip
    /// along the top of the plot area.
    public let events: [ChartPoint]
    /// `nil`: the next shape in ``Shape/allCases`` order for this chart.
    public let shape: Shape?

    public init(name: String, times: [Double], shape: Shape? = nil) {
        self.init(name: name, events: times.map { ChartPoint(x: $0, y: .nan) }, shape: shape)
    }

    public init(name: String, events: [ChartPoint], shape: Shape? = nil) {
        self.name = name
        self.events = events
        self.shape = shape
    }
}

/// An axis: what is measured and in which unit (`jitter`, `ms`).
public struct ChartAxis: Sendable, Hashable {
    public let label: String
    public let unit: String?
    /// A fixed range; `nil` fits the data (the y axis always includes 0).
    public let range: ClosedRange<Double>?

    public init(_ label: String, unit: String? = nil, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.unit = unit
        self.range = range
    }

    /// `jitter (ms)`.
    public var title: String { unit.map { "\(label) (\($0))" } ?? label }
}

/// A chart of series and markers over a shared x axis, rendered as one `<svg>`.
public struct TimeChart: Sendable, Hashable {
    public let title: String
    public let xAxis: ChartAxis
    public let yAxis: ChartAxis
    public let series: [ChartSeries]
    public let markers: [ChartMarkers]
    public let width: Double
    public let height: Double

    public init(
        title: String, xAxis: ChartAxis, yAxis: ChartAxis,
        series: [ChartSeries], markers: [ChartMarkers] = [],
        width: Double = 960, height: Double = 280
    ) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.markers = markers
        self.width = width
        self.height = height
    }
}
