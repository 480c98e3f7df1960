import Capture
import Diagnostics
import Foundation
import Testing
import Wire

/// The Swift pcap/pcapng readers against tshark's view of the same real captures.
@Suite("Capture readers")
struct CaptureReaderTests {
    static let captures = RTPStreamParityTests.captures

    /// Reads every frame of a file.
    static func frames(_ path: String) throws -> [CapturedPacket] {
        let reader = try CaptureReader(path: path)
        var frames: [CapturedPacket] = []
        while let packet = try reader.next() { frames.append(packet) }
        return frames
    }

    /// tshark's `frame.time_epoch` ("1764074432.519348333") in nanoseconds.
    static func nanoseconds(_ epoch: String) -> Int64? {
        let parts = epoch.split(separator: ".")
        guard parts.count == 2, let seconds = Int64(parts[0]) else { return nil }
        let fraction = String(parts[1].prefix(9))
        guard let digits = Int64(fraction + String(repeating: "0", count: 9 - fraction.count)) else { return nil }
        return seconds * 1_000_000_000 + digits
    }

    @Test("frame count, timestamps, lengths and interfaces equal tshark's", arguments: captures)
    func framesMatchTshark(_ name: String) throws {
        let file = Oracle.fixture(name)
        let expected = try Oracle.fields(file, ["frame.number", "frame.time_epoch", "frame.len", "frame.cap_len", "frame.interface_id"])
        let frames = try Self.frames(file)
        #expect(frames.count == expected.count)
        for (packet, row) in zip(frames, expected) {
            #expect(packet.frame == Int(row[0]))
            #expect(packet.timestamp.nanoseconds == Self.nanoseconds(row[1]), "frame \(packet.frame): \(row[1])")
            #expect(packet.originalLength == Int(row[2]))
            #expect(packet.data.count == Int(row[3]))
            #expect(packet.interfaceID == (Int(row[4]) ?? 0))
        }
    }

    @Test("pcapng with two interfaces of different link types and timestamp resolutions")
    func mixedInterfaces() throws {
        let reader = try CaptureReader(path: Oracle.fixture("mixed-interfaces.pcapng"))
        while try reader.next() != nil {}
        let links = Set(reader.interfaces.map(\.linkType))
        #expect(links == [.ethernet, .linuxSLL2])
        #expect(Set(reader.interfaces.map(\.unitsPerSecond)) == [1_000_000, 1_000_000_000])
        // libpcap 1.10 itself refuses this file; tshark (wiretap) reads it, and so do we (above).
    }

    @Test("the same packets in pcap µs, pcap ns, big-endian pcap, raw IPv4, NULL and LOOP decode to the same RTP statistics")
    func formatsAgree() throws {
        let names = ["pcmu-impaired.pcap", "pcmu-impaired-ns.pcap", "pcmu-impaired-ns-be.pcap", "pcmu-impaired-rawip4.pcap",
                     "pcmu-impaired-null.pcap", "pcmu-impaired-loop.pcap"]
        let reports = try names.map { try CaptureAnalyzer.analyze(path: Oracle.fixture($0), options: AnalysisOptions()) }
        let reference = try #require(reports.first?.streams.first)
        for report in reports {
            let stream = try #require(report.streams.first)
            #expect(stream.packets == reference.packets && stream.lost == reference.lost)
            #expect(stream.sequenceErrors == reference.sequenceErrors)
            // µs and ns files of the same capture differ below a microsecond only.
            #expect(abs(stream.maxJitterMs - reference.maxJitterMs) < 0.002)
        }
        #expect(reports.map { $0.linkTypes } == [["EN10MB"], ["EN10MB"], ["EN10MB"], ["IPV4"], ["NULL"], ["LOOP"]])
    }

    @Test("SLL, SLL2 and IPv6 captures are decoded down to RTP")
    func linkTypes() throws {
        for (name, link) in [("vp8-sll.pcap", "LINUX_SLL"), ("vp8-sll2.pcapng", "LINUX_SLL2"), ("pcmu-ipv6.pcap", "EN10MB"),
                             ("pcmu-ipv6-null.pcap", "NULL")] {
            let report = try CaptureAnalyzer.analyze(path: Oracle.fixture(name), options: AnalysisOptions())
            #expect(report.linkTypes == [link])
            #expect(report.streams.count == 1, "\(name)")
        }
        let v6 = try CaptureAnalyzer.analyze(path: Oracle.fixture("pcmu-ipv6.pcap"), options: AnalysisOptions())
        #expect(v6.streams.first?.source.hasPrefix("[::1]:") == true)
    }
}

/// Unusable and damaged inputs: located messages, the right error code, never a trap.
@Suite("Bad capture inputs")
struct BadInputTests {
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rtpdump-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func write(_ bytes: some Collection<UInt8>, _ name: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func bytes(_ fixture: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Oracle.fixture(fixture))))
    }

    @Test("a capture cut at arbitrary bytes reports the packet it cut, after decoding every packet before it",
          arguments: ["pcmu-rtcp.pcapng", "pcmu-impaired.pcap", "vp8-sll2.pcapng"])
    func truncated(_ fixture: String) throws {
        let whole = try Self.bytes(fixture)
        // Cut points spread over the file, none on a record boundary by construction of the check below.
        for fraction in [0.013, 0.21, 0.5, 0.77, 0.999] {
            let cut = Int(Double(whole.count) * fraction)
            let path = try Self.write(whole.prefix(cut), "cut-\(cut)-\(fixture)")
            // tshark prints every complete frame before the cut.
            let complete = try Oracle.fields(path, ["frame.number"]).count
            let report = try CaptureAnalyzer.analyze(path: path, options: AnalysisOptions())
            guard let error = report.error else {
                // The cut fell exactly on a record boundary: nothing is missing, tshark agrees.
                #expect(report.frames == complete)
                continue
            }
            #expect(error.code == "truncated", "\(fixture) cut at \(cut)")
            #expect(report.frames == complete, "\(fixture) cut at \(cut)")
            guard case .frame(_, let frame, _) = error.location else {
                Issue.record("truncation not located at a frame: \(error.location)")
                continue
            }
            #expect(frame == complete + 1)
            #expect(error.reason.contains("packet \(complete + 1)"))
            #expect(report.findings.contains { $0.id == "CAP-001" })
            #expect(report.exitStatus == .unusableInput)
        }
    }

    @Test("empty, text, short header and header-only files")
    func degenerateFiles() throws {
        let empty = try CaptureAnalyzer.analyze(path: Self.write([], "empty.pcap"), options: AnalysisOptions())
        #expect(empty.error?.code == "empty")
        #expect(empty.exitStatus == .unusableInput)

        let text = try CaptureAnalyzer.analyze(path: Self.write(Array("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n".utf8), "offer.sdp"),
                                               options: AnalysisOptions())
        #expect(text.error?.code == "unknown-format")
        #expect(text.error?.reason.contains("not a pcap or pcapng") == true)

        let whole = try Self.bytes("pcmu-impaired.pcap")
        let short = try CaptureAnalyzer.analyze(path: Self.write(whole.prefix(10), "short.pcap"), options: AnalysisOptions())
        #expect(short.error?.code == "truncated")

        let headerOnly = try CaptureAnalyzer.analyze(path: Self.write(whole.prefix(24), "header.pcap"), options: AnalysisOptions())
        #expect(headerOnly.error == nil)
        #expect(headerOnly.frames == 0)
        #expect(headerOnly.findings.map(\.id) == ["CAP-004"])
        #expect(headerOnly.exitStatus == .ok)

        let missing = try CaptureAnalyzer.analyze(path: Self.scratch.appendingPathComponent("missing.pcap").path, options: AnalysisOptions())
        #expect(missing.error?.code == "unreadable")
    }

    @Test("an unsupported link type (editcap -T user0) makes the file unusable, with a message naming it")
    func unsupportedLinkType() throws {
        let out = Self.scratch.appendingPathComponent("user0.pcap").path
        _ = try Oracle.run("/usr/bin/editcap", ["-F", "pcap", "-T", "user0", Oracle.fixture("pcmu-impaired.pcap"), out])
        let report = try CaptureAnalyzer.analyze(path: out, options: AnalysisOptions())
        #expect(report.error?.code == "unknown-format")
        #expect(report.error?.reason.contains("LINKTYPE 147") == true)
        #expect(report.findings.contains { $0.id == "CAP-003" })
        #expect(report.exitStatus == .unusableInput)
    }

    @Test("every prefix of every real frame decodes without trapping", arguments: RTPStreamParityTests.captures)
    func prefixesNeverTrap(_ name: String) throws {
        for packet in try CaptureReaderTests.frames(Oracle.fixture(name)) {
            for length in 0...packet.data.count {
                let prefix = packet.data.prefix(length)
                if let link = LinkLayer.decode(prefix, linkType: packet.linkType), let ip = IPPacket(link.payload),
                   let udp = UDPDatagram(ip.payload) {
                    _ = RTPPacket(udp.payload)
                    _ = RTCPCompound.decode(udp.payload)
                    _ = DatagramKind(classifying: udp.payload)
                }
            }
        }
    }
}

/// `--filter`: libpcap's BPF compiler and matcher behind CPcap.
@Suite("BPF filter")
struct FilterTests {
    @Test("udp port 5005 keeps exactly the frames tshark's equivalent display filter keeps")
    func portFilter() throws {
        let file = Oracle.fixture("pcmu-rtcp.pcapng")
        var options = AnalysisOptions()
        options.filter = "udp port 5005"
        let report = try CaptureAnalyzer.analyze(path: file, options: options)
        let expected = try Oracle.fields(file, ["frame.number"], filter: "udp.port == 5005").count
        #expect(expected > 0)
        #expect(report.matchedFrames == expected)
        #expect(report.streams.isEmpty)
        #expect(report.rtcp.count == expected)
    }

    @Test("the filter is compiled per link type (SLL2 and Ethernet in one pcapng)")
    func perLinkType() throws {
        var options = AnalysisOptions()
        options.filter = "ip6"
        let report = try CaptureAnalyzer.analyze(path: Oracle.fixture("mixed-interfaces.pcapng"), options: options)
        let expected = try Oracle.fields(Oracle.fixture("mixed-interfaces.pcapng"), ["frame.number"], filter: "ipv6").count
        #expect(report.matchedFrames == expected)
        #expect(report.streams.map(\.ssrc) == ["0x00006666"])
    }

    @Test("a bad expression is rejected with libpcap's message")
    func badExpression() {
        #expect(throws: PacketFilter.CompileError.self) { try PacketFilter("udp port banana") }
    }
}
