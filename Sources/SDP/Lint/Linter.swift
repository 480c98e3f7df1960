import Diagnostics

/// One entry of the lint table: a catalogue rule and the function that checks it.
struct LintCheck: Sendable {
    let rule: Rule
    let check: @Sendable (LintContext, inout FindingSink) -> Void

    init(_ rule: Rule, _ check: @escaping @Sendable (LintContext, inout FindingSink) -> Void) {
        self.rule = rule
        self.check = check
    }
}

/// Single-description checks (`sdpcheck lint`): RFC 8866 syntax and the WebRTC
/// attributes one description can get wrong on its own.
///
/// Every rule is declared in the shared catalogue (`Rule.sdpRules`); its check
/// function lives in this folder, grouped by topic, and is registered in ``checks``.
/// Lint reads the description in one indexing pass (attributes classified per section)
/// and then runs each check over the attributes of the kinds it needs.
public enum Linter {
    /// The lint table, in catalogue order.
    static let checks: [LintCheck] =
        SyntaxChecks.checks + MediaLineChecks.checks + CodecChecks.checks + DTLSChecks.checks
        + ICEChecks.checks + BundleChecks.checks + ExtmapChecks.checks + SimulcastChecks.checks
        + DataChannelChecks.checks + TransportChecks.checks + SSRCChecks.checks

    /// The check functions alone, in table order (calling through this array copies no
    /// rule strings).
    static let checkFunctions: [@Sendable (LintContext, inout FindingSink) -> Void] = checks.map(\.check)

    /// The rules whose findings the parser produces (``SessionDescription/parseFindings``).
    static let parserRules: [Rule] = [.sdpSyntaxMalformedLine, .sdpSyntaxBlankLine, .sdpSyntaxTrailingWhitespace]

    /// Every rule lint can report: the parser's and the table's.
    public static var rules: [Rule] { parserRules + checks.map(\.rule) }

    /// Checks one description.
    ///
    /// - Returns: The description's ``SessionDescription/parseFindings`` and every rule's
    ///   findings, sorted by line and column (findings on the same position keep the
    ///   catalogue order).
    public static func lint(_ description: SessionDescription) -> [Finding] {
        // The common case, a description no rule reports on, is proven in one pass; the
        // rule table only runs when a rule might fire (see LintScreen).
        if LintScreen.provesClean(description) { return sorted(description.parseFindings) }
        return lintWithEveryRule(description)
    }

    /// Runs every rule of the table (what ``lint(_:)`` does when the screen cannot prove
    /// the description clean).
    static func lintWithEveryRule(_ description: SessionDescription) -> [Finding] {
        let context = LintContext(description)
        var sink = FindingSink(checkIndex: 0, source: description.source, findings: description.parseFindings)
        let functions = Linter.checkFunctions
        for index in functions.indices {
            sink.checkIndex = index
            functions[index](context, &sink)
        }
        return sorted(sink.findings)
    }

    static func sorted(_ findings: [Finding]) -> [Finding] {
        guard findings.count > 1 else { return findings }
        func key(_ finding: Finding) -> (Int, Int) {
            guard case .text(_, let line, let column, _)? = finding.locations.first else { return (0, 0) }
            return (line, column)
        }
        return findings.enumerated().sorted { a, b in
            let ka = key(a.element)
            let kb = key(b.element)
            if ka != kb { return ka < kb }
            return a.offset < b.offset
        }.map(\.element)
    }
}
