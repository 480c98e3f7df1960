import Diagnostics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SessionDescription {
    /// Parses a session description leniently and losslessly.
    ///
    /// Accepted: CRLF, LF and mixed line endings, a missing final newline, blank lines
    /// before and after the description, and a JSON `RTCSessionDescription` envelope.
    /// Lines that are not `<type>=<value>` are kept and reported in ``parseFindings``.
    ///
    /// - Throws: ``InputError`` when the input cannot be used at all: empty, binary,
    ///   not UTF-8, over one of the ``SDPLimits``, not SDP, or cut off mid-line.
    public static func parse(_ bytes: [UInt8], source: String) throws(InputError) -> SessionDescription {
        try parse(bytes, source: source, envelope: .plain)
    }

    /// Parses text already in memory (tests, tools that build SDP).
    public static func parse(_ text: String, source: String = "<string>") throws(InputError) -> SessionDescription {
        try parse(Array(text.utf8), source: source)
    }

    private static func parse(_ bytes: [UInt8], source: String, envelope: Envelope) throws(InputError) -> SessionDescription {
        if bytes.isEmpty {
            throw InputError(.empty, "empty input: expected an SDP description", at: .file(source))
        }
        if bytes.count > SDPLimits.maxBytes {
            throw InputError(.tooLarge, "input is \(bytes.count) bytes; an SDP description may be at most \(SDPLimits.maxBytes) bytes", at: .file(source))
        }
        if case .plain = envelope, let first = bytes.first(where: { !isWhitespace($0) }), first == UInt8(ascii: "{") {
            let (sdp, type) = try decodeJSONEnvelope(bytes, source: source)
            return try parse(Array(sdp.utf8), source: source, envelope: .json(type: type))
        }
        let split: SplitLines
        do {
            split = try splitLines(bytes, source: source)
        } catch {
            // splitLines stops at the first unusable byte (a NUL among them); a NUL anywhere
            // still takes precedence, so it is searched for only when splitting failed.
            try rejectNUL(bytes, source: source)
            throw error
        }
        let lines = split.lines
        try checkShape(bytes, lines, mediaCount: split.mediaCount, source: source)
        // The splitter saw every line: the lenient pass runs only when it met a line that
        // may produce a finding (blank, malformed, or ending in whitespace).
        let findings = split.mayHaveFindings ? lenientFindings(bytes, lines, source: source) : []
        return SessionDescription(source: source, bytes: bytes, lines: lines, envelope: envelope, parseFindings: findings,
                                  mediaCount: split.mediaCount)
    }

    @inline(__always)
    private static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// The line table and what the splitter noticed on the way, so that later passes
    /// need not walk the lines again.
    private struct SplitLines {
        var lines: [Line]
        /// The number of `m=` lines.
        var mediaCount: Int
        /// Whether some line is blank, malformed or ends in whitespace (the lines
        /// ``lenientFindings(_:_:source:)`` may report on).
        var mayHaveFindings: Bool
    }

    /// One pass over the bytes: finds line boundaries, rejects binary and non-UTF-8 input
    /// and over-long lines, and records each line's type letter.
    private static func splitLines(_ bytes: [UInt8], source: String) throws(InputError) -> SplitLines {
        var lines: [Line] = []
        var mediaCount = 0
        var mayHaveFindings = false
        // Browser descriptions average about 36 bytes a line; reserving for 24 avoids
        // growing (and copying) the table on all but unusual inputs.
        lines.reserveCapacity(bytes.count / 24 + 8)
        let count = bytes.count
        var start = 0
        var number = 1
        var failure: InputError?
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            while start < count {
                var i = start
                var highBit = false
                // Scan to the end of the line; stop on bytes that make the input unusable.
                while i < count {
                    // Fast path: skip 8 bytes at once while all are printable ASCII
                    // (0x20–0x7F). A byte below 0x20 borrows in the subtraction and sets its
                    // high bit; a byte from 0x80 has it already.
                    while i + 8 <= count {
                        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                        let flagged = ((word &- 0x2020_2020_2020_2020) | word) & 0x8080_8080_8080_8080
                        if flagged != 0 {
                            // Jump to the first flagged byte: a borrow only travels upwards from a
                            // byte below 0x20, which is flagged itself, so the lowest flag is exact.
                            i += flagged.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                    }
                    guard i < count else { break }
                    let b = buf[i]
                    if b == 0x0A { break }
                    // CRLF, the common ending: stop at its LF without another round.
                    if b == 0x0D && i + 1 < count && buf[i + 1] == 0x0A {
                        i += 1
                        break
                    }
                    if b < 0x20 && b != 0x09 && b != 0x0D {
                        failure = InputError(.binary, "binary data: byte 0x\(String(b, radix: 16, uppercase: true).leftPad(2)) at line \(number), column \(i - start + 1); an SDP description is text", at: .text(file: source, line: number, column: i - start + 1, length: 1))
                        return
                    }
                    if b >= 0x80 { highBit = true }
                    i += 1
                }
                var contentEnd = i
                let terminator: Line.Terminator
                if i < count {
                    if contentEnd > start && buf[contentEnd - 1] == 0x0D {
                        contentEnd -= 1
                        terminator = .crlf
                    } else {
                        terminator = .lf
                    }
                } else {
                    terminator = .none
                }
                if contentEnd - start > SDPLimits.maxLineLength {
                    failure = InputError(.tooLarge, "line \(number) is \(contentEnd - start) bytes long; lines may be at most \(SDPLimits.maxLineLength) bytes", at: .text(file: source, line: number, column: 1, length: 1))
                    return
                }
                if highBit, String(validating: UnsafeBufferPointer(rebasing: buf[start..<contentEnd]), as: UTF8.self) == nil {
                    let column = firstInvalidUTF8(UnsafeBufferPointer(rebasing: buf[start..<contentEnd])) + 1
                    failure = InputError(.invalidEncoding, "line \(number) is not valid UTF-8 (column \(column)); SDP is UTF-8 text (RFC 8866 §5)", at: .text(file: source, line: number, column: column, length: 1))
                    return
                }
                var type: UInt8? = nil
                if contentEnd - start >= 2 && buf[start + 1] == UInt8(ascii: "=") {
                    let letter = buf[start]
                    if letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z") { type = letter }
                }
                if let type {
                    if type == UInt8(ascii: "m") { mediaCount += 1 }
                    let last = buf[contentEnd - 1]
                    if last == 0x20 || last == 0x09 { mayHaveFindings = true }
                } else {
                    mayHaveFindings = true
                }
                lines.append(Line(number: number, start: start, contentEnd: contentEnd, terminator: terminator, type: type))
                if lines.count > SDPLimits.maxLines {
                    failure = InputError(.tooLarge, "more than \(SDPLimits.maxLines) lines; an SDP description is far shorter", at: .text(file: source, line: number, column: 1, length: 1))
                    return
                }
                number += 1
                start = i < count ? i + 1 : count
            }
        }
        if let failure { throw failure }
        return SplitLines(lines: lines, mediaCount: mediaCount, mayHaveFindings: mayHaveFindings)
    }

    /// A NUL byte anywhere means a binary file (an image, an archive, a capture given by
    /// mistake), whatever its first line looks like; report it as such, at its position.
    private static func rejectNUL(_ bytes: [UInt8], source: String) throws(InputError) {
        guard let nul = bytes.firstIndex(of: 0) else { return }
        var line = 1, lineStart = 0
        for i in 0..<nul where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = nul - lineStart + 1
        throw InputError(.binary, "binary data: byte 0x00 at line \(line), column \(column); an SDP description is text", at: .text(file: source, line: line, column: column, length: 1))
    }

    /// Offset of the first byte that breaks UTF-8 in `buf` (which is known to be invalid).
    private static func firstInvalidUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < buf.count {
            var end = min(buf.count, i + 1)
            // Find the shortest prefix [0, end) that is still valid.
            while end <= buf.count, String(validating: UnsafeBufferPointer(rebasing: buf[0..<end]), as: UTF8.self) == nil {
                if end - i >= 4 { return i }
                end += 1
            }
            if end > buf.count { return i }
            i = end
        }
        return 0
    }

    /// Rejects input that has text but no SDP in it, too many m-sections, or that was
    /// cut off in the middle of a line.
    private static func checkShape(_ bytes: [UInt8], _ lines: [Line], mediaCount: Int, source: String) throws(InputError) {
        guard let firstContent = lines.first(where: { !isBlankOrSpace($0, bytes) }) else {
            throw InputError(.empty, "input has only whitespace: expected an SDP description", at: .file(source))
        }
        if !lines.contains(where: { $0.type != nil }) {
            throw InputError(.unknownFormat, "not an SDP description: no line of the form <type>=<value> (RFC 8866 §5)", at: .text(file: source, line: firstContent.number, column: 1, length: max(1, firstContent.contentEnd - firstContent.start)))
        }
        if mediaCount > SDPLimits.maxMediaSections {
            throw InputError(.tooLarge, "\(mediaCount) m-sections; at most \(SDPLimits.maxMediaSections) are accepted", at: .file(source))
        }
        // A last line without a newline, in a file whose other lines have one, that is
        // not a complete line: the text was cut off (a partial copy from a chat or a log).
        // Also cut off: a CRLF description (as every WebRTC stack writes them) whose last line
        // has no terminator at all, since such text was saved by a program, not typed.
        if let last = lines.last, last.terminator == .none, lines.count > 1,
           !isBlankOrSpace(last, bytes),
           !isCompleteLine(last, bytes) || lines.dropLast().allSatisfy({ $0.terminator == .crlf }) {
            throw InputError(.truncated, "input ends in the middle of line \(last.number): the description looks cut off", at: .text(file: source, line: last.number, column: max(1, last.contentEnd - last.start), length: 1))
        }
    }

    private static func isBlankOrSpace(_ line: Line, _ bytes: [UInt8]) -> Bool {
        var i = line.start
        while i < line.contentEnd {
            if !SDPBytes.isSpace(bytes[i]) { return false }
            i += 1
        }
        return true
    }

    /// Whether a line without a terminator still reads as a whole line of its type.
    private static func isCompleteLine(_ line: Line, _ bytes: [UInt8]) -> Bool {
        guard let type = line.type else { return false }
        let tokens = SDPBytes.tokens(bytes, line.valueRange)
        switch type {
        case UInt8(ascii: "m"): return tokens.count >= 4
        case UInt8(ascii: "o"): return tokens.count == 6
        case UInt8(ascii: "c"): return tokens.count == 3
        case UInt8(ascii: "t"): return tokens.count == 2
        case UInt8(ascii: "a"):
            guard let attribute = Attribute(line: line, in: bytes) else { return false }
            if attribute.nameRange.isEmpty { return false }
            // Value attributes whose syntax has a fixed number of fields.
            if attribute.hasName("rtpmap") { return tokens.count == 2 && bytes[tokens[1]].contains(UInt8(ascii: "/")) }
            if attribute.hasName("fingerprint") { return tokens.count == 2 }
            if attribute.hasName("candidate") { return tokens.count >= 8 }
            if attribute.hasName("fmtp") || attribute.hasName("rtcp-fb") || attribute.hasName("extmap")
                || attribute.hasName("ssrc") || attribute.hasName("ssrc-group") || attribute.hasName("msid")
                || attribute.hasName("group") || attribute.hasName("ice-ufrag") || attribute.hasName("ice-pwd")
                || attribute.hasName("setup") || attribute.hasName("mid") {
                return attribute.valueRange.map { !$0.isEmpty } ?? false
            }
            return true
        default:
            return !line.valueRange.isEmpty
        }
    }

    /// Problems the parser tolerates: they are reported, the description is still usable.
    private static func lenientFindings(_ bytes: [UInt8], _ lines: [Line], source: String) -> [Finding] {
        var findings: [Finding] = []
        // Blank lines are rare: find the first and last content lines only if there are any.
        let hasBlank = lines.contains { $0.isBlank }
        let firstContent = hasBlank ? lines.firstIndex { !$0.isBlank } ?? 0 : 0
        let lastContent = hasBlank ? lines.lastIndex { !$0.isBlank } ?? 0 : 0
        for (index, line) in lines.enumerated() {
            // Built only when a finding needs it (it holds the source name).
            var location: Location { .text(file: source, line: line.number, column: 1, length: max(1, line.contentEnd - line.start)) }
            if line.isBlank {
                if index > firstContent && index < lastContent {
                    findings.append(Rule.sdpSyntaxBlankLine.finding(
                        "empty line inside the description",
                        hint: "remove the empty line; GStreamer's parser and some browsers stop reading at it",
                        at: [location]))
                }
                continue
            }
            if line.type == nil {
                let shown = String(decoding: bytes[line.start..<min(line.contentEnd, line.start + 40)], as: UTF8.self)
                findings.append(Rule.sdpSyntaxMalformedLine.finding(
                    "line is not of the form <type>=<value>: \"\(shown)\"",
                    hint: "each SDP line starts with one lower-case letter and '='; was the text wrapped or cut when it was copied?",
                    at: [location]))
                continue
            }
            if line.contentEnd > line.start + 2, SDPBytes.isSpace(bytes[line.contentEnd - 1]) {
                var from = line.contentEnd
                while from > line.start + 2 && SDPBytes.isSpace(bytes[from - 1]) { from -= 1 }
                findings.append(Rule.sdpSyntaxTrailingWhitespace.finding(
                    "trailing whitespace at the end of the line",
                    hint: "remove it; some parsers keep it as part of the value",
                    at: [.text(file: source, line: line.number, column: from - line.start + 1, length: line.contentEnd - from)]))
            }
        }
        return findings
    }

    /// Decodes `{"type": "...", "sdp": "..."}` as copied from a browser console.
    private static func decodeJSONEnvelope(_ bytes: [UInt8], source: String) throws(InputError) -> (String, String?) {
        struct Envelope: Decodable {
            var type: String?
            var sdp: String
        }
        do {
            let envelope = try JSONDecoder().decode(Envelope.self, from: Data(bytes))
            return (envelope.sdp, envelope.type)
        } catch {
            throw InputError(.malformed, "input starts with '{' but is not a JSON RTCSessionDescription with an \"sdp\" string: \(describe(error))", at: .text(file: source, line: 1, column: 1, length: 1))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, _): return "no \"\(key.stringValue)\" member"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                return context.debugDescription
            @unknown default: return "\(decoding)"
            }
        }
        return "\(error)"
    }
}

extension String {
    func leftPad(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
