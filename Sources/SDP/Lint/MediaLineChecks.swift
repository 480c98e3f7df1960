import Diagnostics

/// m-line shape (RFC 8866 §5.14) and connection data (RFC 8866 §5.7).
enum MediaLineChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpMLineMalformed, malformed),
        LintCheck(.sdpMLineMissingConnection, missingConnection),
        LintCheck(.sdpMLineDuplicateFormat, duplicateFormat),
    ]

    static func malformed(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.mediaLine == nil {
            guard let line = indexed.section.mediaLine else { continue }
            out.report("malformed m= line: \"\(c.text(line.valueRange))\"",
                       hint: "write m=<media> <port 0–65535> <proto> <format> …, e.g. m=audio 9 UDP/TLS/RTP/SAVPF 111",
                       line: line, range: line.valueRange.isEmpty ? nil : line.valueRange)
        }
    }

    static func missingConnection(_ c: LintContext, _ out: inout FindingSink) {
        let sessionHasConnection = c.session.section.lines.contains { $0.is("c") }
        guard !sessionHasConnection else { return }
        for indexed in c.media where indexed.isInUse {
            guard let media = indexed.mediaLine, !indexed.section.lines.contains(where: { $0.is("c") }) else { continue }
            let why = media.port == 0 ? " (port 0 with a=bundle-only: the section is live inside the BUNDLE)" : ""
            out.report("media section \(c.text(media.kindRange)) has no c= line and the session has none\(why)",
                       hint: "add c=IN IP4 0.0.0.0 after the m= line (or one c= line at session level)",
                       line: media.line, range: media.kindRange)
        }
    }

    static func duplicateFormat(_ c: LintContext, _ out: inout FindingSink) {
        let bytes = c.bytes
        for indexed in c.media {
            guard let media = indexed.mediaLine else { continue }
            let formats = media.formatRanges
            for i in formats.indices.dropFirst() {
                for j in 0..<i where SDPBytes.equal(bytes, formats[i], formats[j]) {
                    out.report("format \(c.text(formats[i])) is listed twice on the m= line",
                               hint: "remove the second \(c.text(formats[i])) from the m= line", line: media.line, range: formats[i])
                    break
                }
            }
        }
    }
}
