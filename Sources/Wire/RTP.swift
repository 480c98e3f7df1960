/// An RTP packet header and payload (RFC 3550 §5.1), with header extensions (RFC 8285).
///
/// SRTP (RFC 3711) leaves this header in the clear, so every field here is available on
/// encrypted media too; only `payload` is then ciphertext plus the authentication tag.
public struct RTPPacket: Hashable, Sendable {
    public let version: UInt8
    public let hasPadding: Bool
    public let marker: Bool
    public let payloadType: UInt8
    public let sequenceNumber: UInt16
    public let timestamp: UInt32
    public let ssrc: UInt32
    public let csrcs: [UInt32]
    public let headerExtension: RTPHeaderExtension?
    /// The payload without padding.
    public let payload: ArraySlice<UInt8>
    /// The number of padding octets at the end (0 without the P bit).
    public let paddingLength: Int
    /// Header length: fixed header, CSRCs and extension.
    public let headerLength: Int

    /// Decodes an RTP packet.
    ///
    /// - Returns: `nil` if the version is not 2, the packet is shorter than its header, or
    ///   the padding count exceeds the payload.
    public init?(_ bytes: ArraySlice<UInt8>) {
        guard let b0 = bytes.byte(at: 0), let b1 = bytes.byte(at: 1),
              let sequenceNumber = bytes.uint16(at: 2), let timestamp = bytes.uint32(at: 4),
              let ssrc = bytes.uint32(at: 8) else { return nil }
        guard b0 >> 6 == 2 else { return nil }
        let csrcCount = Int(b0 & 0x0F)
        var offset = 12
        var csrcs: [UInt32] = []
        csrcs.reserveCapacity(csrcCount)
        for _ in 0..<csrcCount {
            guard let csrc = bytes.uint32(at: offset) else { return nil }
            csrcs.append(csrc)
            offset += 4
        }
        var headerExtension: RTPHeaderExtension?
        if b0 & 0x10 != 0 {
            guard let profile = bytes.uint16(at: offset), let words = bytes.uint16(at: offset + 2),
                  let data = bytes.bytes(at: offset + 4, count: Int(words) * 4) else { return nil }
            headerExtension = RTPHeaderExtension(profile: profile, data: data)
            offset += 4 + Int(words) * 4
        }
        var paddingLength = 0
        let hasPadding = b0 & 0x20 != 0
        if hasPadding {
            guard let last = bytes.byte(at: bytes.count - 1), last > 0, Int(last) <= bytes.count - offset
            else { return nil }
            paddingLength = Int(last)
        }
        guard let payload = bytes.bytes(at: offset, count: bytes.count - offset - paddingLength) else { return nil }
        self.version = 2
        self.hasPadding = hasPadding
        self.marker = b1 & 0x80 != 0
        self.payloadType = b1 & 0x7F
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
        self.payload = payload
        self.paddingLength = paddingLength
        self.headerLength = offset
    }
}

/// An RTP header extension block (RFC 3550 §5.3.1) and, for the RFC 8285 profiles, its elements.
public struct RTPHeaderExtension: Hashable, Sendable {
    /// "defined by profile": 0xBEDE for one-byte elements, 0x100X for two-byte elements.
    public let profile: UInt16
    public let data: ArraySlice<UInt8>

    /// One RFC 8285 element: a local identifier (extmap id) and its value.
    public struct Element: Hashable, Sendable {
        public let id: UInt8
        public let value: ArraySlice<UInt8>
    }

    public init(profile: UInt16, data: ArraySlice<UInt8>) {
        self.profile = profile
        self.data = data
    }

    /// Whether the block uses the one-byte (§4.2) or two-byte (§4.3) element format.
    public var isOneByte: Bool { profile == 0xBEDE }
    public var isTwoByte: Bool { profile & 0xFFF0 == 0x1000 }

    /// The RFC 8285 elements, or `nil` for other profiles or a malformed block.
    public var elements: [Element]? {
        var result: [Element] = []
        var offset = 0
        if isOneByte {
            while let header = data.byte(at: offset) {
                if header == 0 { offset += 1; continue }  // padding
                let id = header >> 4
                if id == 15 { break }  // reserved: stop processing (§4.2)
                let length = Int(header & 0x0F) + 1
                guard let value = data.bytes(at: offset + 1, count: length) else { return nil }
                result.append(Element(id: id, value: value))
                offset += 1 + length
            }
            return result
        }
        if isTwoByte {
            while let id = data.byte(at: offset) {
                if id == 0 { offset += 1; continue }
                guard let length = data.byte(at: offset + 1),
                      let value = data.bytes(at: offset + 2, count: Int(length)) else { return nil }
                result.append(Element(id: id, value: value))
                offset += 2 + Int(length)
            }
            return result
        }
        return nil
    }
}
