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
}

extension CaptureAnalyzer {
    /// Decodes one TCP segment: reassembles its direction's byte stream and passes every
    /// complete frame to ``processDatagram(_:source:destination:frame:time:transport:ipv6:)``.
    func processTCP(_ bytes: ArraySlice<UInt8>, ip: IPPacket, frame: Int, time: Double) {
        // Filled in by the TCP reassembler.
    }

    /// Decodes a TURN ChannelData message and the datagram it carries.
    func processChannelData(_ payload: ArraySlice<UInt8>, source: Endpoint, destination: Endpoint, frame: Int,
                            time: Double, transport: FlowTransport, ipv6: Bool) -> String {
        guard let message = ChannelDataMessage(payload, padded: false) else { return "ChannelData (malformed)" }
        return "ChannelData channel 0x\(String(message.channelNumber, radix: 16, uppercase: true)) length \(message.length)"
    }
}
