import Wire

/// The flows of one capture by 5-tuple direction, bounded, with the recently used ones at hand.
///
/// Reads like a dictionary (`table[key, default: state].add(…)`, `values`), but a packet of a
/// flow used among the last ``recentCapacity`` distinct flows is found by comparing keys,
/// without hashing (hashing the key was a quarter of rtpdump's time on a plain RTP capture).
///
/// At most ``maximumFlows`` flows are tracked: a packet of a further flow is accounted to a
/// scratch state that is thrown away and counted in ``untrackedPackets`` (finding CAP-020).
/// At most ``maximumStreams`` RTP streams are tracked over all flows: a tracked flow's packet
/// of a further SSRC counts in its flow's summary but gets no stream (finding CAP-021).
struct FlowTable {
    /// Flows tracked per capture (default 100,000). A flow costs about 0.5 KiB (summary,
    /// endpoint strings), so the flows stay under about 50 MB.
    let maximumFlows: Int
    /// RTP streams tracked per capture (default 10,000). A stream costs about 0.4 KiB, and
    /// 8 KiB more from its second packet on (the duplicate window): under about 90 MB.
    let maximumStreams: Int
    static let recentCapacity = 8

    private var positions: [FlowKey: Int] = [:]
    private var states: [FlowState] = []
    private var recentKeys: [FlowKey] = []
    private var recentPositions: [Int] = []
    private var nextRecent = 0
    private var lastHit = 0
    private var streamCount = 0
    /// Packets of flows beyond ``maximumFlows``, and the first one's frame.
    private(set) var untrackedPackets = 0
    private(set) var firstUntrackedFrame = 0

    var count: Int { states.count }
    var values: [FlowState] { states }

    init(maximumFlows: Int = 100_000, maximumStreams: Int = 10_000) {
        self.maximumFlows = maximumFlows
        self.maximumStreams = maximumStreams
        recentKeys.reserveCapacity(Self.recentCapacity)
        recentPositions.reserveCapacity(Self.recentCapacity)
    }

    /// The state of `key`, created from `initial` when the flow is new (and there is room).
    subscript(key: FlowKey, default initial: @autoclosure () -> FlowState) -> FlowState {
        get {
            positions[key].map { states[$0] } ?? initial()
        }
        _modify {
            if let position = position(of: key) {
                states[position].acceptsNewStreams = streamCount < maximumStreams
                let before = states[position].streams.count
                yield &states[position]
                streamCount += states[position].streams.count - before
            } else if states.count < maximumFlows {
                let position = states.count
                var state = initial()
                state.acceptsNewStreams = streamCount < maximumStreams
                states.append(state)
                positions[key] = position
                remember(key, position)
                yield &states[position]
                streamCount += states[position].streams.count
            } else {
                var scratch = initial()
                if untrackedPackets == 0 { firstUntrackedFrame = scratch.summary.firstFrame }
                untrackedPackets += 1
                yield &scratch
            }
        }
    }

    /// Accounts one RTP packet of flow `key`: what `self[key, default: …].add(…)` does, called
    /// directly by the fast path (no accessor coroutine, no closure for the new flow's state).
    mutating func addRTP(_ rtp: RTPHeaderFields, key: FlowKey, bytes: Int, frame: Int, time: Double,
                         clockRate: Int, ipv6: Bool) {
        let position: Int
        if let known = self.position(of: key) {
            position = known
        } else if states.count < maximumFlows {
            position = states.count
            states.append(FlowState(summary: FlowSummary(source: key.source, destination: key.destination,
                                                         transport: key.transport, firstFrame: frame)))
            positions[key] = position
            remember(key, position)
        } else {
            if untrackedPackets == 0 { firstUntrackedFrame = frame }
            untrackedPackets += 1
            return
        }
        states[position].acceptsNewStreams = streamCount < maximumStreams
        let before = states[position].streams.count
        states[position].add(kind: .rtp, bytes: bytes, frame: frame, rtp: rtp, time: time, clockRate: clockRate, ipv6: ipv6)
        streamCount += states[position].streams.count - before
    }

    private mutating func position(of key: FlowKey) -> Int? {
        // Packets of one flow often come in runs: the last one found is tried first.
        if lastHit < recentKeys.count, recentKeys[lastHit] == key { return recentPositions[lastHit] }
        for (i, recent) in recentKeys.enumerated() where recent == key {
            lastHit = i
            return recentPositions[i]
        }
        guard let position = positions[key] else { return nil }
        remember(key, position)
        return position
    }

    private mutating func remember(_ key: FlowKey, _ position: Int) {
        if recentKeys.count < Self.recentCapacity {
            recentKeys.append(key)
            recentPositions.append(position)
        } else {
            recentKeys[nextRecent] = key
            recentPositions[nextRecent] = position
            nextRecent = (nextRecent + 1) % Self.recentCapacity
        }
    }
}
