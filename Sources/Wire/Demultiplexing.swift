/// What a UDP payload on a WebRTC 5-tuple carries, by the first-byte ranges of RFC 7983 §7
/// and, within the RTP range, the RTCP packet types of RFC 5761 §4.
public enum DatagramKind: String, Hashable, Sendable, CaseIterable {
    /// First byte 0–3.
    case stun
    /// First byte 16–19 (RFC 6189).
    case zrtp
    /// First byte 20–63 (RFC 9147 §4.1 widened this range from 20–23).
    case dtls
    /// First byte 64–79: TURN ChannelData (RFC 8656 §12.4).
    case turnChannelData
    /// First byte 128–191, second byte not an RTCP packet type.
    case rtp
    /// First byte 128–191, second byte 192–223.
    case rtcp
    /// Anything else.
    case unknown

    /// The position of this case in `allCases` (for per-kind counters kept in an array).
    @inlinable
    public var ordinal: Int {
        switch self {
        case .stun: 0
        case .zrtp: 1
        case .dtls: 2
        case .turnChannelData: 3
        case .rtp: 4
        case .rtcp: 5
        case .unknown: 6
        }
    }

    /// Classifies `payload` by its first two bytes.
    public init(classifying payload: ArraySlice<UInt8>) {
        guard let first = payload.byte(at: 0) else { self = .unknown; return }
        switch first {
        case 0...3: self = .stun
        case 16...19: self = .zrtp
        case 20...63: self = .dtls
        case 64...79: self = .turnChannelData
        case 128...191:
            guard let second = payload.byte(at: 1) else { self = .unknown; return }
            self = (192...223).contains(second) ? .rtcp : .rtp
        default: self = .unknown
        }
    }
}
