import Foundation
import Testing

/// The `rtpdump` executable: exit codes and located messages.
@Suite("rtpdump command line")
struct CommandLineTests {
    /// The built executable next to the test bundle (`swift build` builds it with the tests).
    static var executable: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            let candidate = url.deletingLastPathComponent().appendingPathComponent("rtpdump")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            url = url.deletingLastPathComponent()
        }
        return "rtpdump"
    }

    static func rtpdump(_ arguments: [String]) throws -> (output: String, status: Int32) {
        try Oracle.run(executable, arguments)
    }

    @Test("a clean capture exits 0 and prints the stream table")
    func clean() throws {
        let (output, status) = try Self.rtpdump([Oracle.fixture("pcmu-rtcp.pcapng")])
        #expect(status == 0)
        #expect(output.contains("0x1234ABCD"))
        #expect(output.contains("RTP streams"))
    }

    @Test("a truncated file exits 2 and names the packet; the other files are still processed")
    func truncatedAndOthers() throws {
        let whole = try BadInputTests.bytes("pcmu-impaired.pcap")
        let cut = try BadInputTests.write(whole.prefix(whole.count / 2 + 7), "cli-cut.pcap")
        let (output, status) = try Self.rtpdump(["--format", "json", cut, Oracle.fixture("pcmu-rtcp.pcapng")])
        #expect(status == 2)
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let files = try #require(document?["files"] as? [[String: Any]])
        #expect(files.count == 2)
        let error = try #require(files[0]["error"] as? [String: Any])
        #expect(error["code"] as? String == "truncated")
        let location = try #require(error["location"] as? [String: Any])
        #expect((location["frame"] as? Int ?? 0) > 1)
        #expect((files[1]["streams"] as? [Any])?.count == 1)
    }

    @Test("JSON streams carry the documented keys")
    func jsonKeys() throws {
        let (output, _) = try Self.rtpdump(["--format", "json", Oracle.fixture("pcmu-impaired.pcap")])
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let stream = try #require(((document?["files"] as? [[String: Any]])?.first?["streams"] as? [[String: Any]])?.first)
        for key in ["ssrc", "payloadType", "source", "destination", "packets", "lost", "sequenceErrors",
                    "maxDeltaMs", "maxJitterMs", "meanJitterMs"] {
            #expect(stream[key] != nil, "missing \(key)")
        }
    }

    @Test("not a capture exits 2; a bad --clock-rate is a usage error")
    func usage() throws {
        let text = try BadInputTests.write(Array("hello\n".utf8), "hello.txt")
        let (output, status) = try Self.rtpdump([text])
        #expect(status == 2)
        #expect(output.contains("not a pcap or pcapng"))
        let (_, usage) = try Self.rtpdump(["--clock-rate", "96", text])
        #expect(usage == 64)
    }
}

extension CommandLineTests {
    @Test("--packets lists one line per frame that carries UDP, with the frame numbers tshark gives")
    func packetList() throws {
        let file = Oracle.fixture("webrtc-both-active.pcapng")
        let (output, status) = try Self.rtpdump(["--packets", file])
        #expect(status == 1)
        let frames = try Oracle.fields(file, ["frame.number"], filter: "udp").map { $0[0] }
        let listed = output.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("Packets") }.dropFirst()
            .prefix { !$0.isEmpty }.map { String($0.split(separator: " ").first ?? "") }
        #expect(listed == frames)
        #expect(output.contains("STUN Binding request"))
        #expect(output.contains("DTLS ClientHello") || output.contains("DTLS "))
        #expect(output.contains("Alert fatal unexpected_message"))
    }
}

extension CommandLineTests {
    @Test("every file is processed: an unusable one in the middle is named, the others are analysed, and the status is the worst")
    func everyFileProcessed() throws {
        let notCapture = try BadInputTests.write(Array("not a capture\n".utf8), "cli-middle.pcap")
        let first = Oracle.fixture("pcmu-rtcp.pcapng"), last = Oracle.fixture("pcmu-impaired.pcap")
        let (output, status) = try Self.rtpdump([first, notCapture, last])
        #expect(status == 2)
        let headers = output.split(separator: "\n").filter { $0.hasPrefix("== ") }.map { $0.dropFirst(3).split(separator: " ").first.map(String.init) }
        #expect(headers == [first, notCapture, last])
        #expect(output.contains("\(notCapture): error[INPUT-001]: not a pcap or pcapng capture"))
        // The files around it keep their streams.
        #expect(output.components(separatedBy: "RTP streams").count == 3)
    }

    @Test("a filter that does not compile for one file's link type makes only that file unusable")
    func filterPerLinkType() throws {
        // `ether src` compiles for Ethernet but not for the raw-IPv4 capture of the same packets.
        let ethernet = Oracle.fixture("pcmu-rtcp.pcapng"), raw = Oracle.fixture("pcmu-impaired-rawip4.pcap")
        let (output, status) = try Self.rtpdump(["--format", "json", "--filter", "ether src 00:00:00:00:00:00", ethernet, raw,
                                                 Oracle.fixture("pcmu-impaired.pcap")])
        #expect(status == 2)
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let files = try #require(document?["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == [ethernet, raw, Oracle.fixture("pcmu-impaired.pcap")])
        #expect(files[0]["error"] == nil)
        let error = try #require(files[1]["error"] as? [String: Any])
        #expect((error["reason"] as? String)?.contains("cannot compile filter") == true)
        // The third file is read: its frames are counted (none passes the filter: the loopback MACs are not zero).
        #expect((files[2]["frames"] as? Int ?? 0) > 0)
    }
}
