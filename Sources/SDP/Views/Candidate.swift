/// `a=candidate:` (RFC 8839 §5.1):
///
/// ```
/// candidate:<foundation> <component-id> <transport> <priority> <connection-address> <port>
///           typ <cand-type> [raddr <addr>] [rport <port>] *(<extension-name> <extension-value>)
/// ```
///
/// Well-known extensions are decoded: `tcptype` (RFC 6544 §4.5), and libwebrtc's
/// `generation`, `ufrag`, `network-id`, `network-cost`. Every other extension pair is
/// kept in ``extensions``.
public struct Candidate: Sendable {
    public let attribute: Attribute
    public let foundationRange: Range<Int>
    public let component: Int
    public let componentRange: Range<Int>
    public let transportRange: Range<Int>
    public let transport: Transport
    public let priority: UInt32
    public let priorityRange: Range<Int>
    public let addressRange: Range<Int>
    public let addressKind: AddressKind
    public let port: Int
    public let portRange: Range<Int>
    public let type: CandidateType
    public let typeRange: Range<Int>
    public let relatedAddressRange: Range<Int>?
    public let relatedPort: Int?
    public let tcpType: TCPType?
    public let generation: Int?
    public let networkID: Int?
    public let networkCost: Int?
    public let usernameFragmentRange: Range<Int>?
    /// Extension pairs not decoded above, in order.
    public let extensions: [(name: Range<Int>, value: Range<Int>)]

    /// The candidate's transport (RFC 8839 §5.1: `UDP`, or `TCP` per RFC 6544), compared
    /// case-insensitively.
    public enum Transport: Hashable, Sendable { case udp, tcp, other }

    /// `typ` (RFC 8839 §5.1).
    public enum CandidateType: Hashable, Sendable {
        case host, serverReflexive, peerReflexive, relayed, other
    }

    /// `tcptype` (RFC 6544 §4.5).
    public enum TCPType: Hashable, Sendable { case active, passive, simultaneousOpen, other }

    /// What `connection-address` is: an IP literal, a DNS name, or an mDNS name ending in
    /// `.local` (what browsers write to hide host addresses, draft-ietf-mmusic-mdns-ice-candidates).
    public enum AddressKind: Hashable, Sendable { case ipv4, ipv6, fqdn, mDNS }

    /// Reads a candidate strictly: every mandatory field present and of the right
    /// form, port and related port in 0–65535, component in 1–256, priority a 32-bit
    /// number, extensions in pairs.
    public init?(_ attribute: Attribute) {
        guard attribute.hasName("candidate"), let value = attribute.valueRange else { return nil }
        let bytes = attribute.bytes
        var cursor = FieldCursor(bytes, value)
        guard let foundation = cursor.next(), foundation.count <= 32,
              let (component, componentRange) = cursor.nextInteger(), (1...256).contains(component),
              let transportRange = cursor.next(),
              let (priority, priorityRange) = cursor.nextInteger(), priority <= Int(UInt32.max),
              let address = cursor.next(),
              let (port, portRange) = cursor.nextInteger(), port <= 65535,
              let typ = cursor.next(), SDPBytes.equal(bytes, typ, "typ"),
              let typeRange = cursor.next()
        else { return nil }
        self.attribute = attribute
        self.foundationRange = foundation
        self.component = component
        self.componentRange = componentRange
        self.transportRange = transportRange
        self.transport = SDPBytes.equalIgnoringCase(bytes, transportRange, "udp") ? .udp
            : SDPBytes.equalIgnoringCase(bytes, transportRange, "tcp") ? .tcp : .other
        self.priority = UInt32(priority)
        self.priorityRange = priorityRange
        self.addressRange = address
        self.addressKind = Candidate.classify(bytes, address)
        self.port = port
        self.portRange = portRange
        self.typeRange = typeRange
        self.type = SDPBytes.equal(bytes, typeRange, "host") ? .host
            : SDPBytes.equal(bytes, typeRange, "srflx") ? .serverReflexive
            : SDPBytes.equal(bytes, typeRange, "prflx") ? .peerReflexive
            : SDPBytes.equal(bytes, typeRange, "relay") ? .relayed : .other

        var raddr: Range<Int>? = nil
        var rport: Int? = nil
        var tcpType: TCPType? = nil
        var generation: Int? = nil
        var networkID: Int? = nil
        var networkCost: Int? = nil
        var ufrag: Range<Int>? = nil
        var extensions: [(name: Range<Int>, value: Range<Int>)] = []
        while let name = cursor.next() {
            guard let value = cursor.next() else { return nil }
            if SDPBytes.equal(bytes, name, "raddr") {
                raddr = value
            } else if SDPBytes.equal(bytes, name, "rport") {
                guard let p = SDPBytes.integer(bytes, value), p <= 65535 else { return nil }
                rport = p
            } else if SDPBytes.equal(bytes, name, "tcptype") {
                tcpType = SDPBytes.equal(bytes, value, "active") ? .active
                    : SDPBytes.equal(bytes, value, "passive") ? .passive
                    : SDPBytes.equal(bytes, value, "so") ? .simultaneousOpen : .other
            } else if SDPBytes.equal(bytes, name, "generation"), let n = SDPBytes.integer(bytes, value) {
                generation = n
            } else if SDPBytes.equal(bytes, name, "network-id"), let n = SDPBytes.integer(bytes, value) {
                networkID = n
            } else if SDPBytes.equal(bytes, name, "network-cost"), let n = SDPBytes.integer(bytes, value) {
                networkCost = n
            } else if SDPBytes.equal(bytes, name, "ufrag") {
                ufrag = value
            } else {
                extensions.append((name, value))
            }
        }
        self.relatedAddressRange = raddr
        self.relatedPort = rport
        self.tcpType = tcpType
        self.generation = generation
        self.networkID = networkID
        self.networkCost = networkCost
        self.usernameFragmentRange = ufrag
        self.extensions = extensions
    }

    public var foundation: String { SDPBytes.string(attribute.bytes, foundationRange) }
    public var address: String { SDPBytes.string(attribute.bytes, addressRange) }
    public var relatedAddress: String? { relatedAddressRange.map { SDPBytes.string(attribute.bytes, $0) } }
    public var usernameFragment: String? { usernameFragmentRange.map { SDPBytes.string(attribute.bytes, $0) } }

    static func classify(_ bytes: [UInt8], _ range: Range<Int>) -> AddressKind {
        var colons = 0
        var dots = 0
        var onlyDigitsAndDots = true
        for i in range {
            let b = bytes[i]
            if b == UInt8(ascii: ":") { colons += 1 }
            else if b == UInt8(ascii: ".") { dots += 1 }
            else if !SDPBytes.isDigit(b) { onlyDigitsAndDots = false }
        }
        if colons >= 2 { return .ipv6 }
        if onlyDigitsAndDots && dots == 3 { return .ipv4 }
        if SDPBytes.hasSuffixIgnoringCase(bytes, range, ".local") { return .mDNS }
        return .fqdn
    }
}
