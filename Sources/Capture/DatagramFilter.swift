import Wire

/// Selects datagrams after decoding (`--ssrc`, `--flow`, `--protocol`), where a BPF filter
/// cannot look: the RFC 7983 class, the RTP/RTCP SSRC, a flow in both directions.
/// Empty criteria select everything.
public struct DatagramFilter: Sendable, Hashable {
    /// RTP packets of these SSRCs, and RTCP packets whose sender or first report block is one
    /// of them; other classes are left out when the set is not empty.
    public var ssrcs: Set<UInt32> = []
    /// Datagrams between the two endpoints, either direction; or to or from one endpoint.
    public var flows: [Flow] = []
    /// RFC 7983 classes to keep (`stun`, `dtls`, `rtp`, `rtcp`, `turnChannelData`, …).
    public var kinds: Set<DatagramKind> = []

    public init() {}

    /// One `--flow` value.
    public struct Flow: Sendable, Hashable {
        public let a: Endpoint
        public let b: Endpoint?

        /// Parses `ADDR:PORT-ADDR:PORT` or `ADDR:PORT` (`[v6]:PORT` for IPv6).
        public init?(parsing text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            switch parts.count {
            case 1:
                guard let a = Endpoint(parsing: String(parts[0])) else { return nil }
                (self.a, self.b) = (a, nil)
            case 2:
                guard let a = Endpoint(parsing: String(parts[0])), let b = Endpoint(parsing: String(parts[1])) else { return nil }
                (self.a, self.b) = (a, b)
            default:
                return nil
            }
        }

        func contains(_ source: Endpoint, _ destination: Endpoint) -> Bool {
            guard let b else { return source == a || destination == a }
            return (source == a && destination == b) || (source == b && destination == a)
        }
    }

    public var isEmpty: Bool { ssrcs.isEmpty && flows.isEmpty && kinds.isEmpty }

    /// Whether a classified datagram passes.
    func matches(_ payload: ArraySlice<UInt8>, kind: DatagramKind, rtp: RTPPacket?,
                 source: Endpoint, destination: Endpoint) -> Bool {
        if !kinds.isEmpty, !kinds.contains(kind) { return false }
        if !flows.isEmpty, !flows.contains(where: { $0.contains(source, destination) }) { return false }
        if !ssrcs.isEmpty {
            switch kind {
            case .rtp:
                guard let rtp, ssrcs.contains(rtp.ssrc) else { return false }
            case .rtcp:
                // Sender SSRC (octets 4–7); for SR/RR also the first report block's SSRC.
                let sender = payload.uint32(at: 4)
                let type = payload.byte(at: 1)
                let reportCount = (payload.byte(at: 0) ?? 0) & 0x1F
                let block: UInt32? = switch type {
                case 200 where reportCount > 0: payload.uint32(at: 28)
                case 201 where reportCount > 0: payload.uint32(at: 8)
                default: nil
                }
                guard sender.map(ssrcs.contains) == true || block.map(ssrcs.contains) == true else { return false }
            default:
                return false
            }
        }
        return true
    }
}
