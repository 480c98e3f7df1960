import Synchronization

/// Which of the two in-process peers something happened at.
public enum PeerRole: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The peer that creates the offer (or whose offer an injected offer stands for).
    case offerer
    /// The peer that answers (or whose answer an injected answer stands for).
    case answerer

    public var description: String { rawValue }

    /// The other peer.
    public var other: PeerRole { self == .offerer ? .answerer : .offerer }
}

/// What happened during one loop-back case, in order, with millisecond timestamps from the start of the case.
public struct Timeline: Sendable, Hashable {
    public struct Event: Sendable, Hashable {
        /// Milliseconds since the case started (0.1 ms resolution).
        public let milliseconds: Double
        /// The peer it happened at; `nil` for the session itself (injection, outcome).
        public let peer: PeerRole?
        public let kind: Kind
        /// The value involved: a state name, a candidate, an error message, a stream.
        public let detail: String

        public init(milliseconds: Double, peer: PeerRole?, kind: Kind, detail: String) {
            self.milliseconds = milliseconds
            self.peer = peer
            self.kind = kind
            self.detail = detail
        }
    }

    /// What an event is. The raw values are the names in text and JSON output.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case offerCreated = "offer-created"
        case answerCreated = "answer-created"
        case localDescriptionSet = "local-description-set"
        case remoteDescriptionSet = "remote-description-set"
        case descriptionRejected = "description-rejected"
        case injected = "injected"
        case candidateGathered = "candidate"
        case endOfCandidates = "end-of-candidates"
        case iceGatheringState = "ice-gathering-state"
        case iceConnectionState = "ice-connection-state"
        case dtlsState = "dtls-state"
        case fingerprint = "fingerprint"
        case connectionState = "connection-state"
        case firstRTP = "first-rtp"
        case firstDecodedFrame = "first-decoded-frame"
        case noDecoder = "no-decoder"
        case dataChannelOpen = "data-channel-open"
        case messageSent = "message-sent"
        case messageReceived = "message-received"
        case busError = "error"
        case busWarning = "warning"
        case outcome = "outcome"
    }

    public let events: [Event]

    public init(events: [Event]) { self.events = events }

    /// The first event of `kind` (at `peer`, if given).
    public func first(_ kind: Kind, at peer: PeerRole? = nil) -> Event? {
        events.first { $0.kind == kind && (peer == nil || $0.peer == peer) }
    }

    /// Every event of `kind`.
    public func all(_ kind: Kind, at peer: PeerRole? = nil) -> [Event] {
        events.filter { $0.kind == kind && (peer == nil || $0.peer == peer) }
    }
}

extension Timeline.Event: Codable {
    private enum CodingKeys: String, CodingKey { case ms, peer, event, detail }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(milliseconds: try c.decode(Double.self, forKey: .ms),
                  peer: try c.decodeIfPresent(PeerRole.self, forKey: .peer),
                  kind: try c.decode(Timeline.Kind.self, forKey: .event),
                  detail: try c.decode(String.self, forKey: .detail))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(milliseconds, forKey: .ms)
        try c.encodeIfPresent(peer, forKey: .peer)
        try c.encode(kind, forKey: .event)
        try c.encode(detail, forKey: .detail)
    }
}

extension Timeline.Event: CustomStringConvertible {
    /// `  123.4 ms  answerer  ice-connection-state  connected`
    public var description: String {
        let time = (milliseconds * 10).rounded() / 10
        let stamp = String(time)
        let padded = String(repeating: " ", count: max(0, 8 - stamp.count)) + stamp
        let name = peer?.rawValue ?? "session"
        let who = name + String(repeating: " ", count: max(0, 9 - name.count))
        return "\(padded) ms  \(who) \(kind.rawValue)\(detail.isEmpty ? "" : "  \(detail)")"
    }
}

/// Collects timeline events from GStreamer's threads. Thread-safe.
final class TimelineRecorder: Sendable {
    private let start = ContinuousClock.now
    private let events = Locked<[Timeline.Event]>([])

    /// Milliseconds since the recorder was created.
    var elapsedMilliseconds: Double {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    func record(_ kind: Timeline.Kind, at peer: PeerRole?, _ detail: String = "") {
        let ms = (elapsedMilliseconds * 10).rounded() / 10
        events.withLock { $0.append(Timeline.Event(milliseconds: ms, peer: peer, kind: kind, detail: detail)) }
    }

    var timeline: Timeline {
        Timeline(events: events.withLock { $0 })
    }
}
