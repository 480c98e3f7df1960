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
