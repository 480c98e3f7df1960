import Diagnostics
import Wire

/// One DTLS association (an unordered pair of endpoints) as reported.
public struct DTLSSessionReport: Encodable, Sendable {
    /// The endpoint that sent the ClientHello (DTLS client, `a=setup:active` side).
    public let client: String?
    public let server: String?
    /// `DTLS 1.2`, or `DTLS 1.3` when negotiated (then certificates are encrypted).
    public let version: String?
    /// Cipher suites offered in the (last) ClientHello.
    public let offeredCipherSuites: [String]
    /// SRTP protection profiles offered in use_srtp.
    public let offeredSrtpProfiles: [String]
    /// The suite chosen in ServerHello.
    public let cipherSuite: String?
    /// The SRTP profile chosen in ServerHello's use_srtp.
    public let srtpProfile: String?
    /// Handshake messages in order: frame, sender, type.
    public let handshake: [DTLSHandshakeRecord]
    public let certificates: [DTLSCertificateRecord]
    public let alerts: [DTLSAlertRecord]
    /// Both sides sent ChangeCipherSpec (DTLS 1.2), or application data flowed (1.3).
    public let completed: Bool
    public let applicationDataRecords: Int
    public let firstFrame: Int
}

public struct DTLSHandshakeRecord: Encodable, Sendable {
    public let frame: Int
    public let sender: String
    public let type: String
}

public struct DTLSCertificateRecord: Encodable, Sendable {
    public let frame: Int
    public let sender: String
    /// Upper-case colon-separated SHA-256 of the DER, as in `a=fingerprint:sha-256`.
    public let certificateSha256: String
    /// Position in the chain (0 = the sender's own certificate).
    public let index: Int
    public let derLength: Int
    /// Subject, issuer, validity, key and signature algorithms; `nil` when the DER does not decode.
    public let x509: CertificateDetails?
    /// Why the DER does not decode as X.509 (then `x509` is `nil`).
    public let x509Error: String?
    /// The comparison with the sender's `a=fingerprint` (index 0 only); `nil` without `--sdp`.
    public let sdpVerdict: FingerprintVerdict?
}

public struct DTLSAlertRecord: Encodable, Sendable {
    public let frame: Int
    public let sender: String
    /// `warning`, `fatal`, or `encrypted` (epoch > 0: level and description are not visible).
    public let level: String
    public let description: String?
}

/// Follows DTLS handshakes per association: records, handshake messages reassembled across
/// fragments and records (RFC 6347 §4.2.3), certificates with their SHA-256 fingerprints,
/// alerts; and explains common failures.
struct DTLSAnalyzer {
    private struct SessionKey: Hashable {
        let a: Endpoint
        let b: Endpoint
        init(_ x: Endpoint, _ y: Endpoint) {
            if x.description < y.description { (a, b) = (x, y) } else { (a, b) = (y, x) }
        }
    }

    private struct MessageKey: Hashable {
        let sender: Endpoint
        let sequence: UInt16
    }

    /// A handshake message being reassembled: its bytes and which of them arrived.
    private struct Partial {
        var type: UInt8
        /// The message length announced by its fragments.
        var length: Int
        var bytes: [UInt8]
        /// One bit per byte received, and the count still missing: each fragment costs its own
        /// length, however many (overlapping, repeated) fragments came before.
        var received: [UInt64]
        var missing: Int
        var done = false

        init(type: UInt8, length: Int) {
            self.type = type
            self.length = length
            self.bytes = [UInt8](repeating: 0, count: length)
            self.received = [UInt64](repeating: 0, count: (length + 63) / 64)
            self.missing = length
        }

        var isComplete: Bool { missing == 0 }

        /// Copies a fragment's body in at `offset` (the caller checked it fits).
        mutating func fill(_ body: ArraySlice<UInt8>, at offset: Int) {
            for (i, byte) in zip(offset..., body) {
                bytes[i] = byte
                let bit = UInt64(1) << UInt64(i & 63)
                if received[i >> 6] & bit == 0 {
                    received[i >> 6] |= bit
                    missing -= 1
                }
            }
        }
    }

    private struct Session {
        var client: Endpoint?
        var server: Endpoint?
        var clientHello: DTLSClientHello?
        /// Endpoints that sent a ClientHello: two means both sides act as DTLS client.
        var clientHelloSenders: [Endpoint] = []
        var serverHello: DTLSServerHello?
        var handshake: [DTLSHandshakeRecord] = []
        var certificates: [SentCertificate] = []
        var alerts: [DTLSAlertRecord] = []
        var changeCipherSpec: Set<Endpoint> = []
        var applicationData = 0
        var unifiedHeader = false
        var partial: [MessageKey: Partial] = [:]
        var firstFrame: Int
        var clientHelloFrame = 0
        var fatalAlertFrame: Int?
        var fatalAlertDescription: UInt8?
    }

    /// A certificate as it arrived; decoded and compared with the signalling at the end.
    private struct SentCertificate {
        let frame: Int
        let sender: Endpoint
        let index: Int
        let der: [UInt8]
    }

    /// Where reassembly gave up, for the DTLS-008 finding: how often and the first frame.
    private struct BoundHits {
        var count = 0
        var firstFrame = 0
        var reasons: [String] = []

        mutating func hit(_ frame: Int, _ reason: String) {
            if count == 0 { firstFrame = frame }
            count += 1
            if !reasons.contains(reason) { reasons.append(reason) }
        }
    }

    private var sessions: [SessionKey: Session] = [:]
    private var order: [SessionKey] = []
    private var bounds = BoundHits()
    private let fingerprints: [SignalledFacts.Fingerprint]
    /// Largest handshake message reassembled (a certificate chain of a few KB is typical).
    static let maximumMessage = 1 << 16
    /// Messages being reassembled at once per association.
    static let maximumPending = 32
    /// Handshake messages and certificates kept per association (retransmissions of a stuck
    /// handshake would otherwise grow without end).
    static let maximumMessages = 256
    static let maximumCertificates = 16
    /// Associations followed per capture.
    static let maximumSessions = 4096

    init(fingerprints: [SignalledFacts.Fingerprint] = []) {
        self.fingerprints = fingerprints
    }

    mutating func add(_ payload: ArraySlice<UInt8>, frame: Int, source: Endpoint, destination: Endpoint) -> String {
        let key = SessionKey(source, destination)
        if sessions[key] == nil {
            guard sessions.count < Self.maximumSessions else {
                bounds.hit(frame, "more than \(Self.maximumSessions) associations")
                return "DTLS (not followed: association bound)"
            }
            sessions[key] = Session(firstFrame: frame)
            order.append(key)
        }
        // Taken out while it changes (put back below), so that filling a message in does not copy it.
        guard var session = sessions.removeValue(forKey: key) else { return "DTLS" }
        let (records, complete) = DTLSRecord.records(in: payload)
        var parts: [String] = []
        for record in records {
            switch record.contentType {
            case 22 where record.epoch == 0:
                for fragment in DTLSHandshakeFragment.fragments(in: record.fragment) ?? [] {
                    if let name = reassemble(fragment, in: &session, frame: frame, sender: source, receiver: destination, bounds: &bounds) {
                        parts.append(name)
                    }
                }
            case 22:
                parts.append("Encrypted Handshake")
            case 20:
                session.changeCipherSpec.insert(source)
                parts.append("ChangeCipherSpec")
            case 21:
                if record.epoch == 0, let alert = DTLSAlert(record.fragment) {
                    session.alerts.append(DTLSAlertRecord(frame: frame, sender: source.description,
                                                          level: alert.isFatal ? "fatal" : "warning",
                                                          description: alert.descriptionName))
                    if alert.isFatal, session.fatalAlertFrame == nil {
                        session.fatalAlertFrame = frame
                        session.fatalAlertDescription = alert.description
                    }
                    parts.append("Alert \(alert.isFatal ? "fatal" : "warning") \(alert.descriptionName)")
                } else {
                    session.alerts.append(DTLSAlertRecord(frame: frame, sender: source.description, level: "encrypted", description: nil))
                    parts.append("Encrypted Alert")
                }
            case 23:
                session.applicationData += 1
                parts.append("Application Data")
            case nil:
                session.unifiedHeader = true
                session.applicationData += 1
                parts.append("DTLS 1.3 ciphertext")
            default:
                parts.append(record.contentTypeName)
            }
        }
        if !complete { parts.append("(malformed record)") }
        sessions[key] = session
        return "DTLS " + parts.joined(separator: ", ")
    }

    /// Adds one fragment; returns the message name when it completes.
    private func reassemble(_ fragment: DTLSHandshakeFragment, in session: inout Session, frame: Int,
                            sender: Endpoint, receiver: Endpoint, bounds: inout BoundHits) -> String? {
        guard fragment.length <= Self.maximumMessage else {
            bounds.hit(frame, "a \(DTLSHandshakeType.name(fragment.messageType)) of \(fragment.length) bytes exceeds \(Self.maximumMessage)")
            return nil
        }
        guard fragment.fragmentOffset + fragment.body.count <= fragment.length else { return nil }
        let key = MessageKey(sender: sender, sequence: fragment.messageSequence)
        // A new ClientHello (after HelloVerifyRequest, or a retransmission) reuses sequence numbers: start over when the type changes.
        let known = session.partial[key] != nil
        var partial = session.partial.removeValue(forKey: key) ?? Partial(type: fragment.messageType, length: fragment.length)
        if partial.type != fragment.messageType || partial.length != fragment.length {
            partial = Partial(type: fragment.messageType, length: fragment.length)
        }
        if partial.done {  // retransmission of a message already complete
            session.partial[key] = partial
            return nil
        }
        if !known, session.partial.count >= Self.maximumPending {
            session.partial = session.partial.filter { !$0.value.done }
            if session.partial.count >= Self.maximumPending {
                bounds.hit(frame, "more than \(Self.maximumPending) messages pending reassembly")
                return nil
            }
        }
        partial.fill(fragment.body, at: fragment.fragmentOffset)
        guard partial.isComplete else {
            session.partial[key] = partial
            return nil
        }
        partial.done = true
        partial.received = []
        let body = partial.bytes[...]
        partial.bytes = []
        session.partial[key] = partial
        let type = fragment.messageType
        if session.handshake.count < Self.maximumMessages {
            session.handshake.append(DTLSHandshakeRecord(frame: frame, sender: sender.description, type: DTLSHandshakeType.name(type)))
        } else {
            bounds.hit(frame, "more than \(Self.maximumMessages) handshake messages in one association")
        }
        switch type {
        case 1:
            if !session.clientHelloSenders.contains(sender) { session.clientHelloSenders.append(sender) }
            session.client = sender
            session.server = receiver
            session.clientHello = DTLSClientHello(body)
            if session.clientHelloFrame == 0 { session.clientHelloFrame = frame }
        case 2:
            session.serverHello = DTLSServerHello(body)
            session.server = sender
            session.client = receiver
        case 11:
            for (index, der) in (DTLSCertificateMessage.certificates(body) ?? []).enumerated() {
                guard session.certificates.count < Self.maximumCertificates else {
                    bounds.hit(frame, "more than \(Self.maximumCertificates) certificates in one association")
                    break
                }
                session.certificates.append(SentCertificate(frame: frame, sender: sender, index: index, der: Array(der)))
            }
        default:
            break
        }
        return DTLSHandshakeType.name(type)
    }

    /// The SRTP profile negotiated between two endpoints, if their handshake was seen.
    func srtpProfile(between x: Endpoint, and y: Endpoint) -> UInt16? {
        sessions[SessionKey(x, y)]?.serverHello?.srtpProfile
    }

    /// Builds the reports. `agents` maps an endpoint (`address:port`) to the ICE ufrag of the
    /// agent that sent checks from it, so that a certificate is compared with its sender's own
    /// `a=fingerprint`.
    func finish(file: String, agents: [String: String] = [:]) -> (sessions: [DTLSSessionReport], findings: [Finding]) {
        var findings: [Finding] = []
        var reports: [DTLSSessionReport] = []
        // Signalled fingerprints that some certificate of the capture matches: a mismatch is
        // blamed on a line no other certificate accounts for.
        let own = order.flatMap { sessions[$0]?.certificates.filter { $0.index == 0 } ?? [] }
        let matched = fingerprints.filter { f in own.contains { SignalledFacts.matches($0.der[...], f) } }
        var facts = SignalledFacts()
        facts.fingerprints = fingerprints
        // Lines already blamed for another sender's certificate, so that two unknown senders are
        // compared with two different lines when there are two.
        var blamed: [Endpoint: SignalledFacts.Fingerprint] = [:]
        for key in order {
            guard let s = sessions[key] else { continue }
            var certificates: [DTLSCertificateRecord] = []
            for c in s.certificates {
                let decoded = CertificateDetails.decode(c.der[...])
                var verdict: FingerprintVerdict?
                if c.index == 0, let result = facts.verdict(
                    forCertificate: c.der[...], agentUfrag: agents[c.sender.description],
                    matchedElsewhere: { f in matched.contains(f) || blamed.contains { $0.key != c.sender && $0.value == f } }) {
                    let (v, line) = result
                    if !v.matches, blamed[c.sender] == nil { blamed[c.sender] = line }
                    verdict = v
                    if !v.matches {
                        let actual = CertificateDigest.fingerprint(c.der[...], hashFunction: line.hashFunction)
                            ?? DTLSCertificateMessage.sha256Fingerprint(c.der)
                        findings.append(Rule.dtlsFingerprintMismatch.finding(
                            "certificate sent by \(c.sender) has \(line.hashFunction) \(actual), but \(line.file):\(line.line) announces \(line.digest)",
                            hint: "the peer presents a different certificate than its SDP announced (another session's SDP, a regenerated certificate, or a middlebox): the DTLS handshake must be rejected",
                            at: [.frame(file: file, frame: c.frame), line.location]))
                    }
                }
                if case .failure(let failure) = decoded {
                    findings.append(Rule.dtlsCertificateUndecodable.finding(
                        "certificate \(c.index) sent by \(c.sender) (\(c.der.count) bytes) does not decode as X.509: \(failure.reason)",
                        at: [.frame(file: file, frame: c.frame)]))
                }
                certificates.append(DTLSCertificateRecord(
                    frame: c.frame, sender: c.sender.description,
                    certificateSha256: DTLSCertificateMessage.sha256Fingerprint(c.der),
                    index: c.index, derLength: c.der.count,
                    x509: try? decoded.get(), x509Error: { if case .failure(let f) = decoded { f.reason } else { nil } }(),
                    sdpVerdict: verdict))
            }
            let selected = s.serverHello?.selectedVersion
            let version: String? = if s.unifiedHeader || selected == 0xFEFC { "DTLS 1.3" }
                else if let v = s.serverHello?.version { DTLSNames.version(v) } else { nil }
            let completed: Bool = if version == "DTLS 1.3" { s.applicationData > 0 }
                else { s.client.map { s.changeCipherSpec.contains($0) } == true && s.server.map { s.changeCipherSpec.contains($0) } == true }
            let report = DTLSSessionReport(
                client: s.client?.description, server: s.server?.description, version: version,
                offeredCipherSuites: s.clientHello?.cipherSuites.map(DTLSNames.cipherSuite) ?? [],
                offeredSrtpProfiles: s.clientHello?.srtpProfiles.map(DTLSNames.srtpProfile) ?? [],
                cipherSuite: s.serverHello.map { DTLSNames.cipherSuite($0.cipherSuite) },
                srtpProfile: s.serverHello?.srtpProfile.map(DTLSNames.srtpProfile),
                handshake: s.handshake, certificates: certificates, alerts: s.alerts, completed: completed,
                applicationDataRecords: s.applicationData, firstFrame: s.firstFrame)
            reports.append(report)
            let name = "DTLS \(s.client?.description ?? "?") → \(s.server?.description ?? "?")"
            if let frame = s.fatalAlertFrame, let description = s.fatalAlertDescription {
                var message = "\(name): fatal alert \(DTLSAlert.name(description))"
                var hint: String?
                if s.clientHelloSenders.count > 1 {
                    hint = "both endpoints sent a ClientHello: both act as DTLS client (a=setup:active on both sides); one must be passive (RFC 8842 §5.1)"
                } else if description == 40, s.serverHello == nil, let hello = s.clientHello {
                    message += " right after the ClientHello"
                    let types = Set(hello.cipherSuites.compactMap(DTLSNames.certificateKeyType(forSuite:)))
                    if types.count == 1, let only = types.first {
                        hint = "the ClientHello offered only \(only) suites: the server's certificate is probably of another key type (\(only == "ECDSA" ? "RSA" : "ECDSA"))"
                    } else if !hello.srtpProfiles.isEmpty {
                        hint = "no common cipher suite or SRTP profile: offered \(hello.srtpProfiles.map(DTLSNames.srtpProfile).joined(separator: ", "))"
                    }
                }
                findings.append(Rule.dtlsFatalAlert.finding(message, hint: hint, at: [.frame(file: file, frame: frame)]))
            }
            if s.clientHelloSenders.count > 1 {
                findings.append(Rule.dtlsBothClients.finding(
                    "\(s.clientHelloSenders.map(\.description).joined(separator: " and ")) both sent a ClientHello: both act as DTLS client",
                    hint: "the SDPs gave both sides a=setup:active (or the answerer answered actpass); one side must be passive",
                    at: [.frame(file: file, frame: s.clientHelloFrame)]))
            } else if let hello = s.clientHello, s.serverHello == nil, s.fatalAlertFrame == nil, s.applicationData == 0 {
                findings.append(Rule.dtlsNoServerHello.finding(
                    "\(name): ClientHello sent but no ServerHello came back",
                    hint: "both sides may be DTLS clients (a=setup:active on both), or the server never received it; offered \(hello.cipherSuites.count) suites",
                    at: [.frame(file: file, frame: s.clientHelloFrame)]))
            }
            if let hello = s.clientHello, !hello.srtpProfiles.isEmpty, let server = s.serverHello, server.srtpProfile == nil {
                findings.append(Rule.dtlsNoSRTPProfile.finding(
                    "\(name): the ServerHello has no use_srtp: no SRTP profile in common with \(hello.srtpProfiles.map(DTLSNames.srtpProfile).joined(separator: ", "))",
                    at: [.frame(file: file, frame: s.handshake.first { $0.type == "ServerHello" }?.frame ?? s.firstFrame)]))
            }
            if version == "DTLS 1.3" {
                findings.append(Rule.dtlsVersion13.finding(
                    "\(name) negotiated DTLS 1.3: the certificates are encrypted and cannot be compared with a=fingerprint",
                    at: [.frame(file: file, frame: s.firstFrame)]))
            }
        }
        if bounds.count > 0 {
            findings.append(Rule.dtlsReassemblyBound.finding(
                "DTLS reassembly skipped \(bounds.count) message(s), the first at frame \(bounds.firstFrame): " + bounds.reasons.joined(separator: "; "),
                at: [.frame(file: file, frame: bounds.firstFrame)]))
        }
        return (reports, findings)
    }
}

extension DTLSAlert {
    static func name(_ description: UInt8) -> String {
        DTLSAlert([2, description][...])?.descriptionName ?? "alert \(description)"
    }
}
