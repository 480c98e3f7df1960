import Diagnostics
import SDP

/// One candidate pair as ICE would form it (RFC 8445 §6.1.2.2) from the candidates the
/// two descriptions carry, with its priority (RFC 8445 §6.1.2.3) and whether it can work.
public struct CandidatePair: Sendable, Hashable {
    /// Whether the pair can carry traffic, judged from addresses alone.
    public enum State: String, Sendable, Hashable, Codable {
        /// Nothing in the addresses prevents it.
        case workable
        /// It cannot work (the reason says why).
        case unworkable
        /// It works only if something outside the SDP holds (mDNS resolution, same link).
        case uncertain
    }

    /// The mid of the m-section whose transport the pair belongs to.
    public let transport: String
    public let component: Int
    public let offerCandidate: String
    public let answerCandidate: String
    /// RFC 8445 §6.1.2.3: 2^32·min(G,D) + 2·max(G,D) + (G>D ? 1 : 0), G the controlling
    /// agent's candidate priority.
    public let priority: UInt64
    public let state: State
    public let reason: String?
    /// Where the offer's and the answer's candidate lines are.
    public let locations: [Location]
}

extension CandidatePair: Encodable {
    private enum CodingKeys: String, CodingKey { case transport, component, offer, answer, priority, state, reason }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(transport, forKey: .transport)
        try c.encode(component, forKey: .component)
        try c.encode(offerCandidate, forKey: .offer)
        try c.encode(answerCandidate, forKey: .answer)
        try c.encode(priority, forKey: .priority)
        try c.encode(state, forKey: .state)
        try c.encode(reason, forKey: .reason)
    }
}

/// Where an address can be reached from, as far as the address itself tells.
enum AddressScope: Equatable {
    case loopback, linkLocal, unspecified, routable, mDNS, hostname

    init(_ candidate: Candidate) {
        let address = candidate.address
        switch candidate.addressKind {
        case .mDNS: self = .mDNS
        case .fqdn: self = .hostname
        case .ipv4:
            if address.hasPrefix("127.") { self = .loopback }
            else if address.hasPrefix("169.254.") { self = .linkLocal }
            else if address == "0.0.0.0" { self = .unspecified }
            else { self = .routable }
        case .ipv6:
            let lower = address.lowercased()
            if lower == "::1" { self = .loopback }
            else if lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb") { self = .linkLocal }
            else if lower == "::" { self = .unspecified }
            else { self = .routable }
        }
    }
}

extension Candidate {
    /// `udp 10.0.0.1:50000 host` (plus `tcptype` for TCP).
    var summary: String {
        let transportName = transport == .tcp ? "tcp" : transport == .udp ? "udp" : "?"
        let typeName = switch type {
        case .host: "host"
        case .serverReflexive: "srflx"
        case .peerReflexive: "prflx"
        case .relayed: "relay"
        case .other: "other"
        }
        var text = "\(transportName) \(addressKind == .ipv6 ? "[\(address)]" : address):\(port) \(typeName)"
        if let tcpType { text += " tcptype " + (tcpType == .active ? "active" : tcpType == .passive ? "passive" : "so") }
        return text
    }
}

/// Forms and judges candidate pairs.
enum CandidatePairing {
    /// Pairs for one transport, highest priority first.
    static func pairs(
        transport: String, offer: [Candidate], answer: [Candidate], offerControls: Bool,
        offerDescription: SessionDescription, answerDescription: SessionDescription
    ) -> [CandidatePair] {
        var result: [CandidatePair] = []
        for o in offer {
            for a in answer where o.component == a.component && o.transport == a.transport && o.transport != .other {
                let (state, reason) = judge(o, a)
                let g = UInt64(offerControls ? o.priority : a.priority)
                let d = UInt64(offerControls ? a.priority : o.priority)
                let priority = (min(g, d) << 32) + 2 * max(g, d) + (g > d ? 1 : 0)
                result.append(CandidatePair(
                    transport: transport, component: o.component,
                    offerCandidate: o.summary, answerCandidate: a.summary, priority: priority,
                    state: state, reason: reason,
                    locations: [offerDescription.location(o.attribute), answerDescription.location(a.attribute)]))
            }
        }
        return result.sorted { $0.priority > $1.priority }
    }

    /// Whether a pair can work, from its two candidates' addresses (RFC 8445 §6.1.2.2).
    static func judge(_ o: Candidate, _ a: Candidate) -> (CandidatePair.State, String?) {
        let os = AddressScope(o), scopeA = AddressScope(a)
        if o.port == 0 || a.port == 0 || os == .unspecified || scopeA == .unspecified {
            return (.unworkable, "an unspecified address or port 0 cannot receive")
        }
        if o.transport == .tcp {
            let ot = o.tcpType ?? .passive, at = a.tcpType ?? .passive
            let fits = (ot == .active && at == .passive) || (ot == .passive && at == .active)
                || (ot == .simultaneousOpen && at == .simultaneousOpen)
            if !fits { return (.unworkable, "TCP candidates must be active↔passive (or so↔so) (RFC 6544 §6.2)") }
        }
        let ipFamilies: Set<Candidate.AddressKind> = [.ipv4, .ipv6]
        if ipFamilies.contains(o.addressKind), ipFamilies.contains(a.addressKind), o.addressKind != a.addressKind {
            return (.unworkable, "different address families (IPv4 and IPv6)")
        }
        if (os == .loopback) != (scopeA == .loopback) {
            return (.unworkable, "a loopback address is reachable only from its own host")
        }
        if (os == .linkLocal) != (scopeA == .linkLocal) {
            return (.unworkable, "a link-local address is reachable only on its own link")
        }
        if os == .linkLocal { return (.uncertain, "both link-local: works only if the peers share the link") }
        if os == .mDNS || scopeA == .mDNS {
            let who = os == .mDNS && scopeA == .mDNS ? "each peer" : os == .mDNS ? "the answerer" : "the offerer"
            return (.uncertain, "\(who) must resolve an mDNS .local name")
        }
        if os == .hostname || scopeA == .hostname {
            return (.uncertain, "a host name must be resolved through DNS")
        }
        return (.workable, nil)
    }
}

extension OfferAnswer {
    /// The transports the session uses: one per BUNDLE group of the answer (named by its
    /// tagged mid), one per unbundled active m-section.
    public var transports: [(name: String, offer: Section, answer: Section)] {
        var result: [(name: String, offer: Section, answer: Section)] = []
        var seen = Set<String>()
        for pair in activePairs {
            let answerSection = answer.transportSection(for: pair.answer)
            let name = answerSection.mid?.value ?? String(pair.index)
            guard seen.insert(name).inserted else { continue }
            let offerSection = answerSection.mid.flatMap { offer.section(mid: $0.value) } ?? pair.offer
            result.append((name, offer.transportSection(for: offerSection), answerSection))
        }
        return result
    }

    /// Whether the offerer is the controlling ICE agent (RFC 8445 §6.1.1): the full
    /// agent controls when the other is lite; otherwise the initiating agent, the offerer.
    public var offererControlsICE: Bool {
        !(offer.isICELite && !answer.isICELite)
    }

    /// Every candidate pair over every transport, highest priority first per transport.
    public var candidatePairs: [CandidatePair] {
        transports.flatMap { t in
            CandidatePairing.pairs(
                transport: t.name, offer: offer.candidates(for: t.offer), answer: answer.candidates(for: t.answer),
                offerControls: offererControlsICE, offerDescription: offer, answerDescription: answer)
        }
    }
}
