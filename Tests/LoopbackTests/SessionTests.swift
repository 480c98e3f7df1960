import Dispatch
import Synchronization
import Testing
@testable import Loopback

/// Checkpoint 2: two real webrtcbin peers connect on 127.0.0.1, with a timeline and an outcome.
@Suite("Two peers on loopback", .serialized)
struct SessionTests {
    @Test("VP8 + Opus + data channel reach connected with decoded frames and an echoed message")
    func connects() {
        let result = Session(configuration: .init(deadline: .seconds(8))).run()
        #expect(result.outcome == .connected, "\(result.outcome)\n\(result.timeline.events.map(\.description).joined(separator: "\n"))")
        for peer in [PeerRole.offerer, .answerer] {
            for stream in ["video", "audio"] {
                let report = result.streams.first { $0.peer == peer && $0.stream == stream }
                #expect(report?.expected == true)
                #expect((report?.decodedFrames ?? 0) > 0, "\(peer) \(stream)")
                #expect(result.timeline.first(.firstDecodedFrame, at: peer) != nil)
            }
        }
        #expect(result.timeline.all(.messageReceived, at: .offerer).map(\.detail) == [Peer.echoPrefix + Peer.pingMessage])
        #expect(result.timeline.all(.messageReceived, at: .answerer).map(\.detail) == [Peer.pingMessage])
        #expect(result.connectedAfter != nil)
        #expect(result.findings.isEmpty)
        // Each peer compared the certificate it saw with the fingerprint it was given.
        let checks = result.timeline.all(.fingerprint)
        #expect(Set(checks.compactMap(\.peer)) == [.offerer, .answerer])
        #expect(checks.allSatisfy { $0.detail.hasPrefix("verified") }, "\(checks)")
    }

    @Test("every gathered candidate is a loopback address")
    func candidatesAreLoopback() {
        let result = Session(configuration: .init(media: MediaConfiguration(streams: [], dataChannel: true), deadline: .seconds(5))).run()
        let all = result.candidates.values.flatMap { $0 }
        #expect(!all.isEmpty)
        for candidate in all {
            let parsed = CandidateLine(candidate)
            #expect(parsed?.isLoopback == true, "\(candidate)")
            #expect(parsed?.transport == "UDP", "\(candidate)")
        }
        // The timeline records the same candidates.
        #expect(result.timeline.all(.candidateGathered).count == all.count)
        #expect(result.outcome == .connected, "\(result.outcome)")
    }
}

/// The outcomes that need no injected file.
@Suite("Outcomes without injection", .serialized)
struct OutcomeTests {
    @Test("a stream declared H264 that carries VP8: ICE and DTLS connect, nothing decodes: no-media")
    func mislabelledCodec() {
        let media = MediaConfiguration(
            streams: [MediaConfiguration.Stream(kind: .video, codec: "H264", payloadType: 96, produces: "VP8")],
            dataChannel: false)
        let result = Session(configuration: .init(media: media, transport: .fastFailure, deadline: .seconds(6),
                                                  mediaGrace: .seconds(1))).run()
        #expect(result.outcome == .noMedia(streams: ["offerer:video", "answerer:video"]), "\(result.trace)")
        // RTP arrived; the decoder produced nothing.
        #expect(result.streams.allSatisfy { $0.rtpPackets > 0 && $0.decodedFrames == 0 }, "\(result.streams)")
        #expect(result.findings.map(\.id) == ["LOOP-MEDIA-001"])
    }

    @Test("H264 video alone connects with decoded frames")
    func h264() {
        let media = MediaConfiguration(streams: [.init(kind: .video, codec: "H264", payloadType: 102)], dataChannel: false)
        let result = Session(configuration: .init(media: media, deadline: .seconds(6))).run()
        #expect(result.outcome == .connected, "\(result.trace)")
        #expect(result.streams.filter(\.expected).count == 2)
    }

    @Test("a recvonly offerer: webrtcbin answers sendonly and only the offerer decodes")
    func recvonlyOfferer() {
        let media = MediaConfiguration(streams: [
            .init(kind: .video, codec: "VP8", payloadType: 96, sends: false, receives: true),
            .init(kind: .audio, codec: "OPUS", payloadType: 111, sends: false, receives: true),
        ], dataChannel: false)
        let result = Session(configuration: .init(media: media, deadline: .seconds(6))).run()
        #expect(result.outcome == .connected, "\(result.trace)")
        let directions = SDPLines(result.answer ?? "").lines.filter { ["a=sendrecv", "a=sendonly", "a=recvonly"].contains($0) }
        #expect(directions == ["a=sendonly", "a=sendonly"])
        #expect(result.streams.filter(\.expected).map(\.peer) == [.offerer, .offerer])
    }

    @Test("a codec the engine cannot produce: crashed, with the reason, before anything is negotiated")
    func crashed() {
        let media = MediaConfiguration(streams: [.init(kind: .video, codec: "VP9", payloadType: 98)], dataChannel: false)
        let result = Session(configuration: .init(media: media, deadline: .seconds(3))).run()
        #expect(result.outcome == .crashed(message: "cannot build the peers: no GStreamer element: encoder for VP9"), "\(result.trace)")
        #expect(result.timeline.first(.offerCreated) == nil)
        #expect(result.findings.map(\.id) == ["LOOP-ENGINE-001"])
    }

    @Test("three cases at once in one process keep their own outcomes (connected, ice-failed, DTLS timeout)")
    func parallelCases() throws {
        let configurations: [Session.Configuration] = [
            .init(transport: .fastFailure, deadline: .seconds(8)),
            .init(transport: .fastFailure, deadline: .seconds(8),
                  injecting: [try Fixture.injection("offer-wrong-ice-pwd.sdp", as: .offer, keep: [.ice])]),
            .init(transport: .fastFailure, deadline: .seconds(4),
                  injecting: [try Fixture.injection("offer-setup-active.sdp", as: .offer, keep: [.setup]),
                              try Fixture.injection("answer-setup-active.sdp", as: .answer, keep: [.setup])]),
        ]
        let outcomes = Mutex<[Int: Outcome]>([:])
        DispatchQueue.concurrentPerform(iterations: configurations.count) { index in
            let outcome = Session(configuration: configurations[index]).run().outcome
            outcomes.withLock { $0[index] = outcome }
        }
        let results = outcomes.withLock { $0 }
        #expect(results[0] == .connected, "\(String(describing: results[0]))")
        #expect(results[1] == .iceFailed(peer: .answerer), "\(String(describing: results[1]))")
        guard case .timeout(_, let missing)? = results[2] else {
            Issue.record("expected timeout: \(String(describing: results[2]))")
            return
        }
        #expect(missing.contains("DTLS"))
    }
}
