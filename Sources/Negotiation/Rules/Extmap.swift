import Diagnostics
import SDP

/// RTP header extensions (RFC 8285 §6): ids, URIs and directions in the answer against
/// the offer, and libwebrtc's need for `a=extmap-allow-mixed` for two-byte ids.
extension PairRule {
    static let extmapRules: [PairRule] = [
        .perSection(.oaExtmapIDChanged) { oa, pair in
            let offered = pair.offer.extensionMaps
            return pair.answer.extensionMaps.compactMap { a in
                if let o = offered.first(where: { $0.uri == a.uri }), o.id != a.id {
                    return Rule.oaExtmapIDChanged.finding(
                        "the answer maps \(a.uri) to id \(a.id), the offer to id \(o.id): each side sends with its own id and the other "
                            + "misreads it (with BUNDLE, a misread sdes:mid breaks demultiplexing)",
                        hint: "answer with the offer's id \(o.id)",
                        at: [oa.answer.location(a.attribute.line, range: a.idRange), oa.offer.location(o.attribute.line, range: o.idRange)])
                }
                if let o = offered.first(where: { $0.id == a.id }), o.uri != a.uri, !offered.contains(where: { $0.uri == a.uri }) {
                    return Rule.oaExtmapIDChanged.finding(
                        "id \(a.id) is \(o.uri) in the offer but \(a.uri) in the answer: each side reads the other's extension as a different one",
                        hint: "an answer may only keep or drop offered extensions, never reuse their ids",
                        at: [oa.answer.location(a.attribute.line, range: a.uriRange), oa.offer.location(o.attribute.line, range: o.uriRange)])
                }
                return nil
            }
        },
        .perSection(.oaExtmapNotOffered) { oa, pair in
            let offered = pair.offer.extensionMaps
            return pair.answer.extensionMaps.compactMap { a in
                guard !offered.contains(where: { $0.uri == a.uri || $0.id == a.id }) else { return nil }
                return Rule.oaExtmapNotOffered.finding(
                    "the answer maps \(a.uri) (id \(a.id)), which the offer did not offer; the offerer ignores it",
                    hint: "answer only with offered extensions",
                    at: [oa.answer.location(a.attribute.line, range: a.uriRange)])
            }
        },
        .perSection(.oaExtmapDirection) { oa, pair in
            let offered = pair.offer.extensionMaps
            return pair.answer.extensionMaps.compactMap { a in
                guard let o = offered.first(where: { $0.uri == a.uri && $0.id == a.id }),
                      let od = o.direction, let ad = a.direction, !od.allowedAnswers.contains(ad) else { return nil }
                return Rule.oaExtmapDirection.finding(
                    "\(a.uri) is offered \(od.name) but answered \(ad.name); allowed: \(od.allowedAnswers.map(\.name).joined(separator: ", "))",
                    hint: "answer the extension with a direction RFC 3264 §6.1 allows for the offered one",
                    at: [oa.answer.location(a.attribute), oa.offer.location(o.attribute)])
            }
        },
        .perSection(.oaExtmapTwoByte) { oa, pair in
            let offerMixed = oa.offer.allowsMixedExtensionMaps(in: pair.offer)
            let answerMixed = oa.answer.allowsMixedExtensionMaps(in: pair.answer)
            guard !(offerMixed && answerMixed) else { return [] }
            let offeredURIs = Set(pair.offer.extensionMaps.map(\.uri))
            let twoByte = pair.answer.extensionMaps.filter { $0.needsTwoByteHeader && offeredURIs.contains($0.uri) }
            guard let first = twoByte.first else { return [] }
            let missing = [offerMixed ? nil : "the offer", answerMixed ? nil : "the answer"].compactMap { $0 }.joined(separator: " and ")
            return [Rule.oaExtmapTwoByte.finding(
                "\(pair.name) negotiates extension id\(twoByte.count == 1 ? "" : "s") \(twoByte.map { String($0.id) }.joined(separator: ", ")) "
                    + "(two-byte header form) but \(missing) lack\(missing.contains(" and ") ? "" : "s") a=extmap-allow-mixed: "
                    + "libwebrtc does not send two-byte extensions then",
                hint: "use ids 1–14, or add a=extmap-allow-mixed at session level on both sides",
                at: [oa.answer.location(first.attribute.line, range: first.idRange)])]
        },
    ]
}
