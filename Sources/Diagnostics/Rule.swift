/// A check that RTCScope performs, as listed in the one rule catalogue.
///
/// A rule is data: its identity, default severity, category, the standard it enforces
/// and a one-line summary. The function that checks it lives with the module that owns
/// the data (SDP lint, offer/answer negotiation, capture analysis), but every rule is
/// declared in ``Rule/catalogue`` so that ids are stable, unique and listable.
public struct Rule: Hashable, Sendable {
    /// Stable identifier such as `SDP-DTLS-003`. Never reused for a different check.
    public let id: String
    /// The severity a finding of this rule has unless the checking code has a documented
    /// reason to lower it (for example a MUST that real browsers violate harmlessly).
    public let severity: Severity
    public let category: Category
    /// The governing section, e.g. `RFC 8842 §5.1`; `nil` for interoperability rules that
    /// reflect a stack's behaviour rather than a standard.
    public let rfc: String?
    /// What the rule checks, in one line.
    public let summary: String

    public init(id: String, severity: Severity, category: Category, rfc: String?, summary: String) {
        self.id = id
        self.severity = severity
        self.category = category
        self.rfc = rfc
        self.summary = summary
    }
}

extension Rule {
    /// Makes a finding of this rule.
    ///
    /// - Parameters:
    ///   - message: What is wrong in this instance, naming the values involved.
    ///   - hint: How to fix it.
    ///   - severity: Overrides the rule's default severity (rarely; say why at the call site).
    ///   - locations: Where; the first is the primary location.
    public func finding(
        _ message: String,
        hint: String? = nil,
        severity: Severity? = nil,
        at locations: [Location] = []
    ) -> Finding {
        Finding(rule: self, severity: severity ?? self.severity, message: message, hint: hint, locations: locations)
    }
}
