import SDP

/// One comparable fact of a section: an aspect, a key that identifies the thing within
/// the aspect (an extension URI, an SSRC, a candidate), its normalised value and the line
/// it came from.
struct Fact: Sendable {
    let aspect: Aspect
    let key: String
    let value: String
    let line: Int
}

/// A codec of an m-section as the diff compares it: its payload type, encoding,
/// normalised format parameters and feedback.
struct CodecFacts: Sendable {
    let payloadType: Int
    /// `name/clock[/channels]`, the encoding name as written.
    let encoding: String
    /// Lower-cased encoding name, clock rate and channel count (1 when absent, RFC 8866
    /// §6.6), for matching across descriptions.
    let encodingKey: String
    /// What tells two codecs of one encoding apart (H.264 profile and packetization
    /// mode, VP9 profile, the RTX apt's encoding), on top of ``encodingKey``.
    var identity: String
    /// `key=value` pairs, lower-cased keys, sorted; RED's list as written.
    let parameters: String
    /// `type subtype` items of rtcp-fb for this payload type and `*`, sorted.
    let feedback: String
    let line: Int
    /// For RTX, the associated payload type.
    let associatedPayloadType: Int?

    /// The codec as one line of text output: `VP8/90000 pt 96 fmtp …`.
    var summary: String {
        var text = "\(encoding) pt \(payloadType)"
        if !parameters.isEmpty { text += " [\(parameters)]" }
        return text
    }
}

/// Everything the diff compares about one m-section (or the session level), computed
/// once from the SDP module's typed views. Session-level fallbacks (ICE credentials,
/// fingerprint, setup, direction) are resolved, so moving an attribute between levels
/// is not a change.
struct SectionSnapshot: Sendable {
    let index: Int
    let mid: String?
    let kindName: String
    let port: Int?
    let protocolName: String
    let formats: [String]
    let isBundleOnly: Bool
    let mediaLine: Int
    let codecs: [CodecFacts]
    let facts: [Fact]

    /// Rejected: port 0 without `a=bundle-only` (RFC 3264 §6; RFC 8843 §6 gives port 0
    /// to bundle-only sections that are not rejected).
    var isRejected: Bool { port == 0 && !isBundleOnly }

    /// `index kind mid=…` for headings.
    var title: String {
        "m-section \(index) \(kindName)" + (mid.map { " mid=\($0)" } ?? "")
    }

    init(description: SessionDescription, section: Section) {
        let index = section.mediaIndex ?? 0
        self.index = index
        self.mid = section.mid?.value
        let media = section.media
        self.kindName = media?.kindName ?? (section.mediaLine.map { description.content(of: $0) } ?? "?")
        self.port = media?.port
        self.protocolName = media?.protocolName ?? ""
        self.formats = media?.formats ?? []
        self.isBundleOnly = section.isBundleOnly
        self.mediaLine = section.mediaLine?.number ?? 0
        self.codecs = (media?.isRTP ?? false) ? SectionSnapshot.codecs(of: section, formats: formats) : []
        self.facts = SectionSnapshot.facts(of: section, in: description)
    }

    // MARK: codecs

    private static func codecs(of section: Section, formats: [String]) -> [CodecFacts] {
        let maps = section.rtpMaps
        let fmtps = section.formatParameters
        let feedback = section.rtcpFeedback
        var result: [CodecFacts] = []
        for format in formats {
            guard let pt = Int(format) else { continue }
            let map = maps.first { $0.payloadType == pt }
            let fmtp = fmtps.first { $0.payloadType == pt }
            let encoding: String
            let key: String
            if let map {
                let channels = map.channels.map { "/\($0)" } ?? ""
                encoding = "\(map.encodingName)/\(map.clockRate)\(channels)"
                key = "\(map.encodingName.lowercased())/\(map.clockRate)/\(map.channels ?? 1)"
            } else {
                encoding = "static \(pt)"
                key = "static/\(pt)"
            }
            let isRED = map?.isEncoding("red") ?? false
            var parameters = ""
            if let fmtp {
                if isRED {
                    parameters = SDPBytes.string(fmtp.attribute.bytes, SDPBytes.trimmed(fmtp.attribute.bytes, fmtp.parametersRange))
                } else {
                    parameters = fmtp.pairs
                        .map { $0.name.lowercased() + ($0.value.map { "=" + $0 } ?? "") }
                        .sorted().joined(separator: ";")
                }
            }
            let fb = feedback.filter { $0.payloadType == nil || $0.payloadType == pt }
                .map { $0.type + ($0.subtype.map { " " + normalisedSpaces($0) } ?? "") }
            let feedbackText = Set(fb).sorted().joined(separator: ", ")
            var identity = key
            var apt: Int? = nil
            if let map, let fmtp {
                if map.isEncoding("H264") {
                    let h264 = H264Parameters(fmtp)
                    let plid = h264.profileLevelID.map { hex4(Int($0.profileIDC) << 8 | Int($0.profileIOP)) } ?? "default"
                    identity += " profile=\(plid) mode=\(h264.packetizationMode ?? 0)"
                } else if map.isEncoding("VP9") {
                    identity += " profile-id=\(VP9Parameters(fmtp).profileID ?? 0)"
                } else if map.isEncoding("AV1") {
                    identity += " profile=\(AV1Parameters(fmtp).profile ?? 0)"
                } else if map.isEncoding("rtx") {
                    apt = RTXParameters(fmtp).associatedPayloadType
                }
            }
            result.append(CodecFacts(
                payloadType: pt, encoding: encoding, encodingKey: key, identity: identity,
                parameters: parameters, feedback: feedbackText,
                line: map?.attribute.line.number ?? section.mediaLine?.number ?? 0,
                associatedPayloadType: apt))
        }
        // RTX (and anything else with an apt) is told apart by what it retransmits.
        for i in result.indices {
            if let apt = result[i].associatedPayloadType, let target = result.first(where: { $0.payloadType == apt }) {
                result[i].identity += " for \(target.identity)"
            }
        }
        return result
    }

    // MARK: other facts

    /// Attributes that have their own facts; every other attribute is compared as text.
    private static let handled: Set<String> = [
        "rtpmap", "fmtp", "rtcp-fb", "mid", "sendrecv", "sendonly", "recvonly", "inactive",
        "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "end-of-candidates", "fingerprint", "setup",
        "extmap", "extmap-allow-mixed", "ssrc", "ssrc-group", "msid", "msid-semantic", "candidate", "group",
        "bundle-only", "rtcp-mux", "rtcp-mux-only", "rtcp-rsize", "rtcp", "sctp-port", "sctpmap",
        "max-message-size", "rid", "simulcast",
    ]

    static func facts(of section: Section, in description: SessionDescription) -> [Fact] {
        var facts: [Fact] = []
        func add(_ aspect: Aspect, _ key: String, _ value: String, _ line: Int) {
            facts.append(Fact(aspect: aspect, key: key, value: value, line: line))
        }
        let isSession = section.isSessionLevel
        let fallbackLine = section.mediaLine?.number ?? section.lines.first?.number ?? 0

        if isSession {
            for group in section.groups {
                add(.bundle, "group:\(group.semantics)", group.mids.joined(separator: " "), group.attribute.line.number)
            }
            for semantic in section.mediaStreamIDSemantics {
                add(.msid, "msid-semantic", normalisedSpaces(semantic.attribute.value ?? ""), semantic.attribute.line.number)
            }
            if let attribute = section.attribute(named: "ice-lite") { add(.ice, "ice-lite", "present", attribute.line.number) }
            if let attribute = section.attribute(named: "extmap-allow-mixed") { add(.extmap, "extmap-allow-mixed", "present", attribute.line.number) }
        } else {
            // Resolved with the session-level fallbacks.
            let direction = description.direction(of: section)
            add(.direction, "direction", "\(direction)", section.writtenDirection.flatMap { _ in directionLine(section) } ?? fallbackLine)
            if let ufrag = description.iceUsernameFragment(of: section) {
                add(.ice, "ice-ufrag", ufrag.value, ufrag.attribute.line.number)
            }
            if let pwd = description.icePassword(of: section) {
                add(.ice, "ice-pwd", pwd.value, pwd.attribute.line.number)
            }
            if let options = description.iceOptions(of: section) {
                add(.ice, "ice-options", options.tags.sorted().joined(separator: " "), options.attribute.line.number)
            }
            let fingerprints = description.fingerprints(of: section)
            if let first = fingerprints.first {
                let value = fingerprints.map { "\($0.hashFunctionName.lowercased()) \(SDPBytes.string($0.attribute.bytes, $0.digestRange).uppercased())" }
                    .sorted().joined(separator: ", ")
                add(.dtls, "fingerprint", value, first.attribute.line.number)
            }
            if let setup = description.setup(of: section) {
                add(.dtls, "setup", SDPBytes.string(setup.attribute.bytes, setup.valueRange), setup.attribute.line.number)
            }
            if description.allowsMixedExtensionMaps(in: section), let attribute = section.attribute(named: "extmap-allow-mixed") {
                add(.extmap, "extmap-allow-mixed", "present", attribute.line.number)
            }
            if let attribute = section.attribute(named: "end-of-candidates") { add(.ice, "end-of-candidates", "present", attribute.line.number) }
            if let attribute = section.attribute(named: "bundle-only") { add(.bundle, "bundle-only", "present", attribute.line.number) }
            for name in ["rtcp-mux", "rtcp-mux-only", "rtcp-rsize"] {
                if let attribute = section.attributes.first(where: { $0.name == name }) { add(.transport, name, "present", attribute.line.number) }
            }
            if let rtcp = section.rtcp { add(.transport, "rtcp", normalisedSpaces(rtcp.attribute.value ?? ""), rtcp.attribute.line.number) }
            if let port = section.sctpPort { add(.datachannel, "sctp-port", "\(port.value)", port.attribute.line.number) }
            if let size = section.maxMessageSize { add(.datachannel, "max-message-size", "\(size.value)", size.attribute.line.number) }
            if let map = section.sctpMap { add(.datachannel, "sctpmap", normalisedSpaces(map.attribute.value ?? ""), map.attribute.line.number) }
            for rid in section.rids { add(.simulcast, "rid \(rid.id)", normalisedSpaces(rid.attribute.value ?? ""), rid.attribute.line.number) }
            if let simulcast = section.simulcast { add(.simulcast, "simulcast", normalisedSpaces(simulcast.attribute.value ?? ""), simulcast.attribute.line.number) }
            if let mid = section.mid { add(.mline, "mid", mid.value, mid.attribute.line.number) }
        }
        for map in section.extensionMaps {
            let direction = map.direction.map { "/\($0)" } ?? ""
            add(.extmap, map.uri, "\(map.id)\(direction)", map.attribute.line.number)
        }
        // SSRC attributes grouped by SSRC: `cname:x msid:y z`.
        var ssrcOrder: [UInt32] = []
        var ssrcValues: [UInt32: (items: [String], line: Int)] = [:]
        for source in section.sourceAttributes {
            let item = source.name + (source.value.map { ":" + normalisedSpaces($0) } ?? "")
            if ssrcValues[source.ssrc] == nil { ssrcOrder.append(source.ssrc); ssrcValues[source.ssrc] = ([], source.attribute.line.number) }
            ssrcValues[source.ssrc]?.items.append(item)
        }
        for ssrc in ssrcOrder {
            guard let entry = ssrcValues[ssrc] else { continue }
            add(.ssrc, "ssrc \(ssrc)", entry.items.sorted().joined(separator: " "), entry.line)
        }
        for group in section.sourceGroups {
            let text = ([group.semantics] + group.ssrcs.map { String($0.value) }).joined(separator: " ")
            add(.ssrc, "ssrc-group \(text)", "present", group.attribute.line.number)
        }
        for msid in section.mediaStreamIDs {
            let text = msid.streamID + (msid.trackID.map { " " + $0 } ?? "")
            add(.msid, "msid \(text)", "present", msid.attribute.line.number)
        }
        for candidate in section.candidates {
            var key = "\(candidate.component) \(SDPBytes.string(candidate.attribute.bytes, candidate.transportRange).uppercased()) \(candidate.address) \(candidate.port) typ \(SDPBytes.string(candidate.attribute.bytes, candidate.typeRange))"
            if let raddr = candidate.relatedAddress { key += " raddr \(raddr)" }
            if let rport = candidate.relatedPort { key += " rport \(rport)" }
            if let tcp = candidate.tcpType { key += " tcptype \(tcp)" }
            add(.candidate, key, "priority \(candidate.priority)", candidate.attribute.line.number)
        }
        // c=, b= and every attribute without its own facts, as normalised text; the key
        // carries an occurrence number so that repeated identical lines still count.
        var seen: [String: Int] = [:]
        for line in section.lines {
            var text: String
            var aspect = Aspect.attribute
            if line.is("c") || line.is("b") {
                text = description.content(of: line)
                aspect = .transport
            } else if let attribute = Attribute(line: line, in: section.bytes) {
                if handled.contains(attribute.name) { continue }
                text = "a=" + attribute.name + (attribute.value.map { ":" + $0 } ?? "")
            } else {
                continue
            }
            text = normalisedSpaces(text)
            let n = seen[text, default: 0] + 1
            seen[text] = n
            add(aspect, n == 1 ? text : "\(text) (#\(n))", "present", line.number)
        }
        return facts
    }

    private static func directionLine(_ section: Section) -> Int? {
        section.attributes.first { Direction($0) != nil }?.line.number
    }
}

/// Collapses runs of spaces and tabs to one space and trims the ends.
func normalisedSpaces(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
}

/// Four lower-case hex digits: H.264 profile_idc and profile-iop, the part of
/// profile-level-id that decides compatibility (RFC 6184 §8.1); the level is negotiable.
private func hex4(_ value: Int) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
