/// A message sequence ("ladder") diagram: one vertical lane per peer, one arrow per
/// message in order, top to bottom, as a DTLS handshake (RFC 6347 §4.2.4) is drawn.
public struct LadderDiagram: Sendable, Hashable {
    /// One arrow.
    public struct Arrow: Sendable, Hashable {
        /// How an arrow is drawn: alerts are dashed and marked, not only coloured.
        public enum Kind: String, Sendable, Hashable { case message, alert }

        public let from: Int
        public let to: Int
        public let label: String
        /// Shown at the left margin, e.g. the frame number `#12`.
        public let note: String
        public let kind: Kind

        public init(from: Int, to: Int, label: String, note: String = "", kind: Kind = .message) {
            self.from = from
            self.to = to
            self.label = label
            self.note = note
            self.kind = kind
        }
    }

    public let title: String
    /// Lane names, left to right (e.g. `client 127.0.0.1:5000`).
    public let lanes: [String]
    public let arrows: [Arrow]
    public let width: Double

    public init(title: String, lanes: [String], arrows: [Arrow], width: Double = 760) {
        self.title = title
        self.lanes = lanes
        self.arrows = arrows
        self.width = width
    }

    static let rowHeight = 26.0
    static let top = 58.0

    public var height: Double { Self.top + Double(arrows.count) * Self.rowHeight + 24 }

    /// The diagram as an `<svg>`; each arrow is a `<g class="arrow">` (alerts also `alert`).
    public func svg() -> SVGElement {
        let left = 90.0, right = width - 30
        let laneCount = max(2, lanes.count)
        func laneX(_ i: Int) -> Double { left + (right - left) * Double(min(max(i, 0), laneCount - 1)) / Double(laneCount - 1) }
        var root = SVGElement.svg(width: width, height: height)
            .attribute("class", "chart ladder")
            .attribute("role", "img")
            .attribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif")
            .attribute("font-size", "11")
            .appending(.title(title))
            .appending(SVGElement.rect(x: 0, y: 0, width: width, height: height).attribute("fill", "#ffffff"))
            .appending(SVGElement.text(title, x: 10, y: 16).attribute("font-size", "13").attribute("font-weight", "bold"))
        for (i, lane) in lanes.enumerated() {
            let x = laneX(i)
            root = root.appending([
                SVGElement.text(lane, x: x, y: 40).attribute("text-anchor", i == 0 ? "start" : i == lanes.count - 1 ? "end" : "middle")
                    .attribute("font-weight", "bold").attribute("fill", ChartPalette.ink).attribute("class", "lane"),
                SVGElement.line(x1: x, y1: Self.top - 10, x2: x, y2: height - 10)
                    .attribute("stroke", ChartPalette.ink).attribute("stroke-width", "1.5"),
            ])
        }
        for (n, arrow) in arrows.enumerated() {
            let y = Self.top + Double(n) * Self.rowHeight + 16
            let x1 = laneX(arrow.from), x2 = laneX(arrow.to)
            let direction = x2 >= x1 ? 1.0 : -1.0
            let colour = arrow.kind == .alert ? ChartPalette.color(1) : ChartPalette.color(0)
            var shaft = SVGElement.line(x1: x1, y1: y, x2: x2 - direction * 8, y2: y)
                .attribute("stroke", colour).attribute("stroke-width", arrow.kind == .alert ? "2" : "1.5")
            if arrow.kind == .alert { shaft = shaft.attribute("stroke-dasharray", "6 3") }
            let f = SVGNumber.format
            let head = SVGElement.path("M\(f(x2)) \(f(y))l\(f(-direction * 9)) -4.5v9z").attribute("fill", colour)
            let label = (arrow.kind == .alert ? "⚠ " : "") + arrow.label
            let g = SVGElement.group(class: arrow.kind == .alert ? "arrow alert" : "arrow")
                .attribute("data-label", arrow.label)
                .appending([
                    SVGElement.text(arrow.note, x: 10, y: y + 4).attribute("fill", ChartPalette.ink),
                    shaft, head,
                    SVGElement.text(label, x: (x1 + x2) / 2, y: y - 5).attribute("text-anchor", "middle")
                        .attribute("fill", arrow.kind == .alert ? colour : ChartPalette.ink),
                ])
            root = root.appending(g)
        }
        return root
    }
}
