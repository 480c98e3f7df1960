/// Where a finding or an input error happened.
///
/// Text inputs (SDP) are located by 1-based line and column; captures by 1-based frame
/// number, as Wireshark numbers them. Locations are computed once, when the input is
/// parsed, and travel with the data; renderers never search for them again.
public enum Location: Hashable, Sendable {
    /// A position in a text file. `length` is the number of bytes the finding covers on
    /// that line (at least 1), so a renderer can underline it.
    case text(file: String, line: Int, column: Int, length: Int = 1)
    /// A frame of a capture file; `offset` is the byte offset inside the frame, if known.
    case frame(file: String, frame: Int, offset: Int? = nil)
    /// The file as a whole (for example an empty file).
    case file(String)

    /// The file this location is in.
    public var file: String {
        switch self {
        case .text(let file, _, _, _), .frame(let file, _, _), .file(let file): file
        }
    }
}

extension Location: CustomStringConvertible {
    /// The compiler form: `file:line:col`, `file:#frame` or `file`.
    public var description: String {
        switch self {
        case .text(let file, let line, let column, _): "\(file):\(line):\(column)"
        case .frame(let file, let frame, _): "\(file):#\(frame)"
        case .file(let file): file
        }
    }
}

extension Location: Codable {
    private enum CodingKeys: String, CodingKey { case file, line, column, length, frame, offset }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let file = try c.decode(String.self, forKey: .file)
        if let line = try c.decodeIfPresent(Int.self, forKey: .line) {
            self = .text(file: file, line: line,
                         column: try c.decodeIfPresent(Int.self, forKey: .column) ?? 1,
                         length: try c.decodeIfPresent(Int.self, forKey: .length) ?? 1)
        } else if let frame = try c.decodeIfPresent(Int.self, forKey: .frame) {
            self = .frame(file: file, frame: frame, offset: try c.decodeIfPresent(Int.self, forKey: .offset))
        } else {
            self = .file(file)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        switch self {
        case .text(_, let line, let column, let length):
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(length, forKey: .length)
        case .frame(_, let frame, let offset):
            try c.encode(frame, forKey: .frame)
            try c.encodeIfPresent(offset, forKey: .offset)
        case .file:
            break
        }
    }
}
