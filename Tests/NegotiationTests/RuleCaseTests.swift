import Diagnostics
import Negotiation
import Testing

/// One rule, shown firing on a minimal edit of a real corpus pair and silent on the
/// pair it was made from.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let rule: Rule
    let fixture: String
    /// The edit that breaks the pair; `nil` when the real pair itself is broken (a pair
    /// that really failed in the corpus).
    let broken: Edit?
    /// The edit that repairs a really broken pair; `nil` means the unedited pair passes.
    let fixed: Edit?
    /// The severity the finding must have (the rule's default unless a stack raises it).
    let severity: Severity?

    init(_ rule: Rule, _ fixture: String, broken: Edit? = nil, fixed: Edit? = nil, severity: Severity? = nil) {
        (self.rule, self.fixture, self.broken, self.fixed, self.severity) = (rule, fixture, broken, fixed, severity)
    }

    var testDescription: String { "\(rule.id) on \(fixture)" + (broken.map { " [\($0)]" } ?? " (real pair)") }
}

/// Real pairs from `Corpus/pairs` (copied into Fixtures/): Chromium offer ⇄ Firefox answer
/// with audio+video, Chromium ⇄ Chromium for H.264, simulcast and data channels, aiortc ⇄
/// aiortc with candidates in both SDPs, and three pairs that really failed.
enum Pairs {
    static let chromeFirefox = "chromium-firefox.audio-video"
    static let h264 = "chromium-chromium.h264"
    static let simulcast = "chromium-chromium.simulcast"
    static let dataChannel = "chromium-chromium.datachannel"
    static let aiortc = "aiortc-aiortc.audio-video"
    /// webrtcbin offer, Firefox answer rejecting video without ICE credentials (failed).
    static let webrtcbinFirefoxH264 = "webrtcbin-firefox.h264"
    /// webrtcbin offer, aiortc answer as DTLS client (failed: DTLS).
    static let webrtcbinAiortc = "webrtcbin-aiortc.audio-only"
    /// webrtcbin offer, Chromium rejecting the BUNDLE-tagged audio (failed: ICE never starts).
    static let webrtcbinChromiumRecvonly = "webrtcbin-chromium.recvonly"
}

extension RuleCase {
    static let all: [RuleCase] = [
        // m-lines
        RuleCase(.oaMLineCount, Pairs.chromeFirefox,
                 broken: .answer("a=ssrc-group:FID 101067622 2909676082\n", "a=ssrc-group:FID 101067622 2909676082\nm=audio 0 UDP/TLS/RTP/SAVPF 0\n")),
        RuleCase(.oaMLineKind, Pairs.chromeFirefox, broken: .answer("m=video 51175", "m=audio 51175")),
        RuleCase(.oaMLineMID, Pairs.chromeFirefox, broken: .answer("a=mid:1", "a=mid:v")),
        RuleCase(.oaMLineAcceptedRejected, Pairs.chromeFirefox, broken: .offer("m=video 48824", "m=video 0")),
        RuleCase(.oaMLineRejected, Pairs.chromeFirefox, broken: .answer("m=video 51175", "m=video 0")),
        RuleCase(.oaMLineAllRejected, Pairs.chromeFirefox,
                 broken: .answer("m=audio 51175", "m=audio 0").then(.answer("m=video 51175", "m=video 0"))),
        RuleCase(.oaMLineRoles, Pairs.chromeFirefox, broken: .answer("a=setup:active", "a=setup:actpass", all: true)
            .then(.offer("a=setup:actpass", "a=setup:active", all: true))),
        // DTLS
        RuleCase(.oaDTLSMissingFingerprint, Pairs.chromeFirefox, broken: .answer("a=fingerprint:sha-256", "a=x-fingerprint:sha-256")),
        RuleCase(.oaDTLSUnknownHash, Pairs.chromeFirefox, broken: .answer("a=fingerprint:sha-256", "a=fingerprint:sha-999")),
        RuleCase(.oaDTLSWeakHash, Pairs.chromeFirefox, broken: .answer("a=fingerprint:sha-256", "a=fingerprint:sha-1")),
        RuleCase(.oaDTLSDigestLength, Pairs.chromeFirefox, broken: .answer("84:06:21:D1:", "84:06:21:")),
        RuleCase(.oaDTLSAnswerSetup, Pairs.chromeFirefox, broken: .answer("a=setup:active", "a=setup:actpass", all: true)),
        RuleCase(.oaDTLSSameRole, Pairs.chromeFirefox, broken: .offer("a=setup:actpass", "a=setup:active", all: true)),
        RuleCase(.oaDTLSOfferSetup, Pairs.chromeFirefox, broken: .offer("a=setup:actpass", "a=setup:passive", all: true)),
        RuleCase(.oaDTLSKnownRoleFailure, Pairs.webrtcbinAiortc, fixed: .answer("a=setup:active", "a=setup:passive")),
        // ICE
        RuleCase(.oaICEMissingCredentials, Pairs.chromeFirefox, broken: .answer("a=ice-ufrag:", "a=x-ice-ufrag:", all: true)),
        RuleCase(.oaICECredentialLength, Pairs.chromeFirefox, broken: .answer("a=ice-ufrag:c382cf89", "a=ice-ufrag:c38", all: true)),
        RuleCase(.oaICECredentialCharacters, Pairs.chromeFirefox, broken: .answer("a=ice-ufrag:c382cf89", "a=ice-ufrag:c382_f89", all: true)),
        RuleCase(.oaICEBothLite, Pairs.chromeFirefox,
                 broken: .offer("t=0 0\n", "t=0 0\na=ice-lite\n").then(.answer("t=0 0\n", "t=0 0\na=ice-lite\n"))),
        RuleCase(.oaICENoCandidates, Pairs.aiortc,
                 broken: .offer("a=candidate:", "a=x-candidate:", all: true).then(.answer("a=candidate:", "a=x-candidate:", all: true))),
        RuleCase(.oaICEOneSidedCandidates, Pairs.aiortc, broken: .offer("a=candidate:", "a=x-candidate:", all: true)),
        RuleCase(.oaICETrickled, Pairs.aiortc,
                 broken: .offer("a=candidate:", "a=x-candidate:", all: true).then(.offer("a=end-of-candidates", "a=x-end-of-candidates", all: true))
                    .then(.offer("t=0 0\n", "t=0 0\na=ice-options:trickle\n"))),
        RuleCase(.oaICEMDNS, Pairs.aiortc, broken: .offer(" 10.250.0.1 ", " 1f4712db-ea17-4bcf-a596-105139dfd8bf.local ", all: true)),
        RuleCase(.oaICEUnreachable, Pairs.aiortc, broken: .offer(" 10.250.0.1 ", " 127.0.0.1 ", all: true)),
        RuleCase(.oaICENoWorkablePair, Pairs.aiortc, broken: .offer(" 10.250.0.1 ", " fd00::1 ", all: true)),
        RuleCase(.oaICERejectedWithoutCredentials, Pairs.webrtcbinFirefoxH264, fixed: .answer(
            "a=mid:video1", "a=mid:video1\na=ice-ufrag:e3ac7457\na=ice-pwd:c6744480600365c2ab32ddc1902bf621"), severity: .error),
        RuleCase(.oaICERejectedWithoutCredentials, Pairs.chromeFirefox, broken: .answer("m=video 51175", "m=video 0")
            .then(.answer("a=ice-pwd:7e472160a588b7654ded0bdee6147b33\na=ice-ufrag:c382cf89\na=mid:1", "a=mid:1")), severity: .warning),
        // BUNDLE
        RuleCase(.oaBundleUnknownMID, Pairs.chromeFirefox, broken: .offer("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")),
        RuleCase(.oaBundleTaggedRejected, Pairs.chromeFirefox, broken: .answer("m=audio 51175", "m=audio 0")),
        RuleCase(.oaBundleDeclined, Pairs.chromeFirefox, broken: .answer("a=group:BUNDLE 0 1", "a=x-group:BUNDLE 0 1")),
        RuleCase(.oaBundleOnlyLost, Pairs.webrtcbinFirefoxH264, broken: .answer("m=video 0 ", "m=video 9 ")),
        RuleCase(.oaBundleWithoutMux, Pairs.chromeFirefox, broken: .answer("a=rtcp-mux\na=rtcp-rsize", "a=x-rtcp-mux\na=rtcp-rsize")),
        RuleCase(.oaBundleAnswerTransportDiffers, Pairs.chromeFirefox, broken: .answer("a=ice-ufrag:c382cf89", "a=ice-ufrag:d382cf89")),
        RuleCase(.oaBundleOfferTransportDiffers, Pairs.chromeFirefox, broken: .offer("a=ice-ufrag:M6eR", "a=ice-ufrag:Z6eR")),
        RuleCase(.oaBundleTagMoved, Pairs.webrtcbinChromiumRecvonly, fixed: .answer("a=group:BUNDLE video1", "a=group:BUNDLE audio0 video1")
            .then(.answer("m=audio 0 ", "m=audio 9 ")), severity: .error),
        // direction
        RuleCase(.oaDirectionNotAllowed, Pairs.chromeFirefox, broken: .offer("a=sendrecv", "a=sendonly")),
        RuleCase(.oaDirectionNoMedia, Pairs.chromeFirefox, broken: .answer("a=sendrecv\na=end-of-candidates\na=extmap:1", "a=inactive\na=end-of-candidates\na=extmap:1")),
        // transport
        RuleCase(.oaTransportProtocol, Pairs.chromeFirefox, broken: .answer("m=audio 51175 UDP/TLS/RTP/SAVPF", "m=audio 51175 RTP/SAVPF")),
        RuleCase(.oaTransportMuxDeclined, Pairs.chromeFirefox, broken: .answer("a=rtcp-mux\na=rtpmap:111", "a=x-rtcp-mux\na=rtpmap:111")),
        RuleCase(.oaTransportMuxOnlyDeclined, Pairs.webrtcbinFirefoxH264, broken: .answer("a=rtcp-mux\n", "a=x-rtcp-mux\n")),
        // data channels
        RuleCase(.oaDataChannelFormat, Pairs.dataChannel, broken: .answer("UDP/DTLS/SCTP webrtc-datachannel", "DTLS/SCTP 5000")
            .then(.answer("a=sctp-port:5000", "a=sctpmap:5000 webrtc-datachannel 1024"))),
        RuleCase(.oaDataChannelMessageSize, Pairs.dataChannel, broken: .answer("a=max-message-size:262144", "a=max-message-size:1024")),
        // codecs
        RuleCase(.oaCodecNoCommon, Pairs.chromeFirefox, broken: .answer("UDP/TLS/RTP/SAVPF 111 9 0 8 126", "UDP/TLS/RTP/SAVPF 126")),
        RuleCase(.oaCodecNotOffered, Pairs.chromeFirefox, broken: .answer("111 9 0 8 126", "111 9 0 8 126 35")
            .then(.answer("a=rtpmap:126 telephone-event/8000", "a=rtpmap:126 telephone-event/8000\na=rtpmap:35 L16/8000"))),
        RuleCase(.oaCodecPayloadTypeMeaning, Pairs.chromeFirefox, broken: .answer("a=rtpmap:9 G722/8000/1", "a=rtpmap:9 L16/8000/1")),
        RuleCase(.oaCodecPayloadTypeRenumbered, Pairs.chromeFirefox, broken: .answer("UDP/TLS/RTP/SAVPF 111 9", "UDP/TLS/RTP/SAVPF 112 9")
            .then(.answer("a=rtpmap:111 opus/48000/2", "a=rtpmap:112 opus/48000/2"))),
        RuleCase(.oaCodecH264PacketizationMode, Pairs.h264, broken: .answer(
            "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1", "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0")),
        RuleCase(.oaCodecH264Profile, Pairs.h264, broken: .answer("profile-level-id=42001f", "profile-level-id=4d001f")),
        RuleCase(.oaCodecH264Level, Pairs.h264, broken: .answer(
            "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", "a=fmtp:102 packetization-mode=1;profile-level-id=42002a")),
        RuleCase(.oaCodecH264DefaultProfile, Pairs.h264, broken: .answer(
            "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1")),
        RuleCase(.oaCodecVP9Profile, Pairs.chromeFirefox, broken: .answer("a=fmtp:98 max-fs=12288;max-fr=60", "a=fmtp:98 max-fs=12288;max-fr=60;profile-id=2")),
        RuleCase(.oaCodecAV1Profile, Pairs.chromeFirefox, broken: .answer("a=rtpmap:45 AV1/90000", "a=rtpmap:45 AV1/90000\na=fmtp:45 profile=1")),
        RuleCase(.oaCodecRTXAssociation, Pairs.chromeFirefox, broken: .answer("a=fmtp:97 apt=96", "a=fmtp:97 apt=98")),
        RuleCase(.oaCodecRedundancy, Pairs.chromeFirefox, broken: .answer("111 9 0 8 126", "111 9 0 8 126 63")
            .then(.answer("a=rtpmap:126 telephone-event/8000", "a=rtpmap:126 telephone-event/8000\na=rtpmap:63 red/48000/2\na=fmtp:63 110/110"))),
        RuleCase(.oaCodecTelephoneEventClock, Pairs.chromeFirefox, fixed: .answer("111 9 0 8 126", "111 9 0 8 126 110")
            .then(.answer("a=rtpmap:126 telephone-event/8000", "a=rtpmap:126 telephone-event/8000\na=rtpmap:110 telephone-event/48000"))),
        RuleCase(.oaCodecOpusChannels, Pairs.chromeFirefox, broken: .answer("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 OPUS/48000")),
        // header extensions
        RuleCase(.oaExtmapIDChanged, Pairs.chromeFirefox, broken: .answer("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:7 urn:ietf:params:rtp-hdrext:ssrc-audio-level")),
        RuleCase(.oaExtmapNotOffered, Pairs.chromeFirefox, broken: .answer("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\na=extmap:9 urn:ietf:params:rtp-hdrext:toffset")),
        RuleCase(.oaExtmapDirection, Pairs.chromeFirefox, broken: .offer("a=extmap:5 http", "a=extmap:5/recvonly http")),
        RuleCase(.oaExtmapTwoByte, Pairs.chromeFirefox, broken: .offer("a=extmap:14 urn", "a=extmap:16 urn")
            .then(.answer("a=extmap:14 urn", "a=extmap:16 urn")).then(.answer("a=extmap-allow-mixed", "a=x-extmap-allow-mixed", all: true))),
        // simulcast
        RuleCase(.oaSimulcastDirection, Pairs.simulcast, broken: .answer("a=mid:1", "a=mid:1\na=rid:h send\na=simulcast:send h")),
        RuleCase(.oaSimulcastUnknownRID, Pairs.simulcast, broken: .answer("a=mid:1", "a=mid:1\na=rid:x recv\na=simulcast:recv x")),
        RuleCase(.oaSimulcastDeclined, Pairs.simulcast, fixed: .answer("a=mid:1", "a=mid:1\na=rid:h recv\na=rid:m recv\na=rid:l recv\na=simulcast:recv h;m;l")),
        RuleCase(.oaSimulcastRIDPayloadType, Pairs.simulcast, broken: .answer("a=mid:1", "a=mid:1\na=rid:h recv pt=35\na=simulcast:recv h")),
        // SSRCs
        RuleCase(.oaSSRCGroupUndeclared, Pairs.chromeFirefox, broken: .answer("a=ssrc-group:FID 101067622 2909676082", "a=ssrc-group:FID 101067622 2909676083")),
        RuleCase(.oaSSRCNoRTXGroup, Pairs.chromeFirefox, broken: .answer("a=ssrc-group:FID", "a=ssrc-group:SIM")),
    ]
}

@Suite("Offer/answer rules: each fires on a minimal edit of a real corpus pair, not on the pair itself")
struct RuleCaseTests {
    @Test("the rule fires on the broken pair and not on the working one", arguments: RuleCase.all)
    func fires(_ c: RuleCase) throws {
        let base = try FixturePair(c.fixture)
        let passing = try #require(c.fixed.map { base.applying($0) } ?? base, "fix edit does not apply: \(c.fixed?.description ?? "")")
        let failing = try #require(c.broken.map { base.applying($0) } ?? base, "break edit does not apply: \(c.broken?.description ?? "")")
        let good = try passing.findings().filter { $0.rule == c.rule }
        #expect(good.isEmpty, "\(c.rule.id) fires on the working pair: \(good.map(\.message))")
        let bad = try failing.findings().filter { $0.rule == c.rule }
        #expect(!bad.isEmpty, "\(c.rule.id) does not fire on the broken pair")
        if let severity = c.severity ?? Optional(c.rule.severity) {
            #expect(bad.allSatisfy { $0.severity == severity }, "\(bad.map(\.severity))")
        }
        // Every finding is located in one of the two inputs.
        #expect(bad.allSatisfy { !$0.locations.isEmpty })
    }

    @Test("every OA- rule of the catalogue is in the rule table and has a case above")
    func catalogueCovered() {
        let catalogued = Set(Rule.catalogue.filter { $0.id.hasPrefix("OA-") }.map(\.id))
        let tabled = Set(PairRule.all.map(\.rule.id))
        let tested = Set(RuleCase.all.map(\.rule.id))
        #expect(catalogued == tabled, "catalogue vs table: \(catalogued.symmetricDifference(tabled).sorted())")
        #expect(catalogued.subtracting(tested).isEmpty, "rules without a test case: \(catalogued.subtracting(tested).sorted())")
        #expect(catalogued.count >= 60)
    }
}
