import Diagnostics
import Foundation
import Negotiation
import SDP
import Testing

@Suite("Negotiated result, ICE candidate pairs and recognised stacks on real pairs")
struct NegotiatedResultTests {
    @Test("Chromium offer ⇄ Firefox answer: codecs are the answer's first offered ones, Firefox is the DTLS client, one bundle transport")
    func chromeFirefox() throws {
        let oa = try FixturePair(Pairs.chromeFirefox).offerAnswer()
        let result = oa.negotiated
        #expect(result.map(\.mid) == ["0", "1"])
        #expect(result.map(\.codec) == ["opus/48000/2", "VP8/90000"])
        #expect(result.map(\.payloadType) == [111, 96])
        #expect(result.allSatisfy { $0.direction == "sendrecv" && $0.state == "active" })
        // Firefox answers a=setup:active: it sends the ClientHello.
        #expect(result.allSatisfy { $0.dtlsClient == "answerer" })
        // Neither side is lite: the offerer controls (RFC 8445 §6.1.1).
        #expect(result.allSatisfy { $0.iceControlling == "offerer" })
        // The answer bundles 0 and 1 on the transport tagged by mid 0.
        #expect(result.allSatisfy { $0.transport == "0" })
        #expect(oa.offer.producer == .libwebrtc)
        #expect(oa.answer.producer == .firefox)
    }

    @Test("an ICE-lite offerer makes the full answerer controlling; a passive answer makes the offerer the DTLS client")
    func roles() throws {
        let edited = try #require(try FixturePair(Pairs.chromeFirefox)
            .applying(.offer("t=0 0\n", "t=0 0\na=ice-lite\n").then(.answer("a=setup:active", "a=setup:passive", all: true))))
        let result = try edited.offerAnswer().negotiated
        #expect(result.allSatisfy { $0.iceControlling == "answerer" })
        #expect(result.allSatisfy { $0.dtlsClient == "offerer" })
    }

    @Test("a rejected section is reported rejected, without codec or roles")
    func rejected() throws {
        let oa = try FixturePair(Pairs.webrtcbinFirefoxH264).offerAnswer()
        let video = try #require(oa.negotiated.first { $0.mid == "video1" })
        #expect(video.state == "rejected")
        #expect(video.codec == nil && video.dtlsClient == nil)
    }

    @Test("aiortc ⇄ aiortc: one candidate each on the bundle transport, priority per RFC 8445 §6.1.2.3")
    func candidatePair() throws {
        let oa = try FixturePair(Pairs.aiortc).offerAnswer()
        let pairs = oa.candidatePairs
        #expect(pairs.count == 1)
        let pair = try #require(pairs.first)
        #expect(pair.transport == "0")
        #expect(pair.offerCandidate == "udp 10.250.0.1:39496 host")
        #expect(pair.answerCandidate == "udp 10.250.0.2:47964 host")
        #expect(pair.state == .workable)
        // Both candidates have priority 2130706431 (G = D): 2^32·D + 2·G + 0.
        let p: UInt64 = 2130706431
        #expect(pair.priority == (p << 32) + 2 * p)
    }

    @Test("pairs that cannot work are marked with the reason", arguments: [
        (" 10.250.0.1 ", " fd00::1 ", CandidatePair.State.unworkable, "address families"),
        (" 10.250.0.1 ", " 127.0.0.1 ", .unworkable, "loopback"),
        (" 10.250.0.1 ", " 169.254.3.4 ", .unworkable, "link-local"),
        (" 10.250.0.1 ", " 0b1c4a3e-2f0d-4d55-9a1b-5b1f0e6d7c21.local ", .uncertain, "mDNS"),
    ])
    func unworkable(find: String, replace: String, state: CandidatePair.State, reason: String) throws {
        let edited = try #require(try FixturePair(Pairs.aiortc).applying(.offer(find, replace, all: true)))
        let pair = try #require(try edited.offerAnswer().candidatePairs.first)
        #expect(pair.state == state)
        #expect(pair.reason?.contains(reason) == true, "\(pair.reason ?? "nil")")
    }

    @Test("TCP candidates pair only active with passive")
    func tcp() throws {
        let base = try FixturePair(Pairs.aiortc)
        let passive = try #require(base.applying(.offer(" udp 2130706431 10.250.0.1 39496 typ host", " tcp 2130706431 10.250.0.1 39496 typ host tcptype passive")
            .then(.answer(" udp 2130706431 10.250.0.2 47964 typ host", " tcp 2130706431 10.250.0.2 47964 typ host tcptype passive"))))
        #expect(try passive.offerAnswer().candidatePairs.first?.state == .unworkable)
        let active = try #require(base.applying(.offer(" udp 2130706431 10.250.0.1 39496 typ host", " tcp 2130706431 10.250.0.1 39496 typ host tcptype active")
            .then(.answer(" udp 2130706431 10.250.0.2 47964 typ host", " tcp 2130706431 10.250.0.2 47964 typ host tcptype passive"))))
        #expect(try active.offerAnswer().candidatePairs.first?.state == .workable)
    }

    @Test("every description in the corpus is recognised as the stack the manifest says produced it")
    func producers() throws {
        let data = try Data(contentsOf: CorpusRound.root.appendingPathComponent("manifest.json"))
        struct Manifest: Decodable { struct File: Decodable { let path: String; let producer: String }; let files: [File] }
        let files = try JSONDecoder().decode(Manifest.self, from: data).files
        #expect(files.count >= 100)
        let expected = ["chromium": Producer.libwebrtc, "firefox": .firefox, "webrtcbin": .webrtcbin, "aiortc": .aiortc]
        for file in files {
            let bytes = Array(try Data(contentsOf: CorpusRound.root.appendingPathComponent(file.path)))
            let description = try SessionDescription.parse(bytes, source: file.path)
            #expect(description.producer == expected[file.producer], "\(file.path)")
        }
    }
}

@Suite("JSON RTCSessionDescription inputs")
struct EnvelopeTests {
    /// Wraps a real description as a browser console prints it.
    static func wrap(_ sdp: String, type: String) -> String {
        let escaped = sdp.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        return "{\"type\":\"\(type)\",\"sdp\":\"\(escaped)\"}"
    }

    @Test("JSON-wrapped offer and answer check like the raw ones; swapped types are reported")
    func envelopes() throws {
        let pair = try FixturePair(Pairs.chromeFirefox)
        let raw = try pair.findings().map(\.id)
        let offer = try SessionDescription.parse(Self.wrap(pair.offerText, type: "offer"), source: "offer.json")
        let answer = try SessionDescription.parse(Self.wrap(pair.answerText, type: "answer"), source: "answer.json")
        #expect(OfferAnswer(offer: offer, answer: answer).check().map(\.id) == raw)
        let swappedOffer = try SessionDescription.parse(Self.wrap(pair.answerText, type: "answer"), source: "answer.json")
        let swappedAnswer = try SessionDescription.parse(Self.wrap(pair.offerText, type: "offer"), source: "offer.json")
        let swapped = OfferAnswer(offer: swappedOffer, answer: swappedAnswer).check()
        #expect(swapped.contains { $0.rule == .oaMLineRoles })
    }
}
