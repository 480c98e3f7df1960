import Wire

/// Reassembles the byte stream of each TCP direction (RFC 9293 §3.4 sequence numbers) and
/// cuts it into the datagrams its framing carries: RFC 4571 length-prefixed frames (ICE-TCP,
/// RFC 6544) or TURN-over-TCP messages (RFC 8656 §12.5). Memory is bounded.
///
/// - In-order data is framed at once; a frame split across segments waits in a per-direction
///   buffer that never needs more than one frame (at most 65,539 bytes).
/// - Segments that arrive ahead of a gap are held, at most ``maximumHeldBytesPerDirection``
///   bytes and ``maximumHeldSegmentsPerDirection`` segments per direction. When a bound would
///   be exceeded, or when a direction ends (FIN, RST, end of capture) with held data, the
///   missing bytes are declared lost: the stream resumes at the first held segment, and
///   framing resynchronises at the next segment that starts a plausible frame.
/// - Retransmitted bytes (at or below the next expected sequence number) are dropped.
/// - Across all directions at most ``maximumBufferedBytes`` are held or buffered, and at most
///   ``maximumDirections`` directions are tracked; beyond that, data is dropped and counted.
///
/// A direction whose first bytes are neither framing (e.g. HTTP, TLS) is ignored after its
/// first payload segments, keeping only a flag.
struct TCPReassembler {
    let maximumHeldBytesPerDirection: Int
    let maximumHeldSegmentsPerDirection: Int
    let maximumBufferedBytes: Int
    let maximumDirections: Int

    /// The defaults: 256 KiB or 512 segments held per direction, 16 MiB held and buffered in
    /// total, 4,096 directions.
    init(maximumHeldBytesPerDirection: Int = 262_144, maximumHeldSegmentsPerDirection: Int = 512,
         maximumBufferedBytes: Int = 16 * 1_048_576, maximumDirections: Int = 4_096) {
        self.maximumHeldBytesPerDirection = maximumHeldBytesPerDirection
        self.maximumHeldSegmentsPerDirection = maximumHeldSegmentsPerDirection
        self.maximumBufferedBytes = maximumBufferedBytes
        self.maximumDirections = maximumDirections
    }
    /// Payload segments of a direction seen without a SYN, tried for a frame start before
    /// the direction is given up as not carrying a known framing.
    let detectionAttempts = 8

    struct Key: Hashable {
        let source: Endpoint
        let destination: Endpoint
    }

    /// One complete datagram taken from a stream, ready for the RFC 7983 demultiplexer.
    struct Frame {
        let datagram: ArraySlice<UInt8>
        let framing: StreamFraming
    }

    private struct HeldSegment {
        let sequence: UInt32
        let bytes: [UInt8]
    }

    private struct Direction {
        /// The next sequence number expected; `nil` before the first SYN or payload.
        var next: UInt32?
        var held: [HeldSegment] = []
        var heldBytes = 0
        /// Stream bytes after the last complete frame: the start of a frame split across segments.
        var buffer: [UInt8] = []
        var framing: StreamFraming?
        /// The initial sequence number of the SYN seen, so the first payload byte starts a frame.
        var initialSequence: UInt32?
        /// False after a gap or a malformed frame: the next segment boundary that starts a
        /// plausible frame resynchronises.
        var synchronised = true
        var detectionTries = 0
        /// No known framing: the direction is ignored.
        var ignored = false
        /// One of the ports is TURN's (3478, RFC 8656 §17).
        var turnPort = false
        /// The last segment's frame number and time (ms), for data delivered at the end.
        var lastFrame = 0
        var lastTime = 0.0
    }

    private var directions: [Key: Direction] = [:]
    private var bufferedBytes = 0

    // What went wrong, for the findings (counts and the first frame of each kind).
    private(set) var retransmittedSegments = 0
    private(set) var gaps = EventTally()
    private(set) var boundHits = EventTally()
    private(set) var malformedFrames = EventTally()
    private(set) var untrackedSegments = EventTally()
    /// Bytes skipped while resynchronising after a gap or a malformed frame.
    private(set) var skippedBytes = 0
    /// Largest number of bytes held and buffered at once, across all directions.
    private(set) var peakBufferedBytes = 0

    /// Adds one segment of the direction `key`; returns the datagrams it completes, in order.
    mutating func add(_ segment: TCPSegment, key: Key, frame: Int, time: Double) -> [Frame] {
        let flags = segment.flags
        guard var direction = directions[key] else {
            // Pure ACKs of directions never seen carry nothing: no state for them.
            guard flags.contains(.syn) || !segment.payload.isEmpty else { return [] }
            guard directions.count < maximumDirections else {
                untrackedSegments.add(bytes: segment.payload.count, frame: frame)
                return []
            }
            var direction = Direction()
            direction.turnPort = key.source.port == 3478 || key.destination.port == 3478
            let frames = add(segment, to: &direction, frame: frame, time: time)
            store(direction, for: key, ended: flags.contains(.fin) || flags.contains(.rst), frame: frame)
            return frames
        }
        if flags.contains(.syn), direction.initialSequence != segment.sequenceNumber {
            // A new connection on the same addresses and ports: start over.
            release(&direction)
            direction = Direction()
            direction.turnPort = key.source.port == 3478 || key.destination.port == 3478
        }
        let frames = add(segment, to: &direction, frame: frame, time: time)
        store(direction, for: key, ended: flags.contains(.fin) || flags.contains(.rst), frame: frame)
        return frames
    }

    /// Ends every direction at the end of the capture: held segments behind a gap are framed
    /// after the gap is declared lost. Returns each direction's frames with the frame number
    /// and time of its last segment.
    mutating func finish() -> [(key: Key, frame: Int, time: Double, frames: [Frame])] {
        var result: [(key: Key, frame: Int, time: Double, frames: [Frame])] = []
        let keys = directions.compactMap { $0.value.held.isEmpty ? nil : $0.key }
        for key in keys.sorted(by: { (directions[$0]?.lastFrame ?? 0) < (directions[$1]?.lastFrame ?? 0) }) {
            guard var direction = directions[key] else { continue }
            var frames: [Frame] = []
            while !direction.held.isEmpty { frames += flushHeld(&direction, frame: direction.lastFrame) }
            directions[key] = direction
            if !frames.isEmpty { result.append((key, direction.lastFrame, direction.lastTime, frames)) }
        }
        return result
    }

    private mutating func store(_ direction: Direction, for key: Key, ended: Bool, frame: Int) {
        var direction = direction
        if ended, direction.held.isEmpty {
            // FIN/RST with nothing missing: the direction is done and its state is freed.
            // (Held data behind a gap stays: a retransmission may still fill it after the FIN.)
            release(&direction)
            directions[key] = nil
            return
        }
        directions[key] = direction
    }

    private mutating func release(_ direction: inout Direction) {
        bufferedBytes -= direction.heldBytes + direction.buffer.count
        direction.held = []
        direction.heldBytes = 0
        direction.buffer = []
    }

    private mutating func add(_ segment: TCPSegment, to direction: inout Direction, frame: Int, time: Double) -> [Frame] {
        direction.lastFrame = frame
        direction.lastTime = time
        if segment.flags.contains(.syn), direction.initialSequence == nil {
            direction.initialSequence = segment.sequenceNumber
            direction.next = segment.sequenceNumber &+ 1
        }
        guard !direction.ignored else { return [] }
        var payload = segment.payload
        guard !payload.isEmpty else { return [] }
        let sequence = segment.sequenceNumber &+ (segment.flags.contains(.syn) ? 1 : 0)
        guard let next = direction.next else {
            // Capture started inside the connection: start at this segment, resynchronising.
            direction.next = sequence &+ UInt32(truncatingIfNeeded: payload.count)
            direction.synchronised = false
            return deliver(payload, to: &direction, frame: frame, atSegmentStart: true)
        }
        let offset = Int(Int32(bitPattern: sequence &- next))
        if offset < 0 {
            // Retransmission, possibly with new bytes after the old ones.
            guard payload.count > -offset else { retransmittedSegments += 1; return [] }
            payload = payload.dropFirst(-offset)
            direction.next = next &+ UInt32(truncatingIfNeeded: payload.count)
            var frames = deliver(payload, to: &direction, frame: frame, atSegmentStart: false)
            frames += drainHeld(&direction, frame: frame)
            return frames
        }
        if offset > 0 {
            return hold(payload, sequence: sequence, in: &direction, frame: frame)
        }
        direction.next = next &+ UInt32(truncatingIfNeeded: payload.count)
        var frames = deliver(payload, to: &direction, frame: frame, atSegmentStart: true)
        frames += drainHeld(&direction, frame: frame)
        return frames
    }

    /// Whether `count` more bytes may be held for `direction`.
    private func fits(_ count: Int, _ direction: Direction) -> Bool {
        direction.heldBytes + count <= maximumHeldBytesPerDirection
            && direction.held.count < maximumHeldSegmentsPerDirection
            && bufferedBytes + count <= maximumBufferedBytes
    }

    /// Keeps an out-of-order segment; when a bound would be exceeded, declares the gap lost.
    private mutating func hold(_ payload: ArraySlice<UInt8>, sequence: UInt32, in direction: inout Direction,
                               frame: Int) -> [Frame] {
        if direction.held.contains(where: { $0.sequence == sequence && $0.bytes.count >= payload.count }) {
            retransmittedSegments += 1
            return []
        }
        var frames: [Frame] = []
        if !fits(payload.count, direction) {
            boundHits.add(bytes: payload.count, frame: frame)
            frames = flushHeld(&direction, frame: frame)
            guard let next = direction.next else { return frames }
            let offset = Int(Int32(bitPattern: sequence &- next))
            if offset <= 0 {
                guard payload.count > -offset else { retransmittedSegments += 1; return frames }
                let fresh = payload.dropFirst(-offset)
                direction.next = next &+ UInt32(truncatingIfNeeded: fresh.count)
                frames += deliver(fresh, to: &direction, frame: frame, atSegmentStart: offset == 0)
                return frames + drainHeld(&direction, frame: frame)
            }
            if !fits(payload.count, direction) {
                // Still no room: give up the bytes before this segment and continue from it.
                gaps.add(bytes: offset, frame: frame)
                dropBuffer(&direction)
                direction.next = sequence &+ UInt32(truncatingIfNeeded: payload.count)
                frames += deliver(payload, to: &direction, frame: frame, atSegmentStart: true)
                return frames + drainHeld(&direction, frame: frame)
            }
        }
        let index = direction.held.firstIndex { Int32(bitPattern: $0.sequence &- sequence) > 0 } ?? direction.held.endIndex
        direction.held.insert(HeldSegment(sequence: sequence, bytes: Array(payload)), at: index)
        direction.heldBytes += payload.count
        bufferedBytes += payload.count
        peakBufferedBytes = max(peakBufferedBytes, bufferedBytes)
        return frames
    }

    /// Forgets a partial frame: the stream lost bytes, framing must resynchronise.
    private mutating func dropBuffer(_ direction: inout Direction) {
        bufferedBytes -= direction.buffer.count
        direction.buffer = []
        direction.synchronised = false
    }

    /// Delivers held segments that have become contiguous with the stream.
    private mutating func drainHeld(_ direction: inout Direction, frame: Int) -> [Frame] {
        var frames: [Frame] = []
        while let first = direction.held.first, let next = direction.next {
            let offset = Int(Int32(bitPattern: first.sequence &- next))
            guard offset <= 0 else { break }
            direction.held.removeFirst()
            direction.heldBytes -= first.bytes.count
            bufferedBytes -= first.bytes.count
            guard first.bytes.count > -offset else { retransmittedSegments += 1; continue }
            let fresh = first.bytes[(-offset)...]
            direction.next = next &+ UInt32(truncatingIfNeeded: fresh.count)
            frames += deliver(fresh, to: &direction, frame: frame, atSegmentStart: offset == 0)
        }
        return frames
    }

    /// Declares the gap before the first held segment lost and delivers what follows it.
    private mutating func flushHeld(_ direction: inout Direction, frame: Int) -> [Frame] {
        guard let first = direction.held.first, let next = direction.next else { return [] }
        let missing = Int(Int32(bitPattern: first.sequence &- next))
        if missing > 0 {
            gaps.add(bytes: missing, frame: frame)
            dropBuffer(&direction)
            direction.next = first.sequence
        }
        return drainHeld(&direction, frame: frame)
    }

    /// Appends in-order stream bytes and cuts every complete frame.
    private mutating func deliver(_ bytes: ArraySlice<UInt8>, to direction: inout Direction, frame: Int,
                                  atSegmentStart: Bool) -> [Frame] {
        if !direction.synchronised || direction.framing == nil {
            // Look for a frame start at this segment boundary.
            guard atSegmentStart, direction.buffer.isEmpty else {
                skippedBytes += direction.synchronised ? 0 : bytes.count
                return []
            }
            // ChannelData may open a TURN stream only on the TURN port (a capture that starts
            // after the Allocate); elsewhere its first byte alone is too weak a sign.
            let detected = StreamFraming.detect(bytes, channelDataAllowed: direction.turnPort)
            if let framing = direction.framing {
                guard detected == framing else { skippedBytes += bytes.count; return [] }
                direction.synchronised = true
            } else {
                guard let detected else {
                    direction.detectionTries += 1
                    if direction.initialSequence != nil || direction.detectionTries >= detectionAttempts { direction.ignored = true }
                    return []
                }
                direction.framing = detected
                direction.synchronised = true
            }
        }
        guard let framing = direction.framing else { return [] }
        var frames: [Frame] = []
        var stream: ArraySlice<UInt8>
        let previous = direction.buffer.count
        if direction.buffer.isEmpty {
            stream = bytes
        } else {
            direction.buffer.append(contentsOf: bytes)
            stream = direction.buffer[...]
        }
        let whole = stream
        loop: while !stream.isEmpty {
            switch framing.frame(in: stream) {
            case .frame(let datagram, let consumed):
                if framing == .rfc4571, DatagramKind(classifying: datagram) == .unknown, !datagram.isEmpty {
                    malformedFrames.add(bytes: stream.count, frame: frame)
                    skippedBytes += stream.count
                    direction.synchronised = false
                    stream = stream[stream.endIndex...]
                    break loop
                }
                frames.append(Frame(datagram: datagram, framing: framing))
                stream = stream.dropFirst(consumed)
            case .incomplete:
                break loop
            case .malformed:
                malformedFrames.add(bytes: stream.count, frame: frame)
                skippedBytes += stream.count
                direction.synchronised = false
                stream = stream[stream.endIndex...]
                break loop
            }
        }
        // Keep the unfinished frame (one at most: the framing never needs more than 65,539 bytes).
        let remaining = stream.count
        if remaining == 0 {
            direction.buffer = []
        } else if stream.startIndex != whole.startIndex || direction.buffer.isEmpty {
            direction.buffer = Array(stream)
        }
        bufferedBytes += direction.buffer.count - previous
        if bufferedBytes > maximumBufferedBytes {
            // Every direction together holds too much: this partial frame is given up.
            boundHits.add(bytes: direction.buffer.count, frame: frame)
            dropBuffer(&direction)
        }
        peakBufferedBytes = max(peakBufferedBytes, bufferedBytes)
        return frames
    }
}
