import Diagnostics
import Wire

/// A STUN message as reported (one per datagram).
public struct STUNRecord: Encodable, Sendable {
    public let frame: Int
    /// Seconds from the capture's first frame.
    public let time: Double
    public let source: String
    public let destination: String
    /// request, indication, success, error.
    public let `class`: String
    /// Binding, Allocate, …
    public let method: String
    /// 24 lower-case hex digits.
    public let transactionId: String
    /// Attributes in wire order: name and decoded value (hex for opaque ones).
    public let attributes: [STUNAttributeRecord]
    public let username: String?
    /// FINGERPRINT check: `true`/`false`, absent when the message has none.
    public let fingerprintValid: Bool?
    /// MESSAGE-INTEGRITY check: `valid`, `invalid`, `unverified` (no password known), absent without the attribute.
    public let integrity: String?
    /// For responses: ms since the matching request (its last transmission).
    public let rttMs: Double?
}

public struct STUNAttributeRecord: Encodable, Sendable {
    public let name: String
    public let value: String
}

/// One row of the ICE check table: the checks one agent sent on one candidate pair.
public struct ICEPairReport: Encodable, Sendable {
    /// The checking agent's address (the request's source).
    public let local: String
    /// The peer's address (the request's destination).
    public let remote: String
    /// USERNAME of the checks: `remoteUfrag:localUfrag`.
    public let username: String?
    /// Binding requests sent, retransmissions included.
    public let requests: Int
    /// Distinct transactions.
    public let transactions: Int
    public let successes: Int
    public let errors: Int
    /// Error codes seen, e.g. [487].
    public let errorCodes: [Int]
    /// A successful check carried USE-CANDIDATE.
    public let nominated: Bool
    /// `controlling`, `controlled` or `unknown` (from ICE-CONTROLLING / ICE-CONTROLLED).
    public let role: String
    public let minRttMs: Double?
    public let meanRttMs: Double?
    public let maxRttMs: Double?
    public let firstFrame: Int
}

/// Pairs STUN requests with responses, verifies FINGERPRINT and MESSAGE-INTEGRITY, and
/// builds the ICE check table (RFC 8445 §7.2).
struct ICEAnalyzer {
    private var passwords: [String: String]
    private var records: [STUNRecord] = []
    private var outstanding: [String: Request] = [:]
    private var pairs: [PairKey: Pair] = [:]
    private var pairOrder: [PairKey] = []
    private var findings: [Finding] = []
    private var fingerprintFailures = 0
    private var integrityFailures = 0
    private var unknownUfrags: Set<String> = []
    private let recordLimit: Int
    /// STUN records not kept past `recordLimit`: how many and the first frame.
    private var unlisted = (count: 0, first: 0)
    private var file = ""

    private struct Request {
        /// The candidate pair of a Binding request (an ICE check); nil for TURN's requests
        /// (Allocate, Refresh, CreatePermission, ChannelBind), which the TURN analysis follows.
        let pair: PairKey?
        /// The ufrag whose password keys the request and its response (USERNAME's first part).
        let recipientUfrag: String?
        var lastTime: Double
        var answered = false
    }

    private struct PairKey: Hashable {
        let local: Endpoint
        let remote: Endpoint
    }

    private struct Pair {
        var username: String?
        var requests = 0
        var transactions: Set<String> = []
        var successes = 0
        var errors = 0
        var errorCodes: [Int] = []
        var nominated = false
        var useCandidateSent = false
        var role = "unknown"
        var rtts: [Double] = []
        var firstFrame: Int
    }

    init(passwords: [String: String] = [:], recordLimit: Int = 100_000) {
        self.passwords = passwords
        self.recordLimit = recordLimit
    }

    /// Decodes one STUN datagram; returns a one-line summary for `--packets`.
    mutating func add(_ payload: ArraySlice<UInt8>, frame: Int, time: Double, source: Endpoint, destination: Endpoint,
                      file: String) -> String {
        self.file = file
        guard let message = STUNMessage(payload) else { return "STUN (malformed)" }
        let tid = message.transactionIDHex
        var rtt: Double?
        var recipientUfrag: String?
        let location = Location.frame(file: file, frame: frame)

        switch message.messageClass {
        case .request:
            let username = message.username
            recipientUfrag = username.flatMap { $0.split(separator: ":", maxSplits: 1).first.map(String.init) }
            guard message.method == STUNMessage.bindingMethod else {
                // A TURN request: answered with RTT, but not a connectivity check (RFC 8656 §3).
                if var request = outstanding[tid] {
                    request.lastTime = time
                    outstanding[tid] = request
                } else {
                    outstanding[tid] = Request(pair: nil, recipientUfrag: nil, lastTime: time)
                }
                recipientUfrag = nil
                break
            }
            let key = PairKey(local: source, remote: destination)
            if pairs[key] == nil {
                pairs[key] = Pair(firstFrame: frame)
                pairOrder.append(key)
            }
            pairs[key]?.requests += 1
            pairs[key]?.transactions.insert(tid)
            if let username { pairs[key]?.username = username }
            if message.iceControlling != nil { pairs[key]?.role = "controlling" }
            if message.iceControlled != nil { pairs[key]?.role = "controlled" }
            if message.useCandidate { pairs[key]?.useCandidateSent = true }
            if var request = outstanding[tid] {
                request.lastTime = time
                outstanding[tid] = request
            } else {
                outstanding[tid] = Request(pair: key, recipientUfrag: recipientUfrag, lastTime: time)
            }
        case .success, .error:
            if var request = outstanding[tid] {
                rtt = time - request.lastTime
                recipientUfrag = request.recipientUfrag
                let wasAnswered = request.answered
                request.answered = true
                outstanding[tid] = request
                if !wasAnswered, let key = request.pair, var pair = pairs[key] {
                    if message.messageClass == .success {
                        pair.successes += 1
                        if let rtt { pair.rtts.append(rtt) }
                        if pair.useCandidateSent { pair.nominated = true }
                    } else {
                        pair.errors += 1
                        if let code = message.errorCode?.code, !pair.errorCodes.contains(code) { pair.errorCodes.append(code) }
                    }
                    pairs[key] = pair
                }
            }
            // TURN's error responses (the 401 challenge that starts every allocation, a refused
            // permission) are explained by the TURN rules, not as failed checks.
            if message.messageClass == .error, message.method == STUNMessage.bindingMethod, let error = message.errorCode {
                findings.append(Rule.stunErrorResponse.finding(
                    "\(message.methodName) error response \(error.code) \(error.reason) from \(source) to \(destination)",
                    hint: error.code == 487 ? "both agents claim the same ICE role; the tie-breakers decide (RFC 8445 §7.3.1.1)"
                        : error.code == 401 ? "the USERNAME or MESSAGE-INTEGRITY did not match the responder's credentials: check ice-ufrag/ice-pwd"
                        : nil,
                    at: [location]))
            }
        case .indication:
            break
        }

        let fingerprint = message.fingerprintMatches
        if fingerprint == false {
            fingerprintFailures += 1
            if fingerprintFailures <= 10 {
                findings.append(Rule.stunFingerprintMismatch.finding(
                    "FINGERPRINT of \(message.methodName) \(message.messageClass.rawValue) \(tid) does not match its CRC-32",
                    at: [location]))
            }
        }
        var integrity: String?
        if message.attribute(.messageIntegrity) != nil || message.attribute(.messageIntegritySHA256) != nil {
            if let ufrag = recipientUfrag, let password = passwords[ufrag] {
                let valid = message.integrityMatches(key: Array(password.utf8)) ?? false
                integrity = valid ? "valid" : "invalid"
                if !valid {
                    integrityFailures += 1
                    if integrityFailures <= 10 {
                        findings.append(Rule.stunIntegrityMismatch.finding(
                            "MESSAGE-INTEGRITY of \(message.methodName) \(message.messageClass.rawValue) \(tid) does not verify with the password given for ufrag \(ufrag)",
                            hint: "the agent that owns ufrag \(ufrag) keys its checks with a different ice-pwd than the one given (or signalled)",
                            at: [location]))
                    }
                }
            } else {
                integrity = "unverified"
                if let ufrag = recipientUfrag, unknownUfrags.insert(ufrag).inserted {
                    findings.append(Rule.stunNoPassword.finding(
                        "no ICE password known for ufrag \(ufrag): MESSAGE-INTEGRITY not verified",
                        hint: "pass --ice-pwd \(ufrag)=PASSWORD (the a=ice-pwd of the SDP carrying a=ice-ufrag:\(ufrag))",
                        at: [location]))
                }
            }
        }
        if records.count >= recordLimit {
            if unlisted.count == 0 { unlisted.first = frame }
            unlisted.count += 1
        } else {
            records.append(STUNRecord(
                frame: frame, time: time / 1000, source: source.description, destination: destination.description,
                class: message.messageClass.rawValue, method: message.methodName, transactionId: tid,
                attributes: message.attributes.map { STUNAttributeRecord(name: $0.name, value: describe($0, in: message)) },
                username: message.username, fingerprintValid: fingerprint, integrity: integrity, rttMs: rtt))
        }
        var summary = "STUN \(message.methodName) \(message.messageClass.rawValue) \(tid)"
        if let username = message.username { summary += " USERNAME=\(username)" }
        if message.useCandidate { summary += " USE-CANDIDATE" }
        if let mapped = message.xorMappedAddress { summary += " XOR-MAPPED-ADDRESS=\(mapped)" }
        if let error = message.errorCode { summary += " ERROR-CODE=\(error.code)" }
        return summary
    }

    func finish(file: String) -> (messages: [STUNRecord], pairs: [ICEPairReport], findings: [Finding]) {
        var findings = self.findings
        let table = pairOrder.compactMap { key -> ICEPairReport? in
            guard let p = pairs[key] else { return nil }
            let mean = p.rtts.isEmpty ? nil : p.rtts.reduce(0, +) / Double(p.rtts.count)
            return ICEPairReport(
                local: key.local.description, remote: key.remote.description, username: p.username,
                requests: p.requests, transactions: p.transactions.count, successes: p.successes, errors: p.errors,
                errorCodes: p.errorCodes, nominated: p.nominated, role: p.role,
                minRttMs: p.rtts.min(), meanRttMs: mean, maxRttMs: p.rtts.max(), firstFrame: p.firstFrame)
        }
        if unlisted.count > 0 {
            findings.append(Rule.captureRecordBound.finding(
                "\(unlisted.count) STUN record(s) beyond the first \(recordLimit) are not listed, the first at frame \(unlisted.first); the check table counts them",
                hint: "narrow the capture with --filter, --flow or --protocol to list them",
                at: [.frame(file: file, frame: unlisted.first)]))
        }
        let checks = table.filter { $0.username != nil }
        if !checks.isEmpty, checks.allSatisfy({ $0.successes == 0 }) {
            let first = checks.map(\.firstFrame).min() ?? 1
            findings.append(Rule.stunNoSuccessfulCheck.finding(
                "\(checks.reduce(0) { $0 + $1.requests }) connectivity check(s) on \(checks.count) candidate pair(s), none succeeded",
                hint: "unanswered checks: a firewall or wrong candidate addresses; 401 responses: wrong ice-ufrag/ice-pwd",
                at: [.frame(file: file, frame: first)]))
        }
        for pair in table where pair.requests > 0 && pair.successes == 0 && pair.errors == 0 {
            findings.append(Rule.stunUnansweredRequest.finding(
                "\(pair.requests) binding request(s) from \(pair.local) to \(pair.remote) were never answered",
                at: [.frame(file: file, frame: pair.firstFrame)]))
        }
        return (records, table, findings)
    }

    private func describe(_ attribute: STUNAttribute, in message: STUNMessage) -> String {
        switch STUNAttribute.Kind(rawValue: attribute.type) {
        case .xorMappedAddress: message.xorMappedAddress?.description ?? hexString(attribute.value)
        case .xorPeerAddress: message.xorPeerAddress?.description ?? hexString(attribute.value)
        case .xorRelayedAddress: message.xorRelayedAddress?.description ?? hexString(attribute.value)
        case .mappedAddress: message.mappedAddress?.description ?? hexString(attribute.value)
        case .username, .software, .realm, .nonce: String(decoding: attribute.value, as: UTF8.self)
        case .priority, .lifetime, .fingerprint:
            attribute.value.uint32(at: 0).map { attribute.type == 0x8028 ? "0x" + String($0, radix: 16) : String($0) } ?? ""
        case .iceControlling, .iceControlled: attribute.value.uint64(at: 0).map { String($0) } ?? ""
        case .errorCode: message.errorCode.map { "\($0.code) \($0.reason)" } ?? ""
        case .channelNumber: attribute.value.uint16(at: 0).map { "0x" + String($0, radix: 16) } ?? ""
        case .useCandidate: ""
        default: hexString(attribute.value)
        }
    }
}
