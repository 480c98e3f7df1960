import Diagnostics
import Negotiation

/// `sdpcheck check --format json` (schema in the README; stable: fields are only added).
///
/// ```
/// {"tool":"sdpcheck","command":"check","schema":1,"offer":"o.sdp","answer":"a.sdp",
///  "verdict":"compatible|degraded|incompatible|unusable", "producers":{"offer":…,"answer":…},
///  "findings":[Finding…], "negotiated":[NegotiatedSection…], "icePairs":[CandidatePair…], "nextSteps":[String…],
///  "summary":{"errors":0,"warnings":1,"infos":2,"exitCode":0}}
/// ```
struct CheckDocument: Encodable {
    let tool = "sdpcheck"
    let command = "check"
    let schema = 1
    let offer: String
    let answer: String
    let verdict: String
    /// The stacks recognised from each description (`libwebrtc`, `firefox`, `webrtcbin`, `aiortc`, `unknown`).
    let producers: [String: String]
    let findings: [Finding]
    let negotiated: [NegotiatedSection]
    let icePairs: [CandidatePair]
    /// What to look at when the verdict is not `incompatible` and the peers still fail.
    let nextSteps: [String]
    let summary: Summary

    struct Summary: Encodable {
        let errors: Int
        let warnings: Int
        let infos: Int
        let exitCode: Int32
    }

    init(_ result: CheckResult) {
        offer = result.offer
        answer = result.answer
        verdict = result.verdict
        producers = result.pair.map { ["offer": $0.offer.producer.rawValue, "answer": $0.answer.producer.rawValue] } ?? [:]
        findings = result.findings
        negotiated = result.report?.negotiated ?? []
        icePairs = result.report?.candidatePairs ?? []
        nextSteps = result.report?.nextSteps ?? []
        summary = Summary(
            errors: findings.filter { $0.severity == .error }.count,
            warnings: findings.filter { $0.severity == .warning }.count,
            infos: findings.filter { $0.severity == .info }.count,
            exitCode: result.exitStatus.rawValue)
    }
}
