import Wire

/// Identifies an RTP stream: the UDP 5-tuple's addresses and ports plus the SSRC, as
/// Wireshark's RTP stream list does.
public struct RTPStreamKey: Hashable, Sendable, Comparable {
    public let source: Endpoint
    public let destination: Endpoint
    public let ssrc: UInt32

    public static func < (a: RTPStreamKey, b: RTPStreamKey) -> Bool {
        (a.source.description, a.destination.description, a.ssrc) < (b.source.description, b.destination.description, b.ssrc)
    }
}

/// An IP address and port.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `127.0.0.1:5004` or `[::1]:5004`.
    public var description: String {
        address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}

/// The static payload types' clock rates (RFC 3551 §6, Table 4 and 5).
public enum StaticPayloadTypes {
    /// Clock rate in Hz of a static payload type, or `nil` for unassigned and dynamic ones.
    public static func clockRate(_ pt: UInt8) -> Int? {
        switch pt {
        case 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 15, 18, 19: 8000   // PCMU … G729, CN; G722's RTP clock is 8000 (§4.5.2)
        case 6: 16000       // DVI4/16000
        case 10, 11: 44100  // L16
        case 16: 11025      // DVI4/11025
        case 17: 22050      // DVI4/22050
        case 14, 25, 26, 28, 31, 32, 33, 34: 90000  // MPA, CelB, JPEG, nv, H261, MPV, MP2T, H263
        default: nil
        }
    }

    /// Encoding names of the static payload types, as tshark prints them.
    public static func name(_ pt: UInt8) -> String? {
        switch pt {
        case 0: "g711U"
        case 3: "GSM"
        case 4: "g723"
        case 8: "g711A"
        case 9: "g722"
        case 13: "CN"
        case 18: "g729"
        case 26: "JPEG"
        case 31: "h261"
        case 34: "h263"
        default: nil
        }
    }
}

/// Per-stream RTP statistics, computed in one pass with constant memory.
///
/// Two views of the same packets are kept:
/// - the definitions of Wireshark's RTP stream analysis (`-z rtp,streams`): lost as
///   "last sequence number seen − first + 1 − received" with its wrap heuristic, sequence
///   errors, deltas and jitter over "regular" packets (not the first, no marker bit, no
///   comfort noise, timestamp not going back), so that users get the numbers they know;
/// - RFC 3550 A.1/A.3 for `expected`/`lost`, with the extended highest sequence number,
///   which stays right when packets are reordered (where Wireshark's figure breaks).
///
/// Jitter is RFC 3550 A.8 in milliseconds, J += (|D| − J)/16, with D computed against the
/// previous in-order packet; it needs the stream's clock rate (0 means unknown: no jitter).
public struct RTPStreamStatistics: Sendable {
    public let key: RTPStreamKey
    public private(set) var packets = 0
    /// RTP bytes (header + payload + padding).
    public private(set) var bytes = 0
    /// Payload types in order of first appearance.
    public private(set) var payloadTypes: [UInt8] = []
    public private(set) var firstFrame = 0
    public private(set) var lastFrame = 0
    /// Milliseconds from the capture's first frame.
    public private(set) var startTime = 0.0
    public private(set) var endTime = 0.0
    /// Clock rate used for jitter, Hz (0: unknown).
    public private(set) var clockRate = 0
    public private(set) var isIPv6 = false

    // Wireshark's definitions.
    public private(set) var sequenceErrors = 0
    public private(set) var minDelta = -1.0
    public private(set) var meanDelta = 0.0
    public private(set) var maxDelta = 0.0
    public private(set) var maxDeltaFrame = 0
    public private(set) var minJitter = -1.0
    public private(set) var meanJitter = 0.0
    public private(set) var maxJitter = 0.0
    /// The jitter after the last packet.
    public private(set) var jitter = 0.0
    private var startSequence: UInt16 = 0
    private var stopSequence: UInt16 = 0
    private var lastInOrderSequence: UInt16 = 0
    private var sequenceCycles = 0
    private var under = false
    private var lastTime = 0.0
    private var lastPayloadType: UInt8 = 0
    private var firstTimestamp: UInt32 = 0
    private var lastNominal = 0.0
    private var delta = 0.0

    // RFC 3550 A.8 over every packet in arrival order (Wireshark's own jitter skips some).
    /// Interarrival jitter after the last packet, ms: what an RTCP receiver report would carry.
    public private(set) var rfc3550Jitter = 0.0
    /// The highest interarrival jitter reached, ms.
    public private(set) var rfc3550MaxJitter = 0.0
    private var lastTransit: Double?
    private var lastRawTimestamp: UInt32 = 0
    private var extendedTimestamp: Int64 = 0

    // RFC 3550 A.1 / A.3.
    /// The lowest extended sequence number seen: the first packet's, or a late packet's from before it.
    private var baseSequence: Int = 0
    private var maxSequence: UInt16 = 0
    private var cycles: UInt32 = 0
    /// RFC 3550 A.1 bad_seq: the sequence number that would confirm a large jump.
    private var pendingJump: UInt16?
    /// Packets whose sequence number was already seen (exact duplicates within the last 64 Ki).
    public private(set) var duplicates = 0
    /// Packets arriving with a sequence number below the highest seen (and not duplicates).
    public private(set) var outOfOrder = 0
    private var seen = SequenceWindow()

    public init(key: RTPStreamKey) { self.key = key }

    /// Wireshark's "Lost": (last seq + 65536·cycles) − first seq + 1 − packets.
    public var wiresharkExpected: Int { Int(stopSequence) + sequenceCycles * 65536 - Int(startSequence) + 1 }
    public var wiresharkLost: Int { wiresharkExpected - packets }

    /// RFC 3550 A.3 expected: extended highest sequence number − base + 1. Offline, the base is
    /// the lowest sequence number seen, so that a packet overtaken by its successor at the very
    /// start counts as received and not as a negative loss.
    public var expected: Int { packets == 0 ? 0 : Int(cycles) + Int(maxSequence) - baseSequence + 1 }
    /// RFC 3550 A.3 lost: expected − received (negative with duplicates).
    public var lost: Int { expected - packets }

    /// Seconds between first and last packet.
    public var duration: Double { (endTime - startTime) / 1000 }
    /// Mean bit rate over the stream's duration, bits per second (RTP bytes).
    public var meanBitrate: Double { duration > 0 ? Double(bytes * 8) / duration : 0 }

    /// Folds in one packet that arrived `time` ms after the capture's first frame.
    ///
    /// - Parameters:
    ///   - clockRate: the payload type's clock rate in Hz, 0 if unknown.
    public mutating func add(_ rtp: RTPPacket, size: Int, frame: Int, time: Double, clockRate rate: Int, ipv6: Bool) {
        add(RTPHeaderFields(rtp), size: size, frame: frame, time: time, clockRate: rate, ipv6: ipv6)
    }

    /// Folds in one packet given by the header fields the statistics use (what the
    /// analyzer's fast path reads without building an ``RTPPacket``).
    mutating func add(_ rtp: RTPHeaderFields, size: Int, frame: Int, time: Double, clockRate rate: Int, ipv6: Bool) {
        bytes += size
        if !payloadTypes.contains(rtp.payloadType) { payloadTypes.append(rtp.payloadType) }
        lastFrame = frame
        endTime = time
        let sequence = rtp.sequenceNumber

        updateRFC3550Jitter(rtp.timestamp, time: time, rate: rate)
        if packets == 0 {
            packets = 1
            firstFrame = frame
            startTime = time
            isIPv6 = ipv6
            startSequence = sequence
            stopSequence = sequence
            lastInOrderSequence = sequence
            lastTime = time
            firstTimestamp = rtp.timestamp
            lastPayloadType = rtp.payloadType
            if rate > 0 { clockRate = rate }
            baseSequence = Int(sequence)
            maxSequence = sequence
            seen.insert(sequence)
            return
        }
        updateRFC3550(sequence)

        // Wireshark: a packet whose timestamp is before the first packet's (or more than 2^31
        // after it) is "not in time sequence"; it counts, but not for delta or jitter.
        let sinceFirst = rtp.timestamp &- firstTimestamp
        let inTimeSequence = rtp.timestamp >= firstTimestamp && sinceFirst < 0x8000_0000
        if inTimeSequence {
            if sequence < startSequence, !under {
                sequenceCycles += 1
                under = true
            } else if sequence == 0, stopSequence == 65535, !under {
                sequenceCycles += 1
                under = true
            } else if sequence > startSequence, under {
                under = false
            }
        }
        // Wireshark's sequence check (its counters are 32-bit, so 65535 + 1 ≠ 0 there and the
        // wrap is a case of its own; `&+` on 16 bits covers both).
        if inTimeSequence, lastInOrderSequence &+ 1 == sequence {
            lastInOrderSequence = sequence
        } else if inTimeSequence, Int(lastInOrderSequence) + 1 < Int(sequence)
                    || (sequence <= lastInOrderSequence && lastInOrderSequence - sequence > 0xFF00) {
            // A gap, or a backward jump so large that it must be a wrap after losses.
            lastInOrderSequence = sequence
            sequenceErrors += 1
        } else if Int(lastInOrderSequence) + 1 > Int(sequence) {
            // Late or duplicated.
            sequenceErrors += 1
        }

        let comfortNoise = rtp.payloadType == 13 || rtp.payloadType == 19
        let followsComfortNoise = lastPayloadType == 13 || lastPayloadType == 19
        lastPayloadType = rtp.payloadType
        var difference = 0.0
        if inTimeSequence {
            if rate > 0 {
                clockRate = rate
                // RFC 3550 A.8 in ms: D = (arrival − previous arrival) − (ts − previous ts)/rate.
                let nominal = Double(sinceFirst) / (Double(rate) / 1000)
                let expectedTime = lastTime + (nominal - lastNominal)
                difference = abs(time - expectedTime)
                jitter = (15 * jitter + difference) / 16
                lastNominal = nominal
            }
            delta = time - lastTime
        }
        let regular = !rtp.marker && !comfortNoise && !followsComfortNoise && inTimeSequence
        if regular {
            if delta > maxDelta {
                maxDelta = delta
                maxDeltaFrame = frame
            }
            if minDelta == -1 || delta < minDelta { minDelta = delta }
            // Wireshark divides by the packets before this one (N−1 deltas for N packets).
            meanDelta = (meanDelta * Double(packets - 1) + delta) / Double(packets)
            if rate > 0 {
                if jitter > maxJitter { maxJitter = jitter }
                meanJitter = (meanJitter * Double(packets - 1) + jitter) / Double(packets)
                if minJitter == -1 || jitter < minJitter { minJitter = jitter }
            }
        }
        if inTimeSequence { lastTime = time }
        stopSequence = sequence
        packets += 1
    }

    /// RFC 3550 A.8: transit = arrival − timestamp/rate; J += (|D| − J)/16 with D the change in
    /// transit between consecutive arrivals. Timestamps are unwrapped relative to the previous one.
    private mutating func updateRFC3550Jitter(_ timestamp: UInt32, time: Double, rate: Int) {
        if packets == 0 {
            extendedTimestamp = Int64(timestamp)
        } else {
            extendedTimestamp += Int64(Int32(bitPattern: timestamp &- lastRawTimestamp))
        }
        lastRawTimestamp = timestamp
        guard rate > 0 else { return }
        let transit = time - Double(extendedTimestamp) * 1000 / Double(rate)
        if let last = lastTransit {
            rfc3550Jitter += (abs(transit - last) - rfc3550Jitter) / 16
            rfc3550MaxJitter = max(rfc3550MaxJitter, rfc3550Jitter)
        }
        lastTransit = transit
    }

    /// RFC 3550 A.1: extended highest sequence number, counting wraps; the probation and
    /// resync logic of A.1 is not needed after the fact and is left out. Also counts
    /// duplicates and out-of-order arrivals.
    private mutating func updateRFC3550(_ sequence: UInt16) {
        let maxDropout: UInt16 = 3000
        let maxMisorder: UInt16 = 100
        let udelta = sequence &- maxSequence
        if seen.contains(sequence) {
            duplicates += 1
        } else if udelta == 0 {
            duplicates += 1
        } else if udelta < maxDropout {
            if sequence < maxSequence { cycles += 65536 }
            maxSequence = sequence
        } else if udelta <= UInt16.max - maxMisorder {
            // A very large jump (A.1): believed only when the next packet follows it (bad_seq),
            // otherwise it is a very late packet and must not count a wrap.
            if sequence == pendingJump {
                if sequence < maxSequence { cycles += 65536 }
                maxSequence = sequence
            } else {
                pendingJump = sequence &+ 1
                outOfOrder += 1
            }
        } else {
            outOfOrder += 1
            // Behind the highest: its extended number is in this cycle, or the previous one if it is above the highest.
            let extended = Int(cycles) + Int(sequence) - (sequence > maxSequence ? 65536 : 0)
            baseSequence = min(baseSequence, extended)
        }
        seen.insert(sequence)
    }
}

/// The RTP header fields the statistics use (RFC 3550 §5.1).
struct RTPHeaderFields {
    let payloadType: UInt8
    let marker: Bool
    let sequenceNumber: UInt16
    let timestamp: UInt32
    let ssrc: UInt32
}

extension RTPHeaderFields {
    init(_ rtp: RTPPacket) {
        self.init(payloadType: rtp.payloadType, marker: rtp.marker, sequenceNumber: rtp.sequenceNumber,
                  timestamp: rtp.timestamp, ssrc: rtp.ssrc)
    }
}

/// A bitmap of the sequence numbers seen recently (the last 65 536), to tell duplicates
/// from late packets in constant memory (8 KiB per stream).
///
/// The bitmap is allocated at a stream's second packet: until then the one sequence number
/// seen is kept alone, so that the many one-packet "streams" of non-RTP traffic in the RTP
/// first-byte range cost no 8 KiB each.
struct SequenceWindow: Sendable {
    private var bits: [UInt64] = []
    private var only: UInt16?

    func contains(_ sequence: UInt16) -> Bool {
        if bits.isEmpty { return only == sequence }
        return bits[Int(sequence >> 6)] & (1 << UInt64(sequence & 63)) != 0
    }

    mutating func insert(_ sequence: UInt16) {
        if bits.isEmpty {
            guard let first = only else { only = sequence; return }
            bits = [UInt64](repeating: 0, count: 1024)
            only = nil
            set(first)
        }
        set(sequence)
    }

    private mutating func set(_ sequence: UInt16) {
        bits[Int(sequence >> 6)] |= 1 << UInt64(sequence & 63)
        // Forget the half of the space opposite to `sequence`, so a wrap does not look like duplicates.
        let opposite = Int((sequence &+ 32768) >> 6)
        bits[opposite] = 0
    }
}
