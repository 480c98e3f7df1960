import Capture
import Foundation
import Testing
import Wire

/// DTLS records and handshakes of real webrtcbin sessions, against tshark and the SDPs.
@Suite("DTLS")
struct DTLSTests {
    static let capture = Oracle.fixture("webrtc.pcapng")
    static let bothActive = Oracle.fixture("webrtc-both-active.pcapng")

    @Test("records (content type, epoch, sequence number, length) equal tshark's, frame by frame",
          arguments: ["webrtc.pcapng", "webrtc-both-active.pcapng"])
    func records(_ name: String) throws {
        let file = Oracle.fixture(name)
        let rows = try Oracle.fields(file, ["frame.number", "dtls.record.content_type", "dtls.record.epoch",
                                            "dtls.record.sequence_number", "dtls.record.length"], filter: "dtls")
        #expect(rows.count >= 4)
        var expected: [Int: [[String]]] = [:]
        for row in rows { expected[Int(row[0]) ?? 0] = row.dropFirst().map { $0.split(separator: ",").map(String.init) } }
        let reader = try CaptureReader(path: file)
        var checked = 0
        while let packet = try reader.next() {
            guard let columns = expected[packet.frame] else { continue }
            let link = try #require(LinkLayer.decode(packet.data, linkType: packet.linkType))
            let udp = try #require(IPPacket(link.payload).flatMap { UDPDatagram($0.payload) })
            let (records, complete) = DTLSRecord.records(in: udp.payload)
            #expect(complete)
            #expect(records.map { String($0.contentType ?? 0) } == columns[0], "frame \(packet.frame)")
            #expect(records.map { String($0.epoch) } == columns[1], "frame \(packet.frame)")
            #expect(records.map { String($0.sequenceNumber) } == columns[2], "frame \(packet.frame)")
            #expect(records.map { String($0.fragment.count) } == columns[3], "frame \(packet.frame)")
            checked += 1
        }
        #expect(checked == rows.count)
    }

    @Test("handshake reassembled across fragments and records: suites, SRTP profile, message order as tshark decodes them")
    func handshake() throws {
        let report = try CaptureAnalyzer.analyze(path: Self.capture, options: AnalysisOptions())
        let session = try #require(report.dtls.first)
        #expect(report.dtls.count == 1)
        let hello = try Oracle.fields(Self.capture, ["dtls.handshake.ciphersuite"], filter: "dtls.handshake.type == 1 && dtls.handshake.ciphersuite")
        let offered = try #require(hello.first?.first).split(separator: ",").compactMap { UInt16($0.dropFirst(2), radix: 16) }
        #expect(session.offeredCipherSuites == offered.map(DTLSNames.cipherSuite))
        let chosen = try Oracle.fields(Self.capture, ["dtls.handshake.ciphersuite"], filter: "dtls.handshake.type == 2")
        let suite = try #require(chosen.first?.first.flatMap { UInt16($0.dropFirst(2), radix: 16) })
        #expect(session.cipherSuite == DTLSNames.cipherSuite(suite))
        #expect(session.srtpProfile == "SRTP_AES128_CM_HMAC_SHA1_80")
        #expect(session.offeredSrtpProfiles.contains("SRTP_AES128_CM_HMAC_SHA1_80"))
        // Message types in order of first appearance, as tshark lists them per frame.
        let types = try Oracle.fields(Self.capture, ["dtls.handshake.type"], filter: "dtls.handshake.type")
            .flatMap { $0[0].split(separator: ",").compactMap { UInt8($0) } }
        var firstSeen: [String] = []
        for type in types where !firstSeen.contains(DTLSHandshakeType.name(type)) { firstSeen.append(DTLSHandshakeType.name(type)) }
        var ours: [String] = []
        for message in session.handshake where !ours.contains(message.type) { ours.append(message.type) }
        #expect(ours == firstSeen)
        #expect(session.completed)
        #expect(session.version == "DTLS 1.2")
        #expect(!report.findings.contains { $0.id.hasPrefix("DTLS-") })
    }

    @Test("certificate SHA-256 fingerprints equal the SDPs' a=fingerprint and the DER tshark extracts")
    func certificateFingerprints() throws {
        let report = try CaptureAnalyzer.analyze(path: Self.capture, options: AnalysisOptions())
        let session = try #require(report.dtls.first)
        let own = session.certificates.filter { $0.index == 0 }
        #expect(own.count == 2)  // server's, then the client's (CertificateRequest was sent)
        var sdpFingerprints: Set<String> = []
        for name in ["webrtc-offer.sdp", "webrtc-answer.sdp"] {
            let text = try String(contentsOfFile: Oracle.fixture(name), encoding: .utf8)
            for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("a=fingerprint:sha-256 ") {
                sdpFingerprints.insert(String(line.dropFirst("a=fingerprint:sha-256 ".count)))
            }
        }
        #expect(!sdpFingerprints.isEmpty)
        for certificate in own { #expect(sdpFingerprints.contains(certificate.certificateSha256)) }
        let ders = try Oracle.fields(Self.capture, ["dtls.handshake.certificate"], filter: "dtls.handshake.certificate")
            .flatMap { $0[0].split(separator: ",") }
        let hashed = Set(ders.map { hex -> String in
            let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { i -> UInt8? in
                let start = hex.index(hex.startIndex, offsetBy: i)
                return UInt8(hex[start ..< hex.index(start, offsetBy: 2)], radix: 16)
            }
            return DTLSCertificateMessage.sha256Fingerprint(bytes)
        })
        #expect(Set(session.certificates.map(\.certificateSha256)) == hashed)
    }

    @Test("both peers active: two ClientHellos, fatal alerts, explained; exit status 1")
    func bothActive() throws {
        let report = try CaptureAnalyzer.analyze(path: Self.bothActive, options: AnalysisOptions())
        let session = try #require(report.dtls.first)
        #expect(!session.completed)
        let alerts = try Oracle.fields(Self.bothActive, ["frame.number", "dtls.alert_message.level", "dtls.alert_message.desc"],
                                       filter: "dtls.alert_message")
        #expect(session.alerts.map(\.frame) == alerts.map { Int($0[0]) ?? 0 })
        #expect(session.alerts.allSatisfy { $0.level == "fatal" && $0.description == "unexpected_message" })
        #expect(alerts.allSatisfy { $0[1] == "2" && $0[2] == "10" })
        let senders = Set(try Oracle.fields(Self.bothActive, ["ip.src", "udp.srcport"], filter: "dtls.handshake.type == 1")
            .map { "\($0[0]):\($0[1])" })
        #expect(senders.count == 2)
        #expect(report.findings.contains { $0.id == "DTLS-005" })
        #expect(report.findings.contains { $0.id == "DTLS-001" && ($0.hint ?? "").contains("both endpoints sent a ClientHello") })
        #expect(report.exitStatus == .errorsFound)
    }

    @Test("SRTCP: only the header is in the clear; E flag and index located with the negotiated profile's tag")
    func srtcp() throws {
        let report = try CaptureAnalyzer.analyze(path: Self.capture, options: AnalysisOptions())
        #expect(!report.rtcp.isEmpty)
        var lastIndex: [String: UInt32] = [:]
        for record in report.rtcp {
            #expect(record.encrypted)
            #expect(record.srtcpEncryptedFlag == true)
            let index = try #require(record.srtcpIndex)
            let ssrc = record.packets.first?.ssrc ?? ""
            // The index counts SRTCP packets per sender SSRC (RFC 3711 §3.3.1): strictly increasing.
            if let previous = lastIndex[ssrc] { #expect(index > previous) }
            lastIndex[ssrc] = index
            // Sender SSRCs are real: the SR senders are the RTP streams' SSRCs.
            if record.packets.first?.type == "SR" {
                #expect(report.streams.contains { $0.ssrc == ssrc })
            }
        }
    }
}
