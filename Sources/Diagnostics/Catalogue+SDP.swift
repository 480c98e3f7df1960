extension Rule {
    /// Single-description rules checked by `sdpcheck lint` (RFC 8866 syntax and the
    /// WebRTC attributes that one description can get wrong on its own).
    ///
    /// The checking functions live in `Sources/SDP/Lint/`, one table entry per rule.
    public static let sdpRules: [Rule] = [
        sdpSyntaxMalformedLine, sdpSyntaxBlankLine, sdpSyntaxTrailingWhitespace,
        sdpSyntaxFieldOrder, sdpSyntaxVersion, sdpSyntaxRequiredLine,
        sdpSyntaxMalformedField, sdpSyntaxMalformedAttribute, sdpMLineMalformed,
        sdpMLineMissingConnection, sdpMLineDuplicateFormat, sdpCodecPayloadTypeRange,
        sdpCodecPayloadTypeRTCPConflict, sdpCodecMissingRTPMap, sdpCodecRTPMapUnlisted,
        sdpCodecFormatParametersUnlisted, sdpCodecFeedbackUnlisted, sdpCodecRTXAssociation,
        sdpCodecOpusClock, sdpCodecOpusChannels, sdpCodecDuplicateRTPMap,
        sdpCodecInvalidParameter, sdpCodecREDUnlisted, sdpDTLSMissingFingerprint,
        sdpDTLSUnknownHash, sdpDTLSWeakHash, sdpDTLSDigestLength,
        sdpDTLSSetupValue, sdpDTLSMissingSetup, sdpICEMissingCredentials,
        sdpICEUfragLength, sdpICEPasswordLength, sdpICECharacters,
        sdpICELiteLevel, sdpICEMDNSCandidate, sdpICECandidateUfrag,
        sdpBundleDuplicateMID, sdpBundleUnknownMID, sdpBundleOnlyUngrouped,
        sdpBundleMIDInTwoGroups, sdpBundleMissingMID, sdpDirectionMultiple,
        sdpExtmapIDRange, sdpExtmapTwoByteWithoutMixed, sdpExtmapDuplicateID,
        sdpExtmapDuplicateURI, sdpExtmapBundleConflict, sdpSimulcastUnknownRID,
        sdpSimulcastRIDPayloadType, sdpSimulcastDuplicateRID, sdpDataChannelMixedFormat,
        sdpDataChannelLegacy, sdpDataChannelNumber, sdpDataChannelFormat,
        sdpTransportMissingRTCPMux, sdpTransportMuxOnlyWithoutMux, sdpTransportNonWebRTCProfile,
        sdpTransportAddressType, sdpSSRCGroupUndeclared, sdpSSRCDuplicate,
        sdpSSRCFIDGroupSize,
    ]

    public static let sdpSyntaxMalformedLine = Rule(
        id: "SDP-SYNTAX-001", severity: .error, category: .syntax, rfc: "RFC 8866 §5",
        summary: "A line is not of the form <type>=<value> with a one-letter lower-case type")
    public static let sdpSyntaxBlankLine = Rule(
        id: "SDP-SYNTAX-002", severity: .warning, category: .syntax, rfc: "RFC 8866 §5",
        summary: "An empty line inside the description (parsers such as GStreamer's stop or skip there)")
    public static let sdpSyntaxTrailingWhitespace = Rule(
        id: "SDP-SYNTAX-003", severity: .warning, category: .syntax, rfc: "RFC 8866 §5",
        summary: "Whitespace at the end of a line becomes part of the value")
    public static let sdpSyntaxFieldOrder = Rule(
        id: "SDP-SYNTAX-004", severity: .error, category: .syntax, rfc: "RFC 8866 §5",
        summary: "A line is out of the order RFC 8866 requires, or is not allowed at that level")
    public static let sdpSyntaxVersion = Rule(
        id: "SDP-SYNTAX-005", severity: .error, category: .syntax, rfc: "RFC 8866 §5.1",
        summary: "The description does not start with v=0")
    public static let sdpSyntaxRequiredLine = Rule(
        id: "SDP-SYNTAX-006", severity: .error, category: .syntax, rfc: "RFC 8866 §5",
        summary: "A required session line (o=, s=, t=) is missing")
    public static let sdpSyntaxMalformedField = Rule(
        id: "SDP-SYNTAX-007", severity: .error, category: .syntax, rfc: "RFC 8866 §9",
        summary: "An o=, c=, b= or t= line does not match its grammar")
    public static let sdpSyntaxMalformedAttribute = Rule(
        id: "SDP-SYNTAX-008", severity: .error, category: .syntax, rfc: "RFC 8866 §6",
        summary: "A known attribute's value does not match its grammar")
    public static let sdpMLineMalformed = Rule(
        id: "SDP-MLINE-001", severity: .error, category: .mline, rfc: "RFC 8866 §5.14",
        summary: "An m= line is not <media> <port> <proto> <fmt> … with a port in 0–65535")
    public static let sdpMLineMissingConnection = Rule(
        id: "SDP-MLINE-002", severity: .error, category: .mline, rfc: "RFC 8866 §5.7",
        summary: "A media section in use has no c= line and the session has none either")
    public static let sdpMLineDuplicateFormat = Rule(
        id: "SDP-MLINE-003", severity: .warning, category: .mline, rfc: "RFC 8866 §5.14",
        summary: "A format is listed twice on one m= line")
    public static let sdpCodecPayloadTypeRange = Rule(
        id: "SDP-CODEC-001", severity: .error, category: .codec, rfc: "RFC 3550 §5.1",
        summary: "A payload type is outside 0–127")
    public static let sdpCodecPayloadTypeRTCPConflict = Rule(
        id: "SDP-CODEC-002", severity: .warning, category: .codec, rfc: "RFC 5761 §4",
        summary: "A payload type in 64–95 collides with RTCP packet types under rtcp-mux")
    public static let sdpCodecMissingRTPMap = Rule(
        id: "SDP-CODEC-003", severity: .error, category: .codec, rfc: "RFC 8866 §6.6",
        summary: "A payload type outside the static range 0–34 has no rtpmap")
    public static let sdpCodecRTPMapUnlisted = Rule(
        id: "SDP-CODEC-004", severity: .warning, category: .codec, rfc: "RFC 8866 §6.6",
        summary: "An rtpmap names a payload type that is not on the m= line")
    public static let sdpCodecFormatParametersUnlisted = Rule(
        id: "SDP-CODEC-005", severity: .warning, category: .codec, rfc: "RFC 8866 §6.15",
        summary: "An fmtp names a payload type that is not on the m= line")
    public static let sdpCodecFeedbackUnlisted = Rule(
        id: "SDP-CODEC-006", severity: .warning, category: .codec, rfc: "RFC 4585 §4.2",
        summary: "An rtcp-fb names a payload type that is not on the m= line")
    public static let sdpCodecRTXAssociation = Rule(
        id: "SDP-CODEC-007", severity: .error, category: .codec, rfc: "RFC 4588 §8.1",
        summary: "An RTX payload type has no apt, or apt names a payload type not on the m= line")
    public static let sdpCodecOpusClock = Rule(
        id: "SDP-CODEC-008", severity: .error, category: .codec, rfc: "RFC 7587 §7",
        summary: "Opus is not declared as opus/48000/2")
    public static let sdpCodecOpusChannels = Rule(
        id: "SDP-CODEC-009", severity: .warning, category: .codec, rfc: "RFC 7587 §7",
        summary: "Opus is declared without the channel count /2")
    public static let sdpCodecDuplicateRTPMap = Rule(
        id: "SDP-CODEC-010", severity: .error, category: .codec, rfc: "RFC 8866 §6.6",
        summary: "Two rtpmap lines bind the same payload type")
    public static let sdpCodecInvalidParameter = Rule(
        id: "SDP-CODEC-011", severity: .error, category: .codec, rfc: "RFC 6184 §8.1",
        summary: "A codec parameter has a value outside its definition (H.264 profile-level-id, packetization-mode; VP9 profile-id)")
    public static let sdpCodecREDUnlisted = Rule(
        id: "SDP-CODEC-012", severity: .warning, category: .codec, rfc: "RFC 2198 §5",
        summary: "A RED fmtp names a payload type that is not on the m= line")
    public static let sdpDTLSMissingFingerprint = Rule(
        id: "SDP-DTLS-001", severity: .error, category: .dtls, rfc: "RFC 8842 §5",
        summary: "A DTLS media section has no a=fingerprint (neither in the section nor at session level)")
    public static let sdpDTLSUnknownHash = Rule(
        id: "SDP-DTLS-002", severity: .error, category: .dtls, rfc: "RFC 8122 §5",
        summary: "The fingerprint's hash function is not a registered one")
    public static let sdpDTLSWeakHash = Rule(
        id: "SDP-DTLS-003", severity: .warning, category: .dtls, rfc: "RFC 8827 §6.5",
        summary: "The fingerprint uses SHA-1; WebRTC requires SHA-256 or stronger")
    public static let sdpDTLSDigestLength = Rule(
        id: "SDP-DTLS-004", severity: .error, category: .dtls, rfc: "RFC 8122 §5",
        summary: "The fingerprint digest is not colon-separated hex bytes of the hash function's length")
    public static let sdpDTLSSetupValue = Rule(
        id: "SDP-DTLS-005", severity: .error, category: .dtls, rfc: "RFC 4145 §4",
        summary: "a=setup is not actpass, active, passive or holdconn")
    public static let sdpDTLSMissingSetup = Rule(
        id: "SDP-DTLS-006", severity: .warning, category: .dtls, rfc: "RFC 8842 §5.2",
        summary: "A DTLS media section has no a=setup (the RFC 4145 default, active, applies)")
    public static let sdpICEMissingCredentials = Rule(
        id: "SDP-ICE-001", severity: .error, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "A media section in use has no a=ice-ufrag or a=ice-pwd (neither in the section nor at session level)")
    public static let sdpICEUfragLength = Rule(
        id: "SDP-ICE-002", severity: .error, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "a=ice-ufrag is not 4–256 characters long")
    public static let sdpICEPasswordLength = Rule(
        id: "SDP-ICE-003", severity: .error, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "a=ice-pwd is not 22–256 characters long")
    public static let sdpICECharacters = Rule(
        id: "SDP-ICE-004", severity: .error, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "An ICE credential has a character outside ALPHA / DIGIT / + / /")
    public static let sdpICELiteLevel = Rule(
        id: "SDP-ICE-005", severity: .warning, category: .ice, rfc: "RFC 8839 §5.3",
        summary: "a=ice-lite appears in a media section; it is a session-level attribute")
    public static let sdpICEMDNSCandidate = Rule(
        id: "SDP-ICE-006", severity: .info, category: .ice, rfc: "draft-ietf-mmusic-mdns-ice-candidates §3",
        summary: "A host candidate is an mDNS .local name")
    public static let sdpICECandidateUfrag = Rule(
        id: "SDP-ICE-007", severity: .warning, category: .ice, rfc: "RFC 8839 §5.4",
        summary: "A candidate's ufrag extension differs from the section's a=ice-ufrag")
    public static let sdpBundleDuplicateMID = Rule(
        id: "SDP-BUNDLE-001", severity: .error, category: .bundle, rfc: "RFC 5888 §4",
        summary: "Two media sections have the same a=mid")
    public static let sdpBundleUnknownMID = Rule(
        id: "SDP-BUNDLE-002", severity: .error, category: .bundle, rfc: "RFC 5888 §5",
        summary: "An a=group names a mid that no media section has")
    public static let sdpBundleOnlyUngrouped = Rule(
        id: "SDP-BUNDLE-003", severity: .warning, category: .bundle, rfc: "RFC 8843 §6",
        summary: "A bundle-only media section is not in any BUNDLE group")
    public static let sdpBundleMIDInTwoGroups = Rule(
        id: "SDP-BUNDLE-004", severity: .error, category: .bundle, rfc: "RFC 8843 §5",
        summary: "A mid appears in more than one BUNDLE group")
    public static let sdpBundleMissingMID = Rule(
        id: "SDP-BUNDLE-005", severity: .warning, category: .bundle, rfc: "RFC 8843 §7.2",
        summary: "A media section has no a=mid although the description uses BUNDLE")
    public static let sdpDirectionMultiple = Rule(
        id: "SDP-DIRECTION-001", severity: .error, category: .direction, rfc: "RFC 8866 §6.7",
        summary: "A section has more than one of sendrecv/sendonly/recvonly/inactive")
    public static let sdpExtmapIDRange = Rule(
        id: "SDP-EXTMAP-001", severity: .error, category: .extmap, rfc: "RFC 8285 §5",
        summary: "An extmap id is outside 1–255")
    public static let sdpExtmapTwoByteWithoutMixed = Rule(
        id: "SDP-EXTMAP-002", severity: .warning, category: .extmap, rfc: "RFC 8285 §6",
        summary: "An extmap id in 15–255 needs the two-byte header form but a=extmap-allow-mixed is absent")
    public static let sdpExtmapDuplicateID = Rule(
        id: "SDP-EXTMAP-003", severity: .error, category: .extmap, rfc: "RFC 8285 §5",
        summary: "One extmap id is mapped twice in a section")
    public static let sdpExtmapDuplicateURI = Rule(
        id: "SDP-EXTMAP-004", severity: .warning, category: .extmap, rfc: "RFC 8285 §5",
        summary: "One extension URI is mapped to two ids in a section")
    public static let sdpExtmapBundleConflict = Rule(
        id: "SDP-EXTMAP-005", severity: .error, category: .extmap, rfc: "RFC 8843 §12",
        summary: "Bundled sections map the same extmap id to different URIs")
    public static let sdpSimulcastUnknownRID = Rule(
        id: "SDP-SIMULCAST-001", severity: .error, category: .simulcast, rfc: "RFC 8853 §5.1",
        summary: "a=simulcast names a rid that has no a=rid line of that direction")
    public static let sdpSimulcastRIDPayloadType = Rule(
        id: "SDP-SIMULCAST-002", severity: .error, category: .simulcast, rfc: "RFC 8851 §4",
        summary: "An a=rid pt= restriction names a payload type not on the m= line")
    public static let sdpSimulcastDuplicateRID = Rule(
        id: "SDP-SIMULCAST-003", severity: .error, category: .simulcast, rfc: "RFC 8851 §4",
        summary: "Two a=rid lines in a section have the same id")
    public static let sdpDataChannelMixedFormat = Rule(
        id: "SDP-DATACHANNEL-001", severity: .warning, category: .datachannel, rfc: "RFC 8841 §4.1",
        summary: "A data channel section mixes the RFC 8841 and the legacy sctpmap formats")
    public static let sdpDataChannelLegacy = Rule(
        id: "SDP-DATACHANNEL-002", severity: .info, category: .datachannel, rfc: "RFC 8841 §4.1",
        summary: "The data channel uses the legacy DTLS/SCTP m-line with a=sctpmap")
    public static let sdpDataChannelNumber = Rule(
        id: "SDP-DATACHANNEL-003", severity: .error, category: .datachannel, rfc: "RFC 8841 §5.1",
        summary: "a=sctp-port or a=max-message-size is not a valid number")
    public static let sdpDataChannelFormat = Rule(
        id: "SDP-DATACHANNEL-004", severity: .error, category: .datachannel, rfc: "RFC 8841 §4.1",
        summary: "A UDP/DTLS/SCTP m= line's format is not webrtc-datachannel")
    public static let sdpTransportMissingRTCPMux = Rule(
        id: "SDP-TRANSPORT-001", severity: .warning, category: .transport, rfc: "RFC 8834 §4.5",
        summary: "A UDP/TLS/RTP/SAVPF section has no a=rtcp-mux")
    public static let sdpTransportMuxOnlyWithoutMux = Rule(
        id: "SDP-TRANSPORT-002", severity: .error, category: .transport, rfc: "RFC 8858 §4",
        summary: "a=rtcp-mux-only without a=rtcp-mux")
    public static let sdpTransportNonWebRTCProfile = Rule(
        id: "SDP-TRANSPORT-003", severity: .warning, category: .transport, rfc: "RFC 8827 §6.5",
        summary: "An RTP section is not secured with DTLS-SRTP (UDP/TLS/RTP/SAVPF)")
    public static let sdpTransportAddressType = Rule(
        id: "SDP-TRANSPORT-004", severity: .error, category: .transport, rfc: "RFC 8866 §5.7",
        summary: "The c= address does not match its address type (IP4/IP6)")
    public static let sdpSSRCGroupUndeclared = Rule(
        id: "SDP-SSRC-001", severity: .warning, category: .ssrc, rfc: "RFC 5576 §4.2",
        summary: "An ssrc-group member has no a=ssrc line in the section")
    public static let sdpSSRCDuplicate = Rule(
        id: "SDP-SSRC-002", severity: .error, category: .ssrc, rfc: "RFC 8843 §9.1",
        summary: "One SSRC is declared in two media sections")
    public static let sdpSSRCFIDGroupSize = Rule(
        id: "SDP-SSRC-003", severity: .warning, category: .ssrc, rfc: "RFC 5576 §4.2",
        summary: "An FID ssrc-group does not have exactly two SSRCs")
}
