/// Colours and line styles for series, safe for colour-blind readers and for print.
///
/// Colours are the Okabe–Ito set (distinguishable under deuteranopia, protanopia and
/// tritanopia), dark enough on white paper; each series also gets its own dash pattern
/// and each marker set its own shape, so nothing depends on colour alone.
public enum ChartPalette {
    /// Blue, vermillion, bluish green, reddish purple, orange, sky blue, black.
    public static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    /// Solid, dashed, dotted, dash-dot, long dash.
    public static let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3", "12 4"]

    public static func color(_ index: Int) -> String { colors[index % colors.count] }
    public static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }

    /// Marker colours start from the end of the series colours, so a marker set never
    /// shares the colour of the first series it is drawn over.
    public static func markerColor(_ index: Int) -> String { colors[(colors.count - 1 - index % colors.count)] }

    /// Ink for text, axes and grid.
    public static let ink = "#222222"
    public static let grid = "#d9d9d9"
}
