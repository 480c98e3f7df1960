/// A one-pass proof that no lint rule fires on a description, so that the common case
/// (a well-formed description from a real stack) costs one walk over the lines.
///
/// The screen reads every line once, over unsafe buffers of the bytes and the line
/// table, and keeps per-section facts as integers, 128-bit payload-type sets and byte
/// ranges: no views, no strings, no dictionaries. For each rule of ``Linter/checks`` it
/// tests a condition that holds whenever the rule would report something; anything it
/// does not model precisely (legacy SCTP and a=sctpmap, a second BUNDLE group, an address
/// ending in .local, a payload type written twice in different forms, …) counts as "might
/// fire". Only when every
/// condition is false does lint skip the rule table; otherwise the rules run as before
/// and produce the findings with their messages. The screen therefore never changes a
/// finding: it may only send a clean description down the slow path.
///
/// The conditions mirror the check functions in this folder rule by rule (the comments
/// name the rule); a rule change must change its condition here too. `LintScreenTests`
/// compare both paths over the corpus, the rule cases and mutated corpus descriptions.
enum LintScreen {
    /// Whether the description provably has no rule findings (parse findings aside).
    static func provesClean(_ description: SessionDescription) -> Bool {
        stop(description) == nil
    }

    /// `nil` when the description is provably clean, else the 0-based index of the line
    /// the screen stopped at (`lines.count` when it stopped after the last section).
    static func stop(_ description: SessionDescription) -> Int? {
        description.bytes.withUnsafeBufferPointer { bytes in
            description.lines.withUnsafeBufferPointer { lines in
                ScreenStorage.withStorage { storage in
                    var screen = Screen(bytes: bytes, lines: lines, storage: storage)
                    return screen.run() ? nil : screen.current
                }
            }
        }
    }
}

/// Payload types 0–34: static assignments (RFC 3551 §6) that need no rtpmap.
private let staticPayloadTypes = PayloadTypeBits(low: (1 << 35) - 1, high: 0)
/// Payload types 64–95, which collide with RTCP packet types under rtcp-mux (RFC 5761 §4).
private let rtcpConflictPayloadTypes = PayloadTypeBits(low: 0, high: (1 << 32) - 1)

/// Per byte: bit 0 set for a hex digit, bit 1 for ':' (fingerprint digests, RFC 8122 §5).
private let digestByteClasses: [UInt8] = (0..<256).map { c -> UInt8 in
    let byte = UInt8(c)
    return (SDPBytes.isHexDigit(byte) ? 0b01 : 0) | (byte == UInt8(ascii: ":") ? 0b10 : 0)
}

/// A 128-bit payload-type set with the set operations the screen needs.
struct PayloadTypeBits: Equatable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    @inline(__always)
    func contains(_ pt: Int) -> Bool {
        guard pt >= 0 && pt < 128 else { return false }
        return pt < 64 ? low & (1 << UInt64(pt)) != 0 : high & (1 << UInt64(pt - 64)) != 0
    }

    /// Inserts `pt` (0–127); returns whether it was new.
    @inline(__always)
    mutating func insert(_ pt: Int) -> Bool {
        guard pt >= 0 && pt < 128 else { return false }
        let had = contains(pt)
        if pt < 64 { low |= 1 << UInt64(pt) } else { high |= 1 << UInt64(pt - 64) }
        return !had
    }

    @inline(__always) func subtracting(_ other: PayloadTypeBits) -> PayloadTypeBits {
        PayloadTypeBits(low: low & ~other.low, high: high & ~other.high)
    }
    @inline(__always) func intersects(_ other: PayloadTypeBits) -> Bool {
        low & other.low != 0 || high & other.high != 0
    }
    @inline(__always) var isEmpty: Bool { low == 0 && high == 0 }

    /// The payload types in the set, in increasing order (one step per member, not 128).
    var members: Members { Members(low: low, high: high) }

    struct Members: Sequence, IteratorProtocol {
        var low: UInt64
        var high: UInt64

        mutating func next() -> Int? {
            if low != 0 {
                let pt = low.trailingZeroBitCount
                low &= low &- 1
                return pt
            }
            if high != 0 {
                let pt = high.trailingZeroBitCount
                high &= high &- 1
                return 64 + pt
            }
            return nil
        }
    }
}

/// Field and number scanning over an unsafe buffer, with the semantics of
/// ``FieldCursor``, ``SeparatedFields`` and ``SDPBytes`` (ranges are clamped first).
private struct Scan {
    let b: UnsafeBufferPointer<UInt8>

    @inline(__always) func clamp(_ r: Range<Int>) -> Range<Int> {
        let upper = min(max(r.upperBound, 0), b.count)
        return min(max(r.lowerBound, 0), upper)..<upper
    }

    /// The first offset in `from..<end` (within the buffer) holding SP or HTAB (`byte`
    /// alone when `orTab` is false), else `end`; eight bytes at a time.
    @inline(__always) func next(_ byte: UInt8, orTab: Bool, from: Int, to end: Int) -> Int {
        var i = from
        if let base = b.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let pattern = ones &* UInt64(byte)
            let tabs = ones &* 0x09
            while i + 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                // A zero byte of word ^ pattern is a match; the lowest flag is exact.
                let x = word ^ pattern
                var found = (x &- ones) & ~x & highs
                if orTab {
                    let t = word ^ tabs
                    found |= (t &- ones) & ~t & highs
                }
                if found != 0 { return i + found.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < end {
            let c = b[i]
            if c == byte || (orTab && c == 0x09) { return i }
            i += 1
        }
        return end
    }

    /// `SDPBytes.integer`: 1–18 digits.
    @inline(__always) func integer(_ r: Range<Int>) -> Int? {
        guard !r.isEmpty, r.count <= 18, r.lowerBound >= 0, r.upperBound <= b.count else { return nil }
        var value = 0
        var i = r.lowerBound
        while i < r.upperBound {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            value = value &* 10 &+ Int(c &- 0x30)
            i += 1
        }
        return value
    }

    @inline(__always) func equal(_ r: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard r.count == count, r.lowerBound >= 0, r.upperBound <= b.count else { return false }
        return literal.withUTF8Buffer { lit in
            var i = 0
            while i < count {
                if b[r.lowerBound + i] != lit[i] { return false }
                i += 1
            }
            return true
        }
    }

    @inline(__always) func equalIgnoringCase(_ r: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard r.count == count, r.lowerBound >= 0, r.upperBound <= b.count else { return false }
        return literal.withUTF8Buffer { lit in
            var i = 0
            while i < count {
                if SDPBytes.lowercased(b[r.lowerBound + i]) != SDPBytes.lowercased(lit[i]) { return false }
                i += 1
            }
            return true
        }
    }

    @inline(__always) func equal(_ x: Range<Int>, _ y: Range<Int>) -> Bool {
        guard x.count == y.count, x.lowerBound >= 0, y.lowerBound >= 0,
              x.upperBound <= b.count, y.upperBound <= b.count else { return false }
        var i = 0
        // Eight bytes at a time: extension URIs and mids share long prefixes.
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= x.count {
                if raw.loadUnaligned(fromByteOffset: x.lowerBound + i, as: UInt64.self)
                    != raw.loadUnaligned(fromByteOffset: y.lowerBound + i, as: UInt64.self) { return false }
                i += 8
            }
        }
        while i < x.count {
            if b[x.lowerBound + i] != b[y.lowerBound + i] { return false }
            i += 1
        }
        return true
    }

    @inline(__always) func trimmed(_ r: Range<Int>) -> Range<Int> {
        let r = clamp(r)
        var lower = r.lowerBound
        var upper = r.upperBound
        while lower < upper && SDPBytes.isSpace(b[lower]) { lower += 1 }
        while upper > lower && SDPBytes.isSpace(b[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    @inline(__always) func firstIndex(of byte: UInt8, in r: Range<Int>) -> Int? {
        let r = clamp(r)
        let i = next(byte, orTab: false, from: r.lowerBound, to: r.upperBound)
        return i < r.upperBound ? i : nil
    }

    /// The value range of the first `;`-separated `name=value` item named `name`
    /// (``FormatParameters/valueRange(for:)``).
    func parameter(_ params: Range<Int>, _ name: StaticString) -> Range<Int>? {
        var items = Pieces(self, params, separator: UInt8(ascii: ";"))
        while let item = items.next() {
            let t = trimmed(item)
            guard let eq = firstIndex(of: UInt8(ascii: "="), in: t) else { continue }
            if equalIgnoringCase(trimmed(t.lowerBound..<eq), name) { return trimmed((eq + 1)..<t.upperBound) }
        }
        return nil
    }

    /// ``parameter(_:_:)`` for two names in one walk over the items: each result is the
    /// value of the first item with that name.
    func parameters(_ params: Range<Int>, _ first: StaticString, _ second: StaticString) -> (Range<Int>?, Range<Int>?) {
        var a: Range<Int>? = nil
        var b: Range<Int>? = nil
        var items = Pieces(self, params, separator: UInt8(ascii: ";"))
        while let item = items.next() {
            let t = trimmed(item)
            guard let eq = firstIndex(of: UInt8(ascii: "="), in: t) else { continue }
            let name = trimmed(t.lowerBound..<eq)
            if a == nil && equalIgnoringCase(name, first) {
                a = trimmed((eq + 1)..<t.upperBound)
            } else if b == nil && equalIgnoringCase(name, second) {
                b = trimmed((eq + 1)..<t.upperBound)
            }
            if a != nil && b != nil { break }
        }
        return (a, b)
    }
}

/// ``FieldCursor`` over an unsafe buffer.
private struct Fields {
    let b: UnsafeBufferPointer<UInt8>
    var p: Int
    let end: Int

    @inline(__always) init(_ scan: Scan, _ r: Range<Int>) {
        let r = scan.clamp(r)
        b = scan.b
        p = r.lowerBound
        end = r.upperBound
    }

    @inline(__always) mutating func next() -> Range<Int>? {
        while p < end && SDPBytes.isSpace(b[p]) { p += 1 }
        guard p < end else { return nil }
        let start = p
        p = Scan(b: b).next(0x20, orTab: true, from: p, to: end)
        return start..<p
    }

    @inline(__always) var rest: Range<Int> {
        var i = p
        while i < end && SDPBytes.isSpace(b[i]) { i += 1 }
        return i..<end
    }

    @inline(__always) var isAtEnd: Bool { rest.isEmpty }
}

/// ``SeparatedFields`` over an unsafe buffer.
private struct Pieces {
    let b: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    var p: Int
    let end: Int
    var done: Bool

    @inline(__always) init(_ scan: Scan, _ r: Range<Int>, separator: UInt8) {
        let c = scan.clamp(r)
        b = scan.b
        self.separator = separator
        p = c.lowerBound
        end = c.upperBound
        done = r.isEmpty
    }

    @inline(__always) mutating func next() -> Range<Int>? {
        guard !done else { return nil }
        let start = p
        p = Scan(b: b).next(separator, orTab: false, from: p, to: end)
        let piece = start..<p
        if p < end { p += 1 } else { done = true }
        return piece
    }
}

/// A list of at most `capacity` trivial values (integers and ranges, never deinitialised)
/// in memory the caller owns (the stack of
/// ``ScreenStorage/withStorage(_:)``), so that screening a description allocates nothing.
/// A full list refuses to grow: the screen then answers "might fire", which is always safe.
struct ScratchList<Element>: RandomAccessCollection {
    private let base: UnsafeMutablePointer<Element>
    private let capacity: Int
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<Element>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "ScratchList index out of range")
        return base[position]
    }

    /// Appends `element`; `false` when the list is full.
    mutating func tryAppend(_ element: Element) -> Bool {
        guard count < capacity else { return false }
        (base + count).initialize(to: element)
        count += 1
        return true
    }

    mutating func removeAll() { count = 0 }
}

/// The screen's lists, in stack memory for the duration of one screening. Each block stays
/// within the 1 KB that `withUnsafeTemporaryAllocation` always takes from the stack (a
/// larger one asks the runtime about the thread's stack, which costs more than it saves).
/// The capacities are well above what browsers write (the corpus's largest section has 31
/// fmtp lines, 13 extmaps and 6 SSRCs); a description that needs more takes the slow path.
private struct ScreenStorage {
    var groupMids: ScratchList<Range<Int>>
    var mids: ScratchList<Range<Int>>
    var ssrcs: ScratchList<UInt32>
    var groupSSRCs: ScratchList<UInt32>
    var ssrcsBefore: ScratchList<UInt32>
    var formatParameters: ScratchList<FormatParameterFact>
    var extensions: ScratchList<ExtensionFact>
    var bundleExtensions: ScratchList<ExtensionFact>
    var rids: ScratchList<RIDFact>
    var simulcastRIDs: ScratchList<RIDFact>

    static func withStorage<R>(_ body: (ScreenStorage) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: 64) { ranges in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 256) { ids in
                withUnsafeTemporaryAllocation(of: FormatParameterFact.self, capacity: 42) { fmtps in
                    withUnsafeTemporaryAllocation(of: ExtensionFact.self, capacity: 42) { exts in
                        withUnsafeTemporaryAllocation(of: RIDFact.self, capacity: 42) { ridFacts in
                            guard let r = ranges.baseAddress, let i = ids.baseAddress, let f = fmtps.baseAddress,
                                  let e = exts.baseAddress, let d = ridFacts.baseAddress else {
                                preconditionFailure("temporary allocation without an address")
                            }
                            let storage = ScreenStorage(
                                groupMids: ScratchList<Range<Int>>(r, capacity: 32),
                                mids: ScratchList<Range<Int>>(r + 32, capacity: 32),
                                ssrcs: ScratchList<UInt32>(i, capacity: 64),
                                groupSSRCs: ScratchList<UInt32>(i + 64, capacity: 64),
                                ssrcsBefore: ScratchList<UInt32>(i + 128, capacity: 128),
                                formatParameters: ScratchList<FormatParameterFact>(f, capacity: 42),
                                extensions: ScratchList<ExtensionFact>(e, capacity: 21),
                                bundleExtensions: ScratchList<ExtensionFact>(e + 21, capacity: 21),
                                rids: ScratchList<RIDFact>(d, capacity: 21),
                                simulcastRIDs: ScratchList<RIDFact>(d + 21, capacity: 21))
                            return body(storage)
                        }
                    }
                }
            }
        }
    }
}

/// What the screen remembers of one fmtp line until its section ends.
private struct FormatParameterFact {
    /// The format as a payload type, or -1.
    var payloadType: Int
    var parameters: Range<Int>
}

/// A rid declared by a=rid or named by a=simulcast.
private struct RIDFact {
    var id: Range<Int>
    var isSend: Bool
}

/// What the screen remembers of one extmap line.
private struct ExtensionFact {
    var id: Int
    var uri: Range<Int>
}

/// Every method of the screen is `mutating`, even those that only read: the struct is
/// large, and a non-mutating call from a mutating one copies all of it (memcpy) to pass
/// `self`, where an inout `self` is passed by address.
private struct Screen {
    let scan: Scan
    let lines: UnsafeBufferPointer<Line>
    var b: UnsafeBufferPointer<UInt8> { scan.b }

    init(bytes: UnsafeBufferPointer<UInt8>, lines: UnsafeBufferPointer<Line>, storage: ScreenStorage) {
        self.scan = Scan(b: bytes)
        self.lines = lines
        groupMids = storage.groupMids
        mids = storage.mids
        ssrcsBefore = storage.ssrcsBefore
        bundleExtensions = storage.bundleExtensions
        formatParameterFacts = storage.formatParameters
        extensions = storage.extensions
        ssrcs = storage.ssrcs
        groupSSRCs = storage.groupSSRCs
        rids = storage.rids
        simulcastRIDs = storage.simulcastRIDs
    }

    /// The line being read (for tests that ask why a description was not screened).
    var current = 0

    // Session-level facts that media sections consult.
    var sessionHasConnection = false
    var sessionPresent: UInt64 = 0
    var sessionUfrag: Range<Int>? = nil
    var sessionHasUfrag = false
    var groupMids: ScratchList<Range<Int>>
    /// Indices into ``groupMids`` of the BUNDLE group's mids (at most one group).
    var bundleMids: Range<Int>? = nil
    var bundleGroupCount = 0

    // Collected over media sections.
    /// Attribute kinds present in some section of the BUNDLE group.
    var bundlePresent: UInt64 = 0
    /// Attribute kinds some port-0 bundle-only section relies on its group for.
    var fromBundle: UInt64 = 0
    var mids: ScratchList<Range<Int>>
    var ssrcsBefore: ScratchList<UInt32>
    var bundleExtensions: ScratchList<ExtensionFact>

    // The section being read.
    var isMedia = false
    var highestRank = -1
    var seenTypes: UInt32 = 0
    var sawTiming = false
    var hasConnection = false
    var present: UInt64 = 0
    var directions = 0
    var port = 0
    var transport = TransportProtocol.other
    var isRTP = false
    var listed = PayloadTypeBits()
    var mapped = PayloadTypeBits()
    var rtx = PayloadTypeBits()
    var red = PayloadTypeBits()
    var h264 = PayloadTypeBits()
    var vp9 = PayloadTypeBits()
    var av1 = PayloadTypeBits()
    var formatParameterFacts: ScratchList<FormatParameterFact>
    var extensions: ScratchList<ExtensionFact>
    var extensionIDs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var maxExtensionID = 0
    var mid: Range<Int>? = nil
    var ufrag: Range<Int>? = nil
    var hasUfrag = false
    var candidateUfrag: Range<Int>? = nil
    var ssrcs: ScratchList<UInt32>
    var groupSSRCs: ScratchList<UInt32>
    var rids: ScratchList<RIDFact>
    var simulcastRIDs: ScratchList<RIDFact>

    @inline(__always) static func bit(_ kind: AttributeKind) -> UInt64 { 1 << UInt64(kind.rawValue) }
    @inline(__always) func has(_ kind: AttributeKind) -> Bool { present & (1 << UInt64(kind.rawValue)) != 0 }
    @inline(__always) func sessionHas(_ kind: AttributeKind) -> Bool { sessionPresent & (1 << UInt64(kind.rawValue)) != 0 }

    mutating func run() -> Bool {
        guard !lines.isEmpty else { return false }
        startSection(media: false)
        var sawContent = false
        for index in lines.indices {
            current = index
            let line = lines[index]
            if !sawContent && !line.isBlank {
                // SDP-SYNTAX-005: the first non-blank line is `v=0`.
                sawContent = true
                guard line.type == UInt8(ascii: "v"), scan.integer(scan.trimmed(line.valueRange)) == 0 else { return false }
            }
            guard let type = line.type else { continue }
            if type == UInt8(ascii: "m") {
                guard finishSection() else { return false }
                startSection(media: true)
                guard mediaLine(line) else { return false }
            }
            guard order(line, type) else { return false }
            switch type {
            case UInt8(ascii: "a"): guard attribute(line) else { return false }
            case UInt8(ascii: "o"): guard origin(line) else { return false }
            case UInt8(ascii: "c"): guard connection(line) else { return false }
            case UInt8(ascii: "b"): guard bandwidth(line) else { return false }
            case UInt8(ascii: "t"): guard timing(line) else { return false }
            default: break
            }
        }
        current = lines.count
        guard finishSection() else { return false }
        // Transport attributes that port-0 bundle-only sections take from their group.
        guard fromBundle & ~bundlePresent == 0 else { return false }
        // SDP-BUNDLE-002: every mid a group names exists.
        for groupMid in groupMids where !mids.contains(where: { scan.equal($0, groupMid) }) { return false }
        return true
    }

    /// Type letters the session level must have (SDP-SYNTAX-006): o=, s= and t=.
    static let requiredSessionTypes: UInt32 = 1 << UInt32(UInt8(ascii: "o") - UInt8(ascii: "a"))
        | 1 << UInt32(UInt8(ascii: "s") - UInt8(ascii: "a")) | 1 << UInt32(UInt8(ascii: "t") - UInt8(ascii: "a"))

    // MARK: Sections

    mutating func startSection(media: Bool) {
        isMedia = media
        highestRank = -1
        seenTypes = 0
        sawTiming = false
        hasConnection = false
        present = 0
        directions = 0
        port = 0
        transport = .other
        isRTP = false
        listed = PayloadTypeBits()
        mapped = PayloadTypeBits()
        rtx = PayloadTypeBits()
        red = PayloadTypeBits()
        h264 = PayloadTypeBits()
        vp9 = PayloadTypeBits()
        av1 = PayloadTypeBits()
        formatParameterFacts.removeAll()
        extensions.removeAll()
        extensionIDs = (0, 0, 0, 0)
        maxExtensionID = 0
        mid = nil
        ufrag = nil
        hasUfrag = false
        candidateUfrag = nil
        ssrcs.removeAll()
        groupSSRCs.removeAll()
        rids.removeAll()
        simulcastRIDs.removeAll()
    }

    /// SDP-SYNTAX-004 (field order, duplicates, r= before t=), as ``SyntaxChecks/fieldOrder``.
    mutating func order(_ line: Line, _ type: UInt8) -> Bool {
        // Most lines are a= lines after an earlier a= line: nothing can change.
        if type == UInt8(ascii: "a") && highestRank == (isMedia ? 5 : 12) { return true }
        guard let rank = isMedia ? SyntaxChecks.mediaRank(type) : SyntaxChecks.sessionRank(type) else { return false }
        let bit = UInt32(1) << UInt32(type - UInt8(ascii: "a"))
        if SyntaxChecks.isSingle(type, media: isMedia) && seenTypes & bit != 0 { return false }
        seenTypes |= bit
        if type == UInt8(ascii: "r") && !sawTiming { return false }
        if type == UInt8(ascii: "t") { sawTiming = true }
        if rank < highestRank { return false }
        highestRank = rank
        return true
    }

    /// The m-line: SDP-MLINE-001 (malformed), SDP-MLINE-003 (duplicate format),
    /// SDP-CODEC-001 (payload type range), SDP-DATACHANNEL-001/002/004 (SCTP forms).
    mutating func mediaLine(_ line: Line) -> Bool {
        var fields = Fields(scan, line.valueRange)
        guard fields.next() != nil, let portField = fields.next(), let proto = fields.next() else { return false }
        var portRange = portField
        if let slash = scan.firstIndex(of: UInt8(ascii: "/"), in: portField) {
            portRange = portField.lowerBound..<slash
            guard scan.integer((slash + 1)..<portField.upperBound) != nil else { return false }
        }
        guard let port = scan.integer(portRange), port <= 65535 else { return false }
        self.port = port
        transport = TransportProtocol(scan, proto)
        isRTP = transport.isRTP
        // SDP-DATACHANNEL-002: the legacy DTLS/SCTP m-line always reports.
        if transport == .dtlsSCTP { return false }
        let dataChannel = transport == .udpDTLSSCTP || transport == .tcpDTLSSCTP
        var count = 0
        while let format = fields.next() {
            count += 1
            if isRTP {
                // Every format a payload type 0–127, none twice (a repeated number written
                // differently counts as a repeat here: the slow path decides).
                guard let pt = scan.integer(format), pt <= 127, listed.insert(pt) else { return false }
            } else if dataChannel {
                // SDP-DATACHANNEL-004, and one format cannot repeat.
                guard scan.equal(format, "webrtc-datachannel"), count == 1 else { return false }
            } else if count > 1 {
                // Other protocols: several formats go to the slow path (SDP-MLINE-003).
                return false
            }
        }
        return count > 0
    }

    /// Rules evaluated when a section's last line has been read.
    mutating func finishSection() -> Bool {
        // SDP-DIRECTION-001: one direction attribute per section.
        guard directions <= 1 else { return false }
        // SDP-EXTMAP-002: two-byte ids need extmap-allow-mixed here or at session level.
        if maxExtensionID >= 15 && !has(.extmapAllowMixed) && !sessionHas(.extmapAllowMixed) { return false }
        guard isMedia else {
            // SDP-SYNTAX-006 (the session level's letters are all in seenTypes).
            guard seenTypes & Self.requiredSessionTypes == Self.requiredSessionTypes else { return false }
            sessionHasConnection = hasConnection
            sessionPresent = present
            sessionUfrag = ufrag
            sessionHasUfrag = hasUfrag
            return true
        }
        // A port-0 section with a=bundle-only is live inside its BUNDLE group (RFC 8843 §6).
        let bundleOnly = has(.bundleOnly)
        let inUse = port != 0 || bundleOnly
        let bundled: Bool
        if let mid, let bundle = bundleMids {
            bundled = groupMids[bundle].contains { scan.equal($0, mid) }
        } else {
            bundled = false
        }
        // SDP-BUNDLE-003: bundle-only outside any BUNDLE group.
        if bundleOnly && !bundled { return false }
        if bundled { bundlePresent |= present }
        // SDP-MLINE-002: a live section needs c= here or at session level.
        if inUse && !hasConnection && !sessionHasConnection { return false }
        // Transport attributes apply when written here or at session level, or for a
        // port-0 bundle-only section in another section of its group (decided at the end).
        var needed: UInt64 = 0
        if inUse && transport.usesDTLS {
            // SDP-DTLS-001, SDP-DTLS-006, SDP-ICE-001.
            needed |= Self.bit(.fingerprint) | Self.bit(.setup) | Self.bit(.iceUfrag) | Self.bit(.icePwd)
        }
        // SDP-TRANSPORT-001: browsers require rtcp-mux on UDP/TLS/RTP/SAVPF.
        if inUse && transport == .udpTLSRTPSAVPF { needed |= Self.bit(.rtcpMux) }
        let missing = needed & ~present & ~sessionPresent
        if missing != 0 {
            guard bundleOnly && port == 0 else { return false }
            fromBundle |= missing
        }
        // SDP-TRANSPORT-002: rtcp-mux-only needs rtcp-mux.
        if has(.rtcpMuxOnly) && !has(.rtcpMux) { return false }
        // SDP-TRANSPORT-003: RTP without DTLS-SRTP.
        if inUse && isRTP && !transport.usesDTLS { return false }
        if isRTP {
            guard codecs() else { return false }
        }
        // SDP-ICE-007: candidates carry the section's ufrag.
        if has(.candidate), let own = candidateUfrag {
            let credential = hasUfrag ? ufrag : (sessionHasUfrag ? sessionUfrag : nil)
            if let credential, !scan.equal(own, credential) { return false }
        }
        // SDP-SIMULCAST-001: every rid a=simulcast names is declared for its direction.
        for named in simulcastRIDs where !rids.contains(where: { $0.isSend == named.isSend && scan.equal($0.id, named.id) }) {
            return false
        }
        // SDP-SSRC-001: every grouped SSRC is declared in the section.
        for ssrc in groupSSRCs where !ssrcs.contains(ssrc) { return false }
        // SDP-SSRC-002: no SSRC in two media sections.
        for ssrc in ssrcs {
            if ssrcsBefore.contains(ssrc) { return false }
        }
        for ssrc in ssrcs {
            guard ssrcsBefore.tryAppend(ssrc) else { return false }
        }
        // SDP-BUNDLE-005: with BUNDLE, every media section has a mid.
        if bundleGroupCount > 0 && !has(.mid) { return false }
        if let mid {
            // SDP-BUNDLE-001: mids are unique.
            if mids.contains(where: { scan.equal($0, mid) }) { return false }
            guard mids.tryAppend(mid) else { return false }
            // SDP-EXTMAP-005: bundled sections agree on extmap ids.
            if bundled, let bundle = bundleMids, bundle.count > 1 {
                for e in extensions {
                    if let other = bundleExtensions.first(where: { $0.id == e.id }) {
                        if !scan.equal(other.uri, e.uri) { return false }
                    } else {
                        guard bundleExtensions.tryAppend(e) else { return false }
                    }
                }
            }
        }
        return true
    }

    /// Payload type bookkeeping of an RTP section: SDP-CODEC-002, -003, -007, -008/-009
    /// (checked per rtpmap), -011 and -012.
    mutating func codecs() -> Bool {
        // SDP-CODEC-003: dynamic payload types need an rtpmap.
        guard listed.subtracting(staticPayloadTypes).subtracting(mapped).isEmpty else { return false }
        // SDP-CODEC-002: 64–95 with rtcp-mux in this section.
        if has(.rtcpMux) && listed.intersects(rtcpConflictPayloadTypes) { return false }
        // SDP-CODEC-007: each listed RTX payload type has apt= naming a listed payload type.
        if !rtx.isEmpty {
            for pt in rtx.members {
                guard let f = formatParameterFacts.first(where: { $0.payloadType == pt }),
                      let apt = scan.parameter(f.parameters, "apt"), let value = scan.integer(apt), listed.contains(value)
                else { return false }
            }
        }
        // SDP-CODEC-012: RED's redundant payload types are listed.
        if !red.isEmpty {
            for pt in red.members {
                guard let f = formatParameterFacts.first(where: { $0.payloadType == pt }) else { continue }
                var items = Pieces(scan, f.parameters, separator: UInt8(ascii: "/"))
                // REDParameters: every item a number, at least one; else nothing is reported.
                var valid = true
                var any = false
                var unlisted = false
                while let item = items.next() {
                    guard let value = scan.integer(item) else { valid = false; break }
                    any = true
                    if !listed.contains(value) { unlisted = true }
                }
                if valid && any && unlisted { return false }
            }
        }
        // SDP-CODEC-011: H.264, VP9 and AV1 parameter values.
        for f in formatParameterFacts where f.payloadType >= 0 {
            let pt = f.payloadType
            if h264.contains(pt) {
                let (profileLevel, packetization) = scan.parameters(f.parameters, "profile-level-id", "packetization-mode")
                if let r = profileLevel {
                    guard r.count == 6 else { return false }
                    for i in r where !SDPBytes.isHexDigit(b[i]) { return false }
                }
                if let r = packetization {
                    guard let v = scan.integer(r), v <= 2 else { return false }
                }
            } else if vp9.contains(pt) {
                if let r = scan.parameter(f.parameters, "profile-id") {
                    guard let v = scan.integer(r), v <= 3 else { return false }
                }
            } else if av1.contains(pt) {
                let (profile, tier) = scan.parameters(f.parameters, "profile", "tier")
                if let r = profile {
                    guard let v = scan.integer(r), v <= 2 else { return false }
                }
                if let r = tier {
                    guard let v = scan.integer(r), v <= 1 else { return false }
                }
            }
        }
        return true
    }

    // MARK: Lines other than a=

    /// SDP-SYNTAX-007 for o=: six fields, numeric session id and version.
    mutating func origin(_ line: Line) -> Bool {
        var f = Fields(scan, line.valueRange)
        guard f.next() != nil, let id = f.next(), let version = f.next(), f.next() != nil, f.next() != nil,
              f.next() != nil, f.isAtEnd else { return false }
        for i in id where !SDPBytes.isDigit(b[i]) { return false }
        for i in version where !SDPBytes.isDigit(b[i]) { return false }
        return true
    }

    /// SDP-SYNTAX-007 for c= and SDP-TRANSPORT-004 (address type matches the address).
    mutating func connection(_ line: Line) -> Bool {
        hasConnection = true
        var f = Fields(scan, line.valueRange)
        guard f.next() != nil, let type = f.next(), let field = f.next(), f.isAtEnd else { return false }
        let address = field.lowerBound..<(scan.firstIndex(of: UInt8(ascii: "/"), in: field) ?? field.upperBound)
        let kind = Candidate.classify(scan, address)
        if scan.equal(type, "IP4") && kind == .ipv6 { return false }
        if scan.equal(type, "IP6") && kind == .ipv4 { return false }
        return true
    }

    /// SDP-SYNTAX-007 for b=.
    mutating func bandwidth(_ line: Line) -> Bool {
        let value = line.valueRange
        guard let colon = scan.firstIndex(of: UInt8(ascii: ":"), in: value), colon > value.lowerBound else { return false }
        return scan.integer(scan.trimmed((colon + 1)..<value.upperBound)) != nil
    }

    /// SDP-SYNTAX-007 for t=.
    mutating func timing(_ line: Line) -> Bool {
        var f = Fields(scan, line.valueRange)
        guard let start = f.next(), scan.integer(start) != nil, let stop = f.next(), scan.integer(stop) != nil else { return false }
        return f.isAtEnd
    }

    // MARK: Attributes

    mutating func attribute(_ line: Line) -> Bool {
        let valueRange = scan.clamp(line.valueRange)
        let colon = scan.next(UInt8(ascii: ":"), orTab: false, from: valueRange.lowerBound, to: valueRange.upperBound)
        let name = valueRange.lowerBound..<colon
        let value: Range<Int>? = colon < valueRange.upperBound ? (colon + 1)..<valueRange.upperBound : nil
        let kind = AttributeKind(scan.b, name)
        present |= 1 << UInt64(kind.rawValue)
        switch kind {
        case .other, .endOfCandidates, .rtcpRsize, .rtcpXR, .rtcpMux, .extmapAllowMixed:
            return true
        case .bundleOnly, .rtcpMuxOnly:
            return true
        case .sctpmap:
            // Legacy and rare: its rules run on the slow path.
            return false
        case .rid: return restriction(value)
        case .simulcast: return simulcast(value)
        case .direction:
            directions += 1
            return true
        case .iceLite:
            // SDP-ICE-005: session level only.
            return !isMedia
        case .rtpmap: return rtpMap(value)
        case .fmtp: return formatParameters(value)
        case .rtcpFeedback: return feedback(value)
        case .extmap: return extensionMap(value)
        case .ssrc: return source(value)
        case .ssrcGroup: return sourceGroup(value)
        case .msid:
            guard let value else { return false }
            var f = Fields(scan, value)
            guard f.next() != nil else { return false }
            _ = f.next()
            return f.isAtEnd
        case .msidSemantic, .iceOptions:
            guard let value else { return false }
            var f = Fields(scan, value)
            return f.next() != nil
        case .mid:
            guard let value else { return false }
            let t = scan.trimmed(value)
            guard !t.isEmpty else { return false }
            if mid == nil { mid = t }
            return true
        case .group: return group(value)
        case .candidate: return candidate(value)
        case .fingerprint: return fingerprint(value)
        case .rtcp:
            guard let value else { return false }
            var f = Fields(scan, value)
            guard let p = f.next(), let port = scan.integer(p), port <= 65535 else { return false }
            if f.next() != nil {
                guard f.next() != nil, f.next() != nil, f.isAtEnd else { return false }
            }
            return true
        case .framerate:
            guard let value else { return false }
            var seenDot = false
            var digits = 0
            for i in scan.trimmed(value) {
                let c = b[i]
                if c == UInt8(ascii: "."), !seenDot { seenDot = true; continue }
                guard SDPBytes.isDigit(c), digits < 15 else { return false }
                digits += 1
            }
            return digits > 0
        case .setup:
            // SDP-DTLS-005.
            guard let value else { return false }
            let t = scan.trimmed(value)
            return scan.equal(t, "actpass") || scan.equal(t, "active") || scan.equal(t, "passive") || scan.equal(t, "holdconn")
        case .iceUfrag, .icePwd:
            // SDP-ICE-002/003 (length) and SDP-ICE-004 (ice-chars).
            let v = value ?? line.contentEnd..<line.contentEnd
            let allowed = kind == .iceUfrag ? ICECredential.Kind.usernameFragment.allowedLength : ICECredential.Kind.password.allowedLength
            guard allowed.contains(v.count) else { return false }
            for i in v where !ICECredential.isICEChar(b[i]) { return false }
            if kind == .iceUfrag && !hasUfrag {
                hasUfrag = true
                ufrag = value
            }
            return true
        case .sctpPort, .maxMessageSize:
            // SDP-DATACHANNEL-003 (media sections only).
            guard isMedia else { return true }
            guard let value, let n = scan.integer(scan.trimmed(value)) else { return false }
            return kind == .maxMessageSize || n <= 65535
        }
    }

    /// SDP-SYNTAX-008, SDP-CODEC-001/004/008/009/010 and the encodings other rules need.
    mutating func rtpMap(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let ptField = f.next(), let pt = scan.integer(ptField), let codec = f.next(), f.isAtEnd else { return false }
        var parts = Pieces(scan, codec, separator: UInt8(ascii: "/"))
        guard let name = parts.next(), !name.isEmpty, let rateField = parts.next(), let rate = scan.integer(rateField) else { return false }
        var channels: Int? = nil
        if let ch = parts.next() {
            guard let n = scan.integer(ch), parts.next() == nil else { return false }
            channels = n
        }
        guard isRTP else { return true }
        // Range, listed on the m-line, bound once.
        guard pt <= 127, listed.contains(pt), mapped.insert(pt) else { return false }
        if scan.equalIgnoringCase(name, "opus") {
            return rate == 48000 && channels == 2
        }
        if scan.equalIgnoringCase(name, "rtx") { _ = rtx.insert(pt) }
        else if scan.equalIgnoringCase(name, "red") { _ = red.insert(pt) }
        else if scan.equalIgnoringCase(name, "H264") { _ = h264.insert(pt) }
        else if scan.equalIgnoringCase(name, "VP9") { _ = vp9.insert(pt) }
        else if scan.equalIgnoringCase(name, "AV1") { _ = av1.insert(pt) }
        return true
    }

    /// SDP-SYNTAX-008, SDP-CODEC-001/005.
    mutating func formatParameters(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let format = f.next() else { return false }
        guard isRTP else { return true }
        let pt = scan.integer(format)
        if let pt { guard pt <= 127, listed.contains(pt) else { return false } }
        return formatParameterFacts.tryAppend(FormatParameterFact(payloadType: pt ?? -1, parameters: f.rest))
    }

    /// SDP-SYNTAX-008, SDP-CODEC-001/006.
    mutating func feedback(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let ptField = f.next(), f.next() != nil else { return false }
        if scan.equal(ptField, "*") { return true }
        guard let pt = scan.integer(ptField) else { return false }
        return !isRTP || (pt <= 127 && listed.contains(pt))
    }

    /// SDP-SYNTAX-008, SDP-EXTMAP-001/003/004 (002 and 005 when the section ends).
    mutating func extensionMap(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let first = f.next(), let uri = f.next() else { return false }
        var idRange = first
        if let slash = scan.firstIndex(of: UInt8(ascii: "/"), in: first) {
            idRange = first.lowerBound..<slash
            let d = (slash + 1)..<first.upperBound
            guard scan.equal(d, "sendrecv") || scan.equal(d, "sendonly") || scan.equal(d, "recvonly") || scan.equal(d, "inactive")
            else { return false }
        }
        guard let id = scan.integer(idRange), id >= 1, id <= 255 else { return false }
        let bit = UInt64(1) << UInt64(id & 63)
        switch id >> 6 {
        case 0: guard extensionIDs.0 & bit == 0 else { return false }; extensionIDs.0 |= bit
        case 1: guard extensionIDs.1 & bit == 0 else { return false }; extensionIDs.1 |= bit
        case 2: guard extensionIDs.2 & bit == 0 else { return false }; extensionIDs.2 |= bit
        default: guard extensionIDs.3 & bit == 0 else { return false }; extensionIDs.3 |= bit
        }
        for e in extensions where scan.equal(e.uri, uri) { return false }
        guard extensions.tryAppend(ExtensionFact(id: id, uri: uri)) else { return false }
        maxExtensionID = max(maxExtensionID, id)
        return true
    }

    /// SDP-SYNTAX-008; records the SSRC for SDP-SSRC-001/002.
    mutating func source(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let field = f.next(), let id = scan.integer(field), id <= Int(UInt32.max) else { return false }
        if isMedia {
            let ssrc = UInt32(id)
            if ssrcs.last != ssrc && !ssrcs.contains(ssrc) {
                guard ssrcs.tryAppend(ssrc) else { return false }
            }
        }
        return true
    }

    /// SDP-SYNTAX-008, SDP-SSRC-003 (FID pairs); records the SSRCs for SDP-SSRC-001.
    mutating func sourceGroup(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let semantics = f.next() else { return false }
        var count = 0
        while let field = f.next() {
            guard let id = scan.integer(field), id <= Int(UInt32.max) else { return false }
            if isMedia {
                guard groupSSRCs.tryAppend(UInt32(id)) else { return false }
            }
            count += 1
        }
        if isMedia && scan.equal(semantics, "FID") && count != 2 { return false }
        return true
    }

    /// SDP-SYNTAX-008; at session level records the mids for SDP-BUNDLE-002/004/005 and
    /// SDP-EXTMAP-005.
    mutating func group(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let semantics = f.next() else { return false }
        guard !isMedia else { return true }
        let start = groupMids.count
        while let mid = f.next() {
            guard groupMids.tryAppend(mid) else { return false }
        }
        if scan.equal(semantics, "BUNDLE") {
            // SDP-BUNDLE-004 needs two BUNDLE groups; the slow path handles them.
            bundleGroupCount += 1
            guard bundleGroupCount == 1 else { return false }
            bundleMids = start..<groupMids.count
        }
        return true
    }

    /// SDP-SYNTAX-008, SDP-ICE-006 (mDNS) and SDP-ICE-007 (ufrag).
    mutating func candidate(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let foundation = f.next(), foundation.count <= 32,
              let componentField = f.next(), let component = scan.integer(componentField), component >= 1, component <= 256,
              f.next() != nil,
              let priorityField = f.next(), let priority = scan.integer(priorityField), priority <= Int(UInt32.max),
              let address = f.next(),
              let portField = f.next(), let port = scan.integer(portField), port <= 65535,
              let typ = f.next(), scan.equal(typ, "typ"),
              f.next() != nil
        else { return false }
        var ufrag: Range<Int>? = nil
        while let name = f.next() {
            guard let extensionValue = f.next() else { return false }
            if scan.equal(name, "rport") {
                guard let p = scan.integer(extensionValue), p <= 65535 else { return false }
            } else if scan.equal(name, "ufrag") {
                ufrag = extensionValue
            }
        }
        guard isMedia else { return true }
        // An address ending in .local may be an mDNS name: the slow path decides.
        if address.count >= 6 && scan.equalIgnoringCase((address.upperBound - 6)..<address.upperBound, ".local") { return false }
        if let ufrag {
            if let seen = candidateUfrag {
                // Two generations among the candidates: one of them differs from a=ice-ufrag.
                guard scan.equal(seen, ufrag) else { return false }
            } else {
                candidateUfrag = ufrag
            }
        }
        return true
    }

    /// SDP-SYNTAX-008 for a=rid, SDP-SIMULCAST-002 (payload types listed) and -003 (no
    /// rid twice in a section); records the rid for SDP-SIMULCAST-001.
    mutating func restriction(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let id = f.next(), let direction = f.next() else { return false }
        let isSend: Bool
        if scan.equal(direction, "send") { isSend = true }
        else if scan.equal(direction, "recv") { isSend = false }
        else { return false }
        var items = Pieces(scan, f.rest, separator: UInt8(ascii: ";"))
        while let item = items.next() {
            if item.isEmpty { continue }
            let eq = scan.firstIndex(of: UInt8(ascii: "="), in: item)
            guard let eq, scan.equal(item.lowerBound..<eq, "pt") else { continue }
            var pts = Pieces(scan, (eq + 1)..<item.upperBound, separator: UInt8(ascii: ","))
            while let ptField = pts.next() {
                guard let pt = scan.integer(ptField) else { return false }
                if isMedia && isRTP && !listed.contains(pt) { return false }
            }
        }
        guard isMedia else { return true }
        for rid in rids where scan.equal(rid.id, id) { return false }
        return rids.tryAppend(RIDFact(id: id, isSend: isSend))
    }

    /// SDP-SYNTAX-008 for a=simulcast; records the rids it names for SDP-SIMULCAST-001.
    mutating func simulcast(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        var seenSend = false
        var seenReceive = false
        while let direction = f.next() {
            guard let list = f.next() else { return false }
            let isSend: Bool
            if scan.equal(direction, "send") { isSend = true }
            else if scan.equal(direction, "recv") { isSend = false }
            else { return false }
            if isSend ? seenSend : seenReceive { return false }
            if isSend { seenSend = true } else { seenReceive = true }
            var streams = Pieces(scan, list, separator: UInt8(ascii: ";"))
            while let stream = streams.next() {
                var alternatives = Pieces(scan, stream, separator: UInt8(ascii: ","))
                while let alternative = alternatives.next() {
                    var rid = alternative
                    if !alternative.isEmpty && b[alternative.lowerBound] == UInt8(ascii: "~") {
                        rid = (alternative.lowerBound + 1)..<alternative.upperBound
                    }
                    guard !rid.isEmpty else { return false }
                    if isMedia {
                        guard simulcastRIDs.tryAppend(RIDFact(id: rid, isSend: isSend)) else { return false }
                    }
                }
            }
        }
        return seenSend || seenReceive
    }

    /// SDP-SYNTAX-008, SDP-DTLS-002/003/004.
    mutating func fingerprint(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        var f = Fields(scan, value)
        guard let hash = f.next(), let digest = f.next(), f.isAtEnd else { return false }
        let expected: Int
        if scan.equalIgnoringCase(hash, "sha-256") { expected = 32 }
        else if scan.equalIgnoringCase(hash, "sha-384") { expected = 48 }
        else if scan.equalIgnoringCase(hash, "sha-512") { expected = 64 }
        else if scan.equalIgnoringCase(hash, "sha-224") { expected = 28 }
        else { return false }
        // XX:XX:…, expected pairs.
        guard digest.count == expected * 3 - 1 else { return false }
        // Eight pairs with their colons are 24 bytes, three 8-byte words whose colons sit
        // at fixed byte positions: those are checked a word at a time, the tail per pair.
        var i = digest.lowerBound
        if let base = b.baseAddress, digest.upperBound <= b.count {
            let raw = UnsafeRawPointer(base)
            var errors: UInt64 = 0
            while i + 24 <= digest.upperBound {
                errors |= digestWordErrors(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)),
                                           colons: 0x0000_8000_0080_0000)  // bytes 2, 5
                errors |= digestWordErrors(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)),
                                           colons: 0x0080_0000_8000_0080)  // bytes 0, 3, 6
                errors |= digestWordErrors(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)),
                                           colons: 0x8000_0080_0000_8000)  // bytes 1, 4, 7
                i += 24
            }
            guard errors == 0 else { return false }
        }
        // Branch-free per pair through a byte class table: hex digits are random, so
        // per-byte branches mispredict.
        return digestByteClasses.withUnsafeBufferPointer { table in
            var all: UInt8 = 0b01
            while i + 2 < digest.upperBound {
                all &= table[Int(b[i])] & table[Int(b[i + 1])] & (table[Int(b[i + 2])] >> 1)
                i += 3
            }
            all &= table[Int(b[i])] & table[Int(b[i + 1])]
            return all & 0b01 != 0
        }
    }
}

/// The high bit of each byte of `word` that breaks the digest pattern: a byte whose bit is
/// set in `colons` must be ':', every other byte a hex digit (``SDPBytes/isHexDigit(_:)``).
/// Byte ranges are tested with the carry into each byte's high bit, exact for ASCII bytes
/// (a non-ASCII byte is an error by itself).
@inline(__always)
private func digestWordErrors(_ word: UInt64, colons: UInt64) -> UInt64 {
    let highs: UInt64 = 0x8080_8080_8080_8080
    let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let nonASCII = word & highs
    // '0'...'9': x + 0x50 reaches 0x80 from '0', x + 0x46 from ':'.
    let digit = (word &+ 0x5050_5050_5050_5050) & ~(word &+ 0x4646_4646_4646_4646)
    // 'a'...'f' after folding case: x + 0x1F reaches 0x80 from 'a', x + 0x19 from 'g'.
    let folded = word | 0x2020_2020_2020_2020
    let letter = (folded &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(folded &+ 0x1919_1919_1919_1919)
    let hex = (digit | letter) & highs
    // A zero byte of word ^ ':' is a colon; the high bit marks the non-zero bytes exactly.
    let x = word ^ 0x3A3A_3A3A_3A3A_3A3A
    let notColon = (((x & lows) &+ lows) | x) & highs
    return nonASCII | (colons & notColon) | (~colons & highs & ~hex)
}

extension TransportProtocol {
    fileprivate init(_ scan: Scan, _ r: Range<Int>) {
        if scan.equalIgnoringCase(r, "UDP/TLS/RTP/SAVPF") { self = .udpTLSRTPSAVPF }
        else if scan.equalIgnoringCase(r, "UDP/DTLS/SCTP") { self = .udpDTLSSCTP }
        else if scan.equalIgnoringCase(r, "UDP/TLS/RTP/SAVP") { self = .udpTLSRTPSAVP }
        else if scan.equalIgnoringCase(r, "TCP/DTLS/RTP/SAVPF") || scan.equalIgnoringCase(r, "TCP/TLS/RTP/SAVPF") { self = .tcpDTLSRTPSAVPF }
        else if scan.equalIgnoringCase(r, "RTP/SAVPF") { self = .rtpSAVPF }
        else if scan.equalIgnoringCase(r, "RTP/SAVP") { self = .rtpSAVP }
        else if scan.equalIgnoringCase(r, "RTP/AVPF") { self = .rtpAVPF }
        else if scan.equalIgnoringCase(r, "RTP/AVP") { self = .rtpAVP }
        else if scan.equalIgnoringCase(r, "TCP/DTLS/SCTP") { self = .tcpDTLSSCTP }
        else if scan.equalIgnoringCase(r, "DTLS/SCTP") { self = .dtlsSCTP }
        else { self = .other }
    }
}

extension Candidate {
    /// ``classify(_:_:)`` over an unsafe buffer.
    fileprivate static func classify(_ scan: Scan, _ range: Range<Int>) -> AddressKind {
        var colons = 0
        var dots = 0
        var onlyDigitsAndDots = true
        for i in scan.clamp(range) {
            let c = scan.b[i]
            if c == UInt8(ascii: ":") { colons += 1 }
            else if c == UInt8(ascii: ".") { dots += 1 }
            else if !SDPBytes.isDigit(c) { onlyDigitsAndDots = false }
        }
        if colons >= 2 { return .ipv6 }
        if onlyDigitsAndDots && dots == 3 { return .ipv4 }
        if range.count >= 6 && scan.equalIgnoringCase((range.upperBound - 6)..<range.upperBound, ".local") { return .mDNS }
        return .fqdn
    }
}
