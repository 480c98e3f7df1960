import SDP

/// H.264 profiles as RFC 6184 §8.1 and libwebrtc classify a `profile-level-id`
/// (profile_idc plus the constraint flags in profile-iop).
enum H264Profile: String, Sendable {
    case constrainedBaseline = "Constrained Baseline"
    case baseline = "Baseline"
    case main = "Main"
    case extended = "Extended"
    case constrainedHigh = "Constrained High"
    case high = "High"
    case predictiveHigh444 = "Predictive High 4:4:4"
    case other = "unknown profile"

    /// RFC 6184 §8.1 table 5 (the profile_idc/profile-iop combinations), as libwebrtc's
    /// `ParseProfileLevelId` also reads them.
    init(_ id: H264ProfileLevelID) {
        let iop = id.profileIOP
        switch id.profileIDC {
        case 0x42:
            self = iop & 0x40 != 0 ? .constrainedBaseline : .baseline
        case 0x4D:
            self = iop & 0x80 != 0 ? .constrainedBaseline : .main
        case 0x58:
            self = iop & 0xC0 == 0xC0 ? .constrainedBaseline : iop & 0x80 != 0 ? .baseline : .extended
        case 0x64:
            self = iop & 0x0C == 0x0C ? .constrainedHigh : .high
        case 0xF4:
            self = .predictiveHigh444
        default:
            self = .other
        }
    }
}

/// The H.264 configuration of one payload type, with the RFC 6184 and libwebrtc readings
/// of an absent `profile-level-id`.
struct H264Configuration {
    /// RFC 6184 §8.1: without profile-level-id the default is 42000A, Baseline level 1.0.
    static let rfcDefault = "42000a"
    /// libwebrtc (`kDefaultProfileLevelId`): Constrained Baseline level 3.1.
    static let libwebrtcDefault = "42e01f"

    let parameters: H264Parameters?
    let profileLevelID: H264ProfileLevelID?
    let written: String?
    let packetizationMode: Int
    let levelAsymmetryAllowed: Bool

    init(_ codec: CodecDescription) {
        let parameters = codec.formatParameters.map(H264Parameters.init)
        self.parameters = parameters
        self.profileLevelID = parameters?.profileLevelID
        if let parameters, let range = parameters.profileLevelIDRange {
            self.written = SDPBytes.string(parameters.fmtp.attribute.bytes, range)
        } else {
            self.written = nil
        }
        self.packetizationMode = parameters?.packetizationMode ?? 0
        self.levelAsymmetryAllowed = parameters?.levelAsymmetryAllowed ?? false
    }

    var isProfileLevelIDAbsent: Bool { written == nil }

    var profile: H264Profile? { profileLevelID.map(H264Profile.init) }

    /// The level as written in level_idc (10 × the level number; 1b is 11 with the
    /// constraint_set3 flag in Baseline profiles, counted here as 10.5).
    var level: Double? {
        guard let id = profileLevelID else { return nil }
        if id.levelIDC == 11 && (id.profileIDC == 0x42 || id.profileIDC == 0x4D || id.profileIDC == 0x58) && id.profileIOP & 0x10 != 0 {
            return 10.5
        }
        return Double(id.levelIDC)
    }

    static func levelName(_ level: Double) -> String {
        level == 10.5 ? "1b" : level.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(level) / 10)" : "\(Int(level) / 10).\(Int(level) % 10)"
    }
}
