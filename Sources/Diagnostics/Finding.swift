/// One diagnostic reported by any RTCScope tool, in the shape every tool shares.
///
/// Text output renders it in the compiler form
/// `file:line:col: severity[ID]: message (RFC …)`, followed by the quoted line, a caret
/// and the hint; JSON output encodes exactly these fields.
public struct Finding: Hashable, Sendable {
    /// The rule that produced it; its id, category and RFC are the finding's.
    public let rule: Rule
    /// Usually the rule's severity.
    public let severity: Severity
    public let message: String
    public let hint: String?
    /// Zero or more places; the first is primary.
    public let locations: [Location]

    public init(rule: Rule, severity: Severity, message: String, hint: String?, locations: [Location]) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.hint = hint
        self.locations = locations
    }

    public var id: String { rule.id }
    public var category: Category { rule.category }
    public var rfc: String? { rule.rfc }
}

extension Finding: Codable {
    private enum CodingKeys: String, CodingKey { case id, severity, category, message, hint, rfc, locations }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        let severity = try c.decode(Severity.self, forKey: .severity)
        let category = try c.decode(Category.self, forKey: .category)
        let rfc = try c.decodeIfPresent(String.self, forKey: .rfc)
        let rule = Rule.named(id) ?? Rule(id: id, severity: severity, category: category, rfc: rfc, summary: "")
        self.init(
            rule: rule,
            severity: severity,
            message: try c.decode(String.self, forKey: .message),
            hint: try c.decodeIfPresent(String.self, forKey: .hint),
            locations: try c.decodeIfPresent([Location].self, forKey: .locations) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(severity, forKey: .severity)
        try c.encode(category, forKey: .category)
        try c.encode(message, forKey: .message)
        try c.encode(hint, forKey: .hint)
        try c.encode(rfc, forKey: .rfc)
        try c.encode(locations, forKey: .locations)
    }
}

extension Sequence<Finding> {
    /// The highest severity among the findings, or `nil` when there are none.
    public var worstSeverity: Severity? { self.map(\.severity).max() }
}
