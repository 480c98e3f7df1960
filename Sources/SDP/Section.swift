/// The session-level part of a description, or one media section (RFC 8866 §5.14): the
/// `m=` line and every line after it up to the next `m=` line.
public struct Section: Sendable {
    /// The description's bytes (shared storage, not a copy).
    public let bytes: [UInt8]
    /// The section's lines; for a media section the first is its `m=` line.
    public let lines: ArraySlice<Line>
    /// 0-based position among the media sections; `nil` for the session level.
    public let mediaIndex: Int?

    public init(bytes: [UInt8], lines: ArraySlice<Line>, mediaIndex: Int?) {
        self.bytes = bytes
        self.lines = lines
        self.mediaIndex = mediaIndex
    }

    /// Whether this is the session level.
    public var isSessionLevel: Bool { mediaIndex == nil }

    /// The `m=` line of a media section.
    public var mediaLine: Line? { mediaIndex == nil ? nil : lines.first }

    /// Every `a=` line in order.
    public var attributes: [Attribute] {
        lines.compactMap { Attribute(line: $0, in: bytes) }
    }

    /// The `a=` lines whose name is `name`, in order.
    public func attributes(named name: StaticString) -> [Attribute] {
        var result: [Attribute] = []
        for line in lines where line.type == UInt8(ascii: "a") {
            if let attribute = Attribute(line: line, in: bytes), attribute.hasName(name) {
                result.append(attribute)
            }
        }
        return result
    }

    /// The first `a=` line named `name`.
    public func attribute(named name: StaticString) -> Attribute? {
        for line in lines where line.type == UInt8(ascii: "a") {
            if let attribute = Attribute(line: line, in: bytes), attribute.hasName(name) {
                return attribute
            }
        }
        return nil
    }

    /// Whether an `a=` line named `name` is present.
    public func hasAttribute(_ name: StaticString) -> Bool { attribute(named: name) != nil }

    /// The lines of one type, e.g. `lines(of: "c")`.
    public func lines(of type: Unicode.Scalar) -> [Line] {
        lines.filter { $0.type == UInt8(ascii: type) }
    }

    /// The value of a line as text (after `<type>=`).
    public func value(of line: Line) -> String {
        String(decoding: bytes[line.valueRange], as: UTF8.self)
    }
}
