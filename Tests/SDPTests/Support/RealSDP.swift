import Foundation
import Diagnostics
@testable import SDP

/// Real descriptions for the tests: small fixtures copied from the corpus into
/// `Tests/SDPTests/Fixtures`, and the corpus itself at the repository root.
enum RealSDP {
    /// `Tests/SDPTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let fixturesDirectory = testsDirectory.appendingPathComponent("Fixtures")
    /// `Corpus/` at the repository root.
    static let corpusDirectory = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus").resolvingSymlinksInPath()

    /// The bytes of a fixture file.
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = fixturesDirectory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FixtureError(reason: "fixture \(name) is missing under \(fixturesDirectory.path)")
        }
        return Array(data)
    }

    /// Every `*.sdp` file under `Corpus/`, sorted by path.
    static func corpusFiles() -> [URL] {
        guard let walker = FileManager.default.enumerator(at: corpusDirectory, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "sdp" { files.append(url) }
        return files.sorted { $0.path < $1.path }
    }

    struct FixtureError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}

/// A minimal edit of a real description: what a person pasting, hand-editing or
/// generating SDP gets wrong.
enum Edit: Sendable, CustomStringConvertible {
    /// Replaces the first occurrence of a string.
    case replace(String, with: String)
    /// Deletes the first line whose content is exactly the given text.
    case deleteLine(String)
    /// Deletes the first line whose content starts with the given text.
    case deleteLineStarting(String)
    /// Inserts a line after the first line whose content is exactly `after`.
    case insert(String, after: String)
    /// Replaces every occurrence of a string.
    case replaceAll(String, with: String)
    /// Deletes the first line starting with the given text that comes after the first
    /// line whose content is exactly `after`.
    case deleteLineStartingAfter(String, after: String)

    var description: String {
        switch self {
        case .replace(let a, let b): "replace \"\(a.prefix(40))\" with \"\(b.prefix(40))\""
        case .deleteLine(let l): "delete \"\(l.prefix(40))\""
        case .deleteLineStarting(let l): "delete line starting \"\(l.prefix(40))\""
        case .insert(let l, let after): "insert \"\(l.prefix(40))\" after \"\(after.prefix(40))\""
        case .replaceAll(let a, let b): "replace every \"\(a.prefix(40))\" with \"\(b.prefix(40))\""
        case .deleteLineStartingAfter(let l, let after): "delete line starting \"\(l.prefix(40))\" after \"\(after.prefix(40))\""
        }
    }

    /// Applies the edit to CRLF or LF text, keeping the text's line ending.
    func apply(to text: String) throws -> String {
        let ending = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: ending)
        switch self {
        case .replace(let old, let new):
            guard let range = text.range(of: old) else { throw RealSDP.FixtureError(reason: "edit does not apply: \(self)") }
            return text.replacingCharacters(in: range, with: new)
        case .deleteLine(let content):
            guard let i = lines.firstIndex(of: content) else { throw RealSDP.FixtureError(reason: "edit does not apply: \(self)") }
            lines.remove(at: i)
        case .deleteLineStarting(let prefix):
            guard let i = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { throw RealSDP.FixtureError(reason: "edit does not apply: \(self)") }
            lines.remove(at: i)
        case .insert(let content, let after):
            guard let i = lines.firstIndex(of: after) else { throw RealSDP.FixtureError(reason: "edit does not apply: \(self)") }
            lines.insert(content, at: i + 1)
        case .replaceAll(let old, let new):
            guard text.contains(old) else { throw RealSDP.FixtureError(reason: "edit does not apply: \(self)") }
            return text.replacingOccurrences(of: old, with: new)
        case .deleteLineStartingAfter(let prefix, let after):
            guard let anchor = lines.firstIndex(of: after),
                  let i = lines[(anchor + 1)...].firstIndex(where: { $0.hasPrefix(prefix) })
            else { throw RealSDP.FixtureError(reason: "edit does not apply: \(self)") }
            lines.remove(at: i)
        }
        return lines.joined(separator: ending)
    }
}

extension SessionDescription {
    /// The bytes a text location covers (its line, from its column, `length` bytes).
    func text(at location: Location) -> (line: String, field: String)? {
        guard case .text(_, let number, let column, let length) = location,
              let line = lines.first(where: { $0.number == number }) else { return nil }
        let start = line.start + column - 1
        let end = min(line.contentEnd, start + length)
        guard start <= end else { return nil }
        return (content(of: line), String(decoding: bytes[start..<end], as: UTF8.self))
    }
}
