/// The `v=` line (RFC 8866 §5.1): the protocol version, always `0`.
public struct ProtocolVersion: Sendable {
    public let line: Line
    public let version: Int
    /// Bytes of the version number.
    public let versionRange: Range<Int>

    /// Reads a `v=` line; `nil` if it is another type or not a decimal number.
    public init?(_ line: Line, in bytes: [UInt8]) {
        guard line.is("v") else { return nil }
        let range = SDPBytes.trimmed(bytes, line.valueRange)
        guard let version = SDPBytes.integer(bytes, range) else { return nil }
        self.line = line
        self.version = version
        self.versionRange = range
    }
}

/// The `o=` line (RFC 8866 §5.2):
/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`.
public struct Origin: Sendable {
    public let bytes: [UInt8]
    public let line: Line
    public let usernameRange: Range<Int>
    public let sessionIDRange: Range<Int>
    public let sessionVersionRange: Range<Int>
    public let networkTypeRange: Range<Int>
    public let addressTypeRange: Range<Int>
    public let addressRange: Range<Int>

    /// Reads an `o=` line with exactly six fields whose session id and version are
    /// decimal numbers (RFC 8866 §9 `sess-id` and `sess-version` are 1*DIGIT).
    public init?(_ line: Line, in bytes: [UInt8]) {
        guard line.is("o") else { return nil }
        var cursor = FieldCursor(bytes, line.valueRange)
        guard let username = cursor.next(), let id = cursor.next(), let version = cursor.next(),
              let net = cursor.next(), let addrType = cursor.next(), let address = cursor.next(),
              cursor.isAtEnd,
              id.allSatisfy({ SDPBytes.isDigit(bytes[$0]) }), version.allSatisfy({ SDPBytes.isDigit(bytes[$0]) })
        else { return nil }
        self.bytes = bytes
        self.line = line
        self.usernameRange = username
        self.sessionIDRange = id
        self.sessionVersionRange = version
        self.networkTypeRange = net
        self.addressTypeRange = addrType
        self.addressRange = address
    }

    public var username: String { SDPBytes.string(bytes, usernameRange) }
    /// The session id as written (browsers use up to 20 digits, more than `Int` holds).
    public var sessionID: String { SDPBytes.string(bytes, sessionIDRange) }
    public var sessionVersion: String { SDPBytes.string(bytes, sessionVersionRange) }
    public var address: String { SDPBytes.string(bytes, addressRange) }
}

/// The `s=` line (RFC 8866 §5.3). WebRTC stacks write `s=-`.
public struct SessionName: Sendable {
    public let bytes: [UInt8]
    public let line: Line

    public init?(_ line: Line, in bytes: [UInt8]) {
        guard line.is("s") else { return nil }
        self.bytes = bytes
        self.line = line
    }

    public var value: String { SDPBytes.string(bytes, line.valueRange) }
}

/// The `c=` line (RFC 8866 §5.7): `c=<nettype> <addrtype> <connection-address>`, the
/// address optionally followed by `/ttl` and `/count` for multicast.
public struct Connection: Sendable {
    public let bytes: [UInt8]
    public let line: Line
    public let networkTypeRange: Range<Int>
    public let addressTypeRange: Range<Int>
    /// The address without any `/ttl/count` suffix.
    public let addressRange: Range<Int>
    /// The whole third field, suffixes included.
    public let fieldRange: Range<Int>

    public init?(_ line: Line, in bytes: [UInt8]) {
        guard line.is("c") else { return nil }
        var cursor = FieldCursor(bytes, line.valueRange)
        guard let net = cursor.next(), let type = cursor.next(), let field = cursor.next(), cursor.isAtEnd else { return nil }
        self.bytes = bytes
        self.line = line
        self.networkTypeRange = net
        self.addressTypeRange = type
        self.fieldRange = field
        let slash = SDPBytes.firstIndex(of: UInt8(ascii: "/"), in: bytes, field) ?? field.upperBound
        self.addressRange = field.lowerBound..<slash
    }

    /// `IP4` or `IP6` (or whatever was written).
    public var addressType: String { SDPBytes.string(bytes, addressTypeRange) }
    public var address: String { SDPBytes.string(bytes, addressRange) }
    /// Whether the address type is `IP4`, `IP6` or something else.
    public var isIPv4: Bool { SDPBytes.equal(bytes, addressTypeRange, "IP4") }
    public var isIPv6: Bool { SDPBytes.equal(bytes, addressTypeRange, "IP6") }
}

/// A `b=` line (RFC 8866 §5.8): `b=<bwtype>:<bandwidth>`, e.g. `b=AS:2000` or
/// `b=TIAS:1000000` (RFC 3890).
public struct Bandwidth: Sendable {
    public let bytes: [UInt8]
    public let line: Line
    public let typeRange: Range<Int>
    public let valueRange: Range<Int>
    public let value: Int

    public init?(_ line: Line, in bytes: [UInt8]) {
        guard line.is("b"), let colon = SDPBytes.firstIndex(of: UInt8(ascii: ":"), in: bytes, line.valueRange) else { return nil }
        let type = line.valueRange.lowerBound..<colon
        let valueRange = SDPBytes.trimmed(bytes, (colon + 1)..<line.valueRange.upperBound)
        guard !type.isEmpty, let value = SDPBytes.integer(bytes, valueRange) else { return nil }
        self.bytes = bytes
        self.line = line
        self.typeRange = type
        self.valueRange = valueRange
        self.value = value
    }

    /// `AS`, `CT`, `TIAS`, `RR`, `RS`, …
    public var type: String { SDPBytes.string(bytes, typeRange) }
}

/// The `t=` line (RFC 8866 §5.9): `t=<start-time> <stop-time>`, NTP seconds; WebRTC
/// writes `t=0 0` (unbounded).
public struct Timing: Sendable {
    public let line: Line
    public let start: Int
    public let stop: Int

    public init?(_ line: Line, in bytes: [UInt8]) {
        guard line.is("t") else { return nil }
        var cursor = FieldCursor(bytes, line.valueRange)
        guard let (start, _) = cursor.nextInteger(), let (stop, _) = cursor.nextInteger(), cursor.isAtEnd else { return nil }
        self.line = line
        self.start = start
        self.stop = stop
    }
}

extension SessionDescription {
    /// The `v=` line, if present and numeric.
    public var version: ProtocolVersion? {
        session.lines.lazy.compactMap { ProtocolVersion($0, in: self.bytes) }.first
    }

    /// The `o=` line, if present and well formed.
    public var origin: Origin? {
        session.lines.lazy.compactMap { Origin($0, in: self.bytes) }.first
    }

    /// The `s=` line.
    public var sessionName: SessionName? {
        session.lines.lazy.compactMap { SessionName($0, in: self.bytes) }.first
    }

    /// The `t=` lines that are well formed.
    public var timings: [Timing] {
        session.lines.compactMap { Timing($0, in: bytes) }
    }
}

extension Section {
    /// The section's `c=` line, if present and well formed.
    public var connection: Connection? {
        lines.lazy.compactMap { Connection($0, in: self.bytes) }.first
    }

    /// The section's `b=` lines that are well formed.
    public var bandwidths: [Bandwidth] {
        lines.compactMap { Bandwidth($0, in: bytes) }
    }
}
