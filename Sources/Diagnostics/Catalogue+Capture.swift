extension Rule {
    /// Rules checked by `rtpdump` on capture files: the file itself (CAP), RTP/RTCP media
    /// (RTP), ICE connectivity checks (STUN) and the DTLS handshake (DTLS).
    public static let captureRules: [Rule] = [
        captureTruncated, captureSnapLength, captureUnsupportedLinkType, captureNoPackets,
        captureIncompleteFragments, captureUndecodable,
        rtpLoss, rtpSequenceErrors, rtpUnknownClockRate, rtpDuplicates,
        stunFingerprintMismatch, stunIntegrityMismatch, stunNoSuccessfulCheck, stunUnansweredRequest,
        stunErrorResponse, stunNoPassword,
        dtlsFatalAlert, dtlsNoServerHello, dtlsNoSRTPProfile, dtlsVersion13, dtlsBothClients,
    ]

    // MARK: Capture file

    public static let captureTruncated = Rule(
        id: "CAP-001", severity: .error, category: .syntax, rfc: nil,
        summary: "The capture file ends inside a packet or block: everything after the cut is lost")
    public static let captureSnapLength = Rule(
        id: "CAP-002", severity: .warning, category: .syntax, rfc: nil,
        summary: "Frames were cut by the capture's snap length: their payloads cannot be fully decoded")
    public static let captureUnsupportedLinkType = Rule(
        id: "CAP-003", severity: .error, category: .syntax, rfc: nil,
        summary: "An interface has a link-layer type rtpdump does not decode; its packets are skipped")
    public static let captureNoPackets = Rule(
        id: "CAP-004", severity: .warning, category: .syntax, rfc: nil,
        summary: "The capture holds no packets (or none pass the filter)")
    public static let captureIncompleteFragments = Rule(
        id: "CAP-005", severity: .warning, category: .transport, rfc: "RFC 791 §3.2",
        summary: "IP fragments whose datagram was never completed (or exceeded the reassembly bound)")
    public static let captureUndecodable = Rule(
        id: "CAP-006", severity: .warning, category: .syntax, rfc: nil,
        summary: "A frame's link, IP or UDP header is malformed and the frame is skipped")

    // MARK: RTP / RTCP

    public static let rtpLoss = Rule(
        id: "RTP-001", severity: .warning, category: .media, rfc: "RFC 3550 A.3",
        summary: "An RTP stream lost packets (expected − received > 0)")
    public static let rtpSequenceErrors = Rule(
        id: "RTP-002", severity: .info, category: .media, rfc: "RFC 3550 A.1",
        summary: "An RTP stream has sequence errors: gaps, late or reordered packets")
    public static let rtpUnknownClockRate = Rule(
        id: "RTP-003", severity: .info, category: .codec, rfc: "RFC 3551 §6",
        summary: "A dynamic payload type has no known clock rate: jitter cannot be computed (give --clock-rate PT=HZ)")
    public static let rtpDuplicates = Rule(
        id: "RTP-004", severity: .info, category: .media, rfc: "RFC 3550 A.3",
        summary: "An RTP stream carries duplicate packets (same sequence number twice)")

    // MARK: STUN / ICE

    public static let stunFingerprintMismatch = Rule(
        id: "STUN-001", severity: .error, category: .ice, rfc: "RFC 8489 §14.7",
        summary: "A STUN message's FINGERPRINT does not match its CRC-32: the message was altered or mis-built")
    public static let stunIntegrityMismatch = Rule(
        id: "STUN-002", severity: .error, category: .ice, rfc: "RFC 8489 §14.5",
        summary: "MESSAGE-INTEGRITY does not verify with the ICE password given for the receiving agent")
    public static let stunNoSuccessfulCheck = Rule(
        id: "STUN-003", severity: .error, category: .ice, rfc: "RFC 8445 §7.2.5",
        summary: "ICE connectivity checks were sent but none succeeded")
    public static let stunUnansweredRequest = Rule(
        id: "STUN-004", severity: .warning, category: .ice, rfc: "RFC 8445 §14.3",
        summary: "STUN binding requests on a candidate pair were never answered")
    public static let stunErrorResponse = Rule(
        id: "STUN-005", severity: .warning, category: .ice, rfc: "RFC 8489 §14.8",
        summary: "A STUN error response (for example 401 Unauthorized or 487 Role Conflict)")
    public static let stunNoPassword = Rule(
        id: "STUN-006", severity: .info, category: .ice, rfc: "RFC 8489 §14.5",
        summary: "MESSAGE-INTEGRITY present but no password known for its username: not verified (give --ice-pwd UFRAG=PWD)")

    // MARK: DTLS

    public static let dtlsFatalAlert = Rule(
        id: "DTLS-001", severity: .error, category: .dtls, rfc: "RFC 5246 §7.2",
        summary: "A fatal DTLS alert ended the handshake or the association")
    public static let dtlsNoServerHello = Rule(
        id: "DTLS-002", severity: .error, category: .dtls, rfc: "RFC 5763 §5",
        summary: "A ClientHello got no ServerHello: no DTLS server answered (both sides active, or blocked)")
    public static let dtlsNoSRTPProfile = Rule(
        id: "DTLS-003", severity: .error, category: .dtls, rfc: "RFC 5764 §4.1.1",
        summary: "The ServerHello carries no use_srtp: no SRTP protection profile in common, so no keys for media")
    public static let dtlsVersion13 = Rule(
        id: "DTLS-004", severity: .info, category: .dtls, rfc: "RFC 9147",
        summary: "DTLS 1.3 was negotiated: certificates are encrypted and their fingerprints cannot be checked from the capture")
    public static let dtlsBothClients = Rule(
        id: "DTLS-005", severity: .error, category: .dtls, rfc: "RFC 8842 §5.1",
        summary: "Both endpoints sent a ClientHello: both act as DTLS client and the handshake cannot complete")
}

// MARK: rtpdump: signalling correlation (--sdp), certificates, resource bounds

extension Rule {
    /// Capture rules that compare the wire with the signalling (`rtpdump --sdp`) and report
    /// the certificate decoder's and the handshake reassembler's limits.
    public static let captureSignallingRules: [Rule] = [
        dtlsFingerprintMismatch, dtlsCertificateUndecodable, dtlsReassemblyBound,
    ]

    public static let dtlsFingerprintMismatch = Rule(
        id: "DTLS-006", severity: .error, category: .dtls, rfc: "RFC 8122 §5",
        summary: "The certificate sent in the DTLS handshake does not match the a=fingerprint its sender signalled")
    public static let dtlsCertificateUndecodable = Rule(
        id: "DTLS-007", severity: .warning, category: .dtls, rfc: "RFC 5280 §4.1",
        summary: "A certificate sent in the DTLS handshake does not decode as X.509: its details are not shown")
    public static let dtlsReassemblyBound = Rule(
        id: "DTLS-008", severity: .warning, category: .dtls, rfc: "RFC 6347 §4.2.3",
        summary: "DTLS handshake reassembly hit its bound (message size, pending messages or messages per association): the rest was not decoded")
}

// MARK: rtpdump: TCP streams (RFC 4571, TURN over TCP) and TURN channels

extension Rule {
    /// Capture rules of TCP reassembly, stream framing and TURN ChannelData.
    public static let captureStreamRules: [Rule] = [
        captureTCPReassemblyBound, captureTCPGap, captureMalformedStreamFrame, captureTCPUntracked,
        turnUnboundChannel, turnMalformedChannelData, turnAllocationFailed, turnPermissionRefused,
    ]

    public static let captureTCPReassemblyBound = Rule(
        id: "CAP-010", severity: .warning, category: .transport, rfc: "RFC 9293 §3.10.7.4",
        summary: "TCP reassembly hit its bound (out-of-order data held per connection or in total): the missing bytes were given up")
    public static let captureTCPGap = Rule(
        id: "CAP-011", severity: .warning, category: .transport, rfc: "RFC 9293 §3.4",
        summary: "A TCP stream has a gap (segments missing from the capture): the frames it carried are lost")
    public static let captureMalformedStreamFrame = Rule(
        id: "CAP-012", severity: .warning, category: .syntax, rfc: "RFC 4571 §2",
        summary: "Bytes of a TCP stream do not form an RFC 4571 or TURN frame: decoding resumed at a later segment boundary")
    public static let captureTCPUntracked = Rule(
        id: "CAP-013", severity: .warning, category: .transport, rfc: nil,
        summary: "More TCP directions than the reassembly tracks at once: segments of the extra ones were not decoded")
    public static let turnUnboundChannel = Rule(
        id: "TURN-001", severity: .warning, category: .ice, rfc: "RFC 8656 §12",
        summary: "ChannelData on a channel with no ChannelBind in the capture: its payload is attributed to the outer 5-tuple")
    public static let turnMalformedChannelData = Rule(
        id: "TURN-002", severity: .warning, category: .syntax, rfc: "RFC 8656 §12.4",
        summary: "A TURN ChannelData message is shorter than its length field")
    public static let turnAllocationFailed = Rule(
        id: "TURN-003", severity: .error, category: .ice, rfc: "RFC 8656 §7.2",
        summary: "A TURN Allocate never succeeded (no response, wrong credentials, quota or capacity): no relayed candidate")
    public static let turnPermissionRefused = Rule(
        id: "TURN-004", severity: .error, category: .ice, rfc: "RFC 8656 §9",
        summary: "The TURN server refused a CreatePermission or ChannelBind (e.g. 403 Forbidden peer): nothing is relayed to that peer")
}

// MARK: rtpdump: bounds on what one capture tracks

extension Rule {
    /// Capture rules for the bounds on flows and RTP streams tracked per capture.
    public static let captureBoundRules: [Rule] = [captureFlowBound, captureStreamBound, captureRecordBound]

    public static let captureFlowBound = Rule(
        id: "CAP-020", severity: .warning, category: .transport, rfc: nil,
        summary: "More 5-tuple directions than rtpdump tracks per capture (100,000): packets of the further flows were counted but not analysed")
    public static let captureStreamBound = Rule(
        id: "CAP-021", severity: .warning, category: .media, rfc: "RFC 3550 §8",
        summary: "More RTP streams (5-tuple + SSRC) than rtpdump tracks per capture (10,000): packets of the further streams were counted in their flow but got no statistics")
    public static let captureRecordBound = Rule(
        id: "CAP-022", severity: .info, category: .syntax, rfc: nil,
        summary: "More RTCP, STUN or per-packet records than a report keeps (100,000 of each): the further ones are counted in the statistics but not listed")
}
