import Wire

extension IPAddress {
    /// Parses a dotted-quad IPv4 address or an RFC 4291 §2.2 IPv6 text address (with `::`
    /// compression; no embedded IPv4 tail, no zone).
    public init?(parsing text: String) {
        if text.contains(":") {
            func groups(_ part: Substring) -> [UInt16]? {
                if part.isEmpty { return [] }
                var result: [UInt16] = []
                for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                    guard !group.isEmpty, group.count <= 4, let value = UInt16(group, radix: 16) else { return nil }
                    result.append(value)
                }
                return result
            }
            let pieces = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
            var all: [UInt16]
            switch pieces.count {
            case 1:
                guard let only = groups(pieces[0]), only.count == 8 else { return nil }
                all = only
            case 2:
                guard let left = groups(pieces[0]), let right = groups(pieces[1]), left.count + right.count < 8 else { return nil }
                all = left + [UInt16](repeating: 0, count: 8 - left.count - right.count) + right
            default:
                return nil
            }
            let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
            let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
            self = .v6(high, low)
            return
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self = .v4(value)
    }

    /// The IPv4 address as a host-order integer, `nil` for IPv6.
    var ipv4Value: UInt32? {
        if case .v4(let value) = self { value } else { nil }
    }

    /// The address in network byte order (4 or 16 bytes).
    var bytes: [UInt8] {
        switch self {
        case .v4(let v):
            return [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        case .v6(let high, let low):
            return (0..<8).map { UInt8((high >> (56 - 8 * UInt64($0))) & 0xFF) }
                + (0..<8).map { UInt8((low >> (56 - 8 * UInt64($0))) & 0xFF) }
        }
    }
}

extension Endpoint {
    /// Parses `ADDRESS:PORT` (IPv4) or `[ADDRESS]:PORT` (IPv6), as ``description`` writes it.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard let address = IPAddress(parsing: String(host)) else { return nil }
        self.init(address: address, port: port)
    }
}
