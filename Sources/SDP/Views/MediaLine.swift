/// An `m=` line (RFC 8866 §5.14): `m=<media> <port>[/<number of ports>] <proto> <fmt> …`.
///
/// For RTP protocols the formats are payload type numbers (RFC 3551); for
/// `UDP/DTLS/SCTP` it is `webrtc-datachannel` (RFC 8841 §4.1), for the legacy
/// `DTLS/SCTP` the SCTP port.
public struct MediaLine: Sendable {
    public let bytes: [UInt8]
    public let line: Line
    public let kindRange: Range<Int>
    public let portRange: Range<Int>
    public let port: Int
    /// The `/<number of ports>` suffix, if written.
    public let portCount: Int?
    public let protocolRange: Range<Int>
    /// One range per format field, in order.
    public let formatRanges: [Range<Int>]

    /// Reads an `m=` line with a numeric port (0–65535) and at least one format.
    public init?(_ line: Line, in bytes: [UInt8]) {
        guard line.is("m") else { return nil }
        var cursor = FieldCursor(bytes, line.valueRange)
        guard let kind = cursor.next(), let portField = cursor.next(), let proto = cursor.next() else { return nil }
        var formats: [Range<Int>] = []
        while let format = cursor.next() { formats.append(format) }
        guard !formats.isEmpty else { return nil }
        var portRange = portField
        var portCount: Int? = nil
        if let slash = SDPBytes.firstIndex(of: UInt8(ascii: "/"), in: bytes, portField) {
            portRange = portField.lowerBound..<slash
            guard let count = SDPBytes.integer(bytes, (slash + 1)..<portField.upperBound) else { return nil }
            portCount = count
        }
        guard let port = SDPBytes.integer(bytes, portRange), port <= 65535 else { return nil }
        self.bytes = bytes
        self.line = line
        self.kindRange = kind
        self.portRange = portRange
        self.port = port
        self.portCount = portCount
        self.protocolRange = proto
        self.formatRanges = formats
    }

    /// The media type as written (`audio`, `video`, `application`, …).
    public var kindName: String { SDPBytes.string(bytes, kindRange) }
    public var kind: MediaKind { MediaKind(bytes, kindRange) }
    /// The transport protocol as written, e.g. `UDP/TLS/RTP/SAVPF`.
    public var protocolName: String { SDPBytes.string(bytes, protocolRange) }
    public var transport: TransportProtocol { TransportProtocol(bytes, protocolRange) }
    public var formats: [String] { formatRanges.map { SDPBytes.string(bytes, $0) } }

    /// Whether the protocol carries RTP (`RTP/AVP`, `UDP/TLS/RTP/SAVPF`, …), so that the
    /// formats are payload types.
    public var isRTP: Bool { transport.isRTP }

    /// The formats read as payload types (fields that are not decimal numbers are left
    /// out; see ``formatRanges`` for every field).
    public var payloadTypes: [Int] {
        formatRanges.compactMap { SDPBytes.integer(bytes, $0) }
    }

    /// Whether `payloadType` is listed among the formats. Allocation-free.
    public func lists(payloadType: Int) -> Bool {
        for range in formatRanges where SDPBytes.integer(bytes, range) == payloadType { return true }
        return false
    }
}

/// The media type of an m-line (RFC 8866 §5.14).
public enum MediaKind: Hashable, Sendable {
    case audio, video, text, application, message, other

    init(_ bytes: [UInt8], _ range: Range<Int>) {
        if SDPBytes.equal(bytes, range, "audio") { self = .audio }
        else if SDPBytes.equal(bytes, range, "video") { self = .video }
        else if SDPBytes.equal(bytes, range, "application") { self = .application }
        else if SDPBytes.equal(bytes, range, "text") { self = .text }
        else if SDPBytes.equal(bytes, range, "message") { self = .message }
        else { self = .other }
    }
}

/// The m-line protocols WebRTC stacks write.
public enum TransportProtocol: Hashable, Sendable {
    /// `UDP/TLS/RTP/SAVPF` (RFC 5764 §8, JSEP §5.1.2): DTLS-SRTP with feedback.
    case udpTLSRTPSAVPF
    /// `UDP/TLS/RTP/SAVP`.
    case udpTLSRTPSAVP
    /// `TCP/DTLS/RTP/SAVPF` and similar TCP variants (RFC 7850).
    case tcpDTLSRTPSAVPF
    /// `RTP/SAVPF` (SDES-SRTP with feedback; what Chrome once wrote).
    case rtpSAVPF
    /// `RTP/SAVP`.
    case rtpSAVP
    /// `RTP/AVPF`.
    case rtpAVPF
    /// `RTP/AVP` (RFC 3551): plain RTP.
    case rtpAVP
    /// `UDP/DTLS/SCTP` (RFC 8841 §4.1): data channels.
    case udpDTLSSCTP
    /// `TCP/DTLS/SCTP`.
    case tcpDTLSSCTP
    /// `DTLS/SCTP`: the legacy data channel m-line (draft-ietf-mmusic-sctp-sdp-05).
    case dtlsSCTP
    case other

    init(_ bytes: [UInt8], _ range: Range<Int>) {
        if SDPBytes.equalIgnoringCase(bytes, range, "UDP/TLS/RTP/SAVPF") { self = .udpTLSRTPSAVPF }
        else if SDPBytes.equalIgnoringCase(bytes, range, "UDP/DTLS/SCTP") { self = .udpDTLSSCTP }
        else if SDPBytes.equalIgnoringCase(bytes, range, "UDP/TLS/RTP/SAVP") { self = .udpTLSRTPSAVP }
        else if SDPBytes.equalIgnoringCase(bytes, range, "TCP/DTLS/RTP/SAVPF") || SDPBytes.equalIgnoringCase(bytes, range, "TCP/TLS/RTP/SAVPF") { self = .tcpDTLSRTPSAVPF }
        else if SDPBytes.equalIgnoringCase(bytes, range, "RTP/SAVPF") { self = .rtpSAVPF }
        else if SDPBytes.equalIgnoringCase(bytes, range, "RTP/SAVP") { self = .rtpSAVP }
        else if SDPBytes.equalIgnoringCase(bytes, range, "RTP/AVPF") { self = .rtpAVPF }
        else if SDPBytes.equalIgnoringCase(bytes, range, "RTP/AVP") { self = .rtpAVP }
        else if SDPBytes.equalIgnoringCase(bytes, range, "TCP/DTLS/SCTP") { self = .tcpDTLSSCTP }
        else if SDPBytes.equalIgnoringCase(bytes, range, "DTLS/SCTP") { self = .dtlsSCTP }
        else { self = .other }
    }

    /// Whether the formats are RTP payload types.
    public var isRTP: Bool {
        switch self {
        case .udpTLSRTPSAVPF, .udpTLSRTPSAVP, .tcpDTLSRTPSAVPF, .rtpSAVPF, .rtpSAVP, .rtpAVPF, .rtpAVP: true
        case .udpDTLSSCTP, .tcpDTLSSCTP, .dtlsSCTP, .other: false
        }
    }

    /// Whether the transport is secured with DTLS, so that `a=fingerprint` and `a=setup`
    /// are required (RFC 8842 §5).
    public var usesDTLS: Bool {
        switch self {
        case .udpTLSRTPSAVPF, .udpTLSRTPSAVP, .tcpDTLSRTPSAVPF, .udpDTLSSCTP, .tcpDTLSSCTP, .dtlsSCTP: true
        case .rtpSAVPF, .rtpSAVP, .rtpAVPF, .rtpAVP, .other: false
        }
    }

    /// Whether this is an SCTP data channel m-line.
    public var isSCTP: Bool { self == .udpDTLSSCTP || self == .tcpDTLSSCTP || self == .dtlsSCTP }
}

extension Section {
    /// The section's m-line, if it is a media section and the line is well formed.
    public var media: MediaLine? { mediaLine.flatMap { MediaLine($0, in: bytes) } }
}
