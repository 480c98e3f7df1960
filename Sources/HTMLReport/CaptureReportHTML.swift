import Capture
import Charts
import Diagnostics
import Plot

/// `rtpdump capture.pcap --report out.html`: per RTP stream, charts over capture time of
/// jitter, inter-arrival delta and bitrate with sequence gaps and RTCP feedback
/// (NACK/PLI/FIR) marked; RTCP report blocks per reporter where RTCP is plain; the DTLS
/// handshake ladder; the streams, ICE check and DTLS tables of the text output.
public enum CaptureReportHTML {
    /// A page for the reports of one `rtpdump` run (one section per capture file).
    public static func page(_ captures: [(report: CaptureReport, series: [StreamSeries])], generator: String) -> ReportPage {
        var content: [Node<HTML.BodyContext>] = []
        for capture in captures {
            if captures.count > 1 { content.append(.h2(.plain(capture.report.file))) }
            content.append(contentsOf: section(capture.report, series: capture.series))
        }
        let reports = captures.map(\.report)
        let findings = reports.flatMap(\.findings)
        let summary = [
            SummaryItem("files", reports.map(\.file).joined(separator: ", ")),
            SummaryItem("frames", reports.map { "\($0.frames)" }.joined(separator: ", ")),
            SummaryItem("duration", reports.map { "\(seconds($0.durationSeconds)) s" }.joined(separator: ", ")),
            SummaryItem("RTP streams", "\(reports.reduce(0) { $0 + $1.streams.count })"),
            SummaryItem("findings", FindingHTML.counts(findings)),
        ]
        return ReportPage(title: "rtpdump: capture report", subtitle: reports.map(\.file).joined(separator: ", "),
                          summary: summary, content: content, generator: generator)
    }

    static func section(_ report: CaptureReport, series: [StreamSeries]) -> [Node<HTML.BodyContext>] {
        var out: [Node<HTML.BodyContext>] = []
        if let error = report.error {
            out.append(.p(.plain("Unusable input (\(error.code)): \(error.reason) at \(error.location)")))
        }
        out.append(.h2(.plain("Findings (\(report.findings.count))")))
        out.append(FindingHTML.list(report.findings))

        out.append(.h2(.plain("RTP streams")))
        if report.streams.isEmpty { out.append(.p(.plain("No RTP streams in the capture."))) }
        out.append(report.streams.isEmpty ? .empty : DataTable(
            header: ["SSRC", "source", "destination", "PT", "packets", "lost", "max delta (ms)", "max jitter (ms)", "RFC 3550 jitter (ms)", "mean bitrate (kbit/s)", "duration (s)"],
            rows: report.streams.map { s in
                [.init(s.ssrc), .init(s.source), .init(s.destination), .number(s.payloadType), .number(s.packets),
                 .init("\(s.lost) (\(fixed(s.lostPercent, 1)) %)", class: "num"), .init(fixed(s.maxDeltaMs, 2), class: "num"),
                 .init(fixed(s.maxJitterMs, 2), class: "num"), .init(fixed(s.rfc3550JitterMs, 2), class: "num"),
                 .init(fixed(s.meanBitrate / 1000, 1), class: "num"), .init(seconds(s.durationSeconds), class: "num")]
            }, className: "data streams").node)

        let feedback = feedbackEvents(report)
        for (stream, s) in zip(report.streams, series) {
            out.append(.h3(.attr("data-stream", stream.ssrc),
                           .plain("SSRC \(stream.ssrc) · PT \(stream.payloadType) · \(stream.source) → \(stream.destination)")))
            out.append(contentsOf: charts(stream, s, feedback: feedback))
        }

        out.append(.h2(.plain("RTCP reports")))
        out.append(contentsOf: rtcpTables(report))

        out.append(.h2(.plain("ICE connectivity checks")))
        if let timeline = iceTimeline(report) { out.append(.svg(timeline.svg())) }
        out.append(report.iceChecks.isEmpty ? .p(.plain("No STUN binding requests in the capture.")) : DataTable(
            header: ["local", "remote", "role", "requests", "successes", "errors", "nominated", "RTT min/mean/max (ms)", "first frame"],
            rows: report.iceChecks.map { c in
                let rtt = [c.minRttMs, c.meanRttMs, c.maxRttMs].map { $0.map { fixed($0, 2) } ?? "–" }.joined(separator: " / ")
                return [.init(c.local), .init(c.remote), .init(c.role), .number(c.requests), .number(c.successes),
                        .number(c.errors), .init(c.nominated ? "yes" : "no"), .init(rtt, class: "num"), .number(c.firstFrame)]
            }, className: "data ice").node)

        out.append(.h2(.plain("DTLS handshakes")))
        if report.dtls.isEmpty { out.append(.p(.plain("No DTLS in the capture."))) }
        for session in report.dtls {
            out.append(DataTable(
                header: ["client", "server", "version", "cipher suite", "SRTP profile", "completed", "alerts"],
                rows: [[.init(session.client ?? "?"), .init(session.server ?? "?"), .init(session.version ?? "–"),
                        .init(session.cipherSuite ?? "–"), .init(session.srtpProfile ?? "–"),
                        .init(session.completed ? "yes" : "no"), .number(session.alerts.count)]],
                className: "data dtls").node)
            let diagram = ladder(session)
            out.append(.svg(diagram.svg(annotations: fingerprintAnnotations(session, ladder: diagram))))
            if !session.certificates.isEmpty {
                out.append(DataTable(header: ["frame", "sender", "certificate SHA-256", "signalled a=fingerprint"],
                                     rows: session.certificates.map {
                                         [.number($0.frame), .init($0.sender), .init($0.certificateSha256),
                                          .init(verdictText($0, short: false), class: $0.sdpVerdict.map { $0.matches ? "verdict-ok" : "verdict-bad" })]
                                     },
                                     className: "data certificates").node)
            }
        }
        return out
    }

    /// One arrow per handshake message and per alert, in frame order.
    public static func ladder(_ session: DTLSSessionReport) -> LadderDiagram {
        let client = session.client ?? "client", server = session.server ?? "server"
        func lane(_ sender: String) -> (Int, Int) { sender == server ? (1, 0) : (0, 1) }
        var arrows: [(frame: Int, order: Int, arrow: LadderDiagram.Arrow)] = []
        for (i, h) in session.handshake.enumerated() {
            let (from, to) = lane(h.sender)
            arrows.append((h.frame, i, .init(from: from, to: to, label: h.type, note: "#\(h.frame)")))
        }
        for (i, a) in session.alerts.enumerated() {
            let (from, to) = lane(a.sender)
            arrows.append((a.frame, session.handshake.count + i,
                           .init(from: from, to: to, label: "alert \(a.level) \(a.description ?? "")", note: "#\(a.frame)", kind: .alert)))
        }
        arrows.sort { ($0.frame, $0.order) < ($1.frame, $1.order) }
        return LadderDiagram(title: "DTLS handshake", lanes: ["client \(client)", "server \(server)"], arrows: arrows.map(\.arrow))
    }

    /// The fingerprint verdict of each certificate that has one (`rtpdump --sdp`), written on
    /// the ladder beside the Certificate arrow that carried it.
    public static func fingerprintAnnotations(_ session: DTLSSessionReport, ladder: LadderDiagram) -> [LadderAnnotation] {
        let server = session.server ?? "server"
        return session.certificates.compactMap { cert -> LadderAnnotation? in
            guard let verdict = cert.sdpVerdict else { return nil }
            let from = cert.sender == server ? 1 : 0
            guard let index = ladder.arrows.firstIndex(where: { $0.label == "Certificate" && $0.note == "#\(cert.frame)" && $0.from == from })
            else { return nil }
            return LadderAnnotation(arrow: index, text: verdictText(cert, short: true), tone: verdict.matches ? .good : .bad)
        }
    }

    /// `✓ matches a=fingerprint at offer.sdp:12` / `✗ mismatch: a=fingerprint at offer.sdp:12
    /// expects sha-256 AB:CD:…`; `–` without `--sdp`. `short` names the file without its
    /// folder and cuts the digest after four bytes (the table has it whole).
    static func verdictText(_ cert: DTLSCertificateRecord, short: Bool) -> String {
        guard let v = cert.sdpVerdict else { return cert.index == 0 ? "– (no --sdp)" : "– (chain certificate)" }
        let file = short ? (v.sdpFile.split(separator: "/").last.map(String.init) ?? v.sdpFile) : v.sdpFile
        if v.matches { return "✓ matches a=fingerprint at \(file):\(v.line)" }
        let expected = short && v.expected.count > 20 ? String(v.expected.prefix(20)) + "…" : v.expected
        return "✗ mismatch: a=fingerprint at \(file):\(v.line) expects \(expected)"
    }

    /// One row per checking direction (requests from `source` to `destination`, and the
    /// responses to them), events at their capture time.
    public static func iceTimeline(_ report: CaptureReport) -> EventTimeline? {
        let kinds = [EventTimeline.Kind("request", shape: .triangleUp), .init("success response", shape: .circle),
                     .init("error response", shape: .cross), .init("indication", shape: .square)]
        let index = ["request": 0, "success": 1, "error": 2, "indication": 3]
        var order: [String] = []
        var events: [String: [(time: Double, kind: Int)]] = [:]
        for r in report.stun {
            guard let kind = index[r.class] else { continue }
            let response = kind == 1 || kind == 2
            let label = response ? "\(r.destination) → \(r.source)" : "\(r.source) → \(r.destination)"
            if events[label] == nil { order.append(label) }
            events[label, default: []].append((r.time, kind))
        }
        guard !order.isEmpty else { return nil }
        return EventTimeline(title: "STUN connectivity checks per direction (checking agent → checked address)",
                             xAxis: ChartAxis("capture time", unit: "s"), kinds: kinds,
                             rows: order.map { EventTimeline.Row(label: $0, events: events[$0] ?? []) })
    }

    /// RTCP feedback by the endpoint it was sent from and to: NACK, PLI, FIR with their times.
    struct FeedbackEvent { let source: String, destination: String, kind: String, time: Double }

    static func feedbackEvents(_ report: CaptureReport) -> [FeedbackEvent] {
        report.rtcp.flatMap { record in
            record.packets.compactMap { p -> FeedbackEvent? in
                guard let f = p.feedback, let kind = ["NACK", "PLI", "FIR"].first(where: { f.hasPrefix($0) }) else { return nil }
                return FeedbackEvent(source: record.source, destination: record.destination, kind: kind, time: record.time)
            }
        }
    }

    static func charts(_ stream: RTPStreamReport, _ s: StreamSeries, feedback: [FeedbackEvent]) -> [Node<HTML.BodyContext>] {
        let time = ChartAxis("capture time", unit: "s")
        let lossMarks = ChartMarkers(name: "missing sequence numbers", times: s.losses.map(\.x), shape: .triangleDown)
        // Feedback about this stream travels back from its receiver to its sender.
        let back = feedback.filter { $0.source == stream.destination || $0.destination == stream.source }
        let feedbackMarks = [("NACK", ChartMarkers.Shape.circle), ("PLI", .square), ("FIR", .diamond)].compactMap { kind, shape -> ChartMarkers? in
            let times = back.filter { $0.kind == kind }.map(\.time)
            return times.isEmpty ? nil : ChartMarkers(name: kind, times: times, shape: shape)
        }
        var out: [Node<HTML.BodyContext>] = []
        if stream.clockRate > 0 {
            out.append(.svg(TimeChart(
                title: "Interarrival jitter (RFC 3550 A.8, clock \(stream.clockRate) Hz)", xAxis: time, yAxis: ChartAxis("jitter", unit: "ms"),
                series: [ChartSeries(name: "jitter", points: s.jitterMs)], markers: [lossMarks] + feedbackMarks).svg()))
        } else {
            out.append(.p(.plain("No jitter chart: payload type \(stream.payloadType) has no known clock rate (give --clock-rate \(stream.payloadType)=HZ).")))
        }
        out.append(.svg(TimeChart(
            title: "Inter-arrival delta", xAxis: time, yAxis: ChartAxis("delta", unit: "ms"),
            series: [ChartSeries(name: "delta to previous packet", points: s.deltaMs)], markers: [lossMarks]).svg()))
        out.append(.svg(TimeChart(
            title: "Bitrate (RTP bytes per \(fixed(s.bitrateWindow * 1000, 0)) ms window)", xAxis: time, yAxis: ChartAxis("bitrate", unit: "kbit/s"),
            series: [ChartSeries(name: "bitrate", points: s.bitrateKbps, interpolation: .step)], markers: [lossMarks] + feedbackMarks).svg()))
        return out
    }

    /// Report-block rows listed (a long capture has thousands; the JSON output has them all).
    public static let shownReportBlocks = 300

    static func rtcpTables(_ report: CaptureReport) -> [Node<HTML.BodyContext>] {
        guard !report.rtcp.isEmpty else { return [.p(.plain("No RTCP in the capture."))] }
        var out: [Node<HTML.BodyContext>] = []
        let encrypted = report.rtcp.filter(\.encrypted).count
        if encrypted > 0 {
            out.append(.p(.plain("\(encrypted) of \(report.rtcp.count) RTCP packets are SRTCP: their report blocks (loss, jitter, LSR/DLSR for RTT) are encrypted and cannot be read from the capture, so no loss or round-trip time is shown for them; only the first packet's type and sender SSRC are in the clear (RFC 3711 §3.4).")))
        }
        let samples = RTCPRoundTrip.samples(report)
        if samples.isEmpty {
            out.append(.p(.plain("No plain RTCP report blocks.")))
            return out
        }
        out.append(.p(.plain("Round-trip time at the capture point (RFC 3550 §6.4.1): the arrival of a report block minus the capture time of the SR its LSR refers to (found among the SRs in the capture: same SSRC, NTP timestamp's middle 32 bits = LSR) minus its DLSR. That is the round trip between the capture point and the reporter — the SR's way from the capture point to the reporter, the report's way back, and any time the reporter held the report beyond its DLSR — not the SR sender's own leg to the capture point. On the SR sender's host it is the sender's RTT. Using the SR's capture time instead of LSR's clock value means the capture's clock and the sender's NTP clock need not agree. No RTT for LSR 0 (no SR received yet) or an SR not in the capture.")))
        out.append(contentsOf: reporterCharts(samples))
        let rows: [[DataTable.Cell]] = samples.prefix(shownReportBlocks).map { b in
            [.init(seconds(b.time), class: "num"), .number(b.frame), .init(b.type), .init(b.reporter), .init(b.source),
             .init("\(fixed(b.fractionLost * 100, 1)) %", class: "num"), .number(b.cumulativeLost), .number(b.jitter),
             .init(b.lastSR == 0 ? "–" : String(b.lastSR), class: "num"),
             .init(fixed(Double(b.delaySinceLastSR) / 65536 * 1000, 1), class: "num"),
             .init(b.roundTripMs.map { fixed($0, 2) } ?? (b.noSenderReportYet ? "– (LSR 0)" : "– (SR not captured)"), class: "num")]
        }
        out.append(DataTable(header: ["time (s)", "frame", "type", "reporter SSRC", "about SSRC", "fraction lost", "cumulative lost",
                                      "jitter (ts units)", "LSR", "DLSR (ms)", "RTT (ms)"],
                             rows: rows, className: "data rtcp").node)
        if samples.count > shownReportBlocks {
            out.append(.p(.plain("… \(samples.count - shownReportBlocks) more report blocks (rtpdump --format json lists them all).")))
        }
        return out
    }

    /// A report's fraction lost covers the interval since the reporter's previous report
    /// (RFC 3550 §6.4.1), so each value is drawn from the previous report's time to its own.
    /// The first report's interval began before the capture: its value is only in the table.
    static func intervalSteps(_ group: [RTCPRoundTrip.Sample]) -> [ChartPoint] {
        guard group.count > 1, let last = group.last else { return group.map { ChartPoint(x: $0.time, y: $0.fractionLost * 100) } }
        return zip(group, group.dropFirst()).map { ChartPoint(x: $0.time, y: $1.fractionLost * 100) }
            + [ChartPoint(x: last.time, y: last.fractionLost * 100)]
    }

    /// Per reporter and reported source: RTT over time (when any block has one), then the
    /// loss it reported (fraction lost per report interval, cumulative lost).
    static func reporterCharts(_ samples: [RTCPRoundTrip.Sample]) -> [Node<HTML.BodyContext>] {
        var order: [String] = []
        var groups: [String: [RTCPRoundTrip.Sample]] = [:]
        for s in samples {
            let key = "\(s.reporter) \(s.source)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(s)
        }
        let time = ChartAxis("capture time", unit: "s")
        var out: [Node<HTML.BodyContext>] = []
        for key in order {
            guard let group = groups[key], let first = group.first else { continue }
            out.append(.h3(.attr("data-reporter", first.reporter), .attr("data-source", first.source),
                           .plain("Reporter SSRC \(first.reporter) about SSRC \(first.source) (\(first.from) → \(first.to))")))
            let rtt = group.compactMap { s in s.roundTripMs.map { ChartPoint(x: s.time, y: $0) } }
            let missing = group.filter { $0.roundTripMs == nil }.map(\.time)
            if rtt.isEmpty {
                out.append(.p(.plain("No round-trip time: \(group.count) report blocks, none refers to an SR in the capture.")))
            } else {
                out.append(.svg(TimeChart(
                    title: "RTCP round-trip time, capture point ⇄ reporter \(first.reporter)", xAxis: time, yAxis: ChartAxis("RTT", unit: "ms"),
                    series: [ChartSeries(name: "RTT (report − its SR − DLSR)", points: rtt)],
                    markers: missing.isEmpty ? [] : [ChartMarkers(name: "block without RTT", times: missing, shape: .cross)],
                    height: 220).svg()))
            }
            out.append(.svg(TimeChart(
                title: "Loss reported by \(first.reporter) about \(first.source)", xAxis: time, yAxis: ChartAxis("fraction lost", unit: "%"),
                series: [ChartSeries(name: "fraction lost since the previous report", points: intervalSteps(group), interpolation: .step)],
                height: 200).svg()))
            out.append(.svg(TimeChart(
                title: "Cumulative packets lost reported by \(first.reporter) about \(first.source)", xAxis: time,
                yAxis: ChartAxis("cumulative lost", unit: "packets"),
                series: [ChartSeries(name: "cumulative lost", points: group.map { ChartPoint(x: $0.time, y: Double($0.cumulativeLost)) },
                                     interpolation: .step)],
                height: 200).svg()))
        }
        return out
    }

    static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let n = Int((abs(v) * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        let sign = v < 0 && n > 0 ? "-" : ""
        if decimals == 0 { return "\(sign)\(whole)" }
        let digits = String(frac)
        return "\(sign)\(whole).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
    }

    static func seconds(_ v: Double) -> String { fixed(v, 3) }
}
