import Foundation
import ReportTestSupport
import Testing

/// `rtpdump --report`: RTCP round-trip time and loss per reporter (checked against tshark
/// and the JSON of the same run), and the `a=fingerprint` verdict written on the DTLS ladder.
@Suite("HTMLReport: RTCP RTT per reporter, fingerprint verdict on the ladder", .serialized)
struct CaptureRTCPAndFingerprintHTMLTests {
    static let fixtures = "Tests/CaptureTests/Fixtures/"

    /// `rtpdump ARGS --format json` and `rtpdump ARGS --report FILE`: the first file's JSON and the page.
    static func rtpdump(_ arguments: [String]) throws -> (json: [String: Any], html: XMLCheck, text: String) {
        let json = try Support.run(Support.product("rtpdump"), arguments + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let file = (object["files"] as? [[String: Any]])?.first ?? object
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rtpdump-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try Support.run(Support.product("rtpdump"), arguments + ["--report", out.path])
        let text = try String(contentsOf: out, encoding: .utf8)
        let html = try #require(XMLCheck.parse(text), "report not well-formed")
        return (file, html, text)
    }

    @Test("RTT per reporter: one chart per reporter with every block that has an RTT, table values equal the JSON, within tshark's whole-ms arithmetic")
    func roundTrip() throws {
        let capture = Self.fixtures + "pcmu-rtcp-rtt.pcapng"
        let (json, html, _) = try Self.rtpdump([capture])
        var blocks: [(frame: Int, reporter: String, source: String, rtt: Double?)] = []
        for record in json["rtcp"] as? [[String: Any]] ?? [] {
            for packet in record["packets"] as? [[String: Any]] ?? [] {
                for block in packet["reports"] as? [[String: Any]] ?? [] {
                    blocks.append((record["frame"] as? Int ?? -1, packet["ssrc"] as? String ?? "?", block["ssrc"] as? String ?? "?",
                                   block["roundTripMs"] as? Double))
                }
            }
        }
        let withRTT = blocks.filter { $0.rtt != nil }
        #expect(withRTT.count >= 8)
        // tshark's own pairing of RR and SR (whole milliseconds).
        let tshark = try Support.run(URL(fileURLWithPath: "/usr/bin/tshark"),
                                     ["-r", capture, "-o", "rtcp.show_roundtrip_calculation:TRUE", "-Y", "rtcp.roundtrip-delay",
                                      "-T", "fields", "-e", "frame.number", "-e", "rtcp.roundtrip-delay"])
        let oracle = Dictionary(uniqueKeysWithValues: tshark.stdout.split(separator: "\n").compactMap { line -> (Int, Double)? in
            let f = line.split(separator: "\t")
            guard f.count == 2, let frame = Int(f[0]), let ms = Double(f[1]) else { return nil }
            return (frame, ms)
        })
        #expect(Set(oracle.keys) == Set(withRTT.map(\.frame)))
        // tshark's whole-ms arithmetic is within 2 ms of the exact value (see RTCPRoundTripTests).
        for b in withRTT { #expect(abs((b.rtt ?? .nan) - (oracle[b.frame] ?? .nan)) < 2, "frame \(b.frame)") }

        // One RTT chart per reporter/source pair, its series holding every block with an RTT.
        let reporters = Set(withRTT.map { "\($0.reporter) \($0.source)" })
        let headings = html.all("h3").filter { $0.attributes["data-reporter"] != nil }
        #expect(Set(headings.map { "\($0.attributes["data-reporter"] ?? "") \($0.attributes["data-source"] ?? "")" }) == Set(blocks.map { "\($0.reporter) \($0.source)" }))
        let rttSeries = html.all("path", class: "series").filter { ($0.attributes["data-name"] ?? "").hasPrefix("RTT") }
        #expect(rttSeries.count == reporters.count)
        for series in rttSeries {
            // The title counts the samples before decimation.
            #expect(series.text.hasSuffix(": \(withRTT.count) samples") || reporters.count > 1, "\(series.text)")
        }
        // Loss series per reporter: fraction lost and cumulative lost.
        #expect(html.all("path", class: "series").filter { $0.attributes["data-name"] == "cumulative lost" }.count == headings.count)

        // The table's RTT column, in frame order, equals the JSON's values.
        let table = try #require(html.all("table", class: "rtcp").first)
        let rows = html.descendants(of: table, "tr").dropFirst()
        #expect(rows.count == blocks.count)
        for (row, block) in zip(rows, blocks) {
            let cells = html.descendants(of: row, "td").map(\.text)
            #expect(cells.count == 11)
            #expect(cells.dropFirst().first == String(block.frame))
            if let rtt = block.rtt {
                #expect(abs((Double(cells.last ?? "") ?? .nan) - rtt) <= 0.005 + 1e-9, "frame \(block.frame): \(cells.last ?? "")")
            } else {
                #expect(cells.last?.hasPrefix("–") == true)
            }
        }
    }

    @Test("SRTCP: the report says its report blocks are encrypted and draws no RTT or loss")
    func srtcp() throws {
        let (json, html, text) = try Self.rtpdump([Self.fixtures + "webrtc.pcapng"])
        #expect((json["rtcp"] as? [[String: Any]] ?? []).allSatisfy { $0["encrypted"] as? Bool == true })
        #expect(text.contains("report blocks (loss, jitter, LSR/DLSR for RTT) are encrypted"))
        #expect(html.all("path", class: "series").allSatisfy { !($0.attributes["data-name"] ?? "").hasPrefix("RTT") })
        #expect(html.all("h3").allSatisfy { $0.attributes["data-reporter"] == nil })
    }

    /// A session with the SDPs of its own peers (every certificate matches) and with the SDPs
    /// of another session (none does).
    static let sdpCases: [(capture: String, offer: String, answer: String, matches: Bool)] = [
        ("webrtc.pcapng", "webrtc-offer.sdp", "webrtc-answer.sdp", true),
        ("webrtc.pcapng", "webrtc-both-active-offer.sdp", "webrtc-both-active-answer.sdp", false),
    ]

    @Test("fingerprint verdict: one annotation per certificate with a verdict, on its Certificate arrow, ✓/✗ and the SDP line as in the JSON",
          arguments: [0, 1])
    func fingerprintVerdict(_ index: Int) throws {
        let c = Self.sdpCases[index]
        let (json, html, _) = try Self.rtpdump([Self.fixtures + c.capture, "--sdp", Self.fixtures + c.offer, "--sdp", Self.fixtures + c.answer])
        let certificates = (json["dtls"] as? [[String: Any]] ?? []).flatMap { $0["certificates"] as? [[String: Any]] ?? [] }
        let verdicts = certificates.compactMap { $0["sdpVerdict"] as? [String: Any] }
        #expect(!verdicts.isEmpty)
        #expect(verdicts.allSatisfy { $0["matches"] as? Bool == c.matches })
        let annotations = html.all("text", class: "annotation")
        #expect(annotations.count == verdicts.count)
        let ladder = try #require(html.all("svg").first { ($0.attributes["class"] ?? "").contains("ladder") })
        let arrows = html.descendants(of: ladder, "g", class: "arrow")
        for (annotation, verdict) in zip(annotations, verdicts) {
            let i = try #require(Int(annotation.attributes["data-arrow"] ?? ""))
            let arrow = arrows.indices.contains(i) ? arrows[i] : nil
            #expect(arrow?.attributes["data-label"] == "Certificate")
            #expect(annotation.hasClass(c.matches ? "good" : "bad"))
            #expect(annotation.text.hasPrefix(c.matches ? "✓ matches" : "✗ mismatch"), "\(annotation.text)")
            let file = (verdict["sdpFile"] as? String ?? "").split(separator: "/").last.map(String.init) ?? ""
            #expect(annotation.text.contains("\(file):\(verdict["line"] as? Int ?? -1)"), "\(annotation.text)")
            if !c.matches {
                // The expected digest's start, as the SDP line writes it.
                #expect(annotation.text.contains(String((verdict["expected"] as? String ?? "").prefix(20))), "\(annotation.text)")
            }
        }
        // The certificate table has the full verdict.
        let table = try #require(html.all("table", class: "certificates").first)
        #expect(html.descendants(of: table, "td", class: c.matches ? "verdict-ok" : "verdict-bad").count == verdicts.count)
    }

    @Test("without --sdp the ladder has no verdict")
    func noSDP() throws {
        let (_, html, _) = try Self.rtpdump([Self.fixtures + "webrtc.pcapng"])
        #expect(html.all("text", class: "annotation").isEmpty)
        #expect(!html.all("g", class: "arrow").isEmpty)
    }
}
