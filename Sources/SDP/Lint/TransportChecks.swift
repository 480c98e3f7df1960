import Diagnostics

/// Protocol profiles, rtcp-mux (RFC 5761, RFC 8858) and connection addresses.
enum TransportChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpTransportMissingRTCPMux, missingRTCPMux),
        LintCheck(.sdpTransportMuxOnlyWithoutMux, muxOnlyWithoutMux),
        LintCheck(.sdpTransportNonWebRTCProfile, nonWebRTCProfile),
        LintCheck(.sdpTransportAddressType, addressType),
    ]

    static func missingRTCPMux(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isInUse && !c.transportApplies(.rtcpMux, to: indexed) {
            guard let media = indexed.mediaLine, media.transport == .udpTLSRTPSAVPF else { continue }
            out.report("\(c.text(media.kindRange)) section has no a=rtcp-mux; browsers use rtcpMuxPolicy \"require\" and reject it",
                       hint: "add a=rtcp-mux (and send RTCP on the RTP port)", line: media.line, range: media.protocolRange)
        }
    }

    static func muxOnlyWithoutMux(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.has(.rtcpMuxOnly) && !indexed.has(.rtcpMux) {
            guard let attribute = indexed.first(.rtcpMuxOnly) else { continue }
            out.report("a=rtcp-mux-only without a=rtcp-mux; RFC 8858 requires both",
                       hint: "add a=rtcp-mux next to a=rtcp-mux-only", line: attribute.line, range: attribute.nameRange)
        }
    }

    static func nonWebRTCProfile(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isInUse {
            guard let media = indexed.mediaLine, media.isRTP, !media.transport.usesDTLS else { continue }
            out.report("\(c.text(media.kindRange)) section uses \(c.text(media.protocolRange)), which is not DTLS-SRTP; browsers only accept UDP/TLS/RTP/SAVPF",
                       hint: "use UDP/TLS/RTP/SAVPF with a=fingerprint and a=setup for a WebRTC peer",
                       line: media.line, range: media.protocolRange)
        }
    }

    static func addressType(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            for line in indexed.section.lines where line.is("c") {
                guard let connection = Connection(line, in: c.bytes) else { continue }
                let kind = Candidate.classify(c.bytes, connection.addressRange)
                if connection.isIPv4 && kind == .ipv6 {
                    out.report("c= says IP4 but \(connection.address) is an IPv6 address",
                               hint: "write c=IN IP6 \(connection.address)", line: line, range: connection.addressTypeRange)
                } else if connection.isIPv6 && kind == .ipv4 {
                    out.report("c= says IP6 but \(connection.address) is an IPv4 address",
                               hint: "write c=IN IP4 \(connection.address)", line: line, range: connection.addressTypeRange)
                }
            }
        }
    }
}

/// SSRC declarations and groups (RFC 5576).
enum SSRCChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpSSRCGroupUndeclared, groupUndeclared),
        LintCheck(.sdpSSRCDuplicate, duplicate),
        LintCheck(.sdpSSRCFIDGroupSize, fidGroupSize),
    ]

    /// The distinct SSRCs declared by a=ssrc lines in a section, with the first line of each.
    static func declared(_ indexed: IndexedSection) -> [(ssrc: UInt32, attribute: SourceAttribute)] {
        guard indexed.has(.ssrc) else { return [] }
        var result: [(ssrc: UInt32, attribute: SourceAttribute)] = []
        for s in indexed.sourceAttributes where !result.contains(where: { $0.ssrc == s.ssrc }) {
            result.append((s.ssrc, s))
        }
        return result
    }

    static func groupUndeclared(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.has(.ssrcGroup) {
            let ssrcs = declared(indexed)
            for group in indexed.sourceGroups {
                let attribute = group.attribute
                for (ssrc, range) in group.ssrcs where !ssrcs.contains(where: { $0.ssrc == ssrc }) {
                    out.report("a=ssrc-group:\(group.semantics) names SSRC \(ssrc), which no a=ssrc line in this section declares",
                               hint: "add a=ssrc:\(ssrc) cname:<cname> (with the same cname as the group's other SSRCs)",
                               line: attribute.line, range: range)
                }
            }
        }
    }

    static func duplicate(_ c: LintContext, _ out: inout FindingSink) {
        var seen: [UInt32: SourceAttribute] = [:]
        for indexed in c.media {
            for (ssrc, attribute) in declared(indexed) {
                if let first = seen[ssrc] {
                    out.report("SSRC \(ssrc) is declared in two media sections (first at line \(first.attribute.line.number)); a demultiplexer cannot tell them apart",
                               hint: "use a distinct random SSRC per stream", line: attribute.attribute.line, range: attribute.ssrcRange,
                               notes: [(first.attribute.line, first.ssrcRange)])
                } else {
                    seen[ssrc] = attribute
                }
            }
        }
    }

    static func fidGroupSize(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            for group in indexed.sourceGroups {
                let attribute = group.attribute
                guard SDPBytes.equal(c.bytes, group.semanticsRange, "FID"), group.ssrcs.count != 2 else { continue }
                out.report("a=ssrc-group:FID has \(group.ssrcs.count) SSRC(s); an FID group pairs one media SSRC with its RTX SSRC",
                           hint: "write a=ssrc-group:FID <media ssrc> <rtx ssrc>", line: attribute.line, range: group.semanticsRange)
            }
        }
    }
}
