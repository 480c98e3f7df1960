/// The area of WebRTC a finding belongs to.
///
/// A fixed vocabulary shared by every tool so that JSON consumers can group findings
/// without knowing rule ids. Modelled as an extensible struct (like `SwiftASN1`'s error
/// codes) so that adding a category does not break exhaustive `switch`es downstream.
public struct Category: Hashable, Sendable, CustomStringConvertible {
    /// The category's name as it appears in JSON and text output.
    public let name: String

    private init(_ name: String) { self.name = name }

    public var description: String { name }

    /// Lexical structure of a description or packet: field order, required lines, bad values.
    public static let syntax = Category("syntax")
    /// m-line count, order, kind and rejection.
    public static let mline = Category("mline")
    /// Payload types, rtpmap/fmtp, codec parameters, RTX/RED/FEC.
    public static let codec = Category("codec")
    /// Fingerprints, setup roles, the DTLS handshake.
    public static let dtls = Category("dtls")
    /// ICE credentials, candidates, connectivity checks.
    public static let ice = Category("ice")
    /// BUNDLE groups and shared transports (RFC 8843).
    public static let bundle = Category("bundle")
    /// sendrecv/sendonly/recvonly/inactive.
    public static let direction = Category("direction")
    /// RTP header extensions (RFC 8285).
    public static let extmap = Category("extmap")
    /// rid and simulcast (RFC 8851, RFC 8853).
    public static let simulcast = Category("simulcast")
    /// SCTP data channels (RFC 8841).
    public static let datachannel = Category("datachannel")
    /// Protocol strings, rtcp-mux, addresses and ports.
    public static let transport = Category("transport")
    /// SSRCs and ssrc-groups.
    public static let ssrc = Category("ssrc")
    /// Differences between successive descriptions of one session.
    public static let renegotiation = Category("renegotiation")
    /// RTP/RTCP media flow: loss, jitter, decoding.
    public static let media = Category("media")

    /// Every category, in the order documentation lists them.
    public static let allCases: [Category] = [
        .syntax, .mline, .codec, .dtls, .ice, .bundle, .direction, .extmap,
        .simulcast, .datachannel, .transport, .ssrc, .renegotiation, .media,
    ]

    /// Looks a category up by its name; `nil` for names outside the vocabulary.
    public init?(name: String) {
        guard let found = Category.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}

extension Category: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let category = Category(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown category \(name)")
        }
        self = category
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
