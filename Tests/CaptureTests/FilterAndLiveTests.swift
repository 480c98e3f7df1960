import Capture
import Foundation
import Testing

/// `--ssrc`, `--flow`, `--protocol` against tshark's counts on the same files; progress on
/// stderr; live capture on `lo` while GStreamer sends RTP to 127.0.0.1, ended by SIGINT.
@Suite("rtpdump filters, progress and live capture")
struct FilterAndLiveTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let (output, _, _) = try RTPDumpFileTests.run(["--format", "json"] + arguments)
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        return try #require((document?["files"] as? [[String: Any]])?.first)
    }

    static func kinds(_ file: [String: Any]) -> [String: Int] {
        var total: [String: Int] = [:]
        for flow in file["flows"] as? [[String: Any]] ?? [] {
            for (kind, count) in flow["kinds"] as? [String: Int] ?? [:] { total[kind, default: 0] += count }
        }
        return total
    }

    @Test("--protocol keeps only the named classes, as many as tshark decodes", arguments: [
        // tshark does not take SRTCP for RTCP: RFC 5761's rule (first byte 128–191, second 192–223) as a byte filter.
        ("stun", "stun"), ("dtls", "dtls"), ("rtcp", "udp.payload[0] >= 80 && udp.payload[0] <= bf && udp.payload[1] >= c0 && udp.payload[1] <= df"),
    ])
    func protocolFilter(_ name: String, _ tsharkFilter: String) throws {
        let capture = Oracle.fixture("webrtc.pcapng")
        let file = try Self.json(["--protocol", name, capture])
        let expected = try Oracle.fields(capture, ["frame.number"], filter: tsharkFilter).count
        #expect(expected > 0)
        #expect(Self.kinds(file) == [name: expected])
    }

    @Test("--protocol rtp,rtcp and --ssrc: one stream, tshark's packet count for that SSRC")
    func ssrcFilter() throws {
        let capture = Oracle.fixture("webrtc.pcapng")
        let file = try Self.json(["--protocol", "rtp,rtcp", "--ssrc", "0xDBAC8806", capture])
        let streams = try #require(file["streams"] as? [[String: Any]])
        #expect(streams.map { $0["ssrc"] as? String } == ["0xDBAC8806"])
        let expected = try Oracle.fields(capture, ["frame.number"], filter: "rtp.ssrc == 0xdbac8806").count
        #expect(streams.first?["packets"] as? Int == expected)
        // SRTCP from that sender (its SSRC is in the clear) is kept; the other sender's is not.
        let rtcp = try #require(file["rtcp"] as? [[String: Any]])
        #expect(!rtcp.isEmpty)
        #expect(rtcp.allSatisfy { ($0["packets"] as? [[String: Any]])?.first?["ssrc"] as? String == "0xDBAC8806" })
    }

    @Test("--flow A-B keeps both directions between A and B and nothing else; --flow A keeps A's traffic")
    func flowFilter() throws {
        let capture = Oracle.fixture("pcmu-rtcp.pcapng")
        let rows = try Oracle.fields(capture, ["ip.src", "udp.srcport", "ip.dst", "udp.dstport"], filter: "rtcp")
        let first = try #require(rows.first)
        let a = "\(first[0]):\(first[1])", b = "\(first[2]):\(first[3])"
        let file = try Self.json(["--flow", "\(b)-\(a)", capture])
        let flows = try #require(file["flows"] as? [[String: Any]])
        #expect(!flows.isEmpty)
        for flow in flows {
            let ends = Set([flow["source"] as? String ?? "", flow["destination"] as? String ?? ""])
            #expect(ends == Set([a, b]))
        }
        let expected = try Oracle.fields(capture, ["frame.number"],
                                         filter: "udp.port == \(first[1]) && udp.port == \(first[3])").count
        #expect(flows.reduce(0) { $0 + ($1["packets"] as? Int ?? 0) } == expected)
        let one = try Self.json(["--flow", b, capture])
        let toB = try Oracle.fields(capture, ["frame.number"], filter: "udp.port == \(first[3])").count
        #expect((one["flows"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["packets"] as? Int ?? 0) } == toB)
    }

    @Test("bad filter values are usage errors (64)", arguments: [
        ["--ssrc", "0xZZ"], ["--flow", "127.0.0.1"], ["--protocol", "sctp"], ["--flow", "1.2.3.4:5-6.7.8.9:10-1.1.1.1:1"],
    ])
    func usage(_ arguments: [String]) throws {
        let (_, _, status) = try RTPDumpFileTests.run(arguments + [Oracle.fixture("pcmu-impaired.pcap")])
        #expect(status == 64)
    }

    /// A classic pcap of `copies` times the fixture's packets (same bytes, one after another).
    static func largeCapture(copies: Int) throws -> String {
        let bytes = try BadInputTests.bytes("pcmu-impaired.pcap")
        var out = Array(bytes.prefix(24))
        let records = bytes.dropFirst(24)
        for _ in 0..<copies { out += records }
        return try BadInputTests.write(out, "cli-large.pcap")
    }

    @Test("progress: percentages of the bytes read on stderr when forced; nothing when stderr is not a terminal")
    func progress() throws {
        let large = try Self.largeCapture(copies: 300)  // 42 600 frames: progress every 16 384
        let (_, forced, status) = try RTPDumpFileTests.run(["--progress", large])
        #expect(status != 2)
        let percents = forced.split(separator: "\r").compactMap { part -> Int? in
            guard part.hasPrefix("rtpdump: \(large) ") else { return nil }
            return Int(part.dropFirst("rtpdump: \(large) ".count).prefix { $0.isNumber })
        }
        #expect(percents.last == 100)
        #expect(percents.contains { $0 > 0 && $0 < 100 })
        #expect(percents == percents.sorted())
        let (_, quiet, _) = try RTPDumpFileTests.run([large])
        #expect(!quiet.contains("%"))
    }
}

extension FilterAndLiveTests {
    @Test("live: rtpdump -i lo while gst-launch sends PCMU to 127.0.0.1; SIGINT ends it with the file summary; --write saves the frames",
          .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/gst-launch-1.0")))
    func live() throws {
        let port = 21000 + Int(getpid() % 2000)
        let ssrc: UInt32 = 0x0BADCAFE
        let saved = RTPDumpFileTests.scratch("cli-live.pcap")
        try? FileManager.default.removeItem(atPath: saved)

        let rtpdump = Process()
        rtpdump.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        rtpdump.arguments = ["-i", "lo", "--filter", "udp dst port \(port)", "--write", saved, "--format", "json"]
        let out = Pipe(), err = Pipe()
        rtpdump.standardOutput = out
        rtpdump.standardError = err
        try rtpdump.run()
        Thread.sleep(forTimeInterval: 1.0)

        let sender = Process()
        sender.executableURL = URL(fileURLWithPath: "/usr/bin/gst-launch-1.0")
        sender.arguments = ["-q", "audiotestsrc", "is-live=true", "num-buffers=100", "!", "audio/x-raw,rate=8000,channels=1",
                            "!", "mulawenc", "!", "rtppcmupay", "ssrc=\(ssrc)", "!",
                            "udpsink", "host=127.0.0.1", "port=\(port)"]
        sender.standardOutput = FileHandle.nullDevice
        sender.standardError = FileHandle.nullDevice
        try sender.run()
        sender.waitUntilExit()  // 100 buffers of 10 ms, live: about a second
        Thread.sleep(forTimeInterval: 0.3)
        rtpdump.interrupt()  // SIGINT, as Ctrl-C
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let messages = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        rtpdump.waitUntilExit()
        #expect(rtpdump.terminationReason == .exit)
        #expect(rtpdump.terminationStatus == 0, "\(messages)")
        #expect(messages.contains("capturing on lo"))
        // pcap_stats: a hundred packets on lo are not enough to overrun the kernel buffer.
        #expect(messages.contains("frame(s) captured on lo, 0 dropped by the kernel"))

        let document = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        let file = try #require((document?["files"] as? [[String: Any]])?.first)
        #expect(file["format"] as? String == "live")
        let stream = try #require((file["streams"] as? [[String: Any]])?.first)
        #expect(stream["ssrc"] as? String == "0x0BADCAFE")
        #expect(stream["destination"] as? String == "127.0.0.1:\(port)")
        #expect(stream["payloadType"] as? Int == 0)
        let packets = try #require(stream["packets"] as? Int)
        #expect(packets > 50)
        #expect(stream["lost"] as? Int == 0)
        // The saved file holds the same frames, as tshark reads them.
        let frames = try Oracle.fields(saved, ["rtp.seq"], filter: "rtp.ssrc == 0x0badcafe").count
        #expect(frames == packets)
        #expect(file["frames"] as? Int == (try Oracle.fields(saved, ["frame.number"]).count))
    }

    @Test("live: --duration ends the capture by itself; an unknown interface is unusable input (2)",
          .enabled(if: getuid() == 0))
    func liveLimits() throws {
        let (_, messages, status) = try RTPDumpFileTests.run(["-i", "no-such-if0", "--count", "1"])
        #expect(status == 2)
        #expect(messages.contains("no-such-if0"))
        let (output, _, counted) = try RTPDumpFileTests.run(["-i", "lo", "--duration", "0.5", "--format", "json"])
        #expect(counted == 0 || counted == 1)
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect((document?["files"] as? [[String: Any]])?.first?["format"] as? String == "live")
    }
}

extension FilterAndLiveTests {
    /// Captures, with rtpdump -i lo --write, what gst-launch sends to 127.0.0.1:`port`; returns the saved pcap.
    static func captureLive(port: Int, name: String, sender arguments: [String]) throws -> String {
        let saved = RTPDumpFileTests.scratch(name)
        try? FileManager.default.removeItem(atPath: saved)
        let rtpdump = Process()
        rtpdump.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        rtpdump.arguments = ["-i", "lo", "--filter", "udp dst port \(port)", "--write", saved]
        rtpdump.standardOutput = FileHandle.nullDevice
        rtpdump.standardError = FileHandle.nullDevice
        try rtpdump.run()
        Thread.sleep(forTimeInterval: 1.0)
        let sender = Process()
        sender.executableURL = URL(fileURLWithPath: "/usr/bin/gst-launch-1.0")
        sender.arguments = ["-q"] + arguments + ["!", "udpsink", "host=127.0.0.1", "port=\(port)"]
        sender.standardOutput = FileHandle.nullDevice
        sender.standardError = FileHandle.nullDevice
        try sender.run()
        sender.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.3)
        rtpdump.interrupt()
        rtpdump.waitUntilExit()
        return saved
    }

    @Test("RTP header extensions named through the SDP's extmap in --packets and JSON, values as tshark decodes them",
          .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/gst-launch-1.0")))
    func headerExtensions() throws {
        let uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
        // The payloader adds the transport-wide-cc element (RFC 8285 one-byte, id 5) that downstream caps ask for.
        let capture = try Self.captureLive(port: 19000 + Int(getpid() % 1000), name: "cli-twcc.pcap", sender: [
            "audiotestsrc", "is-live=true", "num-buffers=30", "!", "audio/x-raw,rate=8000,channels=1", "!", "mulawenc", "!",
            "rtppcmupay", "ssrc=195939071", "!", "application/x-rtp,extmap-5=(string)\(uri)"])
        let sdp = try BadInputTests.write(Array("""
            v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\nc=IN IP4 127.0.0.1\r\n\
            a=rtpmap:0 PCMU/8000\r\na=extmap:5 \(uri)\r\n
            """.utf8), "cli-twcc.sdp")
        let truth = try Oracle.fields(capture, ["rtp.ext.rfc5285.id", "rtp.ext.rfc5285.data"], filter: "rtp.ssrc == 195939071")
        #expect(truth.count > 10)
        #expect(truth.allSatisfy { $0[0] == "5" })

        let named = try Self.json(["--packets", "--sdp", sdp, capture])
        let packets = try #require(named["packets"] as? [[String: Any]]).filter { $0["protocol"] as? String == "rtp" }
        #expect(packets.count == truth.count)
        for (packet, row) in zip(packets, truth) {
            let element = try #require((packet["headerExtensions"] as? [[String: Any]])?.first)
            #expect(element["id"] as? Int == 5)
            #expect(element["uri"] as? String == uri)
            #expect(element["name"] as? String == "transport-wide-cc")
            #expect(element["value"] as? String == String(Int(row[1], radix: 16) ?? -1))
        }
        #expect((named["streams"] as? [[String: Any]])?.first?["codec"] as? String == "PCMU/8000")
        let (text, _, _) = try RTPDumpFileTests.run(["--packets", "--sdp", sdp, capture])
        #expect(text.contains("ext[transport-wide-cc=\(Int(truth[0][1], radix: 16) ?? -1)]"))

        // Without the SDP: the id and the raw value.
        let unnamed = try Self.json(["--packets", capture])
        let first = try #require(((unnamed["packets"] as? [[String: Any]])?.first { $0["protocol"] as? String == "rtp" }?["headerExtensions"]
            as? [[String: Any]])?.first)
        #expect(first["name"] == nil)
        #expect(first["value"] as? String == truth[0][1].lowercased())
    }
}

extension FilterAndLiveTests {
    @Test("--protocol rtp on a TURN capture keeps the RTP relayed inside ChannelData: the same streams as without the filter")
    func filterThroughTURN() throws {
        let capture = Oracle.fixture("turn-tcp.pcapng")
        func streams(_ file: [String: Any]) -> [String] {
            (file["streams"] as? [[String: Any]] ?? []).map {
                "\($0["ssrc"] ?? "") \($0["source"] ?? "") \($0["destination"] ?? "") \($0["transport"] ?? "") \($0["packets"] ?? "")"
            }
        }
        let all = try Self.json([capture])
        let relayed = (all["streams"] as? [[String: Any]] ?? []).filter { ($0["transport"] as? String)?.hasPrefix("turn") == true }
        #expect(!relayed.isEmpty)
        let filtered = try Self.json(["--protocol", "rtp", capture])
        #expect(streams(filtered) == streams(all))
        #expect(Set(Self.kinds(filtered).keys) == ["rtp"])
    }
}

extension FilterAndLiveTests {
    @Test("live: SIGTERM ends the capture like SIGINT, with the summary and exit status of the analysis",
          .enabled(if: getuid() == 0))
    func sigterm() throws {
        let rtpdump = Process()
        rtpdump.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        rtpdump.arguments = ["-i", "lo", "--filter", "udp dst port 9", "--format", "json"]
        let out = Pipe()
        rtpdump.standardOutput = out
        rtpdump.standardError = FileHandle.nullDevice
        try rtpdump.run()
        Thread.sleep(forTimeInterval: 1.0)
        rtpdump.terminate()  // SIGTERM
        let output = out.fileHandleForReading.readDataToEndOfFile()
        rtpdump.waitUntilExit()
        #expect(rtpdump.terminationReason == .exit)
        #expect(rtpdump.terminationStatus == 0)  // nothing captured: a warning (CAP-004) only
        let document = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        let file = try #require((document?["files"] as? [[String: Any]])?.first)
        #expect(file["file"] as? String == "lo")
        #expect(((file["findings"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == "CAP-004" })
    }
}
