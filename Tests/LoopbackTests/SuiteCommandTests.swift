import Dispatch
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `rtcloop suite` through its real path: the built executable spawns one `rtcloop run` child per case.
@Suite("rtcloop suite", .serialized)
struct SuiteCommandTests {
    static let productsDirectory: URL = {
        let bundle = Bundle.main.bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }()

    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    struct SuiteRun {
        let status: Int32
        let stderr: String
        let reports: URL
    }

    /// Runs `rtcloop suite CORPUS --report <temporary directory> ARGUMENTS` (killed after `limit` seconds).
    static func suite(corpus: URL, _ arguments: [String], limit: Int = 120) throws -> SuiteRun {
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("rtcloop-suite-\(UUID().uuidString)")
        let errURL = reports.appendingPathExtension("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("rtcloop")
        process.arguments = ["suite", corpus.path, "--report", reports.path] + arguments
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + .seconds(limit)) == .timedOut {
            process.terminate()
            done.wait()
        }
        try err.close()
        return SuiteRun(status: process.terminationStatus,
                        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), reports: reports)
    }

    /// The `<testcase>` elements and `<failure>` count of a JUnit file; nil when it is not well-formed XML.
    final class JUnitReader: NSObject, XMLParserDelegate {
        var testcases: [String] = []
        var failures = 0
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "testcase" { testcases.append(attributes["name"] ?? "") }
            if name == "failure" { failures += 1 }
        }

        static func read(_ url: URL) throws -> JUnitReader? {
            let reader = JUnitReader()
            let parser = XMLParser(data: try Data(contentsOf: url))
            parser.delegate = reader
            return parser.parse() ? reader : nil
        }
    }

    @Test("three real cases (a browser offer, a browser answer webrtcbin rejects, a failure variant): every report written and consistent, exit 0")
    func subset() throws {
        let ids = ["chromium-webrtcbin/audio-only", "webrtcbin-firefox/h264", "variants/missing-ice-ufrag"]
        let run = try Self.suite(corpus: Self.corpus, ids.flatMap { ["--filter", $0] } + ["--jobs", "2"])
        defer { try? FileManager.default.removeItem(at: run.reports) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("[3/3] "), "\(run.stderr)")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.reports.appendingPathComponent("loopback.json"))) as? [String: Any])
        let cases = json["cases"] as? [[String: Any]] ?? []
        #expect(cases.compactMap { $0["id"] as? String }.sorted() == ids.sorted())
        // Outcomes come from the child processes and are compared with the manifest's reviewed expectations.
        for item in cases {
            #expect(item["outcome"] as? String == item["expected"] as? String, "\(item)")
            #expect(item["childExitStatus"] as? Int == (item["outcome"] as? String == "connected" ? 0 : 1), "\(item)")
        }
        let byID = Dictionary(uniqueKeysWithValues: cases.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["webrtcbin-firefox/h264"]?["message"] as? String == "media 1 is missing or contains an empty 'ice-ufrag' attribute")
        #expect((byID["chromium-webrtcbin/audio-only"]?["connectedAfterMs"] as? Double ?? 0) > 0)
        #expect(byID["variants/missing-ice-ufrag"]?["variantOf"] as? String == "pairs/chromium-webrtcbin/audio-video.offer.sdp")
        // The static verdict is sdpcheck's when it was built beside rtcloop, null otherwise.
        let sdpcheckBuilt = FileManager.default.isExecutableFile(atPath: Self.productsDirectory.appendingPathComponent("sdpcheck").path)
        for item in cases {
            let verdict = item["staticVerdict"] as? String
            if sdpcheckBuilt { #expect(["compatible", "degraded", "incompatible"].contains(verdict ?? "-"), "\(item)") }
            else { #expect(item["staticVerdict"] is NSNull, "\(item)") }
        }

        let junit = try #require(try JUnitReader.read(run.reports.appendingPathComponent("loopback.junit.xml")), "JUnit XML is not well-formed")
        #expect(junit.testcases.sorted() == ids.sorted())
        #expect(junit.failures == 0)

        let markdown = String(decoding: try Data(contentsOf: run.reports.appendingPathComponent("loopback.md")), as: UTF8.self)
        let rows = markdown.split(separator: "\n")
        // Columns are the scenarios (audio-only, h264); a row has one cell per column, empty where no case ran.
        #expect(rows.contains { $0.hasPrefix("| offerer → answerer | audio-only | h264 |") }, "\(markdown)")
        #expect(rows.contains { $0.hasPrefix("| chromium → webrtcbin | connected ") && $0.hasSuffix(" |  |") }, "\(markdown)")
        #expect(rows.contains { $0.hasPrefix("| webrtcbin → firefox |  | rejected-answer · ") }, "\(markdown)")
        #expect(rows.contains { $0.hasPrefix("| missing-ice-ufrag | offer | `pairs/chromium-webrtcbin/audio-video.offer.sdp` |") && $0.contains("rejected-offer") }, "\(markdown)")
        #expect(markdown.contains("3 cases, 3 with the reviewed expected outcome"))
    }

    /// A corpus of real files from `chromium-webrtcbin` with manifest entries carrying `loopback` blocks.
    static func temporaryCorpus(_ entries: [(scenario: String, role: String, loopback: [String: Any]?)]) throws -> URL {
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("rtcloop-corpus-\(UUID().uuidString)")
        let pairs = corpus.appendingPathComponent("pairs/chromium-webrtcbin")
        try FileManager.default.createDirectory(at: pairs, withIntermediateDirectories: true)
        var files: [[String: Any]] = []
        for (scenario, role, loopback) in entries {
            let name = "\(scenario).\(role).sdp"
            try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent("pairs/chromium-webrtcbin/\(name)"),
                                             to: pairs.appendingPathComponent(name))
            var entry: [String: Any] = [
                "path": "pairs/chromium-webrtcbin/\(name)", "producer": role == "offer" ? "chromium" : "webrtcbin",
                "version": "x", "role": role, "scenario": scenario, "pair": "chromium-webrtcbin/\(scenario)",
                "observed": ["consumer": NSNull(), "remoteDescription": "accepted", "error": NSNull(), "connection": "connected"],
            ]
            if let loopback { entry["loopback"] = loopback }
            files.append(entry)
        }
        let manifest: [String: Any] = ["schema": 1, "generated": "2026-11-25", "files": files]
        try JSONSerialization.data(withJSONObject: manifest).write(to: corpus.appendingPathComponent("manifest.json"))
        return corpus
    }

    @Test("a child that hangs is killed after the deadline plus the margin (timeout), one that dies of a signal is crashed; the suite goes on")
    func killedChildren() throws {
        let corpus = try Self.temporaryCorpus([
            ("audio-only", "offer", ["expected": "timeout"]),
            ("datachannel", "offer", ["expected": "crashed"]),
        ])
        defer { try? FileManager.default.removeItem(at: corpus) }
        // Stands in for `rtcloop run`: dies of SIGSEGV for the data channel case, hangs for the other.
        let child = corpus.appendingPathComponent("child.sh")
        try Data("#!/bin/sh\ncase \"$*\" in *datachannel*) kill -SEGV $$ ;; esac\nexec sleep 60\n".utf8).write(to: child)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: child.path)
        let run = try Self.suite(corpus: corpus, ["--sdpcheck", "none", "--child-executable", child.path, "--timeout", "1", "--margin", "1"], limit: 60)
        defer { try? FileManager.default.removeItem(at: run.reports) }
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.reports.appendingPathComponent("loopback.json"))) as? [String: Any])
        let cases = Dictionary(uniqueKeysWithValues: (json["cases"] as? [[String: Any]] ?? []).map { ($0["id"] as? String ?? "", $0) })
        let hung = try #require(cases["chromium-webrtcbin/audio-only"])
        #expect(hung["outcome"] as? String == "timeout")
        #expect((hung["message"] as? String ?? "").hasPrefix("killed after 2.0 s without an outcome"), "\(hung)")
        #expect(hung["childExitStatus"] is NSNull)
        #expect(hung["deadlineSeconds"] as? Double == 1)
        #expect((hung["wallMs"] as? Int ?? 0) >= 2000)
        let crashed = try #require(cases["chromium-webrtcbin/datachannel"])
        #expect(crashed["outcome"] as? String == "crashed")
        #expect(crashed["message"] as? String == "the child died of signal 11", "\(crashed)")
    }

    @Test("a deliberately wrong expectation fails the suite (exit 1) and is a JUnit failure; a case without one fails too")
    func mismatch() throws {
        // Real files whose manifest entries expect what did not happen, or nothing at all.
        let corpus = try Self.temporaryCorpus([
            ("audio-only", "offer", ["expected": "ice-failed"]),
            ("audio-only", "answer", nil),
            ("datachannel", "offer", nil),
        ])
        defer { try? FileManager.default.removeItem(at: corpus) }
        let run = try Self.suite(corpus: corpus, ["--sdpcheck", "none"])
        defer { try? FileManager.default.removeItem(at: run.reports) }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("chromium-webrtcbin/audio-only … connected"), "\(run.stderr)")
        #expect(run.stderr.contains("(expected ice-failed)"), "\(run.stderr)")
        #expect(run.stderr.contains("(expected nothing reviewed)"), "\(run.stderr)")
        let junit = try #require(try JUnitReader.read(run.reports.appendingPathComponent("loopback.junit.xml")))
        #expect(junit.testcases.count == 2)
        #expect(junit.failures == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.reports.appendingPathComponent("loopback.json"))) as? [String: Any])
        let summary = json["summary"] as? [String: Any]
        #expect(summary?["mismatching"] as? [String] == ["chromium-webrtcbin/audio-only", "chromium-webrtcbin/datachannel"])
        #expect((json["cases"] as? [[String: Any]] ?? []).allSatisfy { $0["staticVerdict"] is NSNull })
    }
}
