import Crypto

/// The class of a STUN message (RFC 8489 §5: bits C1 and C0 of the message type).
public enum STUNClass: String, Hashable, Sendable {
    case request, indication, success, error
}

/// A STUN message (RFC 8489 §5) with its attributes in wire order.
///
/// The decoder keeps each attribute's raw value and offset, so that FINGERPRINT and
/// MESSAGE-INTEGRITY can be verified over the exact bytes that preceded them.
public struct STUNMessage: Hashable, Sendable {
    /// RFC 5389/8489 magic cookie.
    public static let magicCookie: UInt32 = 0x2112_A442
    /// The Binding method (RFC 8489 §18.2): the only one ICE connectivity checks use.
    public static let bindingMethod: UInt16 = 0x001

    /// The 14-bit message type (method and class interleaved).
    public let messageType: UInt16
    /// The 12-bit method: 0x001 Binding, 0x003 Allocate, 0x004 Refresh, 0x006 Send, 0x007 Data,
    /// 0x008 CreatePermission, 0x009 ChannelBind.
    public let method: UInt16
    public let messageClass: STUNClass
    /// The 96-bit transaction id.
    public let transactionID: ArraySlice<UInt8>
    public let attributes: [STUNAttribute]
    /// The whole message: header and attributes.
    public let bytes: ArraySlice<UInt8>

    /// Decodes a STUN message that fills `bytes` (a UDP payload or one RFC 4571 frame).
    ///
    /// - Returns: `nil` unless the top two bits are zero, the magic cookie is present, the
    ///   length is a multiple of 4 that fits, and the attributes tile the body exactly.
    public init?(_ bytes: ArraySlice<UInt8>) {
        guard let type = bytes.uint16(at: 0), type & 0xC000 == 0, let length = bytes.uint16(at: 2),
              bytes.uint32(at: 4) == Self.magicCookie, length % 4 == 0,
              let transactionID = bytes.bytes(at: 8, count: 12),
              let message = bytes.bytes(at: 0, count: 20 + Int(length)) else { return nil }
        var attributes: [STUNAttribute] = []
        var offset = 20
        while offset < message.count {
            guard let attributeType = message.uint16(at: offset), let attributeLength = message.uint16(at: offset + 2),
                  let value = message.bytes(at: offset + 4, count: Int(attributeLength)) else { return nil }
            attributes.append(STUNAttribute(type: attributeType, value: value, offset: offset))
            offset += 4 + (Int(attributeLength) + 3) & ~3
        }
        guard offset == message.count else { return nil }
        self.messageType = type
        self.method = (type & 0x000F) | (type & 0x00E0) >> 1 | (type & 0x3E00) >> 2
        self.messageClass = switch (type & 0x0100 != 0, type & 0x0010 != 0) {
        case (false, false): .request
        case (false, true): .indication
        case (true, false): .success
        case (true, true): .error
        }
        self.transactionID = transactionID
        self.attributes = attributes
        self.bytes = message
    }

    /// Lower-case hex of the transaction id, as tshark prints `stun.id`.
    public var transactionIDHex: String { hexString(transactionID) }

    /// The method's name: Binding, Allocate, Refresh, Send, Data, CreatePermission, ChannelBind.
    public var methodName: String {
        switch method {
        case 0x001: "Binding"
        case 0x003: "Allocate"
        case 0x004: "Refresh"
        case 0x006: "Send"
        case 0x007: "Data"
        case 0x008: "CreatePermission"
        case 0x009: "ChannelBind"
        default: "Method 0x\(String(method, radix: 16))"
        }
    }

    /// The first attribute of `type`.
    public func attribute(_ type: STUNAttribute.Kind) -> STUNAttribute? {
        attributes.first { $0.type == type.rawValue }
    }

    // MARK: Typed attributes (RFC 8489 §14, RFC 8445 §16.1, RFC 8656 §18)

    /// USERNAME; in ICE checks `recipientUfrag:senderUfrag` (RFC 8445 §7.2.2).
    public var username: String? { attribute(.username).map { String(decoding: $0.value, as: UTF8.self) } }
    public var software: String? { attribute(.software).map { String(decoding: $0.value, as: UTF8.self) } }
    public var realm: String? { attribute(.realm).map { String(decoding: $0.value, as: UTF8.self) } }
    public var nonce: String? { attribute(.nonce).map { String(decoding: $0.value, as: UTF8.self) } }
    public var priority: UInt32? { attribute(.priority)?.value.uint32(at: 0) }
    public var useCandidate: Bool { attribute(.useCandidate) != nil }
    /// ICE-CONTROLLING tie-breaker, if present.
    public var iceControlling: UInt64? { attribute(.iceControlling)?.value.uint64(at: 0) }
    /// ICE-CONTROLLED tie-breaker, if present.
    public var iceControlled: UInt64? { attribute(.iceControlled)?.value.uint64(at: 0) }
    public var lifetime: UInt32? { attribute(.lifetime)?.value.uint32(at: 0) }
    public var channelNumber: UInt16? { attribute(.channelNumber)?.value.uint16(at: 0) }

    /// ERROR-CODE (RFC 8489 §14.8): class·100 + number, and the reason phrase.
    public var errorCode: (code: Int, reason: String)? {
        guard let value = attribute(.errorCode)?.value, let classByte = value.byte(at: 2),
              let number = value.byte(at: 3) else { return nil }
        let reason = value.bytes(from: 4).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (Int(classByte & 0x07) * 100 + Int(number), reason)
    }

    /// XOR-MAPPED-ADDRESS (RFC 8489 §14.2), decoded with this message's transaction id.
    public var xorMappedAddress: STUNAddress? { attribute(.xorMappedAddress).flatMap { xorAddress($0.value) } }
    public var xorPeerAddress: STUNAddress? { attribute(.xorPeerAddress).flatMap { xorAddress($0.value) } }
    public var xorRelayedAddress: STUNAddress? { attribute(.xorRelayedAddress).flatMap { xorAddress($0.value) } }
    /// Every XOR-PEER-ADDRESS, in order (RFC 8656 §9.1: a CreatePermission may list several peers).
    public var xorPeerAddresses: [STUNAddress] {
        attributes.filter { $0.type == STUNAttribute.Kind.xorPeerAddress.rawValue }.compactMap { xorAddress($0.value) }
    }
    /// DATA (RFC 8656 §18.4): the datagram a Send or Data indication carries.
    public var data: ArraySlice<UInt8>? { attribute(.data)?.value }
    /// REQUESTED-TRANSPORT (RFC 8656 §18.11): the IP protocol number asked for (17 UDP, 6 TCP).
    public var requestedTransport: UInt8? { attribute(.requestedTransport)?.value.byte(at: 0) }
    /// MAPPED-ADDRESS (RFC 8489 §14.1), not obfuscated.
    public var mappedAddress: STUNAddress? {
        guard let value = attribute(.mappedAddress)?.value else { return nil }
        return STUNAddress(value, xorPort: 0, xorAddress: [])
    }

    private func xorAddress(_ value: ArraySlice<UInt8>) -> STUNAddress? {
        var mask: [UInt8] = [0x21, 0x12, 0xA4, 0x42]
        mask += transactionID
        return STUNAddress(value, xorPort: 0x2112, xorAddress: mask)
    }

    // MARK: Verification

    /// Whether FINGERPRINT matches (RFC 8489 §14.7): CRC-32 of the message up to the attribute,
    /// with the header length covering the attribute, XOR 0x5354554E. `nil` when absent.
    public var fingerprintMatches: Bool? {
        guard let attribute = attribute(.fingerprint), let stored = attribute.value.uint32(at: 0) else { return nil }
        let covered = adjustedPrefix(upTo: attribute.offset, endingAfter: attribute.offset + 8)
        return CRC32.checksum(covered) ^ 0x5354_554E == stored
    }

    /// Whether MESSAGE-INTEGRITY (HMAC-SHA1, §14.5) or, failing that, MESSAGE-INTEGRITY-SHA256
    /// (§14.6) verifies with `key` — for ICE, the short-term password's UTF-8 bytes
    /// (RFC 8445 §7.2.2: the password of the agent receiving the request).
    /// `nil` when the message carries neither attribute.
    public func integrityMatches(key: some Sequence<UInt8>) -> Bool? {
        let key = SymmetricKey(data: Array(key))
        if let attribute = attribute(.messageIntegrity) {
            let covered = adjustedPrefix(upTo: attribute.offset, endingAfter: attribute.offset + 4 + attribute.value.count)
            let mac = HMAC<Insecure.SHA1>.authenticationCode(for: covered, using: key)
            return Array(mac) == Array(attribute.value)
        }
        if let attribute = attribute(.messageIntegritySHA256), attribute.value.count >= 16 {
            let covered = adjustedPrefix(upTo: attribute.offset, endingAfter: attribute.offset + 4 + attribute.value.count)
            let mac = HMAC<SHA256>.authenticationCode(for: covered, using: key)
            return Array(mac).prefix(attribute.value.count).elementsEqual(attribute.value)
        }
        return nil
    }

    /// The message bytes before `offset`, with the header's length field rewritten as if the
    /// message ended at `end` (RFC 8489 §14.5: "the length … adjusted to point to the end of
    /// the MESSAGE-INTEGRITY attribute").
    private func adjustedPrefix(upTo offset: Int, endingAfter end: Int) -> [UInt8] {
        var prefix = Array(bytes.prefix(offset))
        let length = UInt16(clamping: end - 20)
        if prefix.count >= 4 {
            prefix[2] = UInt8(length >> 8)
            prefix[3] = UInt8(length & 0xFF)
        }
        return prefix
    }
}

/// One STUN attribute: type, raw value (without padding), and offset in the message.
public struct STUNAttribute: Hashable, Sendable {
    public let type: UInt16
    public let value: ArraySlice<UInt8>
    /// Byte offset of the attribute header from the start of the message.
    public let offset: Int

    /// Attribute types this module names (RFC 8489 §18.3, RFC 8445 §16.1, RFC 8656 §18).
    public enum Kind: UInt16, CaseIterable, Sendable {
        case mappedAddress = 0x0001
        case username = 0x0006
        case messageIntegrity = 0x0008
        case errorCode = 0x0009
        case unknownAttributes = 0x000A
        case channelNumber = 0x000C
        case lifetime = 0x000D
        case xorPeerAddress = 0x0012
        case data = 0x0013
        case realm = 0x0014
        case nonce = 0x0015
        case xorRelayedAddress = 0x0016
        case requestedTransport = 0x0019
        case messageIntegritySHA256 = 0x001C
        case userhash = 0x001E
        case xorMappedAddress = 0x0020
        case priority = 0x0024
        case useCandidate = 0x0025
        case software = 0x8022
        case alternateServer = 0x8023
        case fingerprint = 0x8028
        case iceControlled = 0x8029
        case iceControlling = 0x802A
        /// GOOG-NETWORK-INFO (Chrome), kept by name only.
        case googNetworkInfo = 0xC057

        public var name: String {
            switch self {
            case .mappedAddress: "MAPPED-ADDRESS"
            case .username: "USERNAME"
            case .messageIntegrity: "MESSAGE-INTEGRITY"
            case .errorCode: "ERROR-CODE"
            case .unknownAttributes: "UNKNOWN-ATTRIBUTES"
            case .channelNumber: "CHANNEL-NUMBER"
            case .lifetime: "LIFETIME"
            case .xorPeerAddress: "XOR-PEER-ADDRESS"
            case .data: "DATA"
            case .realm: "REALM"
            case .nonce: "NONCE"
            case .xorRelayedAddress: "XOR-RELAYED-ADDRESS"
            case .requestedTransport: "REQUESTED-TRANSPORT"
            case .messageIntegritySHA256: "MESSAGE-INTEGRITY-SHA256"
            case .userhash: "USERHASH"
            case .xorMappedAddress: "XOR-MAPPED-ADDRESS"
            case .priority: "PRIORITY"
            case .useCandidate: "USE-CANDIDATE"
            case .software: "SOFTWARE"
            case .alternateServer: "ALTERNATE-SERVER"
            case .fingerprint: "FINGERPRINT"
            case .iceControlled: "ICE-CONTROLLED"
            case .iceControlling: "ICE-CONTROLLING"
            case .googNetworkInfo: "GOOG-NETWORK-INFO"
            }
        }
    }

    /// The attribute's registered name, or `0xXXXX` for unknown types.
    public var name: String {
        Kind(rawValue: type)?.name ?? "0x" + String(type, radix: 16, uppercase: true)
    }
}

/// A transport address from a (XOR-)MAPPED-ADDRESS-style attribute.
public struct STUNAddress: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let port: UInt16

    /// Decodes family(2) port(2) address(4|16), XOR-ing port and address with the masks.
    init?(_ value: ArraySlice<UInt8>, xorPort: UInt16, xorAddress mask: [UInt8]) {
        guard let family = value.byte(at: 1), let port = value.uint16(at: 2) else { return nil }
        let length = family == 0x01 ? 4 : family == 0x02 ? 16 : 0
        guard length > 0, var raw = value.bytes(at: 4, count: length).map(Array.init) else { return nil }
        if !mask.isEmpty {
            for i in raw.indices where i < mask.count { raw[i] ^= mask[i] }
        }
        guard let address = length == 4 ? IPAddress.v4(raw[...], at: 0) : IPAddress.v6(raw[...], at: 0) else { return nil }
        self.address = address
        self.port = port ^ xorPort
    }

    public var description: String { address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)" }
}
