import Diagnostics
import SDP

/// What one m-section will be once offer and answer are applied.
public struct NegotiatedSection: Sendable, Hashable {
    public let index: Int
    public let mid: String?
    /// `audio`, `video`, `application`, … (the offer's).
    public let kind: String
    /// `active`, or `rejected` when either side set port 0.
    public let state: String
    /// The codec the answerer's first choice makes the sender use, e.g. `VP8/90000`;
    /// `webrtc-datachannel` for data channels; `nil` when there is none.
    public let codec: String?
    public let payloadType: Int?
    /// From the offerer's point of view: `sendrecv`, `sendonly`, `recvonly`, `inactive`.
    public let direction: String?
    /// `offerer` or `answerer` (RFC 8445 §6.1.1).
    public let iceControlling: String?
    /// `offerer` or `answerer`: who sends the DTLS ClientHello (RFC 5763 §5); `nil`
    /// when the roles do not resolve.
    public let dtlsClient: String?
    /// The mid whose ICE/DTLS transport carries this section (its own when unbundled).
    public let transport: String?
}

extension NegotiatedSection: Encodable {
    private enum CodingKeys: String, CodingKey {
        case index, mid, kind, state, codec, payloadType, direction, iceControlling, dtlsClient, transport
    }

    /// Every key is always present (`null` when unknown), so the JSON schema is fixed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(mid, forKey: .mid)
        try c.encode(kind, forKey: .kind)
        try c.encode(state, forKey: .state)
        try c.encode(codec, forKey: .codec)
        try c.encode(payloadType, forKey: .payloadType)
        try c.encode(direction, forKey: .direction)
        try c.encode(iceControlling, forKey: .iceControlling)
        try c.encode(dtlsClient, forKey: .dtlsClient)
        try c.encode(transport, forKey: .transport)
    }
}

/// The overall judgement of a pair.
public enum Verdict: String, Sendable, Hashable, Encodable {
    /// Nothing worse than notes.
    case compatible
    /// Warnings: it connects, but something is lost or works only with some stacks.
    case degraded
    /// Errors: the session will not be set up, or media cannot flow.
    case incompatible

    public init(findings: [Finding]) {
        switch findings.worstSeverity {
        case .error?: self = .incompatible
        case .warning?: self = .degraded
        default: self = .compatible
        }
    }
}

/// Everything `sdpcheck OFFER ANSWER` reports about a pair.
public struct NegotiationReport: Sendable {
    public let verdict: Verdict
    public let findings: [Finding]
    public let negotiated: [NegotiatedSection]
    public let candidatePairs: [CandidatePair]
    /// When nothing in the SDP prevents the session: what to look at if the peers still
    /// do not connect (the causes the descriptions cannot show). Empty for `incompatible`.
    public let nextSteps: [String]

    /// Checks the pair; `additional` findings (for example each description's own lint
    /// findings) come first and count towards the verdict.
    public init(_ oa: OfferAnswer, additional: [Finding] = []) {
        let findings = additional + oa.check()
        self.findings = findings
        self.verdict = Verdict(findings: findings)
        let negotiated = oa.negotiated
        self.negotiated = negotiated
        let pairs = oa.candidatePairs
        self.candidatePairs = pairs
        guard verdict != .incompatible else {
            self.nextSteps = []
            return
        }
        var steps: [String] = []
        let trickled = oa.transports.contains { t in
            oa.offer.candidates(for: t.offer).isEmpty || oa.answer.candidates(for: t.answer).isEmpty
        }
        if trickled {
            steps.append("the candidates the peers trickled (signalling log or webrtc-internals): the SDPs do not show them all")
        } else if !pairs.contains(where: { $0.state == .workable }) {
            steps.append("whether the uncertain candidate pairs above can reach each other (mDNS, shared link)")
        }
        let active = negotiated.filter { $0.state == "active" }
        let client = active.compactMap(\.dtlsClient).first
        let controlling = active.compactMap(\.iceControlling).first
        steps.append("a capture of the connectivity checks and the DTLS handshake (rtpdump FILE.pcap): "
            + "ICE controlling is the \(controlling ?? "offerer"), the DTLS client the \(client ?? "answerer")")
        steps.append("both peers' logs for errors after setRemoteDescription (codec, decoder, SCTP)")
        self.nextSteps = steps
    }
}

extension OfferAnswer {
    /// The negotiated result per offered m-section.
    public var negotiated: [NegotiatedSection] {
        let active = Dictionary(activePairs.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        return sections.compactMap { pair -> NegotiatedSection? in
            guard let offered = pair.offer else { return nil }
            let kind = offered.media?.kindName ?? "?"
            guard let p = active[pair.index] else {
                return NegotiatedSection(index: pair.index, mid: pair.mid, kind: kind, state: "rejected", codec: nil,
                                         payloadType: nil, direction: nil, iceControlling: nil, dtlsClient: nil, transport: nil)
            }
            let chosen = negotiatedCodec(p)
            let direction = NegotiatedDirection(offer: offer.direction(of: p.offer), answer: answer.direction(of: p.answer))
            let transportSection = answer.transportSection(for: p.answer)
            return NegotiatedSection(
                index: pair.index, mid: pair.mid, kind: kind, state: "active",
                codec: chosen?.name, payloadType: chosen?.payloadType,
                direction: p.offerMedia.transport.isSCTP ? nil : direction.name,
                iceControlling: offererControlsICE ? Side.offer.peer : Side.answer.peer,
                dtlsClient: dtlsClient(p)?.peer,
                transport: transportSection.mid?.value ?? String(pair.index))
        }
    }

    /// The side that will be the DTLS client, from the answer's a=setup (RFC 5763 §5).
    func dtlsClient(_ pair: ActivePair) -> Side? {
        guard pair.answerMedia.transport.usesDTLS else { return nil }
        let answerRole = answer.setup(of: answer.transportSection(for: pair.answer))?.role ?? .active
        let offerRole = offer.setup(of: offer.transportSection(for: pair.offer))?.role ?? .active
        switch (offerRole, answerRole) {
        case (.actpass, .active), (.passive, .active): return .answer
        case (.actpass, .passive), (.active, .passive): return .offer
        default: return nil
        }
    }

    /// The codec the first usable answer payload type names (the answerer's preference,
    /// which both sides send with; RFC 3264 §6.1).
    func negotiatedCodec(_ pair: ActivePair) -> (name: String, payloadType: Int?)? {
        if pair.answerMedia.transport.isSCTP {
            let port = pair.answer.sctpPort?.value ?? pair.answer.sctpMap?.number
            return ("webrtc-datachannel" + (port.map { " (sctp-port \($0))" } ?? ""), nil)
        }
        guard pair.answerMedia.isRTP else { return nil }
        for codec in pair.codecs?.answer ?? [] where codec.isMedia && pair.offerMedia.lists(payloadType: codec.payloadType) {
            return (codec.name, codec.payloadType)
        }
        return nil
    }
}
