import Diagnostics
import Wire

/// The transport a flow's datagrams arrived on.
public enum FlowTransport: String, Hashable, Sendable, Encodable {
    /// Plain UDP datagrams.
    case udp
    /// Frames of a TCP byte stream: RFC 4571 (ICE-TCP, RFC 6544) or TURN over TCP (RFC 8656 §12.5).
    case tcp
    /// Datagrams carried inside TURN ChannelData or Send/Data indications that reached the
    /// TURN server over UDP.
    case turnUDP = "turn-udp"
    /// The same, with the client's TURN connection over TCP.
    case turnTCP = "turn-tcp"

    /// The transport of what a TURN message on this transport carries; `nil` when this is
    /// already the inside of a TURN message (no nesting is decoded).
    var relayed: FlowTransport? {
        switch self {
        case .udp: .turnUDP
        case .tcp: .turnTCP
        case .turnUDP, .turnTCP: nil
        }
    }
}

/// A count of events of one kind, their bytes, and the frame of the first one.
struct EventTally {
    var count = 0
    var bytes = 0
    var firstFrame: Int?

    mutating func add(bytes: Int = 0, frame: Int) {
        count += 1
        self.bytes += bytes
        if firstFrame == nil { firstFrame = frame }
    }
}

extension CaptureAnalyzer {
    /// Decodes one TCP segment: reassembles its direction's byte stream and passes every
    /// complete frame to ``processDatagram(_:source:destination:frame:time:transport:ipv6:)``,
    /// located at the frame whose segment completed it (as tshark places reassembled PDUs).
    func processTCP(_ bytes: ArraySlice<UInt8>, ip: IPPacket, frame: Int, time: Double) {
        guard let segment = TCPSegment(bytes) else {
            return skip(frame, "malformed TCP header")
        }
        let source = Endpoint(address: ip.source, port: segment.sourcePort)
        let destination = Endpoint(address: ip.destination, port: segment.destinationPort)
        let frames = tcpStreams.add(segment, key: .init(source: source, destination: destination), frame: frame, time: time)
        for item in frames {
            processDatagram(item.datagram, source: source, destination: destination, frame: frame, time: time,
                            transport: .tcp, ipv6: ip.version == 6)
        }
    }

    /// Decodes a TURN ChannelData message (RFC 8656 §12.4) and recurses into the datagram it
    /// carries, attributed to the relayed address ↔ peer flow when the capture holds the
    /// channel's binding, else to the outer 5-tuple (with TURN-001).
    func processChannelData(_ payload: ArraySlice<UInt8>, source: Endpoint, destination: Endpoint, frame: Int,
                            time: Double, transport: FlowTransport, ipv6: Bool) -> String {
        guard let inner = transport.relayed else { return "ChannelData (inside TURN: not decoded)" }
        guard let message = ChannelDataMessage(payload, padded: false) else {
            turnTallies.malformed.add(bytes: payload.count, frame: frame)
            return "ChannelData (malformed: length beyond the datagram)"
        }
        let channel = "0x" + String(message.channelNumber, radix: 16, uppercase: true)
        var innerSource = source, innerDestination = destination
        var note = ""
        if let (allocation, toServer) = turn.allocation(source: source, destination: destination, transport: transport),
           let peer = turn.peer(of: allocation, channel: message.channelNumber) {
            let relayed = turn.relayedAddress(of: allocation)
            if relayed == nil { note = " (relayed address not in the capture: client address used)" }
            let local = relayed ?? allocation.client
            (innerSource, innerDestination) = toServer ? (local, peer) : (peer, local)
        } else {
            turnTallies.unbound.add(bytes: message.length, frame: frame)
            if turnTallies.unboundExample == nil { turnTallies.unboundExample = "\(channel) \(source) → \(destination)" }
            note = " (channel not bound in the capture: outer addresses used)"
        }
        processDatagram(message.data, source: innerSource, destination: innerDestination, frame: frame, time: time,
                        transport: inner, ipv6: innerSource.address.isIPv6)
        return "ChannelData channel \(channel) length \(message.length): \(innerSource) → \(innerDestination)\(note)"
    }

    /// Learns TURN allocations and bindings from a STUN message (RFC 8656 methods only) and
    /// recurses into the DATA of Send and Data indications (§11), attributed to the relayed
    /// address ↔ XOR-PEER-ADDRESS flow.
    func observeTURN(_ payload: ArraySlice<UInt8>, source: Endpoint, destination: Endpoint, frame: Int,
                     time: Double, transport: FlowTransport) {
        guard let inner = transport.relayed, let type = payload.uint16(at: 0) else { return }
        // Method from the message type (RFC 8489 §5) without decoding the attributes: 3 Allocate,
        // 4 Refresh, 6 Send, 7 Data, 8 CreatePermission, 9 ChannelBind.
        let method = (type & 0x000F) | (type & 0x00E0) >> 1 | (type & 0x3E00) >> 2
        guard (3...9).contains(method), let message = STUNMessage(payload) else { return }
        turn.observe(message, source: source, destination: destination, transport: transport, frame: frame)
        guard message.messageClass == .indication, method == 6 || method == 7,
              let data = message.data, let peerAddress = message.xorPeerAddress else { return }
        let peer = Endpoint(address: peerAddress.address, port: peerAddress.port)
        let toServer = method == 6
        let allocation = TURNChannels.Allocation(client: toServer ? source : destination,
                                                 server: toServer ? destination : source, transport: transport)
        let local = turn.relayedAddress(of: allocation) ?? allocation.client
        let (innerSource, innerDestination) = toServer ? (local, peer) : (peer, local)
        processDatagram(data, source: innerSource, destination: innerDestination, frame: frame, time: time,
                        transport: inner, ipv6: innerSource.address.isIPv6)
    }

    /// Ends the TCP streams (held data behind a gap is decoded after declaring the gap) and
    /// returns the findings of TCP reassembly, stream framing and TURN channels.
    func finishStreams() -> [Finding] {
        for (key, frame, time, frames) in tcpStreams.finish() {
            for item in frames {
                processDatagram(item.datagram, source: key.source, destination: key.destination, frame: frame, time: time,
                                transport: .tcp, ipv6: key.source.address.isIPv6)
            }
        }
        var findings: [Finding] = []
        let streams = tcpStreams
        func at(_ frame: Int?) -> [Location] { [.frame(file: file, frame: frame ?? 0)] }
        if streams.boundHits.count > 0 {
            findings.append(Rule.captureTCPReassemblyBound.finding(
                "TCP reassembly bound reached \(streams.boundHits.count) time(s), the first at frame \(streams.boundHits.firstFrame ?? 0) "
                    + "(bounds: \(streams.maximumHeldBytesPerDirection) bytes or \(streams.maximumHeldSegmentsPerDirection) segments held per direction, "
                    + "\(streams.maximumBufferedBytes) bytes in total)",
                hint: "a segment stayed missing while later data arrived: the capture dropped packets, or filter the capture to the WebRTC connection",
                at: at(streams.boundHits.firstFrame)))
        }
        if streams.gaps.count > 0 {
            findings.append(Rule.captureTCPGap.finding(
                "\(streams.gaps.count) gap(s) in TCP streams, \(streams.gaps.bytes) byte(s) missing, the first noticed at frame \(streams.gaps.firstFrame ?? 0)"
                    + (streams.skippedBytes > 0 ? "; \(streams.skippedBytes) byte(s) skipped until a frame boundary" : ""),
                hint: "the capture missed segments (kernel drops, snap length, capture started or stopped mid-stream)",
                at: at(streams.gaps.firstFrame)))
        }
        if streams.malformedFrames.count > 0 {
            findings.append(Rule.captureMalformedStreamFrame.finding(
                "\(streams.malformedFrames.count) time(s) a TCP stream's bytes did not form an RFC 4571 or TURN frame, the first at frame \(streams.malformedFrames.firstFrame ?? 0)",
                at: at(streams.malformedFrames.firstFrame)))
        }
        if streams.untrackedSegments.count > 0 {
            findings.append(Rule.captureTCPUntracked.finding(
                "\(streams.untrackedSegments.count) TCP segment(s) of directions beyond the \(streams.maximumDirections) tracked were not decoded, the first is frame \(streams.untrackedSegments.firstFrame ?? 0)",
                hint: "filter the capture to the WebRTC connections (`--filter 'tcp port 443 or udp'`)",
                at: at(streams.untrackedSegments.firstFrame)))
        }
        if turnTallies.unbound.count > 0 {
            findings.append(Rule.turnUnboundChannel.finding(
                "\(turnTallies.unbound.count) ChannelData message(s) on channels with no ChannelBind in the capture (first: \(turnTallies.unboundExample ?? "")), frame \(turnTallies.unbound.firstFrame ?? 0)",
                hint: "the capture started after the ChannelBind (bindings last 10 minutes, RFC 8656 §12): start it before the call",
                at: at(turnTallies.unbound.firstFrame)))
        }
        findings += turn.findings(file: file)
        if turnTallies.malformed.count > 0 {
            findings.append(Rule.turnMalformedChannelData.finding(
                "\(turnTallies.malformed.count) ChannelData message(s) shorter than their length field, the first is frame \(turnTallies.malformed.firstFrame ?? 0)",
                at: at(turnTallies.malformed.firstFrame)))
        }
        return findings
    }
}

/// ChannelData problems counted for the findings.
struct TURNTallies {
    var unbound = EventTally()
    var unboundExample: String?
    var malformed = EventTally()
}
