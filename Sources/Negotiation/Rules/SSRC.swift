import Diagnostics
import SDP

/// SSRC signalling (RFC 5576, RFC 4588 §8.6): groups that name declared SSRCs, and RTX
/// SSRCs for the sides that send.
extension PairRule {
    static let ssrcRules: [PairRule] = [
        .perSection(.oaSSRCGroupUndeclared) { oa, pair in
            Side.allCases.flatMap { side -> [Finding] in
                let section = pair.section(side)
                let declared = Set(section.sourceAttributes.map(\.ssrc))
                return section.sourceGroups.flatMap { group -> [Finding] in
                    guard group.semantics == "FID" || group.semantics == "FEC-FR" else { return [] }
                    return group.ssrcs.compactMap { ssrc, range in
                        guard !declared.contains(ssrc) else { return nil }
                        return Rule.oaSSRCGroupUndeclared.finding(
                            "the \(side.peer)'s ssrc-group:\(group.semantics) names SSRC \(ssrc), which has no a=ssrc line in \(pair.name)",
                            hint: "declare the SSRC with a=ssrc:\(ssrc) cname:…",
                            at: [oa.description(side).location(group.attribute.line, range: range)])
                    }
                }
            }
        },
        .perSection(.oaSSRCNoRTXGroup) { oa, pair in
            guard let codecs = pair.codecs else { return [] }
            let rtx = codecs.answer.contains { a in a.encoding == "rtx" && codecs.offer.contains { $0.payloadType == a.payloadType && $0.encoding == "rtx" } }
            guard rtx else { return [] }
            let direction = NegotiatedDirection(offer: oa.offer.direction(of: pair.offer), answer: oa.answer.direction(of: pair.answer))
            return Side.allCases.compactMap { side in
                let sends = side == .offer ? direction.offererSends : direction.answererSends
                let section = pair.section(side)
                guard sends, let first = section.sourceAttributes.first,
                      !section.sourceGroups.contains(where: { $0.semantics == "FID" }) else { return nil }
                return Rule.oaSSRCNoRTXGroup.finding(
                    "RTX is negotiated in \(pair.name) but the \(side.peer), which sends, signals no a=ssrc-group:FID: "
                        + "its retransmissions arrive on an SSRC the peer learns only from the packets (rrid/mid extensions)",
                    hint: "signal a=ssrc-group:FID <media ssrc> <rtx ssrc>, or rely on the mid/rrid header extensions",
                    at: [oa.description(side).location(first.attribute)])
            }
        },
    ]
}
