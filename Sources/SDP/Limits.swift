/// Resource bounds for SDP input. Each exists so that hostile or accidental input
/// (a 10 MB single line, 10,000 m-lines) ends in a clear error instead of unbounded work.
///
/// Real descriptions are far below them: a Chrome offer with simulcast and gathered
/// candidates is about 10 KB, 200 lines and a handful of m-sections.
public enum SDPLimits {
    /// Largest input accepted, in bytes (4 MiB).
    public static let maxBytes = 4 << 20
    /// Longest line accepted, in bytes (64 KiB). Long certificates and candidate lists
    /// stay below 1 KiB.
    public static let maxLineLength = 64 << 10
    /// Most lines accepted in one description.
    public static let maxLines = 100_000
    /// Most m-sections accepted in one description.
    public static let maxMediaSections = 1_024
}
