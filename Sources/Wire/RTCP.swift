/// One RTCP report block (RFC 3550 §6.4.1): reception statistics about one source.
public struct RTCPReportBlock: Hashable, Sendable {
    public let ssrc: UInt32
    /// Fraction lost since the previous report, as a fixed-point number /256.
    public let fractionLost: UInt8
    /// Cumulative number of packets lost (signed 24 bits: negative with duplicates).
    public let cumulativeLost: Int32
    public let extendedHighestSequence: UInt32
    /// Interarrival jitter in timestamp units.
    public let jitter: UInt32
    /// Middle 32 bits of the NTP timestamp of the last SR received from this source.
    public let lastSR: UInt32
    /// Delay since that SR, in units of 1/65536 s.
    public let delaySinceLastSR: UInt32

    init?(_ bytes: ArraySlice<UInt8>, at offset: Int) {
        guard let ssrc = bytes.uint32(at: offset), let lossWord = bytes.uint32(at: offset + 4),
              let highest = bytes.uint32(at: offset + 8), let jitter = bytes.uint32(at: offset + 12),
              let lsr = bytes.uint32(at: offset + 16), let dlsr = bytes.uint32(at: offset + 20) else { return nil }
        self.ssrc = ssrc
        self.fractionLost = UInt8(lossWord >> 24)
        // Sign-extend the 24-bit two's complement cumulative count.
        self.cumulativeLost = Int32(bitPattern: lossWord << 8) >> 8
        self.extendedHighestSequence = highest
        self.jitter = jitter
        self.lastSR = lsr
        self.delaySinceLastSR = dlsr
    }
}

/// One packet of a compound RTCP packet (RFC 3550 §6, RFC 4585 §6, RFC 3611).
public struct RTCPPacket: Hashable, Sendable {
    public let packetType: UInt8
    /// The 5-bit count / format field (RC, SC or FMT depending on the type).
    public let count: UInt8
    public let hasPadding: Bool
    /// The packet, header included, as its length field delimits it.
    public let bytes: ArraySlice<UInt8>
    public let body: Body

    public enum Body: Hashable, Sendable {
        /// Sender report (PT 200).
        case senderReport(ssrc: UInt32, ntpTimestamp: UInt64, rtpTimestamp: UInt32,
                          packetCount: UInt32, octetCount: UInt32, reports: [RTCPReportBlock])
        /// Receiver report (PT 201).
        case receiverReport(ssrc: UInt32, reports: [RTCPReportBlock])
        /// Source description (PT 202): per source, the items (type, text).
        case sourceDescription([SDESChunk])
        /// Goodbye (PT 203).
        case bye(ssrcs: [UInt32], reason: String?)
        /// Application-defined (PT 204).
        case app(ssrc: UInt32, name: String)
        /// Transport-layer feedback (PT 205): FMT 1 generic NACK, 15 transport-wide CC.
        case transportFeedback(sender: UInt32, media: UInt32, feedback: TransportFeedback)
        /// Payload-specific feedback (PT 206): FMT 1 PLI, 4 FIR, 15 REMB.
        case payloadFeedback(sender: UInt32, media: UInt32, feedback: PayloadFeedback)
        /// Extended report (PT 207): block types.
        case extendedReport(ssrc: UInt32, blockTypes: [UInt8])
        /// A type this decoder does not interpret.
        case other
    }

    /// The items describing one source in an SDES packet.
    public struct SDESChunk: Hashable, Sendable {
        public let ssrc: UInt32
        public let items: [SDESItem]
    }

    /// An SDES item (RFC 3550 §6.5): CNAME=1, NAME=2, … , MID=12 (RFC 8843), RtpStreamId=13 (RFC 8852).
    public struct SDESItem: Hashable, Sendable {
        public let type: UInt8
        public let text: String
    }

    public enum TransportFeedback: Hashable, Sendable {
        /// Generic NACK (RFC 4585 §6.2.1): lost sequence numbers.
        case nack(lost: [UInt16])
        /// Transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions §3.1).
        case transportWideCC(baseSequence: UInt16, statusCount: UInt16)
        case other(format: UInt8)
    }

    public enum PayloadFeedback: Hashable, Sendable {
        /// Picture loss indication (RFC 4585 §6.3.1).
        case pictureLossIndication
        /// Full intra request (RFC 5104 §4.3.1).
        case fullIntraRequest
        /// Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb), bits per second.
        case remb(bitrate: UInt64, ssrcs: [UInt32])
        case other(format: UInt8)
    }

    public static let senderReportType: UInt8 = 200
    public static let receiverReportType: UInt8 = 201

    /// A short name of the packet type: SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR.
    public var typeName: String {
        switch packetType {
        case 200: "SR"
        case 201: "RR"
        case 202: "SDES"
        case 203: "BYE"
        case 204: "APP"
        case 205: "RTPFB"
        case 206: "PSFB"
        case 207: "XR"
        default: "PT\(packetType)"
        }
    }

    /// The sender SSRC (the first word after the header), present in all standard types.
    public var senderSSRC: UInt32? { bytes.uint32(at: 4) }
}

/// A compound RTCP packet: one or more RTCP packets back to back (RFC 3550 §6.1).
public enum RTCPCompound {
    /// Splits and decodes a compound packet.
    ///
    /// - Returns: `nil` if the first packet's header is invalid (version, length beyond the
    ///   data); later malformed packets end the list early. For SRTCP, pass only the packets
    ///   that are in the clear (see RFC 3711 §3.4).
    public static func decode(_ bytes: ArraySlice<UInt8>) -> [RTCPPacket]? {
        var packets: [RTCPPacket] = []
        var offset = 0
        while offset < bytes.count {
            guard let b0 = bytes.byte(at: offset), b0 >> 6 == 2, let type = bytes.byte(at: offset + 1),
                  let words = bytes.uint16(at: offset + 2),
                  let packet = bytes.bytes(at: offset, count: (Int(words) + 1) * 4)
            else { return packets.isEmpty ? nil : packets }
            packets.append(decodeOne(packet, firstByte: b0, type: type))
            offset += packet.count
        }
        return packets.isEmpty ? nil : packets
    }

    private static func decodeOne(_ p: ArraySlice<UInt8>, firstByte b0: UInt8, type: UInt8) -> RTCPPacket {
        let count = b0 & 0x1F
        let hasPadding = b0 & 0x20 != 0
        // Padding octets at the end do not belong to the body.
        var end = p.count
        if hasPadding, let last = p.byte(at: p.count - 1), Int(last) <= p.count - 4 { end -= Int(last) }
        let p = p.bytes(at: 0, count: end) ?? p
        func reports(at start: Int) -> [RTCPReportBlock] {
            (0..<Int(count)).compactMap { RTCPReportBlock(p, at: start + $0 * 24) }
        }
        let body: RTCPPacket.Body
        switch type {
        case 200:
            if let ssrc = p.uint32(at: 4), let ntp = p.uint64(at: 8), let rtp = p.uint32(at: 16),
               let packets = p.uint32(at: 20), let octets = p.uint32(at: 24) {
                body = .senderReport(ssrc: ssrc, ntpTimestamp: ntp, rtpTimestamp: rtp,
                                     packetCount: packets, octetCount: octets, reports: reports(at: 28))
            } else { body = .other }
        case 201:
            if let ssrc = p.uint32(at: 4) { body = .receiverReport(ssrc: ssrc, reports: reports(at: 8)) } else { body = .other }
        case 202:
            body = .sourceDescription(sdesChunks(p, count: Int(count)))
        case 203:
            let ssrcs = (0..<Int(count)).compactMap { p.uint32(at: 4 + $0 * 4) }
            var reason: String?
            let at = 4 + Int(count) * 4
            if let length = p.byte(at: at), let text = p.bytes(at: at + 1, count: Int(length)) {
                reason = String(decoding: text, as: UTF8.self)
            }
            body = .bye(ssrcs: ssrcs, reason: reason)
        case 204:
            if let ssrc = p.uint32(at: 4), let name = p.bytes(at: 8, count: 4) {
                body = .app(ssrc: ssrc, name: String(decoding: name, as: UTF8.self))
            } else { body = .other }
        case 205:
            if let sender = p.uint32(at: 4), let media = p.uint32(at: 8) {
                let fci = p.bytes(from: 12) ?? []
                let feedback: RTCPPacket.TransportFeedback
                switch count {
                case 1:
                    var lost: [UInt16] = []
                    var i = 0
                    while let pid = fci.uint16(at: i), let blp = fci.uint16(at: i + 2) {
                        lost.append(pid)
                        for bit in 0..<16 where blp & (1 << bit) != 0 { lost.append(pid &+ UInt16(bit + 1)) }
                        i += 4
                    }
                    feedback = .nack(lost: lost)
                case 15:
                    if let base = fci.uint16(at: 0), let statuses = fci.uint16(at: 2) {
                        feedback = .transportWideCC(baseSequence: base, statusCount: statuses)
                    } else { feedback = .other(format: count) }
                default: feedback = .other(format: count)
                }
                body = .transportFeedback(sender: sender, media: media, feedback: feedback)
            } else { body = .other }
        case 206:
            if let sender = p.uint32(at: 4), let media = p.uint32(at: 8) {
                let fci = p.bytes(from: 12) ?? []
                let feedback: RTCPPacket.PayloadFeedback
                switch count {
                case 1: feedback = .pictureLossIndication
                case 4: feedback = .fullIntraRequest
                case 15:
                    if let id = fci.bytes(at: 0, count: 4), Array(id) == Array("REMB".utf8),
                       let n = fci.byte(at: 4), let expMantissa = fci.uint24(at: 5) {
                        let exponent = UInt64(expMantissa >> 18)
                        let mantissa = UInt64(expMantissa & 0x3FFFF)
                        let bitrate = exponent < 46 ? mantissa << exponent : UInt64.max
                        let ssrcs = (0..<Int(n)).compactMap { fci.uint32(at: 8 + $0 * 4) }
                        feedback = .remb(bitrate: bitrate, ssrcs: ssrcs)
                    } else { feedback = .other(format: count) }
                default: feedback = .other(format: count)
                }
                body = .payloadFeedback(sender: sender, media: media, feedback: feedback)
            } else { body = .other }
        case 207:
            if let ssrc = p.uint32(at: 4) {
                var types: [UInt8] = []
                var i = 8
                while let bt = p.byte(at: i), let words = p.uint16(at: i + 2) {
                    types.append(bt)
                    i += 4 + Int(words) * 4
                }
                body = .extendedReport(ssrc: ssrc, blockTypes: types)
            } else { body = .other }
        default:
            body = .other
        }
        return RTCPPacket(packetType: type, count: count, hasPadding: hasPadding, bytes: p, body: body)
    }

    /// SDES chunks: SSRC then items, each chunk ends with a null item and is padded to 32 bits.
    private static func sdesChunks(_ p: ArraySlice<UInt8>, count: Int) -> [RTCPPacket.SDESChunk] {
        var chunks: [RTCPPacket.SDESChunk] = []
        var offset = 4
        for _ in 0..<count {
            guard let ssrc = p.uint32(at: offset) else { break }
            offset += 4
            var items: [RTCPPacket.SDESItem] = []
            while let type = p.byte(at: offset), type != 0 {
                guard let length = p.byte(at: offset + 1),
                      let text = p.bytes(at: offset + 2, count: Int(length)) else { return chunks + [.init(ssrc: ssrc, items: items)] }
                items.append(.init(type: type, text: String(decoding: text, as: UTF8.self)))
                offset += 2 + Int(length)
            }
            offset += 1
            offset = (offset + 3) & ~3
            chunks.append(.init(ssrc: ssrc, items: items))
        }
        return chunks
    }
}
