import Diagnostics

/// Payload types, rtpmap/fmtp/rtcp-fb consistency and codec parameters (RFC 3550,
/// RFC 3551, RFC 8866 §6.6, RFC 4588, RFC 7587, RFC 6184).
enum CodecChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpCodecPayloadTypeRange, payloadTypeRange),
        LintCheck(.sdpCodecPayloadTypeRTCPConflict, rtcpConflict),
        LintCheck(.sdpCodecMissingRTPMap, missingRTPMap),
        LintCheck(.sdpCodecRTPMapUnlisted, rtpmapUnlisted),
        LintCheck(.sdpCodecFormatParametersUnlisted, fmtpUnlisted),
        LintCheck(.sdpCodecFeedbackUnlisted, feedbackUnlisted),
        LintCheck(.sdpCodecRTXAssociation, rtxAssociation),
        LintCheck(.sdpCodecOpusClock, opusClock),
        LintCheck(.sdpCodecOpusChannels, opusChannels),
        LintCheck(.sdpCodecDuplicateRTPMap, duplicateRTPMap),
        LintCheck(.sdpCodecInvalidParameter, invalidParameter),
        LintCheck(.sdpCodecREDUnlisted, redUnlisted),
    ]

    /// The RTP media sections (formats are payload types).
    static func rtpSections(_ c: LintContext) -> some Sequence<(IndexedSection, MediaLine)> {
        c.media.lazy.compactMap { s in s.mediaLine.flatMap { $0.isRTP ? (s, $0) : nil } }
    }

    /// Payload types 0–34 have static assignments (RFC 3551 §6) and need no rtpmap.
    static let staticRange = 0...34

    static func payloadTypeRange(_ c: LintContext, _ out: inout FindingSink) {
        let bytes = c.bytes
        for (indexed, media) in rtpSections(c) {
            for range in media.formatRanges {
                if let pt = SDPBytes.integer(bytes, range), pt <= 127 { continue }
                out.report("format \(c.text(range)) on an RTP m= line is not a payload type 0–127",
                           hint: "use a dynamic payload type in 96–127 (or 35–63) and bind it with a=rtpmap",
                           line: media.line, range: range)
            }
            func check(_ pt: Int, _ range: Range<Int>, _ attribute: Attribute) {
                guard pt > 127 else { return }
                out.report("payload type \(pt) in a=\(c.text(attribute.nameRange)) is outside 0–127 (RTP has 7 bits for it)",
                           hint: "use a payload type in 96–127 and the same number on the m= line", line: attribute.line, range: range)
            }
            for map in indexed.rtpMaps { check(map.payloadType, map.payloadTypeRange, map.attribute) }
            for f in indexed.formatParameters { if let pt = f.payloadType { check(pt, f.formatRange, f.attribute) } }
            for fb in indexed.rtcpFeedback { if let pt = fb.payloadType { check(pt, fb.payloadTypeRange, fb.attribute) } }
        }
    }

    static func rtcpConflict(_ c: LintContext, _ out: inout FindingSink) {
        let bytes = c.bytes
        for (indexed, media) in rtpSections(c) where indexed.has(.rtcpMux) {
            for range in media.formatRanges {
                guard let pt = SDPBytes.integer(bytes, range), (64...95).contains(pt) else { continue }
                out.report("payload type \(pt) is in 64–95; with rtcp-mux its marker-bit form (\(pt + 128)) looks like an RTCP packet type",
                           hint: "renumber it into 96–127 or 35–63 in the m= line, rtpmap, fmtp and rtcp-fb lines",
                           line: media.line, range: range)
            }
        }
    }

    static func missingRTPMap(_ c: LintContext, _ out: inout FindingSink) {
        let bytes = c.bytes
        for (indexed, media) in rtpSections(c) {
            let mapped = indexed.mapped
            for range in media.formatRanges {
                guard let pt = SDPBytes.integer(bytes, range), pt <= 127, !staticRange.contains(pt), !mapped.contains(pt) else { continue }
                out.report("payload type \(pt) has no a=rtpmap; only 0–34 have static meanings",
                           hint: "add a=rtpmap:\(pt) <codec>/<clock rate> or remove \(pt) from the m= line",
                           line: media.line, range: range)
            }
        }
    }

    /// Reports a payload type field that is not on the m-line.
    static func unlisted(_ c: LintContext, _ out: inout FindingSink, _ indexed: IndexedSection, _ media: MediaLine,
                         _ pt: Int, _ field: Range<Int>, _ attribute: Attribute, _ what: String) {
        guard pt <= 127, !indexed.listed.contains(pt) else { return }
        out.report("\(what) for payload type \(pt), which the m= line (\(c.text(media.kindRange)) …) does not list",
                   hint: "add \(pt) to the m= line or remove this line; receivers ignore it",
                   line: attribute.line, range: field)
    }

    static func rtpmapUnlisted(_ c: LintContext, _ out: inout FindingSink) {
        for (indexed, media) in rtpSections(c) {
            for map in indexed.rtpMaps { unlisted(c, &out, indexed, media, map.payloadType, map.payloadTypeRange, map.attribute, "a=rtpmap") }
        }
    }

    static func fmtpUnlisted(_ c: LintContext, _ out: inout FindingSink) {
        for (indexed, media) in rtpSections(c) {
            for f in indexed.formatParameters {
                if let pt = f.payloadType { unlisted(c, &out, indexed, media, pt, f.formatRange, f.attribute, "a=fmtp") }
            }
        }
    }

    static func feedbackUnlisted(_ c: LintContext, _ out: inout FindingSink) {
        for (indexed, media) in rtpSections(c) {
            for fb in indexed.rtcpFeedback {
                if let pt = fb.payloadType { unlisted(c, &out, indexed, media, pt, fb.payloadTypeRange, fb.attribute, "a=rtcp-fb") }
            }
        }
    }

    /// The fmtp of `pt` in a section.
    static func fmtp(_ indexed: IndexedSection, _ pt: Int) -> FormatParameters? { indexed.fmtp(pt) }

    /// The rtpmap of `pt` in a section.
    static func rtpmap(_ indexed: IndexedSection, _ pt: Int) -> RTPMap? { indexed.rtpMap(pt) }

    static func rtxAssociation(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isRTP {
            for map in indexed.rtpMaps {
                let attribute = map.attribute
                guard map.isEncoding("rtx"), indexed.listed.contains(map.payloadType) else { continue }
                guard let parameters = fmtp(indexed, map.payloadType).map(RTXParameters.init),
                      let aptRange = parameters.associatedPayloadTypeRange else {
                    out.report("RTX payload type \(map.payloadType) has no a=fmtp:\(map.payloadType) apt=<payload type>",
                               hint: "add a=fmtp:\(map.payloadType) apt=<the retransmitted payload type>",
                               line: attribute.line, range: map.codecRange)
                    continue
                }
                let apt = parameters.associatedPayloadType
                if let apt, indexed.listed.contains(apt) { continue }
                out.report("RTX payload type \(map.payloadType) retransmits apt=\(c.text(aptRange)), which the m= line does not list",
                           hint: "point apt at a payload type on the m= line, or remove payload type \(map.payloadType)",
                           line: parameters.fmtp.attribute.line, range: aptRange)
            }
        }
    }

    static func opusClock(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isRTP {
            for map in indexed.rtpMaps {
                let attribute = map.attribute
                guard map.isEncoding("opus") else { continue }
                if map.clockRate != 48000 {
                    out.report("Opus is declared with clock rate \(map.clockRate); RFC 7587 fixes it at 48000 whatever the sampling rate",
                               hint: "write a=rtpmap:\(map.payloadType) opus/48000/2", line: attribute.line, range: map.clockRateRange)
                } else if let channels = map.channels, channels != 2, let range = map.channelsRange {
                    out.report("Opus is declared with \(channels) channel(s); RFC 7587 requires /2 (stereo is negotiated with the stereo fmtp parameter)",
                               hint: "write a=rtpmap:\(map.payloadType) opus/48000/2", line: attribute.line, range: range)
                }
            }
        }
    }

    static func opusChannels(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isRTP {
            for map in indexed.rtpMaps {
                let attribute = map.attribute
                guard map.isEncoding("opus"), map.clockRate == 48000, map.channels == nil else { continue }
                out.report("Opus is declared as \(c.text(map.codecRange)) without /2, as GStreamer webrtcbin writes it; browsers accept it, strict parsers read one channel",
                           hint: "write a=rtpmap:\(map.payloadType) opus/48000/2 (RFC 7587 §7)", line: attribute.line, range: map.codecRange)
            }
        }
    }

    static func duplicateRTPMap(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isRTP {
            var seen = PayloadTypeSet()
            for map in indexed.rtpMaps {
                let attribute = map.attribute
                guard !seen.insert(map.payloadType), map.payloadType <= 127 else { continue }
                let first = rtpmap(indexed, map.payloadType)
                out.report("second a=rtpmap for payload type \(map.payloadType) (\(c.text(map.codecRange)))\(first.map { "; line \($0.attribute.line.number) already binds it to \(c.text($0.codecRange))" } ?? "")",
                           hint: "give each codec its own payload type", line: attribute.line, range: map.payloadTypeRange,
                           notes: first.map { [($0.attribute.line, $0.payloadTypeRange)] } ?? [])
            }
        }
    }

    static func invalidParameter(_ c: LintContext, _ out: inout FindingSink) {
        let bytes = c.bytes
        for indexed in c.media where indexed.isRTP {
            for f in indexed.formatParameters {
                let attribute = f.attribute
                guard let pt = f.payloadType, let map = rtpmap(indexed, pt) else { continue }
                if map.isEncoding("H264") {
                    if let range = f.valueRange(for: "profile-level-id"), H264ProfileLevelID(bytes, range) == nil {
                        out.report("H.264 profile-level-id \"\(c.text(range))\" is not six hex digits",
                                   hint: "write profile_idc, profile-iop and level_idc as six hex digits, e.g. profile-level-id=42e01f",
                                   line: attribute.line, range: range)
                    }
                    if let range = f.valueRange(for: "packetization-mode"), !(SDPBytes.integer(bytes, range).map { $0 <= 2 } ?? false) {
                        out.report("H.264 packetization-mode \"\(c.text(range))\" is not 0, 1 or 2",
                                   hint: "write packetization-mode=1 (non-interleaved), which every WebRTC stack supports",
                                   line: attribute.line, range: range)
                    }
                } else if map.isEncoding("VP9"), let range = f.valueRange(for: "profile-id"),
                          !(SDPBytes.integer(bytes, range).map { $0 <= 3 } ?? false) {
                    out.report("VP9 profile-id \"\(c.text(range))\" is not 0–3", hint: "write profile-id=0 (8-bit 4:2:0) or remove the parameter",
                               line: attribute.line, range: range)
                } else if map.isEncoding("AV1") {
                    if let range = f.valueRange(for: "profile"), !(SDPBytes.integer(bytes, range).map { $0 <= 2 } ?? false) {
                        out.report("AV1 profile \"\(c.text(range))\" is not 0–2", hint: "write profile=0 (Main) or remove the parameter",
                                   line: attribute.line, range: range)
                    }
                    if let range = f.valueRange(for: "tier"), !(SDPBytes.integer(bytes, range).map { $0 <= 1 } ?? false) {
                        out.report("AV1 tier \"\(c.text(range))\" is not 0 or 1", hint: "write tier=0 (Main) or remove the parameter",
                                   line: attribute.line, range: range)
                    }
                }
            }
        }
    }

    static func redUnlisted(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isRTP {
            for map in indexed.rtpMaps {
                let attribute = map.attribute
                guard map.isEncoding("red"), indexed.listed.contains(map.payloadType),
                      let f = fmtp(indexed, map.payloadType), let red = REDParameters(f) else { continue }
                for (pt, range) in red.payloadTypes where !indexed.listed.contains(pt) {
                    out.report("RED payload type \(map.payloadType) carries redundant payload type \(pt), which the m= line does not list",
                               hint: "list \(pt) on the m= line or change the RED fmtp to a listed payload type (e.g. the Opus one)",
                               line: f.attribute.line, range: range)
                }
            }
        }
    }
}
