/// What `rtcloop suite` measured, as the suite report draws it: one entry per case with
/// its loop-back outcome, the reviewed expectation, `sdpcheck`'s static verdict on the
/// same offer/answer pair and the case's timeline.
///
/// HTMLReport does not link the Loopback module (GStreamer); `rtcloop` fills these plain
/// values from its own results.
public struct SuiteReport: Sendable, Hashable {
    /// One timeline event of a case (Loopback's `Timeline.Event`).
    public struct Event: Sendable, Hashable {
        /// Milliseconds since the case started.
        public let milliseconds: Double
        /// `offerer`, `answerer`, or `nil` for the session itself.
        public let peer: String?
        /// The event's name in `rtcloop run`'s output, e.g. `ice-connection-state`.
        public let kind: String
        /// The value involved, e.g. `connected`.
        public let detail: String

        public init(milliseconds: Double, peer: String?, kind: String, detail: String) {
            self.milliseconds = milliseconds
            self.peer = peer
            self.kind = kind
            self.detail = detail
        }
    }

    /// One case of the suite.
    public struct Case: Sendable, Hashable {
        /// `chromium-webrtcbin/audio-only`, `variants/dtls-both-active`.
        public let id: String
        /// `chromium → webrtcbin`, or `variants`.
        public let row: String
        /// The scenario (`audio-only`, `ice-restart #2`) or the variant's name.
        public let column: String
        /// The Corpus file a variant edits (nil for a Corpus pair).
        public let variantOf: String?
        /// What the variant changed.
        public let edit: String?
        /// `offer` or `answer`: which description was injected.
        public let inject: String
        public let injected: String
        /// The other description of the pair (the one sdpcheck compared with).
        public let partner: String?
        /// The loop-back outcome (`connected`, `rejected-offer`, `ice-failed`, …).
        public let outcome: String
        /// The reviewed expectation from the manifest.
        public let expected: String?
        public let expectationReason: String?
        public let message: String
        public let connectedAfterMs: Double?
        /// Rule ids of the run's findings.
        public let findings: [String]
        /// `compatible`, `degraded`, `incompatible`, or nil when there is none.
        public let staticVerdict: String?
        public let timeline: [Event]

        public init(
            id: String, row: String, column: String, variantOf: String?, edit: String?, inject: String, injected: String,
            partner: String?, outcome: String, expected: String?, expectationReason: String?, message: String,
            connectedAfterMs: Double?, findings: [String], staticVerdict: String?, timeline: [Event]
        ) {
            self.id = id
            self.row = row
            self.column = column
            self.variantOf = variantOf
            self.edit = edit
            self.inject = inject
            self.injected = injected
            self.partner = partner
            self.outcome = outcome
            self.expected = expected
            self.expectationReason = expectationReason
            self.message = message
            self.connectedAfterMs = connectedAfterMs
            self.findings = findings
            self.staticVerdict = staticVerdict
            self.timeline = timeline
        }

        /// Whether the outcome is the reviewed expectation (none reviewed never matches).
        public var matches: Bool { expected == outcome }

        /// Whether the static verdict tells the same story as the run: `compatible` ⇔
        /// connected, `incompatible` ⇔ not connected; `degraded` or no verdict agree with either.
        public var staticAgrees: Bool {
            switch staticVerdict {
            case "compatible": outcome == "connected"
            case "incompatible": outcome != "connected"
            default: true
            }
        }
    }

    public let cases: [Case]
    /// Cases run in parallel.
    public let jobs: Int
    public let wallMs: Int

    public init(cases: [Case], jobs: Int, wallMs: Int) {
        self.cases = cases
        self.jobs = jobs
        self.wallMs = wallMs
    }
}
