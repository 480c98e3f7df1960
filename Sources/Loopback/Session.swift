import Diagnostics
import Dispatch

/// One loop-back case: two webrtcbin peers in this process negotiate with each other on 127.0.0.1,
/// with no signalling server, until an ``Outcome`` is known or the deadline passes.
///
/// ```swift
/// let result = Session(configuration: .init()).run()
/// print(result.outcome)            // connected: ICE, DTLS, media and data all flowing
/// ```
///
/// Every wait has a deadline (promises are interrupted when it passes), so `run()` always returns.
public struct Session: Sendable {
    public struct Configuration: Sendable {
        /// What the offerer sends and receives; the answerer mirrors it. Replaced by the injected
        /// SDPs' media when one is injected.
        public var media: MediaConfiguration
        public var transport: TransportConfiguration
        /// The whole case, from creating the peers to the outcome.
        public var deadline: Duration
        /// After both DTLS transports connect, how long a configured stream may stay without a decoded
        /// frame before the outcome is `no-media` (instead of waiting for the deadline).
        public var mediaGrace: Duration
        /// An offer given to the answering peer instead of the offerer's own.
        /// How long a connected case keeps running before teardown (media keeps flowing, e.g. for a capture).
        public var hold: Duration = .zero
        public var injectedOffer: Injection?
        /// An answer given to the offering peer instead of the answerer's own.
        public var injectedAnswer: Injection?

        /// - Parameter injections: at most one offer and one answer (a later one of the same type wins).
        ///   Injecting both reproduces a user's session from both of their descriptions.
        public init(media: MediaConfiguration = .standard, transport: TransportConfiguration = .init(),
                    deadline: Duration = .seconds(10), mediaGrace: Duration = .seconds(4), injecting injections: [Injection] = []) {
            self.media = media
            self.transport = transport
            self.deadline = deadline
            self.mediaGrace = mediaGrace
            for injection in injections {
                if injection.type == .offer { injectedOffer = injection } else { injectedAnswer = injection }
            }
        }

        /// The injected descriptions, offer first.
        public var injections: [Injection] { [injectedOffer, injectedAnswer].compactMap { $0 } }

        /// What the offering peer sends and receives: it mirrors an injected offer, else it is the
        /// counterpart of an injected answer, else ``media``.
        public var offererMedia: MediaConfiguration {
            if let injectedOffer { return injectedOffer.mirroredMedia }
            if let injectedAnswer { return injectedAnswer.mirroredMedia.mirrored }
            return media
        }

        /// ``transport`` as the peers use it: when an injected description has no `a=group:BUNDLE`, its peer
        /// did not bundle (RFC 8843 §7), so both peers use bundle-policy `none` to mirror it.
        public var effectiveTransport: TransportConfiguration {
            var effective = transport
            if injections.contains(where: { SDPLines($0.description.text).lines.allSatisfy { !$0.hasPrefix("a=group:BUNDLE") } }) {
                effective.bundlePolicy = "none"
            }
            return effective
        }

        /// What the answering peer sends and receives.
        public var answererMedia: MediaConfiguration {
            if let injectedAnswer { return injectedAnswer.mirroredMedia }
            return offererMedia.mirrored
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) { self.configuration = configuration }

    /// Media received and decoded by one peer on one stream.
    public struct StreamReport: Sendable, Hashable, Codable {
        public let peer: PeerRole
        public let stream: String
        /// Whether this stream was required for `connected`.
        public let expected: Bool
        public let rtpPackets: Int
        public let decodedFrames: Int
    }

    /// Everything a case produced.
    public struct Result: Sendable {
        public let outcome: Outcome
        public let timeline: Timeline
        /// The offer the answerer received (after rebinding, when injected).
        public let offer: String?
        /// The answer the offerer received (after rebinding, when injected).
        public let answer: String?
        /// Candidates each peer gathered.
        public let candidates: [PeerRole: [String]]
        public let streams: [StreamReport]
        /// Milliseconds from the start to the `connected` outcome, when reached.
        public let connectedAfter: Double?
        /// Findings in the shared shape (one per failure, located on the injected file when there is one).
        public let findings: [Finding]
    }

    /// Runs the case to its outcome. Never hangs: bounded by ``Configuration/deadline`` plus teardown.
    public func run() -> Result {
        let recorder = TimelineRecorder()
        let wake = DispatchSemaphore(value: 0)
        let start = DispatchTime.now()
        let deadline = start + .nanoseconds(Int(configuration.deadline.components.seconds * 1_000_000_000
            + configuration.deadline.components.attoseconds / 1_000_000_000))
        var run = Run(configuration: configuration, recorder: recorder, wake: wake, deadline: deadline)
        let outcome = run.execute()
        recorder.record(.outcome, at: nil, outcome.description)
        if outcome.isConnected && configuration.hold > .zero {
            _ = wake.wait(timeout: .now() + .milliseconds(Int(configuration.hold.components.seconds * 1000
                + configuration.hold.components.attoseconds / 1_000_000_000_000_000)))
        }
        run.stop()
        let timeline = recorder.timeline
        return Result(
            outcome: outcome, timeline: timeline, offer: run.offerGiven, answer: run.answerGiven,
            candidates: run.candidates, streams: run.streamReports,
            connectedAfter: outcome.isConnected ? timeline.first(.outcome)?.milliseconds : nil,
            findings: LoopbackFindings.findings(for: outcome, injections: configuration.injections)
                + LoopbackFindings.findings(for: run.fingerprintMismatches, injections: configuration.injections))
    }
}

/// A certificate that does not match the fingerprint its peer announced.
struct FingerprintMismatch: Sendable, Hashable {
    /// The peer that received the description and saw the certificate.
    let peer: PeerRole
    let algorithm: String
    let announced: String
    let actual: String
}

/// The mutable state of one ``Session/run()``, on the calling thread.
private struct Run {
    let configuration: Session.Configuration
    let recorder: TimelineRecorder
    let wake: DispatchSemaphore
    let deadline: DispatchTime
    var offerer: Peer?
    var answerer: Peer?
    var offerGiven: String?
    var answerGiven: String?
    var candidates: [PeerRole: [String]] = [:]
    var streamReports: [Session.StreamReport] = []
    var lastSnapshots: [PeerRole: Peer.Snapshot] = [:]
    var fingerprintMismatches: [FingerprintMismatch] = []
    /// For a peer that stands behind an injected description with a BUNDLE group: the m-line its candidates
    /// are delivered on (the group's tag), whatever m-line webrtcbin gathered them for.
    var candidateMline: [PeerRole: UInt32] = [:]

    init(configuration: Session.Configuration, recorder: TimelineRecorder, wake: DispatchSemaphore, deadline: DispatchTime) {
        self.configuration = configuration
        self.recorder = recorder
        self.wake = wake
        self.deadline = deadline
    }

    mutating func execute() -> Outcome {
        do {
            let transport = configuration.effectiveTransport
            if transport.bundlePolicy != configuration.transport.bundlePolicy {
                recorder.record(.injected, at: nil, "bundle-policy \(transport.bundlePolicy): an injected description has no BUNDLE group")
            }
            offerer = try Peer(role: .offerer, media: configuration.offererMedia, transport: transport, recorder: recorder, wake: wake)
            answerer = try Peer(role: .answerer, media: configuration.answererMedia, transport: transport, recorder: recorder, wake: wake)
        } catch {
            return .crashed(message: "cannot build the peers: \(error)")
        }
        guard let offerer, let answerer else { return .crashed(message: "no peers") }
        guard offerer.start(), answerer.start() else { return .crashed(message: "a pipeline did not start") }
        if let failure = negotiate(offerer, answerer) { return failure }
        return monitor(offerer, answerer)
    }

    private mutating func negotiate(_ offerer: Peer, _ answerer: Peer) -> Outcome? {
        let realOffer: String
        do throws(Peer.NegotiationError) {
            realOffer = try offerer.createLocalDescription(.offer, until: deadline)
        } catch {
            return failure(error, rejected: { .crashed(message: "the offerer could not create an offer: \($0)") }, stage: "creating the offer")
        }
        var offer = realOffer
        if let injection = configuration.injectedOffer {
            let rebound = injection.rebound(to: realOffer, offer: nil)
            offer = rebound.text
            recorder.record(.injected, at: .answerer, "offer from \(injection.description.source)"
                + (rebound.changes.isEmpty ? "" : " (\(rebound.changes.joined(separator: "; ")))"))
        }
        offerGiven = offer
        if configuration.injectedOffer != nil, let tag = SDPLines(offer).bundleTagIndex {
            // The offerer's candidates stand for the injected offer's: they belong to its BUNDLE transport.
            candidateMline[.offerer] = UInt32(tag)
        }
        let realAnswer: String
        do throws(Peer.NegotiationError) {
            try answerer.setRemoteDescription(offer, type: .offer, until: deadline)
            realAnswer = try answerer.createLocalDescription(.answer, until: deadline)
        } catch {
            return failure(error, rejected: { .rejectedOffer(message: $0) }, stage: "the answerer taking the offer")
        }
        var answer = realAnswer
        if let injection = configuration.injectedAnswer {
            let rebound = injection.rebound(to: realAnswer, offer: realOffer)
            answer = rebound.text
            recorder.record(.injected, at: .offerer, "answer from \(injection.description.source)"
                + (rebound.changes.isEmpty ? "" : " (\(rebound.changes.joined(separator: "; ")))"))
        } else if configuration.injectedOffer != nil {
            // The answer names the injected offer's mids; the real offerer knows its own.
            var lines = SDPLines(realAnswer)
            lines.renameMids(to: SDPLines(realOffer).mids)
            answer = lines.text
        }
        answerGiven = answer
        if configuration.injectedAnswer != nil, let tag = SDPLines(answer).bundleTagIndex {
            candidateMline[.answerer] = UInt32(tag)
        }
        do throws(Peer.NegotiationError) {
            try offerer.setRemoteDescription(answer, type: .answer, until: deadline)
        } catch {
            return failure(error, rejected: { .rejectedAnswer(message: $0) }, stage: "the offerer taking the answer")
        }
        return nil
    }

    private func failure(_ error: Peer.NegotiationError, rejected: (String) -> Outcome, stage: String) -> Outcome {
        switch error {
        case .rejected(let message): rejected(message)
        case .expired(let what): .timeout(reached: stage, missing: ["a reply to \(what)"])
        }
    }

    private mutating func monitor(_ offerer: Peer, _ answerer: Peer) -> Outcome {
        let peers = [offerer, answerer]
        let dataChannel = offerer.media.dataChannel
        var connectedSince: DispatchTime?
        var mlinesWithCandidates: [PeerRole: Set<UInt32>] = [:]
        var endOfCandidatesSent: Set<PeerRole> = []
        let grace = UInt64(configuration.mediaGrace.components.seconds * 1_000_000_000
            + configuration.mediaGrace.components.attoseconds / 1_000_000_000)
        while true {
            for (from, to) in [(offerer, answerer), (answerer, offerer)] {
                for (gathered, candidate) in from.takeOutgoingCandidates() {
                    let mline = candidateMline[from.role] ?? gathered
                    to.addRemoteCandidate(mline: mline, candidate)
                    mlinesWithCandidates[from.role, default: []].insert(mline)
                }
                // Once a peer has gathered everything, tell the other (RFC 8838 §8.2): libnice only declares
                // ICE failed early when it knows no further candidates will arrive.
                if lastSnapshots[from.role]?.gathering == "complete", !endOfCandidatesSent.contains(from.role) {
                    endOfCandidatesSent.insert(from.role)
                    for mline in (mlinesWithCandidates[from.role] ?? [0]).sorted() { to.addRemoteCandidate(mline: mline, "") }
                    recorder.record(.endOfCandidates, at: to.role, "from the \(from.role)")
                }
            }
            for peer in peers { peer.serviceDataChannel() }
            for peer in peers { lastSnapshots[peer.role] = peer.poll() }
            guard let o = lastSnapshots[.offerer], let a = lastSnapshots[.answerer] else { return .crashed(message: "no state") }
            candidates = [.offerer: o.candidates, .answerer: a.candidates]
            streamReports = reports(offerer, answerer)

            for (peer, snapshot) in [(PeerRole.offerer, o), (.answerer, a)] where snapshot.ice == "failed" {
                return .iceFailed(peer: peer)
            }
            for peer in peers {
                let snapshot = peer === offerer ? o : a
                let dtlsError = peer.errors.first { $0.localizedCaseInsensitiveContainsDTLS }
                if snapshot.dtls == "failed" || dtlsError != nil {
                    return .dtlsFailed(peer: peer.role, message: dtlsError ?? "DTLS transport failed")
                }
            }
            // webrtcbin's connection-state aggregates every ICE and DTLS transport (RFC 8829 §4.1.13 semantics).
            let bothConnected = o.connection == "connected" && a.connection == "connected"
            let undecoded = streamReports.filter { $0.expected && $0.decodedFrames == 0 }.map { "\($0.peer):\($0.stream)" }
            let echoed = !dataChannel || o.received.contains(Peer.echoPrefix + Peer.pingMessage)
            if bothConnected {
                if connectedSince == nil {
                    connectedSince = .now()
                    verifyFingerprints(offerer, answerer)
                }
                if undecoded.isEmpty && echoed { return .connected }
                if !undecoded.isEmpty, let since = connectedSince, DispatchTime.now().uptimeNanoseconds - since.uptimeNanoseconds >= grace {
                    return .noMedia(streams: undecoded)
                }
            }
            if DispatchTime.now() >= deadline {
                if bothConnected && !undecoded.isEmpty { return .noMedia(streams: undecoded) }
                return timeout(o, a, undecoded: undecoded, dataChannel: dataChannel, echoed: echoed)
            }
            _ = wake.wait(timeout: min(deadline, .now() + .milliseconds(5)))
        }
    }

    /// Compares each peer's remote certificate with the fingerprint in the description it received.
    private mutating func verifyFingerprints(_ offerer: Peer, _ answerer: Peer) {
        for (peer, received) in [(offerer, answerGiven), (answerer, offerGiven)] {
            guard let received, let announced = CertificateFingerprint.announced(in: received) else { continue }
            guard let pem = peer.remoteCertificate(),
                  let actual = CertificateFingerprint.digest(ofPEM: pem, algorithm: announced.algorithm) else {
                recorder.record(.fingerprint, at: peer.role, "not checked: no certificate or unsupported \(announced.algorithm)")
                continue
            }
            if actual == announced.digest {
                recorder.record(.fingerprint, at: peer.role, "verified: the certificate matches \(announced.algorithm)")
            } else {
                let mismatch = FingerprintMismatch(peer: peer.role, algorithm: announced.algorithm,
                                                   announced: announced.digest, actual: actual)
                fingerprintMismatches.append(mismatch)
                recorder.record(.fingerprint, at: peer.role, "MISMATCH: announced \(announced.digest), presented \(actual)")
            }
        }
    }

    private func timeout(_ o: Peer.Snapshot, _ a: Peer.Snapshot, undecoded: [String], dataChannel: Bool, echoed: Bool) -> Outcome {
        let iceUp: (Peer.Snapshot) -> Bool = { $0.ice == "connected" || $0.ice == "completed" }
        var missing: [String] = []
        var reached: String
        if o.candidates.isEmpty || a.candidates.isEmpty { missing.append("ICE candidates") }
        if !(iceUp(o) && iceUp(a)) {
            missing.append("ICE")
            reached = "ICE \(o.ice) at the offerer, \(a.ice) at the answerer"
        } else {
            reached = "ICE connected"
        }
        if !(o.dtls == "connected" && a.dtls == "connected") {
            missing.append("DTLS")
            if iceUp(o) && iceUp(a) { reached += ", DTLS \(o.dtls) at the offerer, \(a.dtls) at the answerer" }
        } else {
            reached = "DTLS connected"
        }
        missing += undecoded.map { "decoded frames at \($0)" }
        if dataChannel {
            if o.openChannels == 0 || a.openChannels == 0 { missing.append("data channel open") }
            if !echoed { missing.append("data channel echo") }
        }
        return .timeout(reached: reached, missing: missing)
    }

    private func reports(_ offerer: Peer, _ answerer: Peer) -> [Session.StreamReport] {
        var result: [Session.StreamReport] = []
        for peer in [offerer, answerer] {
            guard let snapshot = lastSnapshots[peer.role] else { continue }
            let remote = peer === offerer ? answerer : offerer
            var expected: Set<String> = []
            for (index, stream) in peer.media.streams.enumerated() where stream.receives {
                let sender = index < remote.media.streams.count ? remote.media.streams[index] : nil
                if sender?.sends == true { expected.insert(stream.kind.rawValue) }
            }
            let names = expected.union(snapshot.rtpPackets.keys).union(snapshot.decodedFrames.keys)
            for name in names.sorted() {
                result.append(Session.StreamReport(
                    peer: peer.role, stream: name, expected: expected.contains(name),
                    rtpPackets: snapshot.rtpPackets[name] ?? 0, decodedFrames: snapshot.decodedFrames[name] ?? 0))
            }
        }
        return result
    }

    mutating func stop() {
        offerer?.stop()
        answerer?.stop()
        offerer = nil
        answerer = nil
    }
}

private extension String {
    /// Whether a bus error came from the DTLS layer (dtlsdec/dtlsenc elements, OpenSSL messages).
    var localizedCaseInsensitiveContainsDTLS: Bool {
        let lower = lowercased()
        return lower.hasPrefix("dtls") || lower.contains("ssl")
    }
}
