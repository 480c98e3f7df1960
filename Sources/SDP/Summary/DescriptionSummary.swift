/// What `sdpcheck show` prints: a readable digest of one description, per m-section.
///
/// Everything here is derived from the typed views; the summary adds no judgement
/// (that is lint's and the pair checks' job), only the facts an engineer looks for first.
public struct DescriptionSummary: Encodable, Sendable {
    public let file: String
    /// `offer`/`answer` when the input was a JSON envelope that said so.
    public let type: String?
    public let origin: String?
    public let bundleGroups: [[String]]
    public let iceLite: Bool
    public let extmapAllowMixed: Bool
    public let sections: [SectionSummary]

    public struct SectionSummary: Encodable, Sendable {
        public let index: Int
        public let line: Int
        public let mid: String?
        public let kind: String
        public let port: Int
        public let rejected: Bool
        public let proto: String
        public let direction: String
        public let bundled: Bool
        public let bundleOnly: Bool
        public let codecs: [Codec]
        public let headerExtensions: [String]
        public let ssrcs: [UInt32]
        public let ssrcGroups: [String]
        public let msid: [String]
        public let rids: [String]
        public let simulcast: String?
        public let ice: ICE
        public let dtls: DTLS
        public let dataChannel: DataChannel?
    }

    public struct Codec: Encodable, Sendable {
        public let payloadType: Int
        public let name: String
        public let clockRate: Int?
        public let channels: Int?
        public let parameters: String?
        public let feedback: [String]
    }

    public struct ICE: Encodable, Sendable {
        public let ufrag: String?
        public let passwordLength: Int?
        public let options: [String]
        /// Candidate counts by `transport type`, e.g. `udp host: 2`.
        public let candidates: [String: Int]
        public let endOfCandidates: Bool
    }

    public struct DTLS: Encodable, Sendable {
        public let fingerprints: [String]
        public let setup: String?
    }

    public struct DataChannel: Encodable, Sendable {
        public let form: String
        public let sctpPort: Int?
        public let maxMessageSize: Int?
    }
}

extension DescriptionSummary {
    /// Summarises `description`.
    public init(_ description: SessionDescription) {
        file = description.source
        type = description.declaredType
        origin = description.session.lines(of: "o").first.map { description.session.value(of: $0) }
        let groups = description.bundleGroups
        bundleGroups = groups.map(\.mids)
        let bundledMids = Set(groups.flatMap(\.mids))
        iceLite = description.isICELite
        extmapAllowMixed = description.session.allowsMixedExtensionMaps
        sections = description.media.map { section in
            SectionSummary(section, in: description, bundledMids: bundledMids)
        }
    }
}

extension DescriptionSummary.SectionSummary {
    init(_ section: Section, in description: SessionDescription, bundledMids: Set<String>) {
        let media = section.media
        let mid = section.mid?.value
        index = section.mediaIndex ?? 0
        line = section.mediaLine?.number ?? 0
        self.mid = mid
        kind = media?.kindName ?? "?"
        port = media?.port ?? 0
        rejected = media?.port == 0 && !section.isBundleOnly
        proto = media?.protocolName ?? "?"
        direction = "\(description.direction(of: section))"
        bundled = mid.map(bundledMids.contains) ?? false
        bundleOnly = section.isBundleOnly
        let feedback = section.rtcpFeedback
        let wildcardFeedback = feedback.filter { $0.payloadType == nil }
        codecs = (media?.isRTP == true ? media?.payloadTypes ?? [] : []).map { pt in
            let map = section.rtpMap(for: pt)
            let fb = (feedback.filter { $0.payloadType == pt } + wildcardFeedback).map { entry in
                entry.subtype.map { "\(entry.type) \($0)" } ?? entry.type
            }
            return DescriptionSummary.Codec(
                payloadType: pt,
                name: map?.encodingName ?? DescriptionSummary.staticPayloadName(pt) ?? "?",
                clockRate: map?.clockRate,
                channels: map?.channels,
                parameters: section.formatParameters(for: pt).map { SDPBytes.string($0.attribute.bytes, $0.parametersRange) },
                feedback: fb)
        }
        headerExtensions = section.extensionMaps.map { "\($0.id) \($0.uri)" }
        var seen = Set<UInt32>()
        ssrcs = section.sourceAttributes.map(\.ssrc).filter { seen.insert($0).inserted }
        ssrcGroups = section.sourceGroups.map { group in
            ([group.semantics] + group.ssrcs.map { String($0.value) }).joined(separator: " ")
        }
        msid = section.mediaStreamIDs.map { [$0.streamID, $0.trackID].compactMap { $0 }.joined(separator: " ") }
        rids = section.rids.map { "\(SDPBytes.string($0.attribute.bytes, $0.idRange)) \($0.direction)" }
        simulcast = section.simulcast.flatMap { $0.attribute.value }
        var counts: [String: Int] = [:]
        for candidate in section.candidates {
            counts["\(candidate.transport) \(candidate.type)", default: 0] += 1
        }
        ice = DescriptionSummary.ICE(
            ufrag: description.iceUsernameFragment(of: section)?.value,
            passwordLength: description.icePassword(of: section).map { $0.valueRange.count },
            options: description.iceOptions(of: section)?.tags ?? [],
            candidates: counts,
            endOfCandidates: section.hasEndOfCandidates)
        dtls = DescriptionSummary.DTLS(
            fingerprints: description.fingerprints(of: section).map { $0.hashFunctionName },
            setup: description.setup(of: section).map { "\($0.role)" })
        if media?.transport.isSCTP == true {
            dataChannel = DescriptionSummary.DataChannel(
                form: section.sctpMap != nil ? "legacy (sctpmap)" : "webrtc-datachannel (RFC 8841)",
                sctpPort: section.sctpPort?.value ?? section.sctpMap?.number,
                maxMessageSize: section.maxMessageSize?.value)
        } else {
            dataChannel = nil
        }
    }
}

extension DescriptionSummary {
    /// Names of the static payload types of RFC 3551 §6 that WebRTC stacks list without rtpmap.
    static func staticPayloadName(_ pt: Int) -> String? {
        switch pt {
        case 0: "PCMU"
        case 3: "GSM"
        case 4: "G723"
        case 8: "PCMA"
        case 9: "G722"
        case 13: "CN"
        case 18: "G729"
        case 26: "JPEG"
        case 34: "H263"
        default: nil
        }
    }
}
