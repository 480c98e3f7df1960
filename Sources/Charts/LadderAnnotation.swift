/// A short verdict written beside one arrow of a ``LadderDiagram``, e.g. the result of
/// comparing a DTLS Certificate with the `a=fingerprint` the signalling announced
/// (RFC 8122 §5): `✓ matches … offer.sdp:12` or `✗ mismatch: … expects sha-256 …`.
///
/// The verdict is told by its symbol and words; colour only repeats it.
public struct LadderAnnotation: Sendable, Hashable {
    public enum Tone: String, Sendable, Hashable { case good, bad }

    /// The index of the arrow (in ``LadderDiagram/arrows``) it belongs to.
    public let arrow: Int
    public let text: String
    public let tone: Tone

    public init(arrow: Int, text: String, tone: Tone) {
        self.arrow = arrow
        self.text = text
        self.tone = tone
    }
}

extension LadderDiagram {
    /// The diagram with each annotation written just under its arrow, centred between the
    /// arrow's lanes (the row has room between the arrow and the next label), as
    /// `<text class="annotation good|bad" data-arrow="N">`.
    public func svg(annotations: [LadderAnnotation]) -> SVGElement {
        var root = svg()
        let left = 90.0, right = width - 30
        let laneCount = max(2, lanes.count)
        func laneX(_ i: Int) -> Double { left + (right - left) * Double(min(max(i, 0), laneCount - 1)) / Double(laneCount - 1) }
        for a in annotations where arrows.indices.contains(a.arrow) {
            let y = Self.top + Double(a.arrow) * Self.rowHeight + 16
            let arrow = arrows[a.arrow]
            root = root.appending(SVGElement.text(a.text, x: (laneX(arrow.from) + laneX(arrow.to)) / 2, y: y + 10.5)
                .attribute("class", "annotation \(a.tone.rawValue)")
                .attribute("data-arrow", String(a.arrow))
                .attribute("text-anchor", "middle")
                .attribute("font-size", "10")
                .attribute("font-weight", "bold")
                .attribute("fill", a.tone == .good ? "#007A5A" : ChartPalette.color(1)))
        }
        return root
    }
}
