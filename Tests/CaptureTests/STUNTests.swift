import Capture
import Foundation
import Testing
import Wire

/// STUN decoding, FINGERPRINT / MESSAGE-INTEGRITY verification and the ICE check table, on a
/// real webrtcbin ↔ webrtcbin session captured with the SDPs the peers exchanged.
@Suite("STUN and ICE")
struct STUNTests {
    static let capture = Oracle.fixture("webrtc.pcapng")

    /// `a=ice-ufrag` → `a=ice-pwd` of the offer and the answer.
    static func credentials() throws -> [String: String] {
        var result: [String: String] = [:]
        for name in ["webrtc-offer.sdp", "webrtc-answer.sdp"] {
            let text = try String(contentsOfFile: Oracle.fixture(name), encoding: .utf8)
            let lines = text.split(whereSeparator: \.isNewline)
            func value(_ prefix: String) -> String? {
                lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            }
            let ufrag = try #require(value("a=ice-ufrag:"))
            result[ufrag] = try #require(value("a=ice-pwd:"))
        }
        return result
    }

    static func analyze(passwords: [String: String]) throws -> CaptureReport {
        var options = AnalysisOptions()
        options.icePasswords = passwords
        return try CaptureAnalyzer.analyze(path: capture, options: options)
    }

    @Test("messages, transaction ids, usernames, attributes and FINGERPRINT status equal tshark's")
    func matchesTshark() throws {
        let rows = try Oracle.fields(Self.capture, ["frame.number", "stun.type", "stun.id", "stun.att.username",
                                                    "stun.att.crc32.status", "stun.att.ipv4", "stun.att.port",
                                                    "stun.att.priority", "stun.att.type"], filter: "stun")
        let report = try Self.analyze(passwords: [:])
        #expect(rows.count >= 4)
        #expect(report.stun.count == rows.count)
        for (message, row) in zip(report.stun, rows) {
            #expect(message.frame == Int(row[0]))
            let type = try #require(UInt16(row[1].dropFirst(2), radix: 16))
            let expectedClass = switch (type & 0x0100 != 0, type & 0x0010 != 0) {
            case (false, false): "request"
            case (false, true): "indication"
            case (true, false): "success"
            case (true, true): "error"
            }
            #expect(message.class == expectedClass)
            #expect(message.method == "Binding")
            #expect(message.transactionId == row[2])
            #expect((message.username ?? "") == row[3])
            // tshark: 1 = good, 2 = bad; empty without FINGERPRINT.
            #expect(message.fingerprintValid == (row[4].isEmpty ? nil : row[4] == "1"))
            if !row[5].isEmpty {
                let mapped = message.attributes.first { $0.name == "XOR-MAPPED-ADDRESS" }?.value
                #expect(mapped == "\(row[5]):\(row[6])")
            }
            if !row[7].isEmpty {
                #expect(message.attributes.first { $0.name == "PRIORITY" }?.value == row[7])
            }
            let types = row[8].split(separator: ",").compactMap { UInt16($0.dropFirst(2), radix: 16) }
            let ours = message.attributes.map(\.name)
            #expect(ours.count == types.count)
            for (name, type) in zip(ours, types) {
                #expect(name == (STUNAttribute.Kind(rawValue: type)?.name ?? "0x" + String(type, radix: 16, uppercase: true)))
            }
        }
    }

    @Test("MESSAGE-INTEGRITY verifies with the passwords from the exchanged SDPs")
    func integrityWithSDPPasswords() throws {
        let report = try Self.analyze(passwords: try Self.credentials())
        let protected = report.stun.filter { $0.integrity != nil }
        #expect(protected.count >= 4)
        #expect(protected.allSatisfy { $0.integrity == "valid" })
        #expect(!report.findings.contains { $0.id == "STUN-002" })
    }

    @Test("a wrong password for one agent fails exactly the checks keyed with it (requests to it and its responses)")
    func integrityWithWrongPassword() throws {
        var passwords = try Self.credentials()
        let ufrags = passwords.keys.sorted()
        for wrong in ufrags {
            passwords = try Self.credentials()
            passwords[wrong] = "not-the-password-of-this-agent"
            let report = try Self.analyze(passwords: passwords)
            // Requests addressed to `wrong` carry USERNAME "wrong:other"; responses share the transaction id.
            let keyed = Set(report.stun.filter { $0.class == "request" && ($0.username ?? "").hasPrefix(wrong + ":") }.map(\.transactionId))
            #expect(!keyed.isEmpty)
            for message in report.stun where message.integrity != nil {
                #expect(message.integrity == (keyed.contains(message.transactionId) ? "invalid" : "valid"),
                        "frame \(message.frame)")
            }
            #expect(report.findings.contains { $0.id == "STUN-002" })
            #expect(report.exitStatus == .errorsFound)
        }
    }

    @Test("a flipped byte breaks FINGERPRINT and MESSAGE-INTEGRITY of a real message")
    func tamperedMessage() throws {
        let passwords = try Self.credentials()
        let reader = try CaptureReader(path: Self.capture)
        var checked = 0
        while let packet = try reader.next() {
            guard let link = LinkLayer.decode(packet.data, linkType: packet.linkType), let ip = IPPacket(link.payload),
                  let udp = UDPDatagram(ip.payload), let message = STUNMessage(udp.payload), message.messageClass == .request,
                  let ufrag = message.username?.split(separator: ":").first, let password = passwords[String(ufrag)]
            else { continue }
            #expect(message.fingerprintMatches == true)
            #expect(message.integrityMatches(key: Array(password.utf8)) == true)
            var bytes = Array(udp.payload)
            bytes[25] ^= 0x01  // inside the first attribute
            let tampered = try #require(STUNMessage(bytes[...]))
            #expect(tampered.fingerprintMatches == false)
            #expect(tampered.integrityMatches(key: Array(password.utf8)) == false)
            checked += 1
        }
        #expect(checked >= 2)
    }

    @Test("ICE check table: per pair requests, successes, nomination and role agree with the raw messages")
    func checkTable() throws {
        let report = try Self.analyze(passwords: try Self.credentials())
        let rows = try Oracle.fields(Self.capture, ["ip.src", "udp.srcport", "ip.dst", "udp.dstport", "stun.type", "stun.att.type"],
                                     filter: "stun")
        #expect(report.iceChecks.count == 2)
        for pair in report.iceChecks {
            let requests = rows.filter { "\($0[0]):\($0[1])" == pair.local && "\($0[2]):\($0[3])" == pair.remote && $0[4] == "0x0001" }
            let responses = rows.filter { "\($0[0]):\($0[1])" == pair.remote && "\($0[2]):\($0[3])" == pair.local && $0[4] == "0x0101" }
            #expect(pair.requests == requests.count)
            #expect(pair.successes == responses.count)
            #expect(pair.nominated == requests.contains { $0[5].contains("0x0025") })
            let controlling = requests.contains { $0[5].contains("0x802a") || $0[5].contains("0x802A") }
            #expect(pair.role == (controlling ? "controlling" : "controlled"))
            #expect((pair.meanRttMs ?? -1) >= 0)
        }
        #expect(report.iceChecks.contains { $0.nominated && $0.role == "controlling" })
        #expect(!report.findings.contains { $0.id == "STUN-003" })
    }
}

/// A real ICE failure: the answerer was signalled a wrong ice-pwd for the offerer.
@Suite("ICE failure: wrong ice-pwd")
struct WrongPasswordTests {
    static let capture = Oracle.fixture("webrtc-wrong-pwd.pcapng")

    static func credentials() throws -> [String: String] {
        var result: [String: String] = [:]
        for name in ["webrtc-wrong-pwd-offer.sdp", "webrtc-wrong-pwd-answer.sdp"] {
            let lines = try String(contentsOfFile: Oracle.fixture(name), encoding: .utf8).split(whereSeparator: \.isNewline)
            let ufrag = try #require(lines.first { $0.hasPrefix("a=ice-ufrag:") }).dropFirst("a=ice-ufrag:".count)
            result[String(ufrag)] = String(try #require(lines.first { $0.hasPrefix("a=ice-pwd:") }).dropFirst("a=ice-pwd:".count))
        }
        return result
    }

    @Test("401 responses, integrity failing exactly on the checks keyed with the wrong password, exit status 1")
    func diagnosis() throws {
        let passwords = try Self.credentials()
        var options = AnalysisOptions()
        options.icePasswords = passwords
        let report = try CaptureAnalyzer.analyze(path: Self.capture, options: options)
        let errors = try Oracle.fields(Self.capture, ["frame.number", "stun.att.error"], filter: "stun.type == 0x0111")
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0[1] == "1" })  // class 4, number 1: 401
        let findings = report.findings.filter { $0.id == "STUN-005" }
        #expect(findings.count == errors.count)
        #expect(findings.compactMap { if case .frame(_, let f, _) = $0.locations.first { f } else { nil } } == errors.map { Int($0[0]) ?? 0 })
        // The pair whose checks were rejected is the answerer's: its requests carry USERNAME "offerer:answerer".
        let rejected = try #require(report.iceChecks.first { $0.errors > 0 })
        #expect(rejected.errorCodes == [401])
        #expect(rejected.successes == 0)
        let offererUfrag = try #require(rejected.username?.split(separator: ":").first.map(String.init))
        #expect(passwords[offererUfrag] != nil)
        for message in report.stun where message.integrity != nil {
            let keyedWithWrong = message.class == "request" && (message.username ?? "").hasPrefix(offererUfrag + ":")
            #expect(message.integrity == (keyedWithWrong ? "invalid" : "valid"), "frame \(message.frame)")
        }
        #expect(report.findings.contains { $0.id == "STUN-002" })
        #expect(report.exitStatus == .errorsFound)
        // The offerer's own checks did succeed: ICE is half-working, not silent.
        #expect(report.iceChecks.contains { $0.successes > 0 && $0.nominated })
    }
}
