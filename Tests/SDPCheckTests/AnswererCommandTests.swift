import Foundation
import Testing

/// `sdpcheck OFFER --answerer webrtcbin` on offers the real webrtcbin answered during the
/// measurement (Tests/AnswererProfilesTests/Fixtures).
@Suite("sdpcheck OFFER --answerer webrtcbin: predicted answer, findings, verdict, exit codes")
struct AnswererCommandTests {
    static let fixtures = "Tests/AnswererProfilesTests/Fixtures/"

    @Test("Chromium's offer: degraded (RTX/RED/FEC dropped, no BUNDLE), exit 0, the predicted answer printed")
    func chromium() throws {
        let run = try ToolRunner.run("sdpcheck", [Self.fixtures + "chromium-audio-video.offer.sdp", "--answerer", "webrtcbin"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("predicted answer from webrtcbin (GStreamer 1.22"))
        #expect(run.stdout.contains("m-section 1 video mid=1: VP8/90000 pt 96, recvonly"))
        #expect(run.stdout.contains("warning[PROFILE-002]"))
        #expect(run.stdout.contains("warning[PROFILE-005]"))
        #expect(run.stdout.hasSuffix("verdict: degraded\n"))
    }

    @Test("webrtcbin's own max-bundle offer: incompatible under the default policy (exit 1), fine with --bundle-policy max-bundle")
    func bundlePolicy() throws {
        let offer = Self.fixtures + "webrtcbin-audio-video.offer.sdp"
        let none = try ToolRunner.run("sdpcheck", [offer, "--answerer", "webrtcbin"])
        #expect(none.status == 1)
        #expect(none.stdout.contains("error[PROFILE-006]"))
        let bundled = try ToolRunner.run("sdpcheck", ["check", "--format", "json", "--answerer", "webrtcbin", "--bundle-policy", "max-bundle", offer])
        #expect(bundled.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bundled.stdout.utf8)) as? [String: Any])
        let prediction = try #require(document["prediction"] as? [String: Any])
        #expect(prediction["bundleGroup"] as? [String] == ["audio0", "video1"])
        let sections = try #require(prediction["sections"] as? [[String: Any]])
        #expect(sections.map { $0["port"] as? Int } == [9, 9])
        #expect(document["verdict"] as? String != "incompatible")
    }

    @Test("a missing ice-ufrag: webrtcbin's own set-remote-description error, exit 1")
    func refused() throws {
        let text = try String(contentsOf: ToolRunner.packageRoot.appendingPathComponent(Self.fixtures + "firefox-audio-video.offer.sdp"), encoding: .utf8)
        let edited = text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("a=ice-ufrag") }.joined(separator: "\r\n")
        let run = try ToolRunner.run("sdpcheck", ["-", "--answerer", "webrtcbin"], stdin: Data(edited.utf8))
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[PROFILE-001]"))
        #expect(run.stdout.contains("refused in set-remote-description: media 0 is missing or contains an empty 'ice-ufrag' attribute"))
    }

    @Test("an unknown answerer or a missing answer is a usage error; an unusable offer exits 2")
    func usage() throws {
        let offer = Self.fixtures + "chromium-audio-video.offer.sdp"
        #expect(try ToolRunner.run("sdpcheck", [offer, "--answerer", "pion"]).status == 64)
        #expect(try ToolRunner.run("sdpcheck", [offer]).status == 64)
        #expect(try ToolRunner.run("sdpcheck", ["Tests/SDPCheckTests/Fixtures/empty.sdp", "--answerer", "webrtcbin"]).status == 2)
    }
}
