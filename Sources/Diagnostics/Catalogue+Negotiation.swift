extension Rule {
    /// Offer/answer rules checked by `sdpcheck OFFER ANSWER`: what two descriptions get
    /// wrong together (RFC 3264 and its WebRTC successors), as opposed to what one
    /// description gets wrong on its own (``sdpRules``).
    ///
    /// The checking functions live in `Sources/Negotiation/Rules/`, one table entry per
    /// rule. Severities follow the governing RFC text and what real stacks (libwebrtc,
    /// Firefox, GStreamer 1.22 webrtcbin, aiortc) do with such a pair: `error` only when the
    /// session cannot be set up or media cannot flow.
    public static let negotiationRules: [Rule] = [
        oaMLineCount, oaMLineKind, oaMLineMID, oaMLineAcceptedRejected, oaMLineRejected, oaMLineAllRejected, oaMLineRoles,
        oaDTLSMissingFingerprint, oaDTLSUnknownHash, oaDTLSWeakHash, oaDTLSDigestLength,
        oaDTLSAnswerSetup, oaDTLSSameRole, oaDTLSOfferSetup, oaDTLSKnownRoleFailure,
        oaICEMissingCredentials, oaICECredentialLength, oaICECredentialCharacters, oaICEBothLite,
        oaICENoCandidates, oaICEOneSidedCandidates, oaICETrickled, oaICEMDNS, oaICEUnreachable, oaICENoWorkablePair, oaICERejectedWithoutCredentials,
        oaBundleUnknownMID, oaBundleTaggedRejected, oaBundleDeclined, oaBundleOnlyLost, oaBundleWithoutMux,
        oaBundleAnswerTransportDiffers, oaBundleOfferTransportDiffers, oaBundleTagMoved,
        oaDirectionNotAllowed, oaDirectionNoMedia,
        oaTransportProtocol, oaTransportMuxDeclined, oaTransportMuxOnlyDeclined,
        oaDataChannelFormat, oaDataChannelMessageSize,
        oaCodecNoCommon, oaCodecNotOffered, oaCodecPayloadTypeMeaning, oaCodecPayloadTypeRenumbered,
        oaCodecH264PacketizationMode, oaCodecH264Profile, oaCodecH264Level, oaCodecH264DefaultProfile,
        oaCodecVP9Profile, oaCodecAV1Profile, oaCodecRTXAssociation, oaCodecRedundancy,
        oaCodecTelephoneEventClock, oaCodecOpusChannels,
        oaExtmapIDChanged, oaExtmapNotOffered, oaExtmapDirection, oaExtmapTwoByte,
        oaSimulcastDirection, oaSimulcastUnknownRID, oaSimulcastDeclined, oaSimulcastRIDPayloadType,
        oaSSRCGroupUndeclared, oaSSRCNoRTXGroup,
    ]

    // MARK: m-lines

    public static let oaMLineCount = Rule(
        id: "OA-MLINE-001", severity: .error, category: .mline, rfc: "RFC 3264 §6",
        summary: "The answer does not have exactly as many m-sections as the offer")
    public static let oaMLineKind = Rule(
        id: "OA-MLINE-002", severity: .error, category: .mline, rfc: "RFC 3264 §6",
        summary: "An answer m-section has a different media type than the offer's at the same position")
    public static let oaMLineMID = Rule(
        id: "OA-MLINE-003", severity: .error, category: .mline, rfc: "RFC 8829 §5.3.1",
        summary: "An answer m-section's a=mid differs from the offer's at the same position")
    public static let oaMLineAcceptedRejected = Rule(
        id: "OA-MLINE-004", severity: .error, category: .mline, rfc: "RFC 3264 §6",
        summary: "The answer accepts (port ≠ 0) an m-section the offer rejected")
    public static let oaMLineRejected = Rule(
        id: "OA-MLINE-005", severity: .info, category: .mline, rfc: "RFC 3264 §6",
        summary: "The answerer rejected an offered m-section (port 0): no media for it")
    public static let oaMLineAllRejected = Rule(
        id: "OA-MLINE-006", severity: .error, category: .mline, rfc: "RFC 3264 §6",
        summary: "Every offered m-section is rejected: there is nothing to connect")
    public static let oaMLineRoles = Rule(
        id: "OA-MLINE-007", severity: .warning, category: .mline, rfc: "RFC 3264 §5",
        summary: "The inputs look swapped: the first is declared an answer or the second an offer (JSON type), or the second says a=setup:actpass")

    // MARK: DTLS

    public static let oaDTLSMissingFingerprint = Rule(
        id: "OA-DTLS-001", severity: .error, category: .dtls, rfc: "RFC 8842 §5",
        summary: "A side has no a=fingerprint for an active DTLS m-section (webrtcbin and browsers refuse it)")
    public static let oaDTLSUnknownHash = Rule(
        id: "OA-DTLS-002", severity: .error, category: .dtls, rfc: "RFC 8122 §5",
        summary: "A fingerprint uses a hash function the peer cannot verify with")
    public static let oaDTLSWeakHash = Rule(
        id: "OA-DTLS-003", severity: .warning, category: .dtls, rfc: "RFC 8122 §5",
        summary: "A fingerprint uses SHA-1; use SHA-256 or stronger")
    public static let oaDTLSDigestLength = Rule(
        id: "OA-DTLS-004", severity: .error, category: .dtls, rfc: "RFC 8122 §5",
        summary: "A fingerprint digest does not have the hash function's length")
    public static let oaDTLSAnswerSetup = Rule(
        id: "OA-DTLS-005", severity: .error, category: .dtls, rfc: "RFC 5763 §5",
        summary: "The answer's a=setup is not active or passive")
    public static let oaDTLSSameRole = Rule(
        id: "OA-DTLS-006", severity: .error, category: .dtls, rfc: "RFC 5763 §5",
        summary: "Both sides take the same DTLS role (both active or both passive): no handshake")
    public static let oaDTLSOfferSetup = Rule(
        id: "OA-DTLS-007", severity: .info, category: .dtls, rfc: "RFC 8842 §5.2",
        summary: "The offer's a=setup is not actpass, so the answerer cannot choose its role (normal in a re-offer that keeps the role)")
    public static let oaDTLSKnownRoleFailure = Rule(
        id: "OA-DTLS-008", severity: .warning, category: .dtls, rfc: nil,
        summary: "The DTLS roles put two recognised stacks in a combination measured to fail (aiortc client → webrtcbin server)")

    // MARK: ICE

    public static let oaICEMissingCredentials = Rule(
        id: "OA-ICE-001", severity: .error, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "A side has no a=ice-ufrag or a=ice-pwd for an active m-section")
    public static let oaICECredentialLength = Rule(
        id: "OA-ICE-002", severity: .error, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "An ICE ufrag is not 4–256 or a password not 22–256 characters (libwebrtc refuses it)")
    public static let oaICECredentialCharacters = Rule(
        id: "OA-ICE-003", severity: .warning, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "An ICE credential has characters outside ALPHA / DIGIT / + / /")
    public static let oaICEBothLite = Rule(
        id: "OA-ICE-004", severity: .error, category: .ice, rfc: "RFC 8445 §6.1.1",
        summary: "Both sides are ICE lite: nobody sends connectivity checks")
    public static let oaICENoCandidates = Rule(
        id: "OA-ICE-005", severity: .error, category: .ice, rfc: "RFC 8445 §6.1.2",
        summary: "Neither side has candidates and neither trickles: there is no path")
    public static let oaICEOneSidedCandidates = Rule(
        id: "OA-ICE-006", severity: .info, category: .ice, rfc: "RFC 8445 §7.3.1.3",
        summary: "Only one side has candidates; the other is reached through peer-reflexive candidates")
    public static let oaICETrickled = Rule(
        id: "OA-ICE-007", severity: .info, category: .ice, rfc: "RFC 8838 §4",
        summary: "Candidates are trickled outside the SDP; whether a path exists is not visible here")
    public static let oaICEMDNS = Rule(
        id: "OA-ICE-008", severity: .warning, category: .ice, rfc: "draft-ietf-mmusic-mdns-ice-candidates §3.2",
        summary: "mDNS .local candidates that the peer may not resolve (webrtcbin/libnice without nss-mdns)")
    public static let oaICEUnreachable = Rule(
        id: "OA-ICE-009", severity: .info, category: .ice, rfc: "RFC 8445 §6.1.2.2",
        summary: "A side's candidates are only loopback, link-local or TCP, which the peer's candidates cannot pair with")
    public static let oaICENoWorkablePair = Rule(
        id: "OA-ICE-010", severity: .error, category: .ice, rfc: "RFC 8445 §6.1.2",
        summary: "Both sides list candidates but no candidate pair can work")
    public static let oaICERejectedWithoutCredentials = Rule(
        id: "OA-ICE-011", severity: .warning, category: .ice, rfc: nil,
        summary: "A rejected answer m-section has no ICE credentials, which GStreamer 1.22 webrtcbin refuses")

    // MARK: BUNDLE

    public static let oaBundleUnknownMID = Rule(
        id: "OA-BUNDLE-001", severity: .error, category: .bundle, rfc: "RFC 8843 §7.3",
        summary: "The answer's BUNDLE group names a mid that the offer did not bundle")
    public static let oaBundleTaggedRejected = Rule(
        id: "OA-BUNDLE-002", severity: .error, category: .bundle, rfc: "RFC 8843 §7.3.1",
        summary: "The answer's BUNDLE-tagged m-section (first mid of the group) is rejected")
    public static let oaBundleDeclined = Rule(
        id: "OA-BUNDLE-003", severity: .info, category: .bundle, rfc: "RFC 8843 §7.3",
        summary: "The answer has no BUNDLE group: every m-section gets its own transport")
    public static let oaBundleOnlyLost = Rule(
        id: "OA-BUNDLE-004", severity: .warning, category: .bundle, rfc: "RFC 8843 §6",
        summary: "A bundle-only m-section is left without a transport because the answer did not bundle it")
    public static let oaBundleWithoutMux = Rule(
        id: "OA-BUNDLE-005", severity: .error, category: .bundle, rfc: "RFC 8843 §9.1",
        summary: "A bundled RTP m-section of the answer has no a=rtcp-mux")
    public static let oaBundleAnswerTransportDiffers = Rule(
        id: "OA-BUNDLE-006", severity: .error, category: .bundle, rfc: "RFC 8843 §7.3.1",
        summary: "The answer's bundled m-sections have different ICE credentials or fingerprints")
    public static let oaBundleOfferTransportDiffers = Rule(
        id: "OA-BUNDLE-007", severity: .warning, category: .bundle, rfc: "RFC 8843 §7.2",
        summary: "The offer's bundled m-sections have different ICE credentials or fingerprints (allowed; libwebrtc and webrtcbin reject it)")
    public static let oaBundleTagMoved = Rule(
        id: "OA-BUNDLE-008", severity: .warning, category: .bundle, rfc: "RFC 8843 §7.3.3",
        summary: "The answer rejects the offerer's BUNDLE-tagged m-section and tags another one (webrtcbin 1.22 never starts ICE then)")

    // MARK: direction

    public static let oaDirectionNotAllowed = Rule(
        id: "OA-DIRECTION-001", severity: .error, category: .direction, rfc: "RFC 3264 §6.1",
        summary: "The answer's direction is not one RFC 3264 allows for the offered direction")
    public static let oaDirectionNoMedia = Rule(
        id: "OA-DIRECTION-002", severity: .info, category: .direction, rfc: "RFC 3264 §6.1",
        summary: "An accepted m-section is inactive: no media flows either way")

    // MARK: transport

    public static let oaTransportProtocol = Rule(
        id: "OA-TRANSPORT-001", severity: .error, category: .transport, rfc: "RFC 8829 §5.3.1",
        summary: "The answer's m-line protocol differs from the offer's")
    public static let oaTransportMuxDeclined = Rule(
        id: "OA-TRANSPORT-002", severity: .error, category: .transport, rfc: "RFC 8829 §5.1.3",
        summary: "The offer multiplexes RTP and RTCP (a=rtcp-mux) but the answer does not; WebRTC's default policy requires it")
    public static let oaTransportMuxOnlyDeclined = Rule(
        id: "OA-TRANSPORT-003", severity: .error, category: .transport, rfc: "RFC 8858 §4",
        summary: "The offer is rtcp-mux-only but the answer does not multiplex RTCP")

    // MARK: data channels

    public static let oaDataChannelFormat = Rule(
        id: "OA-DATACHANNEL-001", severity: .warning, category: .datachannel, rfc: "RFC 8841 §4.1",
        summary: "Offer and answer describe the data channel in different formats (RFC 8841 vs legacy sctpmap)")
    public static let oaDataChannelMessageSize = Rule(
        id: "OA-DATACHANNEL-002", severity: .info, category: .datachannel, rfc: "RFC 8841 §6.1",
        summary: "The sides accept different maximum message sizes; larger messages fail in one direction")

    // MARK: codecs

    public static let oaCodecNoCommon = Rule(
        id: "OA-CODEC-001", severity: .error, category: .codec, rfc: "RFC 3264 §6.1",
        summary: "An accepted RTP m-section has no codec that both sides listed")
    public static let oaCodecNotOffered = Rule(
        id: "OA-CODEC-002", severity: .error, category: .codec, rfc: "RFC 3264 §6.1",
        summary: "The answer lists a codec the offer did not offer")
    public static let oaCodecPayloadTypeMeaning = Rule(
        id: "OA-CODEC-003", severity: .error, category: .codec, rfc: "RFC 3264 §6.1",
        summary: "A payload type means a different encoding, clock rate or channel count in the answer than in the offer")
    public static let oaCodecPayloadTypeRenumbered = Rule(
        id: "OA-CODEC-004", severity: .warning, category: .codec, rfc: "RFC 3264 §6.1",
        summary: "The answer uses a different payload type number for an offered codec")
    public static let oaCodecH264PacketizationMode = Rule(
        id: "OA-CODEC-005", severity: .error, category: .codec, rfc: "RFC 6184 §8.2.2",
        summary: "H.264 packetization-mode differs between offer and answer for the same payload type")
    public static let oaCodecH264Profile = Rule(
        id: "OA-CODEC-006", severity: .error, category: .codec, rfc: "RFC 6184 §8.2.2",
        summary: "H.264 profile (profile_idc/profile-iop) differs between offer and answer for the same payload type")
    public static let oaCodecH264Level = Rule(
        id: "OA-CODEC-007", severity: .warning, category: .codec, rfc: "RFC 6184 §8.2.2",
        summary: "The answer's H.264 level is above the offer's without level-asymmetry-allowed on both sides")
    public static let oaCodecH264DefaultProfile = Rule(
        id: "OA-CODEC-008", severity: .warning, category: .codec, rfc: "RFC 6184 §8.1",
        summary: "H.264 without profile-level-id: RFC 6184 means 42000A (Baseline 1.0), libwebrtc assumes 42E01F")
    public static let oaCodecVP9Profile = Rule(
        id: "OA-CODEC-009", severity: .error, category: .codec, rfc: "RFC 9628 §6",
        summary: "VP9 profile-id differs between offer and answer for the same payload type")
    public static let oaCodecAV1Profile = Rule(
        id: "OA-CODEC-010", severity: .error, category: .codec, rfc: "AV1 RTP §7.2",
        summary: "AV1 profile differs between offer and answer for the same payload type")
    public static let oaCodecRTXAssociation = Rule(
        id: "OA-CODEC-011", severity: .warning, category: .codec, rfc: "RFC 4588 §8.6",
        summary: "An RTX payload type in the answer is not associated (apt) with a negotiated payload type, or with a different one than offered")
    public static let oaCodecRedundancy = Rule(
        id: "OA-CODEC-012", severity: .warning, category: .codec, rfc: "RFC 2198 §5",
        summary: "RED or FEC is negotiated but the payload types it protects are not")
    public static let oaCodecTelephoneEventClock = Rule(
        id: "OA-CODEC-013", severity: .info, category: .codec, rfc: "RFC 4733 §2.5.1.2",
        summary: "telephone-event is negotiated only at a clock rate that no negotiated audio codec uses")
    public static let oaCodecOpusChannels = Rule(
        id: "OA-CODEC-014", severity: .warning, category: .codec, rfc: "RFC 7587 §7",
        summary: "Opus is opus/48000/2 on one side and without /2 on the other (webrtcbin writes OPUS/48000)")

    // MARK: header extensions

    public static let oaExtmapIDChanged = Rule(
        id: "OA-EXTMAP-001", severity: .warning, category: .extmap, rfc: "RFC 8285 §6",
        summary: "The answer maps a header extension to a different id than the offer, or an offered id to another URI")
    public static let oaExtmapNotOffered = Rule(
        id: "OA-EXTMAP-002", severity: .warning, category: .extmap, rfc: "RFC 8285 §6",
        summary: "The answer uses a header extension the offer did not offer")
    public static let oaExtmapDirection = Rule(
        id: "OA-EXTMAP-003", severity: .warning, category: .extmap, rfc: "RFC 8285 §6",
        summary: "The answer's extmap direction is not compatible with the offer's")
    public static let oaExtmapTwoByte = Rule(
        id: "OA-EXTMAP-004", severity: .warning, category: .extmap, rfc: nil,
        summary: "Extension ids 15–255 negotiated without a=extmap-allow-mixed on both sides (libwebrtc then drops them)")

    // MARK: simulcast

    public static let oaSimulcastDirection = Rule(
        id: "OA-SIMULCAST-001", severity: .error, category: .simulcast, rfc: "RFC 8853 §5.3",
        summary: "The answer's a=simulcast does not reverse the offer's direction")
    public static let oaSimulcastUnknownRID = Rule(
        id: "OA-SIMULCAST-002", severity: .error, category: .simulcast, rfc: "RFC 8853 §5.3",
        summary: "The answer's a=simulcast or a=rid names a rid the offer did not offer")
    public static let oaSimulcastDeclined = Rule(
        id: "OA-SIMULCAST-003", severity: .info, category: .simulcast, rfc: "RFC 8853 §5.3",
        summary: "The offer proposes simulcast and the answer declines it: one stream is sent")
    public static let oaSimulcastRIDPayloadType = Rule(
        id: "OA-SIMULCAST-004", severity: .error, category: .simulcast, rfc: "RFC 8851 §4",
        summary: "An answer a=rid pt= restriction names a payload type that is not negotiated")

    // MARK: SSRCs

    public static let oaSSRCGroupUndeclared = Rule(
        id: "OA-SSRC-001", severity: .warning, category: .ssrc, rfc: "RFC 5576 §4.2",
        summary: "An ssrc-group FID/FEC-FR names an SSRC without a=ssrc lines")
    public static let oaSSRCNoRTXGroup = Rule(
        id: "OA-SSRC-002", severity: .info, category: .ssrc, rfc: "RFC 4588 §8.6",
        summary: "RTX is negotiated but the sending side signals no FID group for its RTX SSRC")
}
