/// An `a=` line (RFC 8866 §5.13): a property attribute `a=<name>` or a value attribute
/// `a=<name>:<value>`.
///
/// The attribute keeps a reference to the description's bytes and byte ranges into
/// them; ``name`` and ``value`` are decoded only when asked for. Unknown attributes are
/// attributes like any other: nothing is ever dropped.
public struct Attribute: Sendable {
    /// The description's bytes (shared storage, not a copy).
    public let bytes: [UInt8]
    public let line: Line
    /// Bytes of the name, after `a=` and before the first `:`.
    public let nameRange: Range<Int>
    /// Bytes after the first `:`; `nil` for a property attribute.
    public let valueRange: Range<Int>?

    /// Splits an `a=` line; `nil` if `line` is not an attribute line.
    @inlinable
    public init?(line: Line, in bytes: [UInt8]) {
        guard line.type == UInt8(ascii: "a") else { return nil }
        self.bytes = bytes
        self.line = line
        let value = line.valueRange
        var colon = value.lowerBound
        while colon < value.upperBound && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        self.nameRange = value.lowerBound..<colon
        self.valueRange = colon < value.upperBound ? (colon + 1)..<value.upperBound : nil
    }

    /// The attribute name, e.g. `rtpmap`.
    public var name: String { String(decoding: bytes[nameRange], as: UTF8.self) }

    /// The value after the colon, exactly as written (trailing whitespace included).
    public var value: String? {
        valueRange.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Compares the name with an ASCII literal without decoding a `String`.
    @inlinable
    public func hasName(_ candidate: StaticString) -> Bool {
        SDPBytes.equal(bytes, nameRange, candidate)
    }

    /// 1-based column of the value's first byte (or of the name, for a property attribute).
    public var valueColumn: Int { (valueRange?.lowerBound ?? nameRange.lowerBound) - line.start + 1 }
}

/// Byte-level helpers shared by the parser and the typed views.
public enum SDPBytes {
    /// Whether `bytes[range]` equals the ASCII literal `literal` exactly.
    @inlinable
    public static func equal(_ bytes: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard range.count == count, range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { buf in
            literal.withUTF8Buffer { lit in
                var i = 0
                while i < count {
                    if buf[range.lowerBound + i] != lit[i] { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// Whether `byte` is SP or HTAB.
    @inlinable
    public static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Splits `bytes[range]` at runs of spaces, returning the ranges of the tokens.
    @inlinable
    public static func tokens(_ bytes: [UInt8], _ range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var i = range.lowerBound
        while i < range.upperBound {
            while i < range.upperBound && isSpace(bytes[i]) { i += 1 }
            let start = i
            while i < range.upperBound && !isSpace(bytes[i]) { i += 1 }
            if start < i { result.append(start..<i) }
        }
        return result
    }
}
