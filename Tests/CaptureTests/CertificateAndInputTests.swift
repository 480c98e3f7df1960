@testable import Capture
import Diagnostics
import Foundation
import Testing
import Wire

/// X.509 decoding of certificates openssl makes (ECDSA curves, a CA-issued one), IPv6 endpoints
/// in `--flow`, and rtpdump files cut at every byte.
@Suite("certificates, IPv6 flows, cut rtpdump files")
struct CertificateAndInputTests {
    static let openssl = "/usr/bin/openssl"

    static func scratch(_ name: String) -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(name)
    }

    /// Runs openssl; returns its output (stdout).
    @discardableResult
    static func openssl(_ arguments: [String]) throws -> String {
        let (output, status) = try Oracle.run(openssl, arguments)
        #expect(status == 0, "openssl \(arguments.joined(separator: " "))")
        return output
    }

    static func der(_ pem: URL) throws -> [UInt8] {
        let der = pem.deletingPathExtension().appendingPathExtension("der")
        try openssl(["x509", "-in", pem.path, "-outform", "DER", "-out", der.path])
        return [UInt8](try Data(contentsOf: der))
    }

    @Test("self-signed ECDSA certificates as browsers make them: curve, size and signature algorithm as openssl states them",
          arguments: [("P-256", "prime256v1", "ecdsa-with-SHA256", "sha256"), ("P-384", "secp384r1", "ecdsa-with-SHA384", "sha384")])
    func ecdsa(_ curve: String, _ opensslCurve: String, _ signature: String, _ digest: String) throws {
        let key = Self.scratch("cli-\(curve).key"), pem = Self.scratch("cli-\(curve).pem")
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:\(opensslCurve)", "-\(digest)", "-nodes",
                          "-keyout", key.path, "-out", pem.path, "-days", "30", "-subj", "/CN=WebRTC"])
        let der = try Self.der(pem)
        let details = try CertificateDetails.decode(der[...]).get()
        let text = try Self.openssl(["x509", "-in", pem.path, "-noout", "-text"])
        #expect(details.publicKeyAlgorithm == "ECDSA")
        #expect(details.curve == curve)
        #expect(text.contains("NIST CURVE: \(curve)"))
        #expect(text.contains("Public-Key: (\(details.keySizeBits ?? 0) bit)"))
        #expect(details.signatureAlgorithm == signature)
        #expect(text.contains("Signature Algorithm: \(signature)"))
        #expect(details.subject == "CN=WebRTC")
        #expect(details.selfSigned)
        let serial = try Self.openssl(["x509", "-in", pem.path, "-noout", "-serial"])
        #expect("serial=" + details.serialNumber.replacingOccurrences(of: ":", with: "") == serial.trimmingCharacters(in: .whitespacesAndNewlines))
        // The digest in a=fingerprint notation equals openssl's.
        let fingerprint = try Self.openssl(["x509", "-in", pem.path, "-noout", "-fingerprint", "-sha256"])
        #expect(fingerprint.contains(CertificateDigest.fingerprint(der[...], hashFunction: "sha-256") ?? "?"))
        let sha1 = try Self.openssl(["x509", "-in", pem.path, "-noout", "-fingerprint", "-sha1"])
        #expect(sha1.contains(CertificateDigest.fingerprint(der[...], hashFunction: "SHA-1") ?? "?"))
    }

    @Test("a certificate issued by a CA is not self-signed: the issuer is the CA's subject")
    func issued() throws {
        let caKey = Self.scratch("cli-ca.key"), ca = Self.scratch("cli-ca.pem")
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", caKey.path, "-out", ca.path, "-days", "30", "-subj", "/O=RTCScope/CN=Test CA"])
        let key = Self.scratch("cli-leaf.key"), request = Self.scratch("cli-leaf.csr"), leaf = Self.scratch("cli-leaf.pem")
        try Self.openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", key.path, "-out", request.path, "-subj", "/CN=leaf"])
        try Self.openssl(["x509", "-req", "-in", request.path, "-CA", ca.path, "-CAkey", caKey.path, "-CAcreateserial",
                          "-out", leaf.path, "-days", "30"])
        let details = try CertificateDetails.decode(try Self.der(leaf)[...]).get()
        #expect(!details.selfSigned)
        #expect(details.subject == "CN=leaf")
        let issuer = try Self.openssl(["x509", "-in", leaf.path, "-noout", "-issuer", "-nameopt", "RFC2253"])
        #expect("issuer=" + details.issuer == issuer.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("garbage is a decoding failure, not a trap", arguments: [[UInt8](), [0x30], [0x30, 0x03, 0x02, 0x01, 0x00], [UInt8](repeating: 0xFF, count: 64)])
    func garbage(_ bytes: [UInt8]) {
        if case .success = CertificateDetails.decode(bytes[...]) { Issue.record("decoded \(bytes)") }
    }

    @Test("IPv6 endpoints in --flow, in any spelling of the address, select the IPv6 capture's flow")
    func ipv6Flow() throws {
        let capture = Oracle.fixture("pcmu-ipv6.pcap")
        let rows = try Oracle.fields(capture, ["udp.srcport", "udp.dstport"], filter: "udp")
        let first = try #require(rows.first)
        for flow in ["[::1]:\(first[0])-[::1]:\(first[1])", "[0:0:0:0:0:0:0:1]:\(first[1])", "[::0001]:\(first[1])-[::1]:\(first[0])"] {
            let file = try FilterAndLiveTests.json(["--flow", flow, capture])
            #expect((file["flows"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["packets"] as? Int ?? 0) } == rows.count, "\(flow)")
        }
        let other = try FilterAndLiveTests.json(["--flow", "[::2]:\(first[1])", capture])
        #expect((other["flows"] as? [Any] ?? []).isEmpty)
        #expect(IPAddress(parsing: "::1") == .v6(0, 1))
        #expect(IPAddress(parsing: "2001:db8::8:800:200c:417a")?.description == "2001:db8::8:800:200c:417a")
        for bad in ["1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "256.1.1.1", "1.2.3", ""] {
            #expect(IPAddress(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("an rtpdump file cut at every byte: never a trap; whole records before the cut are decoded, the cut is named")
    func cutEverywhere() throws {
        let path = Self.scratch("cli-every.rtp").path
        _ = try RTPDumpFileTests.run(["--write-rtpdump", path, "--ssrc", "0x1234ABCD", Oracle.fixture("pcmu-impaired.pcap")])
        let whole = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let header = (whole.firstIndex(of: 0x0A) ?? 0) + 1 + RTPDumpFile.fileHeaderLength
        // Record boundaries, walked with the format's own length field.
        var boundaries: [Int] = [header]
        while let last = boundaries.last, last + 2 <= whole.count {
            boundaries.append(last + (Int(whole[last]) << 8 | Int(whole[last + 1])))
        }
        #expect(boundaries.last == whole.count)
        let cutPoints = Array(0..<min(whole.count, header + 600)) + stride(from: header + 600, to: whole.count, by: 97)
        let cutPath = Self.scratch("cli-every-cut.rtp")
        for cut in cutPoints {
            try Data(whole.prefix(cut)).write(to: cutPath)
            let report = try CaptureAnalyzer.analyze(path: cutPath.path, options: AnalysisOptions())
            let complete = boundaries.filter { $0 <= cut }.count - 1
            if cut < header {
                #expect(report.error != nil, "cut \(cut)")
            } else if boundaries.contains(cut) {
                #expect(report.error == nil, "cut \(cut)")
                #expect(report.frames == complete, "cut \(cut)")
            } else {
                #expect(report.error?.code == "truncated", "cut \(cut)")
                #expect(report.streams.first?.packets ?? 0 == complete, "cut \(cut)")
            }
        }
    }
}

extension CertificateAndInputTests {
    @Test("fingerprint verdict: any supported hash function vouches; a function that cannot be computed gives no verdict, never a mismatch")
    func verdictHashFunctions() throws {
        let key = Self.scratch("cli-v.key"), pem = Self.scratch("cli-v.pem")
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", key.path, "-out", pem.path, "-days", "1", "-subj", "/CN=v"])
        let der = try Self.der(pem)
        func line(_ function: String, _ digest: String) -> SignalledFacts.Fingerprint {
            .init(hashFunction: function, digest: digest, usernameFragment: nil, file: "x.sdp", line: 7, column: 23, length: digest.count)
        }
        // openssl's SHA-1 fingerprint, lower-cased as some stacks write it.
        let sha1 = try Self.openssl(["x509", "-in", pem.path, "-noout", "-fingerprint", "-sha1"])
            .split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() } ?? ""
        var facts = SignalledFacts()
        facts.fingerprints = [line("SHA-1", sha1)]
        #expect(facts.verdict(forCertificate: der[...], agentUfrag: nil, matchedElsewhere: { _ in false })?.0.matches == true)
        facts.fingerprints = [line("sha-224", "AA:BB")]
        #expect(facts.verdict(forCertificate: der[...], agentUfrag: nil, matchedElsewhere: { _ in false }) == nil)
        facts.fingerprints = [line("sha-256", String(repeating: "00:", count: 31) + "00")]
        let mismatch = try #require(facts.verdict(forCertificate: der[...], agentUfrag: nil, matchedElsewhere: { _ in false }))
        #expect(!mismatch.0.matches)
        #expect(mismatch.0.line == 7)
    }
}
