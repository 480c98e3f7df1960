import Wire

/// Reassembles IPv4/IPv6 fragments (RFC 791 §3.2, RFC 8200 §4.5) with bounded memory.
///
/// Bounds (defaults; a datagram given up is counted in ``abandoned``):
/// - ``maximumDatagrams`` (256) datagrams pending at once in the capture; a new one beyond
///   that evicts the oldest;
/// - ``maximumPerPair`` (32) of them per source/destination address pair, so that one host
///   pair sending fragments that never complete cannot evict everyone else's;
/// - ``maximumSize`` (65,535) bytes per reassembled datagram, and at most twice that held
///   per datagram counting overlaps, so at most 256 × 128 KiB = 32 MiB held in total;
/// - ``maximumPieces`` (8,192, the count of 8-octet fragments of a maximal datagram) pieces
///   per datagram, so that empty or tiny fragments cannot grow the list without bound;
/// - ``timeout``: 30 s of capture time after a datagram's first fragment.
///
/// Overlapping fragments keep the first copy of each byte.
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

    let maximumDatagrams: Int
    let maximumPerPair: Int
    let maximumSize: Int
    let maximumPieces: Int
    let timeout: Int64 = 30_000_000_000
    private var pending: [Key: Pending] = [:]
    /// Datagrams given up (never completed, too large, too many pieces, or evicted).
    private(set) var abandoned = 0
    /// The first frame of the first abandoned datagram, for the finding's location.
    private(set) var firstAbandonedFrame: Int?

    init(maximumDatagrams: Int = 256, maximumPerPair: Int = 32, maximumSize: Int = 65_535, maximumPieces: Int = 8_192) {
        self.maximumDatagrams = maximumDatagrams
        self.maximumPerPair = maximumPerPair
        self.maximumSize = maximumSize
        self.maximumPieces = maximumPieces
    }

    /// Datagrams pending now (never more than ``maximumDatagrams``).
    var pendingCount: Int { pending.count }

    /// Adds a fragment; returns the reassembled upper-layer payload when it completes.
    mutating func add(_ ip: IPPacket, fragment: IPFragment, frame: Int, time: Timestamp) -> [UInt8]? {
        expire(before: time)
        let key = Key(source: ip.source, destination: ip.destination, transportProtocol: ip.transportProtocol,
                      identification: fragment.identification)
        var entry: Pending
        if let known = pending[key] {
            entry = known
        } else {
            entry = Pending(firstFrame: frame, started: time)
            let samePair = pending.filter { $0.key.source == key.source && $0.key.destination == key.destination }
            if samePair.count >= maximumPerPair, let oldest = samePair.min(by: { $0.value.started < $1.value.started }) {
                abandon(oldest.key, frame: oldest.value.firstFrame)
            } else if pending.count >= maximumDatagrams, let oldest = pending.min(by: { $0.value.started < $1.value.started }) {
                abandon(oldest.key, frame: oldest.value.firstFrame)
            }
        }
        let end = fragment.offset + ip.payload.count
        guard end <= maximumSize, entry.size + ip.payload.count <= 2 * maximumSize, entry.pieces.count < maximumPieces else {
            pending[key] = nil
            abandoned += 1
            firstAbandonedFrame = min(firstAbandonedFrame ?? entry.firstFrame, entry.firstFrame)
            return nil
        }
        entry.pieces.append((fragment.offset, ip.payload))
        entry.size += ip.payload.count
        if !fragment.moreFragments { entry.totalLength = end }
        // Complete when the pieces cover 0..<total without a hole, which needs at least `total` bytes held.
        guard let total = entry.totalLength, entry.size >= total else { pending[key] = entry; return nil }
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
