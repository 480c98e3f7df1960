import Diagnostics
import SDP

/// Predicts a measured answerer's answer to an offer from its ``AnswererProfile``.
///
/// The predictor models an answerer without local media, as measured: it accepts or
/// refuses the offer (set-remote-description), then answers each m-section with the
/// measured codec choice, direction, port and BUNDLE handling, and reports the
/// offer's features the answer drops.
public struct AnswerPredictor: Sendable {
    public let profile: AnswererProfile

    public init(profile: AnswererProfile) {
        self.profile = profile
    }

    /// Attributes whose absence the measured answerer refuses in set-remote-description,
    /// keyed by the measurement edit that removed them; `sessionFallback` names the edit
    /// that moved the attribute to session level (accepted or not, per the profile).
    struct Requirement {
        let edit: String
        let attribute: StaticString
        let sessionFallback: String
    }

    static let requirements: [Requirement] = [
        Requirement(edit: "missing-ice-ufrag", attribute: "ice-ufrag", sessionFallback: "session-level-ice"),
        Requirement(edit: "missing-ice-pwd", attribute: "ice-pwd", sessionFallback: "session-level-ice"),
        Requirement(edit: "missing-fingerprint", attribute: "fingerprint", sessionFallback: "session-level-fingerprint"),
        Requirement(edit: "missing-setup", attribute: "setup", sessionFallback: "session-level-setup"),
        Requirement(edit: "missing-mid", attribute: "mid", sessionFallback: ""),
    ]

    /// Codecs that repair or protect another codec rather than carry media.
    static let auxiliary: Set<String> = ["rtx", "red", "ulpfec", "flexfec", "flexfec-03"]

    public func predict(_ offer: SessionDescription, bundlePolicy: BundlePolicy = .none) -> AnswerPrediction {
        let claims = profile.claims
        var findings: [Finding] = []
        var refusal: String? = nil

        // set-remote-description.
        for requirement in Self.requirements {
            guard let messages = claims.setRemoteErrors.value[requirement.edit], let template = messages.first else { continue }
            let sessionOK = claims.setRemoteErrors.acceptedEdits.contains(requirement.sessionFallback)
                && offer.session.hasAttribute(requirement.attribute)
            for section in offer.media where !section.hasAttribute(requirement.attribute) && !sessionOK {
                let index = section.mediaIndex ?? 0
                let text = template.replacingFirst("media 0", with: "media \(index)")
                refusal = refusal ?? text
                let where_ = offer.session.hasAttribute(requirement.attribute)
                    ? "a=\(requirement.attribute) is only at session level, and \(profile.answerer) reads it per media section"
                    : "m-section \(index) has no a=\(requirement.attribute)"
                findings.append(Rule.profileRefused.finding(
                    "\(profile.answerer) refuses this offer: \(where_); set-remote-description fails with \"\(text)\"",
                    hint: "write a=\(requirement.attribute) in every media section",
                    at: location(offer, section.mediaLine)))
            }
        }
        let answerer = profile.title
        if let refusal {
            return AnswerPrediction(answerer: answerer, bundlePolicy: bundlePolicy, refusal: refusal, bundleGroup: nil, sections: [], findings: findings)
        }

        let policy = bundlePolicy.measured
        var sections: [PredictedSection] = []
        var extensionLines: [Line] = []
        for section in offer.media {
            let index = section.mediaIndex ?? 0
            guard let media = section.media else { continue }
            let kindClass = media.kind == .application ? "application" : "rtp"
            let rejected = media.port == 0 && !section.isBundleOnly
            var port = 9
            if section.isBundleOnly, let p = claims.bundleOnlyAnswerPort.value["\(policy)/\(kindClass)"] { port = p }
            if rejected, let p = claims.rejectedSectionAnswerPort.value["\(policy)/\(kindClass)"] { port = p }
            var dropped: [String] = []
            var codec: PredictedCodec? = nil
            var protocolName = media.protocolName
            if media.isRTP {
                let maps = section.rtpMaps
                let offered = media.payloadTypes.map { pt in (pt, maps.first { $0.payloadType == pt }) }
                let primary = offered.first { _, map in map.map { !Self.auxiliary.contains($0.encodingName.lowercased()) } ?? true }
                if let (pt, map) = primary, claims.codecChoice.value == "first-offered" {
                    var encoding = map.map { "\($0.encodingName)/\($0.clockRate)" + ($0.channels.map { "/\($0)" } ?? "") } ?? "PT \(pt)"
                    if claims.answerEncodingUppercased.value, let slash = encoding.firstIndex(of: "/") {
                        encoding = encoding[..<slash].uppercased() + encoding[slash...]
                    }
                    codec = PredictedCodec(payloadType: pt, encoding: encoding)
                }
                let names = Set(maps.map { $0.encodingName.lowercased() })
                for (name, kept) in [("rtx", claims.keeps_rtx.value), ("red", claims.keeps_red.value), ("ulpfec", claims.keeps_ulpfec.value)]
                where names.contains(name) && !kept {
                    dropped.append(name)
                }
                let others = offered.filter { pt, map in pt != codec?.payloadType && !Self.auxiliary.contains(map?.encodingName.lowercased() ?? "") }
                if claims.codecsPerSection.value == 1 && !others.isEmpty {
                    dropped.append("\(others.count) further codec\(others.count == 1 ? "" : "s")")
                }
                let repair = dropped.filter { ["rtx", "red", "ulpfec"].contains($0) }
                if !repair.isEmpty, port != 0 {
                    findings.append(Rule.profileRepairDropped.finding(
                        "m-section \(index) offers \(repair.joined(separator: ", ")); \(profile.answerer) answers only \(codec?.encoding ?? "one codec"): no retransmission or FEC on loss",
                        hint: "expect gaps (audio) or freezes until the next keyframe (video) on packet loss: webrtcbin answers without RTX, RED and FEC",
                        at: location(offer, maps.first { repair.contains($0.encodingName.lowercased()) }?.attribute.line ?? section.mediaLine)))
                }
                if !section.extensionMaps.isEmpty && !claims.keeps_extmaps.value {
                    dropped.append("extmap")
                    if let line = section.extensionMaps.first?.attribute.line { extensionLines.append(line) }
                }
                let hasSimulcast = section.simulcast != nil || !section.rids.isEmpty
                if section.simulcast != nil && !claims.keeps_simulcast.value { dropped.append("simulcast") }
                if !section.rids.isEmpty && !claims.keeps_rids.value { dropped.append("rid") }
                if hasSimulcast && !(claims.keeps_simulcast.value && claims.keeps_rids.value) && port != 0 {
                    findings.append(Rule.profileSimulcastDropped.finding(
                        "m-section \(index) offers simulcast (\(section.rids.count) rids); \(profile.answerer)'s answer has neither a=simulcast nor a=rid, so the offerer sends one stream",
                        hint: "do not rely on simulcast towards webrtcbin; an SFU in front of it can select one layer",
                        at: location(offer, (section.simulcast?.attribute.line ?? section.rids.first?.attribute.line) ?? section.mediaLine)))
                }
                if !section.sourceGroups.isEmpty && !claims.keeps_ssrcGroups.value { dropped.append("ssrc-group") }
                if let map = codec, port != 0 {
                    let name = map.encoding.split(separator: "/").first.map { $0.uppercased() } ?? ""
                    if !claims.depayloadableEncodings.value.isEmpty && !claims.depayloadableEncodings.value.contains(name) {
                        findings.append(Rule.profileNoDepayloader.finding(
                            "\(profile.answerer) will answer m-section \(index) with \(map.encoding) (the first offered codec), but no installed GStreamer RTP depayloader handles \(name)",
                            hint: "offer a codec GStreamer can depayload first (e.g. VP8, H264, OPUS), or install the plugin that has one",
                            at: location(offer, section.rtpMap(for: map.payloadType)?.attribute.line ?? section.mediaLine)))
                    }
                }
            } else if media.transport.isSCTP {
                if media.transport == .dtlsSCTP, claims.legacyDataChannel.value == "accepted" {
                    protocolName = claims.legacyDataChannel.answerProtocols.first ?? protocolName
                    dropped.append("sctpmap")
                    findings.append(Rule.profileLegacyDataChannel.finding(
                        "m-section \(index) is a legacy DTLS/SCTP data channel; \(profile.answerer) accepts it and answers \(protocolName) \(claims.legacyDataChannel.answerFormats.first ?? "webrtc-datachannel") with a=sctp-port:\(claims.legacyDataChannel.answerSctpPort.first ?? "5000")",
                        hint: "an offerer that only understands the legacy form cannot read this answer; offer UDP/DTLS/SCTP webrtc-datachannel",
                        at: location(offer, section.mediaLine)))
                }
                if let size = section.maxMessageSize, !claims.keeps_maxMessageSize.value {
                    dropped.append("max-message-size")
                    findings.append(Rule.profileMaxMessageSizeDropped.finding(
                        "the answer drops a=max-message-size:\(size.value); the offerer then assumes 65536 bytes",
                        hint: "keep data channel messages at or below 64 KiB",
                        at: location(offer, size.attribute.line)))
                }
            }
            let offeredDirection = "\(offer.direction(of: section))"
            let direction = media.transport.isSCTP ? "sendrecv" : (claims.answerDirection.value[offeredDirection] ?? offeredDirection)
            if section.isBundleOnly && port == 0 && media.isRTP {
                findings.append(Rule.profileBundleOnlyRejected.finding(
                    "m-section \(index) is bundle-only (port 0); under bundle-policy \(bundlePolicy.rawValue) \(profile.answerer) answers it with port 0, which rejects it: no media on this section",
                    hint: "set bundle-policy max-bundle on the answering webrtcbin",
                    at: location(offer, section.attribute(named: "bundle-only")?.line ?? section.mediaLine)))
            }
            if rejected && port != 0 {
                findings.append(Rule.profileRejectedSectionAnswered.finding(
                    "m-section \(index) is rejected in the offer (port 0), but \(profile.answerer) answers it with port \(port) and \(direction)",
                    hint: "the offerer must ignore it; better remove the transceiver before answering, or answer with another stack",
                    at: location(offer, section.mediaLine)))
            }
            sections.append(PredictedSection(
                index: index, mid: section.mid?.value, kind: media.kindName, port: port, protocolName: protocolName,
                codec: codec, direction: direction, dropped: dropped))
        }
        if let first = extensionLines.first {
            let uris = Set(offer.media.flatMap { $0.extensionMaps.map(\.uri) })
            let congestion = uris.contains { $0.contains("transport-wide-cc") }
            findings.append(Rule.profileExtensionsDropped.finding(
                "\(profile.answerer) answers without any a=extmap (\(uris.count) offered)" + (congestion ? "; without transport-wide-cc the offerer's congestion control gets no transport feedback" : ""),
                hint: nil, at: location(offer, first)))
        }

        // BUNDLE.
        var bundleGroup: [String]? = nil
        if let group = offer.bundleGroups.first {
            let answered = bundlePolicy == .maxBundle ? claims.bundleGroupInAnswer_maxbundle.value : claims.bundleGroupInAnswer_none.value
            if answered {
                let live = Set(sections.filter { $0.port != 0 }.compactMap(\.mid))
                bundleGroup = group.mids.filter { live.contains($0) }
            } else {
                findings.append(Rule.profileNoBundle.finding(
                    "the offer bundles \(group.mids.joined(separator: " ")); under bundle-policy \(bundlePolicy.rawValue) \(profile.answerer) answers without a BUNDLE group, so every m-section needs its own ICE and DTLS transport",
                    hint: "set bundle-policy max-bundle on the answering webrtcbin (an offerer with bundlePolicy max-bundle cannot use unbundled sections)",
                    at: location(offer, group.attribute.line)))
            }
        }
        if claims.verifiesRemoteFingerprint.value == false, let fingerprint = offer.media.lazy.compactMap({ offer.fingerprints(of: $0).first }).first {
            findings.append(Rule.profileFingerprintNotVerified.finding(
                "\(profile.answerer) does not compare the peer's certificate with this fingerprint: measured, a wrong fingerprint still connects and carries data",
                hint: "authenticate the signalling channel; do not count on the fingerprint check with webrtcbin 1.22",
                at: location(offer, fingerprint.attribute.line)))
        }
        return AnswerPrediction(answerer: answerer, bundlePolicy: bundlePolicy, refusal: nil, bundleGroup: bundleGroup, sections: sections, findings: findings)
    }

    private func location(_ offer: SessionDescription, _ line: Line?) -> [Location] {
        guard let line else { return [.file(offer.source)] }
        return [offer.location(line)]
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (Foundation-free).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let characters = Array(self), pattern = Array(target)
        guard !pattern.isEmpty, characters.count >= pattern.count else { return self }
        for start in 0...(characters.count - pattern.count) where Array(characters[start..<(start + pattern.count)]) == pattern {
            return String(characters[..<start]) + replacement + String(characters[(start + pattern.count)...])
        }
        return self
    }
}
