import Dispatch
import Foundation
import Testing
import Loopback

/// Runs the built `rtcloop` with a deadline (the child is killed if it overruns) and captures its output.
struct RTCLoopRun {
    let status: Int32
    let stdout: String
    let stderr: String

    static let productsDirectory: URL = {
        let bundle = Bundle.main.bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    init(_ arguments: [String], limit: DispatchTimeInterval = .seconds(30)) throws {
        let process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent("rtcloop")
        process.arguments = arguments
        process.currentDirectoryURL = Self.fixtures
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        // Files, not pipes: the child can never block on a full pipe while we wait with a deadline.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtcloop-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + limit) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + .seconds(5))
        }
        try out.close()
        try err.close()
        status = process.terminationStatus
        stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
    }
}

/// Checkpoint 4: the `rtcloop` executable, its output formats and exit codes.
@Suite("rtcloop command", .serialized)
struct RTCLoopCommandTests {
    @Test("run --format json: connected, exit 0, the documented keys, loopback candidates")
    func connectedJSON() throws {
        let run = try RTCLoopRun(["run", "--datachannel", "--deadline", "8", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let document = try run.json()
        for key in ["outcome", "connectedAfterMs", "timeline", "streams", "candidates", "findings", "offer", "answer", "injected", "configuration"] {
            #expect(document[key] != nil, "missing \(key)")
        }
        let outcome = document["outcome"] as? [String: Any]
        #expect(outcome?["kind"] as? String == "connected")
        let events = document["timeline"] as? [[String: Any]] ?? []
        let names = Set(events.compactMap { $0["event"] as? String })
        for name in ["offer-created", "answer-created", "candidate", "dtls-state", "first-decoded-frame", "message-received"] {
            #expect(names.contains(name), "no \(name) event")
        }
        #expect(events.allSatisfy { $0["ms"] is Double || $0["ms"] is Int })
        #expect((document["findings"] as? [Any])?.isEmpty == true)
        let candidates = (document["candidates"] as? [String: [String]] ?? [:]).values.flatMap { $0 }
        #expect(!candidates.isEmpty)
        #expect(candidates.allSatisfy { CandidateLine($0)?.isLoopback == true }, "\(candidates)")
    }

    @Test("an injected offer that webrtcbin rejects: exit 1, the outcome and a located finding in text")
    func rejectedText() throws {
        let run = try RTCLoopRun(["run", "--offer", "offer-missing-ice-ufrag.sdp", "--deadline", "5"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("outcome: rejected-offer: media 0 is missing or contains an empty 'ice-ufrag' attribute"))
        #expect(run.stdout.contains("offer-missing-ice-ufrag.sdp: error[LOOP-SDP-001]: webrtcbin rejected the injected offer"))
        #expect(run.stdout.contains("injected  offer from offer-missing-ice-ufrag.sdp"))
    }

    @Test("a kept wrong fingerprint: webrtcbin connects, so the exit status is 0, and rtcloop still reports LOOP-DTLS-003")
    func fingerprintMismatch() throws {
        let run = try RTCLoopRun(["run", "--offer", "offer-wrong-fingerprint.sdp", "--keep", "fingerprint", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let document = try run.json()
        #expect((document["outcome"] as? [String: Any])?["kind"] as? String == "connected")
        let findings = document["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["id"] as? String } == ["LOOP-DTLS-003"])
        #expect((findings.first?["locations"] as? [[String: Any]])?.first?["file"] as? String == "offer-wrong-fingerprint.sdp")
        let text = try RTCLoopRun(["run", "--offer", "offer-wrong-fingerprint.sdp", "--keep", "fingerprint", "--timeout", "8"])
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("outcome: connected"))
        #expect(text.stdout.contains("offer-wrong-fingerprint.sdp: error[LOOP-DTLS-003]"))
    }

    @Test("--media chooses the kinds: video and data only negotiates no audio and echoes on the data channel")
    func mediaOption() throws {
        let run = try RTCLoopRun(["run", "--media", "video,data", "--timeout", "8", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let document = try run.json()
        let settings = document["configuration"] as? [String: Any]
        #expect(settings?["streams"] as? [String] == ["video VP8/96"])
        #expect(settings?["dataChannel"] as? Bool == true)
        #expect(settings?["deadlineMs"] as? Int == 8000)
        let bad = try RTCLoopRun(["run", "--media", "video,smell"])
        #expect(bad.status == 64, "\(bad.stdout)\(bad.stderr)")
    }

    @Test("unusable input: exit 2 with the INPUT finding; nothing is negotiated")
    func unusableInput() throws {
        let missing = try RTCLoopRun(["run", "--offer", "no-such-file.sdp", "--format", "json"])
        #expect(missing.status == 2, "\(missing.stdout)\(missing.stderr)")
        let document = try missing.json()
        #expect(document["outcome"] is NSNull)
        let findings = document["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["id"] as? String } == ["INPUT-001"])
        let empty = try RTCLoopRun(["run", "--answer", "README.md"])
        #expect(empty.status == 2, "\(empty.stdout)\(empty.stderr)")
        #expect(empty.stderr.contains("README.md"))
    }

    @Test("--capture records the case's loopback traffic: tshark sees STUN, DTLS and SRTP between 127.0.0.1 ports")
    func capture() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rtcloop-\(UUID().uuidString).pcapng").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try RTCLoopRun(["run", "--audio", "none", "--capture", path, "--hold", "0.5"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let tshark = Process()
        tshark.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        tshark.arguments = ["-r", path, "-T", "fields", "-e", "ip.src", "-e", "ip.dst", "-e", "_ws.col.Protocol"]
        let pipe = Pipe()
        tshark.standardOutput = pipe
        tshark.standardError = FileHandle.nullDevice
        try tshark.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        tshark.waitUntilExit()
        let rows = text.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.count >= 2 && $0[0] == "127.0.0.1" && $0[1] == "127.0.0.1" })
        let protocols = Set(rows.compactMap { $0.count > 2 ? $0[2] : nil })
        #expect(protocols.contains("STUN"), "\(protocols)")
        #expect(protocols.contains { $0.hasPrefix("DTLS") }, "\(protocols)")
    }

    @Test("bench: several cases in one process, JSON summary")
    func bench() throws {
        let run = try RTCLoopRun(["bench", "--cases", "2", "--warm-up", "1", "--audio", "none", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let document = try run.json()
        #expect((document["cases"] as? [Any])?.count == 2)
        #expect(document["warmUpCases"] as? Int == 1)
        let rss = (document["cases"] as? [[String: Any]] ?? []).compactMap { $0["rssKiB"] as? Int }
        #expect(rss.count == 2)
        #expect(document["rssGrowthAfterWarmUpKiB"] as? Int == (rss.count == 2 ? rss[1] - rss[0] : nil))
        #expect(document["warmMedianFirstDecodedFrameMs"] is Double)
        #expect(document["notConnected"] as? Int == 0)
    }

    @Test("--help shows examples and the exit codes")
    func help() throws {
        let run = try RTCLoopRun(["run", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("--offer"))
        #expect(run.stdout.contains("--keep"))
        let top = try RTCLoopRun(["--help"])
        #expect(top.stdout.contains("Examples:"))
        #expect(top.stdout.contains("Exit status: 0 connected, 1 any other outcome, 2 unusable input."))
    }
}
