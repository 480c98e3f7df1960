import Diagnostics
import Report
import SDP
import ToolSupport

/// One command-line input, parsed or refused.
struct LoadedInput {
    let path: String
    let result: Result<SessionDescription, InputError>

    init(path: String) {
        self.path = path
        do {
            let bytes = try InputFile.read(path, limit: SDPLimits.maxBytes)
            result = .success(try SessionDescription.parse(bytes, source: path))
        } catch {
            result = .failure(error)
        }
    }

    /// Loads every path, registering usable descriptions for quoting; unusable inputs
    /// become INPUT-001 findings. Every path is read, whatever happened to the others.
    static func loadAll(_ paths: [String]) -> (descriptions: [SessionDescription], sources: SourceTable, unusable: [Finding]) {
        var sources = SourceTable()
        var unusable: [Finding] = []
        var descriptions: [SessionDescription] = []
        for path in paths {
            switch LoadedInput(path: path).result {
            case .success(let description):
                sources.register(description)
                descriptions.append(description)
            case .failure(let error):
                unusable.append(finding(for: error))
            }
        }
        return (descriptions, sources, unusable)
    }

    /// The finding that reports unusable input in the shared shape.
    static func finding(for error: InputError) -> Finding {
        Rule.inputUnusable.finding(error.reason, at: [error.location])
    }
}

extension SourceTable {
    /// Registers a description's lines so findings can quote them.
    mutating func register(_ description: SessionDescription) {
        let lines = description.lines
        let bytes = description.bytes
        register(description.source) { number in
            guard number >= 1 && number <= lines.count else { return nil }
            return String(decoding: bytes[lines[number - 1].contentRange], as: UTF8.self)
        }
    }
}
