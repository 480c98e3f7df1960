import Diagnostics

/// mids and groups (RFC 5888) and BUNDLE (RFC 8843).
enum BundleChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpBundleDuplicateMID, duplicateMID),
        LintCheck(.sdpBundleUnknownMID, unknownMID),
        LintCheck(.sdpBundleOnlyUngrouped, bundleOnlyUngrouped),
        LintCheck(.sdpBundleMIDInTwoGroups, midInTwoGroups),
        LintCheck(.sdpBundleMissingMID, missingMID),
        LintCheck(.sdpDirectionMultiple, DirectionChecks.multiple),
    ]

    /// Each media section's mid (attribute and value range), in order.
    static func mids(_ c: LintContext) -> [(attribute: Attribute, range: Range<Int>)] {
        var result: [(attribute: Attribute, range: Range<Int>)] = []
        for indexed in c.media {
            if let attribute = indexed.first(.mid), let mid = MediaID(attribute) { result.append((attribute, mid.valueRange)) }
        }
        return result
    }

    static func duplicateMID(_ c: LintContext, _ out: inout FindingSink) {
        let all = mids(c)
        for i in all.indices.dropFirst() {
            guard let first = all[..<i].first(where: { SDPBytes.equal(c.bytes, $0.range, all[i].range) }) else { continue }
            out.report("a=mid:\(c.text(all[i].range)) is already used by the section at line \(first.attribute.line.number)",
                       hint: "give every media section a unique mid", line: all[i].attribute.line, range: all[i].range,
                       notes: [(first.attribute.line, first.range)])
        }
    }

    static func unknownMID(_ c: LintContext, _ out: inout FindingSink) {
        let all = mids(c)
        c.session.each(.group) { attribute in
            guard let group = Group(attribute) else { return }
            for range in group.midRanges where !all.contains(where: { SDPBytes.equal(c.bytes, $0.range, range) }) {
                out.report("a=group:\(group.semantics) names mid \(c.text(range)), but no media section has a=mid:\(c.text(range))",
                           hint: "remove \(c.text(range)) from the group or add the matching a=mid to its section",
                           line: attribute.line, range: range)
            }
        }
    }

    static func isBundled(_ c: LintContext, _ mid: Range<Int>) -> Bool {
        c.bundleGroups.contains { $0.midRanges.contains { SDPBytes.equal(c.bytes, $0, mid) } }
    }

    static func bundleOnlyUngrouped(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.has(.bundleOnly) {
            guard let attribute = indexed.first(.bundleOnly), let media = indexed.mediaLine else { continue }
            if let mid = indexed.midRange, isBundled(c, mid) { continue }
            let name = indexed.midRange.map { "mid \(c.text($0))" } ?? "without a mid"
            if media.port == 0 {
                out.report("a=bundle-only section \(name) has port 0 and is in no BUNDLE group; a peer will treat it as rejected",
                           hint: "add its mid to a=group:BUNDLE, or remove a=bundle-only and give it a port",
                           line: attribute.line, range: attribute.nameRange)
            } else {
                // webrtcbin writes this with bundle-policy "none"; Chromium and Firefox
                // accept the section and connect (Corpus bundle-none), so it is only a note.
                out.report("a=bundle-only on section \(name), which has port \(media.port) and is in no BUNDLE group; bundle-only is defined only for port-0 sections of a BUNDLE group, so peers ignore it",
                           hint: "drop a=bundle-only from sections that are not bundled (GStreamer webrtcbin writes it with bundle-policy none)",
                           line: attribute.line, range: attribute.nameRange, severity: .info)
            }
        }
    }

    static func midInTwoGroups(_ c: LintContext, _ out: inout FindingSink) {
        let groups = c.bundleGroups
        for g in groups.indices.dropFirst() {
            for range in groups[g].midRanges {
                guard let earlier = groups[..<g].first(where: { $0.midRanges.contains { SDPBytes.equal(c.bytes, $0, range) } }) else { continue }
                out.report("mid \(c.text(range)) is in two BUNDLE groups (also line \(earlier.attribute.line.number))",
                           hint: "a media section can belong to one BUNDLE group only; remove it from one of them",
                           line: groups[g].attribute.line, range: range, notes: [(earlier.attribute.line, nil)])
            }
        }
    }

    static func missingMID(_ c: LintContext, _ out: inout FindingSink) {
        guard !c.bundleGroups.isEmpty else { return }
        for indexed in c.media where !indexed.has(.mid) {
            guard let media = indexed.mediaLine else { continue }
            out.report("media section \(c.text(media.kindRange)) has no a=mid although the description uses BUNDLE",
                       hint: "add a=mid:<tag> to every media section (JSEP writes 0, 1, 2, …)", line: media.line, range: media.kindRange)
        }
    }
}

/// Media direction (RFC 8866 §6.7).
enum DirectionChecks {
    static func multiple(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            var first: Attribute? = nil
            indexed.each(.direction) { attribute in
                guard let earlier = first else { first = attribute; return }
                out.report("second direction attribute a=\(c.text(attribute.nameRange)) in this section (line \(earlier.line.number) has a=\(c.text(earlier.nameRange)))",
                           hint: "keep exactly one of sendrecv, sendonly, recvonly, inactive",
                           line: attribute.line, range: attribute.nameRange, notes: [(earlier.line, earlier.nameRange)])
            }
        }
    }
}
