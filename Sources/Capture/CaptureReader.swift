import Diagnostics
import Wire

/// Reads classic pcap and pcapng files frame by frame, in Swift.
///
/// libpcap 1.10 refuses pcapng files whose interfaces have different link types and
/// does not report interface ids, so both formats are read here:
/// - classic pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html): µs and
///   ns magic, either byte order;
/// - pcapng (draft-ietf-opsawg-pcapng): several sections and interfaces with their own
///   link type, `if_tsresol` and `if_tsoffset`; Enhanced, Simple and obsolete Packet Blocks.
///
/// Errors are located: a file that ends inside a record names the frame it cut.
public final class CaptureReader {
    public enum Format: String, Sendable {
        case pcap, pcapng
    }

    /// A pcapng interface (or the single pseudo-interface of a classic pcap file).
    public struct Interface: Hashable, Sendable {
        public let linkType: LinkType
        public let snapLength: Int
        /// Timestamp units per second: 10^6 for µs, 10^9 for ns, or a power of two.
        public let unitsPerSecond: Int64
        /// Seconds added to every timestamp (`if_tsoffset`).
        public let offsetSeconds: Int64
        public let name: String?
    }

    public let file: String
    public let format: Format
    /// Interfaces seen so far (pcapng declares them as it goes).
    public private(set) var interfaces: [Interface] = []
    /// Frames returned so far.
    public private(set) var frameCount: Int {
        get { cursor.frames }
        set { cursor.frames = newValue }
    }

    /// Where reading continues: one stored property, so that a frame costs one checked access
    /// to the reader's state to read it and one to advance it.
    private struct Cursor {
        var offset = 0
        var frames = 0
    }
    private var cursor = Cursor()
    private var offset: Int {
        get { cursor.offset }
        set { cursor.offset = newValue }
    }
    private let source: ByteSource
    /// The byte order of the current pcapng section (of the file, for classic pcap).
    private var bigEndian = false
    // Classic pcap: fixed by the file header.
    private let pcapBigEndian: Bool
    private let nanosecond: Bool
    private let pcapLinkType: LinkType
    private static let maximumRecord = 64 << 20

    public var fileSize: Int { source.size }
    public var bytesRead: Int { cursor.offset }

    /// Opens `path` and reads its file header.
    ///
    /// - Throws: `InputError` `.unreadable`, `.empty`, `.truncated` (shorter than the header),
    ///   `.unknownFormat` (neither magic number), `.malformed`.
    public convenience init(path: String) throws(InputError) {
        try self.init(path: path, bufferSize: 1 << 20)
    }

    /// - Parameter bufferSize: bytes read at a time (tests make it small to cross many refills).
    init(path: String, bufferSize: Int) throws(InputError) {
        self.file = path
        self.source = try ByteSource(path: path, bufferSize: bufferSize)
        let head = try source.bytes(at: 0, count: 24)
        guard !head.isEmpty else { throw InputError(.empty, "empty file: not a capture", at: .file(path)) }
        guard let magic = head.networkUInt32(at: 0) else {
            throw InputError(.truncated, "file is \(head.count) bytes long: too short for a capture file header", at: .file(path))
        }
        switch magic {
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1:
            let big = magic == 0xA1B2_C3D4 || magic == 0xA1B2_3C4D
            let nano = magic == 0xA1B2_3C4D || magic == 0x4D3C_B2A1
            guard head.count == 24 else {
                throw InputError(.truncated, "pcap file header cut at byte \(head.count) of 24", at: .file(path))
            }
            func field(_ at: Int) -> UInt32 { head.networkUInt32(at: at).map { big ? $0 : $0.byteSwapped } ?? 0 }
            let snap = Int(field(16))
            // The upper bits of the link-type field may carry FCS information.
            let link = LinkType(rawValue: field(20) & 0x0FFF_FFFF)
            format = .pcap
            pcapBigEndian = big
            nanosecond = nano
            pcapLinkType = link
            bigEndian = big
            interfaces = [Interface(linkType: link, snapLength: snap, unitsPerSecond: nano ? 1_000_000_000 : 1_000_000,
                                    offsetSeconds: 0, name: nil)]
            offset = 24
        case 0x0A0D_0D0A:
            format = .pcapng
            pcapBigEndian = false
            nanosecond = false
            pcapLinkType = .ethernet
            offset = 0
        default:
            throw InputError(.unknownFormat,
                             "not a pcap or pcapng capture (starts with 0x\(String(magic, radix: 16, uppercase: true)))",
                             at: .file(path))
        }
    }

    /// The next frame, or `nil` at the end of the file. Its bytes are its own (copied out of
    /// the reader's buffer), so it may be kept.
    ///
    /// - Throws: `InputError` `.truncated` when the file ends inside a record, `.malformed`
    ///   for impossible lengths; the location names the frame being read.
    public func next() throws(InputError) -> CapturedPacket? {
        try nextFrame()?.packet
    }

    /// The next frame as a view into the reader's buffer (valid until the next call), or
    /// `nil` at the end of the file: what the analyzer's fast path reads without a copy.
    func nextFrame() throws(InputError) -> FrameView? {
        switch format {
        case .pcap: return try nextPcap()
        case .pcapng: return try nextPcapng()
        }
    }

    // MARK: Classic pcap

    private func nextPcap() throws(InputError) -> FrameView? {
        // The reader's state read once: each access to a class property is checked.
        var position = cursor
        let at = position.offset
        let swap = !pcapBigEndian
        let header = try source.bytes(at: at, count: 16)
        if header.isEmpty { return nil }
        let frame = position.frames + 1
        func field(_ position: Int) -> UInt32? { header.networkUInt32(at: position).map { swap ? $0.byteSwapped : $0 } }
        guard header.count == 16, let seconds = field(0), let fraction = field(4),
              let included = field(8), let original = field(12) else {
            throw InputError(.truncated, "capture cut inside the record header of packet \(frame) (byte \(at), \(header.count) of 16 bytes present)",
                             at: .frame(file: file, frame: frame, offset: at))
        }
        guard Int(included) <= Self.maximumRecord else {
            throw InputError(.malformed, "packet \(frame) claims \(included) captured bytes (bound \(Self.maximumRecord)): corrupt record header at byte \(at)",
                             at: .frame(file: file, frame: frame, offset: at))
        }
        // Header and data in one view: refills the buffer only when the record straddles its end.
        let record = try source.bytes(at: at, count: 16 + Int(included))
        guard record.count == 16 + Int(included) else {
            throw InputError(.truncated, "capture cut inside packet \(frame): \(record.count - 16) of \(included) bytes present (record at byte \(at))",
                             at: .frame(file: file, frame: frame, offset: at))
        }
        let nanos = Int64(seconds) * 1_000_000_000 + Int64(fraction) * (nanosecond ? 1 : 1000)
        let view = FrameView(frame: frame, interfaceID: 0, linkType: pcapLinkType, timestamp: Timestamp(nanoseconds: nanos),
                             originalLength: Int(original), data: UnsafeRawBufferPointer(rebasing: record[16...]),
                             fileOffset: at)
        position.offset = at + 16 + Int(included)
        position.frames = frame
        cursor = position
        return view
    }

    // MARK: pcapng

    private func nextPcapng() throws(InputError) -> FrameView? {
        while true {
            let header = try source.bytes(at: offset, count: 12)
            if header.isEmpty { return nil }
            let frame = frameCount + 1
            guard header.count >= 8, let rawType = header.networkUInt32(at: 0) else {
                throw InputError(.truncated, "capture cut inside a block header before packet \(frame) (byte \(offset))",
                                 at: .frame(file: file, frame: frame, offset: offset))
            }
            if rawType == 0x0A0D_0D0A {
                // Section Header Block: its byte-order magic decides how to read the section.
                guard let magic = header.networkUInt32(at: 8) else {
                    throw InputError(.truncated, "capture cut inside a section header at byte \(offset)",
                                     at: .frame(file: file, frame: frame, offset: offset))
                }
                switch magic {
                case 0x1A2B_3C4D: bigEndian = true
                case 0x4D3C_2B1A: bigEndian = false
                default:
                    throw InputError(.malformed, "section header at byte \(offset) has byte-order magic 0x\(String(magic, radix: 16)), not 0x1A2B3C4D",
                                     at: .frame(file: file, frame: frame, offset: offset))
                }
                interfaces = []
            }
            guard let type = read32(header, 0), let length32 = read32(header, 4) else { return nil }
            let length = Int(length32)
            guard length >= 12, length % 4 == 0, length <= Self.maximumRecord else {
                throw InputError(.malformed, "block at byte \(offset) (before packet \(frame)) has impossible length \(length)",
                                 at: .frame(file: file, frame: frame, offset: offset))
            }
            let block = try source.bytes(at: offset, count: length)
            guard block.count == length else {
                let what = [6, 3, 2].contains(type) ? "inside packet \(frame)" : "inside a block before packet \(frame)"
                throw InputError(.truncated, "capture cut \(what): \(block.count) of \(length) bytes present (block at byte \(offset))",
                                 at: .frame(file: file, frame: frame, offset: offset))
            }
            guard read32(block, length - 4) == length32 else {
                throw InputError(.malformed, "block at byte \(offset) (before packet \(frame)): trailing length differs from \(length)",
                                 at: .frame(file: file, frame: frame, offset: offset))
            }
            let blockOffset = offset
            offset += length
            let body = block.view(at: 8, count: length - 12) ?? UnsafeRawBufferPointer(start: nil, count: 0)
            switch type {
            case 1:
                try readInterface(body, at: blockOffset, frame: frame)
            case 6:  // Enhanced Packet Block
                guard let id = read32(body, 0), let high = read32(body, 4), let low = read32(body, 8),
                      let captured = read32(body, 12), let original = read32(body, 16),
                      let data = body.view(at: 20, count: Int(captured)) else {
                    throw malformed(frame, blockOffset, "enhanced packet block shorter than its captured length")
                }
                return try packet(frame, interface: Int(id), high: high, low: low, original: Int(original), data: data, at: blockOffset)
            case 3:  // Simple Packet Block: interface 0, no timestamp
                guard let original = read32(body, 0) else { throw malformed(frame, blockOffset, "simple packet block too short") }
                guard let interface = interfaces.first else {
                    throw malformed(frame, blockOffset, "simple packet block before any interface description")
                }
                var captured = min(Int(original), body.count - 4)
                if interface.snapLength > 0 { captured = min(captured, interface.snapLength) }
                let data = body.view(at: 4, count: captured) ?? UnsafeRawBufferPointer(start: nil, count: 0)
                frameCount = frame
                return FrameView(frame: frame, interfaceID: 0, linkType: interface.linkType, timestamp: Timestamp(nanoseconds: 0),
                                 originalLength: Int(original), data: data, fileOffset: blockOffset)
            case 2:  // Obsolete Packet Block
                guard let id = read16(body, 0), let high = read32(body, 4), let low = read32(body, 8),
                      let captured = read32(body, 12), let original = read32(body, 16),
                      let data = body.view(at: 20, count: Int(captured)) else {
                    throw malformed(frame, blockOffset, "packet block shorter than its captured length")
                }
                return try packet(frame, interface: Int(id), high: high, low: low, original: Int(original), data: data, at: blockOffset)
            default:
                continue  // SHB handled above; name resolution, statistics, custom blocks: skipped.
            }
        }
    }

    private func packet(_ frame: Int, interface id: Int, high: UInt32, low: UInt32, original: Int,
                        data: UnsafeRawBufferPointer, at blockOffset: Int) throws(InputError) -> FrameView {
        guard id < interfaces.count else {
            throw malformed(frame, blockOffset, "packet refers to interface \(id), but only \(interfaces.count) are described")
        }
        let interface = interfaces[id]
        let units = UInt64(high) << 32 | UInt64(low)
        let perSecond = UInt64(interface.unitsPerSecond)
        let whole = units / perSecond
        let rest = units % perSecond
        // rest < perSecond ≤ 2^63, and rest * 10^9 / perSecond < 10^9: split to avoid overflow.
        let nanos = rest.multipliedFullWidth(by: 1_000_000_000)
        let (fractionNanos, _) = perSecond.dividingFullWidth((nanos.high, nanos.low))
        let total = Int64(clamping: whole) &+ interface.offsetSeconds
        let timestamp = Timestamp(nanoseconds: total &* 1_000_000_000 &+ Int64(fractionNanos))
        frameCount = frame
        return FrameView(frame: frame, interfaceID: id, linkType: interface.linkType, timestamp: timestamp,
                         originalLength: original, data: data, fileOffset: blockOffset)
    }

    /// Interface Description Block: link type, snap length, options `if_name` (2),
    /// `if_tsresol` (9) and `if_tsoffset` (14).
    private func readInterface(_ body: UnsafeRawBufferPointer, at blockOffset: Int, frame: Int) throws(InputError) {
        guard let link = read16(body, 0), let snap = read32(body, 4) else {
            throw malformed(frame, blockOffset, "interface description block too short")
        }
        var perSecond: Int64 = 1_000_000
        var offsetSeconds: Int64 = 0
        var name: String?
        var at = 8
        while let code = read16(body, at), let length = read16(body, at + 2), code != 0 {
            guard let value = body.view(at: at + 4, count: Int(length)) else { break }
            switch code {
            case 2: name = String(decoding: value, as: UTF8.self)
            case 9:
                if let resolution = value.first {
                    let exponent = Int(resolution & 0x7F)
                    if resolution & 0x80 != 0 {
                        guard exponent <= 62 else { throw malformed(frame, blockOffset, "if_tsresol 2^-\(exponent) is beyond 2^-62") }
                        perSecond = 1 << exponent
                    } else {
                        guard exponent <= 18 else { throw malformed(frame, blockOffset, "if_tsresol 10^-\(exponent) is beyond 10^-18") }
                        perSecond = (0..<exponent).reduce(1) { r, _ in r * 10 }
                    }
                }
            case 14:
                if let value = read64(value, 0) { offsetSeconds = Int64(bitPattern: value) }
            default: break
            }
            at += 4 + (Int(length) + 3) & ~3
        }
        interfaces.append(Interface(linkType: LinkType(rawValue: UInt32(link)), snapLength: Int(snap),
                                    unitsPerSecond: perSecond, offsetSeconds: offsetSeconds, name: name))
    }

    private func malformed(_ frame: Int, _ at: Int, _ reason: String) -> InputError {
        InputError(.malformed, "\(reason) (block at byte \(at), packet \(frame))", at: .frame(file: file, frame: frame, offset: at))
    }

    // MARK: Byte order of the current section

    private func read16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16? {
        guard let value = b.networkUInt16(at: at) else { return nil }
        return bigEndian ? value : value.byteSwapped
    }

    private func read32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32? {
        guard let value = b.networkUInt32(at: at) else { return nil }
        return bigEndian ? value : value.byteSwapped
    }

    private func read64(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt64? {
        guard let high = b.networkUInt32(at: at), let low = b.networkUInt32(at: at + 4) else { return nil }
        let value = UInt64(high) << 32 | UInt64(low)
        return bigEndian ? value : value.byteSwapped
    }
}

/// One frame as the reader found it, its bytes a view into the reader's buffer: valid only
/// until the reader's next call. ``packet`` copies it into a ``CapturedPacket`` that may be kept.
struct FrameView {
    let frame: Int
    let interfaceID: Int
    let linkType: LinkType
    let timestamp: Timestamp
    let originalLength: Int
    let data: UnsafeRawBufferPointer
    let fileOffset: Int

    /// The frame with its own copy of the bytes.
    var packet: CapturedPacket {
        CapturedPacket(frame: frame, interfaceID: interfaceID, linkType: linkType, timestamp: timestamp,
                       originalLength: originalLength, data: ArraySlice(data), fileOffset: fileOffset)
    }
}

/// Bounds-checked reads on the reader's buffer views: `nil` when the view is too short.
extension UnsafeRawBufferPointer {
    /// The big-endian (network-order) 16-bit value at `offset`.
    @inline(__always)
    func networkUInt16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset <= count - 2, let base = baseAddress else { return nil }
        return UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The big-endian (network-order) 32-bit value at `offset`.
    @inline(__always)
    func networkUInt32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset <= count - 4, let base = baseAddress else { return nil }
        return UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// `length` bytes starting at `offset`, or `nil` past the end.
    @inline(__always)
    func view(at offset: Int, count length: Int) -> UnsafeRawBufferPointer? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        return UnsafeRawBufferPointer(rebasing: self[offset ..< offset + length])
    }
}
