import Diagnostics

/// Turns an outcome into findings in the shared shape, so `rtcloop --format json` and reports read
/// like every other tool's output.
enum LoopbackFindings {
    static func findings(for outcome: Outcome, injections: [Injection]) -> [Finding] {
        let at: [Location] = injections.map { .file($0.description.source) }
        let offerInjected = injections.contains { $0.type == .offer }
        let answerInjected = injections.contains { $0.type == .answer }
        switch outcome {
        case .connected:
            return []
        case .rejectedOffer(let message):
            return [Rule.loopbackOfferRejected.finding(
                "webrtcbin rejected \(offerInjected ? "the injected offer" : "the offer"): \(message)",
                hint: "fix the attribute named in the message; sdpcheck lint locates it", at: at)]
        case .rejectedAnswer(let message):
            return [Rule.loopbackAnswerRejected.finding(
                "webrtcbin rejected \(answerInjected ? "the injected answer" : "the answer"): \(message)",
                hint: "the answer must match the offer's m-lines and carry ICE credentials and a fingerprint", at: at)]
        case .iceFailed(let peer):
            return [Rule.loopbackICEFailed.finding(
                "ICE connectivity checks failed at the \(peer)",
                hint: "check a=ice-ufrag/a=ice-pwd: each side must use the credentials the other side sent", at: at)]
        case .dtlsFailed(let peer, let message):
            return [Rule.loopbackDTLSFailed.finding(
                "DTLS handshake failed at the \(peer): \(message)",
                hint: "exactly one side must be DTLS client: answer an actpass offer with a=setup:active or passive, never the same role as the offer", at: at)]
        case .noMedia(let streams):
            return [Rule.loopbackMediaNotDecoded.finding(
                "never decoded: \(streams.joined(separator: ", "))",
                hint: "offer a codec both sides can decode (VP8, H264, Opus) with matching payload types", at: at)]
        case .timeout(let reached, let missing):
            let text = "deadline passed at \(reached); missing: \(missing.joined(separator: ", "))"
            if missing.contains("ICE") || missing.contains("ICE candidates") {
                return [Rule.loopbackICEIncomplete.finding(text, hint: "were candidates exchanged? ICE needs at least one candidate pair", at: at)]
            }
            if missing.contains("DTLS") {
                return [Rule.loopbackDTLSIncomplete.finding(
                    text, hint: "if both sides say a=setup:passive nobody starts the handshake; one side must be active", at: at)]
            }
            if missing.contains(where: { $0.hasPrefix("decoded frames") }) {
                return [Rule.loopbackMediaNotDecoded.finding(text, at: at)]
            }
            return [Rule.loopbackDataChannelIncomplete.finding(
                text, hint: "check the m=application section (a=sctp-port, UDP/DTLS/SCTP webrtc-datachannel)", at: at)]
        case .crashed(let message):
            return [Rule.loopbackEngineFailure.finding(message, hint: "run scripts/setup to install the GStreamer plugins", at: at)]
        }
    }

    /// One finding per certificate that webrtcbin accepted although it does not match the announced fingerprint.
    static func findings(for mismatches: [FingerprintMismatch], injections: [Injection]) -> [Finding] {
        mismatches.map { mismatch in
            // The description the peer received came from the other side: that is the file to fix.
            let source = injections.first { $0.receivingPeer == mismatch.peer }
            return Rule.loopbackFingerprintMismatch.finding(
                "the \(mismatch.peer.other)'s certificate has \(mismatch.algorithm) \(mismatch.actual), but its description announced \(mismatch.announced); webrtcbin 1.22 connected anyway, a browser would fail the handshake",
                hint: "announce the fingerprint of the certificate actually used (RFC 8122 §5)",
                at: source.map { [.file($0.description.source)] } ?? [])
        }
    }
}
