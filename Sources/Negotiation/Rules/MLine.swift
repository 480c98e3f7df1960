import Diagnostics
import SDP

/// m-line structure (RFC 3264 §6, RFC 8829 §5.3.1): count, order, media type, mid,
/// rejection.
extension PairRule {
    static let mlineRules: [PairRule] = [
        PairRule(.oaMLineCount) { oa in
            let offered = oa.offer.media.count, answered = oa.answer.media.count
            guard offered != answered else { return [] }
            let extra = answered > offered ? oa.answer.media[offered] : nil
            let location = extra.map { oa.answer.location(of: $0) } ?? .file(oa.answer.source)
            return [Rule.oaMLineCount.finding(
                "the offer has \(offered) m-section\(offered == 1 ? "" : "s"), the answer \(answered): "
                    + (answered > offered ? "the answer adds sections" : "the answer leaves sections out"),
                hint: "answer every offered m-section in order, rejecting unwanted ones with port 0; "
                    + "webrtcbin and browsers refuse the answer (\"Answer doesn't have the same number of m-lines as the offer\")",
                at: [location])]
        },
        PairRule(.oaMLineKind) { oa in
            oa.sections.compactMap { pair in
                guard let o = pair.offer?.media, let a = pair.answer?.media, o.kind != a.kind || o.kindName != a.kindName else { return nil }
                return Rule.oaMLineKind.finding(
                    "\(pair.name) is \(o.kindName) in the offer but \(a.kindName) in the answer",
                    hint: "keep the offer's media type at each position",
                    at: [oa.answer.location(a.line, range: a.kindRange), oa.offer.location(o.line, range: o.kindRange)])
            }
        },
        PairRule(.oaMLineMID) { oa in
            oa.sections.enumerated().compactMap { position, pair in
                guard let o = pair.offer, let offerMID = o.mid else { return nil }
                let atPosition = position < oa.answer.media.count ? oa.answer.media[position] : nil
                guard let atPosition, let answerMID = atPosition.mid, answerMID.value != offerMID.value else { return nil }
                let moved = pair.answer.map { $0.mediaIndex != atPosition.mediaIndex } ?? false
                return Rule.oaMLineMID.finding(
                    "\(pair.name): the answer's m-section \(position) has a=mid:\(answerMID.value)"
                        + (moved ? " (the answer has mid \(offerMID.value) at position \(pair.answer?.mediaIndex ?? 0): the order changed)" : ""),
                    hint: "copy each offered a=mid into the answer's m-section at the same position",
                    at: [oa.answer.location(answerMID.attribute), oa.offer.location(offerMID.attribute)])
            }
        },
        PairRule(.oaMLineAcceptedRejected) { oa in
            oa.sections.compactMap { pair in
                guard let o = pair.offer, let a = pair.answer, let am = a.media,
                      !oa.offer.isActive(o), am.port != 0 else { return nil }
                return Rule.oaMLineAcceptedRejected.finding(
                    "\(pair.name) is rejected in the offer (port 0) but the answer gives it port \(am.port)",
                    hint: "an m-section rejected in the offer stays rejected: answer it with port 0",
                    at: [oa.answer.location(am.line, range: am.portRange), oa.offer.location(of: o)])
            }
        },
        PairRule(.oaMLineRejected) { oa in
            oa.sections.compactMap { pair in
                guard let o = pair.offer, let a = pair.answer, oa.offer.isActive(o), !oa.answer.isActive(a),
                      let am = a.media else { return nil }
                return Rule.oaMLineRejected.finding(
                    "the answerer rejected \(pair.name) (\(am.kindName), port 0): no media flows for it" + PairRule.rejectionReason(o, a),
                    hint: "if the section is wanted, the answerer needs a codec and a transceiver for it",
                    at: [oa.answer.location(am.line, range: am.portRange)])
            }
        },
        PairRule(.oaMLineRoles) { oa in
            // Checking an answer as if it were the offer inverts every direction and role rule.
            var reasons: [String] = []
            if let type = oa.offer.declaredType, type != "offer" { reasons.append("the first input's JSON type is '\(type)'") }
            if let type = oa.answer.declaredType, type == "offer" { reasons.append("the second input's JSON type is 'offer'") }
            let answerActpass = oa.answer.media.contains { oa.answer.setup(of: $0)?.role == .actpass }
            let offerChose = oa.offer.media.contains { [.active, .passive].contains(oa.offer.setup(of: $0)?.role) }
            if answerActpass && offerChose { reasons.append("the second input says a=setup:actpass, which only an offer may, and the first chose a role") }
            guard !reasons.isEmpty else { return [] }
            return [Rule.oaMLineRoles.finding(
                "the inputs look swapped (\(reasons.joined(separator: "; "))): the findings below assume the first file is the offer",
                hint: "run sdpcheck OFFER ANSWER with the offer first",
                at: [.file(oa.offer.source), .file(oa.answer.source)])]
        },
        PairRule(.oaMLineAllRejected) { oa in
            let offered = oa.sections.filter { $0.offer.map(oa.offer.isActive) ?? false }
            guard !offered.isEmpty, oa.answer.media.count > 0, oa.activePairs.isEmpty else { return [] }
            return [Rule.oaMLineAllRejected.finding(
                "every offered m-section is rejected by the answer or the offer: no transport will be set up",
                hint: "accept at least one m-section in the answer",
                at: [oa.answer.location(of: oa.answer.media.first)])]
        },
    ]

    /// Why an answerer probably rejected an RTP m-section: no offered codec it knows.
    static func rejectionReason(_ offered: Section, _ answered: Section) -> String {
        guard let om = offered.media, om.isRTP else { return "" }
        let offer = CodecDescription.all(in: offered, media: om).filter(\.isMedia)
        let answer = answered.media.map { CodecDescription.all(in: answered, media: $0) }?.filter(\.isMedia) ?? []
        guard !answer.contains(where: { a in offer.contains { $0.sameCodec(as: a) } }) else { return "" }
        var reason = "; it shares no codec with the offer (offer: \(list(offer.map(\.name))); answer: \(list(answer.map(\.name))))"
        if offer.contains(where: { $0.encoding == "opus" && $0.rtpMap?.channels == nil }) {
            reason += ": the offer's Opus lacks /2, and libwebrtc does not match OPUS/48000 with its opus/48000/2"
        }
        return reason
    }
}
