/// `a=ice-ufrag:` or `a=ice-pwd:` (RFC 8839 §5.4): the ICE credentials.
///
/// `ice-ufrag` is 4–256 ice-chars, `ice-pwd` 22–256; an ice-char is ALPHA, DIGIT, `+`
/// or `/`.
public struct ICECredential: Sendable {
    public enum Kind: Hashable, Sendable {
        case usernameFragment, password

        /// The allowed length in characters (RFC 8839 §5.4).
        public var allowedLength: ClosedRange<Int> { self == .usernameFragment ? 4...256 : 22...256 }
        public var attributeName: String { self == .usernameFragment ? "ice-ufrag" : "ice-pwd" }
    }

    public let attribute: Attribute
    public let kind: Kind
    public let valueRange: Range<Int>

    /// Reads either attribute leniently (any non-empty value), so that lint can report
    /// length and character problems with their positions; see ``isValid``.
    public init?(_ attribute: Attribute) {
        let kind: Kind
        if attribute.hasName("ice-ufrag") { kind = .usernameFragment }
        else if attribute.hasName("ice-pwd") { kind = .password }
        else { return nil }
        guard let value = attribute.valueRange, !value.isEmpty else { return nil }
        self.attribute = attribute
        self.kind = kind
        self.valueRange = value
    }

    public var value: String { SDPBytes.string(attribute.bytes, valueRange) }

    /// The offset of the first byte that is not an ice-char, or `nil`.
    public var firstInvalidCharacter: Int? {
        for i in valueRange where !ICECredential.isICEChar(attribute.bytes[i]) { return i }
        return nil
    }

    /// Whether the value has the allowed length and only ice-chars.
    public var isValid: Bool { kind.allowedLength.contains(valueRange.count) && firstInvalidCharacter == nil }

    /// ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4).
    public static func isICEChar(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || SDPBytes.isDigit(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "/")
    }
}

/// `a=ice-options:<tag> …` (RFC 8839 §5.6), e.g. `trickle` (RFC 8840) or `ice2`.
public struct ICEOptions: Sendable {
    public let attribute: Attribute
    public let tagRanges: [Range<Int>]

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("ice-options"), let value = attribute.valueRange else { return nil }
        var cursor = FieldCursor(attribute.bytes, value)
        var tags: [Range<Int>] = []
        while let tag = cursor.next() { tags.append(tag) }
        guard !tags.isEmpty else { return nil }
        self.attribute = attribute
        self.tagRanges = tags
    }

    public var tags: [String] { tagRanges.map { SDPBytes.string(attribute.bytes, $0) } }
    public func contains(_ tag: StaticString) -> Bool {
        tagRanges.contains { SDPBytes.equal(attribute.bytes, $0, tag) }
    }
}

/// `a=fingerprint:<hash function> <hex bytes separated by colons>` (RFC 8122 §5).
public struct Fingerprint: Sendable {
    public let attribute: Attribute
    public let hashFunctionRange: Range<Int>
    public let hashFunction: HashFunction
    public let digestRange: Range<Int>

    /// Hash functions from the IANA "Hash Function Textual Names" registry that RFC 8122
    /// §5 refers to; compared case-insensitively.
    public enum HashFunction: Hashable, Sendable {
        case md2, md5, sha1, sha224, sha256, sha384, sha512, other

        /// The digest length in bytes, or `nil` for an unknown function.
        public var digestLength: Int? {
            switch self {
            case .md2, .md5: 16
            case .sha1: 20
            case .sha224: 28
            case .sha256: 32
            case .sha384: 48
            case .sha512: 64
            case .other: nil
            }
        }
    }

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("fingerprint"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let hash = cursor.next(), let digest = cursor.next(), cursor.isAtEnd else { return nil }
        self.attribute = attribute
        self.hashFunctionRange = hash
        self.digestRange = digest
        self.hashFunction = SDPBytes.equalIgnoringCase(bytes, hash, "sha-256") ? .sha256
            : SDPBytes.equalIgnoringCase(bytes, hash, "sha-1") ? .sha1
            : SDPBytes.equalIgnoringCase(bytes, hash, "sha-384") ? .sha384
            : SDPBytes.equalIgnoringCase(bytes, hash, "sha-512") ? .sha512
            : SDPBytes.equalIgnoringCase(bytes, hash, "sha-224") ? .sha224
            : SDPBytes.equalIgnoringCase(bytes, hash, "md5") ? .md5
            : SDPBytes.equalIgnoringCase(bytes, hash, "md2") ? .md2 : .other
    }

    public var hashFunctionName: String { SDPBytes.string(attribute.bytes, hashFunctionRange) }

    /// The number of bytes in the digest if it is well formed (`XX:XX:…`, two hex digits
    /// per byte), else `nil`. Allocation-free.
    public var digestLength: Int? {
        let bytes = attribute.bytes
        var count = 0
        for piece in SeparatedFields(bytes, digestRange, separator: UInt8(ascii: ":")) {
            guard piece.count == 2, SDPBytes.isHexDigit(bytes[piece.lowerBound]), SDPBytes.isHexDigit(bytes[piece.lowerBound + 1]) else { return nil }
            count += 1
        }
        return count
    }

    /// The digest bytes, or `nil` if malformed.
    public var digest: [UInt8]? {
        let bytes = attribute.bytes
        var out: [UInt8] = []
        for piece in SeparatedFields(bytes, digestRange, separator: UInt8(ascii: ":")) {
            guard piece.count == 2, let hi = SDPBytes.hexValue(bytes[piece.lowerBound]),
                  let lo = SDPBytes.hexValue(bytes[piece.lowerBound + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }
}

/// `a=setup:` (RFC 4145 §4, RFC 8842 §5): which side opens the DTLS connection.
public enum SetupRole: Hashable, Sendable {
    case active, passive, actpass, holdconn

    /// Reads the value (case-sensitive tokens, as RFC 4145 §4 writes them).
    public init?(_ bytes: [UInt8], _ range: Range<Int>) {
        if SDPBytes.equal(bytes, range, "actpass") { self = .actpass }
        else if SDPBytes.equal(bytes, range, "active") { self = .active }
        else if SDPBytes.equal(bytes, range, "passive") { self = .passive }
        else if SDPBytes.equal(bytes, range, "holdconn") { self = .holdconn }
        else { return nil }
    }
}

/// A located `a=setup:` attribute.
public struct Setup: Sendable {
    public let attribute: Attribute
    public let role: SetupRole
    public let valueRange: Range<Int>

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("setup"), let value = attribute.valueRange else { return nil }
        let trimmed = SDPBytes.trimmed(attribute.bytes, value)
        guard let role = SetupRole(attribute.bytes, trimmed) else { return nil }
        self.attribute = attribute
        self.role = role
        self.valueRange = trimmed
    }
}

/// The media direction attributes (RFC 8866 §6.7): `sendrecv` (the default), `sendonly`,
/// `recvonly`, `inactive`. Also the `/direction` of `a=extmap`.
public enum Direction: Hashable, Sendable {
    case sendrecv, sendonly, recvonly, inactive

    public init?(_ bytes: [UInt8], _ range: Range<Int>) {
        if SDPBytes.equal(bytes, range, "sendrecv") { self = .sendrecv }
        else if SDPBytes.equal(bytes, range, "sendonly") { self = .sendonly }
        else if SDPBytes.equal(bytes, range, "recvonly") { self = .recvonly }
        else if SDPBytes.equal(bytes, range, "inactive") { self = .inactive }
        else { return nil }
    }

    /// Reads a property attribute `a=sendrecv` etc.
    public init?(_ attribute: Attribute) {
        guard attribute.valueRange == nil, let direction = Direction(attribute.bytes, attribute.nameRange) else { return nil }
        self = direction
    }
}

/// `a=rtcp:<port> [<nettype> <addrtype> <address>]` (RFC 3605 §2.1).
public struct RTCPAddress: Sendable {
    public let attribute: Attribute
    public let port: Int
    public let portRange: Range<Int>
    public let addressRange: Range<Int>?

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("rtcp"), let value = attribute.valueRange else { return nil }
        var cursor = FieldCursor(attribute.bytes, value)
        guard let (port, portRange) = cursor.nextInteger(), port <= 65535 else { return nil }
        var address: Range<Int>? = nil
        if cursor.next() != nil {
            guard cursor.next() != nil, let a = cursor.next(), cursor.isAtEnd else { return nil }
            address = a
        }
        self.attribute = attribute
        self.port = port
        self.portRange = portRange
        self.addressRange = address
    }
}

/// `a=sctp-port:<port>` (RFC 8841 §5.1) and `a=max-message-size:<size>` (RFC 8841 §6.1):
/// single numeric values.
public struct NumericAttribute: Sendable {
    public let attribute: Attribute
    public let value: Int
    public let valueRange: Range<Int>

    /// Reads any attribute whose value is one decimal number.
    public init?(_ attribute: Attribute) {
        guard let value = attribute.valueRange else { return nil }
        let trimmed = SDPBytes.trimmed(attribute.bytes, value)
        guard let n = SDPBytes.integer(attribute.bytes, trimmed) else { return nil }
        self.attribute = attribute
        self.value = n
        self.valueRange = trimmed
    }
}

/// `a=sctpmap:<number> <app> [<streams>]` (draft-ietf-mmusic-sctp-sdp-05 §5): the legacy
/// data channel description used with `m=application <port> DTLS/SCTP 5000`.
public struct SCTPMap: Sendable {
    public let attribute: Attribute
    public let number: Int
    public let applicationRange: Range<Int>
    public let streams: Int?

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("sctpmap"), let value = attribute.valueRange else { return nil }
        var cursor = FieldCursor(attribute.bytes, value)
        guard let (number, _) = cursor.nextInteger(), let app = cursor.next() else { return nil }
        var streams: Int? = nil
        if let field = cursor.next() {
            guard let n = SDPBytes.integer(attribute.bytes, field) else { return nil }
            streams = n
        }
        self.attribute = attribute
        self.number = number
        self.applicationRange = app
        self.streams = streams
    }

    public var application: String { SDPBytes.string(attribute.bytes, applicationRange) }
}

/// `a=framerate:<frames per second>` (RFC 8866 §6.8), a decimal number.
public struct FrameRate: Sendable {
    public let attribute: Attribute
    public let valueRange: Range<Int>
    public let value: Double

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("framerate"), let range = attribute.valueRange else { return nil }
        let trimmed = SDPBytes.trimmed(attribute.bytes, range)
        var whole = 0
        var fraction = 0.0
        var scale = 0.1
        var seenDot = false
        var digits = 0
        for i in trimmed {
            let b = attribute.bytes[i]
            if b == UInt8(ascii: "."), !seenDot { seenDot = true; continue }
            guard SDPBytes.isDigit(b), digits < 15 else { return nil }
            digits += 1
            if seenDot { fraction += Double(b - 0x30) * scale; scale /= 10 } else { whole = whole * 10 + Int(b - 0x30) }
        }
        guard digits > 0 else { return nil }
        self.attribute = attribute
        self.valueRange = trimmed
        self.value = Double(whole) + fraction
    }
}

/// `a=rtcp-xr:<xr-format> …` (RFC 3611 §5.1): the RTCP XR report blocks offered.
public struct RTCPExtendedReports: Sendable {
    public let attribute: Attribute
    public let formatRanges: [Range<Int>]

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("rtcp-xr") else { return nil }
        var formats: [Range<Int>] = []
        if let value = attribute.valueRange {
            var cursor = FieldCursor(attribute.bytes, value)
            while let f = cursor.next() { formats.append(f) }
        }
        self.attribute = attribute
        self.formatRanges = formats
    }

    public var formats: [String] { formatRanges.map { SDPBytes.string(attribute.bytes, $0) } }
}
