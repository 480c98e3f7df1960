import Diagnostics

/// Supplies the text of a source line so that a finding can quote it.
public protocol SourceLines {
    /// The content of 1-based `line` of `file`, without terminator, or `nil` if unknown.
    func line(_ line: Int, in file: String) -> String?
}

/// Source lines from a table filled by the caller (one entry per file it has read).
public struct SourceTable: SourceLines, Sendable {
    private var files: [String: @Sendable (Int) -> String?] = [:]

    public init() {}

    /// Registers a file whose lines are returned by `lookup`.
    public mutating func register(_ file: String, lookup: @escaping @Sendable (Int) -> String?) {
        files[file] = lookup
    }

    public func line(_ line: Int, in file: String) -> String? { files[file]?(line) }
}

/// Renders findings in the compiler form every RTCScope tool prints:
///
/// ```
/// answer.sdp:14:9: error[SDP-DTLS-004]: both sides are DTLS clients (RFC 8842 §5.1)
///    14 | a=setup:active
///       |         ^~~~~~
///       = fix: answer with a=setup:passive …
/// ```
public struct FindingRenderer: Sendable {
    public let palette: Palette

    public init(color: Bool) { self.palette = Palette(enabled: color) }

    /// The text of one finding, ending with a newline.
    public func render(_ finding: Finding, sources: some SourceLines) -> String {
        var out = ""
        let p = palette
        let primary = finding.locations.first
        let severityColor = switch finding.severity {
        case .error: p.red
        case .warning: p.yellow
        case .info: p.cyan
        }
        if let primary { out += "\(p.bold)\(primary):\(p.reset) " }
        out += "\(p.bold)\(severityColor)\(finding.severity.rawValue)[\(finding.id)]\(p.reset): "
        out += "\(p.bold)\(finding.message)\(p.reset)"
        if let rfc = finding.rfc { out += " (\(rfc))" }
        out += "\n"
        for (index, location) in finding.locations.enumerated() {
            if index > 0 { out += "  \(p.dim)note: see \(location)\(p.reset)\n" }
            out += quote(location, sources: sources, color: severityColor)
        }
        if let hint = finding.hint {
            out += "   \(p.green)= fix:\(p.reset) \(hint)\n"
        }
        return out
    }

    private func quote(_ location: Location, sources: some SourceLines, color: String) -> String {
        guard case .text(let file, let line, let column, let length) = location,
              let text = sources.line(line, in: file) else { return "" }
        let p = palette
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        // Columns count bytes; turn the byte column into a character offset for the caret.
        let prefix = text.utf8.prefix(max(0, column - 1))
        let indent = String(decoding: prefix, as: UTF8.self).count
        let available = max(1, text.count - indent)
        let marked = min(max(1, length), available)
        let shown = text.count > 200 ? String(text.prefix(200)) + "…" : text
        var out = " \(p.dim)\(number) |\(p.reset) \(shown)\n"
        if indent <= 200 {
            out += " \(p.dim)\(gutter) |\(p.reset) \(String(repeating: " ", count: indent))"
            out += "\(color)^\(String(repeating: "~", count: min(marked, 200 - min(indent, 200)) - 1 < 0 ? 0 : min(marked, max(1, 200 - indent)) - 1))\(p.reset)\n"
        }
        return out
    }

    /// The one-line summary closing a run, e.g. `2 errors, 1 warning in 3 files`.
    public func summary(_ findings: [Finding], files: Int, unusable: Int = 0) -> String {
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let infos = findings.filter { $0.severity == .info }.count
        var parts = [plural(errors, "error"), plural(warnings, "warning")]
        if infos > 0 { parts.append(plural(infos, "note")) }
        var line = parts.joined(separator: ", ") + " in " + plural(files, "file")
        if unusable > 0 { line += " (\(unusable) unusable)" }
        return line
    }

    private func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
