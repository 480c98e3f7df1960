import Foundation
import Testing

/// A real dump: headless Chromium 156 (in a network namespace with only loopback) with two
/// peer connections negotiating audio, video and a data channel, then a second offer that
/// adds a receive-only video transceiver; written by the webrtc-internals page's own
/// download control (scripts/profiles/make-webrtc-internals-dump.py).
@Suite("sdpcheck dump: a real chrome://webrtc-internals dump")
struct DumpCommandTests {
    static let dump = "Tests/SDPCheckTests/Fixtures/dumps/chromium-156-webrtc_internals_dump.gz"

    /// The dump's JSON, decompressed with the system gzip.
    static func plainJSON() throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", ToolRunner.packageRoot.appendingPathComponent(dump).path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    static func temporary(_ data: Data, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sdpcheck-dump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Rewrites the `value` of update-log events of one peer connection.
    static func editEvents(_ data: Data, pc: String, _ edit: (_ number: Int, _ type: String, _ value: String) -> String) throws -> Data {
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var connections = try #require(root["PeerConnections"] as? [String: Any])
        var connection = try #require(connections[pc] as? [String: Any])
        var log = try #require(connection["updateLog"] as? [[String: Any]])
        for i in log.indices {
            log[i]["value"] = edit(i + 1, log[i]["type"] as? String ?? "", log[i]["value"] as? String ?? "")
        }
        connection["updateLog"] = log
        connections[pc] = connection
        root["PeerConnections"] = connections
        return try JSONSerialization.data(withJSONObject: root)
    }

    static func document(_ run: ToolRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test("the .gz dump: two peer connections, each pair found and checked, roles named, exit 0")
    func realDump() throws {
        let run = try ToolRunner.run("sdpcheck", ["dump", Self.dump])
        #expect(run.status == 0)
        #expect(run.stdout.contains("HeadlessChrome/156"))
        #expect(run.stdout.contains("peer connection 8-1"))
        #expect(run.stdout.contains("pair offer #9 / answer #15 (this peer is the offerer): compatible"))
        #expect(run.stdout.contains("pair offer #1 / answer #10 (this peer is the answerer): compatible"))
        #expect(run.stdout.contains("renegotiation local offer #9 → #25"))
        #expect(run.stdout.contains("2 peer connections, 12 descriptions, 4 offer/answer pairs, 0 incompatible"))
    }

    @Test("JSON: pairs with their update-log event numbers and verdicts; plain JSON reads the same")
    func json() throws {
        let run = try ToolRunner.run("sdpcheck", ["dump", "--format", "json", Self.dump])
        let document = try Self.document(run)
        #expect(document["command"] as? String == "dump")
        #expect(document["schema"] as? Int == 1)
        let connections = try #require(document["peerConnections"] as? [[String: Any]])
        #expect(connections.map { $0["id"] as? String } == ["8-1", "8-2"])
        let pairs = try #require(connections.first?["pairs"] as? [[String: Any]])
        #expect(pairs.map { $0["offerEvent"] as? Int } == [9, 25])
        #expect(pairs.map { $0["answerEvent"] as? Int } == [15, 29])
        #expect(pairs.allSatisfy { $0["role"] as? String == "offerer" && $0["verdict"] as? String != "incompatible" })
        let plain = try Self.temporary(try Self.plainJSON(), name: "dump.json")
        let again = try Self.document(try ToolRunner.run("sdpcheck", ["dump", "--format", "json", plain]))
        #expect((again["summary"] as? [String: Any])?["pairs"] as? Int == 4)
        #expect((document["summary"] as? [String: Any])?["pairs"] as? Int == 4)
    }

    @Test("an answer edited to a=setup:actpass makes that pair incompatible and exits 1, located in the event's SDP")
    func brokenPair() throws {
        let edited = try Self.editEvents(try Self.plainJSON(), pc: "8-1") { number, _, value in
            number == 15 ? value.replacingOccurrences(of: "a=setup:active", with: "a=setup:actpass") : value
        }
        let path = try Self.temporary(edited, name: "edited.json")
        let run = try ToolRunner.run("sdpcheck", ["dump", path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("pair offer #9 / answer #15 (this peer is the offerer): incompatible"))
        #expect(run.stdout.contains("\(path)#8-1/15:"))
        #expect(run.stdout.contains("pair offer #25 / answer #29 (this peer is the offerer): compatible"))
    }

    @Test("the older value form 'type: offer, sdp: v=0…' is read too")
    func legacyValues() throws {
        let edited = try Self.editEvents(try Self.plainJSON(), pc: "8-2") { _, type, value in
            guard type.contains("Description") || type.hasSuffix("OnSuccess"), value.hasPrefix("{"),
                  let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any],
                  let kind = object["type"] as? String, let sdp = object["sdp"] as? String else { return value }
            return "type: \(kind), sdp: \(sdp)"
        }
        let path = try Self.temporary(edited, name: "legacy.json")
        let run = try ToolRunner.run("sdpcheck", ["dump", path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("pair offer #1 / answer #10 (this peer is the answerer): compatible"))
        #expect(run.stdout.contains("pair offer #16 / answer #22 (this peer is the answerer)"))
    }

    @Test("not a dump: exit 2 with INPUT-001")
    func unusable() throws {
        let notJSON = try ToolRunner.run("sdpcheck", ["dump", "Tests/SDPDiffTests/Fixtures/webrtcbin-session.offer1.sdp"])
        #expect(notJSON.status == 2)
        #expect(notJSON.stdout.contains("error[INPUT-001]: not JSON"))
        let other = try Self.temporary(Data(#"{"getUserMedia": []}"#.utf8), name: "other.json")
        let run = try ToolRunner.run("sdpcheck", ["dump", "--format", "json", other])
        #expect(run.status == 2)
        #expect(((try Self.document(run))["findings"] as? [[String: Any]])?.first?["id"] as? String == "INPUT-001")
        let truncated = try Self.temporary(Data(try Data(contentsOf: ToolRunner.packageRoot.appendingPathComponent(Self.dump)).prefix(100)), name: "cut.gz")
        #expect(try ToolRunner.run("sdpcheck", ["dump", truncated]).status == 2)
    }
}
