extension Rule {
    /// Single-description rules checked by `sdpcheck lint` (RFC 8866 syntax and the
    /// WebRTC attributes that one description can get wrong on its own).
    public static let sdpRules: [Rule] = [
        sdpSyntaxMalformedLine, sdpSyntaxBlankLine, sdpSyntaxTrailingWhitespace,
    ]

    public static let sdpSyntaxMalformedLine = Rule(
        id: "SDP-SYNTAX-001", severity: .error, category: .syntax, rfc: "RFC 8866 §5",
        summary: "A line is not of the form <type>=<value> with a one-letter lower-case type")
    public static let sdpSyntaxBlankLine = Rule(
        id: "SDP-SYNTAX-002", severity: .warning, category: .syntax, rfc: "RFC 8866 §5",
        summary: "An empty line inside the description (parsers such as GStreamer's stop or skip there)")
    public static let sdpSyntaxTrailingWhitespace = Rule(
        id: "SDP-SYNTAX-003", severity: .warning, category: .syntax, rfc: "RFC 8866 §5",
        summary: "Whitespace at the end of a line becomes part of the value")
}
