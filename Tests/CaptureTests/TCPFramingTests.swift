@testable import Capture
import Foundation
import Testing
import Wire

/// RFC 4571 framed RTP over TCP and TURN (ChannelData, Send/Data indications, TURN over TCP)
/// on real captures made by scripts/captures/make-tcp-fixtures, with tshark as the oracle.
@Suite("TCP framing and TURN")
struct TCPFramingTests {
    static let rfc4571 = Oracle.fixture("rfc4571-tcp.pcapng")
    static let turn = Oracle.fixture("turn-tcp.pcapng")
    /// tshark decodes RFC 4571 on TCP only when told (`-d tcp.port==N,rtp`).
    static let decodeAs = ["-d", "tcp.port==5010,rtp", "-d", "tcp.port==5012,rtp"]

    // MARK: tshark

    /// Rows of `tshark -q -z rtp,streams` with extra options (decode-as, heuristics).
    static func tsharkStreams(_ file: String, _ extra: [String]) throws -> [Oracle.StreamRow] {
        let text = try Oracle.tshark(["-r", file] + extra + ["-q", "-z", "rtp,streams"])
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard f.count >= 17, f[6].hasPrefix("0x"), let ssrc = UInt32(f[6].dropFirst(2), radix: 16) else { return nil }
            func d(_ i: Int) -> Double { Double(f[i]) ?? .nan }
            return Oracle.StreamRow(source: f[2], sourcePort: Int(f[3]) ?? -1, destination: f[4], destinationPort: Int(f[5]) ?? -1,
                                    ssrc: ssrc, packets: Int(f[8]) ?? -1, lost: Int(f[9]) ?? -1,
                                    minDelta: d(11), meanDelta: d(12), maxDelta: d(13),
                                    minJitter: d(14), meanJitter: d(15), maxJitter: d(16))
        }
    }

    static func expectSame(_ stream: RTPStreamReport, _ row: Oracle.StreamRow, jitter: Bool, _ context: String) {
        #expect(stream.packets == row.packets, "\(context)")
        #expect(stream.wiresharkLost == row.lost, "\(context)")
        #expect(abs(stream.minDeltaMs - row.minDelta) < 0.0015, "\(context) min delta \(stream.minDeltaMs) vs \(row.minDelta)")
        #expect(abs(stream.meanDeltaMs - row.meanDelta) < 0.0015, "\(context) mean delta \(stream.meanDeltaMs) vs \(row.meanDelta)")
        #expect(abs(stream.maxDeltaMs - row.maxDelta) < 0.0015, "\(context) max delta \(stream.maxDeltaMs) vs \(row.maxDelta)")
        if jitter {
            #expect(abs(stream.meanJitterMs - row.meanJitter) < 0.0015, "\(context) mean jitter \(stream.meanJitterMs) vs \(row.meanJitter)")
            #expect(abs(stream.maxJitterMs - row.maxJitter) < 0.0015, "\(context) max jitter \(stream.maxJitterMs) vs \(row.maxJitter)")
        }
    }

    // MARK: Frames of a capture, decoded here layer by layer

    struct Segment {
        let frame: Int
        let key: TCPReassembler.Key
        let segment: TCPSegment
    }

    struct Datagram {
        let frame: Int
        let source: Endpoint
        let destination: Endpoint
        let payload: ArraySlice<UInt8>
    }

    static func transport(_ file: String) throws -> (tcp: [Segment], udp: [Datagram]) {
        let reader = try CaptureReader(path: file)
        var tcp: [Segment] = [], udp: [Datagram] = []
        while let packet = try reader.next() {
            guard let link = LinkLayer.decode(packet.data, linkType: packet.linkType), let ip = IPPacket(link.payload) else { continue }
            if ip.transportProtocol == 6, let segment = TCPSegment(ip.payload) {
                let key = TCPReassembler.Key(source: Endpoint(address: ip.source, port: segment.sourcePort),
                                             destination: Endpoint(address: ip.destination, port: segment.destinationPort))
                tcp.append(Segment(frame: packet.frame, key: key, segment: segment))
            } else if ip.transportProtocol == 17, let datagram = UDPDatagram(ip.payload) {
                udp.append(Datagram(frame: packet.frame, source: Endpoint(address: ip.source, port: datagram.sourcePort),
                                    destination: Endpoint(address: ip.destination, port: datagram.destinationPort),
                                    payload: datagram.payload))
            }
        }
        return (tcp, udp)
    }

    /// Reassembles `segments` in the order given; returns each frame's datagrams as bytes.
    static func reassemble(_ segments: [Segment], into reassembler: inout TCPReassembler) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        for s in segments {
            datagrams += reassembler.add(s.segment, key: s.key, frame: s.frame, time: 0).map { Array($0.datagram) }
        }
        for end in reassembler.finish() { datagrams += end.frames.map { Array($0.datagram) } }
        return datagrams
    }

    // MARK: RFC 4571

    @Test("the fixture has segments with several frames and frames split across segments (tshark's reassembly)")
    func fixtureShape() throws {
        let rows = try Oracle.fields(Self.rfc4571, ["rtp.seq", "tcp.segment.count"], filter: "tcp.len > 0", extra: Self.decodeAs)
        #expect(rows.contains { $0[0].contains(",") }, "no segment carries two RTP frames")
        #expect(rows.contains { $0.count > 1 && !$0[1].isEmpty }, "no RTP frame spans two segments")
    }

    @Test("RFC 4571 streams over TCP equal tshark's -z rtp,streams (decode-as rtp on the ports), jitter for PCMU")
    func rfc4571Streams() throws {
        let expected = try Self.tsharkStreams(Self.rfc4571, Self.decodeAs)
        #expect(expected.count == 2)
        let report = try CaptureAnalyzer.analyze(path: Self.rfc4571, options: AnalysisOptions())
        #expect(report.error == nil)
        #expect(report.streams.count == expected.count)
        for row in expected {
            let stream = try #require(report.streams.first {
                $0.ssrc == String(format: "0x%08X", row.ssrc) && $0.source.hasSuffix(":\(row.sourcePort)")
                    && $0.destination.hasSuffix(":\(row.destinationPort)")
            })
            #expect(stream.transport == .tcp)
            Self.expectSame(stream, row, jitter: false, "SSRC \(stream.ssrc)")
            #expect(abs(stream.maxJitterMs - row.maxJitter) < 0.0015, "max jitter \(stream.maxJitterMs) vs \(row.maxJitter)")
        }
        // Mean jitter: RFC 3550 A.8 computed here from tshark's per-packet arrival times and RTP
        // timestamps (PCMU, 8 kHz). tshark's own mean drifts from it on some RFC 4571 captures
        // where several RTP packets share a segment (8.260 vs 8.098 ms on a 60 s capture).
        let rows = try Oracle.fields(Self.rfc4571, ["frame.time_epoch", "rtp.timestamp"], filter: "rtp && tcp.srcport == 5012",
                                     extra: Self.decodeAs)
        var jitter = 0.0, jitters: [Double] = [], previous: (arrival: Double, timestamp: Int)?
        for row in rows {
            let arrival = (Double(row[0]) ?? 0) * 1000
            for stamp in row[1].split(separator: ",").compactMap({ Int($0) }) {
                if let previous {
                    jitter += (abs((arrival - previous.arrival) - Double(stamp - previous.timestamp) / 8) - jitter) / 16
                    jitters.append(jitter)
                }
                previous = (arrival, stamp)
            }
        }
        let pcmu = try #require(report.streams.first { $0.source.hasSuffix(":5012") })
        #expect(jitters.count == pcmu.packets - 1)
        let truth = jitters.reduce(0, +) / Double(max(1, jitters.count))
        #expect(abs(pcmu.meanJitterMs - truth) < 0.0015, "mean jitter \(pcmu.meanJitterMs) vs RFC 3550 A.8 \(truth)")
        #expect(report.flows.allSatisfy { $0.transport == .tcp })
        // A clean capture: no reassembly finding.
        #expect(!report.findings.contains { $0.id.hasPrefix("CAP-01") }, "\(report.findings.map(\.id))")
    }

    @Test("every RTP frame is placed at the frame tshark places it, with its SSRC, sequence number and timestamp")
    func rfc4571PerPacket() throws {
        let rows = try Oracle.fields(Self.rfc4571, ["frame.number", "rtp.ssrc", "rtp.seq", "rtp.timestamp"], filter: "rtp",
                                     extra: Self.decodeAs)
        var expected: [String] = []
        for row in rows {
            let ssrcs = row[1].split(separator: ","), seqs = row[2].split(separator: ","), stamps = row[3].split(separator: ",")
            #expect(ssrcs.count == seqs.count && seqs.count == stamps.count)
            for i in seqs.indices {
                let ssrc = UInt32(ssrcs[i].dropFirst(2), radix: 16) ?? 0
                expected.append("\(row[0]) \(String(format: "0x%08X", ssrc)) \(seqs[i]) \(stamps[i])")
            }
        }
        var options = AnalysisOptions()
        options.keepPackets = true
        let report = try CaptureAnalyzer.analyze(path: Self.rfc4571, options: options)
        let packets = try #require(report.packets)
        let ours = packets.filter { $0.protocol == "rtp" }.map { p -> String in
            let fields = Dictionary(p.summary.split(separator: " ").compactMap { word -> (String, String)? in
                let parts = word.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { first, _ in first })
            return "\(p.frame) \(fields["SSRC"] ?? "?") \(fields["Seq"] ?? "?") \(fields["Time"] ?? "?")"
        }
        #expect(expected.count > 50)
        #expect(ours == expected)
    }

    @Test("reordered and duplicated segments give the same frames; a lost segment is a gap, later frames resume")
    func impairments() throws {
        let segments = try Self.transport(Self.rfc4571).tcp
        // The PCMU sender's direction (port 5012): many segments with split frames.
        let direction = segments.filter { $0.key.source.port == 5012 }
        var clean = TCPReassembler()
        let truth = Self.reassemble(direction, into: &clean)
        #expect(truth.count > 30)
        #expect(clean.gaps.count == 0 && clean.retransmittedSegments == 0)

        // Swap neighbours after the handshake and send every fifth segment twice.
        var shuffled: [Segment] = []
        var i = 0
        while i < direction.count {
            if i >= 2, i + 1 < direction.count {
                shuffled += [direction[i + 1], direction[i]]
                i += 2
            } else {
                shuffled.append(direction[i])
                i += 1
            }
        }
        var impaired: [Segment] = []
        for (n, s) in shuffled.enumerated() {
            impaired.append(s)
            if n % 5 == 0, !s.segment.payload.isEmpty { impaired.append(s) }
        }
        var reordered = TCPReassembler()
        #expect(Self.reassemble(impaired, into: &reordered) == truth)
        #expect(reordered.retransmittedSegments > 0)
        #expect(reordered.gaps.count == 0)

        // Drop one data segment in the middle.
        let dataIndices = direction.indices.filter { !direction[$0].segment.payload.isEmpty }
        let dropped = dataIndices[dataIndices.count / 2]
        var lossy = direction
        lossy.remove(at: dropped)
        var gap = TCPReassembler()
        let survived = Self.reassemble(lossy, into: &gap)
        #expect(gap.gaps.count == 1)
        #expect(gap.gaps.bytes == direction[dropped].segment.payload.count)
        #expect(survived.count < truth.count)
        #expect(survived.count >= truth.count - 4, "a gap costs the frames it touches, not the rest")
        // Every frame delivered is a real one, in order.
        var cursor = truth.startIndex
        for frame in survived {
            guard let found = truth[cursor...].firstIndex(of: frame) else { Issue.record("frame not in the clean stream"); break }
            cursor = found + 1
        }
    }

    @Test("a segment held past the per-direction bound is given up with a count; memory stays within the bounds")
    func bounds() throws {
        let segments = try Self.transport(Self.rfc4571).tcp
        // The VP8 sender's direction from its SYN-ACK on; its first data segment withheld until
        // the end, so everything after it waits behind a gap.
        let direction = segments.filter { $0.key.source.port == 5010 }
        let first = try #require(direction.firstIndex { !$0.segment.payload.isEmpty })
        var late = direction
        late.append(late.remove(at: first))
        var bounded = TCPReassembler(maximumHeldBytesPerDirection: 4_096, maximumHeldSegmentsPerDirection: 8,
                                     maximumBufferedBytes: 1 << 20)
        let frames = Self.reassemble(late, into: &bounded)
        #expect(bounded.boundHits.count > 0)
        #expect(bounded.gaps.count > 0)
        #expect(bounded.peakBufferedBytes <= 4_096 + 65_539)
        #expect(!frames.isEmpty, "decoding resumes after the bound")

        var total = TCPReassembler(maximumBufferedBytes: 2_000)
        _ = Self.reassemble(late, into: &total)
        #expect(total.boundHits.count > 0)
        #expect(total.peakBufferedBytes <= 2_000)

        var few = TCPReassembler(maximumDirections: 1)
        _ = Self.reassemble(segments.filter { !$0.segment.payload.isEmpty }, into: &few)
        #expect(few.untrackedSegments.count > 0)
    }

    @Test("findings: a gap is CAP-011 at the frame that revealed it; the analysis still ends with the later frames")
    func gapFinding() throws {
        let reader = try CaptureReader(path: Self.rfc4571)
        let analyzer = try CaptureAnalyzer(file: Self.rfc4571, options: AnalysisOptions())
        let dataFrames = try Self.transport(Self.rfc4571).tcp.filter { $0.key.source.port == 5012 && !$0.segment.payload.isEmpty }
        let dropped = dataFrames[dataFrames.count / 2].frame
        // Every frame but the dropped one, as if the capture had missed it.
        while let packet = try reader.next() {
            if packet.frame != dropped { try analyzer.process(packet) }
        }
        let report = analyzer.finish(format: reader.format, error: nil)
        let gap = try #require(report.findings.first { $0.id == "CAP-011" })
        #expect(gap.message.contains("1 gap(s)"))
        let stream = try #require(report.streams.first { $0.source.hasSuffix(":5012") })
        let full = try CaptureAnalyzer.analyze(path: Self.rfc4571, options: AnalysisOptions())
        let clean = try #require(full.streams.first { $0.source.hasSuffix(":5012") })
        #expect(stream.packets < clean.packets && stream.packets >= clean.packets - 4)
        #expect(stream.lost > 0)
    }

    /// Runs the analyzer over `file` with every TCP/UDP payload byte changed by `corrupt`.
    static func analyzeCorrupted(_ file: String, _ corrupt: (Int, inout [UInt8], Int) -> Void) throws -> CaptureReport {
        let reader = try CaptureReader(path: file)
        let analyzer = try CaptureAnalyzer(file: file, options: AnalysisOptions())
        while let packet = try reader.next() {
            var data = Array(packet.data)
            // Ethernet (14) + IPv4 (20) + at least the 8-byte UDP header: the rest is fair game.
            corrupt(packet.frame, &data, 42)
            try analyzer.process(CapturedPacket(frame: packet.frame, interfaceID: packet.interfaceID, linkType: packet.linkType,
                                                timestamp: packet.timestamp, originalLength: data.count, data: data[...],
                                                fileOffset: packet.fileOffset))
        }
        return analyzer.finish(format: reader.format, error: nil)
    }

    @Test("corrupted and truncated segments of real captures never trap; what they break is reported", arguments: [
        "rfc4571-tcp.pcapng", "turn-tcp.pcapng",
    ])
    func corruption(_ name: String) throws {
        let file = Oracle.fixture(name)
        // Cut every third frame short: the stream loses bytes, so gaps must be reported.
        let cut = try Self.analyzeCorrupted(file) { frame, data, start in
            if frame % 3 == 0, data.count > start { data.removeLast((data.count - start) / 2) }
        }
        #expect(cut.findings.contains { $0.id == "CAP-011" || $0.id == "CAP-006" })
        // Overwrite one byte per frame, walking through every position of the payloads.
        for value: UInt8 in [0x00, 0x47, 0xFF] {
            let flipped = try Self.analyzeCorrupted(file) { frame, data, start in
                guard data.count > start else { return }
                data[start + (frame * 7) % (data.count - start)] = value
            }
            #expect(flipped.frames > 0)
        }
    }

    // MARK: ICE-TCP

    static let iceTCP = Oracle.fixture("ice-tcp.pcapng")

    /// The passwords of both peers' SDPs, keyed by ufrag (`--ice-pwd`).
    static func passwords(_ names: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            let text = try String(contentsOfFile: Oracle.fixture(name), encoding: .utf8)
            func value(_ prefix: String) -> String? {
                text.split(whereSeparator: \.isNewline).first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            }
            let ufrag = try #require(value("a=ice-ufrag:"))
            result[ufrag] = try #require(value("a=ice-pwd:"))
        }
        return result
    }

    @Test("ICE-TCP (RFC 6544): checks, DTLS and SRTP in RFC 4571 frames; the stream equals tshark's with decode-as on the passive ports")
    func iceTCP() throws {
        // The passive candidates' ports: the listening side of each TCP conversation (its SYN's destination).
        let syns = try Oracle.fields(Self.iceTCP, ["tcp.dstport"], filter: "tcp.flags.syn == 1 && tcp.flags.ack == 0")
        let ports = Set(syns.map { $0[0] })
        #expect(ports.count == 2)
        let decode = ports.sorted().flatMap { ["-d", "tcp.port==\($0),rtp"] }
        let expected = try Self.tsharkStreams(Self.iceTCP, decode)
        #expect(expected.count == 1)
        var options = AnalysisOptions()
        options.icePasswords = try Self.passwords(["ice-tcp-offer.sdp", "ice-tcp-answer.sdp"])
        let report = try CaptureAnalyzer.analyze(path: Self.iceTCP, options: options)
        #expect(report.streams.count == 1)
        for row in expected {
            let stream = try #require(report.streams.first { $0.ssrc == String(format: "0x%08X", row.ssrc) })
            #expect(stream.transport == .tcp)
            #expect(stream.source.hasSuffix(":\(row.sourcePort)") && stream.destination.hasSuffix(":\(row.destinationPort)"))
            Self.expectSame(stream, row, jitter: false, "ICE-TCP")
        }
        #expect(report.flows.allSatisfy { $0.transport == .tcp })
        #expect(report.stun.contains { $0.integrity == "valid" })
        #expect(!report.stun.contains { $0.integrity == "invalid" })
        #expect(report.iceChecks.contains { $0.nominated })
        #expect(report.dtls.contains { $0.completed })
        #expect(report.rtcp.contains { $0.encrypted })
        #expect(!report.findings.contains { $0.id.hasPrefix("CAP-01") }, "\(report.findings.map(\.id))")
        // Every TCP direction with data was framed as RFC 4571.
        var reassembler = TCPReassembler()
        var framings: Set<StreamFraming> = []
        for s in try Self.transport(Self.iceTCP).tcp {
            for frame in reassembler.add(s.segment, key: s.key, frame: s.frame, time: 0) { framings.insert(frame.framing) }
        }
        #expect(framings == [.rfc4571])
    }

    // MARK: TURN

    @Test("ChannelData channel and length, STUN type and transaction id per frame equal tshark's, over UDP and TCP")
    func turnFields() throws {
        let rows = try Oracle.fields(Self.turn, ["frame.number", "stun.channel", "stun.length", "stun.type", "stun.id"],
                                     filter: "stun")
        // stun.length lists every PDU's length (ChannelData data length, STUN body length) in
        // dissection order: lengths are compared on frames that hold ChannelData only.
        var expected: [Int: [String]] = [:]
        var channelOnly: Set<Int> = []
        for row in rows {
            let frame = Int(row[0]) ?? 0
            let channels = row[1].split(separator: ",")
            let types = row[3].split(separator: ",")
            var entries: [String]
            if types.isEmpty {
                channelOnly.insert(frame)
                entries = zip(channels, row[2].split(separator: ",")).map { "CD \($0) \($1)" }
            } else {
                entries = channels.map { "CD \($0)" }
            }
            entries += zip(types, row[4].split(separator: ",")).map { "STUN \($0) \($1)" }
            expected[frame] = entries.sorted()
        }
        func describe(_ datagram: ArraySlice<UInt8>, frame: Int) -> String? {
            if let message = ChannelDataMessage(datagram, padded: false) {
                return "CD 0x" + String(format: "%04x", message.channelNumber)
                    + (channelOnly.contains(frame) ? " \(message.length)" : "")
            }
            if let message = STUNMessage(datagram) {
                return "STUN 0x" + String(format: "%04x", message.messageType) + " " + message.transactionIDHex
            }
            return nil
        }
        let (tcp, udp) = try Self.transport(Self.turn)
        var ours: [Int: [String]] = [:]
        for d in udp {
            if let text = describe(d.payload, frame: d.frame) { ours[d.frame, default: []].append(text) }
        }
        var reassembler = TCPReassembler()
        var framings: Set<StreamFraming> = []
        for s in tcp {
            for frame in reassembler.add(s.segment, key: s.key, frame: s.frame, time: 0) {
                framings.insert(frame.framing)
                if let text = describe(frame.datagram, frame: s.frame) { ours[s.frame, default: []].append(text) }
            }
        }
        #expect(framings == [.turn])
        #expect(ours.mapValues { $0.sorted() } == expected)
        #expect(channelOnly.count > 40)
        #expect(ours.values.joined().filter { $0.hasPrefix("CD") }.count > 40)
        #expect(tcp.contains { !$0.segment.payload.isEmpty } && udp.contains { $0.destination.port == 3478 })
    }

    @Test("media and checks inside TURN are the relayed-address flows; each leg's stream equals tshark's on its outer 5-tuple")
    func turnInnerFlows() throws {
        // XOR-RELAYED-ADDRESS of each Allocate success (the first address tshark lists).
        let allocations = try Oracle.fields(Self.turn, ["ip.proto", "stun.att.port"], filter: "stun.type == 0x0103")
        let relayedTCP = try #require(allocations.first { $0[0] == "6" }?[1].split(separator: ",").first)
        let relayedUDP = try #require(allocations.first { $0[0] == "17" }?[1].split(separator: ",").first)
        let expected = try Self.tsharkStreams(Self.turn, ["-o", "rtp.heuristic_rtp:TRUE"])
        #expect(expected.count == 3)
        let report = try CaptureAnalyzer.analyze(path: Self.turn, options: AnalysisOptions())
        #expect(report.error == nil)
        #expect(report.streams.count == 3)
        for transport in [FlowTransport.turnTCP, .udp, .turnUDP] {
            let stream = try #require(report.streams.first { $0.transport == transport }, "\(transport)")
            // The offerer (TURN over TCP) sends the media from its relayed address to the answerer's.
            #expect(stream.source == "127.0.0.1:\(relayedTCP)")
            #expect(stream.destination == "127.0.0.1:\(relayedUDP)")
            let row: Oracle.StreamRow? = switch transport {
            case .turnTCP: expected.first { $0.destinationPort == 3478 }
            case .turnUDP: expected.first { $0.sourcePort == 3478 }
            default: expected.first { $0.sourcePort != 3478 && $0.destinationPort != 3478 }
            }
            let leg = try #require(row)
            #expect(String(format: "0x%08X", leg.ssrc) == stream.ssrc)
            Self.expectSame(stream, leg, jitter: false, "\(transport)")
        }
        let kinds = Set(report.flows.map(\.transport))
        #expect(kinds == [.tcp, .udp, .turnTCP, .turnUDP])
        #expect(!report.findings.contains { $0.id.hasPrefix("TURN-") || $0.id.hasPrefix("CAP-01") }, "\(report.findings.map(\.id))")
    }

    @Test("ICE checks inside Send/Data indications and ChannelData verify with the SDPs' passwords; DTLS completes inside TURN")
    func iceInsideTurn() throws {
        var options = AnalysisOptions()
        options.icePasswords = try Self.passwords(["turn-tcp-offer.sdp", "turn-tcp-answer.sdp"])
        let report = try CaptureAnalyzer.analyze(path: Self.turn, options: options)
        let binding = report.stun.filter { $0.method == "Binding" }
        #expect(binding.contains { $0.integrity == "valid" })
        #expect(!report.stun.contains { $0.integrity == "invalid" })
        // Checks relayed over TCP exist only inside TURN: tshark does not decode them.
        let tcpClient = try #require(report.flows.first { $0.transport == .tcp && $0.destination.hasSuffix(":3478") })
        let inner = try #require(report.flows.first { $0.transport == .turnTCP && ($0.kinds["stun"] ?? 0) > 0 })
        #expect(inner.firstFrame >= tcpClient.firstFrame)
        #expect(report.iceChecks.contains { $0.successes > 0 && $0.nominated })
        #expect(report.dtls.contains { $0.completed })
    }

    @Test("TURN's own requests are not ICE checks: the check table holds only Binding pairs, and TURN's 401 challenge is no STUN finding")
    func turnRequestsAreNotChecks() throws {
        let turnRequests = try Oracle.fields(Self.turn, ["frame.number"], filter: "stun.type == 0x0003 || stun.type == 0x0008 || stun.type == 0x0009")
        #expect(turnRequests.count >= 6, "Allocate (twice: challenge), CreatePermission, ChannelBind per client")
        let challenges = try Oracle.fields(Self.turn, ["frame.number"], filter: "stun.type == 0x0113 && stun.att.error.class == 4 && stun.att.error == 1")
        #expect(!challenges.isEmpty)
        let report = try CaptureAnalyzer.analyze(path: Self.turn, options: AnalysisOptions())
        let bindingPairs = Set(report.stun.filter { $0.method == "Binding" && $0.class == "request" }.map { "\($0.source) \($0.destination)" })
        #expect(!bindingPairs.isEmpty)
        #expect(Set(report.iceChecks.map { "\($0.local) \($0.remote)" }) == bindingPairs)
        #expect(!report.iceChecks.contains { $0.remote.hasSuffix(":3478") })
        #expect(!report.findings.contains { $0.id == "STUN-005" || $0.id == "STUN-003" }, "\(report.findings.map(\.id))")
        // A relay whose credentials are wrong fails as TURN-003, not as a failed ICE check.
        let wrong = try CaptureAnalyzer.analyze(path: Oracle.fixture("turn-wrong-password.pcapng"), options: AnalysisOptions())
        #expect(wrong.findings.contains { $0.id == "TURN-003" })
        #expect(!wrong.findings.contains { $0.id == "STUN-005" || $0.id == "STUN-003" || $0.id == "STUN-006" }, "\(wrong.findings.map(\.id))")
    }

    @Test("ChannelData whose ChannelBind is not in the capture: TURN-001, payload kept on the outer 5-tuple")
    func unboundChannel() throws {
        let binds = Set(try Oracle.fields(Self.turn, ["frame.number"], filter: "stun.type == 0x0009").compactMap { Int($0[0]) })
        #expect(binds.count == 2)
        let reader = try CaptureReader(path: Self.turn)
        let analyzer = try CaptureAnalyzer(file: Self.turn, options: AnalysisOptions())
        while let packet = try reader.next() {
            if !binds.contains(packet.frame) { try analyzer.process(packet) }
        }
        let report = analyzer.finish(format: reader.format, error: nil)
        let finding = try #require(report.findings.first { $0.id == "TURN-001" })
        #expect(finding.message.contains("0x4000"))
        // The media now sits on the TURN client's own 5-tuples, still decoded as RTP.
        #expect(report.streams.contains { $0.transport == .turnTCP && $0.destination.hasSuffix(":3478") })
        #expect(report.streams.contains { $0.transport == .turnUDP && $0.source.hasSuffix(":3478") })
    }

    // MARK: TURN allocations and their failures

    @Test("allocations: relayed addresses, permissions and channels equal what tshark decodes from the TURN exchanges")
    func allocations() throws {
        let report = try CaptureAnalyzer.analyze(path: Self.turn, options: AnalysisOptions())
        #expect(report.turn.count == 2)
        let successes = try Oracle.fields(Self.turn, ["tcp.dstport", "udp.dstport", "stun.att.port"], filter: "stun.type == 0x0103")
        let permissions = try Oracle.fields(Self.turn, ["tcp.srcport", "udp.srcport", "stun.att.port"], filter: "stun.type == 0x0008")
        let binds = try Oracle.fields(Self.turn, ["tcp.srcport", "udp.srcport", "stun.att.channelnum", "stun.att.port"],
                                      filter: "stun.type == 0x0009")
        for allocation in report.turn {
            let clientPort = try #require(allocation.client.split(separator: ":").last.map(String.init))
            func forClient(_ rows: [[String]]) -> [[String]] { rows.filter { $0[0] == clientPort || $0[1] == clientPort } }
            let success = try #require(forClient(successes).first)
            #expect(allocation.relayed == "127.0.0.1:" + (success[2].split(separator: ",").first ?? ""))
            #expect(allocation.lifetime == 600)
            #expect(allocation.transport == (success[0].isEmpty ? "udp" : "tcp"))
            #expect(allocation.errors == ["401 Unauthorized"], "the first Allocate is challenged (RFC 8489 §9.2)")
            #expect(Set(allocation.permissions) == Set(forClient(permissions).map { "127.0.0.1:" + $0[2] }))
            #expect(Set(allocation.channels) == Set(forClient(binds).map { row -> String in
                let channel = UInt16(row[2].dropFirst(2), radix: 16) ?? 0
                return "0x" + String(channel, radix: 16, uppercase: true) + " 127.0.0.1:" + row[3]
            }))
            #expect(allocation.refusals.isEmpty)
        }
        #expect(!report.findings.contains { $0.id == "TURN-003" || $0.id == "TURN-004" })
    }

    @Test("coturn refusing loopback peers: each CreatePermission 403 is TURN-004 at tshark's frame; the pair never connects")
    func forbiddenPeer() throws {
        let file = Oracle.fixture("turn-forbidden.pcapng")
        let errors = try Oracle.fields(file, ["frame.number", "stun.att.error.class", "stun.att.error", "stun.att.error.reason"],
                                       filter: "stun.type == 0x0118")
        #expect(errors.count == 2)
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        let refused = report.findings.filter { $0.id == "TURN-004" }
        #expect(refused.count == errors.count)
        for row in errors {
            let code = (Int(row[1]) ?? 0) * 100 + (Int(row[2]) ?? 0)
            #expect(code == 403)
            #expect(refused.contains { finding in
                finding.locations.contains(.frame(file: file, frame: Int(row[0]) ?? 0)) && finding.message.contains("\(code) \(row[3])")
            }, "frame \(row[0])")
        }
        #expect(report.turn.allSatisfy { $0.relayed != nil && $0.refusals == ["CreatePermission 403 Forbidden IP"] })
        #expect(report.streams.isEmpty && report.dtls.isEmpty)
        #expect(report.exitStatus == .errorsFound)
    }

    @Test("a wrong TURN password: the credentialed Allocate gets 401 again, TURN-003 per allocation at its last answer")
    func wrongPassword() throws {
        let file = Oracle.fixture("turn-wrong-password.pcapng")
        let answers = try Oracle.fields(file, ["frame.number", "tcp.dstport", "udp.dstport", "stun.att.error"],
                                        filter: "stun.type == 0x0113")
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        #expect(report.turn.count == 2)
        let failed = report.findings.filter { $0.id == "TURN-003" }
        #expect(failed.count == 2)
        for allocation in report.turn {
            let port = try #require(allocation.client.split(separator: ":").last.map(String.init))
            let mine = answers.filter { $0[1] == port || $0[2] == port }
            #expect(mine.count == 2, "challenge, then the refused credentials")
            #expect(allocation.relayed == nil)
            #expect(allocation.errors == mine.map { _ in "401 Unauthorized" })
            let last = try #require(mine.last.flatMap { Int($0[0]) })
            let finding = try #require(failed.first { $0.locations.contains(.frame(file: file, frame: last)) })
            #expect(finding.hint?.contains("username and password") == true)
        }
        #expect(report.exitStatus == .errorsFound)
    }
}
