/// How one loop-back case ended.
///
/// Exactly one outcome per case. Only ``connected`` means success: every configured stream decoded
/// at least one frame at each receiving peer and, when configured, a data channel message was echoed.
public enum Outcome: Sendable, Hashable {
    /// ICE and DTLS completed, every configured stream decoded, the data channel echoed.
    case connected
    /// The answering peer refused the offer (set-remote-description or create-answer failed).
    case rejectedOffer(message: String)
    /// The offering peer refused the answer.
    case rejectedAnswer(message: String)
    /// ICE connectivity checks failed at `peer`.
    case iceFailed(peer: PeerRole)
    /// The DTLS handshake failed (`message` is what GStreamer said, if anything).
    case dtlsFailed(peer: PeerRole, message: String)
    /// ICE and DTLS connected but these streams never decoded a frame (`peer:stream`).
    case noMedia(streams: [String])
    /// The deadline passed: `reached` is the last state reached, `missing` what never happened.
    case timeout(reached: String, missing: [String])
    /// The engine could not run the case at all (an element missing, a pipeline that would not start).
    case crashed(message: String)

    /// The outcome's name in text and JSON output.
    public var kind: Kind {
        switch self {
        case .connected: .connected
        case .rejectedOffer: .rejectedOffer
        case .rejectedAnswer: .rejectedAnswer
        case .iceFailed: .iceFailed
        case .dtlsFailed: .dtlsFailed
        case .noMedia: .noMedia
        case .timeout: .timeout
        case .crashed: .crashed
        }
    }

    /// The names of outcomes, as printed and as stored in a manifest's expectations.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case connected
        case rejectedOffer = "rejected-offer"
        case rejectedAnswer = "rejected-answer"
        case iceFailed = "ice-failed"
        case dtlsFailed = "dtls-failed"
        case noMedia = "no-media"
        case timeout
        case crashed
    }

    /// Whether this is the success outcome.
    public var isConnected: Bool { self == .connected }

    /// The human explanation: webrtcbin's message, or what was missing.
    public var message: String {
        switch self {
        case .connected: "ICE, DTLS, media and data all flowing"
        case .rejectedOffer(let message): message
        case .rejectedAnswer(let message): message
        case .iceFailed(let peer): "ICE connectivity checks failed at the \(peer)"
        case .dtlsFailed(let peer, let message): "DTLS handshake failed at the \(peer): \(message)"
        case .noMedia(let streams): "connected, but never decoded: \(streams.joined(separator: ", "))"
        case .timeout(let reached, let missing):
            "deadline passed at \(reached); missing: \(missing.joined(separator: ", "))"
        case .crashed(let message): message
        }
    }
}

extension Outcome: CustomStringConvertible {
    public var description: String { "\(kind.rawValue): \(message)" }
}

extension Outcome: Codable {
    private enum CodingKeys: String, CodingKey { case kind, message, peer, streams, reached, missing }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
        switch try c.decode(Kind.self, forKey: .kind) {
        case .connected: self = .connected
        case .rejectedOffer: self = .rejectedOffer(message: message)
        case .rejectedAnswer: self = .rejectedAnswer(message: message)
        case .iceFailed: self = .iceFailed(peer: try c.decode(PeerRole.self, forKey: .peer))
        case .dtlsFailed:
            // The stored message is the rendered one; keep only GStreamer's part.
            let peer = try c.decode(PeerRole.self, forKey: .peer)
            let prefix = "DTLS handshake failed at the \(peer): "
            self = .dtlsFailed(peer: peer, message: message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message)
        case .noMedia: self = .noMedia(streams: try c.decode([String].self, forKey: .streams))
        case .timeout:
            self = .timeout(reached: try c.decode(String.self, forKey: .reached),
                            missing: try c.decode([String].self, forKey: .missing))
        case .crashed: self = .crashed(message: message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(message, forKey: .message)
        switch self {
        case .iceFailed(let peer), .dtlsFailed(let peer, _): try c.encode(peer, forKey: .peer)
        case .noMedia(let streams): try c.encode(streams, forKey: .streams)
        case .timeout(let reached, let missing):
            try c.encode(reached, forKey: .reached)
            try c.encode(missing, forKey: .missing)
        default: break
        }
    }
}
