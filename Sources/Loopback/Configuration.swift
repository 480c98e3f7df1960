/// What one peer sends and receives, in m-line order.
public struct MediaConfiguration: Sendable, Hashable {
    /// One RTP m-section.
    public struct Stream: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, Codable { case audio, video }

        public let kind: Kind
        /// The encoding name as in `a=rtpmap` (`VP8`, `H264`, `OPUS`), upper case.
        public let codec: String
        /// The payload type the sending side uses (and offers).
        public let payloadType: Int
        /// Whether this peer sends on the stream (it always receives unless `receives` is false).
        public let sends: Bool
        /// Whether this peer receives on the stream.
        public let receives: Bool
        /// The encoding actually put on the wire, when it differs from the declared ``codec``: reproduces a
        /// sender whose description names one codec while it sends another (a "codec renamed" edit).
        public let produces: String
        /// The `a=fmtp` parameters of a mirrored H.264 format (RFC 6184 §8.1); its `packetization-mode` is
        /// declared on the sent stream so that webrtcbin matches it with the offered format.
        public let h264Parameters: [String: String]

        public init(kind: Kind, codec: String, payloadType: Int, sends: Bool = true, receives: Bool = true,
                    produces: String? = nil, h264Parameters: [String: String] = [:]) {
            self.kind = kind
            self.codec = codec.uppercased()
            self.payloadType = payloadType
            self.sends = sends
            self.receives = receives
            self.produces = (produces ?? codec).uppercased()
            self.h264Parameters = h264Parameters
        }

        /// Clock rate RFC 7587 (Opus) and RFC 7741 / RFC 6184 (VP8, H.264) prescribe.
        public var clockRate: Int { kind == .audio ? 48_000 : 90_000 }

        /// The encodings the engine can both produce and decode.
        public static let supportedCodecs: Set<String> = ["VP8", "H264", "OPUS"]
    }

    public var streams: [Stream]
    /// Whether an SCTP data channel is negotiated (the offerer opens one and expects an echo).
    public var dataChannel: Bool

    public init(streams: [Stream], dataChannel: Bool) {
        self.streams = streams
        self.dataChannel = dataChannel
    }

    /// VP8 video, Opus audio and a data channel: the default case.
    public static let standard = MediaConfiguration(
        streams: [
            Stream(kind: .video, codec: "VP8", payloadType: 96),
            Stream(kind: .audio, codec: "OPUS", payloadType: 97),
        ],
        dataChannel: true)

    /// The same streams seen from the other side: what one sends the other receives (and sends back what
    /// the other receives, when the engine can produce that encoding).
    public var mirrored: MediaConfiguration {
        MediaConfiguration(
            streams: streams.map {
                Stream(kind: $0.kind, codec: $0.codec, payloadType: $0.payloadType,
                       sends: $0.receives && Stream.supportedCodecs.contains($0.produces), receives: $0.sends,
                       produces: $0.produces, h264Parameters: $0.h264Parameters)
            },
            dataChannel: dataChannel)
    }
}

/// libnice timing and webrtcbin options that apply to both peers.
public struct TransportConfiguration: Sendable, Hashable {
    /// libnice `stun-initial-timeout` (ms): the first connectivity-check retransmission timer.
    public var stunInitialTimeout: UInt32
    /// libnice `stun-max-retransmissions`: after this many, a pair fails (and with all pairs, ICE).
    public var stunMaxRetransmissions: UInt32
    /// libnice `idle-timeout` (ms): how long the agent waits, once every pair has failed, before it declares
    /// the component failed. It dominates the time to `ice-failed` (libnice's default is 5000).
    public var iceFailureTimeout: UInt32
    /// webrtcbin `bundle-policy` nick: `max-bundle`, `max-compat`, `balanced`, `none`.
    public var bundlePolicy: String
    /// webrtcbin `latency`: the jitterbuffer latency in ms (0 makes the first frame appear at once).
    public var jitterbufferLatency: UInt32

    public init(stunInitialTimeout: UInt32 = 200, stunMaxRetransmissions: UInt32 = 4, iceFailureTimeout: UInt32 = 3000,
                bundlePolicy: String = "max-bundle", jitterbufferLatency: UInt32 = 0) {
        self.stunInitialTimeout = stunInitialTimeout
        self.stunMaxRetransmissions = stunMaxRetransmissions
        self.iceFailureTimeout = iceFailureTimeout
        self.bundlePolicy = bundlePolicy
        self.jitterbufferLatency = jitterbufferLatency
    }
}

/// The two kinds of session description in offer/answer (RFC 3264).
public enum DescriptionType: String, Sendable, Hashable, Codable {
    case offer, answer
}
