extension Rule {
    /// Predictions for an offer answered by a stack whose behaviour was measured
    /// (`sdpcheck OFFER --answerer webrtcbin`): where it refuses the offer and what its
    /// answer leaves out. Not RFC rules: each reflects the measured stack (`rfc` names the
    /// standard the behaviour relates to, where there is one).
    ///
    /// The predictor lives in `Sources/AnswererProfiles`; the measured data in its
    /// `Resources/webrtcbin-1.22.json`, written by `scripts/profiles/measure-webrtcbin.py`.
    public static let profileRules: [Rule] = [
        profileRefused, profileRepairDropped, profileSimulcastDropped, profileExtensionsDropped,
        profileNoBundle, profileBundleOnlyRejected, profileRejectedSectionAnswered, profileLegacyDataChannel,
        profileNoDepayloader, profileFingerprintNotVerified, profileMaxMessageSizeDropped,
    ]

    public static let profileRefused = Rule(
        id: "PROFILE-001", severity: .error, category: .transport, rfc: nil,
        summary: "The answerer refuses the offer in set-remote-description (an attribute it requires in every media section is missing)")
    public static let profileRepairDropped = Rule(
        id: "PROFILE-002", severity: .warning, category: .codec, rfc: "RFC 4588 §8",
        summary: "RTX, RED or ULPFEC offered, but the answerer answers one codec only: no retransmission or FEC")
    public static let profileSimulcastDropped = Rule(
        id: "PROFILE-003", severity: .warning, category: .simulcast, rfc: "RFC 8853 §5.3",
        summary: "Simulcast offered, but the answer has no a=simulcast or a=rid: the offerer sends a single stream")
    public static let profileExtensionsDropped = Rule(
        id: "PROFILE-004", severity: .info, category: .extmap, rfc: "RFC 8285 §6",
        summary: "The answer declines every RTP header extension (no transport-wide congestion control feedback, no mid/rid header extension)")
    public static let profileNoBundle = Rule(
        id: "PROFILE-005", severity: .warning, category: .bundle, rfc: "RFC 8843 §7.3",
        summary: "The offer has a BUNDLE group, but under its default bundle-policy the answerer answers without one: one transport per m-section")
    public static let profileBundleOnlyRejected = Rule(
        id: "PROFILE-006", severity: .error, category: .bundle, rfc: "RFC 8843 §6",
        summary: "A bundle-only media section is answered with port 0 (rejected) under the answerer's default bundle-policy")
    public static let profileRejectedSectionAnswered = Rule(
        id: "PROFILE-007", severity: .warning, category: .mline, rfc: "RFC 3264 §6",
        summary: "A section the offer rejects (port 0) is answered as an active section")
    public static let profileLegacyDataChannel = Rule(
        id: "PROFILE-008", severity: .info, category: .datachannel, rfc: "RFC 8841 §4.1",
        summary: "A legacy DTLS/SCTP + sctpmap data channel offer is accepted and answered in the RFC 8841 form")
    public static let profileNoDepayloader = Rule(
        id: "PROFILE-009", severity: .warning, category: .codec, rfc: nil,
        summary: "The answerer picks the first offered codec although no installed RTP depayloader handles it: nothing is decoded")
    public static let profileFingerprintNotVerified = Rule(
        id: "PROFILE-010", severity: .info, category: .dtls, rfc: "RFC 8122 §5",
        summary: "The answerer does not check the peer's DTLS certificate against a=fingerprint (a wrong fingerprint still connects)")
    public static let profileMaxMessageSizeDropped = Rule(
        id: "PROFILE-011", severity: .info, category: .datachannel, rfc: "RFC 8841 §6.1",
        summary: "The answer has no a=max-message-size: the offerer assumes 64 KiB messages")
}
