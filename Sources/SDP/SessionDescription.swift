import Diagnostics

/// An SDP session description (RFC 8866), parsed losslessly.
///
/// The description is a thin index over the bytes it was parsed from: ``lines`` records
/// where every line starts and ends and how it was terminated, and ``session`` and
/// ``media`` group those lines into sections. Typed views (rtpmap, fmtp, candidates, …)
/// are computed from the bytes on demand. Serialising an unmodified description is
/// writing ``bytes`` back, so a round trip is byte-exact by construction.
public struct SessionDescription: Sendable {
    /// The name findings use for this input (a path, or `-` for standard input).
    public let source: String
    /// The SDP text exactly as received. For a JSON `RTCSessionDescription`, the UTF-8
    /// of its `sdp` member.
    public let bytes: [UInt8]
    /// Every line, in order, blank and malformed lines included.
    public let lines: [Line]
    /// The lines before the first `m=` line.
    public let session: Section
    /// One section per `m=` line, in order.
    public let media: [Section]
    /// How the text was wrapped when it was read.
    public let envelope: Envelope
    /// Problems the lenient parser accepted (blank lines, malformed lines, …), each
    /// located. Lint reports them with its own findings.
    public let parseFindings: [Finding]

    init(source: String, bytes: [UInt8], lines: [Line], envelope: Envelope, parseFindings: [Finding], mediaCount: Int) {
        self.source = source
        self.bytes = bytes
        self.lines = lines
        self.envelope = envelope
        self.parseFindings = parseFindings
        // One walk that closes each section at the next m= line (the parser counted them).
        var media: [Section] = []
        media.reserveCapacity(mediaCount)
        var sectionStart: Int? = nil
        var sessionEnd = lines.count
        lines.withUnsafeBufferPointer { table in
            for index in table.indices where table[index].type == UInt8(ascii: "m") {
                if let start = sectionStart {
                    media.append(Section(bytes: bytes, lines: lines[start..<index], mediaIndex: media.count))
                } else {
                    sessionEnd = index
                }
                sectionStart = index
            }
        }
        if let start = sectionStart {
            media.append(Section(bytes: bytes, lines: lines[start..<lines.count], mediaIndex: media.count))
        }
        self.session = Section(bytes: bytes, lines: lines[0..<sessionEnd], mediaIndex: nil)
        self.media = media
    }
}

extension SessionDescription {
    /// The wrapping an SDP arrived in.
    public enum Envelope: Hashable, Sendable {
        /// Plain SDP text.
        case plain
        /// A JSON `RTCSessionDescription` (`{"type":"offer","sdp":"…"}`), as copied from a
        /// browser console. Line numbers in findings count lines of the `sdp` text.
        case json(type: String?)
    }

    /// The `type` of a JSON envelope (`offer`, `answer`, `pranswer`, `rollback`).
    public var declaredType: String? {
        if case .json(let type) = envelope { return type }
        return nil
    }

    /// The description's text, decoded as UTF-8 (which ``parse(_:source:)`` verified).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// A location on `line`, starting at byte offset `offset` of the input.
    public func location(_ line: Line, at offset: Int? = nil, length: Int? = nil) -> Location {
        let column = (offset ?? line.start) - line.start + 1
        let defaultLength = max(1, line.contentEnd - (offset ?? line.start))
        return .text(file: source, line: line.number, column: column, length: length ?? defaultLength)
    }

    /// A location spanning the bytes of `range` on `line`.
    public func location(_ line: Line, range: Range<Int>) -> Location {
        location(line, at: range.lowerBound, length: max(1, range.count))
    }

    /// Every section, session level first.
    public var sections: [Section] { [session] + media }

    /// The text of one line without its terminator.
    public func content(of line: Line) -> String {
        String(decoding: bytes[line.contentRange], as: UTF8.self)
    }
}
