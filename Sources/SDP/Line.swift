/// One line of a session description, as byte offsets into the description's bytes.
///
/// A line is kept exactly as it was received, including its terminator, so that writing
/// the lines back in order reproduces the input byte for byte (RFC 8866 §5 requires
/// CRLF, but LF-only text, mixed endings and a missing final newline all occur in the
/// wild and must survive a round trip).
public struct Line: Hashable, Sendable {
    /// How the line ended in the input.
    public enum Terminator: UInt8, Hashable, Sendable {
        /// `\r\n`, as RFC 8866 requires.
        case crlf
        /// `\n` alone, as in text pasted from a console or a chat.
        case lf
        /// No terminator: the last line of an input without a final newline.
        case none

        /// The terminator's length in bytes.
        public var count: Int {
            switch self {
            case .crlf: 2
            case .lf: 1
            case .none: 0
            }
        }
    }

    /// 1-based line number in the source, as editors count them.
    public let number: Int
    /// Offset of the line's first byte.
    public let start: Int
    /// Offset just past the line's content (before the terminator).
    public let contentEnd: Int
    public let terminator: Terminator
    /// The type letter (`v`, `o`, `m`, `a`, …) as an ASCII byte, or `nil` for a blank
    /// line or a line that is not of the form `<letter>=<value>`.
    public let type: UInt8?

    @inlinable
    public init(number: Int, start: Int, contentEnd: Int, terminator: Terminator, type: UInt8?) {
        self.number = number
        self.start = start
        self.contentEnd = contentEnd
        self.terminator = terminator
        self.type = type
    }

    /// Offset just past the terminator; the next line starts here.
    @inlinable public var end: Int { contentEnd + terminator.count }
    /// The bytes of the content, without terminator.
    @inlinable public var contentRange: Range<Int> { start..<contentEnd }
    /// The bytes after `<type>=`; empty for blank or malformed lines.
    @inlinable public var valueRange: Range<Int> {
        type == nil ? contentEnd..<contentEnd : (start + 2)..<contentEnd
    }
    /// Whether the line has no content at all.
    @inlinable public var isBlank: Bool { start == contentEnd }

    /// Whether this is a line of the given type, e.g. `line.is("m")`.
    @inlinable
    public func `is`(_ letter: Unicode.Scalar) -> Bool { type == UInt8(ascii: letter) }
}
