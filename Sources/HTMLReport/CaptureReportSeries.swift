import Capture
import Charts
import Diagnostics
import Wire

/// Per-packet time series of each RTP stream of a capture report, for its charts.
///
/// ``CaptureReport`` keeps per-stream totals; the charts need every packet. This walks
/// the capture once more with the same public readers and decoders (CaptureReader,
/// LinkLayer, IPPacket, UDPDatagram, RFC 7983 classification, RTPPacket) and records
/// the packets of the streams the report lists, so the series and the report's tables
/// describe the same packets. IP fragments are not reassembled here (their datagrams
/// are left out of the series; the count is in ``StreamSeries/packets``).
public struct StreamSeries: Sendable {
    public let ssrc: String
    public let source: String
    public let destination: String
    /// Packets recorded (the report's stream has `packets` too: the tests compare).
    public let packets: Int
    /// Inter-arrival delta to the stream's previous packet, ms, over capture time in s.
    public let deltaMs: [ChartPoint]
    /// RFC 3550 §6.4.1 / A.8 interarrival jitter after each packet, ms (empty without a clock rate).
    public let jitterMs: [ChartPoint]
    /// RTP bits per second over fixed windows, kbit/s, at each window's start.
    public let bitrateKbps: [ChartPoint]
    /// The window ``bitrateKbps`` averages over, in seconds.
    public let bitrateWindow: Double
    /// One event per sequence number never received (RFC 3550 A.3: between the first and
    /// the highest extended sequence number), at the time the first packet beyond it
    /// arrived; `y` is the extended sequence number.
    public let losses: [ChartPoint]
    /// Packets that arrived with a sequence number below the stream's first one
    /// (reordered ahead of it). RFC 3550 A.3 counts them as received but not as
    /// expected, so its `lost` is ``losses`` count minus these.
    public let receivedBeforeFirst: Int
}

/// One stream's samples while the capture is read.
struct SeriesState {
    var times: [Double] = []
    var bytes: [Int] = []
    var delta: [ChartPoint] = []
    var jitter: [ChartPoint] = []
    var extended: [Int] = []
    var lastSequence: UInt16?
    var lastExtended = 0
    var lastTime = 0.0
    var lastTransit: Double?
    var j = 0.0
    var extendedTimestamp: Int64 = 0
    var lastTimestamp: UInt32?

    mutating func add(_ rtp: RTPPacket, at t: Double, clockRate rate: Int) {
        if let last = lastSequence {
            delta.append(ChartPoint(x: t, y: (t - lastTime) * 1000))
            lastExtended += Int(Int16(bitPattern: rtp.sequenceNumber &- last))
        } else {
            lastExtended = Int(rtp.sequenceNumber)
        }
        extended.append(lastExtended)
        // RFC 3550 A.8: transit = arrival - timestamp, in timestamp units; J += (|D| - J)/16.
        if rate > 0 {
            if let previous = lastTimestamp { extendedTimestamp += Int64(Int32(bitPattern: rtp.timestamp &- previous)) }
            lastTimestamp = rtp.timestamp
            let transit = t * Double(rate) - Double(extendedTimestamp)
            if let lastTransit {
                j += (abs(transit - lastTransit) - j) / 16
                jitter.append(ChartPoint(x: t, y: j * 1000 / Double(rate)))
            }
            lastTransit = transit
        }
        lastSequence = rtp.sequenceNumber
        lastTime = t
        times.append(t)
        bytes.append(rtp.payload.count + rtp.headerLength + rtp.paddingLength)
    }
}

extension StreamSeries {
    /// Collects the series of every stream in `report` from the capture at `path`.
    public static func collect(path: String, report: CaptureReport) throws(InputError) -> [StreamSeries] {
        struct Key: Hashable { let source: String, destination: String, ssrc: String }
        struct Address: Hashable { let source: Endpoint, destination: Endpoint, ssrc: UInt32 }
        var streamIndex: [Key: Int] = [:]
        for (i, s) in report.streams.enumerated() { streamIndex[Key(source: s.source, destination: s.destination, ssrc: s.ssrc)] = i }
        // Each stream's state is mutated in place (one array per stream, no copies per packet).
        var states = [SeriesState](repeating: SeriesState(), count: report.streams.count)
        var slots: [Address: Int?] = [:]
        let reader = try CaptureReader(path: path)
        var origin: Timestamp?
        while let packet = try reader.next() {
            if origin == nil { origin = packet.timestamp }
            guard packet.linkType.isSupported, let link = LinkLayer.decode(packet.data, linkType: packet.linkType),
                  link.etherType == EtherType.ipv4 || link.etherType == EtherType.ipv6,
                  let ip = IPPacket(link.payload), ip.fragment == nil, ip.transportProtocol == 17,
                  let udp = UDPDatagram(ip.payload), DatagramKind(classifying: udp.payload) == .rtp,
                  let rtp = RTPPacket(udp.payload) else { continue }
            let address = Address(source: Endpoint(address: ip.source, port: udp.sourcePort),
                                  destination: Endpoint(address: ip.destination, port: udp.destinationPort), ssrc: rtp.ssrc)
            let slot: Int?
            if let known = slots[address] {
                slot = known
            } else {
                slot = streamIndex[Key(source: address.source.description, destination: address.destination.description, ssrc: hex(rtp.ssrc))]
                slots[address] = slot
            }
            guard let slot else { continue }
            let t = packet.timestamp.milliseconds(since: origin ?? packet.timestamp) / 1000
            states[slot].add(rtp, at: t, clockRate: report.streams[slot].clockRate)
        }
        return report.streams.enumerated().map { i, stream in
            let s = states[i]
            let (bitrate, window) = bitrateSeries(times: s.times, bytes: s.bytes)
            return StreamSeries(ssrc: stream.ssrc, source: stream.source, destination: stream.destination,
                                packets: s.times.count, deltaMs: s.delta, jitterMs: s.jitter,
                                bitrateKbps: bitrate, bitrateWindow: window,
                                losses: missing(extended: s.extended, times: s.times),
                                receivedBeforeFirst: s.extended.first.map { first in s.extended.filter { $0 < first }.count } ?? 0)
        }
    }

    /// Sequence numbers never received, each at the arrival of the first packet past it.
    static func missing(extended: [Int], times: [Double]) -> [ChartPoint] {
        guard var highest = extended.first else { return [] }
        let received = Set(extended)
        var out: [ChartPoint] = []
        for (n, t) in zip(extended, times) where n > highest {
            for gap in (highest + 1)..<n where !received.contains(gap) { out.append(ChartPoint(x: t, y: Double(gap))) }
            highest = n
        }
        return out
    }

    /// RTP bytes per window as kbit/s; about 200 windows over the stream, 100 ms to 10 s each.
    static func bitrateSeries(times: [Double], bytes: [Int]) -> ([ChartPoint], Double) {
        guard let first = times.first, let last = times.last else { return ([], 1) }
        let window = [0.1, 0.25, 0.5, 1, 2, 5, 10].first { (last - first) / $0 <= 200 } ?? 10
        var sums: [Int: Int] = [:]
        for (t, b) in zip(times, bytes) { sums[Int(((t - first) / window).rounded(.down)), default: 0] += b }
        let count = Int(((last - first) / window).rounded(.down)) + 1
        let points = (0..<count).map { i in
            ChartPoint(x: first + Double(i) * window, y: Double(sums[i] ?? 0) * 8 / window / 1000)
        }
        return (points, window)
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits.uppercased()
    }
}
