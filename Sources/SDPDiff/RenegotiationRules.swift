import Diagnostics
import SDP

/// The renegotiation rules (`RENEG-…` in the catalogue) applied to two successive
/// descriptions of one endpoint. Each finding is located in the later description and,
/// where the earlier one has the counterpart, notes its line there.
struct RenegotiationRules {
    let before: SessionDescription
    let after: SessionDescription
    private(set) var findings: [Finding] = []
    /// Transport-wide transitions (ICE credentials, fingerprints) already reported, so a
    /// BUNDLE group's sections sharing one transport give one finding.
    private var reported = Set<String>()

    init(before: SessionDescription, after: SessionDescription) {
        self.before = before
        self.after = after
    }

    private func location(in description: SessionDescription, line: Int) -> Location? {
        guard line >= 1, line <= description.lines.count else { return nil }
        return description.location(description.lines[line - 1])
    }

    private func locations(after afterLine: Int?, before beforeLine: Int?) -> [Location] {
        [afterLine.flatMap { location(in: after, line: $0) }, beforeLine.flatMap { location(in: before, line: $0) }].compactMap { $0 }
    }

    private mutating func report(_ rule: Rule, _ message: String, hint: String?, after afterLine: Int?, before beforeLine: Int?) {
        findings.append(rule.finding(message, hint: hint, at: locations(after: afterLine, before: beforeLine)))
    }

    // MARK: sections

    mutating func removed(_ old: SectionSnapshot) {
        report(.renegotiationSectionRemoved,
               "\(old.title) of \(before.source) is missing from \(after.source): the later description has \(after.media.count) m-sections, the earlier \(before.media.count)",
               hint: "keep every m-section in its place; to stop one, reject it with port 0 (RFC 3264 §8.2) or stop its transceiver",
               after: nil, before: old.mediaLine)
    }

    mutating func check(_ old: SectionSnapshot, _ new: SectionSnapshot, pairing: SectionDiff.Pairing) {
        if pairing == .mid, old.index != new.index {
            report(.renegotiationSectionMoved,
                   "mid \(new.mid ?? "?") moved from m-section \(old.index) to m-section \(new.index)",
                   hint: "keep existing m-sections in their order and append new ones at the end",
                   after: new.mediaLine, before: old.mediaLine)
        }
        if pairing == .index, let oldMID = old.mid, let newMID = new.mid, oldMID != newMID, !old.isRejected {
            report(.renegotiationMIDChanged,
                   "m-section \(new.index) changed its mid from \(oldMID) to \(newMID) although it was not rejected",
                   hint: "keep a=mid:\(oldMID) for this section; only a section rejected with port 0 may be reused with a new mid",
                   after: new.mid.map { _ in lineOfMID(new) } ?? new.mediaLine, before: old.mediaLine)
        }
        if old.kindName != new.kindName, !old.isRejected {
            report(.renegotiationKindChanged,
                   "m-section \(new.index) changed from \(old.kindName) to \(new.kindName)",
                   hint: "reject the old section (port 0) and add a new \(new.kindName) section at the end; browsers only reuse rejected sections",
                   after: new.mediaLine, before: old.mediaLine)
        }
        checkPayloadTypes(old, new)
        checkExtensionMaps(old, new)
        checkICE(old, new)
        checkFingerprint(old, new)
    }

    private func lineOfMID(_ snapshot: SectionSnapshot) -> Int {
        snapshot.facts.first { $0.aspect == .mline && $0.key == "mid" }?.line ?? snapshot.mediaLine
    }

    private mutating func checkPayloadTypes(_ old: SectionSnapshot, _ new: SectionSnapshot) {
        for b in new.codecs {
            guard let a = old.codecs.first(where: { $0.payloadType == b.payloadType }), a.encodingKey != b.encodingKey else { continue }
            report(.renegotiationPayloadTypeRebound,
                   "payload type \(b.payloadType) was \(a.encoding) and is now \(b.encoding) in \(new.title)",
                   hint: "keep payload type \(b.payloadType) for \(a.encoding) for the whole session and give \(b.encoding) an unused number",
                   after: b.line, before: a.line)
        }
    }

    private mutating func checkExtensionMaps(_ old: SectionSnapshot, _ new: SectionSnapshot) {
        func maps(_ s: SectionSnapshot) -> [(uri: String, id: Int, line: Int)] {
            s.facts.filter { $0.aspect == .extmap && $0.key != "extmap-allow-mixed" }.compactMap { fact in
                let idText = fact.value.split(separator: "/").first.map(String.init) ?? fact.value
                return Int(idText).map { (fact.key, $0, fact.line) }
            }
        }
        let oldMaps = maps(old), newMaps = maps(new)
        for b in newMaps {
            if let a = oldMaps.first(where: { $0.uri == b.uri }), a.id != b.id {
                report(.renegotiationExtmapRemapped,
                       "\(b.uri) moved from id \(a.id) to id \(b.id) in \(new.title)",
                       hint: "keep a=extmap:\(a.id) for \(b.uri) for the whole session",
                       after: b.line, before: a.line)
            } else if let a = oldMaps.first(where: { $0.id == b.id && $0.uri != b.uri }), !oldMaps.contains(where: { $0.uri == b.uri && $0.id != b.id }) {
                report(.renegotiationExtmapRemapped,
                       "id \(b.id) named \(a.uri) and now names \(b.uri) in \(new.title)",
                       hint: "give \(b.uri) an id not used before in this session",
                       after: b.line, before: a.line)
            }
        }
    }

    private func fact(_ s: SectionSnapshot, _ aspect: Aspect, _ key: String) -> Fact? {
        s.facts.first { $0.aspect == aspect && $0.key == key }
    }

    private mutating func checkICE(_ old: SectionSnapshot, _ new: SectionSnapshot) {
        guard let oldUfrag = fact(old, .ice, "ice-ufrag"), let newUfrag = fact(new, .ice, "ice-ufrag"),
              let oldPwd = fact(old, .ice, "ice-pwd"), let newPwd = fact(new, .ice, "ice-pwd") else { return }
        let ufragChanged = oldUfrag.value != newUfrag.value
        let pwdChanged = oldPwd.value != newPwd.value
        guard ufragChanged || pwdChanged else { return }
        let key = "ice \(oldUfrag.value) \(oldPwd.value) \(newUfrag.value) \(newPwd.value)"
        guard reported.insert(key).inserted else { return }
        if ufragChanged && pwdChanged {
            report(.renegotiationICERestart,
                   "ICE restart in \(new.title): ice-ufrag \(oldUfrag.value) → \(newUfrag.value) and a new ice-pwd",
                   hint: nil, after: newUfrag.line, before: oldUfrag.line)
        } else if ufragChanged {
            report(.renegotiationPartialICERestart,
                   "ice-ufrag changed (\(oldUfrag.value) → \(newUfrag.value)) but ice-pwd did not in \(new.title)",
                   hint: "change both ice-ufrag and ice-pwd to restart ICE, or neither",
                   after: newUfrag.line, before: oldUfrag.line)
        } else {
            report(.renegotiationPartialICERestart,
                   "ice-pwd changed but ice-ufrag (\(newUfrag.value)) did not in \(new.title)",
                   hint: "change both ice-ufrag and ice-pwd to restart ICE, or neither",
                   after: newPwd.line, before: oldPwd.line)
        }
    }

    private mutating func checkFingerprint(_ old: SectionSnapshot, _ new: SectionSnapshot) {
        guard let a = fact(old, .dtls, "fingerprint"), let b = fact(new, .dtls, "fingerprint"), a.value != b.value else { return }
        guard reported.insert("fingerprint \(a.value) \(b.value)").inserted else { return }
        let restarted = fact(old, .ice, "ice-ufrag")?.value != fact(new, .ice, "ice-ufrag")?.value
        report(.renegotiationFingerprintChanged,
               "the certificate fingerprint changed in \(new.title)" + (restarted ? " (with an ICE restart)" : " without an ICE restart"),
               hint: restarted ? "the peer must run a new DTLS handshake; make sure it supports that (webrtcbin keeps its first DTLS association)"
                   : "keep the certificate for the whole session, or restart ICE so that a new DTLS association is set up",
               after: b.line, before: a.line)
    }

    // MARK: session

    mutating func checkSession(sessionChanges: [Change], anythingChanged: Bool) {
        if let a = before.origin, let b = after.origin {
            if a.sessionID != b.sessionID {
                report(.renegotiationSessionIDChanged,
                       "o= session id \(a.sessionID) became \(b.sessionID): either these are two sessions, or the endpoint breaks RFC 3264 §8 (measured: aiortc 1.16 does, and webrtcbin 1.22 still accepted the second offer)",
                       hint: "keep the o= session id for the whole session and increment only the version",
                       after: b.line.number, before: a.line.number)
            } else if anythingChanged, !RenegotiationRules.isGreater(b.sessionVersion, than: a.sessionVersion) {
                report(.renegotiationVersionNotIncremented,
                       "the description changed but o= session version stayed \(b.sessionVersion) (was \(a.sessionVersion))",
                       hint: "increment the o= session version by one for every changed offer or answer",
                       after: b.line.number, before: a.line.number)
            }
        }
        for change in sessionChanges where change.aspect == .bundle && change.subject == "group:BUNDLE" {
            let text = switch change.operation {
            case .added: "a BUNDLE group appeared: \(change.after ?? "")"
            case .removed: "the BUNDLE group \(change.before ?? "") is gone"
            case .changed: "BUNDLE group \(change.before ?? "") became \(change.after ?? "")"
            }
            report(.renegotiationBundleChanged, text, hint: nil, after: change.afterLine, before: change.beforeLine)
        }
    }

    /// Compares two decimal strings of any length (o= versions reach 20 digits).
    static func isGreater(_ a: String, than b: String) -> Bool {
        let x = a.drop { $0 == "0" }, y = b.drop { $0 == "0" }
        return x.count != y.count ? x.count > y.count : x > y
    }
}
