/// `a=fmtp:<format> <format specific parameters>` (RFC 8866 §6.15).
///
/// The parameters are read leniently as the `;`-separated `key=value` list almost every
/// codec uses (RFC 6184 §8.1, RFC 7587 §6.1, RFC 4588 §8.1, …): spaces around items are
/// skipped, items without `=` are kept with no value, and an empty list is allowed.
/// RED (RFC 2198 §5) writes a `/`-separated payload type list instead; see
/// ``REDParameters``.
public struct FormatParameters: Sendable {
    public let attribute: Attribute
    /// The format the parameters apply to; a payload type for RTP media.
    public let formatRange: Range<Int>
    /// The format read as a payload type, if it is a number.
    public let payloadType: Int?
    /// Everything after the format.
    public let parametersRange: Range<Int>

    /// One `key=value` item.
    public struct Parameter: Sendable {
        public let nameRange: Range<Int>
        /// `nil` for an item without `=`.
        public let valueRange: Range<Int>?
    }

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("fmtp"), let value = attribute.valueRange else { return nil }
        var cursor = FieldCursor(attribute.bytes, value)
        guard let format = cursor.next() else { return nil }
        self.attribute = attribute
        self.formatRange = format
        self.payloadType = SDPBytes.integer(attribute.bytes, format)
        self.parametersRange = cursor.rest
    }

    /// The parameters in order. Allocates; lint uses ``forEachParameter(_:)``.
    public var parameters: [Parameter] {
        var result: [Parameter] = []
        forEachParameter { result.append($0) }
        return result
    }

    /// Calls `body` with each parameter in order, without allocating.
    public func forEachParameter(_ body: (Parameter) -> Void) {
        let bytes = attribute.bytes
        for item in SeparatedFields(bytes, parametersRange, separator: UInt8(ascii: ";")) {
            let trimmed = SDPBytes.trimmed(bytes, item)
            if trimmed.isEmpty { continue }
            if let eq = SDPBytes.firstIndex(of: UInt8(ascii: "="), in: bytes, trimmed) {
                body(Parameter(nameRange: SDPBytes.trimmed(bytes, trimmed.lowerBound..<eq),
                               valueRange: SDPBytes.trimmed(bytes, (eq + 1)..<trimmed.upperBound)))
            } else {
                body(Parameter(nameRange: trimmed, valueRange: nil))
            }
        }
    }

    /// The value range of the first parameter named `name` (case-insensitive, RFC 6184
    /// §8.1 and RFC 7587 §6.1 parameter names are).
    public func valueRange(for name: StaticString) -> Range<Int>? {
        let bytes = attribute.bytes
        for item in SeparatedFields(bytes, parametersRange, separator: UInt8(ascii: ";")) {
            let trimmed = SDPBytes.trimmed(bytes, item)
            guard let eq = SDPBytes.firstIndex(of: UInt8(ascii: "="), in: bytes, trimmed) else { continue }
            if SDPBytes.equalIgnoringCase(bytes, SDPBytes.trimmed(bytes, trimmed.lowerBound..<eq), name) {
                return SDPBytes.trimmed(bytes, (eq + 1)..<trimmed.upperBound)
            }
        }
        return nil
    }

    /// The value of `name` as text.
    public func value(for name: StaticString) -> String? {
        valueRange(for: name).map { SDPBytes.string(attribute.bytes, $0) }
    }

    /// The value of `name` as a decimal integer; `nil` when absent or not a number.
    public func integer(for name: StaticString) -> Int? {
        valueRange(for: name).flatMap { SDPBytes.integer(attribute.bytes, $0) }
    }

    /// The parameters as name/value strings, in order (for display and tests).
    public var pairs: [(name: String, value: String?)] {
        parameters.map { (SDPBytes.string(attribute.bytes, $0.nameRange), $0.valueRange.map { SDPBytes.string(attribute.bytes, $0) }) }
    }
}

/// H.264 `profile-level-id` (RFC 6184 §8.1): three bytes in hex, `profile_idc`,
/// `profile-iop` (constraint flags) and `level_idc`. Hex digits are case-insensitive.
public struct H264ProfileLevelID: Hashable, Sendable {
    public let profileIDC: UInt8
    public let profileIOP: UInt8
    public let levelIDC: UInt8

    /// Reads exactly six hex digits.
    public init?(_ bytes: [UInt8], _ range: Range<Int>) {
        guard range.count == 6, let value = SDPBytes.hexInteger(bytes, range) else { return nil }
        profileIDC = UInt8(truncatingIfNeeded: value >> 16)
        profileIOP = UInt8(truncatingIfNeeded: value >> 8)
        levelIDC = UInt8(truncatingIfNeeded: value)
    }

    /// Constrained Baseline: profile_idc 66 (0x42) with constraint_set1 (0x40) set, or
    /// Main/High with the constraint bits libwebrtc recognises (RFC 6184 §8.1 table 5).
    public var isConstrainedBaseline: Bool {
        (profileIDC == 0x42 && profileIOP & 0x40 != 0) || (profileIDC == 0x4D && profileIOP & 0x80 != 0)
    }
}

/// H.264 format parameters (RFC 6184 §8.1).
public struct H264Parameters: Sendable {
    public let fmtp: FormatParameters
    /// `nil` when absent (the default is 420010, Baseline level 1) or malformed; see
    /// ``profileLevelIDRange``.
    public let profileLevelID: H264ProfileLevelID?
    public let profileLevelIDRange: Range<Int>?
    /// 0 (single NAL), 1 (non-interleaved) or 2 (interleaved); `nil` when absent (0).
    public let packetizationMode: Int?
    public let levelAsymmetryAllowed: Bool?

    public init(_ fmtp: FormatParameters) {
        self.fmtp = fmtp
        let plid = fmtp.valueRange(for: "profile-level-id")
        self.profileLevelIDRange = plid
        self.profileLevelID = plid.flatMap { H264ProfileLevelID(fmtp.attribute.bytes, $0) }
        self.packetizationMode = fmtp.integer(for: "packetization-mode")
        self.levelAsymmetryAllowed = fmtp.integer(for: "level-asymmetry-allowed").map { $0 == 1 }
    }
}

/// VP9 format parameters (RFC 9628 §6): `profile-id` 0–3.
public struct VP9Parameters: Sendable {
    public let fmtp: FormatParameters
    public let profileID: Int?

    public init(_ fmtp: FormatParameters) {
        self.fmtp = fmtp
        self.profileID = fmtp.integer(for: "profile-id")
    }
}

/// AV1 format parameters (AV1 RTP payload specification §7.2): `profile`, `level-idx`,
/// `tier`.
public struct AV1Parameters: Sendable {
    public let fmtp: FormatParameters
    public let profile: Int?
    public let levelIndex: Int?
    public let tier: Int?

    public init(_ fmtp: FormatParameters) {
        self.fmtp = fmtp
        self.profile = fmtp.integer(for: "profile")
        self.levelIndex = fmtp.integer(for: "level-idx")
        self.tier = fmtp.integer(for: "tier")
    }
}

/// RTX format parameters (RFC 4588 §8.1): `apt`, the payload type being retransmitted,
/// and `rtx-time` in milliseconds.
public struct RTXParameters: Sendable {
    public let fmtp: FormatParameters
    public let associatedPayloadType: Int?
    public let associatedPayloadTypeRange: Range<Int>?
    public let rtxTime: Int?

    public init(_ fmtp: FormatParameters) {
        self.fmtp = fmtp
        let apt = fmtp.valueRange(for: "apt")
        self.associatedPayloadTypeRange = apt
        self.associatedPayloadType = apt.flatMap { SDPBytes.integer(fmtp.attribute.bytes, $0) }
        self.rtxTime = fmtp.integer(for: "rtx-time")
    }
}

/// Opus format parameters (RFC 7587 §6.1).
public struct OpusParameters: Sendable {
    public let fmtp: FormatParameters
    public let minimumPacketTime: Int?
    public let useInbandFEC: Bool?
    public let stereo: Bool?
    public let spropStereo: Bool?
    public let maxAverageBitrate: Int?
    public let maxPlaybackRate: Int?
    public let useDTX: Bool?
    public let constantBitrate: Bool?

    public init(_ fmtp: FormatParameters) {
        self.fmtp = fmtp
        self.minimumPacketTime = fmtp.integer(for: "minptime")
        self.useInbandFEC = fmtp.integer(for: "useinbandfec").map { $0 == 1 }
        self.stereo = fmtp.integer(for: "stereo").map { $0 == 1 }
        self.spropStereo = fmtp.integer(for: "sprop-stereo").map { $0 == 1 }
        self.maxAverageBitrate = fmtp.integer(for: "maxaveragebitrate")
        self.maxPlaybackRate = fmtp.integer(for: "maxplaybackrate")
        self.useDTX = fmtp.integer(for: "usedtx").map { $0 == 1 }
        self.constantBitrate = fmtp.integer(for: "cbr").map { $0 == 1 }
    }
}

/// RED format parameters (RFC 2198 §5): the redundant encodings' payload types
/// separated by `/`, e.g. `111/111`.
public struct REDParameters: Sendable {
    public let fmtp: FormatParameters
    /// Each payload type with its range; `nil` if any item is not a number.
    public let payloadTypes: [(value: Int, range: Range<Int>)]

    public init?(_ fmtp: FormatParameters) {
        let bytes = fmtp.attribute.bytes
        var result: [(value: Int, range: Range<Int>)] = []
        for item in SeparatedFields(bytes, fmtp.parametersRange, separator: UInt8(ascii: "/")) {
            guard let pt = SDPBytes.integer(bytes, item) else { return nil }
            result.append((pt, item))
        }
        guard !result.isEmpty else { return nil }
        self.fmtp = fmtp
        self.payloadTypes = result
    }
}
