import Diagnostics

/// The attribute names lint looks at, classified once per line so that every rule can
/// select its attributes with one byte comparison instead of a name comparison.
enum AttributeKind: UInt8, Sendable {
    case rtpmap, fmtp, rtcpFeedback, extmap, extmapAllowMixed, ssrc, ssrcGroup, msid, msidSemantic
    case mid, group, bundleOnly, iceUfrag, icePwd, iceOptions, iceLite, candidate, endOfCandidates
    case fingerprint, setup, direction, rtcp, rtcpMux, rtcpMuxOnly, rtcpRsize, rid, simulcast
    case sctpPort, sctpmap, maxMessageSize, framerate, rtcpXR, other

    /// Classifies an attribute name by length first, then by bytes.
    init(_ bytes: [UInt8], _ name: Range<Int>) {
        self = bytes.withUnsafeBufferPointer { AttributeKind($0, name) }
    }

    /// Classifies an attribute name in an unsafe buffer (`name` is clamped to it): the
    /// name is read as up to three little-endian 8-byte words and compared with each
    /// known name of its length, written the same way (`LintScreenTests.attributeKinds`
    /// checks every constant against its name).
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) {
        let upper = min(max(name.upperBound, 0), bytes.count)
        let name = min(max(name.lowerBound, 0), upper)..<upper
        /// Up to eight bytes of the name from `offset`, zero-padded.
        @inline(__always)
        func word(_ offset: Int) -> UInt64 {
            let start = name.lowerBound + offset
            let n = min(8, name.upperBound - start)
            guard n > 0 else { return 0 }
            if start + 8 <= bytes.count, let base = bytes.baseAddress {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
                return n == 8 ? w : w & ((1 << UInt64(n * 8)) - 1)
            }
            var w: UInt64 = 0
            for i in 0..<n { w |= UInt64(bytes[start + i]) << UInt64(i * 8) }
            return w
        }
        let count = name.count
        guard count >= 3 && count <= 18 else { self = .other; return }
        let w0 = word(0)
        let w1 = count > 8 ? word(8) : 0
        let w2 = count > 16 ? word(16) : 0
        // By length, then by the first word (a jump table and a few compares rather than
        // one compare per known name).
        switch count {
        case 3:
            switch w0 {
            case 0x64696d: self = .mid  // mid
            case 0x646972: self = .rid  // rid
            default: self = .other
            }
        case 4:
            switch w0 {
            case 0x70746d66: self = .fmtp  // fmtp
            case 0x63727373: self = .ssrc  // ssrc
            case 0x6469736d: self = .msid  // msid
            case 0x70637472: self = .rtcp  // rtcp
            default: self = .other
            }
        case 5:
            switch w0 {
            case 0x7075746573: self = .setup  // setup
            case 0x70756f7267: self = .group  // group
            default: self = .other
            }
        case 6:
            switch w0 {
            case 0x70616d707472: self = .rtpmap  // rtpmap
            case 0x70616d747865: self = .extmap  // extmap
            default: self = .other
            }
        case 7:
            switch w0 {
            case 0x62662d70637472: self = .rtcpFeedback  // rtcp-fb
            case 0x72782d70637472: self = .rtcpXR  // rtcp-xr
            case 0x6477702d656369: self = .icePwd  // ice-pwd
            case 0x70616d70746373: self = .sctpmap  // sctpmap
            default: self = .other
            }
        case 8:
            switch w0 {
            case 0x76636572646e6573: self = .direction  // sendrecv
            case 0x796c6e6f646e6573: self = .direction  // sendonly
            case 0x796c6e6f76636572: self = .direction  // recvonly
            case 0x6576697463616e69: self = .direction  // inactive
            case 0x6574696c2d656369: self = .iceLite  // ice-lite
            case 0x78756d2d70637472: self = .rtcpMux  // rtcp-mux
            default: self = .other
            }
        case 9:
            switch w0 {
            case 0x74616469646e6163 where w1 == 0x65: self = .candidate  // candidate
            case 0x617266752d656369 where w1 == 0x67: self = .iceUfrag  // ice-ufrag
            case 0x7361636c756d6973 where w1 == 0x74: self = .simulcast  // simulcast
            case 0x726f702d70746373 where w1 == 0x74: self = .sctpPort  // sctp-port
            case 0x746172656d617266 where w1 == 0x65: self = .framerate  // framerate
            default: self = .other
            }
        case 10:
            switch w0 {
            case 0x6f72672d63727373 where w1 == 0x7075: self = .ssrcGroup  // ssrc-group
            case 0x6973722d70637472 where w1 == 0x657a: self = .rtcpRsize  // rtcp-rsize
            default: self = .other
            }
        case 11:
            switch w0 {
            case 0x72707265676e6966 where w1 == 0x746e69: self = .fingerprint  // fingerprint
            case 0x6974706f2d656369 where w1 == 0x736e6f: self = .iceOptions  // ice-options
            case 0x6f2d656c646e7562 where w1 == 0x796c6e: self = .bundleOnly  // bundle-only
            default: self = .other
            }
        case 13:
            switch w0 {
            case 0x6d65732d6469736d where w1 == 0x6369746e61: self = .msidSemantic  // msid-semantic
            case 0x78756d2d70637472 where w1 == 0x796c6e6f2d: self = .rtcpMuxOnly  // rtcp-mux-only
            default: self = .other
            }
        case 16:
            switch w0 {
            case 0x7373656d2d78616d where w1 == 0x657a69732d656761: self = .maxMessageSize  // max-message-size
            default: self = .other
            }
        case 17:
            switch w0 {
            case 0x632d666f2d646e65 where w1 == 0x6574616469646e61 && w2 == 0x73: self = .endOfCandidates  // end-of-candidates
            default: self = .other
            }
        case 18:
            switch w0 {
            case 0x612d70616d747865 where w1 == 0x78696d2d776f6c6c && w2 == 0x6465: self = .extmapAllowMixed  // extmap-allow-mixed
            default: self = .other
            }
        default: self = .other
        }
    }
}

/// A set of RTP payload types 0–127 as a 128-bit mask.
struct PayloadTypeSet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    func contains(_ pt: Int) -> Bool {
        guard pt >= 0 && pt < 128 else { return false }
        return pt < 64 ? low & (1 << UInt64(pt)) != 0 : high & (1 << UInt64(pt - 64)) != 0
    }

    /// Inserts `pt`; returns whether it was new. Values outside 0–127 are ignored.
    @discardableResult
    mutating func insert(_ pt: Int) -> Bool {
        guard pt >= 0 && pt < 128 else { return false }
        let had = contains(pt)
        if pt < 64 { low |= 1 << UInt64(pt) } else { high |= 1 << UInt64(pt - 64) }
        return !had
    }
}

/// One section with its attributes classified, built in one pass over its lines.
///
/// A class so that the many checks iterating sections share one instance instead of
/// copying its arrays; views that several checks need are parsed once, on first use.
final class IndexedSection {
    let section: Section
    /// The parsed m-line; `nil` at session level or when the m-line is malformed.
    let mediaLine: MediaLine?
    /// The `a=` lines in order, and each one's kind (parallel arrays, so that selecting a
    /// kind compares one byte per attribute without touching the attributes).
    let attributes: [Attribute]
    let kinds: [AttributeKind]
    /// Bit `kind.rawValue` is set when an attribute of that kind is present.
    let present: UInt64
    /// Payload types on the m-line (RTP sections only).
    let listed: PayloadTypeSet

    init(_ section: Section) {
        self.section = section
        let bytes = section.bytes
        var attributes: [Attribute] = []
        var kinds: [AttributeKind] = []
        attributes.reserveCapacity(section.lines.count)
        kinds.reserveCapacity(section.lines.count)
        var present: UInt64 = 0
        for line in section.lines where line.type == UInt8(ascii: "a") {
            guard let attribute = Attribute(line: line, in: bytes) else { continue }
            let kind = AttributeKind(bytes, attribute.nameRange)
            present |= 1 << UInt64(kind.rawValue)
            attributes.append(attribute)
            kinds.append(kind)
        }
        self.attributes = attributes
        self.kinds = kinds
        self.present = present
        let mediaLine = section.mediaLine.flatMap { MediaLine($0, in: bytes) }
        self.mediaLine = mediaLine
        var listed = PayloadTypeSet()
        if let mediaLine, mediaLine.isRTP {
            for range in mediaLine.formatRanges {
                if let pt = SDPBytes.integer(bytes, range) { listed.insert(pt) }
            }
        }
        self.listed = listed
    }

    /// The `i`-th attribute of the section.
    @inline(__always)
    func attribute(_ i: Int) -> Attribute? { attributes[i] }

    func has(_ kind: AttributeKind) -> Bool { present & (1 << UInt64(kind.rawValue)) != 0 }

    func first(_ kind: AttributeKind) -> Attribute? {
        guard has(kind) else { return nil }
        for i in kinds.indices where kinds[i] == kind { return attribute(i) }
        return nil
    }

    /// Calls `body` with each attribute of `kind`, in order.
    @inline(__always)
    func each(_ kind: AttributeKind, _ body: (Attribute) -> Void) {
        guard has(kind) else { return }
        for i in kinds.indices where kinds[i] == kind {
            if let attribute = attribute(i) { body(attribute) }
        }
    }

    /// Every attribute of `kind` parsed as `View` (malformed ones left out).
    @inline(__always)
    func views<View>(_ kind: AttributeKind, _ make: (Attribute) -> View?) -> [View] {
        guard has(kind) else { return [] }
        var count = 0
        for k in kinds where k == kind { count += 1 }
        var result: [View] = []
        result.reserveCapacity(count)
        for i in kinds.indices where kinds[i] == kind {
            if let attribute = attribute(i), let view = make(attribute) { result.append(view) }
        }
        return result
    }

    /// Payload types bound by a well-formed rtpmap.
    lazy var mapped: PayloadTypeSet = {
        var set = PayloadTypeSet()
        for map in rtpMaps { set.insert(map.payloadType) }
        return set
    }()

    /// For each payload type 0–127, the index of its first rtpmap in ``rtpMaps`` (or -1).
    lazy var rtpMapIndex: [Int16] = {
        var table = [Int16](repeating: -1, count: 128)
        for (i, map) in rtpMaps.enumerated() where map.payloadType < 128 && table[map.payloadType] < 0 { table[map.payloadType] = Int16(i) }
        return table
    }()

    /// For each payload type 0–127, the index of its first fmtp in ``formatParameters`` (or -1).
    lazy var formatParametersIndex: [Int16] = {
        var table = [Int16](repeating: -1, count: 128)
        for (i, f) in formatParameters.enumerated() {
            if let pt = f.payloadType, pt < 128, table[pt] < 0 { table[pt] = Int16(i) }
        }
        return table
    }()

    /// The first rtpmap of `pt`.
    func rtpMap(_ pt: Int) -> RTPMap? {
        guard pt >= 0 && pt < 128 else { return nil }
        let i = rtpMapIndex[pt]
        return i < 0 ? nil : rtpMaps[Int(i)]
    }

    /// The first fmtp of `pt`.
    func fmtp(_ pt: Int) -> FormatParameters? {
        guard pt >= 0 && pt < 128 else { return nil }
        let i = formatParametersIndex[pt]
        return i < 0 ? nil : formatParameters[Int(i)]
    }

    /// Whether the m-line carries RTP.
    var isRTP: Bool { mediaLine?.isRTP ?? false }

    /// Parsed once for the codec checks.
    lazy var rtpMaps: [RTPMap] = views(.rtpmap, RTPMap.init)
    lazy var formatParameters: [FormatParameters] = views(.fmtp, FormatParameters.init)
    lazy var extensionMaps: [ExtensionMap] = views(.extmap, ExtensionMap.init)
    lazy var rtcpFeedback: [RTCPFeedback] = views(.rtcpFeedback, RTCPFeedback.init)
    lazy var candidates: [Candidate] = views(.candidate, Candidate.init)
    lazy var fingerprints: [Fingerprint] = views(.fingerprint, Fingerprint.init)
    lazy var sourceAttributes: [SourceAttribute] = views(.ssrc, SourceAttribute.init)
    lazy var sourceGroups: [SourceGroup] = views(.ssrcGroup, SourceGroup.init)
    lazy var rids: [RID] = views(.rid, RID.init)

    /// How many attributes of `kind` parsed, for the kinds cached above (`nil` otherwise).
    func parsedCount(_ kind: AttributeKind) -> Int? {
        switch kind {
        case .rtpmap: rtpMaps.count
        case .fmtp: formatParameters.count
        case .rtcpFeedback: rtcpFeedback.count
        case .extmap: extensionMaps.count
        case .candidate: candidates.count
        case .fingerprint: fingerprints.count
        case .ssrc: sourceAttributes.count
        case .ssrcGroup: sourceGroups.count
        case .rid: rids.count
        default: nil
        }
    }

    /// Whether this media section takes part in the session: a non-zero port, or port 0
    /// with `a=bundle-only` (RFC 8843 §6), which marks a live bundled section.
    var isInUse: Bool {
        guard let mediaLine else { return false }
        return mediaLine.port != 0 || has(.bundleOnly)
    }

    /// The section's `a=mid` value range, if any.
    lazy var midRange: Range<Int>? = first(.mid).flatMap { MediaID($0)?.valueRange }
}

/// Everything the lint rules read, computed once per description.
final class LintContext {
    let description: SessionDescription
    let bytes: [UInt8]
    /// The session level followed by every media section.
    let sections: [IndexedSection]
    /// The media sections (``sections`` without the session level).
    let media: ArraySlice<IndexedSection>
    /// BUNDLE groups at session level, parsed.
    let bundleGroups: [Group]

    init(_ description: SessionDescription) {
        self.description = description
        self.bytes = description.bytes
        var sections: [IndexedSection] = []
        sections.reserveCapacity(description.media.count + 1)
        sections.append(IndexedSection(description.session))
        for section in description.media { sections.append(IndexedSection(section)) }
        self.sections = sections
        self.media = sections.dropFirst()
        var groups: [Group] = []
        sections[0].each(.group) { attribute in
            if let group = Group(attribute), group.isBundle { groups.append(group) }
        }
        self.bundleGroups = groups
    }

    /// The session level.
    var session: IndexedSection { sections[0] }

    /// Whether an attribute of `kind` applies to `section`, written there or at session level.
    func applies(_ kind: AttributeKind, to section: IndexedSection) -> Bool {
        section.has(kind) || session.has(kind)
    }

    /// Whether a transport attribute (ICE credentials, fingerprint, setup, rtcp-mux)
    /// applies to `section`: written there or at session level, or, for a bundle-only
    /// section with port 0, written in another section of its BUNDLE group. RFC 8843
    /// §7.1.3 puts TRANSPORT and IDENTICAL category attributes only in the tagged
    /// m-section of a subsequent offer or an answer.
    func transportApplies(_ kind: AttributeKind, to section: IndexedSection) -> Bool {
        if applies(kind, to: section) { return true }
        guard section.has(.bundleOnly), section.mediaLine?.port == 0, let mid = section.midRange,
              let group = bundleGroups.first(where: { $0.midRanges.contains { SDPBytes.equal(bytes, $0, mid) } })
        else { return false }
        return media.contains { other in
            guard other !== section, other.has(kind), let otherMid = other.midRange else { return false }
            return group.midRanges.contains { SDPBytes.equal(bytes, $0, otherMid) }
        }
    }

    /// The text of a byte range (for messages).
    func text(_ range: Range<Int>) -> String { SDPBytes.string(bytes, range) }
}

/// Collects the findings of one rule: the lint table sets ``rule`` before calling each
/// check, so a check can only report the rule it is registered for.
struct FindingSink {
    /// The position of the running check in ``Linter/checks`` (an index rather than the
    /// rule itself, so that switching checks copies no strings).
    var checkIndex: Int
    var rule: Rule { Linter.checks[checkIndex].rule }
    let source: String
    var findings: [Finding]

    /// Reports a finding located on `range` of `line` (the whole line content when `range`
    /// is `nil`), with further locations as notes.
    mutating func report(
        _ message: String, hint: String, line: Line, range: Range<Int>? = nil,
        severity: Severity? = nil, notes: [(Line, Range<Int>?)] = []
    ) {
        var locations = [location(line, range)]
        for (noteLine, noteRange) in notes { locations.append(location(noteLine, noteRange)) }
        findings.append(rule.finding(message, hint: hint, severity: severity, at: locations))
    }

    func location(_ line: Line, _ range: Range<Int>?) -> Location {
        let r = range ?? line.contentRange
        return .text(file: source, line: line.number, column: r.lowerBound - line.start + 1, length: max(1, r.count))
    }
}
