import Capture
import Foundation
import Testing

/// `rtpdump --sdp`: the wire checked against the SDPs the peers exchanged (real webrtcbin
/// captures and their SDPs), and the certificates' X.509 details against openssl.
@Suite("rtpdump --sdp and certificates")
struct SignallingTests {
    static func json(_ arguments: [String]) throws -> (file: [String: Any], status: Int32) {
        let (output, status) = try CommandLineTests.rtpdump(["--format", "json"] + arguments)
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let file = try #require((document?["files"] as? [[String: Any]])?.first)
        return (file, status)
    }

    static func findings(_ file: [String: Any], _ id: String) -> [[String: Any]] {
        ((file["findings"] as? [[String: Any]]) ?? []).filter { $0["id"] as? String == id }
    }

    /// The SDP line numbers of `a=fingerprint` in a fixture, counted independently of the SDP module.
    static func fingerprintLines(_ name: String) throws -> [(line: Int, digest: String)] {
        let text = try String(contentsOfFile: Oracle.fixture(name), encoding: .utf8)
        // CRLF-terminated: "\r\n" is one Character in Swift.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().compactMap { index, line in
            line.hasPrefix("a=fingerprint:sha-256 ")
                ? (index + 1, line.dropFirst("a=fingerprint:sha-256 ".count).trimmingCharacters(in: .whitespacesAndNewlines)) : nil
        }
    }

    @Test("the session's own SDPs: every MESSAGE-INTEGRITY verifies, each certificate matches its sender's a=fingerprint, codecs named")
    func ownSDPs() throws {
        let (file, status) = try Self.json(["--sdp", Oracle.fixture("webrtc-offer.sdp"), "--sdp", Oracle.fixture("webrtc-answer.sdp"),
                                            Oracle.fixture("webrtc.pcapng")])
        #expect(status == 0)
        let stun = try #require(file["stun"] as? [[String: Any]])
        let checked = stun.compactMap { $0["integrity"] as? String }
        #expect(!checked.isEmpty)
        #expect(checked.allSatisfy { $0 == "valid" })
        #expect(Self.findings(file, "STUN-006").isEmpty)

        let session = try #require((file["dtls"] as? [[String: Any]])?.first)
        let certificates = try #require(session["certificates"] as? [[String: Any]]).filter { $0["index"] as? Int == 0 }
        #expect(certificates.count == 2)
        // The offerer (ICE controlling, whose checks carry the offer's ufrag as sender) sent the first certificate.
        let offerLine = try #require(Self.fingerprintLines("webrtc-offer.sdp").first)
        let answerLine = try #require(Self.fingerprintLines("webrtc-answer.sdp").first)
        let checks = try #require(file["iceChecks"] as? [[String: Any]])
        let offerer = try #require(checks.first { $0["role"] as? String == "controlling" }?["local"] as? String)
        for certificate in certificates {
            let verdict = try #require(certificate["sdpVerdict"] as? [String: Any])
            #expect(verdict["matches"] as? Bool == true)
            let fromOfferer = certificate["sender"] as? String == offerer
            #expect(verdict["sdpFile"] as? String == Oracle.fixture(fromOfferer ? "webrtc-offer.sdp" : "webrtc-answer.sdp"))
            #expect(verdict["line"] as? Int == (fromOfferer ? offerLine.line : answerLine.line))
            #expect(verdict["expected"] as? String == "sha-256 " + (fromOfferer ? offerLine.digest : answerLine.digest))
        }
        let codecs = Set((file["streams"] as? [[String: Any]] ?? []).compactMap { $0["codec"] as? String })
        #expect(codecs == ["OPUS/48000/2", "VP8/90000"])
        // The rtpmap clock rate reaches the jitter: no unknown-clock-rate note for PT 96 any more.
        #expect(Self.findings(file, "RTP-003").isEmpty)
    }

    @Test("without --sdp the verdict is absent and PT 96 has no clock rate")
    func withoutSDP() throws {
        let (file, _) = try Self.json([Oracle.fixture("webrtc.pcapng")])
        let session = try #require((file["dtls"] as? [[String: Any]])?.first)
        for certificate in try #require(session["certificates"] as? [[String: Any]]) {
            #expect(certificate["sdpVerdict"] == nil)
        }
        #expect(!Self.findings(file, "RTP-003").isEmpty)
    }

    @Test("another session's SDPs: DTLS-006 at each certificate's frame, naming an SDP line that announces another fingerprint; exit 1")
    func mismatch() throws {
        let offer = Oracle.fixture("webrtc-both-active-offer.sdp"), answer = Oracle.fixture("webrtc-both-active-answer.sdp")
        let (file, status) = try Self.json(["--sdp", offer, "--sdp", answer, Oracle.fixture("webrtc.pcapng")])
        #expect(status == 1)
        let session = try #require((file["dtls"] as? [[String: Any]])?.first)
        let certificates = try #require(session["certificates"] as? [[String: Any]]).filter { $0["index"] as? Int == 0 }
        let mismatches = Self.findings(file, "DTLS-006")
        #expect(mismatches.count == certificates.count)
        let lines = try Self.fingerprintLines("webrtc-both-active-offer.sdp").map { (offer, $0) }
            + Self.fingerprintLines("webrtc-both-active-answer.sdp").map { (answer, $0) }
        var blamed: Set<String> = []
        for (certificate, finding) in zip(certificates, mismatches) {
            let verdict = try #require(certificate["sdpVerdict"] as? [String: Any])
            #expect(verdict["matches"] as? Bool == false)
            let named = try #require(lines.first { $0.0 == verdict["sdpFile"] as? String && $0.1.line == verdict["line"] as? Int })
            #expect(named.1.digest != certificate["certificateSha256"] as? String)
            blamed.insert("\(named.0):\(named.1.line)")
            let locations = try #require(finding["locations"] as? [[String: Any]])
            #expect(locations.first?["frame"] as? Int == certificate["frame"] as? Int)
            #expect(locations.contains { $0["file"] as? String == named.0 && $0["line"] as? Int == named.1.line })
        }
        // Two senders, two different signalled certificates: each is compared with a different line.
        #expect(blamed.count == 2)
    }

    @Test("the wrong-password session: checks keyed with the receiving agent's signalled password fail exactly where the agent answered 401")
    func wrongPassword() throws {
        let (file, status) = try Self.json(["--sdp", Oracle.fixture("webrtc-wrong-pwd-offer.sdp"), "--sdp",
                                            Oracle.fixture("webrtc-wrong-pwd-answer.sdp"), Oracle.fixture("webrtc-wrong-pwd.pcapng")])
        #expect(status == 1)
        let stun = try #require(file["stun"] as? [[String: Any]])
        let invalid = stun.filter { $0["integrity"] as? String == "invalid" }
        #expect(!invalid.isEmpty)
        #expect(stun.contains { $0["integrity"] as? String == "valid" })
        // Every request that failed verification was answered 401 by its recipient (tshark: class 4, number 1).
        let unauthorized = try Oracle.fields(Oracle.fixture("webrtc-wrong-pwd.pcapng"), ["stun.id"],
                                             filter: "stun.att.error.class == 4 && stun.att.error == 1")
            .map { $0[0].replacingOccurrences(of: "0x", with: "") }
        #expect(!unauthorized.isEmpty)
        for request in invalid where request["class"] as? String == "request" {
            #expect(unauthorized.contains(request["transactionId"] as? String ?? "?"))
        }
        #expect(!Self.findings(file, "STUN-002").isEmpty)
    }

    @Test("X.509 details of each certificate equal openssl's reading of the DER tshark extracts")
    func x509() throws {
        let capture = Oracle.fixture("webrtc.pcapng")
        let (file, _) = try Self.json([capture])
        let session = try #require((file["dtls"] as? [[String: Any]])?.first)
        let certificates = try #require(session["certificates"] as? [[String: Any]])
        let ders = try Oracle.fields(capture, ["dtls.handshake.certificate"], filter: "dtls.handshake.certificate")
            .flatMap { $0[0].split(separator: ",").map(String.init) }
        #expect(ders.count == certificates.count)
        for (certificate, hex) in zip(certificates, ders) {
            let der = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("cli-cert-\(certificate["frame"] ?? 0).der")
            try Data(hexBytes(hex)).write(to: der)
            let fields = try Oracle.run("/usr/bin/openssl", ["x509", "-inform", "DER", "-in", der.path, "-noout", "-nameopt", "RFC2253",
                                                             "-subject", "-issuer", "-serial", "-dates", "-dateopt", "iso_8601"]).output
            func field(_ name: String) -> String? {
                fields.split(separator: "\n").first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
            }
            let x509 = try #require(certificate["x509"] as? [String: Any])
            #expect(x509["subject"] as? String == field("subject"))
            #expect(x509["issuer"] as? String == field("issuer"))
            #expect((x509["serialNumber"] as? String)?.replacingOccurrences(of: ":", with: "") == field("serial"))
            // openssl: "2026-11-25 14:19:37Z"; ours: ISO 8601 with a T.
            #expect((x509["notValidBefore"] as? String)?.replacingOccurrences(of: "T", with: " ") == field("notBefore"))
            #expect((x509["notValidAfter"] as? String)?.replacingOccurrences(of: "T", with: " ") == field("notAfter"))
            let text = try Oracle.run("/usr/bin/openssl", ["x509", "-inform", "DER", "-in", der.path, "-noout", "-text"]).output
            #expect(text.contains("Signature Algorithm: \(x509["signatureAlgorithm"] as? String ?? "?")"))
            if x509["publicKeyAlgorithm"] as? String == "RSA" {
                #expect(text.contains("rsaEncryption"))
                #expect(text.contains("Public-Key: (\(x509["keySizeBits"] as? Int ?? 0) bit)"))
            } else {
                #expect(text.contains("id-ecPublicKey"))
            }
            // Self-signed: openssl verifies the certificate with itself as the only trust anchor.
            let pem = der.deletingPathExtension().appendingPathExtension("pem")
            _ = try Oracle.run("/usr/bin/openssl", ["x509", "-inform", "DER", "-in", der.path, "-out", pem.path])
            let verified = try Oracle.run("/usr/bin/openssl", ["verify", "-CAfile", pem.path, pem.path]).output
            #expect((x509["selfSigned"] as? Bool) == verified.contains(": OK"))
        }
    }

    /// The capture with the first certificate's DER changed at `offset` from its start. The DER
    /// spans two records, so it is found by its first 32 octets.
    static func alteredCapture(_ name: String, at offset: Int, to value: [UInt8]) throws -> String {
        let capture = Oracle.fixture("webrtc.pcapng")
        let hex = try #require(try Oracle.fields(capture, ["dtls.handshake.certificate"], filter: "dtls.handshake.certificate")
            .first?[0].split(separator: ",").first.map(String.init))
        let der = hexBytes(hex)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: capture)))
        let start = try #require(bytes.firstRange(of: der.prefix(32))?.lowerBound)
        bytes.replaceSubrange(start + offset ..< start + offset + value.count, with: value)
        return try BadInputTests.write(bytes, name)
    }

    @Test("a certificate that does not decode as X.509 is a DTLS-007 warning at its frame, not a crash; the fingerprint is still given")
    func undecodableCertificate() throws {
        // The TBSCertificate's SEQUENCE tag (octet 4 of the DER) made a SET: still well-framed DER, no longer a certificate.
        let altered = try Self.alteredCapture("cli-bad-cert.pcapng", at: 4, to: [0x31])
        let (file, _) = try Self.json([altered])
        let session = try #require((file["dtls"] as? [[String: Any]])?.first)
        let certificates = try #require(session["certificates"] as? [[String: Any]])
        let broken = try #require(certificates.first)
        #expect(broken["x509"] == nil)
        #expect((broken["x509Error"] as? String)?.isEmpty == false)
        #expect((broken["certificateSha256"] as? String)?.count == 95)
        let warnings = Self.findings(file, "DTLS-007")
        #expect(warnings.count == 1)
        #expect((warnings.first?["locations"] as? [[String: Any]])?.first?["frame"] as? Int == broken["frame"] as? Int)
        // The other (unaltered) certificate still decodes.
        #expect(certificates.dropFirst().allSatisfy { $0["x509"] != nil })
    }

    @Test("a handshake message announcing more than the reassembly bound is skipped with DTLS-008 at its frame")
    func reassemblyBound() throws {
        // The Certificate message's 24-bit length (12 + 3 + 3 octets before the DER) set to 2 MiB.
        let altered = try Self.alteredCapture("cli-huge-message.pcapng", at: -(3 + 3 + 12) + 1, to: [0x20, 0x00, 0x00])
        let (file, _) = try Self.json([altered])
        let bound = Self.findings(file, "DTLS-008")
        #expect(bound.count == 1)
        // The message's first fragment (the one altered) travels in the frame that holds the DER's first octets.
        let hex = try #require(try Oracle.fields(Oracle.fixture("webrtc.pcapng"), ["dtls.handshake.certificate"],
                                                 filter: "dtls.handshake.certificate").first?[0])
        let head = hexBytes(String(hex.prefix(32))).map { String(format: "%02x", $0) }.joined(separator: ":")
        let frame = try Oracle.fields(Oracle.fixture("webrtc.pcapng"), ["frame.number"], filter: "frame contains \(head)").first?[0]
        #expect((bound.first?["locations"] as? [[String: Any]])?.first?["frame"] as? Int == frame.flatMap { Int($0) })
        let session = try #require((file["dtls"] as? [[String: Any]])?.first)
        #expect((session["certificates"] as? [Any])?.count == 1)  // only the other side's
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index != hex.endIndex {
        if let byte = UInt8(hex[index..<next], radix: 16) { bytes.append(byte) }
        index = next
    }
    return bytes
}

extension SignallingTests {
    @Test("an --sdp file that is not a session description is unusable input (2), named on stderr")
    func badSDP() throws {
        let notSDP = try BadInputTests.write(Array("hello\n".utf8), "cli-not.sdp")
        let (_, messages, status) = try RTPDumpFileTests.run(["--sdp", notSDP, Oracle.fixture("webrtc.pcapng")])
        #expect(status == 2)
        #expect(messages.contains("rtpdump: --sdp \(notSDP)"))
    }
}

extension SignallingTests {
    @Test("text report: X.509 line and fingerprint verdict under each certificate")
    func textReport() throws {
        let (own, _) = try CommandLineTests.rtpdump(["--sdp", Oracle.fixture("webrtc-offer.sdp"), "--sdp", Oracle.fixture("webrtc-answer.sdp"),
                                                     Oracle.fixture("webrtc.pcapng")])
        let (file, _) = try Self.json([Oracle.fixture("webrtc.pcapng")])
        let x509 = try #require((((file["dtls"] as? [[String: Any]])?.first?["certificates"] as? [[String: Any]])?.first?["x509"]) as? [String: Any])
        #expect(own.contains("    X.509 \(x509["subject"] as? String ?? "?") (self-signed); serial \(x509["serialNumber"] as? String ?? "?")"))
        let offerLine = try #require(Self.fingerprintLines("webrtc-offer.sdp").first?.line)
        #expect(own.contains("    matches a=fingerprint of \(Oracle.fixture("webrtc-offer.sdp")):\(offerLine)\n"))
        let (other, _) = try CommandLineTests.rtpdump(["--sdp", Oracle.fixture("webrtc-both-active-offer.sdp"), Oracle.fixture("webrtc.pcapng")])
        #expect(other.contains("    does NOT match a=fingerprint of \(Oracle.fixture("webrtc-both-active-offer.sdp"))"))
    }
}

extension SignallingTests {
    @Test("the rtpmap clock rate drives jitter exactly as --clock-rate would; --clock-rate overrides the SDP")
    func clockRates() throws {
        let capture = Oracle.fixture("webrtc.pcapng")
        let sdp = ["--sdp", Oracle.fixture("webrtc-offer.sdp"), "--sdp", Oracle.fixture("webrtc-answer.sdp")]
        func streams(_ arguments: [String]) throws -> [String: [String: Any]] {
            let (file, _) = try Self.json(arguments + [capture])
            return Dictionary(uniqueKeysWithValues: (file["streams"] as? [[String: Any]] ?? []).map { ($0["ssrc"] as? String ?? "", $0) })
        }
        let fromSDP = try streams(sdp)
        let explicit = try streams(["--clock-rate", "111=48000", "--clock-rate", "96=90000"])
        #expect(fromSDP.count == 2)
        for (ssrc, stream) in fromSDP {
            let other = try #require(explicit[ssrc])
            for key in ["clockRate", "meanJitterMs", "maxJitterMs", "rfc3550JitterMs"] {
                #expect("\(stream[key] ?? "-")" == "\(other[key] ?? "-")", "\(ssrc) \(key)")
            }
            #expect((stream["clockRate"] as? Int ?? 0) > 0)
        }
        let overridden = try streams(sdp + ["--clock-rate", "111=8000"])
        let opus = try #require(overridden.values.first { $0["payloadType"] as? Int == 111 })
        #expect(opus["clockRate"] as? Int == 8000)
        #expect(opus["codec"] as? String == "OPUS/48000/2")
    }
}
