import Dispatch
import Testing
@testable import Loopback

/// Checkpoint 1: one real webrtcbin driven from Swift through the shim.
@Suite("One webrtcbin peer", .serialized)
struct PeerTests {
    @Test("creates an offer with the configured m-sections, a fingerprint and only loopback candidates")
    func createsOffer() throws {
        let recorder = TimelineRecorder()
        let wake = DispatchSemaphore(value: 0)
        let peer = try Peer(role: .offerer, media: .standard, transport: TransportConfiguration(),
                            recorder: recorder, wake: wake)
        defer { peer.stop() }
        #expect(peer.start())
        let offer = try peer.createLocalDescription(.offer, until: .now() + .seconds(5))
        let mLines = offer.split(separator: "\r\n").filter { $0.hasPrefix("m=") }.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(mLines == ["m=video", "m=audio", "m=application"])
        #expect(offer.contains("a=fingerprint:sha-256 "))
        #expect(offer.contains("a=setup:actpass"))
        #expect(offer.contains("VP8/90000"))
        #expect(offer.contains("OPUS/48000"))
        // Gathering starts with the local description; wait (bounded) for it to complete.
        let deadline = DispatchTime.now() + .seconds(5)
        var snapshot = peer.poll()
        while snapshot.gathering != "complete" && DispatchTime.now() < deadline {
            _ = wake.wait(timeout: .now() + .milliseconds(20))
            snapshot = peer.poll()
        }
        #expect(snapshot.gathering == "complete")
        #expect(!snapshot.candidates.isEmpty)
        for candidate in snapshot.candidates {
            #expect(CandidateLine(candidate)?.isLoopback == true, "\(candidate)")
        }
        #expect(recorder.timeline.first(.offerCreated, at: .offerer) != nil)
    }

    @Test("refuses remote descriptions and candidates that point off loopback (network rule, second line of defence)")
    func refusesForeignAddresses() throws {
        let recorder = TimelineRecorder()
        let peer = try Peer(role: .answerer, media: MediaConfiguration.standard.mirrored, transport: TransportConfiguration(),
                            recorder: recorder, wake: DispatchSemaphore(value: 0))
        defer { peer.stop() }
        #expect(peer.start())
        // The raw fixture, not rebound: its candidates are on documentation addresses.
        let raw = try Fixture.text("offer-foreign-candidates.sdp")
        #expect(throws: Peer.NegotiationError.self) {
            try peer.setRemoteDescription(raw, type: .offer, until: .now() + .seconds(5))
        }
        #expect(recorder.timeline.first(.remoteDescriptionSet) == nil)
        peer.addRemoteCandidate(mline: 0, "candidate:1 1 UDP 2122260223 203.0.113.10 50000 typ host")
        #expect(recorder.timeline.all(.busWarning, at: .answerer).contains { $0.detail.contains("203.0.113.10") })
    }
}
