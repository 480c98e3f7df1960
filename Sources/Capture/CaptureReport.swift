import Diagnostics
import Wire

/// Everything `rtpdump` found in one capture file; encoded as the `--format json` document.
public struct CaptureReport: Encodable, Sendable {
    public let file: String
    /// `pcap` or `pcapng`; `nil` when the file could not be opened as either.
    public let format: String?
    /// Frames read from the file.
    public let frames: Int
    /// Frames that passed `--filter` (all when there is none).
    public let matchedFrames: Int
    public let linkTypes: [String]
    public let durationSeconds: Double
    public let flows: [FlowSummary]
    public let streams: [RTPStreamReport]
    public let rtcp: [RTCPRecord]
    public let stun: [STUNRecord]
    public let iceChecks: [ICEPairReport]
    public let dtls: [DTLSSessionReport]
    public let packets: [PacketRecord]?
    public let findings: [Finding]
    /// Why reading stopped early, if it did.
    public let error: ReportedError?
    /// TURN allocations (RFC 8656) seen in the capture: outcome, relayed address, permissions, channels.
    public var turn: [TURNAllocationReport] = []

    /// The exit status this file implies: 2 when it was unusable or cut, else 1 with errors.
    public var exitStatus: ExitStatus {
        if error != nil { return .unusableInput }
        return ExitStatus(findings: findings)
    }
}

/// An input error in the JSON document.
public struct ReportedError: Encodable, Sendable {
    public let code: String
    public let reason: String
    public let location: Location

    init(_ error: InputError) {
        code = error.code.name
        reason = error.reason
        location = error.location
    }
}

/// One direction of a 5-tuple and what it carried (RFC 7983 classes).
public struct FlowSummary: Encodable, Sendable {
    public let source: String
    public let destination: String
    /// `udp`, `tcp` (RFC 4571 / TURN-over-TCP frames), or `turn-udp` / `turn-tcp` for the
    /// flow inside TURN ChannelData (see ``FlowTransport``).
    public let transport: FlowTransport
    public private(set) var packets = 0
    public private(set) var bytes = 0
    public let firstFrame: Int
    public private(set) var lastFrame: Int
    /// Packets per class: stun, dtls, rtp, rtcp, turnChannelData, zrtp, unknown (those seen).
    public var kinds: [String: Int] {
        var kinds: [String: Int] = [:]
        for (kind, count) in zip(DatagramKind.allCases, kindCounts) where count > 0 { kinds[kind.rawValue] = count }
        return kinds
    }
    /// Counts by `DatagramKind.ordinal`: a per-packet count without hashing a string.
    private var kindCounts = [Int](repeating: 0, count: DatagramKind.allCases.count)

    let sourceEndpoint: Endpoint
    let destinationEndpoint: Endpoint

    private enum CodingKeys: String, CodingKey {
        case source, destination, transport, packets, bytes, firstFrame, lastFrame, kinds
    }

    init(source: Endpoint, destination: Endpoint, transport: FlowTransport, firstFrame: Int) {
        self.source = source.description
        self.destination = destination.description
        self.transport = transport
        self.sourceEndpoint = source
        self.destinationEndpoint = destination
        self.firstFrame = firstFrame
        self.lastFrame = firstFrame
    }

    mutating func add(kind: DatagramKind, bytes: Int, frame: Int) {
        packets += 1
        self.bytes += bytes
        lastFrame = frame
        kindCounts[kind.ordinal] += 1
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(destination, forKey: .destination)
        try container.encode(transport, forKey: .transport)
        try container.encode(packets, forKey: .packets)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(firstFrame, forKey: .firstFrame)
        try container.encode(lastFrame, forKey: .lastFrame)
        try container.encode(kinds, forKey: .kinds)
    }
}

/// Per-stream RTP statistics as reported (times in ms unless named otherwise).
public struct RTPStreamReport: Encodable, Sendable {
    /// `0x1234ABCD`.
    public let ssrc: String
    /// The first payload type seen.
    public let payloadType: Int
    public let payloadTypes: [Int]
    public let source: String
    public let destination: String
    public let packets: Int
    public let bytes: Int
    /// RFC 3550 A.3: extended highest sequence number − first + 1.
    public let expected: Int
    /// RFC 3550 A.3: expected − packets (negative with duplicates).
    public let lost: Int
    public let lostPercent: Double
    /// Wireshark's `-z rtp,streams` Lost (last − first + 1 − packets): differs from `lost` on reordering.
    public let wiresharkLost: Int
    public let sequenceErrors: Int
    public let duplicates: Int
    public let outOfOrder: Int
    public let minDeltaMs: Double
    public let meanDeltaMs: Double
    public let maxDeltaMs: Double
    public let maxDeltaFrame: Int
    public let minJitterMs: Double
    public let meanJitterMs: Double
    public let maxJitterMs: Double
    /// RFC 3550 A.8 interarrival jitter after the last packet, over every packet (ms).
    public let rfc3550JitterMs: Double
    /// The highest RFC 3550 A.8 jitter reached (ms); unlike `maxJitterMs` it includes marker-bit packets.
    public let rfc3550MaxJitterMs: Double
    /// Hz; 0 when unknown (jitter then 0, as in Wireshark).
    public let clockRate: Int
    /// Seconds from the capture's first frame.
    public let startTime: Double
    public let endTime: Double
    public let durationSeconds: Double
    /// RTP bits per second over the duration.
    public let meanBitrate: Double
    public let firstFrame: Int
    public let lastFrame: Int
    /// The first payload type's `a=rtpmap` (`VP8/90000`), when an `--sdp` maps it.
    public let codec: String?

    /// `udp`, `tcp` (RFC 4571), or `turn-udp` / `turn-tcp` inside TURN (see ``FlowTransport``).
    public let transport: FlowTransport

    init(_ s: RTPStreamStatistics, codecs: [UInt8: SignalledFacts.Codec] = [:], transport: FlowTransport = .udp) {
        self.transport = transport
        codec = s.payloadTypes.first.flatMap { codecs[$0]?.description }
        ssrc = hex32(s.key.ssrc)
        payloadType = Int(s.payloadTypes.first ?? 0)
        payloadTypes = s.payloadTypes.map(Int.init)
        source = s.key.source.description
        destination = s.key.destination.description
        packets = s.packets
        bytes = s.bytes
        expected = s.expected
        lost = s.lost
        lostPercent = s.expected > 0 ? Double(s.lost) * 100 / Double(s.expected) : 0
        wiresharkLost = s.wiresharkLost
        sequenceErrors = s.sequenceErrors
        duplicates = s.duplicates
        outOfOrder = s.outOfOrder
        minDeltaMs = s.minDelta
        meanDeltaMs = s.meanDelta
        maxDeltaMs = s.maxDelta
        maxDeltaFrame = s.maxDeltaFrame
        minJitterMs = s.minJitter
        meanJitterMs = s.meanJitter
        maxJitterMs = s.maxJitter
        rfc3550JitterMs = s.rfc3550Jitter
        rfc3550MaxJitterMs = s.rfc3550MaxJitter
        clockRate = s.clockRate
        startTime = s.startTime / 1000
        endTime = s.endTime / 1000
        durationSeconds = s.duration
        meanBitrate = s.meanBitrate
        firstFrame = s.firstFrame
        lastFrame = s.lastFrame
    }
}

/// One RTCP datagram (a compound packet).
public struct RTCPRecord: Encodable, Sendable {
    public let frame: Int
    /// Seconds from the capture's first frame.
    public let time: Double
    public let source: String
    public let destination: String
    /// SRTCP (RFC 3711 §3.4): only the first packet's header and sender SSRC are in the clear.
    public let encrypted: Bool
    /// The frame was cut by the snap length before the compound packet ended: what is missing
    /// was never captured (not encrypted); the packets that fit are listed.
    public let cutBySnapLength: Bool
    /// SRTCP E flag (payload encrypted), located with the DTLS-negotiated SRTP profile's tag length.
    public let srtcpEncryptedFlag: Bool?
    /// SRTCP index (31 bits).
    public let srtcpIndex: UInt32?
    /// The packets of the compound packet; their report blocks get their round-trip time
    /// from ``RTCPRoundTrip/annotate(_:)`` once the whole capture has been read.
    public internal(set) var packets: [RTCPPacketRecord]

    init(frame: Int, time: Double, source: Endpoint, destination: Endpoint, datagram: ArraySlice<UInt8>, srtpProfile: UInt16?,
         cut: Bool = false) {
        self.frame = frame
        self.time = time / 1000
        self.source = source.description
        self.destination = destination.description
        let decoded = RTCPCompound.decode(datagram) ?? []
        let consumed = decoded.reduce(0) { $0 + (Int(($1.bytes.uint16(at: 2) ?? 0)) + 1) * 4 }
        // Plain compound RTCP fills the datagram exactly; SRTCP appends E|index and the tag,
        // and its encrypted bodies rarely parse as further RTCP headers.
        if consumed == datagram.count, !decoded.isEmpty {
            encrypted = false
            cutBySnapLength = false
            srtcpEncryptedFlag = nil
            srtcpIndex = nil
            packets = decoded.map(RTCPPacketRecord.init)
        } else if cut {
            // A short datagram from a snap-length cut is not SRTCP's trailer: say what it is.
            encrypted = false
            cutBySnapLength = true
            srtcpEncryptedFlag = nil
            srtcpIndex = nil
            packets = decoded.isEmpty
                ? [RTCPPacketRecord(type: RTCPPacket.name(of: datagram.byte(at: 1) ?? 0), ssrc: datagram.uint32(at: 4).map(hex32))]
                : decoded.map(RTCPPacketRecord.init)
        } else {
            cutBySnapLength = false
            encrypted = true
            // E|SRTCP index sits before the authentication tag (RFC 3711 §3.4; RFC 7714 §9: GCM's tag is inside the ciphertext).
            if let tag = srtpProfile.flatMap(DTLSNames.srtcpTagLength), let word = datagram.uint32(at: datagram.count - tag - 4) {
                srtcpEncryptedFlag = word & 0x8000_0000 != 0
                srtcpIndex = word & 0x7FFF_FFFF
            } else {
                srtcpEncryptedFlag = nil
                srtcpIndex = nil
            }
            let type = datagram.byte(at: 1) ?? 0
            packets = [RTCPPacketRecord(type: RTCPPacket.name(of: type), ssrc: datagram.uint32(at: 4).map(hex32))]
        }
    }
}

/// One packet of a compound RTCP packet, flattened for the report.
public struct RTCPPacketRecord: Encodable, Sendable {
    public let type: String
    public let ssrc: String?
    public var senderPacketCount: UInt32?
    public var senderOctetCount: UInt32?
    /// SR: the sender's 64-bit NTP timestamp (RFC 3550 §6.4.1); its middle 32 bits are what a
    /// report block about this sender echoes as LSR.
    public var ntpTimestamp: UInt64?
    public var reports: [ReportBlockRecord]?
    public var cname: String?
    public var feedback: String?

    init(type: String, ssrc: String?) {
        self.type = type
        self.ssrc = ssrc
    }

    init(_ p: RTCPPacket) {
        type = p.typeName
        ssrc = p.senderSSRC.map(hex32)
        switch p.body {
        case .senderReport(_, let ntp, _, let packets, let octets, let blocks):
            ntpTimestamp = ntp
            senderPacketCount = packets
            senderOctetCount = octets
            reports = blocks.map(ReportBlockRecord.init)
        case .receiverReport(_, let blocks):
            reports = blocks.map(ReportBlockRecord.init)
        case .sourceDescription(let chunks):
            cname = chunks.first?.items.first(where: { $0.type == 1 })?.text
        case .transportFeedback(_, _, let f):
            feedback = switch f {
            case .nack(let lost): "NACK \(lost.map(String.init).joined(separator: ","))"
            case .transportWideCC(let base, let count): "TWCC base \(base) count \(count)"
            case .other(let format): "FMT \(format)"
            }
        case .payloadFeedback(_, _, let f):
            feedback = switch f {
            case .pictureLossIndication: "PLI"
            case .fullIntraRequest: "FIR"
            case .remb(let bitrate, _): "REMB \(bitrate) bps"
            case .other(let format): "FMT \(format)"
            }
        case .bye(_, let reason):
            feedback = reason
        default:
            break
        }
    }
}

/// An RTCP report block (RFC 3550 §6.4.1).
public struct ReportBlockRecord: Encodable, Sendable {
    public let ssrc: String
    public let fractionLost: Double
    public let cumulativeLost: Int
    public let extendedHighestSequence: UInt32
    /// Timestamp units.
    public let jitter: UInt32
    public let lastSR: UInt32
    /// Units of 1/65536 s.
    public let delaySinceLastSR: UInt32
    /// Round-trip time between the capture point and the reporter, in ms, when the SR this
    /// block's LSR refers to is in the capture (``RTCPRoundTrip``); `nil` otherwise.
    public internal(set) var roundTripMs: Double?
    /// The frame of that SR.
    public internal(set) var lastSRFrame: Int?

    init(_ b: RTCPReportBlock) {
        ssrc = hex32(b.ssrc)
        fractionLost = Double(b.fractionLost) / 256
        cumulativeLost = Int(b.cumulativeLost)
        extendedHighestSequence = b.extendedHighestSequence
        jitter = b.jitter
        lastSR = b.lastSR
        delaySinceLastSR = b.delaySinceLastSR
    }
}

/// One decoded packet for `--packets`.
public struct PacketRecord: Encodable, Sendable {
    public let frame: Int
    public let time: Double
    public let source: String
    public let destination: String
    public let `protocol`: String
    public let summary: String
    /// RTP header extension elements (RFC 8285), named through the `--sdp` extmap; `nil` for other protocols.
    public let headerExtensions: [HeaderExtensionRecord]?

    init(frame: Int, time: Double, source: String, destination: String, protocol: String, summary: String,
         headerExtensions: [HeaderExtensionRecord]? = nil) {
        self.headerExtensions = headerExtensions
        self.frame = frame
        self.time = time / 1000
        self.source = source
        self.destination = destination
        self.protocol = `protocol`
        self.summary = summary
    }
}

extension RTCPPacket {
    static func name(of type: UInt8) -> String {
        switch type {
        case 200: "SR"
        case 201: "RR"
        case 202: "SDES"
        case 203: "BYE"
        case 204: "APP"
        case 205: "RTPFB"
        case 206: "PSFB"
        case 207: "XR"
        default: "PT\(type)"
        }
    }
}

extension CaptureReport {
    /// The report of a file that could not be analysed at all (for example a `--filter` that
    /// does not compile for its link type): no frames, the error, and its INPUT finding.
    public static func unusable(file: String, error: InputError) -> CaptureReport {
        // An analyzer without a filter cannot fail to initialise.
        guard let analyzer = try? CaptureAnalyzer(file: file, options: AnalysisOptions()) else {
            return CaptureReport(file: file, format: nil, frames: 0, matchedFrames: 0, linkTypes: [], durationSeconds: 0,
                                 flows: [], streams: [], rtcp: [], stun: [], iceChecks: [], dtls: [], packets: nil,
                                 findings: [Rule.inputUnusable.finding(error.reason, at: [error.location])],
                                 error: ReportedError(error))
        }
        return analyzer.finish(format: nil, error: error)
    }
}
