/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`
/// (RFC 8866 §6.6): binds a dynamic payload type to a codec.
public struct RTPMap: Sendable {
    public let attribute: Attribute
    public let payloadType: Int
    public let payloadTypeRange: Range<Int>
    public let encodingNameRange: Range<Int>
    public let clockRate: Int
    public let clockRateRange: Range<Int>
    /// For audio, the number of channels (`/2`); `nil` when not written, which means 1.
    public let channels: Int?
    public let channelsRange: Range<Int>?

    /// Reads an rtpmap strictly: numeric payload type, a name, a numeric clock rate and
    /// optionally numeric channels.
    public init?(_ attribute: Attribute) {
        guard attribute.hasName("rtpmap"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let (pt, ptRange) = cursor.nextInteger(), let codec = cursor.next(), cursor.isAtEnd else { return nil }
        var parts = SeparatedFields(bytes, codec, separator: UInt8(ascii: "/"))
        guard let name = parts.next(), !name.isEmpty, let rateRange = parts.next(),
              let rate = SDPBytes.integer(bytes, rateRange) else { return nil }
        var channels: Int? = nil
        var channelsRange: Range<Int>? = nil
        if let ch = parts.next() {
            guard let n = SDPBytes.integer(bytes, ch), parts.next() == nil else { return nil }
            channels = n
            channelsRange = ch
        }
        self.attribute = attribute
        self.payloadType = pt
        self.payloadTypeRange = ptRange
        self.encodingNameRange = name
        self.clockRate = rate
        self.clockRateRange = rateRange
        self.channels = channels
        self.channelsRange = channelsRange
    }

    /// The encoding name as written (`opus`, `VP8`, `H264`, `rtx`, …).
    public var encodingName: String { SDPBytes.string(attribute.bytes, encodingNameRange) }

    /// Compares the encoding name case-insensitively (RFC 8866 §6.6: names are
    /// case-insensitive) without allocating.
    public func isEncoding(_ name: StaticString) -> Bool {
        SDPBytes.equalIgnoringCase(attribute.bytes, encodingNameRange, name)
    }

    /// The codec part after the payload type (`opus/48000/2`).
    public var codecRange: Range<Int> { encodingNameRange.lowerBound..<(channelsRange ?? clockRateRange).upperBound }
}

/// `a=rtcp-fb:<payload type or *> <type> [<subtype>]` (RFC 4585 §4.2): an RTCP
/// feedback message the receiver of a payload type understands.
public struct RTCPFeedback: Sendable {
    public let attribute: Attribute
    /// `nil` for the wildcard `*`, which applies to every payload type.
    public let payloadType: Int?
    public let payloadTypeRange: Range<Int>
    public let typeRange: Range<Int>
    public let subtypeRange: Range<Int>?

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("rtcp-fb"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let ptRange = cursor.next(), let type = cursor.next() else { return nil }
        if SDPBytes.equal(bytes, ptRange, "*") {
            payloadType = nil
        } else {
            guard let pt = SDPBytes.integer(bytes, ptRange) else { return nil }
            payloadType = pt
        }
        let rest = cursor.rest
        self.attribute = attribute
        self.payloadTypeRange = ptRange
        self.typeRange = type
        self.subtypeRange = rest.isEmpty ? nil : rest
    }

    /// `nack`, `ccm`, `goog-remb`, `transport-cc`, `ack`, `trr-int`, …
    public var type: String { SDPBytes.string(attribute.bytes, typeRange) }
    /// `pli`, `fir`, … (everything after the type).
    public var subtype: String? { subtypeRange.map { SDPBytes.string(attribute.bytes, $0) } }
}
