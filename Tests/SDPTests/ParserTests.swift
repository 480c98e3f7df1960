import Testing
import Diagnostics
@testable import SDP

@Suite("Lossless parser")
struct ParserTests {
    static let minimal = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n"

    @Test("round trip is byte-exact for CRLF, LF, mixed endings, trailing spaces and no final newline",
          arguments: [
            minimal,
            minimal.replacingOccurrences(of: "\r\n", with: "\n"),
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\ns=- \r\nt=0 0",
            "\n\nv=0\r\ns=-\r\n\r\n\r\n",
          ])
    func roundTrip(text: String) throws {
        let description = try SessionDescription.parse(text, source: "t.sdp")
        #expect(description.serialized() == Array(text.utf8))
        let rebuilt = description.lines.flatMap { description.bytes[$0.start..<$0.end] }
        #expect(rebuilt == Array(text.utf8))
    }

    @Test("sections split at m= lines")
    func sections() throws {
        let description = try SessionDescription.parse(Self.minimal)
        #expect(description.session.lines.count == 4)
        #expect(description.media.count == 1)
        #expect(description.media[0].attribute(named: "rtpmap")?.value == "111 opus/48000/2")
        #expect(description.media[0].lines(of: "c").count == 1)
    }

    @Test("JSON envelope from a browser console")
    func jsonEnvelope() throws {
        let json = #"{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"}"#
        let description = try SessionDescription.parse(json, source: "o.json")
        #expect(description.declaredType == "offer")
        #expect(description.lines.count == 4)
        #expect(description.text.hasPrefix("v=0\r\n"))
    }

    @Test("unusable input is an InputError with a location",
          arguments: [
            ("", InputError.Code.empty),
            ("   \n\n", .empty),
            ("v=0\r\n\u{0}\u{1}\u{2}", .binary),
            ("hello world\nthis is not sdp\n", .unknownFormat),
            ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS", .truncated),
            ("v=0\r\na=rtpmap:111 op", .truncated),
            (#"{"type":"offer"}"#, .malformed),
          ])
    func unusable(text: String, code: InputError.Code) {
        #expect {
            _ = try SessionDescription.parse(text, source: "bad.sdp")
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.code == code && error.location.file == "bad.sdp"
        }
    }

    @Test("non-UTF-8 bytes name their line and column")
    func invalidUTF8() {
        let bytes = Array("v=0\r\ns=".utf8) + [0xC3, 0x28] + Array("\r\n".utf8)
        #expect {
            _ = try SessionDescription.parse(bytes, source: "x.sdp")
        } throws: { error in
            guard let error = error as? InputError, case .text(_, let line, let column, _) = error.location else { return false }
            return error.code == .invalidEncoding && line == 2 && column == 3
        }
    }

    @Test("control bytes are found anywhere in a long line (the scanner reads 8 bytes at a time)",
          arguments: [0, 1, 7, 8, 9, 15, 16, 23])
    func binaryInLongLine(offset: Int) {
        var bytes = Array("v=0\r\ns=".utf8) + Array(repeating: UInt8(ascii: "a"), count: 32) + Array("\r\n".utf8)
        bytes[7 + offset] = 0x01
        #expect {
            _ = try SessionDescription.parse(bytes, source: "b.sdp")
        } throws: { error in
            guard let error = error as? InputError, case .text(_, let line, let column, _) = error.location else { return false }
            return error.code == .binary && line == 2 && column == 3 + offset
        }
    }

    @Test("tabs, CR and UTF-8 inside long lines are accepted")
    func textInLongLine() throws {
        let text = "v=0\r\ns=a session name with\ttab and é and more text\r\ni=0123456789abcdef\r\n"
        let description = try SessionDescription.parse(text, source: "t.sdp")
        #expect(description.lines.count == 3)
        #expect(description.content(of: description.lines[1]) == "s=a session name with\ttab and é and more text")
    }

    @Test("a 1 MB single line is rejected as too large")
    func hugeLine() {
        let text = "v=0\r\na=x:" + String(repeating: "A", count: 1 << 20) + "\r\n"
        #expect {
            _ = try SessionDescription.parse(text, source: "big.sdp")
        } throws: { error in
            (error as? InputError)?.code == .tooLarge
        }
    }

    @Test("malformed and blank lines are reported, not fatal")
    func lenientFindings() throws {
        let text = "v=0\r\nthis is wrapped\r\n\r\ns=-\r\nt=0 0\r\n"
        let description = try SessionDescription.parse(text, source: "w.sdp")
        #expect(description.parseFindings.map(\.id) == ["SDP-SYNTAX-001", "SDP-SYNTAX-002"])
        #expect(description.parseFindings[0].locations == [.text(file: "w.sdp", line: 2, column: 1, length: 15)])
    }
}

import Foundation
