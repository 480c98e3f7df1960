/// Round-trip times from plain RTCP report blocks, as seen at the capture point.
///
/// RFC 3550 §6.4.1: a report block carries LSR, the middle 32 bits of the NTP timestamp
/// of the last SR its reporter received from the reported source, and DLSR, how long the
/// reporter held that SR before sending the report (units of 1/65536 s). The SR's sender
/// computes its round-trip time as `A − LSR − DLSR`, A being the arrival time of the
/// report on its own NTP clock, the clock LSR was taken from.
///
/// A capture is not the SR's sender, and its clock is not the sender's NTP clock, so A
/// and LSR cannot be subtracted directly: the difference would include the offset between
/// the two clocks and the sender → capture point delay. Instead the LSR is used as a key:
/// the SR whose NTP timestamp's middle 32 bits equal it, sent by the reported SSRC, is
/// looked up among the SRs the capture saw, and its capture time stands in for LSR. Then
///
///     RTT = (capture time of the report) − (capture time of that SR) − DLSR
///
/// with both times on the capture's clock (the same arithmetic as Wireshark's
/// `rtcp.roundtrip-delay`). What this measures is the round trip between the capture
/// point and the reporter: the SR's path from the capture point to the reporter, plus the
/// report's path back, plus whatever the reporter spent beyond the DLSR it stated (its
/// own stack and scheduling). The SR sender's leg up to the capture point is not in it;
/// when the capture is taken on the SR sender's host, it is the sender's RFC 3550 RTT
/// less the sender's own stack delays.
///
/// No RTT is given for a block with LSR 0 (no SR received yet), for one whose SR is not in
/// the capture (it started later, or the SR went another way), or for SRTCP, whose report
/// blocks are encrypted (RFC 3711 §3.4).
public enum RTCPRoundTrip {
    /// The middle 32 bits of a 64-bit NTP timestamp: what LSR echoes (NTP short format).
    public static func middle32(_ ntp: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: ntp >> 16) }

    /// The records with each plain report block's ``ReportBlockRecord/roundTripMs`` and
    /// ``ReportBlockRecord/lastSRFrame`` set where its SR is in the capture. Records are in
    /// capture order; the latest earlier SR with the block's SSRC and LSR is used.
    public static func annotate(_ records: [RTCPRecord]) -> [RTCPRecord] {
        struct Key: Hashable { let ssrc: String; let lsr: UInt32 }
        var sent: [Key: (time: Double, frame: Int)] = [:]
        var out = records
        for r in out.indices where !out[r].encrypted {
            let time = out[r].time
            for p in out[r].packets.indices {
                guard var blocks = out[r].packets[p].reports else { continue }
                for b in blocks.indices where blocks[b].lastSR != 0 {
                    guard let sr = sent[Key(ssrc: blocks[b].ssrc, lsr: blocks[b].lastSR)], sr.time <= time else { continue }
                    let rtt = (time - sr.time - Double(blocks[b].delaySinceLastSR) / 65536) * 1000
                    blocks[b].roundTripMs = rtt
                    blocks[b].lastSRFrame = sr.frame
                }
                out[r].packets[p].reports = blocks
            }
            // SRs register after the blocks: a report never refers to an SR of its own datagram.
            for packet in out[r].packets where packet.type == "SR" {
                guard let ssrc = packet.ssrc, let ntp = packet.ntpTimestamp else { continue }
                sent[Key(ssrc: ssrc, lsr: middle32(ntp))] = (time, out[r].frame)
            }
        }
        return out
    }

    /// One report block, flattened per reporter for charts and tables.
    public struct Sample: Sendable, Hashable {
        /// Seconds from the capture's first frame.
        public let time: Double
        public let frame: Int
        /// `SR` or `RR`: the packet that carried the block.
        public let type: String
        /// The SSRC of the SR/RR that carried the block (the reporter).
        public let reporter: String
        /// The SSRC the block reports on.
        public let source: String
        /// Where the report was sent from and to.
        public let from: String
        public let to: String
        public let fractionLost: Double
        public let cumulativeLost: Int
        /// Interarrival jitter in timestamp units.
        public let jitter: UInt32
        public let lastSR: UInt32
        /// Units of 1/65536 s.
        public let delaySinceLastSR: UInt32
        public let roundTripMs: Double?
        /// LSR 0: the reporter had not received an SR from the source yet.
        public let noSenderReportYet: Bool
    }

    /// Every plain report block of the report, in capture order.
    public static func samples(_ report: CaptureReport) -> [Sample] {
        var out: [Sample] = []
        for record in report.rtcp where !record.encrypted {
            for p in record.packets {
                for b in p.reports ?? [] {
                    out.append(Sample(time: record.time, frame: record.frame, type: p.type, reporter: p.ssrc ?? "?", source: b.ssrc,
                                      from: record.source, to: record.destination, fractionLost: b.fractionLost,
                                      cumulativeLost: b.cumulativeLost, jitter: b.jitter, lastSR: b.lastSR,
                                      delaySinceLastSR: b.delaySinceLastSR, roundTripMs: b.roundTripMs, noSenderReportYet: b.lastSR == 0))
                }
            }
        }
        return out
    }
}
