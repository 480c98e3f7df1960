extension SDPBytes {
    /// Whether `bytes[range]` equals the ASCII literal `literal`, ignoring ASCII case
    /// (RFC 8866 §5.13: encoding names, hash functions, setup roles and similar tokens
    /// are compared case-insensitively).
    @inlinable
    public static func equalIgnoringCase(_ bytes: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard range.count == count, range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { buf in
            literal.withUTF8Buffer { lit in
                var i = 0
                while i < count {
                    if lowercased(buf[range.lowerBound + i]) != lowercased(lit[i]) { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// Whether `bytes[range]` ends with `suffix`, ignoring ASCII case.
    @inlinable
    public static func hasSuffixIgnoringCase(_ bytes: [UInt8], _ range: Range<Int>, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard range.count >= count else { return false }
        return equalIgnoringCase(bytes, (range.upperBound - count)..<range.upperBound, suffix)
    }

    /// Whether two byte ranges hold the same bytes.
    @inlinable
    public static func equal(_ bytes: [UInt8], _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = 0
        while i < a.count {
            if bytes[a.lowerBound + i] != bytes[b.lowerBound + i] { return false }
            i += 1
        }
        return true
    }

    /// The ASCII lower-case form of a byte; other bytes unchanged.
    @inlinable
    public static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    @inlinable
    public static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inlinable
    public static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// The value of a hex digit, or `nil`.
    @inlinable
    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// A non-negative decimal integer made only of digits (at most 18, so it cannot
    /// overflow), or `nil` for an empty range or any other byte.
    @inlinable
    public static func integer(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18, range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buf in
            var value = 0
            var i = range.lowerBound
            while i < range.upperBound {
                let b = buf[i]
                guard isDigit(b) else { return nil }
                value = value &* 10 &+ Int(b &- 0x30)
                i += 1
            }
            return value
        }
    }

    /// A hexadecimal integer of at most 15 digits, or `nil`.
    @inlinable
    public static func hexInteger(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 15 else { return nil }
        var value = 0
        var i = range.lowerBound
        while i < range.upperBound {
            guard let digit = hexValue(bytes[i]) else { return nil }
            value = value << 4 | Int(digit)
            i += 1
        }
        return value
    }

    /// The first offset in `range` holding `byte`, or `nil`.
    @inlinable
    public static func firstIndex(of byte: UInt8, in bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// `range` without leading and trailing spaces.
    @inlinable
    public static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The bytes of `range` as a `String` (only for messages and accessors, never on the
    /// hot path).
    @inlinable
    public static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

/// Walks the fields of a line or attribute value without allocating: each call returns
/// the byte range of the next field.
///
/// SDP fields are separated by single spaces (RFC 8866 §9); runs of spaces and tabs are
/// accepted as one separator, as every real parser does.
public struct FieldCursor {
    public let bytes: [UInt8]
    /// Offset of the next unread byte.
    public private(set) var position: Int
    public let end: Int

    public init(_ bytes: [UInt8], _ range: Range<Int>) {
        self.bytes = bytes
        // Clamped so that a range from elsewhere can never read outside the bytes.
        self.end = min(max(range.upperBound, 0), bytes.count)
        self.position = min(max(range.lowerBound, 0), self.end)
    }

    /// The offset of the first non-space byte at or after `from`.
    private func skipSpaces(from: Int) -> Int {
        let end = self.end
        return bytes.withUnsafeBufferPointer { buf in
            var i = from
            while i < end && SDPBytes.isSpace(buf[i]) { i += 1 }
            return i
        }
    }

    /// Whether only spaces are left.
    public var isAtEnd: Bool { skipSpaces(from: position) >= end }

    /// The unread bytes after skipping spaces.
    public var rest: Range<Int> { skipSpaces(from: position)..<end }

    /// The next space-separated field, or `nil` at the end.
    public mutating func next() -> Range<Int>? {
        let end = self.end
        var p = position
        let field: Range<Int>? = bytes.withUnsafeBufferPointer { buf in
            while p < end && SDPBytes.isSpace(buf[p]) { p += 1 }
            guard p < end else { return nil }
            let start = p
            while p < end && !SDPBytes.isSpace(buf[p]) { p += 1 }
            return start..<p
        }
        position = p
        return field
    }

    /// The next field parsed as a non-negative decimal integer; `nil` at the end or for a
    /// field that is not one (the field is consumed either way).
    public mutating func nextInteger() -> (Int, Range<Int>)? {
        guard let field = next(), let value = SDPBytes.integer(bytes, field) else { return nil }
        return (value, field)
    }
}

/// Splits a byte range at a separator byte without allocating.
public struct SeparatedFields: Sequence, IteratorProtocol {
    public let bytes: [UInt8]
    public let separator: UInt8
    private var position: Int
    private let end: Int
    private var done: Bool

    public init(_ bytes: [UInt8], _ range: Range<Int>, separator: UInt8) {
        self.bytes = bytes
        self.separator = separator
        self.end = Swift.min(Swift.max(range.upperBound, 0), bytes.count)
        self.position = Swift.min(Swift.max(range.lowerBound, 0), self.end)
        self.done = range.isEmpty
    }

    /// The next piece (possibly empty) between separators.
    public mutating func next() -> Range<Int>? {
        guard !done else { return nil }
        let start = position
        let end = self.end
        let separator = self.separator
        var p = position
        bytes.withUnsafeBufferPointer { buf in
            while p < end && buf[p] != separator { p += 1 }
        }
        position = p
        let piece = start..<position
        if position < end { position += 1 } else { done = true }
        return piece
    }
}
