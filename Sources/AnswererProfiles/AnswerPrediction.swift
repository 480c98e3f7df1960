import Diagnostics

/// What a measured answerer is predicted to answer to one offer, and where it refuses
/// the offer or degrades the session.
public struct AnswerPrediction: Sendable {
    /// The answerer and measurement, e.g. `webrtcbin (GStreamer 1.22.0, measured 2026-11-25)`.
    public let answerer: String
    public let bundlePolicy: BundlePolicy
    /// The error set-remote-description is predicted to give (the answerer's own text,
    /// for the first section concerned), or `nil` when the offer is accepted.
    public let refusal: String?
    /// The mids of the answer's BUNDLE group, or `nil` when it has none.
    public let bundleGroup: [String]?
    /// One entry per offered m-section, in order; empty when the offer is refused.
    public let sections: [PredictedSection]
    /// PROFILE-… findings, located in the offer.
    public let findings: [Finding]

    /// Whether the answerer accepts the offer.
    public var isAccepted: Bool { refusal == nil }
}

/// The answerer's bundle-policy property (webrtcbin's `bundle-policy`; JSEP RFC 8829 §4.1.1).
public enum BundlePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// webrtcbin's default: no BUNDLE group is answered.
    case none
    case balanced
    case maxCompat = "max-compat"
    case maxBundle = "max-bundle"

    /// The measured policy whose claims apply. Only `none` and `max-bundle` were
    /// measured; `balanced` and `max-compat` are predicted like `none` (an assumption,
    /// said so in the README).
    var measured: String { self == .maxBundle ? "max-bundle" : "none" }
}

/// One m-section of the predicted answer.
public struct PredictedSection: Sendable, Hashable, Codable {
    public let index: Int
    public let mid: String?
    public let kind: String
    /// 0 means the answer rejects the section.
    public let port: Int
    public let protocolName: String
    /// The one codec answered (`pt encoding`), for RTP sections.
    public let codec: PredictedCodec?
    /// `sendrecv`, `sendonly`, `recvonly` or `inactive`.
    public let direction: String
    /// What the offer has and the answer will not: `rtx`, `red`, `ulpfec`, `extmap`,
    /// `rid`, `simulcast`, `ssrc-group`, `max-message-size`, `sctpmap`, further codecs.
    public let dropped: [String]
}

/// A payload type and its encoding as the answer writes it.
public struct PredictedCodec: Sendable, Hashable, Codable {
    public let payloadType: Int
    /// `name/clock[/channels]`, e.g. `OPUS/48000/2`.
    public let encoding: String

    public init(payloadType: Int, encoding: String) {
        self.payloadType = payloadType
        self.encoding = encoding
    }
}

extension AnswerPrediction: Encodable {
    private enum CodingKeys: String, CodingKey { case answerer, bundlePolicy, accepted, refusal, bundleGroup, sections, findings }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(answerer, forKey: .answerer)
        try c.encode(bundlePolicy, forKey: .bundlePolicy)
        try c.encode(isAccepted, forKey: .accepted)
        try c.encode(refusal, forKey: .refusal)
        try c.encode(bundleGroup, forKey: .bundleGroup)
        try c.encode(sections, forKey: .sections)
        try c.encode(findings, forKey: .findings)
    }
}

extension AnswerPrediction {
    /// The prediction as text lines (no colour), for the `sdpcheck` text output:
    ///
    /// ```
    /// predicted answer from webrtcbin (GStreamer 1.22.0, measured 2026-11-25), bundle-policy none
    ///   m-section 0 audio mid=0: OPUS/48000/2 pt 111, recvonly (drops rtx, extmap)
    /// ```
    public var summaryLines: [String] {
        var lines = ["predicted answer from \(answerer), bundle-policy \(bundlePolicy.rawValue)"]
        if let refusal {
            lines.append("  refused in set-remote-description: \(refusal)")
            return lines
        }
        lines.append("  BUNDLE: " + (bundleGroup.map { $0.joined(separator: " ") } ?? "none (one transport per m-section)"))
        for s in sections {
            var line = "  m-section \(s.index) \(s.kind)" + (s.mid.map { " mid=\($0)" } ?? "") + ": "
            if s.port == 0 { line += "rejected (port 0)" }
            else if let codec = s.codec { line += "\(codec.encoding) pt \(codec.payloadType), \(s.direction)" }
            else { line += "\(s.protocolName), \(s.direction)" }
            if !s.dropped.isEmpty { line += " (drops \(s.dropped.joined(separator: ", ")))" }
            lines.append(line)
        }
        return lines
    }
}
