import Diagnostics
import SDP

/// An SDP from outside (a browser's offer, a user's answer) given to one real peer as its remote description.
///
/// webrtcbin only accepts as *local* description what it created itself, so the injected text always
/// becomes a *remote* description: an injected offer goes to the answering peer, an injected answer to
/// the offering peer (after that peer created its own offer). The other real peer — the one that stands
/// behind the injected SDP — is configured to mirror it (``mirroredMedia``), and the injected text keeps
/// its media sections as written while its transport identity (ICE credentials, fingerprint, setup role)
/// is rebound to that real peer so the connection can actually be attempted. ``keep`` keeps any of those
/// as written, to reproduce one transport failure at a time.
///
/// Candidates in the injected text are always removed and connection addresses are rewritten to
/// 127.0.0.1: the engine must never send to an address found in a user's SDP.
public struct Injection: Sendable {
    /// What the injected text is.
    public let type: DescriptionType
    /// The description as parsed (its `text` is what gets injected after rebinding).
    public let description: SessionDescription
    /// Which transport attributes stay exactly as written.
    public let keep: Set<KeptAttribute>

    /// Transport attributes that ``Injection/keep`` can preserve.
    public enum KeptAttribute: String, Sendable, Hashable, CaseIterable, Codable {
        /// `a=ice-ufrag` and `a=ice-pwd` (RFC 8839 §5.4).
        case ice
        /// `a=fingerprint` (RFC 8122 §5).
        case fingerprint
        /// `a=setup` (RFC 4145 §4, RFC 8842 §5).
        case setup
    }

    public init(type: DescriptionType, description: SessionDescription, keep: Set<KeptAttribute> = []) {
        self.type = type
        self.description = description
        self.keep = keep
    }

    /// Parses `bytes` (plain SDP or a JSON `RTCSessionDescription`) as the injected `type`.
    /// A JSON envelope whose `type` contradicts `type` is unusable input.
    public init(type: DescriptionType, bytes: [UInt8], source: String, keep: Set<KeptAttribute> = []) throws(InputError) {
        let description = try SessionDescription.parse(bytes, source: source)
        if let declared = description.declaredType, declared != type.rawValue {
            throw InputError(.malformed, "the file is an \(declared), not an \(type.rawValue)", at: .file(source))
        }
        guard !description.media.isEmpty else {
            throw InputError(.malformed, "the description has no m= line: nothing to negotiate", at: .file(source))
        }
        self.init(type: type, description: description, keep: keep)
    }

    /// The peer that receives the injected text as its remote description.
    public var receivingPeer: PeerRole { type == .offer ? .answerer : .offerer }
    /// The real peer that stands behind the injected text.
    public var mirroringPeer: PeerRole { receivingPeer.other }

    /// The media of the peer that stands behind the injected SDP: the same m-section kinds in the same
    /// order, the first codec the engine supports with the same payload type, the same directions, and a
    /// data channel if the text has an `m=application` section.
    public var mirroredMedia: MediaConfiguration {
        var streams: [MediaConfiguration.Stream] = []
        var dataChannel = false
        for section in description.media {
            guard let mLine = section.mediaLine else { continue }
            let fields = section.value(of: mLine).split(separator: " ")
            guard let kindName = fields.first else { continue }
            if kindName == "application" { dataChannel = true; continue }
            guard let kind = MediaConfiguration.Stream.Kind(rawValue: String(kindName)) else { continue }
            let payloadTypes = fields.dropFirst(3).compactMap { Int($0) }
            var codecs: [Int: String] = [:]
            for attribute in section.attributes(named: "rtpmap") {
                guard let value = attribute.value else { continue }
                let parts = value.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, let pt = Int(parts[0]),
                      let name = parts[1].split(separator: "/").first else { continue }
                codecs[pt] = name.uppercased()
            }
            let direction = Self.direction(of: section) ?? Self.direction(of: description.session) ?? "sendrecv"
            let supported = payloadTypes.first { codecs[$0].map(MediaConfiguration.Stream.supportedCodecs.contains) == true }
            let pt = supported ?? payloadTypes.first ?? (kind == .video ? 96 : 111)
            let codec = supported.flatMap { codecs[$0] } ?? codecs[pt] ?? "UNKNOWN"
            let canSend = supported != nil
            var h264: [String: String] = [:]
            if codec == "H264" {
                for attribute in section.attributes(named: "fmtp") {
                    guard let value = attribute.value, value.hasPrefix("\(pt) ") else { continue }
                    for pair in value.dropFirst("\(pt) ".count).split(separator: ";") {
                        let parts = pair.split(separator: "=", maxSplits: 1).map { $0.filter { $0 != " " && $0 != "\t" } }
                        if parts.count == 2 { h264[parts[0]] = parts[1] }
                    }
                }
            }
            streams.append(MediaConfiguration.Stream(
                kind: kind, codec: codec, payloadType: pt,
                sends: canSend && (direction == "sendrecv" || direction == "sendonly"),
                receives: direction == "sendrecv" || direction == "recvonly",
                h264Parameters: h264))
        }
        return MediaConfiguration(streams: streams, dataChannel: dataChannel)
    }

    private static func direction(of section: Section) -> String? {
        for attribute in section.attributes {
            let name = attribute.name
            if ["sendrecv", "sendonly", "recvonly", "inactive"].contains(name) { return name }
        }
        return nil
    }
}

/// Line-level rewriting of SDP text: what rebinding and mid mapping need, nothing more.
struct SDPLines {
    /// Lines without terminators.
    var lines: [String]

    init(_ text: String) {
        // "\r\n" is a single Character in Swift: split on scalars, then drop a trailing CR.
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var scalars = String.UnicodeScalarView(line)
            if scalars.last == "\r" { scalars.removeLast() }
            return String(scalars)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
    }

    /// CRLF-terminated text (RFC 8866 §5).
    var text: String { lines.map { $0 + "\r\n" }.joined() }

    /// The value of the first `a=name:` line in each media section (falling back to the session level).
    func attributePerSection(_ name: String) -> [String?] {
        var session: String?
        var sections: [String?] = []
        let prefix = "a=\(name):"
        for line in lines {
            if line.hasPrefix("m=") { sections.append(nil); continue }
            guard line.hasPrefix(prefix) else { continue }
            let value = String(line.dropFirst(prefix.count))
            if sections.isEmpty {
                if session == nil { session = value }
            } else if sections[sections.count - 1] == nil {
                sections[sections.count - 1] = value
            }
        }
        return sections.map { $0 ?? session }
    }

    /// The index of the m-section whose mid is the first tag of the first `a=group:BUNDLE` (RFC 8843 §7.2.1).
    var bundleTagIndex: Int? {
        guard let group = lines.first(where: { $0.hasPrefix("a=group:BUNDLE ") }),
              let tag = group.split(separator: " ").dropFirst().first else { return nil }
        return mids.firstIndex { $0 == String(tag) }
    }

    /// The `a=mid` of each media section (`nil` where absent).
    var mids: [String?] {
        var result: [String?] = []
        for line in lines {
            if line.hasPrefix("m=") { result.append(nil) }
            else if line.hasPrefix("a=mid:"), !result.isEmpty, result[result.count - 1] == nil {
                result[result.count - 1] = String(line.dropFirst("a=mid:".count))
            }
        }
        return result
    }

    /// Rewrites `a=mid` values by m-section index to `newMids` and maps the tags of `a=group` lines.
    mutating func renameMids(to newMids: [String?]) {
        let old = mids
        var mapping: [String: String] = [:]
        for (index, mid) in old.enumerated() {
            if let mid, index < newMids.count, let new = newMids[index] { mapping[mid] = new }
        }
        guard !mapping.isEmpty else { return }
        var section = -1
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix("m=") { section += 1; continue }
            if line.hasPrefix("a=mid:"), section >= 0, section < newMids.count, let new = newMids[section] {
                lines[index] = "a=mid:\(new)"
            } else if line.hasPrefix("a=group:") {
                let parts = line.split(separator: " ").map(String.init)
                lines[index] = ([parts[0]] + parts.dropFirst().map { mapping[$0] ?? $0 }).joined(separator: " ")
            }
        }
    }
}

extension Injection {
    /// What rebinding changed, for the timeline.
    struct Rebound {
        let text: String
        let changes: [String]
    }

    /// The injected text with its transport identity taken from `real` (the mirroring peer's own description)
    /// except what ``keep`` preserves, candidates removed, addresses on loopback, and — for an answer —
    /// mids renamed to those of `offer` (the real offer it answers).
    func rebound(to real: String, offer: String?) -> Rebound {
        var sdp = SDPLines(description.text)
        let source = SDPLines(real)
        let ufrags = source.attributePerSection("ice-ufrag")
        let pwds = source.attributePerSection("ice-pwd")
        let fingerprints = source.attributePerSection("fingerprint")
        let setups = source.attributePerSection("setup")
        func pick(_ values: [String?], _ section: Int) -> String? {
            let index = max(0, section)
            return (index < values.count ? values[index] : nil) ?? values.compactMap { $0 }.first
        }
        var changes: [String] = []
        var dropped = 0
        var output: [String] = []
        var section = -1
        var rebound: Set<String> = []
        var fingerprintSections: Set<Int> = []
        var droppedFingerprints = 0
        for line in sdp.lines {
            if line.hasPrefix("m=") { section += 1 }
            if line.hasPrefix("a=candidate:") || line == "a=end-of-candidates" {
                dropped += 1
                continue
            }
            if line.hasPrefix("c=") {
                output.append("c=IN IP4 127.0.0.1")
                continue
            }
            if line.hasPrefix("a=rtcp:") {
                let port = line.dropFirst("a=rtcp:".count).split(separator: " ").first.map(String.init) ?? "9"
                output.append("a=rtcp:\(port) IN IP4 127.0.0.1")
                continue
            }
            if !keep.contains(.ice), line.hasPrefix("a=ice-ufrag:"), let value = pick(ufrags, section) {
                output.append("a=ice-ufrag:\(value)"); rebound.insert("ice-ufrag"); continue
            }
            if !keep.contains(.ice), line.hasPrefix("a=ice-pwd:"), let value = pick(pwds, section) {
                output.append("a=ice-pwd:\(value)"); rebound.insert("ice-pwd"); continue
            }
            if !keep.contains(.fingerprint), line.hasPrefix("a=fingerprint:"), let value = pick(fingerprints, section) {
                // One line per section: the mirroring peer announces one hash; further lines (aiortc lists
                // sha-256, sha-384 and sha-512) would otherwise repeat it.
                if fingerprintSections.insert(section).inserted { output.append("a=fingerprint:\(value)") }
                else { droppedFingerprints += 1 }
                rebound.insert("fingerprint")
                continue
            }
            if !keep.contains(.setup), line.hasPrefix("a=setup:"), let value = pick(setups, section) {
                output.append("a=setup:\(value)"); rebound.insert("setup"); continue
            }
            output.append(line)
        }
        sdp.lines = output
        if let offer, type == .answer {
            let before = sdp.mids
            let target = SDPLines(offer).mids
            sdp.renameMids(to: target)
            if before != sdp.mids { changes.append("mids renamed to the offer's") }
        }
        if !rebound.isEmpty { changes.insert("rebound \(rebound.sorted().joined(separator: ", ")) to the \(mirroringPeer)", at: 0) }
        if dropped > 0 { changes.append("removed \(dropped) candidate line\(dropped == 1 ? "" : "s")") }
        if droppedFingerprints > 0 { changes.append("removed \(droppedFingerprints) further fingerprint line\(droppedFingerprints == 1 ? "" : "s")") }
        if !keep.isEmpty { changes.append("kept as written: \(keep.map(\.rawValue).sorted().joined(separator: ", "))") }
        return Rebound(text: sdp.text, changes: changes)
    }
}
