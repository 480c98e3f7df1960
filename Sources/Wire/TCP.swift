/// A TCP segment (RFC 9293 §3.1): header fields, options and payload.
///
/// The decoder reads what a capture holds; it does not verify the checksum (captures made
/// on the sending host carry offloaded, unfilled checksums).
public struct TCPSegment: Hashable, Sendable {
    public let sourcePort: UInt16
    public let destinationPort: UInt16
    /// Sequence number of the first payload byte (of the SYN itself when ``Flags/syn`` is set).
    public let sequenceNumber: UInt32
    /// Next sequence number the sender expects; meaningful when ``Flags/ack`` is set.
    public let acknowledgementNumber: UInt32
    /// Header length in bytes: the data offset field × 4 (20–60).
    public let headerLength: Int
    public let flags: Flags
    public let window: UInt16
    public let checksum: UInt16
    public let urgentPointer: UInt16
    /// The option bytes between the fixed header and the payload (RFC 9293 §3.2).
    public let options: ArraySlice<UInt8>
    /// The payload bytes present in the capture.
    public let payload: ArraySlice<UInt8>

    /// The control bits (RFC 9293 §3.1, RFC 3168 §6.1 for CWR/ECE).
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        public static let fin = Flags(rawValue: 0x001)
        public static let syn = Flags(rawValue: 0x002)
        public static let rst = Flags(rawValue: 0x004)
        public static let psh = Flags(rawValue: 0x008)
        public static let ack = Flags(rawValue: 0x010)
        public static let urg = Flags(rawValue: 0x020)
        public static let ece = Flags(rawValue: 0x040)
        public static let cwr = Flags(rawValue: 0x080)
        /// The historic ECN-nonce bit (RFC 3540, obsoleted by RFC 8311), kept so that the raw
        /// 12-bit field round-trips as tshark's `tcp.flags` shows it.
        public static let ns = Flags(rawValue: 0x100)
    }

    /// Decodes the segment that fills `bytes` (the IP payload).
    ///
    /// - Returns: `nil` when the 20-byte fixed header is short, the data offset is below 5,
    ///   or the header (with options) is longer than the bytes present.
    public init?(_ bytes: ArraySlice<UInt8>) {
        guard let sourcePort = bytes.uint16(at: 0), let destinationPort = bytes.uint16(at: 2),
              let sequenceNumber = bytes.uint32(at: 4), let acknowledgementNumber = bytes.uint32(at: 8),
              let offsetAndFlags = bytes.uint16(at: 12), let window = bytes.uint16(at: 14),
              let checksum = bytes.uint16(at: 16), let urgentPointer = bytes.uint16(at: 18) else { return nil }
        let headerLength = Int(offsetAndFlags >> 12) * 4
        guard headerLength >= 20, let options = bytes.bytes(at: 20, count: headerLength - 20),
              let payload = bytes.bytes(from: headerLength) else { return nil }
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgementNumber = acknowledgementNumber
        self.headerLength = headerLength
        self.flags = Flags(rawValue: offsetAndFlags & 0x01FF)
        self.window = window
        self.checksum = checksum
        self.urgentPointer = urgentPointer
        self.options = options
        self.payload = payload
    }

    /// Sequence space this segment occupies (RFC 9293 §3.4: SYN and FIN count one each).
    public var sequenceLength: Int {
        payload.count + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
    }

    /// The options in wire order (RFC 9293 §3.2); decoding stops at End of Option List or at
    /// an option whose length does not fit, so a malformed list yields what came before it.
    public var decodedOptions: [TCPOption] {
        var result: [TCPOption] = []
        var offset = 0
        while let kind = options.byte(at: offset) {
            switch kind {
            case 0: return result
            case 1:
                result.append(TCPOption(kind: 1, value: options[options.startIndex + offset ..< options.startIndex + offset]))
                offset += 1
            default:
                guard let length = options.byte(at: offset + 1), length >= 2,
                      let value = options.bytes(at: offset + 2, count: Int(length) - 2) else { return result }
                result.append(TCPOption(kind: kind, value: value))
                offset += Int(length)
            }
        }
        return result
    }

    /// The maximum segment size option (kind 2), if present.
    public var maximumSegmentSize: UInt16? {
        decodedOptions.first { $0.kind == 2 }?.value.uint16(at: 0)
    }

    /// The window scale shift count (kind 3, RFC 7323 §2), if present.
    public var windowScale: UInt8? {
        decodedOptions.first { $0.kind == 3 }?.value.byte(at: 0)
    }

    /// TSval and TSecr of the timestamps option (kind 8, RFC 7323 §3), if present.
    public var timestamps: (value: UInt32, echoReply: UInt32)? {
        guard let value = decodedOptions.first(where: { $0.kind == 8 })?.value,
              let tsval = value.uint32(at: 0), let tsecr = value.uint32(at: 4) else { return nil }
        return (tsval, tsecr)
    }
}

/// One TCP option: its kind and the value after the kind and length octets.
public struct TCPOption: Hashable, Sendable {
    public let kind: UInt8
    public let value: ArraySlice<UInt8>
}
