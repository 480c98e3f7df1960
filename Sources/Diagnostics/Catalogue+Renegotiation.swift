extension Rule {
    /// Rules about two successive descriptions of one session from the same endpoint
    /// (a first and a second offer), checked by `sdpcheck diff`.
    ///
    /// The checking code lives in `Sources/SDPDiff/RenegotiationRules.swift`.
    public static let renegotiationRules: [Rule] = [
        renegotiationSectionRemoved, renegotiationSectionMoved, renegotiationMIDChanged,
        renegotiationKindChanged, renegotiationExtmapRemapped, renegotiationPayloadTypeRebound,
        renegotiationICERestart, renegotiationPartialICERestart, renegotiationFingerprintChanged,
        renegotiationSessionIDChanged, renegotiationVersionNotIncremented, renegotiationBundleChanged,
    ]

    public static let renegotiationSectionRemoved = Rule(
        id: "RENEG-001", severity: .error, category: .renegotiation, rfc: "RFC 3264 §8",
        summary: "An m-section of the earlier description is missing from the later one (sections may be rejected with port 0, never removed)")
    public static let renegotiationSectionMoved = Rule(
        id: "RENEG-002", severity: .error, category: .renegotiation, rfc: "RFC 3264 §8",
        summary: "An m-section is at another position than before (the m-line order must be kept; new sections are appended)")
    public static let renegotiationMIDChanged = Rule(
        id: "RENEG-003", severity: .error, category: .renegotiation, rfc: "RFC 8829 §5.2.2",
        summary: "An m-section that was not rejected has a different a=mid (only a rejected section may be recycled)")
    public static let renegotiationKindChanged = Rule(
        id: "RENEG-004", severity: .warning, category: .renegotiation, rfc: "RFC 3264 §8.3.3",
        summary: "An m-section changed its media kind (RFC 3264 allows it; JSEP stacks only reuse rejected sections)")
    public static let renegotiationExtmapRemapped = Rule(
        id: "RENEG-005", severity: .error, category: .renegotiation, rfc: "RFC 8285 §6",
        summary: "A header extension moved to another id, or an id now names another extension (ids must not be remapped within a session)")
    public static let renegotiationPayloadTypeRebound = Rule(
        id: "RENEG-006", severity: .error, category: .renegotiation, rfc: "RFC 3264 §8.3.2",
        summary: "A dynamic payload type now names a different codec than before in the same m-section")
    public static let renegotiationICERestart = Rule(
        id: "RENEG-007", severity: .info, category: .renegotiation, rfc: "RFC 8839 §4.4.1.1.1",
        summary: "ICE restart: both ice-ufrag and ice-pwd changed, so connectivity checks start over")
    public static let renegotiationPartialICERestart = Rule(
        id: "RENEG-008", severity: .error, category: .renegotiation, rfc: "RFC 8445 §9",
        summary: "Only one of ice-ufrag and ice-pwd changed (an ICE restart changes both)")
    public static let renegotiationFingerprintChanged = Rule(
        id: "RENEG-009", severity: .warning, category: .renegotiation, rfc: "RFC 8842 §5",
        summary: "The DTLS certificate fingerprint changed: a new DTLS association must be set up")
    public static let renegotiationSessionIDChanged = Rule(
        id: "RENEG-010", severity: .warning, category: .renegotiation, rfc: "RFC 3264 §8",
        summary: "The o= session id differs (RFC 3264 keeps it; aiortc 1.16 changes it between offers and webrtcbin 1.22 still renegotiates)")
    public static let renegotiationVersionNotIncremented = Rule(
        id: "RENEG-011", severity: .warning, category: .renegotiation, rfc: "RFC 3264 §8",
        summary: "The description changed but the o= session version did not increase")
    public static let renegotiationBundleChanged = Rule(
        id: "RENEG-012", severity: .info, category: .renegotiation, rfc: "RFC 8843 §7",
        summary: "The BUNDLE group changed: sections joined or left it, or another mid is first (the offerer's tagged candidate)")
}
