/// One difference between two descriptions of a session: something added, removed or
/// changed, in one aspect of the session level or of one m-section.
///
/// Changes are semantic: they are computed from the typed views of both descriptions,
/// so line order, spacing and line endings never produce a change.
public struct Change: Hashable, Sendable {
    /// Whether the thing exists only in the later description, only in the earlier one,
    /// or in both with different values.
    public enum Operation: String, Hashable, Sendable, Codable {
        case added, removed, changed

        /// The marker text output prints: `+`, `-` or `~`.
        public var marker: String {
            switch self {
            case .added: "+"
            case .removed: "-"
            case .changed: "~"
            }
        }
    }

    public let operation: Operation
    public let aspect: Aspect
    /// What changed, e.g. `opus/48000/2` or `urn:ietf:params:rtp-hdrext:sdes:mid`.
    public let subject: String
    /// The value in the earlier description; `nil` when added.
    public let before: String?
    /// The value in the later description; `nil` when removed.
    public let after: String?
    /// 1-based line in the earlier description, if the change has one there.
    public let beforeLine: Int?
    /// 1-based line in the later description, if the change has one there.
    public let afterLine: Int?

    public init(_ operation: Operation, _ aspect: Aspect, _ subject: String,
                before: String? = nil, after: String? = nil, beforeLine: Int? = nil, afterLine: Int? = nil) {
        self.operation = operation
        self.aspect = aspect
        self.subject = subject
        self.before = before
        self.after = after
        self.beforeLine = beforeLine
        self.afterLine = afterLine
    }
}

/// What part of a description a ``Change`` is about. A closed vocabulary so that JSON
/// consumers can group changes; the names are stable.
public enum Aspect: String, Hashable, Sendable, Codable, CaseIterable {
    /// `o=`: session id and version.
    case origin
    /// The m-line itself: media kind, port (rejection), protocol, format order; mid.
    case mline
    /// A codec (rtpmap + fmtp + rtcp-fb), matched by encoding; payload type remaps.
    case codec
    /// sendrecv / sendonly / recvonly / inactive.
    case direction
    /// ICE credentials, options, ice-lite, end-of-candidates.
    case ice
    /// Fingerprint and setup role.
    case dtls
    /// RTP header extensions (RFC 8285), matched by URI.
    case extmap
    /// `a=ssrc` lines (per SSRC) and `a=ssrc-group`.
    case ssrc
    /// `a=msid` and `a=msid-semantic`.
    case msid
    /// `a=candidate`.
    case candidate
    /// `a=group` (BUNDLE and others), bundle-only.
    case bundle
    /// rtcp-mux, rtcp-mux-only, rtcp-rsize, c=, b=, rtcp.
    case transport
    /// sctp-port, sctpmap, max-message-size.
    case datachannel
    /// rid and simulcast.
    case simulcast
    /// Any other attribute, compared as normalised text.
    case attribute
}

extension Change: Codable {
    private enum CodingKeys: String, CodingKey { case op, aspect, subject, before, after, beforeLine, afterLine }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(Operation.self, forKey: .op), try c.decode(Aspect.self, forKey: .aspect),
                  try c.decode(String.self, forKey: .subject),
                  before: try c.decodeIfPresent(String.self, forKey: .before),
                  after: try c.decodeIfPresent(String.self, forKey: .after),
                  beforeLine: try c.decodeIfPresent(Int.self, forKey: .beforeLine),
                  afterLine: try c.decodeIfPresent(Int.self, forKey: .afterLine))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(operation, forKey: .op)
        try c.encode(aspect, forKey: .aspect)
        try c.encode(subject, forKey: .subject)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(beforeLine, forKey: .beforeLine)
        try c.encode(afterLine, forKey: .afterLine)
    }
}
