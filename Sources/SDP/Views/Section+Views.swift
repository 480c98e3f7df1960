/// Typed accessors over a section's attributes. Each is computed from the bytes when
/// called; attributes that do not parse as their type are left out (they remain in
/// ``Section/attributes``, and lint reports them).
extension Section {
    /// Every attribute named `name` that parses as `View`.
    @inlinable
    func views<View>(_ name: StaticString, _ make: (Attribute) -> View?) -> [View] {
        var result: [View] = []
        for line in lines where line.type == UInt8(ascii: "a") {
            if let attribute = Attribute(line: line, in: bytes), attribute.hasName(name), let view = make(attribute) {
                result.append(view)
            }
        }
        return result
    }

    func firstView<View>(_ name: StaticString, _ make: (Attribute) -> View?) -> View? {
        for line in lines where line.type == UInt8(ascii: "a") {
            if let attribute = Attribute(line: line, in: bytes), attribute.hasName(name), let view = make(attribute) {
                return view
            }
        }
        return nil
    }

    public var rtpMaps: [RTPMap] { views("rtpmap", RTPMap.init) }
    public var formatParameters: [FormatParameters] { views("fmtp", FormatParameters.init) }
    public var rtcpFeedback: [RTCPFeedback] { views("rtcp-fb", RTCPFeedback.init) }
    public var extensionMaps: [ExtensionMap] { views("extmap", ExtensionMap.init) }
    public var sourceAttributes: [SourceAttribute] { views("ssrc", SourceAttribute.init) }
    public var sourceGroups: [SourceGroup] { views("ssrc-group", SourceGroup.init) }
    public var mediaStreamIDs: [MediaStreamID] { views("msid", MediaStreamID.init) }
    public var mediaStreamIDSemantics: [MediaStreamIDSemantic] { views("msid-semantic", MediaStreamIDSemantic.init) }
    public var groups: [Group] { views("group", Group.init) }
    public var candidates: [Candidate] { views("candidate", Candidate.init) }
    public var fingerprints: [Fingerprint] { views("fingerprint", Fingerprint.init) }
    public var rids: [RID] { views("rid", RID.init) }
    public var simulcast: Simulcast? { firstView("simulcast", Simulcast.init) }
    public var rtcpExtendedReports: [RTCPExtendedReports] { views("rtcp-xr", RTCPExtendedReports.init) }

    /// `a=mid`.
    public var mid: MediaID? { firstView("mid", MediaID.init) }
    /// `a=setup`.
    public var setup: Setup? { firstView("setup", Setup.init) }
    public var iceUsernameFragment: ICECredential? { firstView("ice-ufrag", ICECredential.init) }
    public var icePassword: ICECredential? { firstView("ice-pwd", ICECredential.init) }
    public var iceOptions: ICEOptions? { firstView("ice-options", ICEOptions.init) }
    public var rtcp: RTCPAddress? { firstView("rtcp", RTCPAddress.init) }
    public var sctpPort: NumericAttribute? { firstView("sctp-port", NumericAttribute.init) }
    public var sctpMap: SCTPMap? { firstView("sctpmap", SCTPMap.init) }
    public var maxMessageSize: NumericAttribute? { firstView("max-message-size", NumericAttribute.init) }
    public var frameRate: FrameRate? { firstView("framerate", FrameRate.init) }

    /// The direction attribute written in this section, if any.
    public var writtenDirection: Direction? {
        for line in lines where line.type == UInt8(ascii: "a") {
            if let attribute = Attribute(line: line, in: bytes), let direction = Direction(attribute) { return direction }
        }
        return nil
    }

    /// The section's direction: as written, else `sendrecv` (RFC 8866 §6.7). Use
    /// ``SessionDescription/direction(of:)`` for the session-level fallback.
    public var direction: Direction { writtenDirection ?? .sendrecv }

    public var isBundleOnly: Bool { hasAttribute("bundle-only") }
    public var isICELite: Bool { hasAttribute("ice-lite") }
    public var hasEndOfCandidates: Bool { hasAttribute("end-of-candidates") }
    public var hasRTCPMux: Bool { hasAttribute("rtcp-mux") }
    public var hasRTCPMuxOnly: Bool { hasAttribute("rtcp-mux-only") }
    public var hasReducedSizeRTCP: Bool { hasAttribute("rtcp-rsize") }
    public var allowsMixedExtensionMaps: Bool { hasAttribute("extmap-allow-mixed") }

    /// The rtpmap of one payload type.
    public func rtpMap(for payloadType: Int) -> RTPMap? {
        rtpMaps.first { $0.payloadType == payloadType }
    }

    /// The fmtp of one payload type.
    public func formatParameters(for payloadType: Int) -> FormatParameters? {
        formatParameters.first { $0.payloadType == payloadType }
    }
}

/// Session-level fallbacks: attributes that RFCs allow at session level and that apply
/// to every media section that does not write its own.
extension SessionDescription {
    /// `a=group` lines with `BUNDLE` semantics (RFC 8843 §7).
    public var bundleGroups: [Group] { session.groups.filter(\.isBundle) }

    /// Fingerprints of a section, else the session's (RFC 8122 §5).
    public func fingerprints(of section: Section) -> [Fingerprint] {
        let own = section.fingerprints
        return own.isEmpty ? session.fingerprints : own
    }

    /// `a=setup` of a section, else the session's (RFC 4145 §4).
    public func setup(of section: Section) -> Setup? { section.setup ?? session.setup }

    /// `a=ice-ufrag` of a section, else the session's (RFC 8839 §5.4).
    public func iceUsernameFragment(of section: Section) -> ICECredential? {
        section.iceUsernameFragment ?? session.iceUsernameFragment
    }

    /// `a=ice-pwd` of a section, else the session's (RFC 8839 §5.4).
    public func icePassword(of section: Section) -> ICECredential? { section.icePassword ?? session.icePassword }

    /// `a=ice-options` of a section, else the session's (RFC 8839 §5.6).
    public func iceOptions(of section: Section) -> ICEOptions? { section.iceOptions ?? session.iceOptions }

    /// Whether the description is ICE lite (RFC 8839 §5.3: session level only).
    public var isICELite: Bool { session.isICELite }

    /// Whether `a=extmap-allow-mixed` applies to a section (RFC 8285 §6: session or media).
    public func allowsMixedExtensionMaps(in section: Section) -> Bool {
        section.allowsMixedExtensionMaps || session.allowsMixedExtensionMaps
    }

    /// A section's direction: its own, else the session's, else `sendrecv` (RFC 8866 §6.7).
    public func direction(of section: Section) -> Direction {
        section.writtenDirection ?? session.writtenDirection ?? .sendrecv
    }

    /// The media section whose `a=mid` is `mid`.
    public func section(mid: String) -> Section? {
        media.first { $0.mid?.value == mid }
    }
}
