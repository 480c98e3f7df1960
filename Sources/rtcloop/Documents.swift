import Diagnostics
import Loopback

/// The `--format json` document of `rtcloop run`. Keys are sorted by ``JSONOutput``.
struct RunDocument: Encodable {
    struct Injected: Encodable {
        let type: DescriptionType
        let file: String
        let keep: [String]
    }

    struct Settings: Encodable {
        let deadlineMs: Int
        let mediaGraceMs: Int
        let streams: [String]
        let dataChannel: Bool
        let stunInitialTimeoutMs: UInt32
        let stunMaxRetransmissions: UInt32
        let iceFailureTimeoutMs: UInt32
        let bundlePolicy: String
        let jitterbufferLatencyMs: UInt32
    }

    let outcome: Outcome
    let connectedAfterMs: Double?
    let timeline: [Timeline.Event]
    let streams: [Session.StreamReport]
    let candidates: [String: [String]]
    let findings: [Finding]
    let offer: String?
    let answer: String?
    let injected: [Injected]
    let configuration: Settings

    init(result: Session.Result, configuration: Session.Configuration) {
        outcome = result.outcome
        connectedAfterMs = result.connectedAfter
        timeline = result.timeline.events
        streams = result.streams
        candidates = Dictionary(uniqueKeysWithValues: result.candidates.map { ($0.key.rawValue, $0.value) })
        findings = result.findings
        offer = result.offer
        answer = result.answer
        injected = configuration.injections.map {
            Injected(type: $0.type, file: $0.description.source, keep: $0.keep.map(\.rawValue).sorted())
        }
        let media = configuration.offererMedia
        self.configuration = Settings(
            deadlineMs: Int(configuration.deadline.components.seconds * 1000 + configuration.deadline.components.attoseconds / 1_000_000_000_000_000),
            mediaGraceMs: Int(configuration.mediaGrace.components.seconds * 1000 + configuration.mediaGrace.components.attoseconds / 1_000_000_000_000_000),
            streams: media.streams.map { "\($0.kind.rawValue) \($0.codec)/\($0.payloadType)" },
            dataChannel: media.dataChannel,
            stunInitialTimeoutMs: configuration.transport.stunInitialTimeout,
            stunMaxRetransmissions: configuration.transport.stunMaxRetransmissions,
            iceFailureTimeoutMs: configuration.transport.iceFailureTimeout,
            bundlePolicy: configuration.effectiveTransport.bundlePolicy,
            jitterbufferLatencyMs: configuration.transport.jitterbufferLatency)
    }
}

/// The JSON document when the input could not be used: no outcome, one INPUT finding.
struct UnusableDocument: Encodable {
    let outcome: Outcome? = nil
    let findings: [Finding]

    private enum CodingKeys: String, CodingKey { case outcome, findings }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNil(forKey: .outcome)
        try c.encode(findings, forKey: .findings)
    }
}
