import Diagnostics
import SDP

/// BUNDLE (RFC 8843): the answer's groups against the offer's, and the transport
/// attributes bundled sections share.
extension PairRule {
    static let bundleRules: [PairRule] = [
        PairRule(.oaBundleUnknownMID) { oa in
            let offered = Set(oa.offer.bundleGroups.flatMap(\.mids))
            return oa.answer.bundleGroups.flatMap { group in
                zip(group.mids, group.midRanges).compactMap { mid, range in
                    guard !offered.contains(mid) else { return nil }
                    return Rule.oaBundleUnknownMID.finding(
                        "the answer bundles mid \(mid), which the offer did not put in a BUNDLE group",
                        hint: "the answer's BUNDLE group must be a subset of the offer's; remove \(mid) from it",
                        at: [oa.answer.location(group.attribute.line, range: range)])
                }
            }
        },
        PairRule(.oaBundleTaggedRejected) { oa in
            oa.answer.bundleGroups.compactMap { group in
                guard let tag = group.mids.first, let range = group.midRanges.first,
                      let section = oa.answer.section(mid: tag), let media = section.media, media.port == 0,
                      !section.isBundleOnly else { return nil }
                return Rule.oaBundleTaggedRejected.finding(
                    "the answer's BUNDLE group is tagged by mid \(tag), but that m-section has port 0: the group has no transport",
                    hint: "list an accepted m-section first in a=group:BUNDLE, or remove rejected mids from the group",
                    at: [oa.answer.location(group.attribute.line, range: range), oa.answer.location(media.line, range: media.portRange)])
            }
        },
        PairRule(.oaBundleDeclined) { oa in
            guard let group = oa.offer.bundleGroups.first, group.mids.count > 1, oa.answer.bundleGroups.isEmpty,
                  oa.activePairs.count > 1 else { return [] }
            return [Rule.oaBundleDeclined.finding(
                "the offer bundles \(group.mids.joined(separator: " ")) but the answer has no a=group:BUNDLE: "
                    + "each m-section runs its own ICE and DTLS (webrtcbin does this under its default bundle policy)",
                hint: "nothing fails, but every section needs its own candidates; a max-bundle offerer rejects the answer",
                at: [oa.offer.location(group.attribute)])]
        },
        PairRule(.oaBundleOnlyLost) { oa in
            oa.sections.compactMap { pair in
                // A rejected section is OA-MLINE-005's business; an accepted one left out of the
                // answer's group has no transport on the offerer's side.
                // Only a port-0 bundle-only section depends on the bundle (RFC 8843 §6); webrtcbin
                // also writes a=bundle-only on sections with a port and candidates of their own.
                guard let o = pair.offer, o.isBundleOnly, o.media?.port == 0, let mid = o.mid?.value, let a = pair.answer,
                      oa.answer.isActive(a), oa.answer.bundleGroup(containing: mid) == nil else { return nil }
                return Rule.oaBundleOnlyLost.finding(
                    "\(pair.name) is bundle-only in the offer, but the answer accepts it outside its BUNDLE group: the offerer has no transport for it",
                    hint: "the answerer should put mid \(mid) in its BUNDLE group, or the offerer should not mark it bundle-only",
                    at: [oa.answer.location(of: a), o.attribute(named: "bundle-only").map(oa.offer.location) ?? oa.offer.location(of: o)])
            }
        },
        .perSection(.oaBundleWithoutMux) { oa, pair in
            guard pair.answerMedia.isRTP, let mid = pair.answer.mid?.value, oa.answer.bundleGroup(containing: mid) != nil,
                  !pair.answer.hasRTCPMux else { return [] }
            return [Rule.oaBundleWithoutMux.finding(
                "\(pair.name) is bundled in the answer but has no a=rtcp-mux: RTP and RTCP of every bundled section share one port",
                hint: "add a=rtcp-mux to every bundled RTP m-section",
                at: [oa.answer.location(of: pair.answer)])]
        },
        PairRule(.oaBundleAnswerTransportDiffers) { oa in
            transportMismatches(oa.answer, rule: .oaBundleAnswerTransportDiffers, allSections: true)
        },
        PairRule(.oaBundleOfferTransportDiffers) { oa in
            transportMismatches(oa.offer, rule: .oaBundleOfferTransportDiffers, allSections: false)
        },
        bundleTagRule,
    ]

    /// Bundled sections whose ICE credentials or fingerprint differ from the tagged
    /// section's. In the offer, sections the answerer will bundle away may legitimately
    /// differ (RFC 8843 §7.2); libwebrtc and webrtcbin still take one transport for all.
    static func transportMismatches(_ description: SessionDescription, rule: Rule, allSections: Bool) -> [Finding] {
        description.bundleGroups.flatMap { group -> [Finding] in
            guard let tag = group.mids.first, let tagged = description.section(mid: tag), description.isActive(tagged) else { return [] }
            let reference = transportValues(description, tagged)
            return group.mids.dropFirst().compactMap { mid -> Finding? in
                guard let section = description.section(mid: mid), description.isActive(section) else { return nil }
                let values = transportValues(description, section)
                var differing: [String] = []
                if values.ufrag != nil, values.ufrag != reference.ufrag { differing.append("ice-ufrag") }
                if values.pwd != nil, values.pwd != reference.pwd { differing.append("ice-pwd") }
                if values.fingerprint != nil, values.fingerprint != reference.fingerprint { differing.append("fingerprint") }
                guard !differing.isEmpty else { return nil }
                let line = section.iceUsernameFragment?.attribute ?? section.fingerprints.first?.attribute
                return rule.finding(
                    "mid \(mid) is bundled with mid \(tag) but has a different \(differing.joined(separator: ", ")): "
                        + "a bundle has one ICE and DTLS transport",
                    hint: "write the tagged section's ICE credentials and fingerprint in every bundled section",
                    at: [line.map(description.location) ?? description.location(of: section), description.location(of: tagged)])
            }
        }
    }

    static func transportValues(_ description: SessionDescription, _ section: Section) -> (ufrag: String?, pwd: String?, fingerprint: String?) {
        (description.iceUsernameFragment(of: section)?.value, description.icePassword(of: section)?.value,
         description.fingerprints(of: section).first.map { SDPBytes.string($0.attribute.bytes, $0.digestRange).uppercased() })
    }
}

extension PairRule {
    /// Rules that need a recognised stack to reach their full severity.
    static let bundleTagRule = PairRule(.oaBundleTagMoved) { oa in
        guard let offered = oa.offer.bundleGroups.first, let offerTag = offered.mids.first,
              let offerTagged = oa.offer.section(mid: offerTag), oa.offer.isActive(offerTagged),
              let answerTagged = oa.answer.section(mid: offerTag), !oa.answer.isActive(answerTagged),
              let group = oa.answer.bundleGroups.first(where: { offered.mids.contains($0.mids.first ?? "") }),
              let newTag = group.mids.first, newTag != offerTag,
              let answerRange = group.midRanges.first, let offerRange = offered.midRanges.first else { return [] }
        let webrtcbin = oa.offer.producer == .webrtcbin
        return [Rule.oaBundleTagMoved.finding(
            "the answer rejects mid \(offerTag), the offer's BUNDLE-tagged m-section, and bundles on mid \(newTag) instead"
                + (webrtcbin ? "; the offer is webrtcbin's, which keeps its transport on mid \(offerTag) and never starts ICE (measured with 1.22)" : ""),
            hint: "accept the offer's first BUNDLE m-section (give it a codec), or have the offerer put an m-section the answerer accepts first",
            severity: webrtcbin ? .error : nil,
            at: [oa.answer.location(group.attribute.line, range: answerRange), oa.offer.location(offered.attribute.line, range: offerRange)])]
    }
}
