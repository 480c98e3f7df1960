import Diagnostics
import Wire

/// The rtptools dump format (`rtpdump -F dump`, played by `rtpplay`), as rtptools' `rtpdump.h`
/// defines it. All binary fields are in network byte order:
///
/// ```
/// #!rtpplay1.0 ADDRESS/PORT\n
/// RD_hdr_t     start.tv_sec u32, start.tv_usec u32, source u32 (IPv4), port u16, padding u16   (16 bytes)
/// RD_packet_t  length u16 (record incl. this 8-byte header), plen u16 (RTP length; 0 for RTCP),
///              offset u32 (ms since start)                                                      (8 bytes)
///              then the RTP or RTCP packet (length − 8 bytes)
/// ```
///
/// The format keeps neither the sender's address nor sub-millisecond times: packets read back
/// come from `0.0.0.0:0` to the recorded address, with times rounded down to the millisecond.
public enum RTPDumpFile {
    /// `#!rtpplay1.0 `: the magic that tells this format from pcap and pcapng.
    public static let magic: [UInt8] = Array("#!rtpplay1.0 ".utf8)
    /// `RD_hdr_t` size.
    public static let fileHeaderLength = 16
    /// `RD_packet_t` size.
    public static let recordHeaderLength = 8
    /// The largest UDP payload over IPv4 (65535 − 20 − 8): what a record read back can carry.
    public static let maximumPacket = 65_507

    /// Whether `prefix` (the file's first bytes) starts an rtpdump file.
    public static func isRTPDump(_ prefix: some Collection<UInt8>) -> Bool {
        prefix.starts(with: magic)
    }
}

/// Writes one rtpdump file: the text line and `RD_hdr_t` up front, then one record per packet.
/// Pure: the caller writes ``bytes`` to disk.
public struct RTPDumpWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Packets written and packets left out (longer than a record can hold).
    public private(set) var packets = 0
    public private(set) var skipped = 0
    private let start: Timestamp

    /// - Parameters:
    ///   - address: the receive address (`ADDRESS/PORT` of the text line, `source`/`port` of the
    ///     binary header); an IPv6 address is written in the text line and as 0 in `source`.
    ///   - start: the recording's start; packet offsets are counted from it.
    public init(address: IPAddress, port: UInt16, start: Timestamp) {
        self.start = start
        bytes += Array("#!rtpplay1.0 \(address)/\(port)\n".utf8)
        let seconds = start.nanoseconds >= 0 ? start.nanoseconds / 1_000_000_000 : 0
        let microseconds = start.nanoseconds >= 0 ? (start.nanoseconds % 1_000_000_000) / 1000 : 0
        append32(UInt32(truncatingIfNeeded: seconds))
        append32(UInt32(truncatingIfNeeded: microseconds))
        append32(address.ipv4Value ?? 0)
        append16(port)
        append16(0)
    }

    /// Appends one packet. `isRTP` sets `plen` to its length (0 marks RTCP, as rtptools does).
    public mutating func append(_ packet: some Collection<UInt8>, at time: Timestamp, isRTP: Bool) {
        let length = packet.count + RTPDumpFile.recordHeaderLength
        guard packet.count <= RTPDumpFile.maximumPacket else {
            skipped += 1
            return
        }
        let offset = max(0, (time.nanoseconds - start.nanoseconds) / 1_000_000)
        append16(UInt16(length))
        append16(isRTP ? UInt16(packet.count) : 0)
        append32(UInt32(truncatingIfNeeded: offset))
        bytes += packet
        packets += 1
    }

    private mutating func append16(_ v: UInt16) {
        bytes += [UInt8(v >> 8), UInt8(v & 0xFF)]
    }

    private mutating func append32(_ v: UInt32) {
        bytes += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}

/// Reads an rtpdump file as frames of link type RAW: each recorded packet is given a synthetic
/// IPv4/UDP header from `0.0.0.0:0` to the file's address, so that the whole pipeline
/// (classification, stream statistics, RTCP) applies unchanged.
final class RTPDumpFileReader: PacketSource {
    let file: String
    private let source: ByteSource
    private var offset: Int
    private var frame = 0
    let address: IPAddress
    let port: UInt16
    let start: Timestamp

    var formatName: String { "rtpdump" }
    var fileSize: Int { source.size }
    var bytesRead: Int { offset }

    /// Opens `path` and reads its text line and `RD_hdr_t`.
    ///
    /// - Throws: `InputError` `.malformed` for a bad text line, `.truncated` for a short header.
    init(path: String) throws(InputError) {
        file = path
        source = try ByteSource(path: path)
        let lineLimit = min(source.size, 1024)
        let head = try source.copy(at: 0, count: lineLimit)
        guard RTPDumpFile.isRTPDump(head), let newline = head.firstIndex(of: 0x0A) else {
            throw InputError(.malformed, "rtpdump text line '#!rtpplay1.0 ADDRESS/PORT' has no end in the first \(lineLimit) bytes",
                             at: .file(path))
        }
        let text = String(decoding: head[RTPDumpFile.magic.count..<newline], as: UTF8.self)
        guard let slash = text.lastIndex(of: "/"), let port = UInt16(text[text.index(after: slash)...]),
              let address = IPAddress(parsing: String(text[..<slash])) else {
            throw InputError(.malformed, "rtpdump text line names '\(text)', not ADDRESS/PORT", at: .file(path))
        }
        self.address = address
        self.port = port
        let header = try source.copy(at: newline + 1, count: RTPDumpFile.fileHeaderLength)
        guard header.count == RTPDumpFile.fileHeaderLength, let seconds = header[...].uint32(at: 0),
              let microseconds = header[...].uint32(at: 4) else {
            throw InputError(.truncated, "rtpdump file header cut at byte \(header.count) of \(RTPDumpFile.fileHeaderLength)",
                             at: .file(path))
        }
        start = Timestamp(nanoseconds: Int64(seconds) * 1_000_000_000 + Int64(microseconds) * 1000)
        offset = newline + 1 + RTPDumpFile.fileHeaderLength
    }

    func next() throws(InputError) -> CapturedPacket? {
        let header = try source.copy(at: offset, count: RTPDumpFile.recordHeaderLength)
        if header.isEmpty { return nil }
        frame += 1
        guard header.count == RTPDumpFile.recordHeaderLength, let length = header[...].uint16(at: 0),
              let plen = header[...].uint16(at: 2), let milliseconds = header[...].uint32(at: 4) else {
            throw InputError(.truncated, "rtpdump file cut inside the header of record \(frame) (byte \(offset))",
                             at: .frame(file: file, frame: frame, offset: offset))
        }
        guard Int(length) >= RTPDumpFile.recordHeaderLength else {
            throw InputError(.malformed, "rtpdump record \(frame) claims \(length) bytes, less than its own header (byte \(offset))",
                             at: .frame(file: file, frame: frame, offset: offset))
        }
        let count = Int(length) - RTPDumpFile.recordHeaderLength
        let packet = try source.copy(at: offset + RTPDumpFile.recordHeaderLength, count: count)
        guard packet.count == count else {
            throw InputError(.truncated, "rtpdump file cut inside record \(frame): \(packet.count) of \(count) bytes present (byte \(offset))",
                             at: .frame(file: file, frame: frame, offset: offset))
        }
        guard count <= RTPDumpFile.maximumPacket else {
            throw InputError(.malformed, "rtpdump record \(frame) holds \(count) bytes, more than a UDP datagram over IPv4 carries (byte \(offset))",
                             at: .frame(file: file, frame: frame, offset: offset))
        }
        let recordOffset = offset
        offset += Int(length)
        let frameBytes = Self.syntheticFrame(packet, to: address, port: port)
        // plen > recorded length: the recorder kept only the packet's head (rtpdump -F header).
        let original = max(frameBytes.count, Int(plen) + 28)
        return CapturedPacket(frame: frame, interfaceID: 0, linkType: .raw,
                              timestamp: Timestamp(nanoseconds: start.nanoseconds + Int64(milliseconds) * 1_000_000),
                              originalLength: original, data: frameBytes[...], fileOffset: recordOffset)
    }

    /// IPv4 (or IPv6) and UDP headers around `payload`, from the unspecified address, port 0.
    static func syntheticFrame(_ payload: [UInt8], to address: IPAddress, port: UInt16) -> [UInt8] {
        let udpLength = payload.count + 8
        var bytes: [UInt8] = []
        if let v4 = address.ipv4Value {
            let total = 20 + udpLength
            bytes = [0x45, 0, UInt8((total >> 8) & 0xFF), UInt8(total & 0xFF), 0, 0, 0x40, 0, 64, 17, 0, 0,
                     0, 0, 0, 0,
                     UInt8(v4 >> 24), UInt8((v4 >> 16) & 0xFF), UInt8((v4 >> 8) & 0xFF), UInt8(v4 & 0xFF)]
        } else {
            bytes = [0x60, 0, 0, 0, UInt8((udpLength >> 8) & 0xFF), UInt8(udpLength & 0xFF), 17, 64]
            bytes += [UInt8](repeating: 0, count: 16)
            bytes += address.bytes
        }
        bytes += [0, 0, UInt8(port >> 8), UInt8(port & 0xFF), UInt8((udpLength >> 8) & 0xFF), UInt8(udpLength & 0xFF), 0, 0]
        return bytes + payload
    }
}

/// Where frames come from: a capture file of any supported format, or a live interface.
protocol PacketSource: AnyObject {
    /// `pcap`, `pcapng`, `rtpdump`, `live`.
    var formatName: String { get }
    var fileSize: Int { get }
    var bytesRead: Int { get }
    func next() throws(InputError) -> CapturedPacket?
}

extension CaptureReader: PacketSource {
    var formatName: String { format.rawValue }
}
