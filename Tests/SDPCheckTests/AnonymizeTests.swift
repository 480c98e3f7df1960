import Foundation
import Testing

@Suite("sdpcheck format --anonymize")
struct AnonymizeTests {
    /// Offer/answer pairs of the corpus (files named `<scenario>.offer.sdp` / `.answer.sdp`).
    static func corpusPairs() -> [(String, String)] {
        let files = Set(ToolRunner.corpusFiles())
        return files.filter { $0.hasSuffix(".offer.sdp") }.sorted().compactMap { offer in
            let answer = offer.replacingOccurrences(of: ".offer.sdp", with: ".answer.sdp")
            return files.contains(answer) ? (offer, answer) : nil
        }
    }

    /// (id, line) of each finding of `sdpcheck lint --format json` on the files.
    static func lintSignature(_ paths: [String]) throws -> [[String]] {
        let run = try ToolRunner.run("sdpcheck", ["lint", "--format", "json"] + paths)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let files = document?["files"] as? [[String: Any]] ?? []
        return files.map { file in
            (file["findings"] as? [[String: Any]] ?? []).map { finding in
                let line = ((finding["locations"] as? [[String: Any]])?.first?["line"] as? Int) ?? 0
                return "\(finding["id"] as? String ?? "?")@\(line)"
            }
        }
    }

    @Test("the corpus has offer/answer pairs to anonymise")
    func corpusHasPairs() {
        #expect(Self.corpusPairs().count >= 5)
    }

    @Test("anonymising a pair masks identifying values consistently and leaves the lint result unchanged")
    func pairsKeepLintResult() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("anon-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        for (offer, answer) in Self.corpusPairs() {
            let dir = output.appendingPathComponent(UUID().uuidString).path
            let run = try ToolRunner.run("sdpcheck", ["format", "--anonymize", "--output-dir", dir, offer, answer])
            #expect(run.status == 0, "\(run.stderr)")
            let maskedOffer = dir + "/" + (offer as NSString).lastPathComponent
            let maskedAnswer = dir + "/" + (answer as NSString).lastPathComponent
            #expect(try Self.lintSignature([offer, answer]) == Self.lintSignature([maskedOffer, maskedAnswer]),
                    "lint changed after anonymising \(offer)")

            let original = try String(contentsOfFile: ToolRunner.packageRoot.appendingPathComponent(offer).path, encoding: .utf8)
            let masked = try String(contentsOfFile: maskedOffer, encoding: .utf8)
            // Same number of lines, same terminators: only values changed.
            #expect(original.components(separatedBy: "\r\n").count == masked.components(separatedBy: "\r\n").count)
            for line in original.components(separatedBy: "\r\n") {
                if line.hasPrefix("a=ice-pwd:") || line.hasPrefix("a=ice-ufrag:") {
                    #expect(!masked.contains(line), "\(offer): \(line) survived anonymisation")
                }
                if line.hasPrefix("a=fingerprint:") {
                    #expect(!masked.contains(line), "\(offer): fingerprint survived")
                }
                if line.hasPrefix("a=candidate:"), let address = line.split(separator: " ").dropFirst(4).first,
                   !address.hasPrefix("127."), address != "0.0.0.0" {
                    #expect(!masked.contains(" \(address) "), "\(offer): candidate address \(address) survived")
                }
            }
        }
    }

    @Test("one run masks the same value the same way in every file")
    func consistentAcrossFiles() throws {
        let offer = "v=0\r\no=- 1 1 IN IP4 192.168.7.9\r\ns=-\r\nt=0 0\r\nm=audio 51000 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 192.168.7.9\r\na=ice-ufrag:Xy7q\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=candidate:1 1 udp 2122260223 192.168.7.9 51000 typ host\r\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.sdp"), b = dir.appendingPathComponent("b.sdp")
        try Data(offer.utf8).write(to: a)
        try Data(offer.replacingOccurrences(of: "Xy7q", with: "Zz99").utf8).write(to: b)
        let run = try ToolRunner.run("sdpcheck", ["format", "--anonymize", a.path, b.path])
        let outputs = run.stdout.components(separatedBy: "v=0\r\n").filter { !$0.isEmpty }
        #expect(outputs.count == 2)
        guard outputs.count == 2 else { return }
        let first = outputs[0].components(separatedBy: "\r\n"), second = outputs[1].components(separatedBy: "\r\n")
        // Address, port and password are equal in both inputs: equal masks. The ufrags differ: different masks.
        #expect(first.filter { $0.hasPrefix("a=candidate") } == second.filter { $0.hasPrefix("a=candidate") })
        #expect(first.filter { $0.hasPrefix("a=ice-pwd") } == second.filter { $0.hasPrefix("a=ice-pwd") })
        #expect(first.filter { $0.hasPrefix("a=ice-ufrag") } != second.filter { $0.hasPrefix("a=ice-ufrag") })
        #expect(!run.stdout.contains("192.168.7.9") && !run.stdout.contains("51000"))
        #expect(first.contains("a=ice-ufrag:U1xx"))
        #expect(first.contains("a=ice-pwd:P1xxxxxxxxxxxxxxxxxxxxxx"))
    }
}
