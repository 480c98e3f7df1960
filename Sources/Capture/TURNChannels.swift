import Diagnostics
import Wire

/// What a capture tells about TURN allocations (RFC 8656): each client's Allocate requests
/// and their outcome (XOR-RELAYED-ADDRESS and LIFETIME on success, §7.3; the error codes
/// otherwise), its permissions (§9) and channel bindings (ChannelBind request, CHANNEL-NUMBER
/// + XOR-PEER-ADDRESS, §12.1), so that the datagrams inside ChannelData and Send/Data
/// indications can be attributed to the flow between the relayed address and the peer, and
/// a relay that never worked can be explained. Bounded: at most ``maximumEntries``
/// allocations, bindings and outstanding requests each.
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
        let peers: [Endpoint]
        /// The request carried MESSAGE-INTEGRITY: it was made with the long-term credentials.
        let authenticated: Bool
    }

    /// What one allocation went through, for the report and the findings.
    private struct State {
        let firstFrame: Int
        var requests = 0
        var authenticatedRequests = 0
        var relayed: Endpoint?
        var lifetime: UInt32?
        var errors: [(code: Int, reason: String, frame: Int, authenticated: Bool)] = []
        var permissions: [Endpoint] = []
        var channels: [(channel: UInt16, peer: Endpoint)] = []
        var refusals: [(method: String, code: Int, reason: String, peers: [Endpoint], frame: Int)] = []
    }

    private var relayed: [Allocation: Endpoint] = [:]
    private var bindings: [Binding: Endpoint] = [:]
    private var pending: [String: Pending] = [:]
    private var states: [Allocation: State] = [:]
    private var order: [Allocation] = []

    /// Learns from a STUN message of an allocation's 5-tuple (TURN methods only).
    mutating func observe(_ message: STUNMessage, source: Endpoint, destination: Endpoint, transport: FlowTransport,
                          frame: Int) {
        let tid = message.transactionIDHex
        switch message.messageClass {
        case .request:
            guard [0x003, 0x004, 0x008, 0x009].contains(message.method) else { return }
            let allocation = Allocation(client: source, server: destination, transport: transport)
            let authenticated = message.attribute(.messageIntegrity) != nil || message.attribute(.messageIntegritySHA256) != nil
            if message.method == 0x003 { update(allocation, frame: frame) { $0.requests += 1; if authenticated { $0.authenticatedRequests += 1 } } }
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
            let peers = message.xorPeerAddresses.map { Endpoint(address: $0.address, port: $0.port) }
            if pending.count < maximumEntries {
                pending[tid] = Pending(allocation: allocation, method: message.method, binding: binding, peers: peers,
                                       authenticated: authenticated)
            }
        case .success:
            guard let request = pending.removeValue(forKey: tid) else { return }
            switch request.method {
            case 0x003:
                let address = message.xorRelayedAddress.map { Endpoint(address: $0.address, port: $0.port) }
                if let address, relayed.count < maximumEntries || relayed[request.allocation] != nil {
                    relayed[request.allocation] = address
                }
                update(request.allocation, frame: frame) { state in
                    state.relayed = address ?? state.relayed
                    state.lifetime = message.lifetime ?? state.lifetime
                }
            case 0x008:
                update(request.allocation, frame: frame) { state in
                    for peer in request.peers where !state.permissions.contains(peer) && state.permissions.count < 64 {
                        state.permissions.append(peer)
                    }
                }
            case 0x009:
                guard let binding = request.binding else { return }
                update(request.allocation, frame: frame) { state in
                    if !state.channels.contains(where: { $0.channel == binding.channel && $0.peer == binding.peer }),
                       state.channels.count < 64 {
                        state.channels.append(binding)
                    }
                }
            default:
                break
            }
        case .error:
            guard let request = pending.removeValue(forKey: tid) else { return }
            let error = message.errorCode ?? (0, "")
            if request.method == 0x009, let binding = request.binding {
                bindings[Binding(allocation: request.allocation, channel: binding.channel)] = nil
            }
            update(request.allocation, frame: frame) { state in
                switch request.method {
                case 0x003:
                    if state.errors.count < 16 {
                        state.errors.append((error.code, error.reason, frame, request.authenticated))
                    }
                case 0x008, 0x009:
                    // 401/438 are the long-term credential handshake (RFC 8489 §9.2): retried, not refusals.
                    if error.code != 401, error.code != 438, state.refusals.count < 16 {
                        state.refusals.append((message.methodName, error.code, error.reason, request.peers, frame))
                    }
                default:
                    break
                }
            }
        case .indication:
            break
        }
    }

    private mutating func update(_ allocation: Allocation, frame: Int, _ change: (inout State) -> Void) {
        if states[allocation] == nil {
            guard states.count < maximumEntries else { return }
            states[allocation] = State(firstFrame: frame)
            order.append(allocation)
        }
        change(&states[allocation, default: State(firstFrame: frame)])
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

    // MARK: Report

    /// Every allocation seen, in order of its first message.
    var reports: [TURNAllocationReport] {
        order.compactMap { allocation in
            guard let state = states[allocation] else { return nil }
            return TURNAllocationReport(
                client: allocation.client.description, server: allocation.server.description,
                transport: allocation.transport == .tcp ? "tcp" : "udp",
                relayed: state.relayed?.description, lifetime: state.lifetime.map(Int.init),
                allocateRequests: state.requests, errors: state.errors.map { "\($0.code) \($0.reason)" },
                permissions: state.permissions.map(\.description),
                channels: state.channels.map { "0x" + String($0.channel, radix: 16, uppercase: true) + " " + $0.peer.description },
                refusals: state.refusals.map { "\($0.method) \($0.code) \($0.reason)" }, firstFrame: state.firstFrame)
        }
    }

    /// TURN-003 for allocations that never succeeded, TURN-004 for refused permissions and
    /// channel bindings.
    func findings(file: String) -> [Finding] {
        var findings: [Finding] = []
        for allocation in order {
            guard let state = states[allocation] else { continue }
            let name = "TURN allocation \(allocation.client) → \(allocation.server) (\(allocation.transport == .tcp ? "tcp" : "udp"))"
            if state.relayed == nil, state.requests > 0 {
                let last = state.errors.last
                let frame = last?.frame ?? state.firstFrame
                var message = "\(name) never succeeded: \(state.requests) Allocate request(s)"
                message += last.map { ", last answer \($0.code) \($0.reason)" } ?? ", none answered"
                let hint: String? = switch last?.code {
                case nil: "no Allocate response: the TURN server is unreachable on this transport and port, or filtered"
                case 401 where last?.authenticated == true, 441:
                    "the server refused the long-term credentials: check the TURN username and password (or the REST secret and its expiry)"
                case 401: "only the unauthenticated first request was answered (the 401 challenge): the client never retried with credentials"
                case 437: "allocation mismatch: a stale allocation on this 5-tuple; the client must use a new local port"
                case 442: "the server does not relay the requested transport (REQUESTED-TRANSPORT)"
                case 486: "the user's allocation quota is reached on the server"
                case 508: "the server has no relay capacity left"
                case 403: "the server's policy forbids this client"
                default: nil
                }
                findings.append(Rule.turnAllocationFailed.finding(message, hint: hint, at: [.frame(file: file, frame: frame)]))
            }
            for refusal in state.refusals {
                let peers = refusal.peers.map(\.description).joined(separator: ", ")
                findings.append(Rule.turnPermissionRefused.finding(
                    "\(name): \(refusal.method) for \(peers.isEmpty ? "a peer" : peers) refused with \(refusal.code) \(refusal.reason)",
                    hint: refusal.code == 403
                        ? "the TURN server's policy does not relay to this peer address (e.g. coturn denies loopback and, with --no-multicast-peers/denied-peer-ip, other ranges): allow it or use another candidate"
                        : nil,
                    at: [.frame(file: file, frame: refusal.frame)]))
            }
        }
        return findings
    }
}

/// One TURN allocation as reported (`turn` in the JSON document).
public struct TURNAllocationReport: Encodable, Sendable {
    /// The client's transport address towards the server.
    public let client: String
    public let server: String
    /// `udp` or `tcp`: the transport between client and server.
    public let transport: String
    /// XOR-RELAYED-ADDRESS of the Allocate success; `nil` when the allocation never succeeded.
    public let relayed: String?
    /// LIFETIME of the Allocate success (seconds).
    public let lifetime: Int?
    public let allocateRequests: Int
    /// Allocate error responses, e.g. `401 Unauthorized` (the normal first challenge).
    public let errors: [String]
    /// Peers of successful CreatePermission requests.
    public let permissions: [String]
    /// Successful ChannelBinds: `0x4000 127.0.0.1:49170`.
    public let channels: [String]
    /// Refused CreatePermission/ChannelBind requests, e.g. `CreatePermission 403 Forbidden`.
    public let refusals: [String]
    public let firstFrame: Int
}
