import SDP

/// The WebRTC stack that most likely wrote a description, recognised from the habits
/// each leaves in its `o=` line and ICE credentials.
///
/// Only used to say which stack sees what and to raise stack-specific findings to the
/// severity that stack's measured behaviour justifies; never to excuse an RFC violation.
/// The signatures were read off the corpus (`Corpus/pairs`): libwebrtc writes
/// `o=- <id> <n> IN IP4 127.0.0.1` and 4-character ufrags; Firefox `o=mozilla...THIS_IS_SDPARTA-…`;
/// GStreamer's webrtcbin `o=- <19 digits> <n> IN IP4 0.0.0.0` with 32-character ufrags;
/// aiortc `o=- <id> <id> IN IP4 0.0.0.0` (version equal to the id) with 4-character ufrags.
public enum Producer: String, Sendable, Hashable, Codable {
    case libwebrtc, firefox, webrtcbin, aiortc, unknown

    /// A name for messages.
    public var name: String {
        switch self {
        case .libwebrtc: "libwebrtc (Chrome)"
        case .firefox: "Firefox"
        case .webrtcbin: "GStreamer webrtcbin"
        case .aiortc: "aiortc"
        case .unknown: "an unrecognised stack"
        }
    }
}

extension SessionDescription {
    /// The stack that probably wrote this description.
    public var producer: Producer {
        guard let origin else { return .unknown }
        let user = origin.username
        if user.hasPrefix("mozilla...THIS_IS_SDPARTA") { return .firefox }
        let address = SDPBytes.string(origin.bytes, origin.addressRange)
        let id = SDPBytes.string(origin.bytes, origin.sessionIDRange)
        let version = SDPBytes.string(origin.bytes, origin.sessionVersionRange)
        let ufrag = media.lazy.compactMap { self.iceUsernameFragment(of: $0) }.first?.value ?? session.iceUsernameFragment?.value
        if user == "-" && address == "127.0.0.1" { return .libwebrtc }
        if user == "-" && address == "0.0.0.0" {
            if ufrag?.count == 32 { return .webrtcbin }
            if id == version && (ufrag?.count ?? 4) == 4 { return .aiortc }
        }
        return .unknown
    }
}
