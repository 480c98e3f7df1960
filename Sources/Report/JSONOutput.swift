#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes the tools' `--format json` documents: sorted keys and pretty printing, so
/// that output is stable for golden tests and diffs, and `/` is not escaped.
public enum JSONOutput {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Our documents are plain structs of strings and numbers; this cannot fail
            // unless a Double is NaN, which the models never produce.
            return "{\"error\":\"could not encode output: \(error)\"}"
        }
    }
}
