#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides whether output gets ANSI colours: only on a terminal, and never when
/// `NO_COLOR` is set to a non-empty value (https://no-color.org).
public enum Terminal {
    /// Whether to colour text written to `fd` (1 for standard output, 2 for errors).
    public static func wantsColor(fd: Int32) -> Bool {
        if let noColor = getenv("NO_COLOR"), noColor.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(fd) == 1
    }
}

/// ANSI styles used by the text renderers; empty strings when colour is off.
public struct Palette: Sendable {
    public let bold, red, yellow, cyan, green, dim, reset: String

    public init(enabled: Bool) {
        if enabled {
            (bold, red, yellow, cyan, green, dim, reset) =
                ("\u{1B}[1m", "\u{1B}[31m", "\u{1B}[33m", "\u{1B}[36m", "\u{1B}[32m", "\u{1B}[2m", "\u{1B}[0m")
        } else {
            (bold, red, yellow, cyan, green, dim, reset) = ("", "", "", "", "", "", "")
        }
    }
}
