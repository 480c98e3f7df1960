/// `a=extmap:<id>[/<direction>] <URI> [<extension attributes>]` (RFC 8285 §8): maps an
/// RTP header extension to a local id.
///
/// Ids 1–14 fit the one-byte header form; 15–255 need the two-byte form (RFC 8285 §4.3),
/// which a stream may only mix with one-byte extensions after `a=extmap-allow-mixed`
/// (RFC 8285 §6).
public struct ExtensionMap: Sendable {
    public let attribute: Attribute
    public let id: Int
    public let idRange: Range<Int>
    /// The `/direction` suffix, if written.
    public let direction: Direction?
    public let uriRange: Range<Int>
    public let extensionAttributesRange: Range<Int>?

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("extmap"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let first = cursor.next(), let uri = cursor.next() else { return nil }
        var idRange = first
        var direction: Direction? = nil
        if let slash = SDPBytes.firstIndex(of: UInt8(ascii: "/"), in: bytes, first) {
            idRange = first.lowerBound..<slash
            guard let d = Direction(bytes, (slash + 1)..<first.upperBound) else { return nil }
            direction = d
        }
        guard let id = SDPBytes.integer(bytes, idRange) else { return nil }
        let rest = cursor.rest
        self.attribute = attribute
        self.id = id
        self.idRange = idRange
        self.direction = direction
        self.uriRange = uri
        self.extensionAttributesRange = rest.isEmpty ? nil : rest
    }

    public var uri: String { SDPBytes.string(attribute.bytes, uriRange) }

    /// Whether the id needs the two-byte header form (15–255; RFC 8285 §4.2 reserves 15
    /// in the one-byte form).
    public var needsTwoByteHeader: Bool { id >= 15 }
}

/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1).
public struct SourceAttribute: Sendable {
    public let attribute: Attribute
    public let ssrc: UInt32
    public let ssrcRange: Range<Int>
    /// The source attribute's name (`cname`, `msid`, …); empty if none was written.
    public let nameRange: Range<Int>
    public let valueRange: Range<Int>?

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("ssrc"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let (id, idRange) = cursor.nextInteger(), id <= Int(UInt32.max) else { return nil }
        let rest = cursor.rest
        self.attribute = attribute
        self.ssrc = UInt32(id)
        self.ssrcRange = idRange
        if let colon = SDPBytes.firstIndex(of: UInt8(ascii: ":"), in: bytes, rest) {
            nameRange = rest.lowerBound..<colon
            valueRange = (colon + 1)..<rest.upperBound
        } else {
            nameRange = rest
            valueRange = nil
        }
    }

    public var name: String { SDPBytes.string(attribute.bytes, nameRange) }
    public var value: String? { valueRange.map { SDPBytes.string(attribute.bytes, $0) } }
}

/// `a=ssrc-group:<semantics> <ssrc-id> …` (RFC 5576 §4.2), e.g. `FID` (RFC 5576 §7)
/// pairing a media SSRC with its RTX SSRC, or `SIM` for simulcast layers.
public struct SourceGroup: Sendable {
    public let attribute: Attribute
    public let semanticsRange: Range<Int>
    public let ssrcs: [(value: UInt32, range: Range<Int>)]

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("ssrc-group"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let semantics = cursor.next() else { return nil }
        var ssrcs: [(value: UInt32, range: Range<Int>)] = []
        while let field = cursor.next() {
            guard let id = SDPBytes.integer(bytes, field), id <= Int(UInt32.max) else { return nil }
            ssrcs.append((UInt32(id), field))
        }
        self.attribute = attribute
        self.semanticsRange = semantics
        self.ssrcs = ssrcs
    }

    public var semantics: String { SDPBytes.string(attribute.bytes, semanticsRange) }
}

/// `a=msid:<stream id> [<track id>]` (RFC 8830 §2).
public struct MediaStreamID: Sendable {
    public let attribute: Attribute
    public let streamIDRange: Range<Int>
    public let trackIDRange: Range<Int>?

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("msid"), let value = attribute.valueRange else { return nil }
        var cursor = FieldCursor(attribute.bytes, value)
        guard let stream = cursor.next() else { return nil }
        let track = cursor.next()
        guard cursor.isAtEnd else { return nil }
        self.attribute = attribute
        self.streamIDRange = stream
        self.trackIDRange = track
    }

    /// `-` means no stream (RFC 8830 §2).
    public var streamID: String { SDPBytes.string(attribute.bytes, streamIDRange) }
    public var trackID: String? { trackIDRange.map { SDPBytes.string(attribute.bytes, $0) } }
}

/// `a=msid-semantic: WMS [<stream id> …]` (draft-ietf-mmusic-msid-08, still written by
/// libwebrtc and webrtcbin at session level).
public struct MediaStreamIDSemantic: Sendable {
    public let attribute: Attribute
    public let semanticRange: Range<Int>
    public let identifierRanges: [Range<Int>]

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("msid-semantic"), let value = attribute.valueRange else { return nil }
        var cursor = FieldCursor(attribute.bytes, value)
        guard let semantic = cursor.next() else { return nil }
        var ids: [Range<Int>] = []
        while let id = cursor.next() { ids.append(id) }
        self.attribute = attribute
        self.semanticRange = semantic
        self.identifierRanges = ids
    }

    public var semantic: String { SDPBytes.string(attribute.bytes, semanticRange) }
}

/// `a=mid:<identification-tag>` (RFC 5888 §4).
public struct MediaID: Sendable {
    public let attribute: Attribute
    public let valueRange: Range<Int>

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("mid"), let value = attribute.valueRange else { return nil }
        let trimmed = SDPBytes.trimmed(attribute.bytes, value)
        guard !trimmed.isEmpty else { return nil }
        self.attribute = attribute
        self.valueRange = trimmed
    }

    public var value: String { SDPBytes.string(attribute.bytes, valueRange) }
}

/// `a=group:<semantics> <identification-tag> …` (RFC 5888 §5), e.g. `BUNDLE`
/// (RFC 8843 §7) or `LS` (lip sync).
public struct Group: Sendable {
    public let attribute: Attribute
    public let semanticsRange: Range<Int>
    public let midRanges: [Range<Int>]

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("group"), let value = attribute.valueRange else { return nil }
        var cursor = FieldCursor(attribute.bytes, value)
        guard let semantics = cursor.next() else { return nil }
        var mids: [Range<Int>] = []
        while let mid = cursor.next() { mids.append(mid) }
        self.attribute = attribute
        self.semanticsRange = semantics
        self.midRanges = mids
    }

    public var semantics: String { SDPBytes.string(attribute.bytes, semanticsRange) }
    public var mids: [String] { midRanges.map { SDPBytes.string(attribute.bytes, $0) } }
    /// Whether the semantics is `BUNDLE` (RFC 8843 §7).
    public var isBundle: Bool { SDPBytes.equal(attribute.bytes, semanticsRange, "BUNDLE") }
}
