import Crypto
import X509

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What an X.509 certificate sent in a DTLS handshake says about its sender (RFC 5280 §4.1),
/// decoded with swift-certificates. WebRTC endpoints send self-signed certificates whose
/// only authentication is the `a=fingerprint` of the signalling (RFC 8827 §6.5).
public struct CertificateDetails: Encodable, Sendable, Hashable {
    /// The subject distinguished name in RFC 4514 notation (`CN=WebRTC`).
    public let subject: String
    public let issuer: String
    /// The serial number as upper-case colon-separated hex octets.
    public let serialNumber: String
    /// Validity period (RFC 5280 §4.1.2.5), ISO 8601 UTC.
    public let notValidBefore: String
    public let notValidAfter: String
    /// `ECDSA`, `RSA` or `Ed25519`.
    public let publicKeyAlgorithm: String
    /// The named curve of an ECDSA key (`P-256`), `nil` otherwise.
    public let curve: String?
    /// The modulus size of an RSA key, the curve size of the others.
    public let keySizeBits: Int?
    /// The algorithm the issuer signed with (`ecdsa-with-SHA256`, `sha256WithRSAEncryption`).
    public let signatureAlgorithm: String
    /// Subject equals issuer and the signature verifies with the certificate's own key.
    public let selfSigned: Bool
}

extension CertificateDetails {
    /// Decodes a DER certificate; a failure carries the parser's reason when it is not one
    /// swift-certificates accepts (malformed, or a key type it does not support).
    static func decode(_ der: ArraySlice<UInt8>) -> Result<CertificateDetails, CertificateDecodingFailure> {
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: Array(der))
        } catch {
            return .failure(CertificateDecodingFailure(reason: "\(error)"))
        }
        let key = KeyDescription(certificate.publicKey)
        let selfSigned = certificate.subject == certificate.issuer
            && certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
        return .success(CertificateDetails(
            subject: certificate.subject.description,
            issuer: certificate.issuer.description,
            serialNumber: certificate.serialNumber.bytes.map(Self.hexOctet).joined(separator: ":"),
            notValidBefore: Self.iso8601(certificate.notValidBefore),
            notValidAfter: Self.iso8601(certificate.notValidAfter),
            publicKeyAlgorithm: key.algorithm, curve: key.curve, keySizeBits: key.bits,
            signatureAlgorithm: Self.name(of: certificate.signatureAlgorithm),
            selfSigned: selfSigned))
    }

    private static func hexOctet(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// The RFC 5758 / RFC 4055 / RFC 8410 name of a signature algorithm.
    private static func name(of algorithm: Certificate.SignatureAlgorithm) -> String {
        switch algorithm {
        case .ecdsaWithSHA256: "ecdsa-with-SHA256"
        case .ecdsaWithSHA384: "ecdsa-with-SHA384"
        case .ecdsaWithSHA512: "ecdsa-with-SHA512"
        case .sha1WithRSAEncryption: "sha1WithRSAEncryption"
        case .sha256WithRSAEncryption: "sha256WithRSAEncryption"
        case .sha384WithRSAEncryption: "sha384WithRSAEncryption"
        case .sha512WithRSAEncryption: "sha512WithRSAEncryption"
        case .ed25519: "Ed25519"
        default: algorithm.description
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` from a date, by the civil-from-days algorithm (no formatter, no locale).
    static func iso8601(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
            + "-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}

/// Why a certificate could not be decoded as X.509.
struct CertificateDecodingFailure: Error {
    let reason: String
}

/// The public key's algorithm, curve and size, from swift-certificates' key description.
private struct KeyDescription {
    let algorithm: String
    let curve: String?
    let bits: Int?

    init(_ key: Certificate.PublicKey) {
        // swift-certificates exposes the key kind through its description (`P256.PublicKey`, `RSA2048.PublicKey`).
        let text = key.description
        switch text {
        case "P256.PublicKey": (algorithm, curve, bits) = ("ECDSA", "P-256", 256)
        case "P384.PublicKey": (algorithm, curve, bits) = ("ECDSA", "P-384", 384)
        case "P521.PublicKey": (algorithm, curve, bits) = ("ECDSA", "P-521", 521)
        case "Ed25519.PublicKey": (algorithm, curve, bits) = ("Ed25519", nil, 256)
        default:
            if text.hasPrefix("RSA"), let size = Int(text.dropFirst(3).prefix { $0.isNumber }) {
                (algorithm, curve, bits) = ("RSA", nil, size)
            } else {
                (algorithm, curve, bits) = (text, nil, nil)
            }
        }
    }
}

/// Certificate digests in `a=fingerprint` notation (RFC 8122 §5: upper-case hex pairs joined by colons).
enum CertificateDigest {
    /// The digest of `der` with the named hash function, or `nil` for a function swift-crypto
    /// does not provide (md2, sha-224).
    static func fingerprint(_ der: ArraySlice<UInt8>, hashFunction: String) -> String? {
        let bytes: [UInt8]
        switch hashFunction.lowercased() {
        case "sha-256": bytes = Array(SHA256.hash(data: der))
        case "sha-1": bytes = Array(Insecure.SHA1.hash(data: der))
        case "sha-384": bytes = Array(SHA384.hash(data: der))
        case "sha-512": bytes = Array(SHA512.hash(data: der))
        case "md5": bytes = Array(Insecure.MD5.hash(data: der))
        default: return nil
        }
        return bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: ":")
    }
}
