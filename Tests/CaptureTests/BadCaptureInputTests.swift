import Capture
import Foundation
import Testing

/// Broken capture files given to the real `rtpdump` executable: each one gives the shared exit status
/// (2 unusable, 0 when only warnings) and a message that names the file and the packet or byte offset;
/// nothing traps, and the work stays proportional to the input.
///
/// Every input is made from real fixture bytes (Tests/CaptureTests/Fixtures) with one field changed, except the
/// non-capture inputs. `BadInputTests` (CaptureReaderTests.swift) covers the same ground in-process for a few cuts
/// checked against tshark; this suite cuts at every byte and goes through the command line.
@Suite("bad capture input through rtpdump")
struct BadCaptureInputTests {
    // MARK: Helpers

    /// One pcapng block of a fixture: where it starts, its type and its total length.
    struct Block {
        let offset: Int
        let type: UInt32
        let length: Int
    }

    /// The blocks of a little-endian pcapng file (every fixture here is little-endian).
    static func blocks(_ bytes: [UInt8]) -> [Block] {
        var result: [Block] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let length = Int(le32(bytes, offset + 4))
            guard length >= 12 else { break }
            result.append(Block(offset: offset, type: le32(bytes, offset), length: length))
            offset += length
        }
        return result
    }

    /// The offsets at which the records of a little-endian classic pcap file end (the first is the header's end).
    static func recordEnds(_ bytes: [UInt8]) -> [Int] {
        var ends = [24]
        var offset = 24
        while offset + 16 <= bytes.count {
            offset += 16 + Int(le32(bytes, offset + 8))
            guard offset <= bytes.count else { break }
            ends.append(offset)
        }
        return ends
    }

    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
    }

    static func setLE32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    /// `rtpdump --format json` on `paths`: the exit status and each file's JSON object.
    static func json(_ paths: [String]) throws -> (status: Int32, files: [[String: Any]]) {
        let (output, status) = try CommandLineTests.rtpdump(["--format", "json"] + paths)
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        return (status, document?["files"] as? [[String: Any]] ?? [])
    }

    /// The error of one file's JSON object: code, reason, and the frame and offset of its location.
    static func error(_ file: [String: Any]) -> (code: String, reason: String, frame: Int?, offset: Int?)? {
        guard let error = file["error"] as? [String: Any] else { return nil }
        let location = error["location"] as? [String: Any]
        return (error["code"] as? String ?? "", error["reason"] as? String ?? "", location?["frame"] as? Int, location?["offset"] as? Int)
    }

    /// Runs rtpdump (text) on one broken file and checks the status and that the message names the file and `where`.
    static func expectUnusable(_ bytes: [UInt8], _ name: String, code: String, mentions: [String],
                               frame: Int? = nil, offset: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try BadInputTests.write(bytes, name)
        let (text, status) = try CommandLineTests.rtpdump([path])
        #expect(status == 2, "\(name): status \(status)\n\(text)", sourceLocation: sourceLocation)
        let prefix = frame.map { "\(path):#\($0): error[" } ?? "\(path): error["
        #expect(text.contains(prefix), "\(name): no line starting \(prefix)\n\(text)", sourceLocation: sourceLocation)
        for word in mentions {
            #expect(text.contains(word), "\(name): message lacks \(word)\n\(text)", sourceLocation: sourceLocation)
        }
        let (_, files) = try json([path])
        let error = try #require(files.first.flatMap(Self.error), "\(name): no error in JSON", sourceLocation: sourceLocation)
        #expect(error.code == code, "\(name): \(error.reason)", sourceLocation: sourceLocation)
        if let frame { #expect(error.frame == frame, "\(name): \(error.reason)", sourceLocation: sourceLocation) }
        if let offset { #expect(error.offset == offset, "\(name): \(error.reason)", sourceLocation: sourceLocation) }
    }

    // MARK: Empty and header-only

    @Test("empty file: unusable, named")
    func empty() throws {
        try Self.expectUnusable([], "bad-empty.pcapng", code: "empty", mentions: ["empty file"])
    }

    @Test("header-only pcap, SHB-only and SHB+IDB-only pcapng: no packets is a warning naming the file, exit 0")
    func headerOnly() throws {
        let pcap = try BadInputTests.bytes("pcmu-ipv6.pcap")
        let pcapng = try BadInputTests.bytes("webrtc-wrong-pwd.pcapng")
        let blocks = Self.blocks(pcapng)
        #expect(blocks.prefix(2).map(\.type) == [0x0A0D_0D0A, 1])
        for (bytes, name) in [(Array(pcap.prefix(24)), "bad-header.pcap"),
                              (Array(pcapng.prefix(blocks[0].length)), "bad-shb.pcapng"),
                              (Array(pcapng.prefix(blocks[2].offset)), "bad-shb-idb.pcapng")] {
            let path = try BadInputTests.write(bytes, name)
            let (text, status) = try CommandLineTests.rtpdump([path])
            #expect(status == 0, "\(name)\n\(text)")
            #expect(text.contains("\(path): warning[CAP-004]: the capture holds no packets"), "\(name)\n\(text)")
        }
    }

    // MARK: Truncation at every byte

    @Test("a pcapng cut at every byte: each prefix is named, a cut inside a block names the packet it cut, a cut on a block boundary is clean")
    func pcapngEveryByte() throws {
        let whole = try BadInputTests.bytes("webrtc-wrong-pwd.pcapng")
        let blocks = Self.blocks(whole)
        #expect(blocks.last.map { $0.offset + $0.length } == whole.count)
        let boundaries = Set(blocks.map(\.offset) + [whole.count])
        // Packets (EPBs) complete in a prefix of `length` bytes.
        func packets(within length: Int) -> Int { blocks.filter { $0.type == 6 && $0.offset + $0.length <= length }.count }
        let paths = try (0...whole.count).map { try BadInputTests.write(whole.prefix($0), "cut-every-\($0).pcapng") }
        let (status, files) = try Self.json(paths)
        #expect(status == 2)
        try #require(files.count == paths.count)
        for (length, file) in files.enumerated() {
            #expect(file["file"] as? String == paths[length])
            let error = Self.error(file)
            let complete = packets(within: length)
            if length == 0 {
                #expect(error?.code == "empty")
            } else if boundaries.contains(length) {
                #expect(error == nil, "cut at \(length) on a block boundary: \(error?.reason ?? "")")
                #expect(file["frames"] as? Int == complete, "cut at \(length)")
            } else {
                #expect(error?.code == "truncated", "cut at \(length): \(error?.reason ?? "no error")")
                if length >= 12 {
                    // The reader has the block's header: the message names the packet it was about to read and the
                    // block's offset.
                    #expect(error?.frame == complete + 1, "cut at \(length): \(error?.reason ?? "")")
                    #expect(error?.reason.contains("packet \(complete + 1)") == true, "cut at \(length): \(error?.reason ?? "")")
                    let blockStart = blocks.last { $0.offset < length }?.offset
                    #expect(error?.reason.contains("byte \(blockStart ?? -1)") == true, "cut at \(length): \(error?.reason ?? "")")
                }
                #expect(file["frames"] as? Int ?? -1 == complete, "cut at \(length)")
            }
        }
    }

    @Test("a pcap cut at every byte of its first records: named, a cut inside a record names the packet, a cut between records is clean")
    func pcapEveryByte() throws {
        let full = try BadInputTests.bytes("pcmu-ipv6.pcap")
        let ends = Self.recordEnds(full)
        // The header and the first eight records: a small capture of real packets.
        let whole = Array(full.prefix(ends[8]))
        let paths = try (0...whole.count).map { try BadInputTests.write(whole.prefix($0), "cut-every-\($0).pcap") }
        let (status, files) = try Self.json(paths)
        #expect(status == 2)
        try #require(files.count == paths.count)
        for (length, file) in files.enumerated() {
            let error = Self.error(file)
            let complete = ends.filter { $0 <= length }.count - 1
            if length == 0 {
                #expect(error?.code == "empty")
            } else if length < 24 {
                #expect(error?.code == "truncated", "cut at \(length)")
                #expect(error?.reason.contains("\(length)") == true, "cut at \(length): \(error?.reason ?? "")")
            } else if ends.contains(length) {
                #expect(error == nil, "cut at \(length) between records: \(error?.reason ?? "")")
                #expect(file["frames"] as? Int == complete)
            } else {
                #expect(error?.code == "truncated", "cut at \(length)")
                #expect(error?.frame == complete + 1, "cut at \(length): \(error?.reason ?? "")")
                #expect(error?.offset == ends[complete], "cut at \(length): \(error?.reason ?? "")")
                #expect(error?.reason.contains("packet \(complete + 1)") == true, "cut at \(length): \(error?.reason ?? "")")
                #expect(file["frames"] as? Int == complete, "cut at \(length)")
            }
        }
        // The text form names the file and the packet.
        let path = paths[ends[3] + 20]
        let (text, _) = try CommandLineTests.rtpdump([path])
        #expect(text.contains("\(path):#4: error[CAP-001]: capture cut inside packet 4"), "\(text)")
    }

    // MARK: Snap length

    @Test("frames cut by the snap length (editcap -s 60): decoded as far as they go, a warning naming the first frame, exit 0")
    func snapLengthCut() throws {
        let path = BadInputTests.scratch.appendingPathComponent("snap60.pcapng").path
        _ = try Oracle.run("/usr/bin/editcap", ["-s", "60", Oracle.fixture("pcmu-rtcp.pcapng"), path])
        let (text, status) = try CommandLineTests.rtpdump([path])
        #expect(status == 0, "\(text)")
        let frames = try Oracle.fields(path, ["frame.number"]).count
        #expect(text.contains("\(path):#1: warning[CAP-002]: \(frames) frame(s) were cut by the snap length, the first is frame 1"), "\(text)")
        // The RTP headers are within 60 bytes: the stream is still found with every packet.
        #expect(text.contains("0x1234ABCD"), "\(text)")
    }

    // MARK: Wrong magic, non-captures

    @Test("wrong magic, gzip of a capture, random bytes, text: unusable, the message shows the first four bytes")
    func notACapture() throws {
        var pcap = try BadInputTests.bytes("pcmu-ipv6.pcap")
        pcap[0] ^= 0xFF
        try Self.expectUnusable(pcap, "bad-magic.pcap", code: "unknown-format",
                                mentions: ["not a pcap or pcapng capture", "0x\(String(format: "%02X", pcap[0]))"])

        let source = try BadInputTests.write(try BadInputTests.bytes("webrtc-wrong-pwd.pcapng"), "gzipped-source.pcapng")
        try? FileManager.default.removeItem(atPath: source + ".gz")
        _ = try Oracle.run("/bin/gzip", ["-k", "-n", "-S", ".gz", source])
        let gz = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + ".gz")))
        try Self.expectUnusable(gz, "bad-gzip.pcapng", code: "unknown-format", mentions: ["not a pcap or pcapng", "0x1F8B08"])

        // A deterministic non-capture binary (xorshift bytes).
        var state: UInt32 = 0x1234_5678
        let random = (0..<4096).map { _ -> UInt8 in
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
        try Self.expectUnusable(random, "bad-random.bin", code: "unknown-format", mentions: ["not a pcap or pcapng"])

        let json = Array("{\"files\": [1, 2, 3]}\n".utf8)
        try Self.expectUnusable(json, "bad-text.json", code: "unknown-format", mentions: ["not a pcap or pcapng", "0x7B226669"])
    }

    @Test("a pcapng section header with an unknown byte-order magic: malformed, named by offset")
    func badByteOrderMagic() throws {
        var bytes = try BadInputTests.bytes("webrtc-wrong-pwd.pcapng")
        Self.setLE32(&bytes, 8, 0xDEAD_BEEF)
        try Self.expectUnusable(bytes, "bad-bom.pcapng", code: "malformed", mentions: ["byte-order magic", "byte 0"], frame: 1, offset: 0)
    }

    // MARK: Block lengths

    @Test("pcapng block lengths: huge (0xFFFFFFF0), not a multiple of 4, below the 12-byte minimum, trailer differs: malformed, named by packet and offset, packets before it decoded")
    func blockLengths() throws {
        let whole = try BadInputTests.bytes("webrtc-wrong-pwd.pcapng")
        let blocks = Self.blocks(whole)
        // The third packet's block: two packets before it are decoded.
        let target = blocks.filter { $0.type == 6 }[2]
        for (value, name, words) in [(UInt32(0xFFFF_FFF0), "huge", ["impossible length 4294967280"]),
                                     (UInt32(target.length + 2), "unaligned", ["impossible length \(target.length + 2)"]),
                                     (UInt32(8), "short", ["impossible length 8"]),
                                     (UInt32(0), "zero", ["impossible length 0"]),
                                     (UInt32(target.length + 4), "trailer", ["trailing length differs"])] {
            var bytes = whole
            Self.setLE32(&bytes, target.offset + 4, value)
            try Self.expectUnusable(bytes, "bad-length-\(name).pcapng", code: "malformed",
                                    mentions: words + ["byte \(target.offset)", "packet 3"], frame: 3, offset: target.offset)
            let (_, files) = try Self.json([BadInputTests.write(bytes, "bad-length-\(name).pcapng")])
            #expect(files.first?["frames"] as? Int == 2, "\(name)")
        }
    }

    @Test("an enhanced packet block whose captured length exceeds the block: malformed, named")
    func capturedLengthBeyondBlock() throws {
        var bytes = try BadInputTests.bytes("webrtc-wrong-pwd.pcapng")
        let first = Self.blocks(bytes).first { $0.type == 6 }!
        // EPB body: interface id, timestamp high, low, captured length (offset 8 + 12), original length.
        Self.setLE32(&bytes, first.offset + 20, UInt32(first.length))
        try Self.expectUnusable(bytes, "bad-caplen.pcapng", code: "malformed",
                                mentions: ["shorter than its captured length", "byte \(first.offset)", "packet 1"], frame: 1, offset: first.offset)
        Self.setLE32(&bytes, first.offset + 20, 0xFFFF_FFFF)
        try Self.expectUnusable(bytes, "bad-caplen-max.pcapng", code: "malformed",
                                mentions: ["shorter than its captured length"], frame: 1, offset: first.offset)
    }

    @Test("packets before any interface description, or naming an interface that does not exist: malformed, named")
    func missingInterface() throws {
        let whole = try BadInputTests.bytes("webrtc-wrong-pwd.pcapng")
        let blocks = Self.blocks(whole)
        let idb = try #require(blocks.first { $0.type == 1 })
        let withoutIDB = Array(whole[..<idb.offset] + whole[(idb.offset + idb.length)...])
        try Self.expectUnusable(withoutIDB, "bad-no-idb.pcapng", code: "malformed",
                                mentions: ["interface 0", "only 0 are described", "packet 1"], frame: 1, offset: idb.offset)

        var bytes = whole
        let second = blocks.filter { $0.type == 6 }[1]
        Self.setLE32(&bytes, second.offset + 8, 0xFFFF_FFFF)
        try Self.expectUnusable(bytes, "bad-interface-id.pcapng", code: "malformed",
                                mentions: ["interface 4294967295", "packet 2"], frame: 2, offset: second.offset)
    }

    // MARK: Overflowing values

    @Test("overflowing and maximal field values: a pcap record of 4 GiB is malformed; maximal timestamps and lengths decode without trapping")
    func overflowingValues() throws {
        let pcap = try BadInputTests.bytes("pcmu-ipv6.pcap")
        let ends = Self.recordEnds(pcap)
        var huge = pcap
        Self.setLE32(&huge, ends[2] + 8, 0xFFFF_FFFF)
        try Self.expectUnusable(huge, "bad-record-4g.pcap", code: "malformed",
                                mentions: ["packet 3 claims 4294967295 captured bytes", "byte \(ends[2])"], frame: 3, offset: ends[2])

        // Every timestamp field at its maximum, original lengths at their maximum: still a capture (exit 0, the
        // lengths show as frames cut by the snap length), no trap in the nanosecond or duration arithmetic.
        var extreme = pcap
        for end in ends.dropLast() {
            Self.setLE32(&extreme, end, 0xFFFF_FFFF)
            Self.setLE32(&extreme, end + 4, 0xFFFF_FFFF)
            Self.setLE32(&extreme, end + 12, 0xFFFF_FFFF)
        }
        let path = try BadInputTests.write(extreme, "extreme-values.pcap")
        let (text, status) = try CommandLineTests.rtpdump([path])
        #expect(status == 0 || status == 1, "\(text)")
        #expect(text.contains("\(path):#1: warning[CAP-002]"), "\(text)")

        var pcapng = try BadInputTests.bytes("webrtc-wrong-pwd.pcapng")
        for block in Self.blocks(pcapng) where block.type == 6 {
            Self.setLE32(&pcapng, block.offset + 12, 0xFFFF_FFFF)
            Self.setLE32(&pcapng, block.offset + 16, 0xFFFF_FFFF)
            Self.setLE32(&pcapng, block.offset + 24, 0xFFFF_FFFF)
        }
        let ngPath = try BadInputTests.write(pcapng, "extreme-values.pcapng")
        let (ngText, ngStatus) = try CommandLineTests.rtpdump([ngPath])
        #expect(ngStatus == 0 || ngStatus == 1, "\(ngText)")
        #expect(ngText.contains("\(ngPath):#1: warning[CAP-002]"), "\(ngText)")
    }

    // MARK: Linear work

    /// Bytes and read calls this thread made, from `/proc/thread-self/io` (per thread, so tests running on
    /// other threads do not count).
    static func threadIO() -> (bytes: Int, calls: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8) else { return nil }
        var fields: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { fields[parts[0]] = Int(parts[1]) }
        }
        guard let bytes = fields["rchar"], let calls = fields["syscr"] else { return nil }
        return (bytes, calls)
    }

    @Test("work stays proportional to the input: a capture of N, 2N, 4N skipped blocks or empty records is read once, in a bounded number of read calls",
          arguments: ["blocks", "records"])
    func linearWork(_ kind: String) throws {
        let pcapng = try BadInputTests.bytes("pcmu-rtcp.pcapng")
        let pcap = try BadInputTests.bytes("pcmu-ipv6.pcap")
        var measured: [(size: Int, bytes: Int, calls: Int)] = []
        for n in [50_000, 100_000, 200_000] {
            var bytes: [UInt8]
            if kind == "blocks" {
                // SHB + IDB, then n custom blocks of the minimum 12 bytes (type 0xBAD, skipped), then the packets.
                let head = Self.blocks(pcapng)[2].offset
                bytes = Array(pcapng[..<head])
                var skipped = [UInt8](repeating: 0, count: 12)
                Self.setLE32(&skipped, 0, 0xBAD)
                Self.setLE32(&skipped, 4, 12)
                Self.setLE32(&skipped, 8, 12)
                for _ in 0..<n { bytes += skipped }
                bytes += pcapng[head...]
            } else {
                // The pcap header, then n records of zero captured bytes, then the real records.
                bytes = Array(pcap.prefix(24))
                var record = [UInt8](repeating: 0, count: 16)
                Self.setLE32(&record, 0, 1_700_000_000)
                for _ in 0..<n { bytes += record }
                bytes += pcap[24...]
            }
            let path = try BadInputTests.write(bytes, "linear-\(kind)-\(n)")
            let before = try #require(Self.threadIO())
            let report = try CaptureAnalyzer.analyze(path: path, options: AnalysisOptions())
            let after = try #require(Self.threadIO())
            #expect(report.error == nil)
            // Every real packet after the filler is still found.
            #expect(report.frames == (kind == "blocks" ? Self.blocks(pcapng).filter { $0.type == 6 }.count : n + Self.recordEnds(pcap).count - 1))
            measured.append((bytes.count, after.bytes - before.bytes, after.calls - before.calls))
        }
        for m in measured {
            // The file is read once: what was read is the file (plus a small constant), not a multiple of it.
            #expect(m.bytes >= m.size && m.bytes <= m.size + 64 * 1024, "\(m)")
            // Reads are buffered: far fewer calls than records (a 1 MiB buffer).
            #expect(m.calls <= m.size / (512 * 1024) + 8, "\(m)")
        }
    }
}
