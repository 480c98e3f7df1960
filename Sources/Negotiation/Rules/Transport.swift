import Diagnostics
import SDP

/// m-line protocols and RTP/RTCP multiplexing (RFC 8829 §5.1.3, §5.3.1; RFC 5761; RFC 8858).
extension PairRule {
    static let transportRules: [PairRule] = [
        .perSection(.oaTransportProtocol) { oa, pair in
            let o = pair.offerMedia, a = pair.answerMedia
            // SCTP flavours are the data channel rules' business.
            guard !(o.transport.isSCTP && a.transport.isSCTP),
                  !SDPBytes.equalIgnoringCase(o.bytes, o.protocolRange, a.bytes, a.protocolRange) else { return [] }
            return [Rule.oaTransportProtocol.finding(
                "\(pair.name): the offer's protocol is \(o.protocolName), the answer's \(a.protocolName)",
                hint: "answer with exactly the offered protocol (\(o.protocolName))",
                at: [oa.answer.location(a.line, range: a.protocolRange), oa.offer.location(o.line, range: o.protocolRange)])]
        },
        .perSection(.oaTransportMuxDeclined) { oa, pair in
            guard pair.offerMedia.isRTP, pair.offer.hasRTCPMux, !pair.offer.hasRTCPMuxOnly,
                  !oa.answer.transportSection(for: pair.answer).hasRTCPMux, !pair.answer.hasRTCPMux else { return [] }
            return [Rule.oaTransportMuxDeclined.finding(
                "\(pair.name): the offer has a=rtcp-mux but the answer does not; a WebRTC offerer with the default "
                    + "rtcpMuxPolicy 'require' rejects this answer",
                hint: "add a=rtcp-mux to the answer",
                at: [oa.answer.location(of: pair.answer), pair.offer.attribute(named: "rtcp-mux").map(oa.offer.location) ?? oa.offer.location(of: pair.offer)])]
        },
        .perSection(.oaTransportMuxOnlyDeclined) { oa, pair in
            guard pair.offerMedia.isRTP, let only = pair.offer.attribute(named: "rtcp-mux-only"),
                  !oa.answer.transportSection(for: pair.answer).hasRTCPMux, !pair.answer.hasRTCPMux else { return [] }
            return [Rule.oaTransportMuxOnlyDeclined.finding(
                "\(pair.name): the offerer can only multiplex RTCP (a=rtcp-mux-only) but the answer has no a=rtcp-mux: "
                    + "there is no port for separate RTCP",
                hint: "add a=rtcp-mux to the answer",
                at: [oa.answer.location(of: pair.answer), oa.offer.location(only)])]
        },
    ]
}

extension SDPBytes {
    /// Case-insensitive comparison of two byte ranges of two buffers.
    static func equalIgnoringCase(_ a: [UInt8], _ ra: Range<Int>, _ b: [UInt8], _ rb: Range<Int>) -> Bool {
        guard ra.count == rb.count else { return false }
        for (i, j) in zip(ra, rb) where lowercased(a[i]) != lowercased(b[j]) { return false }
        return true
    }
}
