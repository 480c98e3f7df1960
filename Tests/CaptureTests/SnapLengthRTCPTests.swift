import Capture
import Foundation
import Testing

/// RTCP datagrams cut by the snap length are reported as cut, not mistaken for SRTCP (whose
/// compound packet also fails to fill its datagram).
@Suite("RTCP cut by the snap length")
struct SnapLengthRTCPTests {
    @Test("editcap -s 60 on a real plain-RTCP capture: every RTCP record is cut, none SRTCP, first type and SSRC as uncut")
    func cutIsNotEncrypted() throws {
        let original = Oracle.fixture("pcmu-rtcp.pcapng")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("snap-rtcp-\(UUID().uuidString).pcapng").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try Oracle.run("/usr/bin/editcap", ["-s", "60", original, path])
        let full = try CaptureAnalyzer.analyze(path: original, options: AnalysisOptions())
        let cut = try CaptureAnalyzer.analyze(path: path, options: AnalysisOptions())
        #expect(!full.rtcp.isEmpty && full.rtcp.allSatisfy { !$0.encrypted && !$0.cutBySnapLength })
        #expect(cut.rtcp.map(\.frame) == full.rtcp.map(\.frame))
        // 60 bytes leave 18 of RTCP after Ethernet, IPv4 and UDP: no SR or RR fits whole.
        #expect(cut.rtcp.allSatisfy { $0.cutBySnapLength && !$0.encrypted && $0.srtcpIndex == nil })
        for (c, f) in zip(cut.rtcp, full.rtcp) {
            #expect(c.packets.first?.type == f.packets.first?.type)
            #expect(c.packets.first?.ssrc == f.packets.first?.ssrc)
        }
        #expect(cut.findings.contains { $0.id == "CAP-002" })
    }
}
