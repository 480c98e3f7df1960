import Diagnostics

/// A SARIF 2.1.0 log (OASIS SARIF v2.1.0 §3.13) of one `check` run, so that CI systems
/// annotate the SDP files: one run, the catalogue's rules as `tool.driver.rules`, one
/// result per finding with its physical locations.
struct SARIFLog: Encodable {
    let version = "2.1.0"
    let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    let runs: [Run]

    private enum CodingKeys: String, CodingKey {
        case version, schema = "$schema", runs
    }

    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
    }

    struct Tool: Encodable { let driver: Driver }

    struct Driver: Encodable {
        let name = "sdpcheck"
        let informationUri = "https://github.com/rtcscope/rtcscope"
        let rules: [ReportingDescriptor]
    }

    /// SARIF §3.49: one rule.
    struct ReportingDescriptor: Encodable {
        let id: String
        let shortDescription: Message
        let defaultConfiguration: Configuration
        let properties: Properties

        struct Configuration: Encodable { let level: String }
        struct Properties: Encodable {
            let category: String
            let rfc: String?
        }
    }

    struct Message: Encodable { let text: String }

    /// SARIF §3.27: one finding.
    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int?
        let level: String
        let message: Message
        let locations: [SARIFLocation]
    }

    struct SARIFLocation: Encodable {
        let physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region?
    }

    struct ArtifactLocation: Encodable { let uri: String }

    struct Region: Encodable {
        let startLine: Int
        let startColumn: Int
        let endColumn: Int
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    init(_ result: CheckResult) {
        let rules = Rule.catalogue.filter { $0.id.hasPrefix("OA-") || $0.id.hasPrefix("INPUT-") || $0.id.hasPrefix("SDP-") }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let descriptors = rules.map {
            ReportingDescriptor(
                id: $0.id, shortDescription: Message(text: $0.summary),
                defaultConfiguration: .init(level: SARIFLog.level($0.severity)),
                properties: .init(category: $0.category.name, rfc: $0.rfc))
        }
        let results = result.findings.map { finding in
            Result(
                ruleId: finding.id, ruleIndex: index[finding.id], level: SARIFLog.level(finding.severity),
                message: Message(text: finding.message + (finding.hint.map { " Fix: " + $0 } ?? "")),
                locations: finding.locations.map { location in
                    switch location {
                    case .text(let file, let line, let column, let length):
                        SARIFLocation(physicalLocation: .init(
                            artifactLocation: .init(uri: file),
                            region: Region(startLine: line, startColumn: column, endColumn: column + max(1, length))))
                    case .frame(let file, _, _), .file(let file):
                        SARIFLocation(physicalLocation: .init(artifactLocation: .init(uri: file), region: nil))
                    }
                })
        }
        runs = [Run(tool: Tool(driver: Driver(rules: descriptors)), results: results)]
    }
}
