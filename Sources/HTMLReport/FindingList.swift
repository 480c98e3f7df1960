import Charts
import Diagnostics
import Plot

/// Findings in the shared ``Finding`` shape as HTML: a severity badge (symbol and word,
/// not colour alone), the rule id, the message, the governing RFC, the fix and where.
public enum FindingHTML {
    /// `✖ error`, `▲ warning`, `● note`: shape and word carry the severity in greyscale.
    public static func badge(_ severity: Severity) -> Node<HTML.BodyContext> {
        let text = switch severity {
        case .error: "✖ error"
        case .warning: "▲ warning"
        case .info: "● note"
        }
        return .span(.cls("badge \(severity.rawValue)"), .plain(text))
    }

    /// One finding. `showLocation` writes its locations (lists detached from the lines).
    public static func item(_ finding: Finding, showLocation: Bool = true, anchor: (Location) -> String? = { _ in nil }) -> Node<HTML.BodyContext> {
        .div(
            .cls("finding"),
            .attr("data-finding", finding.id),
            badge(finding.severity), .plain(" "),
            .span(.cls("id"), .plain(finding.id)), .plain(": "),
            .span(.cls("message"), .plain(finding.message)),
            .unwrap(finding.rfc) { .group(.plain(" "), .span(.cls("rfc"), .plain("(\($0))"))) },
            .unwrap(finding.hint) { .span(.cls("fix"), .plain($0)) },
            .if(showLocation && !finding.locations.isEmpty,
                .div(.cls("where"), .group(finding.locations.enumerated().map { i, location in
                    let label = Node<HTML.BodyContext>.plain((i == 0 ? "at " : ", ") + location.description)
                    guard let target = anchor(location) else { return label }
                    return .group(.plain(i == 0 ? "at " : ", "), .a(.href("#" + target), .plain(location.description)))
                })))
        )
    }

    /// A list of findings, worst first (stable within a severity).
    public static func list(_ findings: [Finding], anchor: @escaping (Location) -> String? = { _ in nil }) -> Node<HTML.BodyContext> {
        guard !findings.isEmpty else { return .p(.plain("No findings.")) }
        let ordered = findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
        return .ul(.cls("findings"), .group(ordered.map { finding in
            .li(.cls(finding.severity.rawValue), item(finding, anchor: anchor))
        }))
    }

    /// `2 errors, 1 warning, 0 notes`.
    public static func counts(_ findings: [Finding]) -> String {
        func n(_ s: Severity, _ word: String) -> String {
            let c = findings.filter { $0.severity == s }.count
            return "\(c) \(word)\(c == 1 ? "" : "s")"
        }
        return [n(.error, "error"), n(.warning, "warning"), n(.info, "note")].joined(separator: ", ")
    }
}
