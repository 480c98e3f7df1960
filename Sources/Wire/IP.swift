/// An IPv4 or IPv6 address.
public enum IPAddress: Hashable, Sendable {
    case v4(UInt32)
    case v6(UInt64, UInt64)

    /// Reads a 4-byte IPv4 address.
    public static func v4(_ bytes: ArraySlice<UInt8>, at offset: Int) -> IPAddress? {
        bytes.uint32(at: offset).map(IPAddress.v4)
    }

    /// Reads a 16-byte IPv6 address.
    public static func v6(_ bytes: ArraySlice<UInt8>, at offset: Int) -> IPAddress? {
        guard let high = bytes.uint64(at: offset), let low = bytes.uint64(at: offset + 8) else { return nil }
        return .v6(high, low)
    }

    public var isIPv6: Bool { if case .v6 = self { true } else { false } }
}

extension IPAddress: CustomStringConvertible {
    /// Dotted quad, or RFC 5952 text (lower case, longest zero run compressed).
    public var description: String {
        switch self {
        case .v4(let a):
            return "\(a >> 24).\(a >> 16 & 0xFF).\(a >> 8 & 0xFF).\(a & 0xFF)"
        case .v6(let high, let low):
            let groups: [UInt16] = (0..<8).map { i in
                let word = i < 4 ? high : low
                return UInt16(truncatingIfNeeded: word >> (UInt64(3 - i % 4) * 16))
            }
            // Longest run of at least two zero groups (first one wins a tie), per RFC 5952 §4.2.
            var best = (start: -1, length: 0)
            var i = 0
            while i < 8 {
                if groups[i] == 0 {
                    var j = i
                    while j < 8, groups[j] == 0 { j += 1 }
                    if j - i > best.length, j - i >= 2 { best = (i, j - i) }
                    i = j
                } else {
                    i += 1
                }
            }
            func hex(_ range: Range<Int>) -> String {
                range.map { String(groups[$0], radix: 16) }.joined(separator: ":")
            }
            if best.start < 0 { return hex(0..<8) }
            return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
        }
    }
}

/// The position of an IP fragment in its original datagram (RFC 791 §3.2, RFC 8200 §4.5).
public struct IPFragment: Hashable, Sendable {
    /// The identification shared by all fragments of one datagram.
    public let identification: UInt32
    /// Byte offset of this fragment's data in the reassembled payload.
    public let offset: Int
    /// Whether more fragments follow (the MF flag / M bit).
    public let moreFragments: Bool
}

/// One IPv4 or IPv6 packet with its extension headers walked.
public struct IPPacket: Hashable, Sendable {
    public let version: Int
    public let source: IPAddress
    public let destination: IPAddress
    /// The upper-layer protocol (17 UDP, 6 TCP) after IPv6 extension headers.
    public let transportProtocol: UInt8
    /// Set when this packet is one fragment of a larger datagram.
    public let fragment: IPFragment?
    /// The upper-layer bytes present in the capture (maybe fewer than `payloadLength`).
    public let payload: ArraySlice<UInt8>
    /// The upper-layer length the header announces.
    public let payloadLength: Int
    /// Bytes of IP header including options and extension headers.
    public let headerLength: Int

    /// Whether the capture holds fewer bytes than the header announces (snap length).
    public var isTruncated: Bool { payload.count < payloadLength }

    /// Decodes an IPv4 (RFC 791, options skipped by IHL) or IPv6 (RFC 8200) packet.
    ///
    /// - Returns: `nil` when the header is short, the version is neither 4 nor 6, or a
    ///   length field is inconsistent.
    public init?(_ bytes: ArraySlice<UInt8>) {
        guard let first = bytes.byte(at: 0) else { return nil }
        switch first >> 4 {
        case 4: self.init(ipv4: bytes)
        case 6: self.init(ipv6: bytes)
        default: return nil
        }
    }

    private init?(ipv4 bytes: ArraySlice<UInt8>) {
        guard let first = bytes.byte(at: 0), let totalLength = bytes.uint16(at: 2),
              let identification = bytes.uint16(at: 4), let flagsOffset = bytes.uint16(at: 6),
              let proto = bytes.byte(at: 9),
              let source = IPAddress.v4(bytes, at: 12), let destination = IPAddress.v4(bytes, at: 16)
        else { return nil }
        let headerLength = Int(first & 0x0F) * 4
        guard headerLength >= 20, Int(totalLength) >= headerLength, bytes.count >= headerLength else { return nil }
        let available = min(bytes.count, Int(totalLength))
        guard let payload = bytes.bytes(at: headerLength, count: available - headerLength) else { return nil }
        let more = flagsOffset & 0x2000 != 0
        let offset = Int(flagsOffset & 0x1FFF) * 8
        self.version = 4
        self.source = source
        self.destination = destination
        self.transportProtocol = proto
        self.fragment = (more || offset > 0)
            ? IPFragment(identification: UInt32(identification), offset: offset, moreFragments: more) : nil
        self.payload = payload
        self.payloadLength = Int(totalLength) - headerLength
        self.headerLength = headerLength
    }

    private init?(ipv6 bytes: ArraySlice<UInt8>) {
        guard let payloadLength = bytes.uint16(at: 4), var next = bytes.byte(at: 6),
              let source = IPAddress.v6(bytes, at: 8), let destination = IPAddress.v6(bytes, at: 24)
        else { return nil }
        var offset = 40
        var fragment: IPFragment?
        // Walk extension headers (RFC 8200 §4); bounded so a loop of headers cannot spin.
        var walked = 0
        extensionLoop: while walked < 16 {
            walked += 1
            switch next {
            case 0, 43, 60, 135, 139, 140:
                // Hop-by-Hop, Routing, Destination Options, Mobility, HIP, Shim6: length in 8-octet units beyond the first.
                guard let n = bytes.byte(at: offset), let len = bytes.byte(at: offset + 1) else { return nil }
                next = n
                offset += (Int(len) + 1) * 8
            case 51:
                // Authentication Header (RFC 4302): length in 4-octet units minus 2.
                guard let n = bytes.byte(at: offset), let len = bytes.byte(at: offset + 1) else { return nil }
                next = n
                offset += (Int(len) + 2) * 4
            case 44:
                guard let n = bytes.byte(at: offset), let field = bytes.uint16(at: offset + 2),
                      let identification = bytes.uint32(at: offset + 4) else { return nil }
                let fragmentOffset = Int(field >> 3) * 8
                let more = field & 1 != 0
                if more || fragmentOffset > 0 {
                    fragment = IPFragment(identification: identification, offset: fragmentOffset, moreFragments: more)
                }
                next = n
                offset += 8
            default:
                break extensionLoop
            }
        }
        let total = 40 + Int(payloadLength)
        guard offset <= total else { return nil }
        let available = min(bytes.count, total)
        guard available >= offset, let payload = bytes.bytes(at: offset, count: available - offset) else { return nil }
        self.version = 6
        self.source = source
        self.destination = destination
        self.transportProtocol = next
        self.fragment = fragment
        self.payload = payload
        self.payloadLength = total - offset
        self.headerLength = offset
    }
}

/// A UDP datagram (RFC 768).
public struct UDPDatagram: Hashable, Sendable {
    public let sourcePort: UInt16
    public let destinationPort: UInt16
    /// The length field: header plus payload.
    public let length: Int
    /// The payload bytes present in the capture.
    public let payload: ArraySlice<UInt8>

    /// Whether the capture holds fewer payload bytes than the length field announces.
    public var isTruncated: Bool { payload.count < length - 8 }

    /// - Returns: `nil` when the 8-byte header is short or the length field is below 8.
    public init?(_ bytes: ArraySlice<UInt8>) {
        guard let sourcePort = bytes.uint16(at: 0), let destinationPort = bytes.uint16(at: 2),
              let length = bytes.uint16(at: 4), bytes.count >= 8 else { return nil }
        // A length of 0 is allowed for IPv6 jumbograms (RFC 2675); take what the IP layer carried.
        let announced = length == 0 ? bytes.count : Int(length)
        guard announced >= 8 else { return nil }
        let available = min(bytes.count, announced)
        guard let payload = bytes.bytes(at: 8, count: available - 8) else { return nil }
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.length = announced
        self.payload = payload
    }
}
