import Wire

/// Reassembles IPv4/IPv6 fragments (RFC 791 §3.2, RFC 8200 §4.5) with bounded memory.
///
/// At most ``maximumDatagrams`` datagrams are pending at once and each may grow to
/// ``maximumSize`` bytes; beyond that, or after ``timeout`` of capture time, a pending
/// datagram is dropped and counted in ``abandoned``. Overlapping fragments keep the first
/// copy of each byte.
struct FragmentReassembler {
    struct Key: Hashable {
        let source: IPAddress
        let destination: IPAddress
        let transportProtocol: UInt8
        let identification: UInt32
    }

    private struct Pending {
        var pieces: [(offset: Int, bytes: ArraySlice<UInt8>)] = []
        var totalLength: Int?
        var size = 0
        var firstFrame: Int
        var started: Timestamp
    }

    let maximumDatagrams = 256
    let maximumSize = 65_535
    let timeout: Int64 = 30_000_000_000
    private var pending: [Key: Pending] = [:]
    /// Datagrams given up (never completed, too large, or evicted).
    private(set) var abandoned = 0
    /// The first frame of the first abandoned datagram, for the finding's location.
    private(set) var firstAbandonedFrame: Int?

    /// Adds a fragment; returns the reassembled upper-layer payload when it completes.
    mutating func add(_ ip: IPPacket, fragment: IPFragment, frame: Int, time: Timestamp) -> [UInt8]? {
        expire(before: time)
        let key = Key(source: ip.source, destination: ip.destination, transportProtocol: ip.transportProtocol,
                      identification: fragment.identification)
        var entry = pending[key] ?? Pending(firstFrame: frame, started: time)
        if pending[key] == nil, pending.count >= maximumDatagrams {
            // Evict the oldest pending datagram.
            if let oldest = pending.min(by: { $0.value.started < $1.value.started }) {
                abandon(oldest.key, frame: oldest.value.firstFrame)
            }
        }
        let end = fragment.offset + ip.payload.count
        guard end <= maximumSize, entry.size + ip.payload.count <= 2 * maximumSize else {
            pending[key] = nil
            abandoned += 1
            if firstAbandonedFrame == nil { firstAbandonedFrame = entry.firstFrame }
            return nil
        }
        entry.pieces.append((fragment.offset, ip.payload))
        entry.size += ip.payload.count
        if !fragment.moreFragments { entry.totalLength = end }
        guard let total = entry.totalLength else { pending[key] = entry; return nil }
        // Complete when the pieces cover 0..<total without a hole.
        let sorted = entry.pieces.sorted { $0.offset < $1.offset }
        var covered = 0
        for piece in sorted where piece.offset <= covered {
            covered = max(covered, piece.offset + piece.bytes.count)
        }
        guard covered >= total else { pending[key] = entry; return nil }
        var datagram = [UInt8](repeating: 0, count: total)
        var filled = [Bool](repeating: false, count: total)
        for piece in sorted {
            for (i, byte) in piece.bytes.enumerated() where piece.offset + i < total && !filled[piece.offset + i] {
                datagram[piece.offset + i] = byte
                filled[piece.offset + i] = true
            }
        }
        pending[key] = nil
        return datagram
    }

    /// Gives up on every datagram still pending (at the end of the capture).
    mutating func finish() {
        for (key, value) in pending { abandon(key, frame: value.firstFrame) }
    }

    private mutating func expire(before time: Timestamp) {
        guard !pending.isEmpty else { return }
        for (key, value) in pending where time.nanoseconds - value.started.nanoseconds > timeout {
            abandon(key, frame: value.firstFrame)
        }
    }

    private mutating func abandon(_ key: Key, frame: Int) {
        pending[key] = nil
        abandoned += 1
        firstAbandonedFrame = min(firstAbandonedFrame ?? frame, frame)
    }
}
