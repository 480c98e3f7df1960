/// `a=rid:<rid-id> <send|recv> [pt=<fmt>,…;<restriction>=<value>;…]` (RFC 8851 §10).
public struct RID: Sendable {
    public enum Direction: Hashable, Sendable { case send, recv }

    public let attribute: Attribute
    public let idRange: Range<Int>
    public let direction: Direction
    public let directionRange: Range<Int>
    /// The `pt=` list with each value's range; empty when not restricted.
    public let payloadTypes: [(value: Int, range: Range<Int>)]
    /// The other restrictions (`max-width=1280`, …) as name/value ranges.
    public let restrictions: [(name: Range<Int>, value: Range<Int>?)]

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("rid"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let id = cursor.next(), let dir = cursor.next() else { return nil }
        if SDPBytes.equal(bytes, dir, "send") { direction = .send }
        else if SDPBytes.equal(bytes, dir, "recv") { direction = .recv }
        else { return nil }
        var pts: [(value: Int, range: Range<Int>)] = []
        var restrictions: [(name: Range<Int>, value: Range<Int>?)] = []
        let rest = cursor.rest
        for item in SeparatedFields(bytes, rest, separator: UInt8(ascii: ";")) where !item.isEmpty {
            let eq = SDPBytes.firstIndex(of: UInt8(ascii: "="), in: bytes, item)
            let name = item.lowerBound..<(eq ?? item.upperBound)
            let itemValue = eq.map { ($0 + 1)..<item.upperBound }
            if SDPBytes.equal(bytes, name, "pt"), let list = itemValue {
                for pt in SeparatedFields(bytes, list, separator: UInt8(ascii: ",")) {
                    guard let n = SDPBytes.integer(bytes, pt) else { return nil }
                    pts.append((n, pt))
                }
            } else {
                restrictions.append((name, itemValue))
            }
        }
        self.attribute = attribute
        self.idRange = id
        self.directionRange = dir
        self.payloadTypes = pts
        self.restrictions = restrictions
    }

    public var id: String { SDPBytes.string(attribute.bytes, idRange) }
}

/// `a=simulcast:<send|recv> <list> [<recv|send> <list>]` (RFC 8853 §5.1). A list is
/// `;`-separated simulcast streams, each a `,`-separated list of alternative rids; a rid
/// prefixed with `~` starts paused.
public struct Simulcast: Sendable {
    /// One rid in a stream's alternatives.
    public struct Alternative: Sendable {
        public let ridRange: Range<Int>
        public let isPaused: Bool
    }

    public let attribute: Attribute
    /// Streams in the send direction; each stream lists its alternatives.
    public let send: [[Alternative]]
    /// Streams in the receive direction.
    public let receive: [[Alternative]]

    public init?(_ attribute: Attribute) {
        guard attribute.hasName("simulcast"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        var send: [[Alternative]] = []
        var receive: [[Alternative]] = []
        var seenSend = false
        var seenReceive = false
        while let dir = cursor.next() {
            guard let list = cursor.next() else { return nil }
            let isSend: Bool
            if SDPBytes.equal(bytes, dir, "send") { isSend = true }
            else if SDPBytes.equal(bytes, dir, "recv") { isSend = false }
            else { return nil }
            if isSend ? seenSend : seenReceive { return nil }
            var streams: [[Alternative]] = []
            for stream in SeparatedFields(bytes, list, separator: UInt8(ascii: ";")) {
                var alternatives: [Alternative] = []
                for alt in SeparatedFields(bytes, stream, separator: UInt8(ascii: ",")) {
                    var rid = alt
                    let paused = !alt.isEmpty && bytes[alt.lowerBound] == UInt8(ascii: "~")
                    if paused { rid = (alt.lowerBound + 1)..<alt.upperBound }
                    guard !rid.isEmpty else { return nil }
                    alternatives.append(Alternative(ridRange: rid, isPaused: paused))
                }
                streams.append(alternatives)
            }
            if isSend { send = streams; seenSend = true } else { receive = streams; seenReceive = true }
        }
        guard seenSend || seenReceive else { return nil }
        self.attribute = attribute
        self.send = send
        self.receive = receive
    }

    /// The rid names in a direction, flattened (for messages and tests).
    public func rids(sending: Bool) -> [String] {
        (sending ? send : receive).flatMap { $0.map { SDPBytes.string(attribute.bytes, $0.ridRange) } }
    }
}
