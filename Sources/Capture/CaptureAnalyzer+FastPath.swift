import Wire

/// The common case in one pass over the frame's bytes: an Ethernet, SLL, SLL2, NULL/LOOP or
/// raw-IP frame carrying an unfragmented IPv4 or IPv6 (no extension header) UDP datagram
/// whose payload is a well-formed RTP packet (RFC 7983 first byte 128–191, RFC 5761 second
/// byte outside the RTCP types).
///
/// It reads the header fields straight from the reader's buffer with bounds checks on every
/// read, builds no per-layer slice, and updates the flow and stream exactly as
/// ``CaptureAnalyzer/process(_:)`` does; any other frame (and any frame when a BPF filter
/// or `--packets` is in effect) is left to the general decoders, with no state touched.
/// The equivalence is tested on every fixture (`FastPathTests`).
extension CaptureAnalyzer {
    /// Analyses `frame` if it is plain RTP over UDP; `false` (nothing done) otherwise.
    func processFast(_ frame: FrameView) -> Bool {
        guard fastPathEnabled, filter == nil, !keepPackets else { return false }
        let data = frame.data
        guard let ip = networkOffset(data, linkType: frame.linkType) else { return false }

        // IP: RFC 791 §3.1 / RFC 8200 §3; fragments and extension headers take the general path.
        guard let first = data.byteAt(ip) else { return false }
        let source: IPAddress, destination: IPAddress
        let transportStart: Int, transportEnd: Int
        switch first >> 4 {
        case 4:
            let headerLength = Int(first & 0x0F) * 4
            guard headerLength >= 20, let totalLength = data.uint16At(ip + 2), let flagsOffset = data.uint16At(ip + 6),
                  data.byteAt(ip + 9) == 17, let s = data.uint32At(ip + 12), let d = data.uint32At(ip + 16),
                  Int(totalLength) >= headerLength, data.count - ip >= headerLength,
                  flagsOffset & 0x3FFF == 0 else { return false }
            source = .v4(s)
            destination = .v4(d)
            transportStart = ip + headerLength
            transportEnd = ip + min(data.count - ip, Int(totalLength))
        case 6:
            guard data.count - ip >= 40, let payloadLength = data.uint16At(ip + 4), data.byteAt(ip + 6) == 17,
                  let sh = data.uint64At(ip + 8), let sl = data.uint64At(ip + 16),
                  let dh = data.uint64At(ip + 24), let dl = data.uint64At(ip + 32) else { return false }
            source = .v6(sh, sl)
            destination = .v6(dh, dl)
            transportStart = ip + 40
            transportEnd = ip + min(data.count - ip, 40 + Int(payloadLength))
        default:
            return false
        }

        // UDP (RFC 768): a length of 0 (RFC 2675 jumbogram) means what the IP layer carried.
        let udpCount = transportEnd - transportStart
        guard udpCount >= 8, let sourcePort = data.uint16At(transportStart),
              let destinationPort = data.uint16At(transportStart + 2),
              let udpLength = data.uint16At(transportStart + 4) else { return false }
        let announced = udpLength == 0 ? udpCount : Int(udpLength)
        guard announced >= 8 else { return false }
        let payload = transportStart + 8
        let payloadCount = min(udpCount, announced) - 8

        // RTP (RFC 3550 §5.1), validated as RTPPacket.init validates it.
        guard payloadCount >= 12, let b0 = data.byteAt(payload), let b1 = data.byteAt(payload + 1),
              b0 >= 128, b0 <= 191, !(192...223).contains(b1),
              let sequence = data.uint16At(payload + 2), let timestamp = data.uint32At(payload + 4),
              let ssrc = data.uint32At(payload + 8) else { return false }
        var header = 12 + Int(b0 & 0x0F) * 4
        guard header <= payloadCount else { return false }
        if b0 & 0x10 != 0 {
            guard header + 4 <= payloadCount, let words = data.uint16At(payload + header + 2),
                  Int(words) * 4 <= payloadCount - header - 4 else { return false }
            header += 4 + Int(words) * 4
        }
        if b0 & 0x20 != 0 {
            guard let padding = data.byteAt(payload + payloadCount - 1), padding > 0,
                  Int(padding) <= payloadCount - header else { return false }
        }

        // From here on the frame is accounted, in the order process(_:) accounts it.
        frames += 1
        if frame.linkType != lastLinkType {
            if !linkTypes.contains(frame.linkType) { linkTypes.append(frame.linkType) }
            lastLinkType = frame.linkType
        }
        matched += 1
        if firstTime == nil { firstTime = frame.timestamp }
        lastTime = frame.timestamp
        if data.count < frame.originalLength {
            if snapCut.count == 0 { snapCut.first = frame.frame }
            snapCut.count += 1
        }
        let time = frame.timestamp.milliseconds(since: firstTime ?? frame.timestamp)
        let fields = RTPHeaderFields(payloadType: b1 & 0x7F, marker: b1 & 0x80 != 0, sequenceNumber: sequence,
                                     timestamp: timestamp, ssrc: ssrc)
        addRTP(fields, source: Endpoint(address: source, port: sourcePort),
               destination: Endpoint(address: destination, port: destinationPort),
               bytes: payloadCount, frame: frame.frame, time: time, ipv6: first >> 4 == 6)
        return true
    }

    /// Offset of the network-layer packet in a frame of `linkType`, following 802.1Q/802.1ad
    /// tags as ``LinkLayer/decode(_:linkType:)`` does; `nil` if it is not IPv4 or IPv6.
    private func networkOffset(_ data: UnsafeRawBufferPointer, linkType: LinkType) -> Int? {
        var type: UInt16
        var at: Int
        switch linkType {
        case .ethernet:
            guard let t = data.uint16At(12) else { return nil }
            type = t
            at = 14
        case .linuxSLL:
            guard let t = data.uint16At(14) else { return nil }
            type = t
            at = 16
        case .linuxSLL2:
            guard let t = data.uint16At(0), data.count >= 20 else { return nil }
            type = t
            at = 20
        case .null, .loop:
            guard let network = data.uint32At(0) else { return nil }
            let family = (linkType == .null && network & 0xFFFF == 0) ? network.byteSwapped : network
            switch family {
            case 2: return data.byteAt(4).map { $0 >> 4 == 4 ? 4 : nil } ?? nil
            case 10, 24, 28, 30: return data.byteAt(4).map { $0 >> 4 == 6 ? 4 : nil } ?? nil
            default: return nil
            }
        case .raw:
            return 0
        case .ipv4:
            return data.byteAt(0).map { $0 >> 4 == 4 ? 0 : nil } ?? nil
        case .ipv6:
            return data.byteAt(0).map { $0 >> 4 == 6 ? 0 : nil } ?? nil
        default:
            return nil
        }
        var tags = 0
        while type == EtherType.vlan || type == EtherType.qinq || type == EtherType.qinqLegacy {
            guard tags < 4, let next = data.uint16At(at + 2), data.count >= at + 4 else { return nil }
            tags += 1
            type = next
            at += 4
        }
        guard at <= data.count, let version = data.byteAt(at).map({ $0 >> 4 }) else { return nil }
        switch type {
        case EtherType.ipv4: return version == 4 ? at : nil
        case EtherType.ipv6: return version == 6 ? at : nil
        default: return nil
        }
    }
}

/// Bounds-checked big-endian reads at absolute offsets of a frame view: `nil` past the end.
extension UnsafeRawBufferPointer {
    @inline(__always)
    func byteAt(_ offset: Int) -> UInt8? {
        guard offset >= 0, offset < count, let base = baseAddress else { return nil }
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always)
    func uint16At(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset <= count - 2, let base = baseAddress else { return nil }
        return UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    func uint32At(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset <= count - 4, let base = baseAddress else { return nil }
        return UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    func uint64At(_ offset: Int) -> UInt64? {
        guard offset >= 0, offset <= count - 8, let base = baseAddress else { return nil }
        return UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

extension CaptureAnalyzer {
    /// Accounts one RTP packet on UDP to its flow and stream (the fast path's share of
    /// `processDatagram`).
    func addRTP(_ rtp: RTPHeaderFields, source: Endpoint, destination: Endpoint, bytes: Int, frame: Int,
                time: Double, ipv6: Bool) {
        flows.addRTP(rtp, key: FlowKey(source: source, destination: destination, transport: .udp), bytes: bytes,
                     frame: frame, time: time, clockRate: clockRates[Int(rtp.payloadType)], ipv6: ipv6)
    }
}
