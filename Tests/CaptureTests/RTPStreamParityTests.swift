import Capture
import Foundation
import Testing
import Wire

/// RTP stream statistics against tshark's `-z rtp,streams` on real captures, and against
/// RFC 3550 A.3 computed here from tshark's per-packet fields where tshark is wrong.
@Suite("RTP streams vs tshark")
struct RTPStreamParityTests {
    static let captures = [
        "pcmu-rtcp.pcapng", "pcmu-impaired.pcap", "pcmu-impaired-ns.pcap", "pcmu-impaired-ns-be.pcap",
        "pcmu-impaired-rawip4.pcap", "vp8-sll2.pcapng", "vp8-sll.pcap", "pcmu-ipv6.pcap", "mixed-interfaces.pcapng",
        "webrtc.pcapng", "vp8-fragmented.pcapng", "pcmu-impaired-null.pcap", "pcmu-impaired-loop.pcap", "pcmu-ipv6-null.pcap",
        "pcmu-vlan.pcapng",
    ]

    @Test("per-stream packets, Wireshark lost, deltas and jitter equal tshark's", arguments: captures)
    func matchesTshark(_ name: String) throws {
        let file = Oracle.fixture(name)
        let expected = try Oracle.rtpStreams(file)
        #expect(!expected.isEmpty, "tshark found no RTP stream in \(name)")
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        #expect(report.error == nil)
        #expect(report.streams.count == expected.count)
        for row in expected {
            let stream = try #require(report.streams.first { s in
                s.ssrc == String(format: "0x%08X", row.ssrc) && s.source.hasSuffix(":\(row.sourcePort)")
                    && s.destination.hasSuffix(":\(row.destinationPort)")
            }, "no stream for SSRC \(row.ssrc) in \(name)")
            #expect(stream.packets == row.packets)
            #expect(stream.wiresharkLost == row.lost)
            // tshark prints three decimals.
            #expect(abs(stream.minDeltaMs - row.minDelta) < 0.0015, "min delta \(stream.minDeltaMs) vs \(row.minDelta)")
            #expect(abs(stream.meanDeltaMs - row.meanDelta) < 0.0015, "mean delta \(stream.meanDeltaMs) vs \(row.meanDelta)")
            #expect(abs(stream.maxDeltaMs - row.maxDelta) < 0.0015, "max delta \(stream.maxDeltaMs) vs \(row.maxDelta)")
            #expect(abs(stream.minJitterMs - row.minJitter) < 0.0015, "min jitter \(stream.minJitterMs) vs \(row.minJitter)")
            #expect(abs(stream.meanJitterMs - row.meanJitter) < 0.0015, "mean jitter \(stream.meanJitterMs) vs \(row.meanJitter)")
            #expect(abs(stream.maxJitterMs - row.maxJitter) < 0.0015, "max jitter \(stream.maxJitterMs) vs \(row.maxJitter)")
        }
    }

    @Test("lost and sequence errors equal RFC 3550 A.3 computed from tshark's per-packet sequence numbers", arguments: captures)
    func lossFromPerPacketFields(_ name: String) throws {
        let file = Oracle.fixture(name)
        let rows = try Oracle.fields(file, ["rtp.ssrc", "udp.srcport", "rtp.seq"], filter: "rtp")
        var byStream: [String: [Int]] = [:]
        for row in rows where row.count == 3 { byStream[row[0] + " " + row[1], default: []].append(Int(row[2]) ?? -1) }
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        for (streamText, sequences) in byStream {
            let parts = streamText.split(separator: " ")
            let ssrcText = String(parts[0])
            let ssrc = try #require(UInt32(ssrcText.dropFirst(2), radix: 16))
            // Unwrap each sequence number to the candidate nearest the highest so far (A.1 without probation).
            var highest = sequences[0], lowest = sequences[0]
            var unwrapped: [Int] = []
            for s in sequences {
                let base = highest - (highest & 0xFFFF)
                let candidates = [base - 65536 + s, base + s, base + 65536 + s]
                let nearest = candidates.min { abs($0 - highest) < abs($1 - highest) } ?? s
                unwrapped.append(nearest)
                highest = max(highest, nearest)
                lowest = min(lowest, nearest)
            }
            // Expected spans the lowest to the highest number seen (a packet overtaken at the start counts).
            let expectedCount = highest - lowest + 1
            let truthLost = expectedCount - sequences.count
            let outOfOrder = zip(unwrapped.dropFirst(), unwrapped.indices.dropFirst()).filter { value, index in
                value < unwrapped[..<index].max()! && !unwrapped[..<index].contains(value)
            }.count
            let stream = try #require(report.streams.first { $0.ssrc == String(format: "0x%08X", ssrc) && $0.source.hasSuffix(":\(parts[1])") })
            #expect(stream.expected == expectedCount, "\(name) \(ssrcText)")
            #expect(stream.lost == truthLost, "\(name) \(ssrcText)")
            #expect(stream.outOfOrder == outOfOrder, "\(name) \(ssrcText)")
        }
    }
}

/// Where tshark has no clock rate (dynamic payload types) it reports jitter 0; with
/// `--clock-rate` the truth is computed here from tshark's per-packet fields (RFC 3550 A.8).
@Suite("Jitter with --clock-rate")
struct ClockRateJitterTests {
    struct Packet { let time: Double; let timestamp: UInt32; let marker: Bool }

    /// Per-SSRC packets in arrival order from `tshark -T fields`.
    static func packets(_ file: String) throws -> [String: [Packet]] {
        let rows = try Oracle.fields(file, ["frame.time_relative", "rtp.ssrc", "rtp.timestamp", "rtp.marker"], filter: "rtp")
        var result: [String: [Packet]] = [:]
        for row in rows where row.count == 4 {
            guard let time = Double(row[0]), let ts = UInt32(row[2]) else { continue }
            result[row[1], default: []].append(Packet(time: time * 1000, timestamp: ts, marker: row[3] == "1" || row[3] == "True"))
        }
        return result
    }

    @Test("RFC 3550 A.8 jitter (final and maximum) and Wireshark's max over non-marker packets",
          arguments: [("vp8-sll2.pcapng", [UInt8(96): 90000]), ("vp8-sll.pcap", [96: 90000]),
                      ("webrtc.pcapng", [96: 90000, 111: 48000])])
    func jitter(_ name: String, _ rates: [UInt8: Int]) throws {
        let file = Oracle.fixture(name)
        var options = AnalysisOptions()
        options.clockRates = rates
        let report = try CaptureAnalyzer.analyze(path: file, options: options)
        let without = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        for (ssrcText, packets) in try Self.packets(file) {
            let ssrc = try #require(UInt32(ssrcText.dropFirst(2), radix: 16))
            let stream = try #require(report.streams.first { $0.ssrc == String(format: "0x%08X", ssrc) })
            let rate = Double(try #require(rates[UInt8(stream.payloadType)]))
            // A.8: D(i-1,i) = (Rj − Ri) − (Sj − Si); J += (|D| − J)/16, every packet in arrival order.
            var jitter = 0.0, maximum = 0.0, maximumRegular = 0.0
            for (previous, packet) in zip(packets, packets.dropFirst()) {
                let step = Double(Int32(bitPattern: packet.timestamp &- previous.timestamp)) * 1000 / rate
                let d = (packet.time - previous.time) - step
                jitter += (abs(d) - jitter) / 16
                maximum = max(maximum, jitter)
                if !packet.marker { maximumRegular = max(maximumRegular, jitter) }
            }
            #expect(abs(stream.rfc3550JitterMs - jitter) < 1e-6, "\(name) \(ssrcText): \(stream.rfc3550JitterMs) vs \(jitter)")
            #expect(abs(stream.rfc3550MaxJitterMs - maximum) < 1e-6, "\(name) \(ssrcText)")
            #expect(abs(stream.maxJitterMs - maximumRegular) < 1e-6, "\(name) \(ssrcText)")
            #expect(maximum > 0)
            // Without the clock rate, Wireshark's definition gives 0, as tshark shows.
            let plain = try #require(without.streams.first { $0.ssrc == stream.ssrc })
            #expect(plain.maxJitterMs == 0 && plain.rfc3550JitterMs == 0 && plain.clockRate == 0)
        }
    }
}
