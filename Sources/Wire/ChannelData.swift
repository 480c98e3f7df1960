/// A TURN ChannelData message (RFC 8656 §12.4): a 4-byte header — channel number and
/// length — then the application data relayed to or from the peer bound to the channel.
///
/// RFC 7983 §7 classifies it by a first byte of 64–79, which is exactly the channel number
/// range 0x4000–0x4FFF of RFC 8656 §12. Over UDP the padding to a multiple of 4 is optional
/// and a datagram may hold only one message; over TCP/TLS every message is padded to a
/// multiple of 4 so that the next one starts on a 4-byte boundary (§12.5).
public struct ChannelDataMessage: Hashable, Sendable {
    /// Channel numbers a client may bind (RFC 8656 §12).
    public static let channelRange: ClosedRange<UInt16> = 0x4000...0x4FFF

    public let channelNumber: UInt16
    /// The length field: bytes of application data, without padding.
    public let length: Int
    /// The application data (`length` bytes).
    public let data: ArraySlice<UInt8>
    /// The message as framed on the wire: header, data and — over a stream transport — padding.
    public let bytes: ArraySlice<UInt8>

    /// Decodes the ChannelData message at the start of `bytes`.
    ///
    /// - Parameter padded: `true` on a stream transport (TCP/TLS), where the message is
    ///   followed by padding to a multiple of 4 that ``bytes`` includes. Over UDP, bytes after
    ///   the data are tolerated as padding (§12.5 lets a sender pad) and excluded from ``bytes``.
    /// - Returns: `nil` when the header is short, the channel number is outside 0x4000–0x4FFF,
    ///   or `bytes` holds less than `length` bytes of data (plus padding when `padded`).
    public init?(_ bytes: ArraySlice<UInt8>, padded: Bool) {
        guard let channel = bytes.uint16(at: 0), Self.channelRange.contains(channel),
              let length = bytes.uint16(at: 2), let data = bytes.bytes(at: 4, count: Int(length)) else { return nil }
        let framed = padded ? Self.framedLength(length: Int(length)) : 4 + Int(length)
        guard let message = bytes.bytes(at: 0, count: framed) else { return nil }
        self.channelNumber = channel
        self.length = Int(length)
        self.data = data
        self.bytes = message
    }

    /// Bytes one message with `length` data bytes occupies on a stream transport: the header,
    /// the data and its padding to a multiple of 4 (RFC 8656 §12.5).
    public static func framedLength(length: Int) -> Int {
        4 + (length + 3) & ~3
    }
}
