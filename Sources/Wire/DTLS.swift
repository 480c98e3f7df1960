import Crypto

/// One DTLS record (RFC 6347 §4.1, RFC 9147 §4): DTLS 1.0/1.2 plaintext headers, and the
/// DTLS 1.3 unified header whose fields are mostly encrypted.
public struct DTLSRecord: Hashable, Sendable {
    /// 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data, 26 ack; `nil` for a 1.3 unified header.
    public let contentType: UInt8?
    /// 0xFEFF DTLS 1.0, 0xFEFD DTLS 1.2 (also in DTLS 1.3 plaintext records); `nil` for a unified header.
    public let version: UInt16?
    /// Full epoch (DTLS 1.2), or the low 2 bits (DTLS 1.3 unified header).
    public let epoch: UInt16
    /// 48-bit sequence number (DTLS 1.2); the encrypted low 8 or 16 bits for a unified header.
    public let sequenceNumber: UInt64
    public let fragment: ArraySlice<UInt8>

    /// Whether this is a DTLS 1.3 ciphertext record with the unified header (first bits 001).
    public var isUnifiedHeader: Bool { contentType == nil }

    /// Name of the content type, as tshark prints it.
    public var contentTypeName: String {
        switch contentType {
        case 20: "change_cipher_spec"
        case 21: "alert"
        case 22: "handshake"
        case 23: "application_data"
        case 24: "heartbeat"
        case 25: "tls12_cid"
        case 26: "ack"
        case nil: "encrypted (DTLS 1.3)"
        case let other?: "content type \(other)"
        }
    }

    /// Splits a datagram into records.
    ///
    /// - Returns: the records that decode completely; `complete` is false when the datagram
    ///   ends inside a record or has an invalid header (the rest is ignored).
    public static func records(in datagram: ArraySlice<UInt8>) -> (records: [DTLSRecord], complete: Bool) {
        var records: [DTLSRecord] = []
        var offset = 0
        while offset < datagram.count {
            guard let first = datagram.byte(at: offset) else { break }
            if first & 0xE0 == 0x20 {
                // RFC 9147 §4: 0|0|1|C|S|L|E E; connection ids are not negotiated by WebRTC stacks.
                let hasCID = first & 0x10 != 0
                let longSequence = first & 0x08 != 0
                let hasLength = first & 0x04 != 0
                guard !hasCID else { return (records, false) }
                var at = offset + 1
                let sequence: UInt64
                if longSequence {
                    guard let s = datagram.uint16(at: at) else { return (records, false) }
                    sequence = UInt64(s)
                    at += 2
                } else {
                    guard let s = datagram.byte(at: at) else { return (records, false) }
                    sequence = UInt64(s)
                    at += 1
                }
                var length = datagram.count - at
                if hasLength {
                    guard let l = datagram.uint16(at: at) else { return (records, false) }
                    length = Int(l)
                    at += 2
                }
                guard let fragment = datagram.bytes(at: at, count: length) else { return (records, false) }
                records.append(DTLSRecord(contentType: nil, version: nil, epoch: UInt16(first & 0x03),
                                          sequenceNumber: sequence, fragment: fragment))
                offset = at + length
                continue
            }
            guard let version = datagram.uint16(at: offset + 1), let epoch = datagram.uint16(at: offset + 3),
                  let high = datagram.uint16(at: offset + 5), let low = datagram.uint32(at: offset + 7),
                  let length = datagram.uint16(at: offset + 11),
                  let fragment = datagram.bytes(at: offset + 13, count: Int(length)),
                  version >> 8 == 0xFE
            else { return (records, false) }
            records.append(DTLSRecord(contentType: first, version: version, epoch: epoch,
                                      sequenceNumber: UInt64(high) << 32 | UInt64(low), fragment: fragment))
            offset += 13 + Int(length)
        }
        return (records, true)
    }
}

/// One handshake message fragment (RFC 6347 §4.2.2): the 12-byte DTLS handshake header.
public struct DTLSHandshakeFragment: Hashable, Sendable {
    public let messageType: UInt8
    /// Length of the whole message.
    public let length: Int
    public let messageSequence: UInt16
    public let fragmentOffset: Int
    public let body: ArraySlice<UInt8>

    /// Splits a plaintext handshake record into fragments.
    public static func fragments(in record: ArraySlice<UInt8>) -> [DTLSHandshakeFragment]? {
        var result: [DTLSHandshakeFragment] = []
        var offset = 0
        while offset < record.count {
            guard let type = record.byte(at: offset), let length = record.uint24(at: offset + 1),
                  let sequence = record.uint16(at: offset + 4), let fragmentOffset = record.uint24(at: offset + 6),
                  let fragmentLength = record.uint24(at: offset + 9),
                  let body = record.bytes(at: offset + 12, count: Int(fragmentLength)),
                  Int(fragmentOffset) + Int(fragmentLength) <= Int(length)
            else { return result.isEmpty ? nil : result }
            result.append(DTLSHandshakeFragment(messageType: type, length: Int(length), messageSequence: sequence,
                                                fragmentOffset: Int(fragmentOffset), body: body))
            offset += 12 + Int(fragmentLength)
        }
        return result
    }
}

/// Handshake message types (RFC 5246 §7.4, RFC 6347 §4.3.2, RFC 8446 §4).
public enum DTLSHandshakeType {
    public static func name(_ type: UInt8) -> String {
        switch type {
        case 0: "HelloRequest"
        case 1: "ClientHello"
        case 2: "ServerHello"
        case 3: "HelloVerifyRequest"
        case 4: "NewSessionTicket"
        case 8: "EncryptedExtensions"
        case 11: "Certificate"
        case 12: "ServerKeyExchange"
        case 13: "CertificateRequest"
        case 14: "ServerHelloDone"
        case 15: "CertificateVerify"
        case 16: "ClientKeyExchange"
        case 20: "Finished"
        default: "HandshakeType\(type)"
        }
    }
}

/// A ClientHello (RFC 6347 §4.2.1 with the cookie; RFC 5246 §7.4.1.2).
public struct DTLSClientHello: Hashable, Sendable {
    public let version: UInt16
    public let cookie: ArraySlice<UInt8>
    public let cipherSuites: [UInt16]
    public let extensions: [DTLSExtension]

    public init?(_ body: ArraySlice<UInt8>) {
        guard let version = body.uint16(at: 0), let sessionLength = body.byte(at: 34) else { return nil }
        var at = 35 + Int(sessionLength)
        guard let cookieLength = body.byte(at: at), let cookie = body.bytes(at: at + 1, count: Int(cookieLength)) else { return nil }
        at += 1 + Int(cookieLength)
        guard let suitesLength = body.uint16(at: at), suitesLength % 2 == 0,
              let suites = body.bytes(at: at + 2, count: Int(suitesLength)) else { return nil }
        at += 2 + Int(suitesLength)
        guard let compressionLength = body.byte(at: at) else { return nil }
        at += 1 + Int(compressionLength)
        self.version = version
        self.cookie = cookie
        self.cipherSuites = stride(from: 0, to: suites.count, by: 2).compactMap { suites.uint16(at: $0) }
        self.extensions = DTLSExtension.list(body, at: at) ?? []
    }

    /// SRTP protection profiles offered in use_srtp (RFC 5764 §4.1.1).
    public var srtpProfiles: [UInt16] {
        guard let value = extensions.first(where: { $0.type == 14 })?.data, let length = value.uint16(at: 0) else { return [] }
        return stride(from: 0, to: Int(length), by: 2).compactMap { value.uint16(at: 2 + $0) }
    }

    /// Versions offered in supported_versions (RFC 8446 §4.2.1): 0xFEFC is DTLS 1.3.
    public var supportedVersions: [UInt16] {
        guard let value = extensions.first(where: { $0.type == 43 })?.data, let length = value.byte(at: 0) else { return [] }
        return stride(from: 0, to: Int(length), by: 2).compactMap { value.uint16(at: 1 + $0) }
    }
}

/// A ServerHello (RFC 5246 §7.4.1.3).
public struct DTLSServerHello: Hashable, Sendable {
    public let version: UInt16
    public let cipherSuite: UInt16
    public let extensions: [DTLSExtension]

    public init?(_ body: ArraySlice<UInt8>) {
        guard let version = body.uint16(at: 0), let sessionLength = body.byte(at: 34) else { return nil }
        let at = 35 + Int(sessionLength)
        guard let suite = body.uint16(at: at), body.byte(at: at + 2) != nil else { return nil }
        self.version = version
        self.cipherSuite = suite
        self.extensions = DTLSExtension.list(body, at: at + 3) ?? []
    }

    /// The SRTP protection profile the server chose (RFC 5764 §4.1.1), if any.
    public var srtpProfile: UInt16? {
        guard let value = extensions.first(where: { $0.type == 14 })?.data else { return nil }
        return value.uint16(at: 2)
    }

    /// The version selected in supported_versions (0xFEFC: DTLS 1.3), if present.
    public var selectedVersion: UInt16? { extensions.first(where: { $0.type == 43 })?.data.uint16(at: 0) }
}

/// A TLS extension: type and opaque data.
public struct DTLSExtension: Hashable, Sendable {
    public let type: UInt16
    public let data: ArraySlice<UInt8>

    static func list(_ body: ArraySlice<UInt8>, at offset: Int) -> [DTLSExtension]? {
        guard let total = body.uint16(at: offset), let block = body.bytes(at: offset + 2, count: Int(total)) else { return nil }
        var result: [DTLSExtension] = []
        var at = 0
        while at < block.count {
            guard let type = block.uint16(at: at), let length = block.uint16(at: at + 2),
                  let data = block.bytes(at: at + 4, count: Int(length)) else { return result }
            result.append(DTLSExtension(type: type, data: data))
            at += 4 + Int(length)
        }
        return result
    }
}

/// The DER certificates of a Certificate message (RFC 5246 §7.4.2), sender's first.
public enum DTLSCertificateMessage {
    /// The certificate fingerprint as SDP writes it (RFC 8122 §5): upper-case hex pairs
    /// separated by colons of the SHA-256 of the DER encoding.
    public static func sha256Fingerprint(_ der: some Sequence<UInt8>) -> String {
        hexString(SHA256.hash(data: Array(der)), separator: ":").uppercased()
    }

    public static func certificates(_ body: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
        guard let total = body.uint24(at: 0), let list = body.bytes(at: 3, count: Int(total)) else { return nil }
        var result: [ArraySlice<UInt8>] = []
        var at = 0
        while at < list.count {
            guard let length = list.uint24(at: at), let der = list.bytes(at: at + 3, count: Int(length)) else { return nil }
            result.append(der)
            at += 3 + Int(length)
        }
        return result
    }
}

/// An alert (RFC 5246 §7.2).
public struct DTLSAlert: Hashable, Sendable {
    /// 1 warning, 2 fatal.
    public let level: UInt8
    public let description: UInt8

    public init?(_ fragment: ArraySlice<UInt8>) {
        guard fragment.count == 2, let level = fragment.byte(at: 0), let description = fragment.byte(at: 1),
              level == 1 || level == 2 else { return nil }
        self.level = level
        self.description = description
    }

    public var isFatal: Bool { level == 2 }

    public var descriptionName: String {
        switch description {
        case 0: "close_notify"
        case 10: "unexpected_message"
        case 20: "bad_record_mac"
        case 22: "record_overflow"
        case 40: "handshake_failure"
        case 42: "bad_certificate"
        case 43: "unsupported_certificate"
        case 44: "certificate_revoked"
        case 45: "certificate_expired"
        case 46: "certificate_unknown"
        case 47: "illegal_parameter"
        case 48: "unknown_ca"
        case 49: "access_denied"
        case 50: "decode_error"
        case 51: "decrypt_error"
        case 70: "protocol_version"
        case 71: "insufficient_security"
        case 80: "internal_error"
        case 86: "inappropriate_fallback"
        case 90: "user_canceled"
        case 109: "missing_extension"
        case 110: "unsupported_extension"
        case 112: "unrecognized_name"
        case 116: "certificate_required"
        case 120: "no_application_protocol"
        default: "alert \(description)"
        }
    }
}

/// Names of cipher suites and SRTP profiles seen in WebRTC handshakes.
public enum DTLSNames {
    /// IANA name of a cipher suite, or its hex code.
    public static func cipherSuite(_ suite: UInt16) -> String {
        switch suite {
        case 0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
        case 0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"
        case 0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
        case 0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
        case 0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
        case 0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"
        case 0xC009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"
        case 0xC00A: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"
        case 0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"
        case 0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"
        case 0xC023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"
        case 0xC027: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"
        case 0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256"
        case 0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384"
        case 0x009E: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"
        case 0x009F: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"
        case 0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA"
        case 0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA"
        case 0x00FF: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"
        case 0x1301: "TLS_AES_128_GCM_SHA256"
        case 0x1302: "TLS_AES_256_GCM_SHA384"
        case 0x1303: "TLS_CHACHA20_POLY1305_SHA256"
        default: "0x" + String(suite, radix: 16, uppercase: true)
        }
    }

    /// The key exchange signature family a suite requires of the server certificate:
    /// `ECDSA`, `RSA`, or `nil` when it does not depend on it (TLS 1.3 suites, PSK, SCSV).
    public static func certificateKeyType(forSuite suite: UInt16) -> String? {
        let name = cipherSuite(suite)
        if name.contains("_ECDSA_") { return "ECDSA" }
        if name.contains("_RSA_") { return "RSA" }
        return nil
    }

    /// Name of an SRTP protection profile (RFC 5764 §4.1.2, RFC 7714 §14.2).
    public static func srtpProfile(_ profile: UInt16) -> String {
        switch profile {
        case 0x0001: "SRTP_AES128_CM_HMAC_SHA1_80"
        case 0x0002: "SRTP_AES128_CM_HMAC_SHA1_32"
        case 0x0005: "SRTP_NULL_HMAC_SHA1_80"
        case 0x0006: "SRTP_NULL_HMAC_SHA1_32"
        case 0x0007: "SRTP_AEAD_AES_128_GCM"
        case 0x0008: "SRTP_AEAD_AES_256_GCM"
        default: "0x" + String(profile, radix: 16, uppercase: true)
        }
    }

    /// Bytes of SRTCP authentication tag for a profile (RFC 3711 §5.2, RFC 7714 §9.4 — GCM carries its tag in the ciphertext).
    public static func srtcpTagLength(_ profile: UInt16) -> Int? {
        switch profile {
        case 0x0001, 0x0002, 0x0005, 0x0006: 10  // SRTCP always uses the 80-bit tag (RFC 5764 §4.1.2)
        case 0x0007, 0x0008: 0
        default: nil
        }
    }

    public static func version(_ version: UInt16) -> String {
        switch version {
        case 0xFEFF: "DTLS 1.0"
        case 0xFEFD: "DTLS 1.2"
        case 0xFEFC: "DTLS 1.3"
        default: "0x" + String(version, radix: 16, uppercase: true)
        }
    }
}
