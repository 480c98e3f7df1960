import Diagnostics
import SDP

/// ICE (RFC 8445, RFC 8839): credentials, lite agents, whether the candidates in the two
/// descriptions give ICE anything to check.
extension PairRule {
    static let iceRules: [PairRule] = [
        PairRule(.oaICEMissingCredentials) { oa in
            transportSides(oa).compactMap { side, section in
                let description = oa.description(side)
                let missing = [description.iceUsernameFragment(of: section) == nil ? "a=ice-ufrag" : nil,
                               description.icePassword(of: section) == nil ? "a=ice-pwd" : nil].compactMap { $0 }
                guard !missing.isEmpty else { return nil }
                return Rule.oaICEMissingCredentials.finding(
                    "the \(side.peer) gives no \(missing.joined(separator: " and ")) for the transport of \(name(section)): "
                        + "no connectivity check can be authenticated",
                    hint: "add a=ice-ufrag and a=ice-pwd (webrtcbin refuses it: \"media \(section.mediaIndex ?? 0) is missing or contains an empty 'ice-ufrag' attribute\")",
                    at: [description.location(of: section)])
            }
        },
        PairRule(.oaICECredentialLength) { oa in
            credentials(oa).compactMap { side, credential in
                let allowed = credential.kind.allowedLength
                guard !allowed.contains(credential.valueRange.count) else { return nil }
                return Rule.oaICECredentialLength.finding(
                    "the \(side.peer)'s \(credential.kind.attributeName) is \(credential.valueRange.count) characters; "
                        + "\(allowed.lowerBound)–\(allowed.upperBound) are required",
                    hint: "generate at least 4 ufrag and 22 password characters (libwebrtc refuses shorter ones)",
                    at: [oa.description(side).location(credential.attribute)])
            }
        },
        PairRule(.oaICECredentialCharacters) { oa in
            credentials(oa).compactMap { side, credential in
                guard let bad = credential.firstInvalidCharacter else { return nil }
                return Rule.oaICECredentialCharacters.finding(
                    "the \(side.peer)'s \(credential.kind.attributeName) has '\(String(decoding: [credential.attribute.bytes[bad]], as: UTF8.self))', "
                        + "not an ice-char; STUN USERNAME matching may fail",
                    hint: "use only letters, digits, + and /",
                    at: [oa.description(side).location(credential.attribute.line, at: bad, length: 1)])
            }
        },
        PairRule(.oaICEBothLite) { oa in
            guard oa.offer.isICELite, oa.answer.isICELite,
                  let o = oa.offer.session.attribute(named: "ice-lite"), let a = oa.answer.session.attribute(named: "ice-lite")
            else { return [] }
            return [Rule.oaICEBothLite.finding(
                "both sides are ICE lite: lite agents only answer checks, so nobody sends one and ICE never completes",
                hint: "one side must be a full ICE agent (browsers, webrtcbin and aiortc are)",
                at: [oa.answer.location(a), oa.offer.location(o)])]
        },
        PairRule(.oaICENoCandidates) { oa in
            oa.transports.compactMap { t in
                let offered = oa.offer.candidates(for: t.offer), answered = oa.answer.candidates(for: t.answer)
                guard offered.isEmpty, answered.isEmpty, !oa.offer.trickles(t.offer), !oa.answer.trickles(t.answer)
                else { return nil }
                return Rule.oaICENoCandidates.finding(
                    "no candidates on either side for the transport of mid \(t.name), and neither side announces trickle ICE: "
                        + "ICE has nothing to check (webrtcbin stays in ICE state new)",
                    hint: "send the description after gathering completes, or add a=ice-options:trickle and exchange candidates",
                    at: [oa.answer.location(of: t.answer), oa.offer.location(of: t.offer)])
            }
        },
        PairRule(.oaICEOneSidedCandidates) { oa in
            oa.transports.compactMap { t in
                let offered = oa.offer.candidates(for: t.offer), answered = oa.answer.candidates(for: t.answer)
                guard offered.isEmpty != answered.isEmpty else { return nil }
                let empty: Side = offered.isEmpty ? .offer : .answer
                let emptySection = empty == .offer ? t.offer : t.answer
                guard !oa.description(empty).trickles(emptySection) else { return nil }
                return Rule.oaICEOneSidedCandidates.finding(
                    "only the \(empty.other.peer) lists candidates for mid \(t.name): the \(empty.peer)'s checks reach them "
                        + "and the \(empty.other.peer) learns the \(empty.peer)'s address as a peer-reflexive candidate",
                    hint: "this works when the \(empty.peer) can reach the \(empty.other.peer)'s addresses; otherwise include its candidates",
                    at: [oa.description(empty).location(of: emptySection)])
            }
        },
        PairRule(.oaICETrickled) { oa in
            oa.transports.compactMap { t in
                let sides = Side.allCases.filter { side in
                    let section = side == .offer ? t.offer : t.answer
                    return oa.description(side).candidates(for: section).isEmpty && oa.description(side).trickles(section)
                }
                guard let first = sides.first else { return nil }
                let who = sides.count == 2 ? "both sides trickle" : "the \(first.peer) trickles"
                return Rule.oaICETrickled.finding(
                    "\(who) candidates for mid \(t.name): they are not in the SDP, so whether a path exists cannot be seen here",
                    hint: "if the peers do not connect, look outside the SDP: the trickled candidates (signalling log) "
                        + "or a capture of the STUN checks (rtpdump)",
                    at: [oa.description(first).location(of: first == .offer ? t.offer : t.answer)])
            }
        },
        PairRule(.oaICEMDNS) { oa in
            oa.transports.flatMap { t in
                Side.allCases.compactMap { side -> Finding? in
                    let description = oa.description(side)
                    let candidates = description.candidates(for: side == .offer ? t.offer : t.answer)
                    let mdns = candidates.filter { $0.addressKind == .mDNS }
                    guard let first = mdns.first else { return nil }
                    let onlyMDNS = mdns.count == candidates.filter { $0.type == .host }.count
                    return Rule.oaICEMDNS.finding(
                        "the \(side.peer)'s host candidate\(mdns.count == 1 ? " is" : "s are") mDNS name\(mdns.count == 1 ? "" : "s") (\(first.address))"
                            + (onlyMDNS ? " and it gives no host IP address" : "")
                            + ": the \(side.other.peer) must resolve them; browsers and aiortc do, GStreamer webrtcbin only through "
                            + "the system resolver (nss-mdns/avahi)",
                        hint: "if the \(side.other.peer) cannot resolve .local names, rely on srflx/relay candidates "
                            + "or disable host obfuscation for this test",
                        at: [description.location(first.attribute.line, range: first.addressRange)])
                }
            }
        },
        PairRule(.oaICEUnreachable) { oa in
            oa.transports.flatMap { t in
                Side.allCases.compactMap { side -> Finding? in
                    let mine = oa.description(side).candidates(for: side == .offer ? t.offer : t.answer)
                    let theirs = oa.description(side.other).candidates(for: side == .offer ? t.answer : t.offer)
                    guard let first = mine.first, !theirs.isEmpty else { return nil }
                    let scopes = mine.map(AddressScope.init)
                    let reason: String
                    if scopes.allSatisfy({ $0 == .loopback }) { reason = "only loopback addresses" }
                    else if scopes.allSatisfy({ $0 == .linkLocal || $0 == .loopback }) { reason = "only link-local addresses" }
                    else if mine.allSatisfy({ $0.transport == .tcp }) && !theirs.contains(where: { $0.transport == .tcp }) {
                        reason = "only TCP candidates while the \(side.other.peer) has no TCP candidates (ice-tcp off)"
                    } else { return nil }
                    return Rule.oaICEUnreachable.finding(
                        "the \(side.peer) offers \(reason) for mid \(t.name); the \(side.other.peer) can reach them only from the same host or link",
                        hint: "gather on a routable interface (or enable the same transport on both sides)",
                        at: [oa.description(side).location(first.attribute)])
                }
            }
        },
        PairRule(.oaICENoWorkablePair) { oa in
            let pairs = oa.candidatePairs
            return oa.transports.compactMap { t in
                let offered = oa.offer.candidates(for: t.offer), answered = oa.answer.candidates(for: t.answer)
                guard !offered.isEmpty, !answered.isEmpty else { return nil }
                let mine = pairs.filter { $0.transport == t.name }
                guard !mine.contains(where: { $0.state != .unworkable }) else { return nil }
                let trickles = oa.offer.trickles(t.offer) || oa.answer.trickles(t.answer)
                let reasons = Set(mine.compactMap(\.reason)).sorted()
                let why = mine.isEmpty ? "no candidates share a component and transport" : reasons.joined(separator: "; ")
                // With trickle ICE more candidates may still arrive: the path is not yet absent.
                return Rule.oaICENoWorkablePair.finding(
                    "no candidate pair for mid \(t.name) can work (\(why))" + (trickles ? ", unless trickled candidates add one" : ""),
                    hint: "give both sides candidates of a common address family and transport, or a TURN relay",
                    severity: trickles ? .warning : nil,
                    at: [oa.answer.location(of: t.answer), oa.offer.location(of: t.offer)])
            }
        },
        PairRule(.oaICERejectedWithoutCredentials) { oa in
            oa.sections.compactMap { pair in
                guard let a = pair.answer, let media = a.media, !oa.answer.isActive(a),
                      oa.answer.iceUsernameFragment(of: a) == nil else { return nil }
                let webrtcbin = oa.offer.producer == .webrtcbin
                // Measured: webrtcbin 1.22 validates every m-section of a remote description,
                // rejected ones included, and refuses the whole answer.
                return Rule.oaICERejectedWithoutCredentials.finding(
                    "the answer rejects \(pair.name) without a=ice-ufrag/a=ice-pwd; RFC 8829 allows that, but GStreamer 1.22 webrtcbin "
                        + "refuses the whole answer (\"media \(a.mediaIndex ?? pair.index) is missing or contains an empty 'ice-ufrag' attribute\")"
                        + (webrtcbin ? " and the offer is webrtcbin's" : ""),
                    hint: "keep a=ice-ufrag and a=ice-pwd in rejected m-sections when the peer is webrtcbin",
                    severity: webrtcbin ? .error : nil,
                    at: [oa.answer.location(media.line, range: media.portRange)])
            }
        },
    ]

    /// The transport-governing section of each side for every transport.
    static func transportSides(_ oa: OfferAnswer) -> [(Side, Section)] {
        oa.transports.flatMap { t in [(Side.offer, t.offer), (Side.answer, t.answer)] }
    }

    /// Every ICE credential that governs a transport, each line once.
    static func credentials(_ oa: OfferAnswer) -> [(Side, ICECredential)] {
        var seen = Set<String>()
        return transportSides(oa).flatMap { side, section -> [(Side, ICECredential)] in
            let description = oa.description(side)
            return [description.iceUsernameFragment(of: section), description.icePassword(of: section)]
                .compactMap { $0 }
                .filter { seen.insert("\(side)\($0.attribute.line.number)").inserted }
                .map { (side, $0) }
        }
    }

    static func name(_ section: Section) -> String {
        section.mid.map { "mid \($0.value)" } ?? "m-section \(section.mediaIndex ?? 0)"
    }
}
