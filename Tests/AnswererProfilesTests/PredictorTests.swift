import AnswererProfiles
import Diagnostics
import Foundation
import SDP
import Testing

/// Offers from the corpus (and one edit) with the answers the real GStreamer 1.22
/// webrtcbin gave to them, recorded by scripts/profiles/measure-webrtcbin.py.
enum Recorded {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Every fixture offer stem (`chromium-audio-video`, …).
    static var offers: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".offer.sdp") }.map { String($0.dropLast(".offer.sdp".count)) }.sorted()
    }

    /// The bundled profile; decoding it is itself under test.
    static func profile() throws -> AnswererProfile { try AnswererProfile.webrtcbin() }
}

/// What the real answer says about one m-section, read with the SDP module.
struct RealSection: Equatable {
    let port: Int
    let protocolName: String
    let codec: PredictedCodec?
    let direction: String

    init(_ answer: SessionDescription, _ section: Section) {
        let media = section.media
        port = media?.port ?? -1
        protocolName = media?.protocolName ?? ""
        if media?.isRTP == true, let pt = media?.payloadTypes.first, let map = section.rtpMap(for: pt) {
            codec = PredictedCodec(payloadType: pt, encoding: "\(map.encodingName)/\(map.clockRate)" + (map.channels.map { "/\($0)" } ?? ""))
        } else {
            codec = nil
        }
        direction = "\(answer.direction(of: section))"
    }

    init(_ predicted: PredictedSection) {
        port = predicted.port
        protocolName = predicted.protocolName
        codec = predicted.codec
        direction = predicted.direction
    }
}

@Suite("webrtcbin answer prediction agrees with the real webrtcbin's answers")
struct PredictorTests {
    let profile: AnswererProfile
    let predictor: AnswerPredictor

    init() throws {
        profile = try Recorded.profile()
        predictor = AnswerPredictor(profile: profile)
    }

    @Test("the profile is measured data: GStreamer 1.22, a date, evidence for each claim")
    func profileData() {
        #expect(profile.answerer == "webrtcbin")
        #expect(profile.gstreamer.hasPrefix("1.22"))
        #expect(profile.measured.count == 10 && profile.measured.hasPrefix("20"))
        #expect(profile.claims.codecsPerSection.value == 1)
        #expect((profile.claims.codecsPerSection.cases ?? 0) > 20)
        #expect(profile.claims.verifiesRemoteFingerprint.value == false)
        #expect(profile.cases.count > 50)
        #expect(Recorded.offers.count >= 10)
        // The codec choice does not depend on the answerer having local media (corpus answers).
        #expect(profile.claims.codecChoiceWithLocalMedia?.value == true)
        #expect((profile.claims.codecChoiceWithLocalMedia?.cases ?? 0) >= 20)
    }

    @Test("per section: port, protocol, codec, direction; BUNDLE group; nothing predicted as dropped is in the real answer",
          arguments: Recorded.offers, [BundlePolicy.none, .maxBundle])
    func agreesWithRealAnswer(stem: String, policy: BundlePolicy) throws {
        let offer = try SessionDescription.parse(try Recorded.text("\(stem).offer.sdp"), source: "\(stem).offer.sdp")
        let answer = try SessionDescription.parse(try Recorded.text("\(stem).answer.\(policy.rawValue).sdp"), source: "answer.sdp")
        let prediction = predictor.predict(offer, bundlePolicy: policy)
        #expect(prediction.isAccepted)
        #expect(prediction.sections.count == answer.media.count)
        for (predicted, real) in zip(prediction.sections, answer.media) {
            #expect(RealSection(predicted) == RealSection(answer, real), "m-section \(predicted.index)")
            #expect(predicted.mid == real.mid?.value)
            let names = Set(real.rtpMaps.map { $0.encodingName.lowercased() })
            for dropped in predicted.dropped {
                switch dropped {
                case "rtx", "red", "ulpfec": #expect(!names.contains(dropped))
                case "extmap": #expect(real.extensionMaps.isEmpty)
                case "rid": #expect(real.rids.isEmpty)
                case "simulcast": #expect(real.simulcast == nil)
                case "ssrc-group": #expect(real.sourceGroups.isEmpty)
                case "max-message-size": #expect(real.maxMessageSize == nil)
                case "sctpmap": #expect(real.sctpMap == nil)
                default: #expect(real.media?.payloadTypes.count == 1, "\(dropped)")
                }
            }
        }
        #expect(prediction.bundleGroup == answer.bundleGroups.first?.mids)
    }

    @Test("Chromium's offer: RTX/RED/ULPFEC and extensions dropped are reported, and no BUNDLE without max-bundle")
    func chromiumFindings() throws {
        let offer = try SessionDescription.parse(try Recorded.text("chromium-audio-video.offer.sdp"), source: "offer.sdp")
        let ids = Set(predictor.predict(offer, bundlePolicy: .none).findings.map(\.id))
        #expect(ids.isSuperset(of: ["PROFILE-002", "PROFILE-004", "PROFILE-005", "PROFILE-010"]))
        let bundled = Set(predictor.predict(offer, bundlePolicy: .maxBundle).findings.map(\.id))
        #expect(!bundled.contains("PROFILE-005"))
        let simulcast = try SessionDescription.parse(try Recorded.text("chromium-simulcast.offer.sdp"), source: "offer.sdp")
        #expect(predictor.predict(simulcast).findings.contains { $0.id == "PROFILE-003" })
        #expect(!predictor.predict(offer).findings.contains { $0.id == "PROFILE-003" })
    }

    @Test("webrtcbin's own max-bundle offer: bundle-only video is rejected by a default-policy webrtcbin (PROFILE-006)")
    func bundleOnlyRejected() throws {
        let offer = try SessionDescription.parse(try Recorded.text("webrtcbin-audio-video.offer.sdp"), source: "offer.sdp")
        let prediction = predictor.predict(offer, bundlePolicy: .none)
        #expect(prediction.findings.contains { $0.id == "PROFILE-006" && $0.severity == .error })
        #expect(!predictor.predict(offer, bundlePolicy: .maxBundle).findings.contains { $0.id == "PROFILE-006" })
    }

    @Test("a legacy sctpmap offer is accepted and answered in the RFC 8841 form (PROFILE-008)")
    func legacyDataChannel() throws {
        let offer = try SessionDescription.parse(try Recorded.text("chromium-datachannel-legacy-sctpmap.offer.sdp"), source: "offer.sdp")
        #expect(offer.media.first?.media?.protocolName == "DTLS/SCTP")
        let prediction = predictor.predict(offer)
        #expect(prediction.isAccepted)
        #expect(prediction.sections.first?.protocolName == "UDP/DTLS/SCTP")
        #expect(prediction.findings.contains { $0.id == "PROFILE-008" })
    }

    /// The same edits the measurement made to the real Chromium offer; the recorded error
    /// is what webrtcbin itself said.
    static let refusals: [(edit: String, drop: String)] = [
        ("missing-ice-ufrag", "a=ice-ufrag"), ("missing-ice-pwd", "a=ice-pwd"),
        ("missing-fingerprint", "a=fingerprint"), ("missing-setup", "a=setup"),
    ]

    @Test("removing a required attribute: the predicted refusal is webrtcbin's recorded error text", arguments: refusals)
    func refusal(edit: String, drop: String) throws {
        let text = try Recorded.text("chromium-audio-video.offer.sdp")
        let edited = text.components(separatedBy: "\r\n").filter { !$0.hasPrefix(drop) }.joined(separator: "\r\n")
        let offer = try SessionDescription.parse(edited, source: "offer.sdp")
        let prediction = predictor.predict(offer)
        let recorded = try #require(profile.cases.first { $0.case == "chromium/audio-video+\(edit)" && $0.bundlePolicy == "none" })
        #expect(recorded.result == "refused")
        #expect(prediction.refusal == recorded.error)
        #expect(prediction.findings.first?.id == "PROFILE-001")
        // Passing case: the unedited offer is accepted, as it was by webrtcbin.
        #expect(predictor.predict(try SessionDescription.parse(text, source: "offer.sdp")).isAccepted)
    }

    @Test("session-level ICE credentials are accepted but a session-level a=setup is refused, as measured")
    func sessionLevel() throws {
        let text = try Recorded.text("chromium-audio-video.offer.sdp")
        func moveToSession(_ prefix: String, _ text: String) -> String {
            var lines = text.components(separatedBy: "\r\n")
            guard let first = lines.first(where: { $0.hasPrefix(prefix) }) else { return text }
            lines.removeAll { $0.hasPrefix(prefix) }
            let m = lines.firstIndex { $0.hasPrefix("m=") } ?? lines.count
            lines.insert(first, at: m)
            return lines.joined(separator: "\r\n")
        }
        let ice = try SessionDescription.parse(moveToSession("a=ice-pwd", moveToSession("a=ice-ufrag", text)), source: "offer.sdp")
        #expect(predictor.predict(ice).isAccepted)
        let setup = try SessionDescription.parse(moveToSession("a=setup", text), source: "offer.sdp")
        let prediction = predictor.predict(setup)
        let recorded = try #require(profile.cases.first { $0.case == "chromium/audio-video+session-level-setup" && $0.bundlePolicy == "none" })
        #expect(prediction.refusal == recorded.error)
        #expect(prediction.findings.first?.message.contains("only at session level") == true)
    }

    /// The predicted sections in the short form the measurement stored for each case.
    func shortForm(_ prediction: AnswerPrediction) -> [String] {
        prediction.sections.map { s in
            "\(s.kind) \(s.port) " + (s.codec.map { "\($0.payloadType) \($0.encoding)" } ?? s.protocolName) + " \(s.direction)"
        }
    }

    @Test("a rejected (port 0) video section is answered active, as webrtcbin did (PROFILE-007)", arguments: [BundlePolicy.none, .maxBundle])
    func rejectedSection(policy: BundlePolicy) throws {
        let text = try Recorded.text("chromium-audio-video.offer.sdp")
        var lines = text.components(separatedBy: "\r\n")
        let video = try #require(lines.firstIndex { $0.hasPrefix("m=video ") })
        var fields = lines[video].split(separator: " ").map(String.init)
        fields[1] = "0"
        lines[video] = fields.joined(separator: " ")
        lines = lines.map { $0 == "a=group:BUNDLE 0 1" ? "a=group:BUNDLE 0" : $0 }
        let offer = try SessionDescription.parse(lines.joined(separator: "\r\n"), source: "offer.sdp")
        let prediction = predictor.predict(offer, bundlePolicy: policy)
        let recorded = try #require(profile.cases.first { $0.case == "chromium/audio-video+rejected-video" && $0.bundlePolicy == policy.rawValue })
        #expect(shortForm(prediction) == recorded.sections)
        #expect(prediction.findings.contains { $0.id == "PROFILE-007" })
        #expect(!predictor.predict(try SessionDescription.parse(text, source: "offer.sdp")).findings.contains { $0.id == "PROFILE-007" })
    }

    @Test("a first codec no GStreamer depayloader knows is still chosen, as webrtcbin did (PROFILE-009)")
    func unknownCodec() throws {
        let text = try Recorded.text("chromium-audio-video.offer.sdp")
        let offer = try SessionDescription.parse(text.replacingOccurrences(of: " VP8/90000", with: " XV8/90000"), source: "offer.sdp")
        let prediction = predictor.predict(offer)
        let recorded = try #require(profile.cases.first { $0.case == "chromium/audio-video+unknown-video-codec" && $0.bundlePolicy == "none" })
        #expect(shortForm(prediction) == recorded.sections)
        #expect(prediction.findings.contains { $0.id == "PROFILE-009" && $0.message.contains("XV8") })
        #expect(!predictor.predict(try SessionDescription.parse(text, source: "offer.sdp")).findings.contains { $0.id == "PROFILE-009" })
    }

    @Test("a=max-message-size is dropped from the answer (PROFILE-011), as in webrtcbin's real answer")
    func maxMessageSize() throws {
        let offer = try SessionDescription.parse(try Recorded.text("firefox-datachannel.offer.sdp"), source: "offer.sdp")
        #expect(offer.media.first?.maxMessageSize != nil)
        let answer = try SessionDescription.parse(try Recorded.text("firefox-datachannel.answer.none.sdp"), source: "answer.sdp")
        #expect(answer.media.first?.maxMessageSize == nil)
        #expect(predictor.predict(offer).findings.contains { $0.id == "PROFILE-011" })
        let withoutSize = try Recorded.text("firefox-datachannel.offer.sdp").components(separatedBy: "\r\n").filter { !$0.hasPrefix("a=max-message-size") }
        #expect(!predictor.predict(try SessionDescription.parse(withoutSize.joined(separator: "\r\n"), source: "o.sdp")).findings.contains { $0.id == "PROFILE-011" })
    }
}
