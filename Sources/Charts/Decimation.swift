/// Min/max-per-pixel-column decimation.
///
/// A report for a capture of a million packets cannot draw a million points, but it
/// must not hide the one jitter spike that explains a freeze. The x range is divided
/// into `columns` equal buckets (one per horizontal pixel of the plot area); each
/// bucket keeps only its minimum and its maximum sample, in their original order. The
/// drawn line then covers exactly the vertical extent the full data would cover in
/// that column, so every peak and every dip survives with its exact value.
public enum Decimation {
    /// The decimated points: at most `2 × columns` (plus gap markers), each an input
    /// point. Buckets with one or two points keep them all. A non-finite `y` closes the
    /// current bucket and is kept, so gaps stay gaps.
    ///
    /// - Parameters:
    ///   - points: Samples in increasing `x`.
    ///   - columns: The number of buckets, at least 1.
    ///   - xRange: The range the columns divide; the points' own range by default.
    public static func decimate(
        _ points: [ChartPoint], columns: Int, xRange: ClosedRange<Double>? = nil
    ) -> [ChartPoint] {
        let columns = max(1, columns)
        guard points.count > 2 * columns, let lo = xRange?.lowerBound ?? points.first?.x,
              let hi = xRange?.upperBound ?? points.last?.x else { return points }
        let span = hi - lo
        guard span > 0, span.isFinite else { return extremes(points[...]) }
        let scale = Double(columns) / span

        var out: [ChartPoint] = []
        out.reserveCapacity(2 * columns + 2)
        var bucketStart = 0
        var bucketColumn = Int.min
        func column(_ x: Double) -> Int {
            let c = ((x - lo) * scale).rounded(.down)
            guard c.isFinite else { return 0 }
            return Int(min(max(c, 0), Double(columns - 1)))
        }
        for (i, point) in points.enumerated() {
            guard point.y.isFinite else {
                if bucketStart < i { out += extremes(points[bucketStart..<i]) }
                out.append(point)
                bucketStart = i + 1
                bucketColumn = Int.min
                continue
            }
            let c = column(point.x)
            if c != bucketColumn {
                if bucketStart < i { out += extremes(points[bucketStart..<i]) }
                bucketStart = i
                bucketColumn = c
            }
        }
        if bucketStart < points.count { out += extremes(points[bucketStart...]) }
        return out
    }

    /// The first minimum and the first maximum of a bucket, in their original order.
    static func extremes(_ bucket: ArraySlice<ChartPoint>) -> [ChartPoint] {
        guard bucket.count > 2, var minIndex = bucket.indices.first else { return Array(bucket) }
        var maxIndex = minIndex
        for i in bucket.indices {
            let y = bucket[i].y
            if y < bucket[minIndex].y { minIndex = i }
            if y > bucket[maxIndex].y { maxIndex = i }
        }
        if minIndex == maxIndex { return [bucket[minIndex]] }
        return minIndex < maxIndex ? [bucket[minIndex], bucket[maxIndex]] : [bucket[maxIndex], bucket[minIndex]]
    }
}

/// `decimate(series, columns:)`: the series with its points decimated to min/max per
/// column (see ``Decimation``).
public func decimate(_ series: ChartSeries, columns: Int, xRange: ClosedRange<Double>? = nil) -> ChartSeries {
    ChartSeries(name: series.name,
                points: Decimation.decimate(series.points, columns: columns, xRange: xRange),
                interpolation: series.interpolation)
}
