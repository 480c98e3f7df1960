import SDP

/// What a payload type means in one m-section: its rtpmap (or the RFC 3551 static
/// assignment) and its fmtp.
struct CodecDescription: Sendable {
    let payloadType: Int
    let rtpMap: RTPMap?
    let formatParameters: FormatParameters?
    /// Lower-cased encoding name (`opus`, `vp8`, `h264`, `rtx`, …).
    let encoding: String
    let clockRate: Int?
    /// 1 when the rtpmap writes no channel count (RFC 8866 §6.6).
    let channels: Int

    init(_ section: Section, payloadType: Int) {
        self.init(payloadType: payloadType, rtpMap: section.rtpMap(for: payloadType),
                  formatParameters: section.formatParameters(for: payloadType))
    }

    /// Every payload type of an m-line, reading the section's rtpmap and fmtp lines once.
    static func all(in section: Section, media: MediaLine) -> [CodecDescription] {
        var maps: [Int: RTPMap] = [:]
        var parameters: [Int: FormatParameters] = [:]
        for attribute in section.attributes {
            if let map = RTPMap(attribute) { if maps[map.payloadType] == nil { maps[map.payloadType] = map } }
            else if let fmtp = FormatParameters(attribute), let pt = fmtp.payloadType, parameters[pt] == nil { parameters[pt] = fmtp }
        }
        return media.payloadTypes.map { CodecDescription(payloadType: $0, rtpMap: maps[$0], formatParameters: parameters[$0]) }
    }

    init(payloadType: Int, rtpMap map: RTPMap?, formatParameters: FormatParameters?) {
        self.payloadType = payloadType
        self.rtpMap = map
        self.formatParameters = formatParameters
        if let map {
            encoding = map.encodingName.lowercased()
            clockRate = map.clockRate
            channels = map.channels ?? 1
        } else if let known = CodecDescription.staticTypes[payloadType] {
            (encoding, clockRate, channels) = (known.0, known.1, 1)
        } else {
            (encoding, clockRate, channels) = ("pt\(payloadType)", nil, 1)
        }
    }

    /// RFC 3551 §6 static payload types WebRTC stacks still write without rtpmap.
    static let staticTypes: [Int: (String, Int)] = [
        0: ("pcmu", 8000), 8: ("pcma", 8000), 9: ("g722", 8000), 13: ("cn", 8000), 18: ("g729", 8000),
    ]

    /// Whether the payload type carries media itself rather than repairing, protecting or
    /// signalling (RTX, RED, FEC, DTMF, comfort noise).
    var isMedia: Bool {
        !["rtx", "red", "ulpfec", "flexfec-03", "flexfec", "telephone-event", "cn"].contains(encoding)
    }

    /// `opus/48000/2`, as the rtpmap writes it (name case preserved).
    var name: String {
        let written = rtpMap?.encodingName ?? encoding.uppercased()
        guard let clockRate else { return written }
        return "\(written)/\(clockRate)" + (rtpMap?.channels.map { "/\($0)" } ?? "")
    }
}
