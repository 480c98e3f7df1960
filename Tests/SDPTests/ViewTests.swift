import Testing
import Foundation
import Diagnostics
@testable import SDP

/// Typed views read from real descriptions; expected values are the ones written in
/// the fixture files.
@Suite("Typed views")
struct ViewTests {
    static func load(_ name: String) throws -> SessionDescription {
        try SessionDescription.parse(try RealSDP.fixture(name), source: name)
    }

    @Test("webrtcbin audio/video offer: session lines, m-lines, codecs")
    func webrtcbinMedia() throws {
        let d = try Self.load(Base.webrtcbinAV)
        #expect(d.version?.version == 0)
        #expect(d.origin?.sessionID == "6403945977082290318")
        #expect(d.origin?.address == "0.0.0.0")
        #expect(d.sessionName?.value == "-")
        #expect(d.timings.map { [$0.start, $0.stop] } == [[0, 0]])
        #expect(d.media.count == 2)

        let audio = try #require(d.media[0].media)
        #expect(audio.kind == .audio)
        #expect(audio.port == 9)
        #expect(audio.portCount == nil)
        #expect(audio.transport == .udpTLSRTPSAVPF)
        #expect(audio.payloadTypes == [111])
        let video = try #require(d.media[1].media)
        #expect(video.kind == .video && video.port == 0 && video.payloadTypes == [96])

        let opus = try #require(d.media[0].rtpMap(for: 111))
        #expect(opus.encodingName == "OPUS" && opus.isEncoding("opus"))
        #expect(opus.clockRate == 48000 && opus.channels == nil)
        let vp8 = try #require(d.media[1].rtpMaps.first)
        #expect(vp8.payloadType == 96 && vp8.encodingName == "VP8" && vp8.clockRate == 90000)

        let feedback = d.media[1].rtcpFeedback
        #expect(feedback.map(\.type) == ["nack", "ccm", "transport-cc"])
        #expect(feedback.map(\.subtype) == ["pli", "fir", nil])
        #expect(feedback.allSatisfy { $0.payloadType == 96 })

        #expect(d.media[1].frameRate?.value == 15)
        let connection = try #require(d.media[0].connection)
        #expect(connection.isIPv4 && connection.address == "0.0.0.0")
    }

    @Test("webrtcbin offer: transport attributes and session-level fallbacks")
    func webrtcbinTransport() throws {
        let d = try Self.load(Base.webrtcbinAV)
        let audio = d.media[0]
        let video = d.media[1]
        #expect(d.bundleGroups.map(\.mids) == [["audio0", "video1"]])
        #expect(audio.mid?.value == "audio0" && video.mid?.value == "video1")
        #expect(video.isBundleOnly && !audio.isBundleOnly)
        #expect(audio.setup?.role == .actpass)
        #expect(d.setup(of: audio)?.role == .actpass)
        #expect(d.direction(of: audio) == .sendrecv)
        #expect(audio.hasRTCPMux && audio.hasRTCPMuxOnly && audio.hasReducedSizeRTCP)
        #expect(d.iceUsernameFragment(of: audio)?.value == "ziu1GxrScAHDXhYfsMBq6PGU8NPdeR0/")
        #expect(d.iceUsernameFragment(of: audio)?.isValid == true)
        #expect(d.icePassword(of: video)?.value == "yeM+oOrzDxpKAVRWC9n5io1/lUCT7XLb")
        #expect(d.iceOptions(of: audio)?.tags == ["trickle"])
        #expect(d.session.iceOptions?.contains("trickle") == true)

        let fingerprint = try #require(d.fingerprints(of: audio).first)
        #expect(fingerprint.hashFunction == .sha256)
        #expect(fingerprint.digestLength == 32)
        let digest = try #require(fingerprint.digest)
        #expect(digest.first == 0xA1 && digest.last == 0x82 && digest.count == 32)

        let candidate = try #require(audio.candidates.first)
        #expect(candidate.foundation == "1")
        #expect(candidate.component == 1)
        #expect(candidate.transport == .udp)
        #expect(candidate.priority == 2015363327)
        #expect(candidate.address == "10.250.0.1" && candidate.addressKind == .ipv4)
        #expect(candidate.port == 43406)
        #expect(candidate.type == .host)
        #expect(candidate.relatedAddress == nil && candidate.generation == nil)

        let sources = video.sourceAttributes
        #expect(sources.map(\.ssrc) == [2442375859, 2442375859])
        #expect(sources.map(\.name) == ["msid", "cname"])
        #expect(sources[1].value == "user531757502@host-8744af83")
    }

    @Test("webrtcbin data channel offer")
    func webrtcbinDataChannel() throws {
        let d = try Self.load(Base.webrtcbinDC)
        let section = d.media[0]
        let media = try #require(section.media)
        #expect(media.kind == .application && media.transport == .udpDTLSSCTP)
        #expect(media.formats == ["webrtc-datachannel"] && !media.isRTP)
        #expect(section.sctpPort?.value == 5000)
        #expect(section.maxMessageSize == nil)
    }

    @Test("locations point at the field: column and length of a candidate's address")
    func fieldColumns() throws {
        let d = try Self.load(Base.webrtcbinAV)
        let candidate = try #require(d.media[0].candidates.first)
        let location = d.location(candidate.attribute.line, range: candidate.addressRange)
        let (line, field) = try #require(d.text(at: location))
        #expect(line.hasPrefix("a=candidate:1 1 UDP"))
        #expect(field == "10.250.0.1")
        guard case .text(_, _, let column, let length) = location else { Issue.record("not a text location"); return }
        #expect(column == Array("a=candidate:1 1 UDP 2015363327 ".utf8).count + 1)
        #expect(length == 10)
    }

    @Test("strict views reject malformed values; fmtp reads leniently",
          arguments: [
            ("a=rtpmap:111 opus", false), ("a=rtpmap:x opus/48000", false), ("a=rtpmap:111 opus/48000/2", true),
            ("a=candidate:1 1 UDP 1 10.0.0.1 70000 typ host", false), ("a=candidate:1 0 UDP 1 10.0.0.1 7 typ host", false),
            ("a=candidate:1 1 UDP 1 10.0.0.1 7 typ host raddr", false), ("a=fingerprint:sha-256", false),
            ("a=extmap:1/sendonly urn:x", true), ("a=extmap:1/sideways urn:x", false), ("a=simulcast:send a;~b,c recv d", true),
            ("a=simulcast:sideways a", false), ("a=rid:a send pt=96,97;max-width=1280", true), ("a=rid:a both", false),
          ])
    func strictness(line: String, valid: Bool) throws {
        let d = try SessionDescription.parse("v=0\r\n" + line + "\r\n", source: "v.sdp")
        let attribute = try #require(d.session.attributes.first)
        let kind = AttributeKind(d.bytes, attribute.nameRange)
        let result = try #require(SyntaxChecks.grammar(kind, attribute))
        #expect(result.valid == valid)
    }

    @Test("simulcast alternatives and paused rids; rid restrictions")
    func simulcastAndRID() throws {
        let d = try SessionDescription.parse("v=0\r\na=simulcast:send a;~b,c recv d\r\na=rid:a send pt=96,97;max-width=1280\r\n", source: "s.sdp")
        let simulcast = try #require(d.session.simulcast)
        #expect(simulcast.send.count == 2 && simulcast.send[1].count == 2)
        #expect(simulcast.send[1][0].isPaused && !simulcast.send[1][1].isPaused)
        #expect(simulcast.rids(sending: true) == ["a", "b", "c"] && simulcast.rids(sending: false) == ["d"])
        let rid = try #require(d.session.rids.first)
        #expect(rid.id == "a" && rid.direction == .send && rid.payloadTypes.map(\.value) == [96, 97])
        #expect(rid.restrictions.count == 1)
    }

    @Test("Chromium candidates: every RFC 8839 field and libwebrtc's extensions")
    func chromiumCandidates() throws {
        let d = try Self.load(Base.chromiumSimulcast)
        let candidates = d.media[0].candidates
        #expect(candidates.count == 2)
        let udp = candidates[0]
        #expect(udp.foundation == "1615657136" && udp.component == 1 && udp.transport == .udp)
        #expect(udp.priority == 2122260223 && udp.address == "10.250.0.1" && udp.port == 36911)
        #expect(udp.type == .host && udp.generation == 0 && udp.networkID == 1 && udp.networkCost == nil)
        #expect(udp.tcpType == nil && udp.extensions.isEmpty)
        let tcp = candidates[1]
        #expect(tcp.foundation == "511908392" && tcp.transport == .tcp && tcp.port == 9 && tcp.tcpType == .active)
        #expect(tcp.priority == 1518280447)
        #expect(d.media[0].media?.port == 36911)
    }

    @Test("Chromium rid and simulcast")
    func chromiumSimulcast() throws {
        let d = try Self.load(Base.chromiumSimulcast)
        let video = d.media[1]
        #expect(video.rids.map(\.id) == ["h", "m", "l"])
        #expect(video.rids.allSatisfy { $0.direction == .send && $0.payloadTypes.isEmpty })
        let simulcast = try #require(video.simulcast)
        #expect(simulcast.rids(sending: true) == ["h", "m", "l"] && simulcast.receive.isEmpty)
        #expect(simulcast.send.allSatisfy { $0.count == 1 && !$0[0].isPaused })
        #expect(d.session.mediaStreamIDSemantics.first?.semantic == "WMS")
        #expect(video.mediaStreamIDs.first?.streamID == "a589398b-d69a-4f34-9e34-a61014907c7c")
        #expect(video.mediaStreamIDs.first?.trackID == "62a85abc-2c34-4eff-a65f-db2c47bdf2d5")
        #expect(d.allowsMixedExtensionMaps(in: video) && !video.allowsMixedExtensionMaps)
    }

    @Test("Chromium codecs: H.264, VP9, AV1, RTX, Opus and RED parameters")
    func chromiumCodecs() throws {
        let d = try Self.load(Base.chromium)
        let audio = d.media[0]
        let video = d.media[1]
        #expect(audio.media?.payloadTypes == [111, 63, 9, 0, 8, 13, 110, 126])
        let opus = OpusParameters(try #require(audio.formatParameters(for: 111)))
        #expect(opus.minimumPacketTime == 10 && opus.useInbandFEC == true && opus.stereo == nil)
        let redParameters = try #require(audio.formatParameters(for: 63))
        let red = try #require(REDParameters(redParameters))
        #expect(red.payloadTypes.map(\.value) == [111, 111])
        #expect(audio.rtpMap(for: 63)?.channels == 2)
        #expect(audio.rtpMap(for: 126)?.encodingName == "telephone-event")

        let h264 = H264Parameters(try #require(video.formatParameters(for: 108)))
        #expect(h264.profileLevelID == H264ProfileLevelID(Array("42e01f".utf8), 0..<6))
        #expect(h264.profileLevelID?.profileIDC == 0x42 && h264.profileLevelID?.profileIOP == 0xE0 && h264.profileLevelID?.levelIDC == 0x1F)
        #expect(h264.profileLevelID?.isConstrainedBaseline == true)
        #expect(h264.packetizationMode == 1 && h264.levelAsymmetryAllowed == true)
        #expect(H264Parameters(try #require(video.formatParameters(for: 104))).packetizationMode == 0)
        #expect(H264Parameters(try #require(video.formatParameters(for: 116))).profileLevelID?.profileIDC == 0x4D)
        #expect(VP9Parameters(try #require(video.formatParameters(for: 100))).profileID == 2)
        let av1 = AV1Parameters(try #require(video.formatParameters(for: 45)))
        #expect(av1.profile == 0 && av1.levelIndex == 5 && av1.tier == 0)
        let rtx = RTXParameters(try #require(video.formatParameters(for: 97)))
        #expect(rtx.associatedPayloadType == 96 && rtx.rtxTime == nil)
        #expect(video.formatParameters(for: 102)?.pairs.map(\.name) == ["level-asymmetry-allowed", "packetization-mode", "profile-level-id"])

        let feedback = video.rtcpFeedback.filter { $0.payloadType == 96 }
        #expect(feedback.map(\.type) == ["goog-remb", "transport-cc", "ccm", "nack", "nack"])
        #expect(feedback.map(\.subtype) == [nil, nil, "fir", nil, "pli"])

        let extmaps = video.extensionMaps
        #expect(extmaps.first?.id == 14 && extmaps.first?.uri == "urn:ietf:params:rtp-hdrext:toffset" && extmaps.first?.direction == nil)
        #expect(extmaps.contains { $0.id == 10 && $0.uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id" })

        let group = try #require(video.sourceGroups.first)
        #expect(group.semantics == "FID" && group.ssrcs.map(\.value) == [3597691798, 854256441])
        #expect(video.rtcp?.port == 9)
        #expect(video.rtcpExtendedReports.first?.formats == ["rcvr-rtt=all"])
        #expect(d.media[2].maxMessageSize?.value == 262144)
        #expect(d.media[2].sctpPort?.value == 5000)
        #expect(d.origin?.address == "127.0.0.1")
    }

    @Test("Firefox: session-level fingerprint and direction apply to the media sections")
    func firefoxSessionLevel() throws {
        let d = try Self.load(Base.firefoxSimulcast)
        let audio = d.media[0]
        #expect(audio.fingerprints.isEmpty)
        #expect(d.fingerprints(of: audio).first?.hashFunction == .sha256)
        #expect(d.fingerprints(of: audio).first?.digest?.first == 0x47)
        #expect(d.session.writtenDirection == .sendrecv)
        #expect(d.origin?.username == "mozilla...THIS_IS_SDPARTA-99.0")
        let candidates = audio.candidates
        #expect(candidates.map(\.component) == [1, 1, 2, 2])
        #expect(candidates[2].priority == 2122252542 && candidates[2].port == 52241 && candidates[2].transport == .udp)
        #expect(audio.hasEndOfCandidates)
        let recvonly = try #require(audio.extensionMaps.first { $0.id == 2 })
        #expect(recvonly.direction == .recvonly && recvonly.uri == "urn:ietf:params:rtp-hdrext:csrc-audio-level")
        let opus = OpusParameters(try #require(audio.formatParameters(for: 109)))
        #expect(opus.maxPlaybackRate == 48000 && opus.stereo == true && opus.useInbandFEC == true)
        #expect(d.media[1].rids.map(\.id) == ["h", "m", "l"])
    }

    @Test("aiortc: several fingerprints with their digest lengths")
    func aiortcFingerprints() throws {
        let d = try Self.load(Base.aiortc)
        let fingerprints = d.media[0].fingerprints
        #expect(fingerprints.map(\.hashFunction) == [.sha256, .sha384, .sha512])
        #expect(fingerprints.map(\.digestLength) == [32, 48, 64])
        #expect(d.media[0].candidates.first?.foundation == "ae5082ef400313fa54810ec1b1277741")
        #expect(d.iceUsernameFragment(of: d.media[0])?.value == "UiTS")
        #expect(d.icePassword(of: d.media[0])?.value == "xgkFcL5tPeDSC0qec4JbDu")
    }
}
