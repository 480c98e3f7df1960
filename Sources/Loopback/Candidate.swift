/// The fields of an ICE candidate attribute value that the engine checks (RFC 8839 §5.1):
/// `candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> …`.
public struct CandidateLine: Sendable, Hashable {
    public let component: Int
    public let transport: String
    public let address: String
    public let port: Int
    public let type: String

    /// Parses `candidate:…` (with or without the `a=` prefix); `nil` if the fields are missing.
    public init?(_ text: String) {
        var body = Substring(text)
        if body.hasPrefix("a=") { body = body.dropFirst(2) }
        guard body.hasPrefix("candidate:") else { return nil }
        let fields = body.dropFirst("candidate:".count).split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 8, fields[6] == "typ",
              let component = Int(fields[1]), let port = Int(fields[5]) else { return nil }
        self.component = component
        self.transport = fields[2].uppercased()
        self.address = String(fields[4])
        self.port = port
        self.type = String(fields[7])
    }

    /// Whether the address is in 127.0.0.0/8 or is ::1 (the network rule allows nothing else).
    public var isLoopback: Bool {
        if address == "::1" { return true }
        let octets = address.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
