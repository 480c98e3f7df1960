import Diagnostics
import SDP

/// Codecs (RFC 3264 §6.1 and the payload formats' offer/answer sections): a common codec,
/// payload type numbers and meanings, and the parameters that must match.
extension PairRule {
    static let codecRules: [PairRule] = [
        .perSection(.oaCodecNoCommon) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            let common = codecs.answer.filter { a in a.isMedia && codecs.offer.contains { $0.sameCodec(as: a) } }
            guard common.isEmpty else { return [] }
            let offered = codecs.offer.filter(\.isMedia).map(\.name)
            let answered = codecs.answer.filter(\.isMedia).map(\.name)
            var message = "\(pair.name) has no codec in common: the offer has \(list(offered)), the answer \(list(answered))"
            if codecs.offer.contains(where: { $0.encoding == "opus" && $0.channels == 1 }) {
                message += "; the offer's Opus has no /2, which libwebrtc does not match with opus/48000/2"
            }
            let media = pair.answerMedia
            return [Rule.oaCodecNoCommon.finding(
                message,
                hint: "the answerer must pick at least one offered codec (webrtcbin accepts such an answer silently and decodes nothing)",
                at: [oa.answer.location(media.line, range: media.formatRanges.first ?? media.protocolRange)])]
        },
        .perSection(.oaCodecNotOffered) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            return codecs.answer.compactMap { a in
                guard !codecs.offer.contains(where: { $0.sameCodec(as: a) }) else { return nil }
                return Rule.oaCodecNotOffered.finding(
                    "the answer lists \(a.name) (pt \(a.payloadType)) in \(pair.name), which the offer does not offer",
                    hint: "answer only with offered codecs",
                    at: [codecs.answerLocation(oa, a)])
            }
        },
        .perSection(.oaCodecPayloadTypeMeaning) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            return codecs.answer.compactMap { a in
                guard let o = codecs.offer.first(where: { $0.payloadType == a.payloadType }), o.rtpMap != nil || a.rtpMap != nil,
                      !o.sameCodec(as: a) else { return nil }
                return Rule.oaCodecPayloadTypeMeaning.finding(
                    "payload type \(a.payloadType) is \(o.name) in the offer but \(a.name) in the answer: "
                        + "each side would decode the other's packets with the wrong codec",
                    hint: "use the offer's payload type number for each codec",
                    at: [codecs.answerLocation(oa, a), codecs.offerLocation(oa, o)])
            }
        },
        .perSection(.oaCodecPayloadTypeRenumbered) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            return codecs.answer.compactMap { a in
                guard !codecs.offer.contains(where: { $0.payloadType == a.payloadType }),
                      let o = codecs.offer.first(where: { $0.sameCodec(as: a) }) else { return nil }
                return Rule.oaCodecPayloadTypeRenumbered.finding(
                    "the answer uses payload type \(a.payloadType) for \(a.name), which the offer numbered \(o.payloadType): "
                        + "each side then sends with its own number",
                    hint: "answer with payload type \(o.payloadType)",
                    at: [codecs.answerLocation(oa, a), codecs.offerLocation(oa, o)])
            }
        },
        .perSection(.oaCodecH264PacketizationMode) { oa, pair in
            h264Pairs(pair).compactMap { codecs, o, a in
                let om = H264Configuration(o).packetizationMode, am = H264Configuration(a).packetizationMode
                guard om != am else { return nil }
                let offeredModes = Set(codecs.offer.filter { $0.encoding == "h264" }.map { H264Configuration($0).packetizationMode }).sorted()
                return Rule.oaCodecH264PacketizationMode.finding(
                    "H.264 payload type \(a.payloadType) is packetization-mode=\(om) in the offer but \(am) in the answer "
                        + "(the offer has H.264 packetization-mode \(offeredModes.map(String.init).joined(separator: " and ")) only)",
                    hint: "answer with the offered packetization-mode, or drop the payload type (RFC 6184 §8.2.2: modes are symmetric)",
                    at: [codecs.answerLocation(oa, a, fmtp: true), codecs.offerLocation(oa, o, fmtp: true)])
            }
        },
        .perSection(.oaCodecH264Profile) { oa, pair in
            h264Pairs(pair).compactMap { codecs, o, a in
                let oc = H264Configuration(o), ac = H264Configuration(a)
                guard let op = oc.profile, let ap = ac.profile, op != ap else { return nil }
                return Rule.oaCodecH264Profile.finding(
                    "H.264 payload type \(a.payloadType) is \(op.rawValue) (\(oc.written ?? "")) in the offer but \(ap.rawValue) "
                        + "(\(ac.written ?? "")) in the answer: the decoder may not handle the other profile",
                    hint: "keep the offered profile (profile_idc and profile-iop) for this payload type; only the level may differ",
                    at: [codecs.answerLocation(oa, a, fmtp: true), codecs.offerLocation(oa, o, fmtp: true)])
            }
        },
        .perSection(.oaCodecH264Level) { oa, pair in
            h264Pairs(pair).compactMap { codecs, o, a in
                let oc = H264Configuration(o), ac = H264Configuration(a)
                guard oc.profile == ac.profile, let ol = oc.level, let al = ac.level, al > ol,
                      !(oc.levelAsymmetryAllowed && ac.levelAsymmetryAllowed) else { return nil }
                return Rule.oaCodecH264Level.finding(
                    "H.264 payload type \(a.payloadType): the answer's level \(H264Configuration.levelName(al)) is above the offer's "
                        + "\(H264Configuration.levelName(ol)) and level-asymmetry-allowed=1 is not on both sides: "
                        + "the offerer may not decode what the answerer sends",
                    hint: "answer with the offered level or lower, or set level-asymmetry-allowed=1 on both sides",
                    at: [codecs.answerLocation(oa, a, fmtp: true), codecs.offerLocation(oa, o, fmtp: true)])
            }
        },
        .perSection(.oaCodecH264DefaultProfile) { oa, pair in
            h264Pairs(pair).compactMap { codecs, o, a in
                let oc = H264Configuration(o), ac = H264Configuration(a)
                guard oc.isProfileLevelIDAbsent != ac.isProfileLevelIDAbsent else { return nil }
                let absent: Side = oc.isProfileLevelIDAbsent ? .offer : .answer
                let present = absent == .offer ? ac : oc
                let presentProfile = present.profile?.rawValue ?? "an unknown profile"
                return Rule.oaCodecH264DefaultProfile.finding(
                    "H.264 payload type \(a.payloadType) has no profile-level-id in the \(absent.rawValue); the \(absent.other.rawValue) says "
                        + "\(present.written ?? "?") (\(presentProfile)). A stack following RFC 6184 reads the missing value as 42000A "
                        + "(Baseline level 1.0: at most 176×144 at 15 fps); libwebrtc reads it as 42E01F (Constrained Baseline 3.1)"
                        + (present.profile == .constrainedBaseline ? " and matches it" : ", which is still a different profile"),
                    hint: "write profile-level-id explicitly on both sides",
                    at: absent == .offer
                        ? [codecs.offerLocation(oa, o, fmtp: true), codecs.answerLocation(oa, a, fmtp: true)]
                        : [codecs.answerLocation(oa, a, fmtp: true), codecs.offerLocation(oa, o, fmtp: true)])
            }
        },
        .perSection(.oaCodecVP9Profile) { oa, pair in
            profileMismatches(oa, pair, rule: .oaCodecVP9Profile, encoding: "vp9", codec: "VP9", parameter: "profile-id",
                              absentMeaning: "0") { VP9Parameters($0).profileID }
        },
        .perSection(.oaCodecAV1Profile) { oa, pair in
            profileMismatches(oa, pair, rule: .oaCodecAV1Profile, encoding: "av1", codec: "AV1", parameter: "profile",
                              absentMeaning: "0, Main") { AV1Parameters($0).profile }
        },
        .perSection(.oaCodecRTXAssociation) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            // RTX may repair any negotiated payload type, RED included (RFC 4588 §8.6).
            let negotiated = Set(codecs.answer.filter { a in a.encoding != "rtx" && codecs.offer.contains { $0.sameCodec(as: a) } }.map(\.payloadType))
            return codecs.answer.compactMap { a in
                guard a.encoding == "rtx", let apt = a.formatParameters.map(RTXParameters.init)?.associatedPayloadType else { return nil }
                let offeredApt = codecs.offer.first { $0.payloadType == a.payloadType && $0.encoding == "rtx" }?
                    .formatParameters.map(RTXParameters.init)?.associatedPayloadType
                if let offeredApt, offeredApt != apt {
                    return Rule.oaCodecRTXAssociation.finding(
                        "RTX payload type \(a.payloadType) repairs pt \(offeredApt) in the offer but pt \(apt) in the answer",
                        hint: "keep the offer's apt for each RTX payload type",
                        at: [codecs.answerLocation(oa, a, fmtp: true), codecs.offerLocation(oa, a, fmtp: true)])
                }
                guard !negotiated.contains(apt) else { return nil }
                return Rule.oaCodecRTXAssociation.finding(
                    "the answer keeps RTX payload type \(a.payloadType) for pt \(apt), which is not a negotiated codec: "
                        + "retransmissions for it can never be sent",
                    hint: "drop the RTX payload type with its codec",
                    at: [codecs.answerLocation(oa, a, fmtp: true)])
            }
        },
        .perSection(.oaCodecRedundancy) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            let negotiated = Set(codecs.answer.filter { a in codecs.offer.contains { $0.sameCodec(as: a) } }.map(\.payloadType))
            return codecs.answer.compactMap { a in
                guard a.encoding == "red", let fmtp = a.formatParameters, let red = REDParameters(fmtp) else { return nil }
                let missing = Set(red.payloadTypes.map(\.value).filter { !negotiated.contains($0) }).sorted()
                guard !missing.isEmpty else { return nil }
                return Rule.oaCodecRedundancy.finding(
                    "RED payload type \(a.payloadType) carries pt \(missing.map(String.init).joined(separator: ", ")), "
                        + "which the answer does not negotiate: the redundant data cannot be decoded",
                    hint: "negotiate the codecs RED carries, or drop RED",
                    at: [codecs.answerLocation(oa, a, fmtp: true)])
            }
        },
        .perSection(.oaCodecTelephoneEventClock) { oa, pair in
            guard let codecs = pair.codecs, pair.answerMedia.kind == .audio else { return [] }
            let negotiated = codecs.answer.filter { a in codecs.offer.contains { $0.sameCodec(as: a) } }
            let events = negotiated.filter { $0.encoding == "telephone-event" }
            let audio = negotiated.filter(\.isMedia)
            guard let first = events.first, let primary = audio.first, let rate = primary.clockRate,
                  !events.contains(where: { $0.clockRate == rate }) else { return [] }
            return [Rule.oaCodecTelephoneEventClock.finding(
                "telephone-event is negotiated at \(events.compactMap(\.clockRate).map(String.init).joined(separator: ", ")) Hz "
                    + "but the audio codec \(primary.name) runs at \(rate) Hz: libwebrtc sends DTMF only with a telephone-event at the send codec's clock rate",
                hint: "offer and answer telephone-event/\(rate) as well",
                at: [codecs.answerLocation(oa, first)])]
        },
        .perSection(.oaCodecOpusChannels) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            return codecs.answer.compactMap { a in
                guard a.encoding == "opus", let o = codecs.offer.first(where: { $0.payloadType == a.payloadType && $0.encoding == "opus" }),
                      (o.rtpMap?.channels == nil) != (a.rtpMap?.channels == nil) else { return nil }
                let bare: Side = o.rtpMap?.channels == nil ? .offer : .answer
                return Rule.oaCodecOpusChannels.finding(
                    "Opus pt \(a.payloadType) is \(o.name) in the offer and \(a.name) in the answer: RFC 7587 requires opus/48000/2; "
                        + "the \(bare.peer) wrote it without channels (GStreamer's webrtcbin does when its caps lack channels)",
                    hint: "write opus/48000/2 (in webrtcbin, give the Opus caps channels=2)",
                    at: bare == .offer ? [codecs.offerLocation(oa, o), codecs.answerLocation(oa, a)]
                        : [codecs.answerLocation(oa, a), codecs.offerLocation(oa, o)])
            }
        },
    ]

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : Array(Set(names)).sorted().joined(separator: ", ")
    }

    /// Pairs of the same payload type with `encoding` on both sides.
    static func matchedPairs(_ pair: ActivePair, encoding: String) -> [(CodecPair, CodecDescription, CodecDescription)] {
        guard let codecs = pair.codecs else { return [] }
        return codecs.answer.compactMap { a in
            guard a.encoding == encoding, let o = codecs.offer.first(where: { $0.payloadType == a.payloadType && $0.encoding == encoding })
            else { return nil }
            return (codecs, o, a)
        }
    }

    /// A codec whose `profile` parameter must be equal on both sides (VP9 profile-id, AV1
    /// profile): one finding per payload type whose offer and answer differ, an absent
    /// parameter read as 0 as both payload formats define.
    static func profileMismatches(
        _ oa: OfferAnswer, _ pair: ActivePair, rule: Rule, encoding: String, codec: String, parameter: String,
        absentMeaning: String, profile: (FormatParameters) -> Int?
    ) -> [Finding] {
        matchedPairs(pair, encoding: encoding).compactMap { codecs, o, a in
            let offered = o.formatParameters.flatMap(profile) ?? 0
            let answered = a.formatParameters.flatMap(profile) ?? 0
            guard offered != answered else { return nil }
            return rule.finding(
                "\(codec) payload type \(a.payloadType) is \(parameter)=\(offered) in the offer but \(answered) in the answer (absent means \(absentMeaning))",
                hint: "answer with the offered \(parameter) or drop the payload type",
                at: [codecs.answerLocation(oa, a, fmtp: true), codecs.offerLocation(oa, o, fmtp: true)])
        }
    }

    static func h264Pairs(_ pair: ActivePair) -> [(CodecPair, CodecDescription, CodecDescription)] {
        matchedPairs(pair, encoding: "h264")
    }
}

/// The codecs of both sides of an RTP m-section pair.
struct CodecPair {
    let offerMedia: MediaLine
    let answerMedia: MediaLine
    let offer: [CodecDescription]
    let answer: [CodecDescription]

    init(offer: Section, answer: Section, offerMedia: MediaLine, answerMedia: MediaLine) {
        self.offerMedia = offerMedia
        self.answerMedia = answerMedia
        self.offer = CodecDescription.all(in: offer, media: offerMedia)
        self.answer = CodecDescription.all(in: answer, media: answerMedia)
    }

    func answerLocation(_ oa: OfferAnswer, _ codec: CodecDescription, fmtp: Bool = false) -> Location {
        location(oa.answer, answerMedia, codec, fmtp: fmtp)
    }

    func offerLocation(_ oa: OfferAnswer, _ codec: CodecDescription, fmtp: Bool = false) -> Location {
        location(oa.offer, offerMedia, codec, fmtp: fmtp)
    }

    private func location(_ description: SessionDescription, _ media: MediaLine, _ codec: CodecDescription, fmtp: Bool) -> Location {
        if fmtp, let parameters = codec.formatParameters { return description.location(parameters.attribute.line, range: parameters.parametersRange.isEmpty ? parameters.formatRange : parameters.parametersRange) }
        if let map = codec.rtpMap { return description.location(map.attribute.line, range: map.codecRange) }
        if let range = media.formatRanges.first(where: { SDPBytes.integer(media.bytes, $0) == codec.payloadType }) {
            return description.location(media.line, range: range)
        }
        return description.location(line: media.line)
    }
}

extension CodecDescription {
    /// Same encoding (case-insensitive), clock rate and channel count; Opus with and
    /// without `/2` counts as the same codec (``Rule/oaCodecOpusChannels`` reports it).
    func sameCodec(as other: CodecDescription) -> Bool {
        guard encoding == other.encoding, clockRate == other.clockRate else { return false }
        if encoding == "opus" { return true }
        return channels == other.channels
    }
}
