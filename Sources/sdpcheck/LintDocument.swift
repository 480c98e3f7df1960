import Diagnostics

/// `sdpcheck lint --format json`: one entry per input file plus a summary (schema in the README).
struct LintDocument: Encodable {
    let tool = "sdpcheck"
    let command = "lint"
    let schema = 1
    let files: [FileReport]
    let summary: Summary

    init(files: [FileReport]) {
        self.files = files
        self.summary = Summary(files)
    }

    struct Summary: Encodable {
        let files: Int
        let errors: Int
        let warnings: Int
        let infos: Int
        let unusable: Int
        let exitCode: Int32

        init(_ reports: [FileReport]) {
            let findings = reports.flatMap(\.findings)
            files = reports.count
            errors = findings.filter { $0.severity == .error }.count
            warnings = findings.filter { $0.severity == .warning }.count
            infos = findings.filter { $0.severity == .info }.count
            unusable = reports.filter { $0.status == .unusable }.count
            let worst = reports.map(\.exitStatus).max() ?? .ok
            exitCode = worst.rawValue
        }
    }
}

/// The result for one input file.
struct FileReport: Encodable {
    enum Status: String, Encodable { case checked, unusable }
    let file: String
    let status: Status
    let findings: [Finding]

    var exitStatus: ExitStatus {
        status == .unusable ? .unusableInput : ExitStatus(findings: findings)
    }
}
