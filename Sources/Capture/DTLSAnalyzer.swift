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

    /// A handshake message being reassembled: its bytes and which ranges arrived.
    private struct Partial {
        var type: UInt8
        /// The message length announced by its fragments.
        var length: Int
        var bytes: [UInt8]
        var ranges: [Range<Int>] = []
        var done = false

        var isComplete: Bool {
            var covered = 0
            for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.lowerBound <= covered {
                covered = max(covered, range.upperBound)
            }
            return covered >= bytes.count
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
        var certificates: [DTLSCertificateRecord] = []
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

    private var sessions: [SessionKey: Session] = [:]
    private var order: [SessionKey] = []
    private let maximumMessage = 1 << 16
    private let maximumPending = 32

    mutating func add(_ payload: ArraySlice<UInt8>, frame: Int, source: Endpoint, destination: Endpoint) -> String {
        let key = SessionKey(source, destination)
        if sessions[key] == nil {
            sessions[key] = Session(firstFrame: frame)
            order.append(key)
        }
        guard var session = sessions[key] else { return "DTLS" }
        let (records, complete) = DTLSRecord.records(in: payload)
        var parts: [String] = []
        for record in records {
            switch record.contentType {
            case 22 where record.epoch == 0:
                for fragment in DTLSHandshakeFragment.fragments(in: record.fragment) ?? [] {
                    if let name = reassemble(fragment, in: &session, frame: frame, sender: source, receiver: destination) {
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
                            sender: Endpoint, receiver: Endpoint) -> String? {
        guard fragment.length <= maximumMessage else { return nil }
        let key = MessageKey(sender: sender, sequence: fragment.messageSequence)
        // A new ClientHello (after HelloVerifyRequest, or a retransmission) reuses sequence numbers: start over when the type changes.
        let fresh = Partial(type: fragment.messageType, length: fragment.length, bytes: [UInt8](repeating: 0, count: fragment.length))
        var partial = session.partial[key] ?? fresh
        if partial.type != fragment.messageType || partial.length != fragment.length { partial = fresh }
        if partial.done { return nil }  // retransmission of a message already complete
        if session.partial[key] == nil, session.partial.count >= maximumPending {
            session.partial = session.partial.filter { !$0.value.done }
            if session.partial.count >= maximumPending { return nil }
        }
        for (i, byte) in fragment.body.enumerated() { partial.bytes[fragment.fragmentOffset + i] = byte }
        partial.ranges.append(fragment.fragmentOffset ..< fragment.fragmentOffset + fragment.body.count)
        guard partial.isComplete else {
            session.partial[key] = partial
            return nil
        }
        partial.done = true
        partial.ranges = []
        let body = partial.bytes[...]
        partial.bytes = []
        session.partial[key] = partial
        let type = fragment.messageType
        session.handshake.append(DTLSHandshakeRecord(frame: frame, sender: sender.description, type: DTLSHandshakeType.name(type)))
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
                session.certificates.append(DTLSCertificateRecord(
                    frame: frame, sender: sender.description, certificateSha256: DTLSCertificateMessage.sha256Fingerprint(der),
                    index: index, derLength: der.count))
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

    func finish(file: String) -> (sessions: [DTLSSessionReport], findings: [Finding]) {
        var findings: [Finding] = []
        var reports: [DTLSSessionReport] = []
        for key in order {
            guard let s = sessions[key] else { continue }
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
                handshake: s.handshake, certificates: s.certificates, alerts: s.alerts, completed: completed,
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
        return (reports, findings)
    }
}

extension DTLSAlert {
    static func name(_ description: UInt8) -> String {
        DTLSAlert([2, description][...])?.descriptionName ?? "alert \(description)"
    }
}
