import Diagnostics

/// rid (RFC 8851) and simulcast (RFC 8853).
enum SimulcastChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpSimulcastUnknownRID, unknownRID),
        LintCheck(.sdpSimulcastRIDPayloadType, ridPayloadType),
        LintCheck(.sdpSimulcastDuplicateRID, duplicateRID),
    ]

    static func rids(_ indexed: IndexedSection) -> [RID] { indexed.rids }

    static func unknownRID(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.has(.simulcast) {
            let declared = rids(indexed)
            indexed.each(.simulcast) { attribute in
                guard let simulcast = Simulcast(attribute) else { return }
                for (sending, streams) in [(true, simulcast.send), (false, simulcast.receive)] {
                    for alternative in streams.joined() {
                        let direction: RID.Direction = sending ? .send : .recv
                        if declared.contains(where: { $0.direction == direction && SDPBytes.equal(c.bytes, $0.idRange, alternative.ridRange) }) { continue }
                        let name = c.text(alternative.ridRange)
                        let other = declared.first { SDPBytes.equal(c.bytes, $0.idRange, alternative.ridRange) }
                        out.report(other == nil
                                   ? "a=simulcast \(sending ? "send" : "recv") names rid \(name), but no a=rid:\(name) line declares it"
                                   : "a=simulcast \(sending ? "send" : "recv") names rid \(name), but a=rid:\(name) is declared for \(sending ? "recv" : "send")",
                                   hint: "add a=rid:\(name) \(sending ? "send" : "recv") or remove \(name) from a=simulcast",
                                   line: attribute.line, range: alternative.ridRange)
                    }
                }
            }
        }
    }

    static func ridPayloadType(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.has(.rid) {
            guard let media = indexed.mediaLine, media.isRTP else { continue }
            for rid in rids(indexed) {
                for (pt, range) in rid.payloadTypes where !indexed.listed.contains(pt) {
                    out.report("a=rid:\(rid.id) restricts to payload type \(pt), which the m= line does not list",
                               hint: "use payload types from the m= line in pt=, or drop the pt= restriction",
                               line: rid.attribute.line, range: range)
                }
            }
        }
    }

    static func duplicateRID(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.has(.rid) {
            let all = rids(indexed)
            for i in all.indices.dropFirst() {
                guard let first = all[..<i].first(where: { SDPBytes.equal(c.bytes, $0.idRange, all[i].idRange) }) else { continue }
                out.report("a=rid:\(all[i].id) is declared twice in this section (also line \(first.attribute.line.number))",
                           hint: "give each simulcast stream its own rid", line: all[i].attribute.line, range: all[i].idRange,
                           notes: [(first.attribute.line, first.idRange)])
            }
        }
    }
}
