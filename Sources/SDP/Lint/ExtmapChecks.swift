import Diagnostics

/// RTP header extension mappings (RFC 8285) and their consistency across BUNDLE (RFC 8843).
enum ExtmapChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpExtmapIDRange, idRange),
        LintCheck(.sdpExtmapTwoByteWithoutMixed, twoByteWithoutMixed),
        LintCheck(.sdpExtmapDuplicateID, duplicateID),
        LintCheck(.sdpExtmapDuplicateURI, duplicateURI),
        LintCheck(.sdpExtmapBundleConflict, bundleConflict),
    ]

    /// The parsed extmaps of one section, in order.
    static func extmaps(_ indexed: IndexedSection) -> [ExtensionMap] { indexed.extensionMaps }

    static func idRange(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            for e in indexed.extensionMaps {
                let attribute = e.attribute
                guard !(1...255).contains(e.id) else { continue }
                out.report("extmap id \(e.id) is outside 1–255 (\(e.id == 0 ? "0 is padding in the header" : "the two-byte header has 8 bits for it"))",
                           hint: "use an id in 1–14, which every stack accepts in the one-byte header form",
                           line: attribute.line, range: e.idRange)
            }
        }
    }

    static func twoByteWithoutMixed(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections where !c.applies(.extmapAllowMixed, to: indexed) {
            for e in indexed.extensionMaps {
                let attribute = e.attribute
                guard (15...255).contains(e.id) else { continue }
                out.report("extmap id \(e.id) (\(e.uri)) needs the two-byte header form, but a=extmap-allow-mixed is absent; libwebrtc then drops or refuses the extension",
                           hint: "renumber it into 1–14, or add a=extmap-allow-mixed at session level",
                           line: attribute.line, range: e.idRange)
            }
        }
    }

    static func duplicateID(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            let maps = extmaps(indexed)
            for i in maps.indices.dropFirst() {
                guard let first = maps[..<i].first(where: { $0.id == maps[i].id }) else { continue }
                out.report("extmap id \(maps[i].id) is mapped twice: to \(maps[i].uri) and (line \(first.attribute.line.number)) to \(first.uri)",
                           hint: "give each extension its own id", line: maps[i].attribute.line, range: maps[i].idRange,
                           notes: [(first.attribute.line, first.idRange)])
            }
        }
    }

    static func duplicateURI(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            let maps = extmaps(indexed)
            for i in maps.indices.dropFirst() {
                guard let first = maps[..<i].first(where: { SDPBytes.equal(c.bytes, $0.uriRange, maps[i].uriRange) && $0.id != maps[i].id }) else { continue }
                out.report("extension \(maps[i].uri) is mapped to id \(maps[i].id) and (line \(first.attribute.line.number)) to id \(first.id)",
                           hint: "map each extension URI once per section", line: maps[i].attribute.line, range: maps[i].uriRange,
                           notes: [(first.attribute.line, first.uriRange)])
            }
        }
    }

    static func bundleConflict(_ c: LintContext, _ out: inout FindingSink) {
        for group in c.bundleGroups where group.midRanges.count > 1 {
            var seen: [ExtensionMap] = []
            for indexed in c.media {
                guard let mid = indexed.midRange, group.midRanges.contains(where: { SDPBytes.equal(c.bytes, $0, mid) }) else { continue }
                for e in extmaps(indexed) {
                    guard let other = seen.first(where: { $0.id == e.id }) else { seen.append(e); continue }
                    if SDPBytes.equal(c.bytes, other.uriRange, e.uriRange) { continue }
                    out.report("bundled sections map extmap id \(e.id) to \(e.uri) here and to \(other.uri) at line \(other.attribute.line.number); one RTP stream cannot mean both",
                               hint: "use distinct ids for different extensions across all sections of the BUNDLE group",
                               line: e.attribute.line, range: e.idRange, notes: [(other.attribute.line, other.idRange)])
                }
            }
        }
    }
}
