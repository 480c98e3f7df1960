import Foundation
import Testing

@Suite("sdpcheck lint and format: exit codes, located errors, every input processed")
struct LintCommandTests {
    static let fixtures = "Tests/SDPCheckTests/Fixtures/"

    @Test("unusable inputs exit 2 with a located message, and the other files are still checked")
    func unusableInputs() throws {
        let run = try ToolRunner.run("sdpcheck", [
            "lint", "--color", "never",
            Self.fixtures + "empty.sdp", Self.fixtures + "binary.sdp", Self.fixtures + "latin1.sdp",
            Self.fixtures + "truncated.sdp", "/nonexistent/offer.sdp", Self.fixtures + "wrapped.sdp",
        ])
        #expect(run.status == 2)
        #expect(run.stdout.contains("empty.sdp: error[INPUT-001]: empty input"))
        #expect(run.stdout.contains("binary.sdp:1:1: error[INPUT-001]: binary data"))
        #expect(run.stdout.contains("latin1.sdp:3:6: error[INPUT-001]: line 3 is not valid UTF-8"))
        #expect(run.stdout.contains("truncated.sdp:6:"))
        #expect(run.stdout.contains("input ends in the middle of line 6"))
        #expect(run.stdout.contains("/nonexistent/offer.sdp: error[INPUT-001]: cannot open"))
        // The usable file after all the bad ones was still checked.
        #expect(run.stdout.contains("wrapped.sdp:5:1: error[SDP-SYNTAX-001]"))
        #expect(run.stdout.contains("(5 unusable)"))
    }

    @Test("a 1 MB single line is refused with exit 2, naming the line")
    func hugeLine() throws {
        let text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=x-huge:" + String(repeating: "A", count: 1 << 20) + "\r\n"
        let run = try ToolRunner.run("sdpcheck", ["lint", "-"], stdin: Data(text.utf8))
        #expect(run.status == 2)
        #expect(run.stdout.contains("-:3:1: error[INPUT-001]: line 3 is 1048585 bytes long"))
    }

    @Test("stdin as '-', JSON output with the shared finding shape")
    func jsonFromStdin() throws {
        let input = try Data(contentsOf: ToolRunner.packageRoot.appendingPathComponent(Self.fixtures + "wrapped.sdp"))
        let run = try ToolRunner.run("sdpcheck", ["lint", "--format", "json", "-"], stdin: input)
        #expect(run.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let files = document?["files"] as? [[String: Any]]
        let findings = files?.first?["findings"] as? [[String: Any]]
        let first = findings?.first { ($0["id"] as? String) == "SDP-SYNTAX-001" }
        #expect(first?["severity"] as? String == "error")
        #expect(first?["category"] as? String == "syntax")
        let location = (first?["locations"] as? [[String: Any]])?.first
        #expect(location?["file"] as? String == "-")
        #expect(location?["line"] as? Int == 5)
        #expect((document?["summary"] as? [String: Any])?["exitCode"] as? Int == 1)
    }

    @Test("colour only when asked or on a terminal; NO_COLOR wins over auto")
    func colour() throws {
        let path = Self.fixtures + "wrapped.sdp"
        let plain = try ToolRunner.run("sdpcheck", ["lint", path])
        #expect(!plain.stdout.contains("\u{1B}["))
        let forced = try ToolRunner.run("sdpcheck", ["lint", "--color", "always", path])
        #expect(forced.stdout.contains("\u{1B}[31m"))
        let noColor = try ToolRunner.run("sdpcheck", ["lint", path], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["))
    }

    @Test("format prints an unmodified description byte for byte")
    func formatRoundTrip() throws {
        for file in ["wrapped.sdp"] + ToolRunner.corpusFiles().prefix(20) {
            let path = file.hasPrefix("Corpus/") ? file : Self.fixtures + file
            let original = try Data(contentsOf: ToolRunner.packageRoot.appendingPathComponent(path))
            let run = try ToolRunner.run("sdpcheck", ["format", path])
            #expect(run.status == 0)
            #expect(Data(run.stdout.utf8) == original, "\(path) changed in a format round trip")
        }
    }
}
