import Foundation
import Testing

/// Issue 7's bad-input suite for SDP: every subcommand gives the shared exit code 2 and a
/// message naming the file (and line where there is one) for unusable input, and still
/// processes every other input of the same run.
@Suite("Bad SDP input: located errors, exit 2, the rest of the run goes on")
struct BadInputTests {
    /// Writes the bad inputs into a fresh directory and returns their paths by name.
    static func makeInputs() throws -> (URL, [String: String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let real = try Data(contentsOf: ToolRunner.packageRoot.appendingPathComponent("Corpus/pairs/chromium-webrtcbin/audio-video.offer.sdp"))
        var mlines = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        for _ in 0..<10_000 { mlines += "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" }
        var withNUL = real
        withNUL[200] = 0
        let inputs: [String: Data] = [
            "empty.sdp": Data(),
            "nul.sdp": withNUL,
            "latin1.sdp": Data("v=0\r\ns=Caf".utf8) + Data([0xE9]) + Data("\r\n".utf8),
            "png.sdp": Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]),
            "tenmb-line.sdp": Data("v=0\r\na=x:".utf8) + Data(repeating: UInt8(ascii: "A"), count: 10 << 20),
            "mlines.sdp": Data(mlines.utf8),
            "half.sdp": real.prefix(real.count / 2 + 7),
            "good.sdp": real,
        ]
        var paths: [String: String] = [:]
        for (name, data) in inputs {
            let url = dir.appendingPathComponent(name)
            try data.write(to: url)
            paths[name] = url.path
        }
        return (dir, paths)
    }

    @Test("lint: each bad file is named with its reason; the good one is still checked")
    func lint() throws {
        let (dir, paths) = try Self.makeInputs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let order = ["empty.sdp", "nul.sdp", "latin1.sdp", "png.sdp", "tenmb-line.sdp", "mlines.sdp", "half.sdp", "good.sdp"]
        let run = try ToolRunner.run("sdpcheck", ["lint", "--format", "json"] + order.map { paths[$0]! })
        #expect(run.status == 2)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let files = document?["files"] as? [[String: Any]] ?? []
        #expect(files.count == order.count)
        var messages: [String: String] = [:]
        var lines: [String: Int] = [:]
        for file in files {
            let name = ((file["file"] as? String) ?? "").split(separator: "/").last.map(String.init) ?? ""
            let finding = (file["findings"] as? [[String: Any]])?.first
            messages[name] = (finding?["id"] as? String ?? "") + " " + (finding?["message"] as? String ?? "")
            lines[name] = ((finding?["locations"] as? [[String: Any]])?.first?["line"] as? Int)
            if name != "good.sdp" { #expect(file["status"] as? String == "unusable", "\(name)") }
        }
        #expect(messages["empty.sdp"]?.hasPrefix("INPUT-001 empty input") == true)
        #expect(messages["nul.sdp"]?.contains("binary data: byte 0x00") == true)
        #expect(lines["nul.sdp"] != nil)
        #expect(messages["latin1.sdp"]?.contains("not valid UTF-8") == true && lines["latin1.sdp"] == 2)
        #expect(messages["png.sdp"]?.contains("binary data: byte 0x00 at line 3, column 1") == true)
        #expect(messages["tenmb-line.sdp"]?.contains("at most") == true)
        #expect(messages["mlines.sdp"]?.contains("10000 m-sections") == true)
        #expect(messages["half.sdp"]?.contains("ends in the middle of line") == true && lines["half.sdp"] != nil)
        let good = files.first { ($0["file"] as? String)?.hasSuffix("good.sdp") == true }
        #expect(good?["status"] as? String == "checked")
    }

    @Test("show, format, diff and check refuse unusable input with exit 2 and name the file",
          arguments: [["show"], ["format"], ["diff", "GOOD"], ["check", "GOOD"]])
    func otherCommands(prefix: [String]) throws {
        let (dir, paths) = try Self.makeInputs()
        defer { try? FileManager.default.removeItem(at: dir) }
        for bad in ["empty.sdp", "nul.sdp", "latin1.sdp", "half.sdp"] {
            var arguments = [prefix[0], "--color", "never"].filter { !(prefix[0] == "format" && $0.hasPrefix("--color") || prefix[0] == "format" && $0 == "never") }
            arguments.append(paths[bad]!)
            if prefix.count > 1 { arguments.append(paths["good.sdp"]!) }
            let run = try ToolRunner.run("sdpcheck", arguments)
            #expect(run.status == 2, "\(prefix[0]) \(bad): exit \(run.status)")
            #expect((run.stdout + run.stderr).contains(paths[bad]!), "\(prefix[0]) \(bad) does not name the file")
            #expect((run.stdout + run.stderr).contains("INPUT-001"), "\(prefix[0]) \(bad): \(run.stdout) \(run.stderr)")
        }
    }
}
