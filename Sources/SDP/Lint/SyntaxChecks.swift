import Diagnostics

/// RFC 8866 §5 structure: line order, required lines, field grammar.
enum SyntaxChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpSyntaxFieldOrder, fieldOrder),
        LintCheck(.sdpSyntaxVersion, version),
        LintCheck(.sdpSyntaxRequiredLine, requiredLines),
        LintCheck(.sdpSyntaxMalformedField, malformedFields),
        LintCheck(.sdpSyntaxMalformedAttribute, malformedAttributes),
    ]

    /// Session-level order rank of a type letter (RFC 8866 §5):
    /// v o s i u e p c b t r z k a; `nil` for letters SDP does not define.
    static func sessionRank(_ type: UInt8) -> Int? {
        switch type {
        case UInt8(ascii: "v"): 0
        case UInt8(ascii: "o"): 1
        case UInt8(ascii: "s"): 2
        case UInt8(ascii: "i"): 3
        case UInt8(ascii: "u"): 4
        case UInt8(ascii: "e"): 5
        case UInt8(ascii: "p"): 6
        case UInt8(ascii: "c"): 7
        case UInt8(ascii: "b"): 8
        case UInt8(ascii: "t"), UInt8(ascii: "r"): 9
        case UInt8(ascii: "z"): 10
        case UInt8(ascii: "k"): 11
        case UInt8(ascii: "a"): 12
        case UInt8(ascii: "m"): 13
        default: nil
        }
    }

    /// Media-level order rank (RFC 8866 §5): m i c b k a; `nil` for letters not allowed
    /// in a media section.
    static func mediaRank(_ type: UInt8) -> Int? {
        switch type {
        case UInt8(ascii: "m"): 0
        case UInt8(ascii: "i"): 1
        case UInt8(ascii: "c"): 2
        case UInt8(ascii: "b"): 3
        case UInt8(ascii: "k"): 4
        case UInt8(ascii: "a"): 5
        default: nil
        }
    }

    /// Letters that may appear only once per level.
    static func isSingle(_ type: UInt8, media: Bool) -> Bool {
        switch type {
        case UInt8(ascii: "v"), UInt8(ascii: "o"), UInt8(ascii: "s"), UInt8(ascii: "i"), UInt8(ascii: "u"),
             UInt8(ascii: "z"), UInt8(ascii: "k"), UInt8(ascii: "m"): true
        case UInt8(ascii: "c"): !media
        default: false
        }
    }

    static func letter(_ type: UInt8) -> String { String(UnicodeScalar(type)) }

    static let sessionOrder = "v o s i u e p c b t r z k a"

    static func fieldOrder(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            let isMedia = !indexed.section.isSessionLevel
            var highest = -1
            var highestLine: Line? = nil
            var seen: UInt32 = 0
            var sawTiming = false
            for line in indexed.section.lines {
                guard let type = line.type else { continue }
                let rank = isMedia ? mediaRank(type) : sessionRank(type)
                guard let rank else {
                    let letter = self.letter(type)
                    let known = sessionRank(type) != nil
                    out.report(
                        known ? "\(letter)= line inside a media section; it belongs to the session level"
                              : "\(letter)= is not an SDP line type",
                        hint: known ? "move the \(letter)= line above the first m= line"
                                    : "remove the line; RFC 8866 §5 lets parsers reject descriptions with unknown types",
                        line: line, range: line.start..<(line.start + 1))
                    continue
                }
                let bit = UInt32(1) << UInt32(type - UInt8(ascii: "a"))
                if isSingle(type, media: isMedia) && seen & bit != 0 {
                    let letter = self.letter(type)
                    out.report("second \(letter)= line \(isMedia ? "in this media section" : "at session level"); only one is allowed",
                               hint: "remove the duplicate \(letter)= line", line: line, range: line.start..<(line.start + 1))
                }
                seen |= bit
                if type == UInt8(ascii: "r") && !sawTiming {
                    out.report("r= line before any t= line", hint: "an r= line repeats the t= line just above it; move it below t=",
                               line: line, range: line.start..<(line.start + 1))
                }
                if type == UInt8(ascii: "t") { sawTiming = true }
                if rank < highest, let previous = highestLine {
                    let letter = self.letter(type)
                    let prevLetter = self.letter(previous.type ?? UInt8(ascii: "?"))
                    out.report(
                        "\(letter)= line after \(prevLetter)= line (line \(previous.number)); RFC 8866 orders \(isMedia ? "media lines m i c b k a" : "session lines \(sessionOrder)")",
                        hint: "move the \(letter)= line before the \(prevLetter)= line",
                        line: line, range: line.start..<(line.start + 1), notes: [(previous, previous.start..<(previous.start + 1))])
                } else if rank > highest {
                    highest = rank
                    highestLine = line
                }
            }
        }
    }

    static func version(_ c: LintContext, _ out: inout FindingSink) {
        guard let first = c.description.lines.first(where: { !$0.isBlank }) else { return }
        guard first.is("v") else {
            out.report("the description starts with \"\(c.text(first.start..<min(first.contentEnd, first.start + 20)))\" instead of v=0",
                       hint: "put v=0 on the first line; RFC 8866 §5 requires it before o=", line: first, range: first.start..<min(first.contentEnd, first.start + 2))
            return
        }
        if ProtocolVersion(first, in: c.bytes)?.version != 0 {
            let value = first.valueRange
            out.report("protocol version is \"\(c.text(value))\"; SDP has only version 0",
                       hint: "write v=0", line: first, range: value.isEmpty ? nil : value)
        }
    }

    static func requiredLines(_ c: LintContext, _ out: inout FindingSink) {
        var seen: UInt32 = 0
        for line in c.session.section.lines {
            if let type = line.type { seen |= 1 << UInt32(type - UInt8(ascii: "a")) }
        }
        let anchor = c.description.lines.first(where: { $0.type != nil }) ?? c.description.lines[0]
        for (letter, what) in [("o", "o= (origin)"), ("s", "s= (session name; WebRTC writes s=-)"), ("t", "t= (timing; WebRTC writes t=0 0)")] {
            let bit = UInt32(1) << UInt32(Character(letter).asciiValue! - UInt8(ascii: "a"))
            if seen & bit == 0 {
                out.report("no \(what) line at session level", hint: "add the \(letter)= line before the first m= line, in RFC 8866 §5 order",
                           line: anchor, range: anchor.start..<(anchor.start + 1))
            }
        }
    }

    static func malformedFields(_ c: LintContext, _ out: inout FindingSink) {
        let bytes = c.bytes
        for indexed in c.sections {
            for line in indexed.section.lines {
                guard let type = line.type else { continue }
                let expected: String
                switch type {
                case UInt8(ascii: "o"):
                    if Origin(line, in: bytes) != nil { continue }
                    expected = "o=<username> <sess-id> <sess-version> IN IP4|IP6 <address>, e.g. o=- 4611731400430051336 2 IN IP4 127.0.0.1"
                case UInt8(ascii: "c"):
                    if Connection(line, in: bytes) != nil { continue }
                    expected = "c=IN IP4|IP6 <address>, e.g. c=IN IP4 0.0.0.0"
                case UInt8(ascii: "b"):
                    if Bandwidth(line, in: bytes) != nil { continue }
                    expected = "b=<type>:<number>, e.g. b=AS:2000"
                case UInt8(ascii: "t"):
                    if Timing(line, in: bytes) != nil { continue }
                    expected = "t=<start> <stop> in decimal, e.g. t=0 0"
                default:
                    continue
                }
                let letter = self.letter(type)
                out.report("malformed \(letter)= line: \"\(c.text(line.valueRange))\"", hint: "write \(expected)",
                           line: line, range: line.valueRange.isEmpty ? nil : line.valueRange)
            }
        }
    }

    /// The grammar each known attribute is checked against, with a hint showing it.
    static func grammar(_ kind: AttributeKind, _ a: Attribute) -> (valid: Bool, hint: String)? {
        switch kind {
        case .rtpmap: (RTPMap(a) != nil, "write a=rtpmap:<pt> <name>/<clock rate>[/<channels>], e.g. a=rtpmap:111 opus/48000/2")
        case .fmtp: (FormatParameters(a) != nil, "write a=fmtp:<pt> <parameters>, e.g. a=fmtp:111 minptime=10;useinbandfec=1")
        case .rtcpFeedback: (RTCPFeedback(a) != nil, "write a=rtcp-fb:<pt or *> <type> [<subtype>], e.g. a=rtcp-fb:96 nack pli")
        case .extmap: (ExtensionMap(a) != nil, "write a=extmap:<id>[/<direction>] <uri>, e.g. a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level")
        case .ssrc: (SourceAttribute(a) != nil, "write a=ssrc:<32-bit number> <attribute>[:<value>], e.g. a=ssrc:1001 cname:abc")
        case .ssrcGroup: (SourceGroup(a) != nil, "write a=ssrc-group:<semantics> <ssrc> …, e.g. a=ssrc-group:FID 1001 1002")
        case .msid: (MediaStreamID(a) != nil, "write a=msid:<stream id> [<track id>]")
        case .mid: (MediaID(a) != nil, "write a=mid:<tag>, e.g. a=mid:0")
        case .group: (Group(a) != nil, "write a=group:<semantics> <mid> …, e.g. a=group:BUNDLE 0 1")
        case .candidate: (Candidate(a) != nil, "write a=candidate:<foundation> <component 1–256> <transport> <priority> <address> <port 0–65535> typ <type> [raddr <a> rport <p>] [<name> <value>]…")
        case .fingerprint: (Fingerprint(a) != nil, "write a=fingerprint:<hash> <hex digest>, e.g. a=fingerprint:sha-256 AB:CD:…")
        case .rid: (RID(a) != nil, "write a=rid:<id> send|recv [pt=<pt>,…;<restriction>=<value>;…]")
        case .simulcast: (Simulcast(a) != nil, "write a=simulcast:send <rid>;<rid> [recv <rid>;…], alternatives separated by ',' and paused rids prefixed with '~'")
        case .rtcp: (RTCPAddress(a) != nil, "write a=rtcp:<port> [IN IP4|IP6 <address>], e.g. a=rtcp:9 IN IP4 0.0.0.0")
        case .sctpmap: (SCTPMap(a) != nil, "write a=sctpmap:<number> <app> [<streams>], e.g. a=sctpmap:5000 webrtc-datachannel 1024")
        case .iceOptions: (ICEOptions(a) != nil, "write a=ice-options:<tag> …, e.g. a=ice-options:trickle")
        case .msidSemantic: (MediaStreamIDSemantic(a) != nil, "write a=msid-semantic:WMS [<stream id> …]")
        case .framerate: (FrameRate(a) != nil, "write a=framerate:<number>, e.g. a=framerate:30")
        default: nil
        }
    }

    static func malformedAttributes(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            // Kinds the other checks parse once anyway: when every line of a kind parsed,
            // none of them needs its grammar checked again.
            var counts = [Int](repeating: 0, count: Int(AttributeKind.other.rawValue) + 1)
            for kind in indexed.kinds { counts[Int(kind.rawValue)] += 1 }
            for i in indexed.kinds.indices {
                let kind = indexed.kinds[i]
                if kind == .other { continue }
                if let parsed = indexed.parsedCount(kind), parsed == counts[Int(kind.rawValue)] { continue }
                guard let attribute = indexed.attribute(i), let (valid, hint) = grammar(kind, attribute), !valid else { continue }
                out.report("malformed a=\(SDPBytes.string(c.bytes, attribute.nameRange)) value: \"\(attribute.value ?? "")\"",
                           hint: hint, line: attribute.line, range: attribute.valueRange.flatMap { $0.isEmpty ? nil : $0 })
            }
        }
    }
}
