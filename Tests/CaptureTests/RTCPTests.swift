import Capture
import Foundation
import Testing
import Wire

/// Plain compound RTCP from GStreamer's rtpbin against tshark's decoding of the same frames.
@Suite("RTCP")
struct RTCPTests {
    @Test("SR sender info, report blocks and SDES CNAME equal tshark's fields")
    func senderAndReceiverReports() throws {
        let file = Oracle.fixture("pcmu-rtcp.pcapng")
        let rows = try Oracle.fields(file, ["frame.number", "rtcp.pt", "rtcp.senderssrc", "rtcp.sender.packetcount",
                                            "rtcp.sender.octetcount", "rtcp.ssrc.identifier", "rtcp.ssrc.fraction",
                                            "rtcp.ssrc.cum_nr", "rtcp.ssrc.jitter", "rtcp.ssrc.high_seq", "rtcp.sdes.text"],
                                     filter: "rtcp")
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        #expect(rows.count >= 2)
        #expect(report.rtcp.count == rows.count)
        for (record, row) in zip(report.rtcp, rows) {
            #expect(record.frame == Int(row[0]))
            #expect(!record.encrypted)
            let types = row[1].split(separator: ",").compactMap { UInt8($0) }
            #expect(record.packets.map(\.type) == types.map { ["200": "SR", "201": "RR", "202": "SDES", "203": "BYE"]["\($0)"] ?? "?" })
            let senders = row[2].split(separator: ",").map(String.init)
            #expect(record.packets.compactMap(\.ssrc).prefix(senders.count).map { $0.lowercased() }
                    == senders.map { "0x" + String(repeating: "0", count: max(0, 10 - $0.count)) + $0.dropFirst(2) }.map { $0.lowercased() })
            if let sr = record.packets.first(where: { $0.type == "SR" }) {
                #expect(sr.senderPacketCount.map(String.init) == row[3].split(separator: ",").first.map(String.init))
                #expect(sr.senderOctetCount.map(String.init) == row[4].split(separator: ",").first.map(String.init))
            }
            let blocks = record.packets.flatMap { $0.reports ?? [] }
            // rtcp.ssrc.identifier also lists SDES chunk sources: the report blocks' come first.
            let ids = row[5].split(separator: ",").compactMap { UInt32($0.dropFirst(2), radix: 16) }
            #expect(blocks.map(\.ssrc) == ids.prefix(blocks.count).map { String(format: "0x%08X", $0) })
            #expect(blocks.map { String($0.cumulativeLost) } == row[7].split(separator: ",").map(String.init))
            #expect(blocks.map { String($0.jitter) } == row[8].split(separator: ",").map(String.init))
            #expect(blocks.map { String($0.extendedHighestSequence) } == row[9].split(separator: ",").map(String.init))
            // rtcp.sdes.text lists every SDES item (CNAME, then TOOL …): each CNAME is among them.
            let texts = row[10].split(separator: ",").map(String.init)
            let cnames = record.packets.compactMap(\.cname)
            #expect(!cnames.isEmpty && cnames.allSatisfy(texts.contains))
        }
    }

    @Test("decoding never traps on any prefix or any single-byte corruption of real RTCP")
    func robustness() throws {
        let reader = try CaptureReader(path: Oracle.fixture("pcmu-rtcp.pcapng"))
        var seen = 0
        while let packet = try reader.next() {
            guard let link = LinkLayer.decode(packet.data, linkType: packet.linkType), let ip = IPPacket(link.payload),
                  let udp = UDPDatagram(ip.payload), DatagramKind(classifying: udp.payload) == .rtcp else { continue }
            seen += 1
            let bytes = Array(udp.payload)
            for i in bytes.indices {
                var corrupt = bytes
                corrupt[i] ^= 0xFF
                _ = RTCPCompound.decode(corrupt[...])
                _ = RTCPCompound.decode(bytes[..<i])
            }
        }
        #expect(seen >= 2)
    }
}
