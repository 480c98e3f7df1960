import Diagnostics
import Wire

/// What the signalling said about a session, as neutral facts the capture analysis can check
/// the wire against. The caller extracts them (rtpdump from `--sdp` files with the SDP module);
/// Capture itself parses no SDP.
public struct SignalledFacts: Sendable {
    /// One agent's ICE credentials (RFC 8839 §5.4), with where they were written.
    public struct ICECredentials: Hashable, Sendable {
        public let usernameFragment: String
        public let password: String
        public let file: String

        public init(usernameFragment: String, password: String, file: String) {
            self.usernameFragment = usernameFragment
            self.password = password
            self.file = file
        }
    }

    /// A payload type's `a=rtpmap` (RFC 8866 §6.6).
    public struct Codec: Hashable, Sendable {
        public let encodingName: String
        public let clockRate: Int
        public let channels: Int?

        public init(encodingName: String, clockRate: Int, channels: Int?) {
            self.encodingName = encodingName
            self.clockRate = clockRate
            self.channels = channels
        }

        /// `OPUS/48000/2`, as the rtpmap writes it.
        public var description: String {
            "\(encodingName)/\(clockRate)" + (channels.map { "/\($0)" } ?? "")
        }
    }

    /// An `a=fingerprint` line (RFC 8122 §5): the hash of the certificate its writer will
    /// present in the DTLS handshake.
    public struct Fingerprint: Hashable, Sendable {
        /// Lower-case textual name (`sha-256`).
        public let hashFunction: String
        /// The digest as written (`79:F0:…`).
        public let digest: String
        /// The ufrag of the description that carries the line: identifies its agent on the wire.
        public let usernameFragment: String?
        public let file: String
        /// 1-based line and column of the digest, and its length in bytes.
        public let line: Int
        public let column: Int
        public let length: Int

        public init(hashFunction: String, digest: String, usernameFragment: String?, file: String,
                    line: Int, column: Int, length: Int) {
            self.hashFunction = hashFunction.lowercased()
            self.digest = digest
            self.usernameFragment = usernameFragment
            self.file = file
            self.line = line
            self.column = column
            self.length = length
        }

        /// Where the line is, for a finding.
        public var location: Location { .text(file: file, line: line, column: column, length: length) }
    }

    public var iceCredentials: [ICECredentials] = []
    /// `a=rtpmap` by payload type; the first description that maps a type wins.
    public var codecs: [UInt8: Codec] = [:]
    /// `a=extmap` URIs by local identifier (RFC 8285 §5).
    public var headerExtensions: [UInt8: String] = [:]
    public var fingerprints: [Fingerprint] = []

    public init() {}

    public var isEmpty: Bool {
        iceCredentials.isEmpty && codecs.isEmpty && headerExtensions.isEmpty && fingerprints.isEmpty
    }
}

/// The comparison of one certificate sent in a DTLS handshake with the `a=fingerprint` the
/// signalling announced for its sender (RFC 8122 §5, RFC 5763 §5).
public struct FingerprintVerdict: Encodable, Sendable {
    public let matches: Bool
    /// The SDP file whose line the certificate was compared with.
    public let sdpFile: String
    /// 1-based line of that `a=fingerprint`.
    public let line: Int
    /// The fingerprint as the line writes it (`sha-256 79:F0:…`).
    public let expected: String

    public init(matches: Bool, sdpFile: String, line: Int, expected: String) {
        self.matches = matches
        self.sdpFile = sdpFile
        self.line = line
        self.expected = expected
    }
}

extension SignalledFacts {
    /// Compares a certificate's DER with the signalled fingerprints.
    ///
    /// The sender's own description is used when its ufrag is known from the ICE checks
    /// (`agentUfrag`); otherwise any description may vouch for the certificate, and a mismatch
    /// is reported against the first line that no other certificate of the capture matched.
    func verdict(forCertificate der: ArraySlice<UInt8>, agentUfrag: String?,
                 matchedElsewhere: (Fingerprint) -> Bool) -> (FingerprintVerdict, Fingerprint)? {
        // Only lines whose hash function can be computed here can vouch or accuse (not md2, sha-224).
        let usable = fingerprints.filter { Self.digest(of: der, $0.hashFunction) != nil }
        guard !usable.isEmpty else { return nil }
        let own = agentUfrag.map { ufrag in usable.filter { $0.usernameFragment == ufrag } } ?? []
        let candidates = own.isEmpty ? usable : own
        if let match = candidates.first(where: { Self.matches(der, $0) }) {
            return (FingerprintVerdict(matches: true, sdpFile: match.file, line: match.line,
                                       expected: "\(match.hashFunction) \(match.digest)"), match)
        }
        let blamed = candidates.first(where: { !matchedElsewhere($0) }) ?? candidates[0]
        return (FingerprintVerdict(matches: false, sdpFile: blamed.file, line: blamed.line,
                                   expected: "\(blamed.hashFunction) \(blamed.digest)"), blamed)
    }

    /// Whether `der` hashes to the fingerprint's digest (hex compared case-insensitively).
    static func matches(_ der: ArraySlice<UInt8>, _ fingerprint: Fingerprint) -> Bool {
        guard let computed = digest(of: der, fingerprint.hashFunction) else { return false }
        return equalDigests(computed, fingerprint.digest)
    }

    static func equalDigests(_ a: String, _ b: String) -> Bool {
        a.uppercased() == b.uppercased()
    }

    /// The certificate digest in `a=fingerprint` notation for a hash function, or `nil` when
    /// the function is not one swift-crypto provides.
    static func digest(of der: ArraySlice<UInt8>, _ hashFunction: String) -> String? {
        CertificateDigest.fingerprint(der, hashFunction: hashFunction)
    }
}

extension ICEAnalyzer {
    /// The ufrag of the agent behind each checking endpoint: a check's USERNAME is
    /// `recipient:sender` (RFC 8445 §7.2.2), and its source is the sender's candidate.
    static func agents(_ pairs: [ICEPairReport]) -> [String: String] {
        var agents: [String: String] = [:]
        for pair in pairs {
            guard let username = pair.username, let colon = username.firstIndex(of: ":") else { continue }
            agents[pair.local] = String(username[username.index(after: colon)...])
        }
        return agents
    }
}
