import Diagnostics

/// Masks what identifies a user or a host in session descriptions so they can be shared
/// in bug reports, while keeping everything a check depends on.
///
/// Masked: addresses and ports (o=, c=, a=candidate incl. raddr/rport, a=rtcp, m= ports),
/// mDNS host names, ice-ufrag/ice-pwd (also a candidate's `ufrag` extension),
/// fingerprint digests, CNAMEs and msid stream/track ids. Masks are **consistent**: one
/// `Anonymizer` maps the same value to the same mask in every description it is given,
/// so an anonymised offer and answer still check the same. What checks look at survives:
/// address family and class (loopback, private, link-local, public, mDNS), ports 0 and 9,
/// credential and digest lengths, the ice-char set, hash function names.
public struct Anonymizer: Sendable {
    private var masks: [Kind: [String: String]] = [:]

    private enum Kind: Hashable { case ipv4Private, ipv4Public, ipv4LinkLocal, ipv6Global, ipv6Local, ipv6LinkLocal, mdns, port, ufrag, pwd, digest, cname, msid, user }

    public init() {}

    /// The description with every identifying value masked; untouched lines keep their
    /// bytes and terminators.
    public mutating func anonymize(_ description: SessionDescription) throws(InputError) -> SessionDescription {
        var replacements: [Int: [UInt8]] = [:]
        for (index, line) in description.lines.enumerated() {
            guard let type = line.type else { continue }
            let value = String(decoding: description.bytes[line.valueRange], as: UTF8.self)
            let masked: String?
            switch type {
            case UInt8(ascii: "o"): masked = maskOrigin(value)
            case UInt8(ascii: "c"): masked = maskConnection(value)
            case UInt8(ascii: "m"): masked = maskMediaPort(value)
            case UInt8(ascii: "a"): masked = maskAttribute(value)
            default: masked = nil
            }
            if let masked, masked != value {
                replacements[index] = Array(description.bytes[line.start..<line.start + 2]) + Array(masked.utf8)
            }
        }
        return replacements.isEmpty ? description : try description.replacingLines(replacements)
    }

    // MARK: Lines

    private mutating func maskOrigin(_ value: String) -> String? {
        var fields = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6 else { return nil }
        if fields[0] != "-" { fields[0] = mask(fields[0], .user) { "user\($0)" } }
        fields[5] = maskAddress(fields[5])
        return fields.joined(separator: " ")
    }

    private mutating func maskConnection(_ value: String) -> String? {
        var fields = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else { return nil }
        // c= may carry a multicast TTL / count suffix: "224.2.1.1/127".
        let parts = fields[2].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        fields[2] = maskAddress(parts[0]) + (parts.count > 1 ? "/" + parts[1] : "")
        return fields.joined(separator: " ")
    }

    private mutating func maskMediaPort(_ value: String) -> String? {
        var fields = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 2 else { return nil }
        let parts = fields[1].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        fields[1] = maskPort(parts[0]) + (parts.count > 1 ? "/" + parts[1] : "")
        return fields.joined(separator: " ")
    }

    private mutating func maskAttribute(_ value: String) -> String? {
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let name = value[..<colon]
        let rest = String(value[value.index(after: colon)...])
        let masked: String?
        switch name {
        case "candidate": masked = maskCandidate(rest)
        case "ice-ufrag": masked = maskCredential(rest, .ufrag)
        case "ice-pwd": masked = maskCredential(rest, .pwd)
        case "fingerprint": masked = maskFingerprint(rest)
        case "rtcp": masked = maskRTCP(rest)
        case "ssrc": masked = maskSSRC(rest)
        case "msid": masked = maskMSID(rest)
        case "msid-semantic": masked = maskMSIDSemantic(rest)
        default: masked = nil
        }
        return masked.map { "\(name):\($0)" }
    }

    /// RFC 8839 §5.1: foundation component transport priority address port typ type
    /// [raddr a rport p] *(extension-name extension-value).
    private mutating func maskCandidate(_ value: String) -> String? {
        var fields = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 8 else { return nil }
        fields[4] = maskAddress(fields[4])
        fields[5] = maskPort(fields[5])
        var i = 8
        while i + 1 < fields.count {
            switch fields[i] {
            case "raddr": fields[i + 1] = maskAddress(fields[i + 1])
            case "rport": fields[i + 1] = maskPort(fields[i + 1])
            case "ufrag": fields[i + 1] = maskCredential(fields[i + 1], .ufrag)
            default: break
            }
            i += 2
        }
        return fields.joined(separator: " ")
    }

    /// `a=rtcp:port [nettype addrtype address]` (RFC 3605).
    private mutating func maskRTCP(_ value: String) -> String? {
        var fields = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard !fields.isEmpty else { return nil }
        fields[0] = maskPort(fields[0])
        if fields.count == 4 { fields[3] = maskAddress(fields[3]) }
        return fields.joined(separator: " ")
    }

    /// `a=ssrc:<ssrc> cname:<cname>` and `a=ssrc:<ssrc> msid:<stream> <track>` (RFC 5576).
    private mutating func maskSSRC(_ value: String) -> String? {
        guard let space = value.firstIndex(of: " ") else { return nil }
        let ssrc = value[..<space]
        let attribute = value[value.index(after: space)...]
        if attribute.hasPrefix("cname:") {
            return "\(ssrc) cname:" + mask(String(attribute.dropFirst(6)), .cname) { "cname\($0)" }
        }
        if attribute.hasPrefix("msid:") {
            return "\(ssrc) msid:" + (maskMSID(String(attribute.dropFirst(5))) ?? "")
        }
        return nil
    }

    /// `a=msid:<stream id> [<track id>]` (RFC 8830); `-` means no stream and is kept.
    private mutating func maskMSID(_ value: String) -> String? {
        value.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0 == "-" || $0.isEmpty ? String($0) : mask(String($0), .msid) { "msid\($0)" } }
            .joined(separator: " ")
    }

    /// `a=msid-semantic: WMS <id>…`; `*` (all streams) is kept.
    private mutating func maskMSIDSemantic(_ value: String) -> String? {
        var fields = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let semantic = fields.firstIndex(where: { !$0.isEmpty }) else { return nil }
        for i in fields.indices where i > semantic && !fields[i].isEmpty && fields[i] != "*" {
            fields[i] = mask(fields[i], .msid) { "msid\($0)" }
        }
        return fields.joined(separator: " ")
    }

    /// `a=fingerprint:<hash> <hex pairs>`: the digest is replaced by one of equal length.
    private mutating func maskFingerprint(_ value: String) -> String? {
        let fields = value.split(separator: " ", maxSplits: 1).map(String.init)
        guard fields.count == 2 else { return nil }
        let digest = fields[1]
        let masked = mask(digest.uppercased(), .digest) { n in
            let groups = digest.split(separator: ":", omittingEmptySubsequences: false)
            // Deterministic bytes from the mask number; the same length and shape as the digest.
            var state = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
            return groups.map { group in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let byte = UInt8(truncatingIfNeeded: state >> 56)
                let hex = String(byte, radix: 16, uppercase: true)
                let text = hex.count == 1 ? "0" + hex : hex
                return group.count == 2 ? text : String(repeating: "0", count: max(0, group.count))
            }.joined(separator: ":")
        }
        return fields[0] + " " + masked
    }

    /// ICE credentials keep their length and stay inside the ice-char set (RFC 8839 §5.4).
    private mutating func maskCredential(_ value: String, _ kind: Kind) -> String {
        let trimmed = value
        return mask(trimmed, kind) { n in
            let stem = (kind == .ufrag ? "U" : "P") + String(n, radix: 36)
            let length = trimmed.count
            if stem.count >= length { return String(stem.suffix(max(1, length))) }
            return stem + String(repeating: "x", count: length - stem.count)
        }
    }

    // MARK: Values

    private mutating func maskPort(_ text: String) -> String {
        guard let port = Int(text), port != 0, port != 9 else { return text }
        return mask(text, .port) { String(40000 + $0) }
    }

    /// Masks an address into a documentation or reserved range of the same family and
    /// class, so reachability reasoning (loopback, link-local, mDNS, …) is unchanged.
    private mutating func maskAddress(_ address: String) -> String {
        if address.hasSuffix(".local") {
            return mask(address.lowercased(), .mdns) { "00000000-0000-4000-8000-\(String($0).leftPad(12)).local" }
        }
        if let octets = IPv4Text.octets(address) {
            switch octets[0] {
            case 127, 0: return address
            case 10: return mask(address, .ipv4Private) { "10.200.\($0 / 250).\($0 % 250 + 1)" }
            case 172 where (16...31).contains(octets[1]):
                return mask(address, .ipv4Private) { "10.200.\($0 / 250).\($0 % 250 + 1)" }
            case 192 where octets[1] == 168:
                return mask(address, .ipv4Private) { "10.200.\($0 / 250).\($0 % 250 + 1)" }
            case 169 where octets[1] == 254:
                return mask(address, .ipv4LinkLocal) { "169.254.200.\($0 % 250 + 1)" }
            default:
                if octets[0] >= 224 { return address } // multicast / reserved: not identifying
                return mask(address, .ipv4Public) { "203.0.113.\($0 % 250 + 1)" }
            }
        }
        if address.contains(":") {
            let lower = address.lowercased()
            if lower == "::1" || lower == "::" { return address }
            if lower.hasPrefix("fe80:") { return mask(lower, .ipv6LinkLocal) { "fe80::\(String($0, radix: 16))" } }
            if lower.hasPrefix("fc") || lower.hasPrefix("fd") { return mask(lower, .ipv6Local) { "fd00:db8::\(String($0, radix: 16))" } }
            return mask(lower, .ipv6Global) { "2001:db8::\(String($0, radix: 16))" }
        }
        return address
    }

    /// The mask for `value`, made with `make(n)` (n counts from 1 per kind) the first time.
    private mutating func mask(_ value: String, _ kind: Kind, _ make: (Int) -> String) -> String {
        if let existing = masks[kind]?[value] { return existing }
        let n = (masks[kind]?.count ?? 0) + 1
        let masked = make(n)
        masks[kind, default: [:]][value] = masked
        return masked
    }
}

/// Dotted-quad IPv4 text.
enum IPv4Text {
    static func octets(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, let value = Int(part), (0...255).contains(value) else { return nil }
            result.append(value)
        }
        return result
    }
}
