/// How much a finding matters to whether two peers connect.
///
/// The order is meaningful: `info < warning < error`. Tools exit non-zero only when
/// an ``error`` was found (see ``ExitStatus``).
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable {
    /// Worth knowing; nothing fails because of it.
    case info
    /// Works with some stacks or degrades the session.
    case warning
    /// The negotiation or the session fails, or the input violates a MUST.
    case error
}

extension Severity: Comparable {
    @inlinable
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }

    @usableFromInline
    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }
}
