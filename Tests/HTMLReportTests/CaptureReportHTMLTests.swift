import Capture
import Charts
import Foundation
import HTMLReport
import ReportTestSupport
import Testing

@Suite("HTMLReport: rtpdump capture report", .serialized)
struct CaptureReportHTMLTests {
    static let fixtures = Support.packageRoot.appendingPathComponent("Tests/CaptureTests/Fixtures")
    /// Real captures of the capture engineer's fixtures (GStreamer on loopback; netem loss and
    /// reordering in pcmu-impaired; a full webrtcbin session with DTLS in webrtc.pcapng).
    static let rtpCaptures = ["pcmu-impaired.pcap", "pcmu-rtcp.pcapng", "webrtc.pcapng", "vp8-sll.pcap"]
    /// Also a failed session: both peers sent a ClientHello, with DTLS alerts and no media.
    static let captures = rtpCaptures + ["webrtc-both-active.pcapng"]

    static func analyze(_ name: String) throws -> (CaptureReport, [StreamSeries]) {
        var options = AnalysisOptions()
        options.clockRates = [111: 48000, 96: 90000, 97: 90000]
        let path = fixtures.appendingPathComponent(name).path
        let report = try CaptureAnalyzer.analyze(path: path, options: options)
        return (report, try StreamSeries.collect(path: path, report: report))
    }

    @Test("each stream's series covers exactly its packets; losses and jitter agree with the capture statistics", arguments: rtpCaptures)
    func seriesMatchReport(name: String) throws {
        let (report, series) = try Self.analyze(name)
        #expect(!report.streams.isEmpty, "\(name) has RTP streams")
        #expect(series.count == report.streams.count)
        for (stream, s) in zip(report.streams, series) {
            #expect(s.packets == stream.packets, "\(name) \(stream.ssrc)")
            #expect(s.deltaMs.count == stream.packets - 1)
            // Exactly the A.3 count, except that packets reordered ahead of the first one make
            // the base of the count ambiguous (rtpdump re-bases on them or not, by arrival pattern).
            if stream.duplicates == 0 {
                #expect(abs(s.losses.count - stream.lost) <= s.receivedBeforeFirst, "\(name) \(stream.ssrc): \(s.losses.count) vs \(stream.lost)")
            }
            if stream.clockRate > 0 {
                let maxJitter = try #require(s.jitterMs.map(\.y).max())
                #expect(abs(maxJitter - stream.rfc3550MaxJitterMs) <= max(1e-6, stream.rfc3550MaxJitterMs * 1e-6),
                        "\(name) \(stream.ssrc): \(maxJitter) vs \(stream.rfc3550MaxJitterMs)")
            }
            let bytes = s.bitrateKbps.reduce(0) { $0 + $1.y * 1000 * s.bitrateWindow / 8 }
            #expect(abs(bytes - Double(stream.bytes)) < 1, "\(name) \(stream.ssrc): \(bytes) vs \(stream.bytes) bytes")
        }
        #expect(report.streams.contains { $0.lost > 0 } || name != "pcmu-impaired.pcap")
    }

    @Test("the report is well-formed: one chart per measure per stream, lost packets counted, one ladder arrow per handshake message and alert",
          arguments: captures)
    func page(name: String) throws {
        let (report, series) = try Self.analyze(name)
        let html = CaptureReportHTML.page([(report, series)], generator: "test").render()
        let doc = try #require(XMLCheck.parse(html), "\(name): not well-formed")
        #expect(doc.all("h3").filter { $0.attributes["data-stream"] != nil }.map { $0.attributes["data-stream"] ?? "" }
                == report.streams.map(\.ssrc))
        let charts = doc.all("svg").filter { ($0.attributes["class"] ?? "") == "chart" }
        // Per stream jitter (with a clock rate), delta, bitrate; per RTCP reporter and source
        // fraction lost, cumulative lost, and RTT when a block has one.
        let reporters = Dictionary(grouping: RTCPRoundTrip.samples(report)) { "\($0.reporter) \($0.source)" }
        let expected = report.streams.reduce(0) { $0 + ($1.clockRate > 0 ? 3 : 2) }
            + reporters.values.reduce(0) { $0 + ($1.contains { $0.roundTripMs != nil } ? 3 : 2) }
        #expect(charts.count == expected)
        #expect(doc.all("path", class: "series").count == expected)
        for (stream, s) in zip(report.streams, series) {
            let lossPaths = doc.all("path", class: "markers").filter { $0.attributes["data-name"] == "missing sequence numbers" }
            #expect(lossPaths.count >= (stream.clockRate > 0 ? 3 : 2))
            #expect(html.contains("missing sequence numbers (\(s.losses.count))"))
        }
        // The ICE timeline: every STUN request, response and indication of the capture, once.
        let stunEvents = doc.all("path", class: "events").reduce(0) { $0 + (Int($1.attributes["data-count"] ?? "") ?? 0) }
        #expect(stunEvents == report.stun.count, "\(name)")
        #expect(doc.all("g", class: "row").count == Set(report.stun.map { r in
            r.class == "success" || r.class == "error" ? "\(r.destination)>\(r.source)" : "\(r.source)>\(r.destination)" }).count)
        let ladders = doc.all("svg").filter { ($0.attributes["class"] ?? "").contains("ladder") }
        #expect(ladders.count == report.dtls.count)
        let arrows = doc.all("g", class: "arrow")
        if name == "webrtc-both-active.pcapng" { #expect(arrows.contains { ($0.attributes["class"] ?? "").contains("alert") }) }
        #expect(arrows.count == report.dtls.reduce(0) { $0 + $1.handshake.count + $1.alerts.count })
        #expect(arrows.filter { ($0.attributes["class"] ?? "").contains("alert") }.count == report.dtls.reduce(0) { $0 + $1.alerts.count })
        let labels = arrows.filter { !($0.attributes["class"] ?? "").contains("alert") }.map { $0.attributes["data-label"] ?? "" }
        #expect(labels == report.dtls.flatMap { $0.handshake.sorted { $0.frame < $1.frame }.map(\.type) })
    }

    @Test("the drawn jitter chart keeps the series' exact extremes")
    func drawnExtremes() throws {
        let (report, series) = try Self.analyze("pcmu-impaired.pcap")
        let s = try #require(series.first)
        let chart = TimeChart(title: "j", xAxis: ChartAxis("t", unit: "s"), yAxis: ChartAxis("jitter", unit: "ms"),
                              series: [ChartSeries(name: "jitter", points: s.jitterMs)],
                              width: 64 + 18 + Double(max(1, s.jitterMs.count / 4)))  // about 4 samples per pixel column
        let drawn = chart.drawnSeries[0].points
        #expect(drawn.count < s.jitterMs.count)
        #expect(drawn.map(\.y).max() == s.jitterMs.map(\.y).max())
        #expect(drawn.map(\.y).min() == s.jitterMs.map(\.y).min())
        #expect(report.streams[0].clockRate == 8000)
    }

    @Test("rtpdump --report writes the report (same exit status), which renders in Chromium")
    func rtpdumpReport() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rtpdump-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: out) }
        let capture = "Tests/CaptureTests/Fixtures/webrtc.pcapng"
        let plain = try Support.run(Support.product("rtpdump"), [capture])
        let run = try Support.run(Support.product("rtpdump"), ["--clock-rate", "111=48000", "--report", out.path, capture])
        #expect(run.status == plain.status, "\(run.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        let doc = try #require(XMLCheck.parse(html))
        #expect(doc.all("g", class: "arrow").count > 5)
        #expect(Support.chromiumInstalled, "chromium is needed (scripts/setup installs it)")
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("rtpdump-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: png) }
        let check = try Support.renderCheck(html: html, png: png)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
