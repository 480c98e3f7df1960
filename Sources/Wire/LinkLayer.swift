/// A capture file's link-layer header type (the `LINKTYPE_*` registry used by pcap and pcapng).
///
/// Only the types a WebRTC capture on Linux or macOS realistically has are decoded; others
/// are kept by number so that a reader can name them in an error.
public struct LinkType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the *capturing host's* byte order.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II, possibly with 802.1Q / 802.1ad (QinQ) tags.
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IPv4 or IPv6, version taken from the first nibble.
    public static let raw = LinkType(rawValue: 101)
    /// OpenBSD loopback: a 4-byte address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux "cooked" capture v1 (`tcpdump -i any` before libpcap 1.10).
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Raw IPv4.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux "cooked" capture v2 (`-i any` with libpcap ≥ 1.10).
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// Link types ``LinkLayer/decode(_:linkType:)`` understands.
    public static let supported: [LinkType] = [.null, .ethernet, .raw, .loop, .linuxSLL, .ipv4, .ipv6, .linuxSLL2]

    public var isSupported: Bool { Self.supported.contains(self) }

    /// The registry name, e.g. `EN10MB`, or the number for unknown types.
    public var name: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .raw: "RAW"
        case .loop: "LOOP"
        case .linuxSLL: "LINUX_SLL"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        case .linuxSLL2: "LINUX_SLL2"
        default: "LINKTYPE \(rawValue)"
        }
    }
}

/// The network-layer content of one link-layer frame.
public struct LinkFrame: Hashable, Sendable {
    /// The EtherType of the payload (0x0800 IPv4, 0x86DD IPv6), after any VLAN tags.
    public let etherType: UInt16
    /// 802.1Q / 802.1ad VLAN ids, outermost first.
    public let vlanIDs: [UInt16]
    /// The network-layer packet.
    public let payload: ArraySlice<UInt8>

    public init(etherType: UInt16, vlanIDs: [UInt16], payload: ArraySlice<UInt8>) {
        self.etherType = etherType
        self.vlanIDs = vlanIDs
        self.payload = payload
    }
}

public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let ipv6: UInt16 = 0x86DD
    /// IEEE 802.1Q customer VLAN tag.
    public static let vlan: UInt16 = 0x8100
    /// IEEE 802.1ad service VLAN tag (QinQ outer tag).
    public static let qinq: UInt16 = 0x88A8
    /// Pre-standard QinQ outer tag still emitted by some switches.
    public static let qinqLegacy: UInt16 = 0x9100
}

/// Decodes link-layer headers down to the network layer.
public enum LinkLayer {
    /// Strips the link-layer header of `frame` captured with `linkType`.
    ///
    /// - Returns: `nil` when the frame is shorter than its header or the type is not supported.
    public static func decode(_ frame: ArraySlice<UInt8>, linkType: LinkType) -> LinkFrame? {
        switch linkType {
        case .ethernet:
            // IEEE 802.3: destination(6) source(6) type(2), then optional VLAN tags.
            guard let type = frame.uint16(at: 12) else { return nil }
            return untag(type: type, rest: frame.bytes(from: 14))
        case .linuxSLL:
            // packet type(2) ARPHRD(2) address length(2) address(8) protocol(2).
            guard let type = frame.uint16(at: 14) else { return nil }
            return untag(type: type, rest: frame.bytes(from: 16))
        case .linuxSLL2:
            // protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) address length(1) address(8).
            guard let type = frame.uint16(at: 0), frame.count >= 20 else { return nil }
            return untag(type: type, rest: frame.bytes(from: 20))
        case .null, .loop:
            guard let network = frame.uint32(at: 0), let rest = frame.bytes(from: 4) else { return nil }
            // NULL stores the family in the capturing host's byte order; try both.
            let family = (linkType == .null && network & 0xFFFF == 0) ? network.byteSwapped : network
            switch family {
            case 2: return LinkFrame(etherType: EtherType.ipv4, vlanIDs: [], payload: rest)
            // AF_INET6 differs per system: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30.
            case 10, 24, 28, 30: return LinkFrame(etherType: EtherType.ipv6, vlanIDs: [], payload: rest)
            default: return LinkFrame(etherType: 0, vlanIDs: [], payload: rest)
            }
        case .raw:
            guard let first = frame.byte(at: 0) else { return nil }
            let type: UInt16 = switch first >> 4 {
            case 4: EtherType.ipv4
            case 6: EtherType.ipv6
            default: 0
            }
            return LinkFrame(etherType: type, vlanIDs: [], payload: frame)
        case .ipv4:
            return frame.isEmpty ? nil : LinkFrame(etherType: EtherType.ipv4, vlanIDs: [], payload: frame)
        case .ipv6:
            return frame.isEmpty ? nil : LinkFrame(etherType: EtherType.ipv6, vlanIDs: [], payload: frame)
        default:
            return nil
        }
    }

    /// Follows 802.1Q/802.1ad tags (each: TCI(2) type(2)); at most 4 levels.
    private static func untag(type: UInt16, rest: ArraySlice<UInt8>?) -> LinkFrame? {
        guard var rest else { return nil }
        var type = type
        var vlans: [UInt16] = []
        while type == EtherType.vlan || type == EtherType.qinq || type == EtherType.qinqLegacy {
            guard vlans.count < 4, let tci = rest.uint16(at: 0), let next = rest.uint16(at: 2),
                  let inner = rest.bytes(from: 4) else { return nil }
            vlans.append(tci & 0x0FFF)
            type = next
            rest = inner
        }
        return LinkFrame(etherType: type, vlanIDs: vlans, payload: rest)
    }
}
