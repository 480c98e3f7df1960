import Wire

/// What a capture tells about TURN allocations (RFC 8656): each client's relayed address
/// (Allocate success, XOR-RELAYED-ADDRESS, §7.3) and its channel bindings (ChannelBind
/// request, CHANNEL-NUMBER + XOR-PEER-ADDRESS, §12.1), so that the datagrams inside
/// ChannelData and Send/Data indications can be attributed to the flow between the relayed
/// address and the peer. Bounded: at most ``maximumEntries`` allocations, bindings and
/// outstanding requests each.
struct TURNChannels {
    let maximumEntries = 4_096

    /// One allocation: the client's 5-tuple towards the server (RFC 8656 §2).
    struct Allocation: Hashable {
        let client: Endpoint
        let server: Endpoint
        let transport: FlowTransport
    }

    private struct Binding: Hashable {
        let allocation: Allocation
        let channel: UInt16
    }

    private struct Pending {
        let allocation: Allocation
        let method: UInt16
        let binding: (channel: UInt16, peer: Endpoint)?
    }

    private var relayed: [Allocation: Endpoint] = [:]
    private var bindings: [Binding: Endpoint] = [:]
    private var pending: [String: Pending] = [:]

    /// Learns from a STUN message of an allocation's 5-tuple (TURN methods only).
    mutating func observe(_ message: STUNMessage, source: Endpoint, destination: Endpoint, transport: FlowTransport) {
        switch (message.method, message.messageClass) {
        case (0x003, .request), (0x009, .request):
            let allocation = Allocation(client: source, server: destination, transport: transport)
            var binding: (UInt16, Endpoint)?
            if message.method == 0x009, let channel = message.channelNumber, let peer = message.xorPeerAddress {
                binding = (channel, Endpoint(address: peer.address, port: peer.port))
                // The server binds on the request it accepts; a success response confirms it and an
                // error response undoes it below. Taking it from the request covers captures that
                // miss the response.
                if bindings.count < maximumEntries, let binding {
                    bindings[Binding(allocation: allocation, channel: binding.0)] = binding.1
                }
            }
            if pending.count < maximumEntries {
                pending[message.transactionIDHex] = Pending(allocation: allocation, method: message.method, binding: binding)
            }
        case (0x003, .success):
            guard let request = pending.removeValue(forKey: message.transactionIDHex),
                  let address = message.xorRelayedAddress else { return }
            if relayed.count < maximumEntries || relayed[request.allocation] != nil {
                relayed[request.allocation] = Endpoint(address: address.address, port: address.port)
            }
        case (0x009, .error):
            guard let request = pending.removeValue(forKey: message.transactionIDHex),
                  let binding = request.binding else { return }
            bindings[Binding(allocation: request.allocation, channel: binding.channel)] = nil
        case (_, .success), (_, .error):
            pending[message.transactionIDHex] = nil
        default:
            break
        }
    }

    /// The allocation a message between `source` and `destination` belongs to, and whether it
    /// travels from the client to the server.
    func allocation(source: Endpoint, destination: Endpoint, transport: FlowTransport) -> (Allocation, toServer: Bool)? {
        let outbound = Allocation(client: source, server: destination, transport: transport)
        if relayed[outbound] != nil || hasBindings(outbound) { return (outbound, true) }
        let inbound = Allocation(client: destination, server: source, transport: transport)
        if relayed[inbound] != nil || hasBindings(inbound) { return (inbound, false) }
        return nil
    }

    private func hasBindings(_ allocation: Allocation) -> Bool {
        // Few bindings per capture: a scan is cheaper than a second index.
        bindings.keys.contains { $0.allocation == allocation }
    }

    /// The client's relayed transport address, when the Allocate success was captured.
    func relayedAddress(of allocation: Allocation) -> Endpoint? { relayed[allocation] }

    /// The peer bound to `channel` on `allocation`.
    func peer(of allocation: Allocation, channel: UInt16) -> Endpoint? {
        bindings[Binding(allocation: allocation, channel: channel)]
    }
}
