import Diagnostics

/// SCTP data channel sections (RFC 8841 and the legacy draft-ietf-mmusic-sctp-sdp-05
/// format still accepted by browsers).
enum DataChannelChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpDataChannelMixedFormat, mixedFormat),
        LintCheck(.sdpDataChannelLegacy, legacy),
        LintCheck(.sdpDataChannelNumber, number),
        LintCheck(.sdpDataChannelFormat, format),
    ]

    static func mixedFormat(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            guard let media = indexed.mediaLine, media.transport.isSCTP else { continue }
            if media.transport == .dtlsSCTP, let attribute = indexed.first(.sctpPort) {
                out.report("a=sctp-port in a legacy DTLS/SCTP section, which carries the SCTP port on the m= line and in a=sctpmap",
                           hint: "either write m=application 9 UDP/DTLS/SCTP webrtc-datachannel with a=sctp-port, or the legacy form with a=sctpmap only",
                           line: attribute.line, range: attribute.nameRange)
            } else if media.transport != .dtlsSCTP, let attribute = indexed.first(.sctpmap) {
                out.report("a=sctpmap (legacy format) in a \(c.text(media.protocolRange)) section; RFC 8841 uses a=sctp-port",
                           hint: "replace a=sctpmap:<port> webrtc-datachannel <streams> with a=sctp-port:<port>",
                           line: attribute.line, range: attribute.nameRange)
            }
        }
    }

    static func legacy(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            guard let media = indexed.mediaLine, media.transport == .dtlsSCTP else { continue }
            out.report("data channel section uses the legacy DTLS/SCTP m= line (pre-RFC 8841); current browsers answer it in kind, newer stacks may not",
                       hint: "write m=application 9 UDP/DTLS/SCTP webrtc-datachannel with a=sctp-port:5000",
                       line: media.line, range: media.protocolRange)
        }
    }

    static func number(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            for kind in [AttributeKind.sctpPort, .maxMessageSize] {
                indexed.each(kind) { attribute in
                    let parsed = NumericAttribute(attribute)
                    if let parsed, kind == .maxMessageSize || parsed.value <= 65535 { return }
                    let name = kind == .sctpPort ? "sctp-port" : "max-message-size"
                    out.report("a=\(name) value \"\(attribute.value ?? "")\" is not \(kind == .sctpPort ? "a port number 0–65535" : "a decimal number of bytes")",
                               hint: kind == .sctpPort ? "write a=sctp-port:5000" : "write a=max-message-size:262144 (0 means no limit)",
                               line: attribute.line, range: attribute.valueRange.flatMap { $0.isEmpty ? nil : $0 })
                }
            }
        }
    }

    static func format(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            guard let media = indexed.mediaLine, media.transport == .udpDTLSSCTP || media.transport == .tcpDTLSSCTP else { continue }
            for range in media.formatRanges where !SDPBytes.equal(c.bytes, range, "webrtc-datachannel") {
                out.report("\(c.text(media.protocolRange)) format is \"\(c.text(range))\"; RFC 8841 data channels use webrtc-datachannel",
                           hint: "write m=application 9 \(c.text(media.protocolRange)) webrtc-datachannel",
                           line: media.line, range: range)
            }
        }
    }
}
