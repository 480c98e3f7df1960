import Foundation
import Testing

@Suite("sdpcheck diff: exit codes, text markers, JSON schema")
struct DiffCommandTests {
    static let fixtures = "Tests/SDPDiffTests/Fixtures/"
    static let offer1 = fixtures + "webrtcbin-session.offer1.sdp"
    static let offer2 = fixtures + "webrtcbin-session.offer2.sdp"

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporary(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sdpcheck-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOf: ToolRunner.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("webrtcbin's real second offer: exit 0, grouped text with +/-/~ markers, no colour on a pipe")
    func realSecondOffer() throws {
        let run = try ToolRunner.run("sdpcheck", ["diff", Self.offer1, Self.offer2])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("--- \(Self.offer1)\n+++ \(Self.offer2)\n"))
        #expect(run.stdout.contains("\nsession\n  ~ origin      session version: 0 → 1"))
        #expect(run.stdout.contains("m-section 3 video mid=video3 (added)\n  + mline       m-line: video 0 UDP/TLS/RTP/SAVPF 97"))
        #expect(run.stdout.contains("info[RENEG-012]"))
        #expect(!run.stdout.contains("\u{1B}["))
        let coloured = try ToolRunner.run("sdpcheck", ["diff", "--color", "always", Self.offer1, Self.offer2])
        #expect(coloured.stdout.contains("\u{1B}[32m+"))
    }

    @Test("an extmap remap exits 1 and JSON carries the finding, located, in the shared shape")
    func remapJSON() throws {
        let remapped = try Self.read(Self.offer2).replacingOccurrences(
            of: "a=extmap:3 urn:ietf:params:rtp-hdrext:toffset", with: "a=extmap:7 urn:ietf:params:rtp-hdrext:toffset")
        let path = try Self.temporary(remapped, name: "offer2-remapped.sdp")
        let run = try ToolRunner.run("sdpcheck", ["diff", "--format", "json", Self.offer1, path])
        #expect(run.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["command"] as? String == "diff")
        #expect(document["schema"] as? Int == 1)
        #expect(document["compared"] as? Bool == true)
        let findings = try #require(document["findings"] as? [[String: Any]])
        let remap = try #require(findings.first { $0["id"] as? String == "RENEG-005" })
        #expect(remap["severity"] as? String == "error")
        #expect(remap["category"] as? String == "renegotiation")
        let location = (remap["locations"] as? [[String: Any]])?.first
        #expect(location?["file"] as? String == path)
        #expect(location?["line"] as? Int == remapped.components(separatedBy: "\r\n").firstIndex { $0.hasPrefix("a=extmap:7 ") }.map { $0 + 1 })
        let sections = try #require(document["sections"] as? [[String: Any]])
        #expect(sections.count == 4)
        #expect(sections.map { $0["pairing"] as? String } == ["mid", "mid", "mid", "added"])
        let video = try #require(sections[1]["changes"] as? [[String: Any]])
        let change = try #require(video.first { $0["aspect"] as? String == "extmap" })
        #expect(change["op"] as? String == "changed")
        #expect(change["subject"] as? String == "urn:ietf:params:rtp-hdrext:toffset")
        #expect(change["before"] as? String == "3" && change["after"] as? String == "7")
        #expect((document["summary"] as? [String: Any])?["exitCode"] as? Int == 1)
    }

    @Test("a description compared with itself in LF line endings has no differences")
    func sameDescription() throws {
        let lf = try Self.read(Self.offer1).replacingOccurrences(of: "\r\n", with: "\n")
        let run = try ToolRunner.run("sdpcheck", ["diff", Self.offer1, "-"], stdin: Data(lf.utf8))
        #expect(run.status == 0)
        #expect(run.stdout.contains("no semantic differences"))
        #expect(run.stdout.contains("0 changes;"))
    }

    @Test("an unusable input exits 2 with INPUT-001, in text and JSON")
    func unusable() throws {
        let run = try ToolRunner.run("sdpcheck", ["diff", Self.offer1, "Tests/SDPCheckTests/Fixtures/binary.sdp"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("binary.sdp:1:1: error[INPUT-001]: binary data"))
        let json = try ToolRunner.run("sdpcheck", ["diff", "--format", "json", "/nonexistent/a.sdp", Self.offer2])
        #expect(json.status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["compared"] as? Bool == false)
        #expect((document["findings"] as? [[String: Any]])?.first?["id"] as? String == "INPUT-001")
    }

    @Test("every real renegotiation in Corpus/ (first and second offer, first and second answer): exit 0, one section added")
    func corpusRenegotiations() throws {
        let firsts = ToolRunner.corpusFiles().filter { $0.hasSuffix("/renegotiation.offer.sdp") || $0.hasSuffix("/renegotiation.answer.sdp") }
        var compared = 0
        for first in firsts {
            let second = first.replacingOccurrences(of: ".sdp", with: "2.sdp")
            guard FileManager.default.fileExists(atPath: ToolRunner.packageRoot.appendingPathComponent(second).path) else { continue }
            let run = try ToolRunner.run("sdpcheck", ["diff", "--format", "json", first, second])
            // Every one of these renegotiations connected (Corpus/manifest.json).
            #expect(run.status == 0, "\(first): \(run.stdout.suffix(400))")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let summary = document["summary"] as? [String: Any]
            #expect(summary?["sectionsAdded"] as? Int == 1, "\(first)")
            #expect(summary?["sectionsRemoved"] as? Int == 0, "\(first)")
            compared += 1
        }
        #expect(compared >= 10, "renegotiation pairs found in Corpus/: \(compared)")
    }
}
