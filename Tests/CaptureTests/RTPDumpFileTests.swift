import Capture
import Foundation
import Testing

/// `--write-rtpdump FILE --ssrc X` and reading that file back, checked byte for byte against
/// rtptools' rtpdump.h definition with the capture's packets as tshark decodes them.
@Suite("rtpdump files (#!rtpplay1.0)")
struct RTPDumpFileTests {
    static let ssrc = "0x1234ABCD"

    /// Runs rtpdump, returning standard output, standard error and the status.
    static func run(_ arguments: [String]) throws -> (output: String, error: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently enough for small outputs: stderr first is short.
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self), process.terminationStatus)
    }

    static func scratch(_ name: String) -> String {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(name).path
    }

    static func be16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) << 8 | Int(b[at + 1]) }
    static func be32(_ b: [UInt8], _ at: Int) -> Int { be16(b, at) << 16 | be16(b, at + 2) }

    @Test("the file is the text line, RD_hdr_t and one RD_packet_t + packet per RTP/RTCP packet of the SSRC, as tshark sees them")
    func bytes() throws {
        let capture = Oracle.fixture("pcmu-rtcp.pcapng")
        let path = Self.scratch("cli-pcmu.rtp")
        let (_, error, status) = try Self.run(["--write-rtpdump", path, "--ssrc", Self.ssrc, capture])
        #expect(status == 0)
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))

        // tshark: the SSRC's RTP packets and the RTCP compounds it sent, in frame order; and the capture's first frame time.
        let packets = try Oracle.fields(capture, ["frame.time_epoch", "udp.length", "udp.dstport", "ip.dst", "rtp.seq"],
                                        filter: "rtp.ssrc == \(Self.ssrc) || rtcp.senderssrc == \(Self.ssrc)")
        let start = try #require(Oracle.fields(capture, ["frame.time_epoch"]).first.flatMap { Decimal(string: $0[0]) })
        let rtp = try #require(packets.first { !$0[4].isEmpty })
        #expect(error.contains("wrote \(packets.count) packet(s)"))

        let line = Array("#!rtpplay1.0 \(rtp[3])/\(rtp[2])\n".utf8)
        #expect(Array(file.prefix(line.count)) == line)
        var at = line.count
        // RD_hdr_t: start sec, usec; source (the recorded address); port; padding.
        let seconds = NSDecimalNumber(decimal: start).int64Value
        let micros = NSDecimalNumber(decimal: (start - Decimal(seconds)) * 1_000_000).int64Value
        #expect(Self.be32(file, at) == Int(seconds))
        #expect(Self.be32(file, at + 4) == Int(micros))
        #expect(Array(file[at + 8 ..< at + 12]) == rtp[3].split(separator: ".").compactMap { UInt8($0) })
        #expect(Self.be16(file, at + 12) == Int(rtp[2]))
        #expect(Self.be16(file, at + 14) == 0)
        at += 16
        for packet in packets {
            let payload = try #require(Int(packet[1])) - 8
            let isRTP = !packet[4].isEmpty
            #expect(Self.be16(file, at) == payload + 8, "record length")
            #expect(Self.be16(file, at + 2) == (isRTP ? payload : 0), "plen")
            let time = try #require(Decimal(string: packet[0]))
            let offset = NSDecimalNumber(decimal: (time - start) * 1000).int64Value  // truncates toward zero like the ms count
            #expect(abs(Self.be32(file, at + 4) - Int(offset)) <= 1, "offset ms")
            if isRTP { #expect(Self.be16(file, at + 8 + 2) == Int(packet[4]), "RTP sequence number") }
            else { #expect(file[at + 8 + 1] == 200, "RTCP SR first") }
            at += payload + 8
        }
        #expect(at == file.count)
    }

    @Test("read back, the file gives the source capture's statistics for that SSRC (times to the millisecond)", arguments: [
        "pcmu-impaired.pcap", "pcmu-rtcp.pcapng",
    ])
    func readBack(_ fixture: String) throws {
        let capture = Oracle.fixture(fixture)
        let path = Self.scratch("cli-\(fixture).rtp")
        let (original, _, _) = try Self.run(["--format", "json", "--write-rtpdump", path, "--ssrc", Self.ssrc, capture])
        let (copy, _, status) = try Self.run(["--format", "json", path])
        #expect(status == 0 || status == 1)
        func stream(_ text: String) throws -> (file: [String: Any], stream: [String: Any]) {
            let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let file = try #require((document?["files"] as? [[String: Any]])?.first)
            let stream = try #require((file["streams"] as? [[String: Any]])?.first { $0["ssrc"] as? String == Self.ssrc })
            return (file, stream)
        }
        let (sourceFile, a) = try stream(original)
        let (copyFile, b) = try stream(copy)
        #expect(copyFile["format"] as? String == "rtpdump")
        #expect((copyFile["streams"] as? [Any])?.count == 1)
        for key in ["packets", "bytes", "expected", "lost", "wiresharkLost", "sequenceErrors", "duplicates", "outOfOrder", "payloadType", "clockRate"] {
            #expect("\(a[key] ?? "-")" == "\(b[key] ?? "-")", "\(key)")
        }
        #expect(b["destination"] as? String == a["destination"] as? String)
        // The format keeps whole milliseconds: inter-arrival deltas and jitter within 1 ms.
        for key in ["maxDeltaMs", "meanDeltaMs", "meanJitterMs", "maxJitterMs"] {
            let x = try #require(a[key] as? Double), y = try #require(b[key] as? Double)
            #expect(abs(x - y) <= 1.0, "\(key): \(x) vs \(y)")
        }
        let sourceRTCP = (sourceFile["rtcp"] as? [[String: Any]] ?? []).filter {
            ($0["packets"] as? [[String: Any]])?.first?["ssrc"] as? String == Self.ssrc
        }
        #expect((copyFile["rtcp"] as? [Any] ?? []).count == sourceRTCP.count)
    }

    @Test("a cut rtpdump file decodes up to the cut and names the record; a bad text line is unusable")
    func badFiles() throws {
        let path = Self.scratch("cli-whole.rtp")
        _ = try Self.run(["--write-rtpdump", path, "--ssrc", Self.ssrc, Oracle.fixture("pcmu-impaired.pcap")])
        let whole = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let cut = try BadInputTests.write(whole.prefix(whole.count - 50), "cli-cut.rtp")
        let (output, _, status) = try Self.run(["--format", "json", cut])
        #expect(status == 2)
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let file = try #require((document?["files"] as? [[String: Any]])?.first)
        #expect((file["error"] as? [String: Any])?["code"] as? String == "truncated")
        #expect((file["streams"] as? [[String: Any]])?.first?["packets"] as? Int == 141)

        let bad = try BadInputTests.write(Array("#!rtpplay1.0 nowhere\n".utf8) + [UInt8](repeating: 0, count: 16), "cli-badline.rtp")
        let (text, _, badStatus) = try Self.run([bad])
        #expect(badStatus == 2)
        #expect(text.contains("not ADDRESS/PORT"))
    }

    @Test("--write-rtpdump needs exactly one --ssrc")
    func usage() throws {
        let (_, _, status) = try Self.run(["--write-rtpdump", Self.scratch("cli-x.rtp"), Oracle.fixture("pcmu-impaired.pcap")])
        #expect(status == 64)
    }
}

extension RTPDumpFileTests {
    @Test("an SSRC that is not in the capture: no file is written, and stderr says why")
    func absentSSRC() throws {
        let path = Self.scratch("cli-absent.rtp")
        try? FileManager.default.removeItem(atPath: path)
        let (_, error, _) = try Self.run(["--write-rtpdump", path, "--ssrc", "0x0000BEEF", Oracle.fixture("pcmu-impaired.pcap")])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(error.contains("no RTP or RTCP of SSRC 0x0000BEEF in the input"))
    }
}
