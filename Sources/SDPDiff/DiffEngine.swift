import Diagnostics
import SDP

/// Computes a ``SessionDiff``: pairs the m-sections, diffs their snapshots and applies the
/// renegotiation rules. A value type used once per diff.
struct DiffEngine {
    let before: SessionDescription
    let after: SessionDescription
    private(set) var sessionChanges: [Change] = []
    private(set) var sectionDiffs: [SectionDiff] = []
    private(set) var findings: [Finding] = []

    init(before: SessionDescription, after: SessionDescription) {
        self.before = before
        self.after = after
        let oldSections = before.media.map { SectionSnapshot(description: before, section: $0) }
        let newSections = after.media.map { SectionSnapshot(description: after, section: $0) }
        sessionChanges = originChanges() + DiffEngine.diff(
            facts: SectionSnapshot.facts(of: before.session, in: before),
            SectionSnapshot.facts(of: after.session, in: after))
        var rules = RenegotiationRules(before: before, after: after)
        for (old, new, pairing) in DiffEngine.pair(oldSections, newSections) {
            var changes: [Change] = []
            switch (old, new) {
            case let (old?, new?):
                changes = DiffEngine.mediaLineChanges(old, new) + DiffEngine.diff(codecs: old, new)
                    + DiffEngine.diff(facts: old.facts, new.facts)
                rules.check(old, new, pairing: pairing)
            case let (nil, new?):
                changes = DiffEngine.mediaLineChanges(nil, new) + DiffEngine.diff(codecs: nil, new)
                    + DiffEngine.diff(facts: [], new.facts)
            case let (old?, nil):
                changes = [Change(.removed, .mline, "m-line", before: old.mediaLineText(before), beforeLine: old.mediaLine)]
                rules.removed(old)
            case (nil, nil):
                continue
            }
            sectionDiffs.append(SectionDiff(
                before: old.map { SectionReference(index: $0.index, mid: $0.mid, kind: $0.kindName, line: $0.mediaLine) },
                after: new.map { SectionReference(index: $0.index, mid: $0.mid, kind: $0.kindName, line: $0.mediaLine) },
                pairing: pairing, changes: changes))
        }
        rules.checkSession(sessionChanges: sessionChanges, anythingChanged: !(sessionChanges.isEmpty && sectionDiffs.allSatisfy(\.changes.isEmpty)))
        findings = rules.findings
    }

    // MARK: pairing

    /// Pairs sections by mid first, then by position; unpaired later sections are added,
    /// unpaired earlier ones removed. Ordered by the later description, removed last.
    static func pair(_ old: [SectionSnapshot], _ new: [SectionSnapshot]) -> [(SectionSnapshot?, SectionSnapshot?, SectionDiff.Pairing)] {
        var oldUsed = Set<Int>()
        var match: [Int: (Int, SectionDiff.Pairing)] = [:]
        for n in new {
            guard let mid = n.mid, let o = old.first(where: { $0.mid == mid && !oldUsed.contains($0.index) }) else { continue }
            oldUsed.insert(o.index)
            match[n.index] = (o.index, .mid)
        }
        for n in new where match[n.index] == nil {
            // A later section whose mid the earlier description does not know takes the
            // section at its position, unless that one kept its mid elsewhere.
            if n.index < old.count, !oldUsed.contains(n.index) {
                oldUsed.insert(n.index)
                match[n.index] = (n.index, .index)
            }
        }
        var result: [(SectionSnapshot?, SectionSnapshot?, SectionDiff.Pairing)] = []
        for n in new {
            if let (o, pairing) = match[n.index] { result.append((old[o], n, pairing)) } else { result.append((nil, n, .added)) }
        }
        for o in old where !oldUsed.contains(o.index) { result.append((o, nil, .removed)) }
        return result
    }

    // MARK: o=

    private func originChanges() -> [Change] {
        guard let a = before.origin, let b = after.origin else { return [] }
        var changes: [Change] = []
        if a.sessionID != b.sessionID {
            changes.append(Change(.changed, .origin, "session id", before: a.sessionID, after: b.sessionID,
                                  beforeLine: a.line.number, afterLine: b.line.number))
        }
        if a.sessionVersion != b.sessionVersion {
            changes.append(Change(.changed, .origin, "session version", before: a.sessionVersion, after: b.sessionVersion,
                                  beforeLine: a.line.number, afterLine: b.line.number))
        }
        return changes
    }

    // MARK: m-line

    static func mediaLineChanges(_ old: SectionSnapshot?, _ new: SectionSnapshot) -> [Change] {
        guard let old else {
            return [Change(.added, .mline, "m-line", after: "\(new.kindName) \(new.port.map(String.init) ?? "?") \(new.protocolName) \(new.formats.joined(separator: " "))", afterLine: new.mediaLine)]
        }
        var changes: [Change] = []
        func changed(_ subject: String, _ a: String, _ b: String) {
            if a != b { changes.append(Change(.changed, .mline, subject, before: a, after: b, beforeLine: old.mediaLine, afterLine: new.mediaLine)) }
        }
        changed("media", old.kindName, new.kindName)
        changed("port", old.portText, new.portText)
        changed("protocol", old.protocolName, new.protocolName)
        if old.index != new.index { changed("position", String(old.index), String(new.index)) }
        // Same codecs in another order: the preference changed (RFC 3264 §5.1).
        let oldOrder = old.codecs.map(\.identity), newOrder = new.codecs.map(\.identity)
        if oldOrder != newOrder, Set(oldOrder) == Set(newOrder), oldOrder.count == newOrder.count {
            changed("codec preference", old.codecs.map(\.encoding).joined(separator: " "), new.codecs.map(\.encoding).joined(separator: " "))
        } else if old.codecs.isEmpty && new.codecs.isEmpty {
            changed("formats", old.formats.joined(separator: " "), new.formats.joined(separator: " "))
        }
        return changes
    }

    // MARK: codecs

    /// Codecs matched by payload type when the encoding is the same, else by what the
    /// codec is (encoding and distinguishing parameters), so that a payload type remap
    /// shows as one change and not as a removal plus an addition.
    static func diff(codecs old: SectionSnapshot?, _ new: SectionSnapshot) -> [Change] {
        let oldCodecs = old?.codecs ?? []
        var changes: [Change] = []
        var oldUsed = Set<Int>(), newUsed = Set<Int>()
        func compare(_ a: CodecFacts, _ b: CodecFacts) {
            if a.payloadType != b.payloadType {
                changes.append(Change(.changed, .codec, b.encoding, before: "pt \(a.payloadType)", after: "pt \(b.payloadType)",
                                      beforeLine: a.line, afterLine: b.line))
            }
            if a.parameters != b.parameters {
                changes.append(Change(.changed, .codec, "\(b.encoding) pt \(b.payloadType) fmtp", before: a.parameters, after: b.parameters,
                                      beforeLine: a.line, afterLine: b.line))
            }
            if a.feedback != b.feedback {
                changes.append(Change(.changed, .codec, "\(b.encoding) pt \(b.payloadType) rtcp-fb", before: a.feedback, after: b.feedback,
                                      beforeLine: a.line, afterLine: b.line))
            }
        }
        for (i, b) in new.codecs.enumerated() {
            guard let j = oldCodecs.firstIndex(where: { $0.payloadType == b.payloadType }), !oldUsed.contains(j) else { continue }
            let a = oldCodecs[j]
            oldUsed.insert(j); newUsed.insert(i)
            if a.encodingKey == b.encodingKey {
                compare(a, b)
            } else {
                changes.append(Change(.changed, .codec, "pt \(b.payloadType)", before: a.summary, after: b.summary,
                                      beforeLine: a.line, afterLine: b.line))
            }
        }
        for keyPath in [\CodecFacts.identity, \CodecFacts.encodingKey] {
            for (i, b) in new.codecs.enumerated() where !newUsed.contains(i) {
                guard let j = oldCodecs.indices.first(where: { !oldUsed.contains($0) && oldCodecs[$0][keyPath: keyPath] == b[keyPath: keyPath] }) else { continue }
                oldUsed.insert(j); newUsed.insert(i)
                compare(oldCodecs[j], b)
            }
        }
        for (i, b) in new.codecs.enumerated() where !newUsed.contains(i) {
            changes.append(Change(.added, .codec, b.summary, afterLine: b.line))
        }
        for (j, a) in oldCodecs.enumerated() where !oldUsed.contains(j) {
            changes.append(Change(.removed, .codec, a.summary, beforeLine: a.line))
        }
        return changes
    }

    // MARK: facts

    /// Keyed comparison: same key with another value is a change; a key on one side only
    /// is an addition or removal. Values `present` mark set membership and are not shown.
    static func diff(facts old: [Fact], _ new: [Fact]) -> [Change] {
        func index(_ facts: [Fact]) -> (order: [String], map: [String: Fact]) {
            var order: [String] = []
            var map: [String: Fact] = [:]
            for fact in facts {
                var key = "\(fact.aspect.rawValue)\u{0}\(fact.key)"
                var n = 1
                while map[key] != nil { n += 1; key = "\(fact.aspect.rawValue)\u{0}\(fact.key) (#\(n))" }
                order.append(key)
                map[key] = fact
            }
            return (order, map)
        }
        let (oldOrder, oldMap) = index(old)
        let (newOrder, newMap) = index(new)
        func shown(_ value: String) -> String? { value == "present" ? nil : value }
        var changes: [Change] = []
        for key in newOrder {
            guard let b = newMap[key] else { continue }
            if let a = oldMap[key] {
                if a.value != b.value {
                    changes.append(Change(.changed, b.aspect, b.key, before: a.value, after: b.value, beforeLine: a.line, afterLine: b.line))
                }
            } else {
                changes.append(Change(.added, b.aspect, b.key, after: shown(b.value), afterLine: b.line))
            }
        }
        for key in oldOrder where newMap[key] == nil {
            guard let a = oldMap[key] else { continue }
            changes.append(Change(.removed, a.aspect, a.key, before: shown(a.value), beforeLine: a.line))
        }
        return changes
    }
}

extension SectionSnapshot {
    /// The port as shown in changes, naming what port 0 means.
    var portText: String {
        guard let port else { return "?" }
        if port == 0 { return isBundleOnly ? "0 (bundle-only)" : "0 (rejected)" }
        return String(port)
    }

    func mediaLineText(_ description: SessionDescription) -> String {
        guard mediaLine >= 1, mediaLine <= description.lines.count else { return kindName }
        return normalisedSpaces(String(description.content(of: description.lines[mediaLine - 1]).dropFirst(2)))
    }
}
