import Foundation

/// Axis ticks at "nice" values: 1, 2 or 5 times a power of ten.
public struct AxisTicks: Sendable, Hashable {
    /// The range the axis shows, widened to whole steps.
    public let range: ClosedRange<Double>
    public let step: Double
    public let values: [Double]

    /// About `target` ticks covering `range`.
    public init(covering range: ClosedRange<Double>, target: Int = 6) {
        var lo = range.lowerBound, hi = range.upperBound
        if !lo.isFinite || !hi.isFinite { (lo, hi) = (0, 1) }
        if hi - lo <= 0 { (lo, hi) = (lo - 0.5 * max(abs(lo), 1), hi + 0.5 * max(abs(hi), 1)) }
        let raw = (hi - lo) / Double(max(1, target))
        let magnitude = pow10(floor(log10(raw)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (lo / step).rounded(.down) * step
        let last = (hi / step).rounded(.up) * step
        var values: [Double] = []
        var v = first
        var n = 0
        while v <= last + step / 2, n < 1000 {
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            n += 1
            v = first + Double(n) * step
        }
        self.range = first...last
        self.step = step
        self.values = values
    }

    /// A tick label with as many decimals as the step needs (`0.25`, `40`, `1.5`).
    public func label(_ value: Double) -> String {
        var decimals = 0
        var s = step
        while s < 1 - 1e-9, decimals < 6 {
            s *= 10
            decimals += 1
        }
        if decimals == 0 { return String(Int(value.rounded())) }
        var scaled = Int((abs(value) * pow10(Double(decimals))).rounded())
        var digits = ""
        for _ in 0..<decimals {
            digits = String(scaled % 10) + digits
            scaled /= 10
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        let sign = value < 0 && (scaled > 0 || !digits.isEmpty) ? "-" : ""
        return digits.isEmpty ? "\(sign)\(scaled)" : "\(sign)\(scaled).\(digits)"
    }
}

private func pow10(_ e: Double) -> Double { Foundation.pow(10, e) }
