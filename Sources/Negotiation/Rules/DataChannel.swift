import Diagnostics
import SDP

/// SCTP data channels (RFC 8841): the m-line format and the message size limits.
extension PairRule {
    static let dataChannelRules: [PairRule] = [
        .perSection(.oaDataChannelFormat) { oa, pair in
            let o = pair.offerMedia, a = pair.answerMedia
            guard o.transport.isSCTP, a.transport.isSCTP else { return [] }
            let offerLegacy = o.transport == .dtlsSCTP || pair.offer.sctpMap != nil
            let answerLegacy = a.transport == .dtlsSCTP || pair.answer.sctpMap != nil
            guard offerLegacy != answerLegacy else { return [] }
            let message = offerLegacy
                ? "\(pair.name): the offer uses the legacy 'DTLS/SCTP' + a=sctpmap form, the answer the RFC 8841 "
                    + "'\(a.protocolName) webrtc-datachannel' + a=sctp-port form; webrtcbin and current browsers answer a legacy "
                    + "offer like this, but a legacy-only offerer fails (\"No webrtc-datachannel token\" / unknown protocol)"
                : "\(pair.name): the offer uses the RFC 8841 form ('\(o.protocolName) webrtc-datachannel'), the answer the legacy "
                    + "'DTLS/SCTP' + a=sctpmap form, which RFC 8841 offerers may not accept"
            return [Rule.oaDataChannelFormat.finding(
                message,
                hint: "answer in the offer's form: m=application … \(o.protocolName) \(o.formats.joined(separator: " "))",
                at: [oa.answer.location(a.line, range: a.protocolRange), oa.offer.location(o.line, range: o.protocolRange)])]
        },
        .perSection(.oaDataChannelMessageSize) { oa, pair in
            guard pair.offerMedia.transport.isSCTP, pair.answerMedia.transport.isSCTP else { return [] }
            // RFC 8841 §6.1: absent means 64 KiB; 0 means no limit.
            let offerLimit = pair.offer.maxMessageSize?.value ?? 65536
            let answerLimit = pair.answer.maxMessageSize?.value ?? 65536
            guard offerLimit != answerLimit else { return [] }
            func text(_ n: Int) -> String { n == 0 ? "unlimited" : "\(n) bytes" }
            let smaller: Side = answerLimit == 0 ? .offer : offerLimit == 0 ? .answer : (offerLimit < answerLimit ? .offer : .answer)
            let attribute = pair.section(smaller).maxMessageSize?.attribute
            return [Rule.oaDataChannelMessageSize.finding(
                "\(pair.name): the offerer accepts messages up to \(text(offerLimit))"
                    + (pair.offer.maxMessageSize == nil ? " (no a=max-message-size: the 64 KiB default)" : "")
                    + ", the answerer up to \(text(answerLimit))"
                    + (pair.answer.maxMessageSize == nil ? " (no a=max-message-size: the 64 KiB default)" : "")
                    + "; the \(smaller.other.peer) must not send messages larger than the \(smaller.peer)'s limit",
                hint: "keep application messages under \(text(smaller == .offer ? offerLimit : answerLimit))",
                at: [attribute.map(oa.description(smaller).location) ?? oa.description(smaller).location(of: pair.section(smaller))])]
        },
    ]
}
