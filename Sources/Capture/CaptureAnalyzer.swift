import Diagnostics
import Wire

/// Options that change what an analysis computes.
public struct AnalysisOptions: Sendable {
    /// Clock rates for dynamic payload types (`--clock-rate PT=HZ`).
    public var clockRates: [UInt8: Int] = [:]
    /// ICE passwords by ufrag (`--ice-pwd UFRAG=PWD`), to verify MESSAGE-INTEGRITY.
    public var icePasswords: [String: String] = [:]
    /// BPF filter expression applied to every frame.
    public var filter: String?
    /// Keep one record per decoded packet (for `--packets`).
    public var keepPackets = false
    /// Bound on the RTCP / STUN / packet records kept for the report.
    public var recordLimit = 100_000
    /// What the signalling (`--sdp`) said: fingerprints, codecs, extmap ids (ICE passwords and
    /// clock rates go into `icePasswords` and `clockRates`).
    public var signalled = SignalledFacts()
    /// `--ssrc`, `--flow`, `--protocol`: datagrams outside it are not analysed.
    public var datagramFilter = DatagramFilter()
    /// Called every 16384 frames with the bytes read and the file size (`rtpdump` progress).
    public var progress: (@Sendable (_ bytesRead: Int, _ fileSize: Int) -> Void)?
    /// Record this SSRC's RTP and RTCP as an rtpdump file (`--write-rtpdump`); see ``CaptureAnalyzer/recorder``.
    public var recordSSRC: UInt32?

    public init() {}
}

/// Decodes the frames of one capture and accumulates flows, RTP stream statistics, RTCP
/// reports, STUN transactions and findings. One pass, state bounded per flow.
public final class CaptureAnalyzer {
    public let file: String
    public let options: AnalysisOptions
    let filter: PacketFilter?

    // Internal (not private): the fast path in CaptureAnalyzer+FastPath.swift updates them too.
    var frames = 0
    var matched = 0
    var firstTime: Timestamp?
    var lastTime: Timestamp?
    var linkTypes: [LinkType] = []
    /// The link type of the previous fast-path frame (skips the `linkTypes` search).
    var lastLinkType: LinkType?
    /// Off only in tests, to compare the fast path with the general decoders.
    var fastPathEnabled = true
    /// Per 5-tuple direction: the summary and its RTP streams (one hash lookup per packet).
    var flows = FlowTable()
    /// Clock rates by payload type: `--clock-rate` over the static table (0 = unknown).
    let clockRates: [Int]
    // Copied out of `options` so that the per-packet path does not copy the options struct.
    let keepPackets: Bool
    private let recordLimit: Int
    private var rtcp: [RTCPRecord] = []
    private var packetRecords: [PacketRecord] = []
    private var fragments = FragmentReassembler()
    /// TCP byte streams (RFC 4571, TURN over TCP) and TURN allocations: CaptureAnalyzer+TCP.swift.
    var tcpStreams = TCPReassembler()
    var turn = TURNChannels()
    var turnTallies = TURNTallies()
    private var ice = ICEAnalyzer()
    private var dtls = DTLSAnalyzer()
    private let datagramFilter: DatagramFilter?
    /// The `--write-rtpdump` recording, when `options.recordSSRC` is set.
    public let recorder: RTPDumpRecorder?
    private var findings: [Finding] = []
    var snapCut = (count: 0, first: 0)
    /// The frame being decoded was cut by the snap length: its datagrams may end early.
    private var currentFrameCut = false
    private var undecodable = (count: 0, first: 0, reason: "")
    /// Records not kept past `recordLimit`: how many and the first frame, per record kind.
    private var unlistedRTCP = (count: 0, first: 0)
    private var unlistedPackets = (count: 0, first: 0)
    private var unsupported: [UInt32: Int] = [:]

    /// - Throws: ``PacketFilter/CompileError`` if the filter does not compile.
    public init(file: String, options: AnalysisOptions) throws(PacketFilter.CompileError) {
        self.file = file
        self.options = options
        self.filter = try options.filter.map { (e: String) throws(PacketFilter.CompileError) in try PacketFilter(e) }
        self.ice = ICEAnalyzer(passwords: options.icePasswords, recordLimit: options.recordLimit)
        self.dtls = DTLSAnalyzer(fingerprints: options.signalled.fingerprints)
        self.datagramFilter = options.datagramFilter.isEmpty ? nil : options.datagramFilter
        self.recorder = options.recordSSRC.map(RTPDumpRecorder.init)
        self.keepPackets = options.keepPackets
        self.recordLimit = options.recordLimit
        self.clockRates = (0..<128).map { pt in
            options.clockRates[UInt8(pt)] ?? StaticPayloadTypes.clockRate(UInt8(pt)) ?? 0
        }
        // The datagram filter and the rtpdump recorder look at every datagram: general path only.
        if datagramFilter != nil || recorder != nil { fastPathEnabled = false }
    }

    /// Reads and analyses a whole file. A read error ends the analysis early; what was
    /// decoded up to that point is still summarised.
    /// Pass `analyzer` to keep it for what it holds besides the report (``recorder``).
    public static func analyze(path: String, options: AnalysisOptions,
                               analyzer given: CaptureAnalyzer? = nil) throws(PacketFilter.CompileError) -> CaptureReport {
        let analyzer: CaptureAnalyzer
        if let given { analyzer = given } else { analyzer = try CaptureAnalyzer(file: path, options: options) }
        let reader: CaptureReader
        do {
            reader = try CaptureReader(path: path)
        } catch {
            if error.code == .unknownFormat, let report = try analyzer.analyzeRTPDumpIfPresent(path: path) { return report }
            return analyzer.finish(format: nil, error: error)
        }
        do {
            // Plain RTP over UDP is analysed in place in the reader's buffer; anything else
            // gets its own copy of the bytes and the general decoders.
            let progress = options.progress
            while let frame = try reader.nextFrame() {
                if !analyzer.processFast(frame) { try analyzer.process(frame.packet) }
                if let progress, analyzer.frames & 0x3FFF == 0 { progress(reader.bytesRead, reader.fileSize) }
            }
        } catch let error as InputError {
            return analyzer.finish(format: reader.format, error: error)
        } catch let error as PacketFilter.CompileError {
            throw error
        } catch {
            return analyzer.finish(format: reader.format, error: InputError(.unreadable, "\(error)", at: .file(path)))
        }
        return analyzer.finish(format: reader.format, error: nil)
    }

    /// Decodes one frame.
    public func process(_ packet: CapturedPacket) throws(PacketFilter.CompileError) {
        frames += 1
        if !linkTypes.contains(packet.linkType) { linkTypes.append(packet.linkType) }
        if let filter, try !filter.matches(packet) { return }
        matched += 1
        if firstTime == nil { firstTime = packet.timestamp }
        lastTime = packet.timestamp
        guard packet.linkType.isSupported else {
            unsupported[packet.linkType.rawValue, default: 0] += 1
            if unsupported[packet.linkType.rawValue] == 1 {
                findings.append(Rule.captureUnsupportedLinkType.finding(
                    "link type \(packet.linkType.name) (interface \(packet.interfaceID)) is not decoded; its packets are skipped",
                    hint: "capture on an Ethernet, loopback or `any` interface, or convert with `editcap -T`",
                    at: [.frame(file: file, frame: packet.frame)]))
            }
            return
        }
        currentFrameCut = packet.data.count < packet.originalLength
        if currentFrameCut {
            if snapCut.count == 0 { snapCut.first = packet.frame }
            snapCut.count += 1
        }
        guard let link = LinkLayer.decode(packet.data, linkType: packet.linkType) else {
            return skip(packet.frame, "link-layer header shorter than its \(packet.linkType.name) format")
        }
        guard link.etherType == EtherType.ipv4 || link.etherType == EtherType.ipv6 else { return }
        guard let ip = IPPacket(link.payload) else {
            return skip(packet.frame, "malformed IP header")
        }
        var transport = ip.payload
        var reassembled: [UInt8] = []
        if let fragment = ip.fragment {
            guard let whole = fragments.add(ip, fragment: fragment, frame: packet.frame, time: packet.timestamp) else { return }
            reassembled = whole
            transport = reassembled[...]
        }
        let time = packet.timestamp.milliseconds(since: firstTime ?? packet.timestamp)
        switch ip.transportProtocol {
        case 17:
            // Plain RTP on UDP usually never gets here: processFast (CaptureAnalyzer+FastPath.swift)
            // mirrors this path for it; keep the two in step (FastPathTests compares them).
            guard let udp = UDPDatagram(transport) else {
                return skip(packet.frame, "malformed UDP header")
            }
            processDatagram(udp.payload, source: Endpoint(address: ip.source, port: udp.sourcePort),
                            destination: Endpoint(address: ip.destination, port: udp.destinationPort),
                            frame: packet.frame, time: time, transport: .udp, ipv6: ip.version == 6)
        case 6:
            processTCP(transport, ip: ip, frame: packet.frame, time: time)
        default:
            return
        }
    }

    /// Decodes one datagram — a UDP payload, one frame of a TCP byte stream, or the payload of
    /// a TURN ChannelData message — by RFC 7983 and accounts it to its flow.
    func processDatagram(_ payload: ArraySlice<UInt8>, source: Endpoint, destination: Endpoint,
                         frame: Int, time: Double, transport: FlowTransport, ipv6: Bool) {
        let kind = DatagramKind(classifying: payload)
        // One hash lookup per packet: order is recovered from first frames at the end.
        let rtp = kind == .rtp ? RTPPacket(payload) : nil
        if let datagramFilter, !datagramFilter.matches(payload, kind: kind, rtp: rtp, source: source, destination: destination) {
            // TURN messages and ChannelData are containers: the relayed datagrams they carry are
            // filtered on their own, so allocations are still followed and ChannelData unwrapped.
            if kind == .stun {
                observeTURN(payload, source: source, destination: destination, frame: frame, time: time, transport: transport)
            } else if kind == .turnChannelData {
                _ = processChannelData(payload, source: source, destination: destination, frame: frame, time: time,
                                       transport: transport, ipv6: ipv6)
            }
            return
        }
        if let recorder, let firstTime {
            recorder.record(payload, kind: kind, rtp: rtp, destination: destination,
                            time: Timestamp(nanoseconds: firstTime.nanoseconds + Int64((time * 1e6).rounded())), captureStart: firstTime)
        }
        let clockRates = self.clockRates
        flows[FlowKey(source: source, destination: destination, transport: transport),
              default: FlowState(summary: FlowSummary(source: source, destination: destination, transport: transport, firstFrame: frame))]
            .add(kind: kind, bytes: payload.count, frame: frame, rtp: rtp, time: time,
                 clockRate: rtp.map { clockRates[Int($0.payloadType)] } ?? 0, ipv6: ipv6)

        var summary = ""
        switch kind {
        case .rtp:
            guard let rtp else { summary = "RTP (malformed)"; break }
            if keepPackets {
                summary = "RTP PT=\(rtp.payloadType) SSRC=\(hex32(rtp.ssrc)) Seq=\(rtp.sequenceNumber) Time=\(rtp.timestamp)\(rtp.marker ? " Mark" : "")"
                    + headerExtensionSummary(rtp)
            }
        case .rtcp:
            let record = RTCPRecord(frame: frame, time: time, source: source, destination: destination, datagram: payload,
                                    srtpProfile: dtls.srtpProfile(between: source, and: destination), cut: currentFrameCut)
            if rtcp.count < recordLimit {
                rtcp.append(record)
            } else {
                if unlistedRTCP.count == 0 { unlistedRTCP.first = frame }
                unlistedRTCP.count += 1
            }
            summary = "RTCP " + record.packets.map(\.type).joined(separator: " ") + (record.encrypted ? " (SRTCP, encrypted)" : "")
        case .dtls:
            summary = dtls.add(payload, frame: frame, source: source, destination: destination)
        case .stun:
            summary = ice.add(payload, frame: frame, time: time, source: source, destination: destination, file: file)
            observeTURN(payload, source: source, destination: destination, frame: frame, time: time, transport: transport)
        case .turnChannelData:
            summary = processChannelData(payload, source: source, destination: destination, frame: frame, time: time,
                                         transport: transport, ipv6: ipv6)
        default:
            summary = kind.rawValue
        }
        if keepPackets, packetRecords.count >= recordLimit {
            if unlistedPackets.count == 0 { unlistedPackets.first = frame }
            unlistedPackets.count += 1
        } else if keepPackets {
            packetRecords.append(PacketRecord(frame: frame, time: time, source: source.description,
                                              destination: destination.description, protocol: kind.rawValue, summary: summary,
                                              headerExtensions: rtp.map { HeaderExtensionRecord.records($0, names: options.signalled.headerExtensions) }))
        }
    }

    func skip(_ frame: Int, _ reason: String) {
        if undecodable.count == 0 { undecodable = (0, frame, reason) }
        undecodable.count += 1
    }

    /// Ends the analysis and builds the report.
    public func finish(format: CaptureReader.Format?, error: InputError?) -> CaptureReport {
        finish(formatName: format?.rawValue, error: error)
    }

    /// Ends the analysis and builds the report; `formatName` is `pcap`, `pcapng`, `rtpdump` or `live`.
    func finish(formatName: String?, error: InputError?) -> CaptureReport {
        fragments.finish()
        let streamFindings = finishStreams()
        var error = error
        let unsupportedFrames = unsupported.values.reduce(0, +)
        if error == nil, matched > 0, unsupportedFrames == matched {
            // Nothing in the file can be decoded: the input is unusable, not merely suspicious.
            let names = unsupported.keys.sorted().map { LinkType(rawValue: $0).name }.joined(separator: ", ")
            error = InputError(.unknownFormat, "every packet has an unsupported link type (\(names)); supported: "
                + LinkType.supported.map(\.name).joined(separator: ", "), at: .file(file))
        }
        var findings = self.findings + streamFindings
        if let error {
            if error.code == .truncated {
                findings.append(Rule.captureTruncated.finding(error.reason,
                    hint: "the capture was cut (disk full, copy interrupted, capture killed): decoded up to the cut",
                    at: [error.location]))
            } else if error.code != .unknownFormat || unsupportedFrames == 0 {
                findings.append(Rule.inputUnusable.finding(error.reason, at: [error.location]))
            }
        } else if matched == 0 {
            findings.append(Rule.captureNoPackets.finding(
                frames == 0 ? "the capture holds no packets" : "none of the \(frames) packets passes the filter",
                at: [.file(file)]))
        }
        if snapCut.count > 0 {
            findings.append(Rule.captureSnapLength.finding(
                "\(snapCut.count) frame(s) were cut by the snap length, the first is frame \(snapCut.first)",
                hint: "capture with a larger snap length (`tcpdump -s 0`, `dumpcap -s 0`)",
                at: [.frame(file: file, frame: snapCut.first)]))
        }
        for (kind, unlisted) in [("RTCP", unlistedRTCP), ("per-packet", unlistedPackets)] where unlisted.count > 0 {
            findings.append(Rule.captureRecordBound.finding(
                "\(unlisted.count) \(kind) record(s) beyond the first \(recordLimit) are not listed, the first at frame \(unlisted.first); the statistics count them",
                hint: "narrow the capture with --filter, --flow, --ssrc or --protocol to list them",
                at: [.frame(file: file, frame: unlisted.first)]))
        }
        if undecodable.count > 0 {
            findings.append(Rule.captureUndecodable.finding(
                "\(undecodable.count) frame(s) skipped, the first (frame \(undecodable.first)): \(undecodable.reason)",
                at: [.frame(file: file, frame: undecodable.first)]))
        }
        if fragments.abandoned > 0, let first = fragments.firstAbandonedFrame {
            findings.append(Rule.captureIncompleteFragments.finding(
                "\(fragments.abandoned) fragmented datagram(s) never completed, the first starts at frame \(first)",
                at: [.frame(file: file, frame: first)]))
        }
        if flows.untrackedPackets > 0 {
            findings.append(Rule.captureFlowBound.finding(
                "\(flows.untrackedPackets) packet(s) belong to flows beyond the \(flows.maximumFlows) tracked; the first is frame \(flows.firstUntrackedFrame)",
                hint: "narrow the capture with --filter (a BPF expression) to the flows of interest",
                at: [.frame(file: file, frame: flows.firstUntrackedFrame)]))
        }
        let untrackedStreamFlows = flows.values.filter { $0.untrackedStreamPackets > 0 }
        if let first = untrackedStreamFlows.map(\.firstUntrackedStreamFrame).min() {
            let packets = untrackedStreamFlows.reduce(0) { $0 + $1.untrackedStreamPackets }
            findings.append(Rule.captureStreamBound.finding(
                "\(packets) RTP packet(s) belong to streams beyond the \(flows.maximumStreams) tracked; the first is frame \(first)",
                hint: "narrow the capture with --filter (a BPF expression) or --ssrc to the streams of interest",
                at: [.frame(file: file, frame: first)]))
        }
        // Streams with their flow's transport: one SSRC relayed by TURN is seen once per leg.
        let transportStreams = flows.values.flatMap { flow in flow.streams.map { (stats: $0, transport: flow.summary.transport) } }
            .sorted { ($0.stats.firstFrame, $0.stats.key) < ($1.stats.firstFrame, $1.stats.key) }
        let orderedStreams = transportStreams.map(\.stats)
        let codecs = options.signalled.codecs
        let streamReports = transportStreams.map { RTPStreamReport($0.stats, codecs: codecs, transport: $0.transport) }
        for (stats, report) in zip(orderedStreams, streamReports) {
            let location = Location.frame(file: file, frame: stats.firstFrame)
            let name = "stream SSRC \(report.ssrc) \(report.source) → \(report.destination)"
                + (report.transport == .udp ? "" : " (\(report.transport.rawValue))")
            if report.lost > 0 {
                findings.append(Rule.rtpLoss.finding(
                    "\(name) lost \(report.lost) of \(report.expected) packets (\(formatPercent(report.lostPercent)))",
                    at: [location]))
            }
            if report.sequenceErrors > 0 {
                findings.append(Rule.rtpSequenceErrors.finding(
                    "\(name) has \(report.sequenceErrors) sequence error(s) (\(report.outOfOrder) out of order)",
                    at: [location]))
            }
            if report.duplicates > 0 {
                findings.append(Rule.rtpDuplicates.finding("\(name) carries \(report.duplicates) duplicate packet(s)", at: [location]))
            }
            if report.clockRate == 0 {
                findings.append(Rule.rtpUnknownClockRate.finding(
                    "\(name): no clock rate for payload type \(report.payloadType), jitter not computed",
                    hint: "pass --clock-rate \(report.payloadType)=90000 (video) or =48000 (Opus)",
                    at: [location]))
            }
        }
        let iceReport = ice.finish(file: file)
        findings += iceReport.findings
        let dtlsReport = dtls.finish(file: file, agents: ICEAnalyzer.agents(iceReport.pairs))
        findings += dtlsReport.findings
        return CaptureReport(
            file: file, format: formatName, frames: frames, matchedFrames: matched,
            linkTypes: linkTypes.map(\.name),
            // Timestamp.milliseconds(since:) as for every packet: a corrupt capture's far-apart timestamps cannot trap (scripts/fuzz capture).
            durationSeconds: (firstTime.flatMap { f in lastTime.map { $0.milliseconds(since: f) / 1000 } }) ?? 0,
            flows: flows.values.map(\.summary)
                .sorted { ($0.firstFrame, $0.source, $0.destination) < ($1.firstFrame, $1.source, $1.destination) },
            streams: streamReports, rtcp: RTCPRoundTrip.annotate(rtcp),
            stun: iceReport.messages, iceChecks: iceReport.pairs, dtls: dtlsReport.sessions,
            packets: keepPackets ? packetRecords : nil,
            findings: findings, error: error.map(ReportedError.init), turn: turn.reports)
    }
}

struct FlowKey: Hashable {
    let source: Endpoint
    let destination: Endpoint
    let transport: FlowTransport
}

/// What one direction of a 5-tuple accumulated: its summary and its RTP streams by SSRC
/// (a short linear list: a 5-tuple carries a handful of SSRCs even with BUNDLE; past 8 an
/// index by SSRC keeps a flow of many SSRCs from costing a linear search per packet).
struct FlowState {
    var summary: FlowSummary
    var streams: [RTPStreamStatistics] = []
    private var streamPositions: [UInt32: Int]?
    /// Set by ``FlowTable`` while the capture's bound on streams is not reached.
    var acceptsNewStreams = true
    /// RTP packets of SSRCs that found the stream bound reached, and the first one's frame.
    private(set) var untrackedStreamPackets = 0
    private(set) var firstUntrackedStreamFrame = 0

    init(summary: FlowSummary) { self.summary = summary }

    mutating func add(kind: DatagramKind, bytes: Int, frame: Int, rtp: RTPPacket?, time: Double, clockRate: Int, ipv6: Bool) {
        add(kind: kind, bytes: bytes, frame: frame, rtp: rtp.map(RTPHeaderFields.init), time: time, clockRate: clockRate, ipv6: ipv6)
    }

    mutating func add(kind: DatagramKind, bytes: Int, frame: Int, rtp: RTPHeaderFields?, time: Double, clockRate: Int, ipv6: Bool) {
        summary.add(kind: kind, bytes: bytes, frame: frame)
        guard let rtp else { return }
        let found = streamPositions.map { $0[rtp.ssrc] } ?? streams.firstIndex { $0.key.ssrc == rtp.ssrc }
        if let index = found {
            streams[index].add(rtp, size: bytes, frame: frame, time: time, clockRate: clockRate, ipv6: ipv6)
        } else if acceptsNewStreams {
            let key = RTPStreamKey(source: summary.sourceEndpoint, destination: summary.destinationEndpoint, ssrc: rtp.ssrc)
            var stream = RTPStreamStatistics(key: key)
            stream.add(rtp, size: bytes, frame: frame, time: time, clockRate: clockRate, ipv6: ipv6)
            streams.append(stream)
            if streamPositions != nil {
                streamPositions?[rtp.ssrc] = streams.count - 1
            } else if streams.count > 8 {
                streamPositions = Dictionary(uniqueKeysWithValues: streams.enumerated().map { ($1.key.ssrc, $0) })
            }
        } else {
            if untrackedStreamPackets == 0 { firstUntrackedStreamFrame = frame }
            untrackedStreamPackets += 1
        }
    }
}

func hex32(_ v: UInt32) -> String {
    let digits = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

func formatPercent(_ v: Double) -> String {
    let tenths = (v * 10).rounded() / 10
    return "\(tenths)%"
}
