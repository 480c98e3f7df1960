/// Splitting a reliable byte stream into the datagrams it carries.
///
/// Two framings put WebRTC datagrams on TCP:
/// - RFC 4571 §2 (used by ICE-TCP, RFC 6544 §3): each datagram is preceded by a 16-bit
///   length in network order.
/// - TURN over TCP (RFC 8656 §12.5): STUN messages and ChannelData messages follow each
///   other unprefixed, each delimited by its own header — the STUN length field (RFC 8489
///   §5, a 20-byte header plus attributes) or the ChannelData length padded to 4.
public enum StreamFraming: String, Hashable, Sendable, CaseIterable {
    /// RFC 4571: a 2-byte length before each datagram.
    case rfc4571
    /// RFC 8656 §12.5: STUN and ChannelData messages framed by their own lengths.
    case turn
}

/// The outcome of looking for one frame at the start of buffered stream bytes.
public enum StreamFrame: Hashable, Sendable {
    /// A complete frame: its datagram (without the RFC 4571 prefix or ChannelData padding
    /// that belongs to the framing) and the number of stream bytes it consumed.
    case frame(datagram: ArraySlice<UInt8>, consumed: Int)
    /// The bytes so far are a valid beginning; `needed` more are required (at least 1).
    case incomplete(needed: Int)
    /// The bytes cannot start a frame in this framing.
    case malformed
}

extension StreamFraming {
    /// Finds the frame at the start of `buffer`. Pure: no state, no I/O.
    ///
    /// For ``turn`` a ChannelData frame's datagram is the whole ChannelData message (header
    /// and data, without padding) so that the RFC 7983 demultiplexer classifies it as TURN.
    public func frame(in buffer: ArraySlice<UInt8>) -> StreamFrame {
        switch self {
        case .rfc4571:
            guard let length = buffer.uint16(at: 0) else { return .incomplete(needed: 2 - buffer.count) }
            guard let datagram = buffer.bytes(at: 2, count: Int(length)) else {
                return .incomplete(needed: 2 + Int(length) - buffer.count)
            }
            return .frame(datagram: datagram, consumed: 2 + Int(length))
        case .turn:
            guard let first = buffer.byte(at: 0) else { return .incomplete(needed: 1) }
            switch first {
            case 0...3:
                // STUN: 20-byte header whose length counts the attributes (a multiple of 4).
                guard let length = buffer.uint16(at: 2) else { return .incomplete(needed: 4 - buffer.count) }
                guard length % 4 == 0 else { return .malformed }
                if let cookie = buffer.uint32(at: 4), cookie != STUNMessage.magicCookie { return .malformed }
                let total = 20 + Int(length)
                guard let datagram = buffer.bytes(at: 0, count: total) else { return .incomplete(needed: total - buffer.count) }
                return .frame(datagram: datagram, consumed: total)
            case 64...79:
                guard let length = buffer.uint16(at: 2) else { return .incomplete(needed: 4 - buffer.count) }
                let total = ChannelDataMessage.framedLength(length: Int(length))
                guard buffer.count >= total, let datagram = buffer.bytes(at: 0, count: 4 + Int(length)) else {
                    return .incomplete(needed: total - buffer.count)
                }
                return .frame(datagram: datagram, consumed: total)
            default:
                return .malformed
            }
        }
    }

    /// Guesses the framing of a stream from its first bytes (a segment boundary).
    ///
    /// - TURN when they start a STUN message with the magic cookie (a TURN-over-TCP connection
    ///   opens with Allocate), or — only when `channelDataAllowed`, e.g. on the TURN port
    ///   3478 — a ChannelData message: a first byte of 64–79 alone is too weak (`GET ` is 0x47).
    /// - RFC 4571 when the first frame's datagram looks like STUN (cookie), DTLS (content type
    ///   20–25, version 0xFEXX), RTP (at least 12 bytes) or RTCP (at least 8 bytes).
    ///
    /// `nil` when neither fits or when the bytes are too few to tell.
    public static func detect(_ buffer: ArraySlice<UInt8>, channelDataAllowed: Bool = false) -> StreamFraming? {
        guard let first = buffer.byte(at: 0) else { return nil }
        if first <= 3, buffer.uint32(at: 4) == STUNMessage.magicCookie { return .turn }
        if channelDataAllowed, (64...79).contains(first), buffer.count >= 4 { return .turn }
        guard let length = buffer.uint16(at: 0), length > 0, let datagram = buffer.bytes(from: 2),
              let second = datagram.byte(at: 1) else { return nil }
        switch DatagramKind(classifying: datagram) {
        case .stun:
            // ICE-TCP checks: a STUN header after the prefix, with its cookie.
            return datagram.uint32(at: 4) == STUNMessage.magicCookie ? .rfc4571 : nil
        case .dtls:
            return (20...25).contains(datagram.byte(at: 0) ?? 0) && second == 0xFE ? .rfc4571 : nil
        case .rtp:
            return length >= 12 ? .rfc4571 : nil
        case .rtcp:
            return length >= 8 ? .rfc4571 : nil
        default:
            return nil
        }
    }
}
