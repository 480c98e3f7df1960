extension Rule {
    /// What `rtcloop` observed when two real webrtcbin peers (GStreamer 1.22) negotiated on loopback.
    /// One finding per failure outcome; these rules describe behaviour of a real stack, so a finding
    /// is evidence, not a prediction.
    public static let loopbackRules: [Rule] = [
        loopbackOfferRejected, loopbackAnswerRejected, loopbackICEFailed, loopbackICEIncomplete,
        loopbackDTLSFailed, loopbackDTLSIncomplete, loopbackFingerprintMismatch, loopbackMediaNotDecoded, loopbackDataChannelIncomplete,
        loopbackEngineFailure,
    ]

    public static let loopbackOfferRejected = Rule(
        id: "LOOP-SDP-001", severity: .error, category: .syntax, rfc: "RFC 8829 §5.10",
        summary: "webrtcbin refused the offer as its remote description (or could not answer it)")
    public static let loopbackAnswerRejected = Rule(
        id: "LOOP-SDP-002", severity: .error, category: .syntax, rfc: "RFC 8829 §5.10",
        summary: "webrtcbin refused the answer as its remote description")
    public static let loopbackICEFailed = Rule(
        id: "LOOP-ICE-001", severity: .error, category: .ice, rfc: "RFC 8445 §7.2.5",
        summary: "ICE connectivity checks failed between the two peers on 127.0.0.1")
    public static let loopbackICEIncomplete = Rule(
        id: "LOOP-ICE-002", severity: .error, category: .ice, rfc: "RFC 8445 §8",
        summary: "ICE did not complete before the case's deadline")
    public static let loopbackDTLSFailed = Rule(
        id: "LOOP-DTLS-001", severity: .error, category: .dtls, rfc: "RFC 8842 §5",
        summary: "The DTLS handshake failed after ICE connected")
    public static let loopbackDTLSIncomplete = Rule(
        id: "LOOP-DTLS-002", severity: .error, category: .dtls, rfc: "RFC 8842 §5",
        summary: "ICE connected but the DTLS handshake never completed (for example both sides waiting as server)")
    public static let loopbackFingerprintMismatch = Rule(
        id: "LOOP-DTLS-003", severity: .error, category: .dtls, rfc: "RFC 8122 §5",
        summary: "A peer presented a certificate that does not match its a=fingerprint (webrtcbin 1.22 does not check)")
    public static let loopbackMediaNotDecoded = Rule(
        id: "LOOP-MEDIA-001", severity: .error, category: .media, rfc: nil,
        summary: "The transport connected but a configured stream never produced a decoded frame")
    public static let loopbackDataChannelIncomplete = Rule(
        id: "LOOP-DATA-001", severity: .error, category: .datachannel, rfc: "RFC 8831 §6",
        summary: "The data channel did not open or did not echo a message before the deadline")
    public static let loopbackEngineFailure = Rule(
        id: "LOOP-ENGINE-001", severity: .error, category: .transport, rfc: nil,
        summary: "The loop-back engine could not run the case (missing element, pipeline failure)")
}
