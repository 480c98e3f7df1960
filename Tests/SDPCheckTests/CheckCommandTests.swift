import Foundation
import Testing

/// `sdpcheck OFFER ANSWER` (the default `check` subcommand) run as a process on a real
/// Firefox offer ⇄ webrtcbin answer pair from the corpus and on a broken variant of it.
@Suite("sdpcheck check: golden output, exit codes, JSON and SARIF shape")
struct CheckCommandTests {
    static let golden = "Tests/SDPCheckTests/Golden/"
    static let offer = golden + "firefox-webrtcbin.audio-video.offer.sdp"
    static let answer = golden + "firefox-webrtcbin.audio-video.answer.sdp"
    /// The same offer with its two `a=setup:actpass` lines made `a=setup:active`.
    static let brokenOffer = golden + "firefox-webrtcbin.both-active.offer.sdp"

    /// Compares with `Golden/<name>` byte for byte. With RTCSCOPE_RECORD_GOLDEN=1 the file
    /// is rewritten instead (then review the diff before committing it).
    func expectGolden(_ output: String, _ name: String) throws {
        let url = ToolRunner.packageRoot.appendingPathComponent(Self.golden + name)
        if ProcessInfo.processInfo.environment["RTCSCOPE_RECORD_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: url)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(output == expected, "output differs from \(name)")
    }

    @Test("the broken offer differs from the real one only in its a=setup values")
    func brokenIsMinimalEdit() throws {
        let real = try String(contentsOf: ToolRunner.packageRoot.appendingPathComponent(Self.offer), encoding: .utf8)
        let broken = try String(contentsOf: ToolRunner.packageRoot.appendingPathComponent(Self.brokenOffer), encoding: .utf8)
        #expect(real.replacingOccurrences(of: "a=setup:actpass", with: "a=setup:active") == broken)
        #expect(real != broken)
    }

    @Test("real pair: text output matches the golden file, exit 0")
    func realText() throws {
        let run = try ToolRunner.run("sdpcheck", [Self.offer, Self.answer])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("\u{1B}["))
        try expectGolden(run.stdout, "firefox-webrtcbin.audio-video.txt")
    }

    @Test("real pair: JSON output matches the golden file")
    func realJSON() throws {
        let run = try ToolRunner.run("sdpcheck", ["--format", "json", Self.offer, Self.answer])
        #expect(run.status == 0)
        try expectGolden(run.stdout, "firefox-webrtcbin.audio-video.json")
    }

    @Test("broken variant: text output matches the golden file, exit 1")
    func brokenText() throws {
        let run = try ToolRunner.run("sdpcheck", ["check", Self.brokenOffer, Self.answer])
        #expect(run.status == 1)
        try expectGolden(run.stdout, "firefox-webrtcbin.both-active.txt")
    }

    @Test("broken variant: JSON output matches the golden file and has the documented shape")
    func brokenJSON() throws {
        let run = try ToolRunner.run("sdpcheck", ["--format", "json", Self.brokenOffer, Self.answer])
        #expect(run.status == 1)
        try expectGolden(run.stdout, "firefox-webrtcbin.both-active.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["verdict"] as? String == "incompatible")
        let findings = try #require(document["findings"] as? [[String: Any]])
        let error = try #require(findings.first { $0["id"] as? String == "OA-DTLS-006" })
        #expect(error["severity"] as? String == "error")
        #expect(error["category"] as? String == "dtls")
        let locations = try #require(error["locations"] as? [[String: Any]])
        #expect(locations.first?["file"] as? String == Self.answer)
        #expect(locations.first?["line"] as? Int == 13)
        let negotiated = try #require(document["negotiated"] as? [[String: Any]])
        #expect(negotiated.map { $0["mid"] as? String } == ["0", "1"])
        #expect(document["icePairs"] is [[String: Any]])
    }

    @Test("SARIF 2.1.0: the catalogue's OA rules as driver rules, results located in the SDP files")
    func sarif() throws {
        let run = try ToolRunner.run("sdpcheck", ["--format", "sarif", Self.brokenOffer, Self.answer])
        #expect(run.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "sdpcheck")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.contains("OA-DTLS-006") && ids.contains("OA-CODEC-005") && ids.contains("INPUT-001"))
        let results = try #require(sarifRun["results"] as? [[String: Any]])
        let result = try #require(results.first { $0["ruleId"] as? String == "OA-DTLS-006" })
        #expect(result["level"] as? String == "error")
        if let index = result["ruleIndex"] as? Int { #expect(ids[index] == "OA-DTLS-006") }
        let physical = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.answer)
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 13)
        #expect(region["startColumn"] as? Int == 9)
    }

    @Test("unusable input exits 2 and both files are still read and reported")
    func unusable() throws {
        let both = try ToolRunner.run("sdpcheck", ["--color", "never", "/nonexistent/offer.sdp", "Tests/SDPCheckTests/Fixtures/empty.sdp"])
        #expect(both.status == 2)
        #expect(both.stdout.contains("/nonexistent/offer.sdp: error[INPUT-001]: cannot open"))
        #expect(both.stdout.contains("empty.sdp: error[INPUT-001]: empty input"))
        let one = try ToolRunner.run("sdpcheck", ["--format", "json", Self.offer, "Tests/SDPCheckTests/Fixtures/binary.sdp"])
        #expect(one.status == 2)
        let document = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any]
        #expect(document?["verdict"] as? String == "unusable")
        #expect((document?["findings"] as? [[String: Any]])?.count == 1)
    }

    @Test("colour only when asked for")
    func colour() throws {
        let forced = try ToolRunner.run("sdpcheck", ["--color", "always", Self.brokenOffer, Self.answer])
        #expect(forced.stdout.contains("\u{1B}[31m"))
        let noColor = try ToolRunner.run("sdpcheck", [Self.brokenOffer, Self.answer], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["))
    }
}

@Suite("sdpcheck check --lint")
struct CheckLintFlagTests {
    @Test("--lint adds each description's own findings and they count towards the verdict")
    func lintFlag() throws {
        let offer = "Tests/SDPCheckTests/Fixtures/wrapped.sdp"
        let answer = CheckCommandTests.answer
        let without = try ToolRunner.run("sdpcheck", ["--format", "json", offer, answer])
        let with = try ToolRunner.run("sdpcheck", ["--format", "json", "--lint", offer, answer])
        func ids(_ run: ToolRun) throws -> [String] {
            let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return (document?["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        }
        #expect(try !ids(without).contains("SDP-SYNTAX-001"))
        #expect(try ids(with).contains("SDP-SYNTAX-001"))
        #expect(with.status == 1)
    }
}
