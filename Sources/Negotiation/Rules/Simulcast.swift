import Diagnostics
import SDP

/// Simulcast and RTP stream ids (RFC 8853 §5.3, RFC 8851 §4): the answer reverses the
/// offer's direction and names only offered rids.
extension PairRule {
    static let simulcastRules: [PairRule] = [
        .perSection(.oaSimulcastDirection) { oa, pair in
            guard let o = pair.offer.simulcast, let a = pair.answer.simulcast else { return [] }
            var wrong: [String] = []
            if !a.send.isEmpty && o.receive.isEmpty { wrong.append("the answer sends simulcast but the offer does not receive it") }
            if !a.receive.isEmpty && o.send.isEmpty { wrong.append("the answer receives simulcast but the offer does not send it") }
            guard !wrong.isEmpty else { return [] }
            return [Rule.oaSimulcastDirection.finding(
                "\(pair.name): \(wrong.joined(separator: "; ")) (the answer must reverse send and recv)",
                hint: o.send.isEmpty ? "answer a=simulcast:send …" : "answer a=simulcast:recv \(o.rids(sending: true).joined(separator: ";"))",
                at: [oa.answer.location(a.attribute), oa.offer.location(o.attribute)])]
        },
        .perSection(.oaSimulcastUnknownRID) { oa, pair in
            let offered = Set(pair.offer.rids.map(\.id))
            var findings: [Finding] = []
            for rid in pair.answer.rids where !offered.contains(rid.id) {
                findings.append(Rule.oaSimulcastUnknownRID.finding(
                    "the answer's a=rid:\(rid.id) is not among the offer's rids (\(PairRule.list(Array(offered))))",
                    hint: "answer only with offered rids",
                    at: [oa.answer.location(rid.attribute.line, range: rid.idRange)]))
            }
            if let simulcast = pair.answer.simulcast {
                let named = Set(simulcast.rids(sending: true) + simulcast.rids(sending: false))
                for rid in named.sorted() where !offered.contains(rid) && !pair.answer.rids.contains(where: { $0.id == rid }) {
                    findings.append(Rule.oaSimulcastUnknownRID.finding(
                        "the answer's a=simulcast names rid \(rid), which the offer does not have",
                        hint: "answer only with offered rids",
                        at: [oa.answer.location(simulcast.attribute)]))
                }
            }
            return findings
        },
        .perSection(.oaSimulcastDeclined) { oa, pair in
            guard let o = pair.offer.simulcast, pair.answer.simulcast == nil else { return [] }
            return [Rule.oaSimulcastDeclined.finding(
                "\(pair.name): the offer proposes simulcast (\(o.rids(sending: true).joined(separator: ", "))) and the answer declines it: "
                    + "a single stream is sent (webrtcbin 1.22 never answers simulcast)",
                hint: "nothing to fix unless simulcast is required",
                at: [oa.offer.location(o.attribute)])]
        },
        .perSection(.oaSimulcastRIDPayloadType) { oa, pair in
            pair.answer.rids.flatMap { rid in
                rid.payloadTypes.compactMap { pt, range -> Finding? in
                    guard !(pair.answerMedia.lists(payloadType: pt) && pair.offerMedia.lists(payloadType: pt)) else { return nil }
                    return Rule.oaSimulcastRIDPayloadType.finding(
                        "a=rid:\(rid.id) restricts the stream to pt \(pt), which is not negotiated in \(pair.name)",
                        hint: "restrict rids only to negotiated payload types",
                        at: [oa.answer.location(rid.attribute.line, range: range)])
                }
            }
        },
    ]
}
