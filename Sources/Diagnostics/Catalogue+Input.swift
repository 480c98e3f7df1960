extension Rule {
    /// Rules about input that cannot be used at all. A finding of one of these accompanies
    /// an ``InputError`` so that JSON output reports unusable input in the shared shape.
    public static let inputRules: [Rule] = [inputUnusable]

    public static let inputUnusable = Rule(
        id: "INPUT-001", severity: .error, category: .syntax, rfc: nil,
        summary: "The input cannot be used: empty, binary, not UTF-8, truncated or over a size bound")
}
