import Diagnostics
import Foundation
import Testing
@testable import Loopback

/// Rebinding of injected text, without GStreamer.
@Suite("Injected SDP rebinding")
struct RebindingTests {
    /// A description standing for the mirroring peer's own (only the transport identity matters).
    let real = """
        v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE v a d\r\n\
        m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:REALUFRAG\r\na=ice-pwd:REALPWD\r\n\
        a=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\na=mid:v\r\n\
        m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:d\r\n
        """

    @Test("credentials, fingerprint and setup are rebound; candidates and foreign addresses are removed")
    func rebindsOffer() throws {
        let injection = try Fixture.injection("offer-foreign-candidates.sdp", as: .offer)
        let text = injection.rebound(to: real, offer: nil).text
        let lines = text.split(separator: "\r\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("a=ice-ufrag:") }.allSatisfy { $0 == "a=ice-ufrag:REALUFRAG" })
        #expect(lines.filter { $0.hasPrefix("a=ice-pwd:") }.allSatisfy { $0 == "a=ice-pwd:REALPWD" })
        #expect(lines.filter { $0.hasPrefix("a=fingerprint:") }.allSatisfy { $0 == "a=fingerprint:sha-256 AA:BB" })
        #expect(lines.filter { $0.hasPrefix("a=ice-ufrag:") }.count == 3)
        #expect(!lines.contains { $0.hasPrefix("a=candidate") || $0 == "a=end-of-candidates" })
        #expect(!text.contains("203.0.113.") && !text.contains("198.51.100."))
        #expect(lines.filter { $0.hasPrefix("c=") }.allSatisfy { $0 == "c=IN IP4 127.0.0.1" })
        // Media sections stay as written.
        let original = injection.description.text.split(separator: "\r\n").filter { $0.hasPrefix("m=") || $0.hasPrefix("a=rtpmap") }
        #expect(lines.filter { $0.hasPrefix("m=") || $0.hasPrefix("a=rtpmap") } == original.map(String.init))
    }

    @Test("several fingerprint lines (as aiortc writes them) become the mirroring peer's one")
    func severalFingerprints() throws {
        let text = """
            v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n\
            a=rtpmap:111 opus/48000/2\r\na=fingerprint:sha-256 01:02\r\na=fingerprint:sha-384 03:04\r\n\
            a=fingerprint:sha-512 05:06\r\na=setup:active\r\n
            """
        let injection = try Injection(type: .answer, bytes: Array(text.utf8), source: "aiortc.sdp")
        let rebound = injection.rebound(to: real, offer: nil)
        #expect(rebound.text.split(separator: "\r\n").filter { $0.hasPrefix("a=fingerprint:") } == ["a=fingerprint:sha-256 AA:BB"])
        #expect(rebound.changes.contains("removed 2 further fingerprint lines"))
    }

    @Test("an injected description without a BUNDLE group makes both peers use bundle-policy none")
    func bundlePolicyMirrorsInjection() throws {
        let bundled = try Fixture.injection("webrtcbin-offer.sdp", as: .offer)
        #expect(Session.Configuration(injecting: [bundled]).effectiveTransport.bundlePolicy == "max-bundle")
        let text = try Fixture.text("webrtcbin-answer.sdp").replacingOccurrences(of: "a=group:BUNDLE video0 audio1 application2\r\n", with: "")
        #expect(!text.contains("a=group:BUNDLE"))
        let unbundled = try Injection(type: .answer, bytes: Array(text.utf8), source: "unbundled.sdp")
        #expect(Session.Configuration(injecting: [bundled, unbundled]).effectiveTransport.bundlePolicy == "none")
    }

    @Test("--keep keeps exactly the named attributes as written")
    func keeps() throws {
        let original = try Fixture.text("offer-wrong-ice-pwd.sdp")
        let kept = try Fixture.injection("offer-wrong-ice-pwd.sdp", as: .offer, keep: [.ice]).rebound(to: real, offer: nil).text
        let pwd = original.split(separator: "\r\n").first { $0.hasPrefix("a=ice-pwd:") }.map(String.init)
        #expect(pwd != nil)
        #expect(kept.contains(pwd ?? "-"))
        #expect(!kept.contains("a=ice-pwd:REALPWD"))
        #expect(kept.contains("a=fingerprint:sha-256 AA:BB"))
        let setup = try Fixture.injection("offer-setup-passive.sdp", as: .offer, keep: [.setup]).rebound(to: real, offer: nil).text
        #expect(setup.contains("a=setup:passive") && !setup.contains("a=setup:actpass"))
        #expect(setup.contains("a=ice-ufrag:REALUFRAG"))
    }

    @Test("an injected answer takes the mids of the offer it answers, BUNDLE group included")
    func renamesAnswerMids() throws {
        let text = try Fixture.injection("webrtcbin-answer.sdp", as: .answer).rebound(to: real, offer: real).text
        let lines = text.split(separator: "\r\n")
        #expect(lines.filter { $0.hasPrefix("a=mid:") } == ["a=mid:v", "a=mid:a", "a=mid:d"])
        #expect(lines.contains("a=group:BUNDLE v a d"))
    }

    @Test("the mirroring peer copies kinds, order, codecs with their payload types, and the data channel")
    func mirrors() throws {
        let media = try Fixture.injection("webrtcbin-offer.sdp", as: .offer).mirroredMedia
        #expect(media.streams.map(\.kind) == [.video, .audio])
        #expect(media.streams.map(\.codec) == ["VP8", "OPUS"])
        #expect(media.streams.map(\.payloadType) == [96, 111])
        #expect(media.dataChannel)
    }

    @Test("unusable input: an SDP without m= lines, a JSON envelope of the other type")
    func unusable() throws {
        let noMedia = Array("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n".utf8)
        #expect(throws: InputError.self) { try Injection(type: .offer, bytes: noMedia, source: "x.sdp") }
        let json = Array(#"{"type":"answer","sdp":"v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"}"#.utf8)
        #expect(throws: InputError.self) { try Injection(type: .offer, bytes: json, source: "x.json") }
        #expect((try? Injection(type: .answer, bytes: json, source: "x.json")) != nil)
    }
}

/// Checkpoint 3: injected descriptions given to real webrtcbin peers reproduce webrtcbin 1.22's behaviour.
@Suite("Injection into real webrtcbin peers", .serialized)
struct InjectionSessionTests {
    private func run(_ injections: [Injection], deadline: Duration = .seconds(6)) -> Session.Result {
        Session(configuration: .init(transport: .fastFailure, deadline: deadline, injecting: injections)).run()
    }

    @Test("an injected offer is rebound to the mirroring offerer and connects; foreign candidates never reach libnice")
    func injectedOfferConnects() throws {
        let result = run([try Fixture.injection("offer-foreign-candidates.sdp", as: .offer)])
        #expect(result.outcome == .connected, "\(result.trace)")
        let given = result.offer ?? ""
        #expect(!given.contains("a=candidate") && !given.contains("203.0.113.") && !given.contains("198.51.100."))
        #expect(result.timeline.first(.injected, at: .answerer) != nil)
        for candidate in result.candidates.values.flatMap({ $0 }) {
            #expect(CandidateLine(candidate)?.isLoopback == true, "\(candidate)")
        }
        #expect(result.streams.filter(\.expected).allSatisfy { $0.decodedFrames > 0 })
    }

    @Test("an injected answer is given to the offerer after its own offer and connects")
    func injectedAnswerConnects() throws {
        let result = run([try Fixture.injection("webrtcbin-answer.sdp", as: .answer)])
        #expect(result.outcome == .connected, "\(result.trace)")
        let offerCreated = result.timeline.first(.offerCreated, at: .offerer)?.milliseconds ?? .infinity
        let injected = result.timeline.first(.injected, at: .offerer)?.milliseconds ?? -1
        #expect(offerCreated <= injected)
    }

    @Test("missing ice-ufrag: rejected-offer with webrtcbin's message")
    func missingUfrag() throws {
        let result = run([try Fixture.injection("offer-missing-ice-ufrag.sdp", as: .offer)])
        #expect(result.outcome == .rejectedOffer(message: "media 0 is missing or contains an empty 'ice-ufrag' attribute"), "\(result.trace)")
        #expect(result.findings.map(\.id) == ["LOOP-SDP-001"])
        #expect(result.findings.first?.locations == [.file("offer-missing-ice-ufrag.sdp")])
    }

    @Test("missing fingerprint: rejected-offer")
    func missingFingerprint() throws {
        let result = run([try Fixture.injection("offer-missing-fingerprint.sdp", as: .offer)])
        #expect(result.outcome == .rejectedOffer(message: "No fingerprint lines in sdp for media 0"), "\(result.trace)")
    }

    @Test("an answer without ice-ufrag or with setup:actpass: rejected-answer")
    func rejectedAnswers() throws {
        let missing = run([try Fixture.injection("answer-missing-ice-ufrag.sdp", as: .answer)])
        #expect(missing.outcome == .rejectedAnswer(message: "media 0 is missing or contains an empty 'ice-ufrag' attribute"), "\(missing.trace)")
        // webrtcbin's message for an actpass answer names direction attributes, not setup: recorded as observed.
        let actpass = run([try Fixture.injection("answer-setup-actpass.sdp", as: .answer, keep: [.setup])])
        #expect(actpass.outcome == .rejectedAnswer(message: "Cannot intersect direction attributes for media 0"), "\(actpass.trace)")
    }

    @Test("wrong ice-pwd kept as written: ice-failed at the answerer, well inside the deadline")
    func wrongPassword() throws {
        let result = run([try Fixture.injection("offer-wrong-ice-pwd.sdp", as: .offer, keep: [.ice])], deadline: .seconds(6))
        #expect(result.outcome == .iceFailed(peer: .answerer), "\(result.trace)")
        let checking = result.timeline.first(.iceConnectionState, at: .answerer)?.milliseconds ?? 0
        let failed = result.timeline.all(.iceConnectionState, at: .answerer).first { $0.detail == "failed" }?.milliseconds
        #expect(failed != nil)
        // idle-timeout 800 ms: failure about a second after checks start, far from the 6 s deadline.
        #expect((failed ?? .infinity) - checking < 3000, "\(result.trace)")
        #expect(result.findings.map(\.id) == ["LOOP-ICE-001"])
    }

    @Test("both DTLS active (an answer claiming passive while the answerer is a client): dtls-failed")
    func bothActive() throws {
        let result = run([try Fixture.injection("answer-setup-passive.sdp", as: .answer, keep: [.setup])])
        guard case .dtlsFailed = result.outcome else {
            Issue.record("expected dtls-failed: \(result.trace)")
            return
        }
        #expect(result.timeline.first(.iceConnectionState)?.detail != "failed")
        #expect(result.findings.map(\.id) == ["LOOP-DTLS-001"])
    }

    @Test("both DTLS passive (offer and answer both claiming active): timeout naming DTLS as missing")
    func bothPassive() throws {
        let result = run([
            try Fixture.injection("offer-setup-active.sdp", as: .offer, keep: [.setup]),
            try Fixture.injection("answer-setup-active.sdp", as: .answer, keep: [.setup]),
        ], deadline: .seconds(4))
        guard case .timeout(let reached, let missing) = result.outcome else {
            Issue.record("expected timeout: \(result.trace)")
            return
        }
        #expect(missing.contains("DTLS"), "\(missing)")
        #expect(!missing.contains("ICE"), "\(missing)")
        #expect(reached.contains("DTLS new"), "\(reached)")
        #expect(result.findings.map(\.id) == ["LOOP-DTLS-002"])
    }

    @Test("a wrong fingerprint kept as written: webrtcbin connects anyway; the engine reports the mismatch")
    func wrongFingerprint() throws {
        let result = run([try Fixture.injection("offer-wrong-fingerprint.sdp", as: .offer, keep: [.fingerprint])])
        #expect(result.outcome == .connected, "\(result.trace)")
        #expect(result.findings.map(\.id) == ["LOOP-DTLS-003"])
        #expect(result.findings.first?.locations == [.file("offer-wrong-fingerprint.sdp")])
        let mismatch = result.timeline.all(.fingerprint, at: .answerer).first
        #expect(mismatch?.detail.hasPrefix("MISMATCH: announced 5A:5A:") == true, "\(result.trace)")
        #expect(result.timeline.all(.fingerprint, at: .offerer).first?.detail.hasPrefix("verified") == true)
    }

    @Test("one injected offer claiming setup:active or passive connects: webrtcbin answers the complementary role")
    func offerSetupAlone() throws {
        for (name, answered) in [("offer-setup-active.sdp", "a=setup:passive"), ("offer-setup-passive.sdp", "a=setup:active")] {
            let result = run([try Fixture.injection(name, as: .offer, keep: [.setup])])
            #expect(result.outcome == .connected, "\(name): \(result.trace)")
            #expect(result.answer?.contains(answered) == true, "\(name)")
        }
    }

    @Test("Chromium's H264 offer: the answerer's H264 sender matches the offered format (sendrecv) and both sides decode")
    func chromiumH264() throws {
        let result = run([try Fixture.injection("chromium-h264.offer.sdp", as: .offer)])
        #expect(result.outcome == .connected, "\(result.trace)")
        let video = SDPLines(result.answer ?? "").lines.drop { !$0.hasPrefix("m=video") }
        #expect(video.contains("a=sendrecv"), "\(result.answer ?? "")")
        #expect(result.streams.filter { $0.stream == "video" }.allSatisfy { $0.expected && $0.decodedFrames > 0 }, "\(result.streams)")
    }

    @Test("Chromium's answer whose BUNDLE tag is m-line 1: candidates go to that m-line; webrtcbin 1.22 does not connect")
    func chromiumBundleTag() throws {
        let result = run([try Fixture.injection("chromium-recvonly.answer.sdp", as: .answer)])
        // Observed once and reviewed: the corpus records this pair as not connected with real Chromium too.
        #expect(result.outcome == .iceFailed(peer: .answerer), "\(result.trace)")
        #expect(result.timeline.first(.remoteDescriptionSet, at: .offerer) != nil)
    }
}
