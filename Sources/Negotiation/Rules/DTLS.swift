import Diagnostics
import SDP

/// DTLS-SRTP and DTLS/SCTP keying (RFC 5763 §5, RFC 8842 §5, RFC 8122 §5): fingerprints
/// and the `a=setup` roles that decide who is the DTLS client.
extension PairRule {
    static let dtlsRules: [PairRule] = [
        .perSection(.oaDTLSMissingFingerprint) { oa, pair in
            Side.allCases.compactMap { side in
                let description = oa.description(side)
                let section = description.transportSection(for: pair.section(side))
                guard pair.media(side).transport.usesDTLS, description.fingerprints(of: section).isEmpty else { return nil }
                return Rule.oaDTLSMissingFingerprint.finding(
                    "the \(side.peer) gives no a=fingerprint for \(pair.name), at media or session level: "
                        + "the peer cannot authenticate the DTLS handshake and refuses the description",
                    hint: "add a=fingerprint:sha-256 <digest of the DTLS certificate> (webrtcbin says "
                        + "\"No fingerprint lines in sdp for media \(pair.index)\")",
                    at: [description.location(of: section)])
            }
        },
        .perSection(.oaDTLSUnknownHash) { oa, pair in
            fingerprints(oa, pair).compactMap { side, fingerprint in
                guard fingerprint.hashFunction == .other || fingerprint.hashFunction == .md2 else { return nil }
                return Rule.oaDTLSUnknownHash.finding(
                    "the \(side.peer)'s fingerprint uses hash function '\(fingerprint.hashFunctionName)', "
                        + "which the peer cannot check the certificate with",
                    hint: "use sha-256 (every WebRTC stack supports it)",
                    at: [oa.description(side).location(fingerprint.attribute.line, range: fingerprint.hashFunctionRange)])
            }
        },
        .perSection(.oaDTLSWeakHash) { oa, pair in
            fingerprints(oa, pair).compactMap { side, fingerprint in
                guard fingerprint.hashFunction == .sha1 || fingerprint.hashFunction == .md5 else { return nil }
                return Rule.oaDTLSWeakHash.finding(
                    "the \(side.peer)'s fingerprint uses \(fingerprint.hashFunctionName)",
                    hint: "use sha-256; RFC 8122 §5 requires SHA-256 support and browsers no longer generate SHA-1",
                    at: [oa.description(side).location(fingerprint.attribute.line, range: fingerprint.hashFunctionRange)])
            }
        },
        .perSection(.oaDTLSDigestLength) { oa, pair in
            fingerprints(oa, pair).compactMap { side, fingerprint in
                guard let expected = fingerprint.hashFunction.digestLength else { return nil }
                let actual = fingerprint.digestLength
                guard actual != expected else { return nil }
                let what = actual.map { "\($0) bytes" } ?? "not colon-separated hex bytes"
                return Rule.oaDTLSDigestLength.finding(
                    "the \(side.peer)'s \(fingerprint.hashFunctionName) fingerprint is \(what); it must be \(expected) bytes: "
                        + "no certificate can match it",
                    hint: "copy the fingerprint exactly as the DTLS stack printed it",
                    at: [oa.description(side).location(fingerprint.attribute.line, range: fingerprint.digestRange)])
            }
        },
        .perSection(.oaDTLSAnswerSetup) { oa, pair in
            guard pair.answerMedia.transport.usesDTLS,
                  let setup = oa.answer.setup(of: oa.answer.transportSection(for: pair.answer)),
                  setup.role == .actpass || setup.role == .holdconn else { return [] }
            return [Rule.oaDTLSAnswerSetup.finding(
                "the answer's a=setup for \(pair.name) is \(setup.role.name): the answerer must pick a DTLS role",
                hint: "answer with a=setup:active (the answerer is the DTLS client, what browsers do) or a=setup:passive",
                at: [oa.answer.location(setup.attribute)])]
        },
        .perSection(.oaDTLSSameRole) { oa, pair in
            guard pair.answerMedia.transport.usesDTLS else { return [] }
            let offerSetup = oa.offer.setup(of: oa.offer.transportSection(for: pair.offer))
            let answerSetup = oa.answer.setup(of: oa.answer.transportSection(for: pair.answer))
            // RFC 4145 §4: without a=setup an endpoint is active.
            let offerRole = offerSetup?.role ?? .active
            let answerRole = answerSetup?.role ?? .active
            guard offerRole == answerRole, offerRole == .active || offerRole == .passive else { return [] }
            let consequence = offerRole == .active
                ? "both send a ClientHello and the handshake fails (webrtcbin: \"Fatal SSL error\")"
                : "both wait for a ClientHello and DTLS never starts (webrtcbin stays in state new)"
            let locations = [answerSetup.map { oa.answer.location($0.attribute) } ?? oa.answer.location(of: pair.answer),
                             offerSetup.map { oa.offer.location($0.attribute) } ?? oa.offer.location(of: pair.offer)]
            return [Rule.oaDTLSSameRole.finding(
                "\(pair.name): offer and answer are both \(offerRole.name): \(consequence)",
                hint: offerRole == .active ? "answer with a=setup:passive" : "answer with a=setup:active",
                at: locations)]
        },
        .perSection(.oaDTLSOfferSetup) { oa, pair in
            guard pair.offerMedia.transport.usesDTLS else { return [] }
            let section = oa.offer.transportSection(for: pair.offer)
            let setup = oa.offer.setup(of: section)
            guard setup?.role != .actpass else { return [] }
            let written = setup.map { "a=setup:\($0.role.name)" } ?? "no a=setup (RFC 4145 default: active)"
            return [Rule.oaDTLSOfferSetup.finding(
                "the offer has \(written) for \(pair.name): the answerer has to take the other role "
                    + "(right for a re-offer that keeps the negotiated role; an initial offer must say actpass)",
                hint: "offer a=setup:actpass (RFC 8842 §5.2, JSEP RFC 8829 §5.2.1)",
                at: [setup.map { oa.offer.location($0.attribute) } ?? oa.offer.location(of: section)])]
        },
        .perSection(.oaDTLSKnownRoleFailure) { oa, pair in
            guard let client = oa.dtlsClient(pair),
                  oa.description(client).producer == .aiortc, oa.description(client.other).producer == .webrtcbin else { return [] }
            let setup = oa.answer.setup(of: oa.answer.transportSection(for: pair.answer))
            return [Rule.oaDTLSKnownRoleFailure.finding(
                "\(pair.name): the \(client.peer) (aiortc) is the DTLS client and the \(client.other.peer) (webrtcbin) the server; "
                    + "measured with aiortc 1.16 and webrtcbin 1.22 in every corpus round, ICE completes but webrtcbin's OpenSSL "
                    + "refuses aiortc's ClientHello (\"no shared cipher\"), while the opposite roles connect",
                hint: client == .answer ? "answer with a=setup:passive so that webrtcbin is the DTLS client"
                    : "offer a=setup:passive from aiortc, or let webrtcbin offer",
                at: [setup.map { oa.answer.location($0.attribute) } ?? oa.answer.location(of: pair.answer)])]
        },
    ]

    /// Every fingerprint that applies to the pair's transport on either side.
    static func fingerprints(_ oa: OfferAnswer, _ pair: ActivePair) -> [(Side, Fingerprint)] {
        Side.allCases.flatMap { side -> [(Side, Fingerprint)] in
            guard pair.media(side).transport.usesDTLS else { return [] }
            let description = oa.description(side)
            return description.fingerprints(of: description.transportSection(for: pair.section(side))).map { (side, $0) }
        }
    }
}

extension SetupRole {
    /// The value as written in SDP.
    public var name: String {
        switch self {
        case .active: "active"
        case .passive: "passive"
        case .actpass: "actpass"
        case .holdconn: "holdconn"
        }
    }
}

extension SessionDescription {
    /// The section whose transport attributes (ICE credentials, fingerprint, setup,
    /// candidates) govern `section`: the BUNDLE-tagged section when `section` is bundled
    /// (RFC 8843 §7.1.3: one transport, described by the tagged m-section), else `section`.
    func transportSection(for section: Section) -> Section {
        guard let group = bundleGroup(containing: section.mid?.value), let tag = group.mids.first,
              tag != section.mid?.value, let tagged = self.section(mid: tag), isActive(tagged) else { return section }
        return tagged
    }
}
