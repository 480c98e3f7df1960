import CGStreamer

/// Checks what webrtcbin 1.22 does not: that the certificate a peer presents in the DTLS handshake matches
/// the `a=fingerprint` its description announced (RFC 8122 §5, RFC 8842 §5).
enum CertificateFingerprint {
    /// An `a=fingerprint` value split into its hash function (lower case) and hex digest (upper case, colons).
    struct Announced: Hashable {
        let algorithm: String
        let digest: String

        init?(_ value: String) {
            let parts = value.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { return nil }
            algorithm = parts[0].lowercased()
            digest = parts[1].uppercased()
        }
    }

    /// The first `a=fingerprint` of a description's text, session or media level.
    static func announced(in sdp: String) -> Announced? {
        SDPLines(sdp).lines.first { $0.hasPrefix("a=fingerprint:") }
            .flatMap { Announced(String($0.dropFirst("a=fingerprint:".count))) }
    }

    /// The digest of the first certificate in `pem` with `algorithm` (`sha-1`, `sha-256`, `sha-384`, `sha-512`),
    /// formatted as in SDP (`AB:CD:…`); `nil` for other hash functions or unreadable PEM.
    static func digest(ofPEM pem: String, algorithm: String) -> String? {
        let type: GChecksumType
        switch algorithm.lowercased() {
        case "sha-1": type = G_CHECKSUM_SHA1
        case "sha-256": type = G_CHECKSUM_SHA256
        case "sha-384": type = G_CHECKSUM_SHA384
        case "sha-512": type = G_CHECKSUM_SHA512
        default: return nil
        }
        var body = ""
        var inside = false
        for line in SDPLines(pem).lines {
            if line.hasPrefix("-----BEGIN CERTIFICATE") { inside = true; continue }
            if line.hasPrefix("-----END CERTIFICATE") { break }
            if inside { body += line.filter { !$0.isWhitespace } }
        }
        guard !body.isEmpty else { return nil }
        var length: gsize = 0
        guard let der = g_base64_decode(body, &length), length > 0 else { return nil }
        defer { g_free(der) }
        guard let hex = takeGString(g_compute_checksum_for_data(type, der, length)) else { return nil }
        var pairs: [String] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            pairs.append(hex[index..<next].uppercased())
            index = next
        }
        return pairs.joined(separator: ":")
    }
}
