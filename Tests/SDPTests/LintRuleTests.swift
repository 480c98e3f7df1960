import Testing
import Foundation
import Diagnostics
@testable import SDP

/// One rule's bad case: a minimal edit of a real description, the line the finding must
/// be on and the exact field it must underline.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let id: String
    let fixture: String
    let edits: [Edit]
    /// The flagged line starts with this.
    let line: String
    /// The underlined bytes are exactly this.
    let field: String
    /// How many findings of the rule the edit causes.
    let count: Int
    /// The expected severity when the check lowers the rule's default (with a reason).
    let severity: Severity?

    init(_ id: String, _ fixture: String, _ edits: [Edit], line: String, field: String, count: Int = 1, severity: Severity? = nil) {
        self.id = id
        self.fixture = fixture
        self.edits = edits
        self.line = line
        self.field = field
        self.count = count
        self.severity = severity
    }

    var testDescription: String { "\(id) on \(fixture): \(edits.map(\.description).joined(separator: "; "))" }
}

/// A legitimate edit of a real description and the rules that must not fire on it.
struct SilentCase: Sendable, CustomTestStringConvertible {
    let what: String
    let fixture: String
    let edits: [Edit]
    let silent: [String]

    init(_ what: String, _ fixture: String, _ edits: [Edit], silent: [String]) {
        self.what = what
        self.fixture = fixture
        self.edits = edits
        self.silent = silent
    }

    var testDescription: String { "\(what) (\(fixture))" }
}

/// Real descriptions used as the base of the bad cases (copied from `Corpus/`).
enum Base {
    static let webrtcbinAV = "webrtcbin-audio-video.offer.sdp"
    static let webrtcbinDC = "webrtcbin-datachannel.offer.sdp"
    /// Chromium 156 `createOffer()` with audio, video and a data channel (headless, in a
    /// network namespace with only loopback, so without candidates).
    static let chromium = "chromium-156-offer.sdp"
    /// From `Corpus/pairs/chromium-chromium/simulcast.offer.sdp` (rid/simulcast, candidates).
    static let chromiumSimulcast = "chromium-156-simulcast.offer.sdp"
    /// From `Corpus/pairs/firefox-chromium/simulcast.offer.sdp` (session-level fingerprint).
    static let firefoxSimulcast = "firefox-153-simulcast.offer.sdp"
    /// From `Corpus/pairs/aiortc-aiortc/audio-video.offer.sdp`.
    static let aiortc = "aiortc-1.16-audio-video.offer.sdp"
}

@Suite("Lint rules on minimal edits of real SDPs")
struct LintRuleTests {
    static let av = Base.webrtcbinAV
    static let dc = Base.webrtcbinDC
    static let chrome = Base.chromium
    static let chromeSim = Base.chromiumSimulcast
    static let firefox = Base.firefoxSimulcast
    static let aiortc = Base.aiortc
    static let fingerprintAV = "a=fingerprint:sha-256 A1:02:25:75:34:A6:E9:DF:AC:84:42:AF:66:DB:C2:4C:44:91:52:15:5D:E3:88:38:38:0C:1B:E0:41:0C:E0:82"

    static let cases: [RuleCase] = [
        // SYNTAX
        RuleCase("SDP-SYNTAX-001", av, [.insert("this line was wrapped", after: "a=rtcp-rsize")], line: "this line was wrapped", field: "this line was wrapped"),
        RuleCase("SDP-SYNTAX-002", av, [.insert("", after: "a=rtcp-rsize")], line: "", field: ""),
        RuleCase("SDP-SYNTAX-003", av, [.replace("a=mid:audio0", with: "a=mid:audio0 ")], line: "a=mid:audio0", field: " "),
        RuleCase("SDP-SYNTAX-004", av, [.replace("t=0 0\r\na=ice-options:trickle\r\n", with: "a=ice-options:trickle\r\nt=0 0\r\n")], line: "t=0 0", field: "t"),
        RuleCase("SDP-SYNTAX-005", av, [.replace("v=0", with: "v=1")], line: "v=1", field: "1"),
        RuleCase("SDP-SYNTAX-006", av, [.deleteLine("s=-")], line: "v=0", field: "v"),
        RuleCase("SDP-SYNTAX-007", av, [.replace("t=0 0", with: "t=0")], line: "t=0", field: "0"),
        RuleCase("SDP-SYNTAX-008", av, [.replace("43406 typ host", with: "43406 host")], line: "a=candidate:1 1 UDP", field: "1 1 UDP 2015363327 10.250.0.1 43406 host"),
        // MLINE
        RuleCase("SDP-MLINE-001", av, [.replace("m=audio 9 ", with: "m=audio ")], line: "m=audio", field: "audio UDP/TLS/RTP/SAVPF 111"),
        RuleCase("SDP-MLINE-002", av, [.deleteLine("c=IN IP4 0.0.0.0")], line: "m=audio", field: "audio"),
        RuleCase("SDP-MLINE-003", av, [.replace("SAVPF 111", with: "SAVPF 111 111")], line: "m=audio", field: "111"),
        // CODEC
        RuleCase("SDP-CODEC-001", av, [.replace("SAVPF 96", with: "SAVPF 96 128")], line: "m=video", field: "128"),
        RuleCase("SDP-CODEC-002", av, [.replace("SAVPF 96", with: "SAVPF 80"), .replace("a=rtpmap:96", with: "a=rtpmap:80")], line: "m=video", field: "80"),
        RuleCase("SDP-CODEC-003", av, [.replace("SAVPF 96", with: "SAVPF 96 97")], line: "m=video", field: "97"),
        RuleCase("SDP-CODEC-004", av, [.insert("a=rtpmap:98 VP9/90000", after: "a=rtpmap:96 VP8/90000")], line: "a=rtpmap:98", field: "98"),
        RuleCase("SDP-CODEC-005", av, [.insert("a=fmtp:98 profile-id=0", after: "a=rtpmap:96 VP8/90000")], line: "a=fmtp:98", field: "98"),
        RuleCase("SDP-CODEC-006", av, [.replace("a=rtcp-fb:96 ccm fir", with: "a=rtcp-fb:97 ccm fir")], line: "a=rtcp-fb:97", field: "97"),
        RuleCase("SDP-CODEC-007", chrome, [.replace("a=fmtp:97 apt=96", with: "a=fmtp:97 apt=95")], line: "a=fmtp:97", field: "95"),
        RuleCase("SDP-CODEC-008", av, [.replace("OPUS/48000", with: "OPUS/44100")], line: "a=rtpmap:111", field: "44100"),
        RuleCase("SDP-CODEC-009", chrome, [.replace("a=rtpmap:111 opus/48000/2", with: "a=rtpmap:111 opus/48000")], line: "a=rtpmap:111", field: "opus/48000"),
        RuleCase("SDP-CODEC-010", av, [.insert("a=rtpmap:96 VP9/90000", after: "a=rtpmap:96 VP8/90000")], line: "a=rtpmap:96 VP9", field: "96"),
        RuleCase("SDP-CODEC-011", chrome, [.replace("profile-level-id=42001f", with: "profile-level-id=42001")], line: "a=fmtp:102", field: "42001"),
        RuleCase("SDP-CODEC-012", chrome, [.replace("a=fmtp:63 111/111", with: "a=fmtp:63 111/112")], line: "a=fmtp:63", field: "112"),
        // DTLS
        RuleCase("SDP-DTLS-001", firefox, [.deleteLineStarting("a=fingerprint:sha-256")], line: "m=audio", field: "UDP/TLS/RTP/SAVPF", count: 2),
        RuleCase("SDP-DTLS-002", av, [.replace("a=fingerprint:sha-256", with: "a=fingerprint:sha-257")], line: "a=fingerprint:sha-257", field: "sha-257"),
        RuleCase("SDP-DTLS-003", aiortc, [.replace("a=fingerprint:sha-256 42:81:2F:11:8D:63:35:7A:7C:89:1B:1A:B1:2E:5E:3D:80:55:3C:CB:D1:61:D3:8B:18:A0:8C:CE:A3:85:E5:36",
                                                    with: "a=fingerprint:sha-1 42:81:2F:11:8D:63:35:7A:7C:89:1B:1A:B1:2E:5E:3D:80:55:3C:CB")], line: "a=fingerprint:sha-1", field: "sha-1"),
        RuleCase("SDP-DTLS-004", av, [.replace(":E0:82\r\na=rtcp-mux-only", with: ":E0\r\na=rtcp-mux-only")], line: "a=fingerprint", field: String(fingerprintAV.dropFirst("a=fingerprint:sha-256 ".count).dropLast(3))),
        RuleCase("SDP-DTLS-005", av, [.replace("a=setup:actpass", with: "a=setup:actpas")], line: "a=setup:actpas", field: "actpas"),
        RuleCase("SDP-DTLS-006", av, [.deleteLine("a=setup:actpass")], line: "m=audio", field: "UDP/TLS/RTP/SAVPF"),
        // ICE
        RuleCase("SDP-ICE-001", av, [.deleteLineStarting("a=ice-pwd:")], line: "m=audio", field: "audio"),
        RuleCase("SDP-ICE-002", av, [.replace("a=ice-ufrag:ziu1GxrScAHDXhYfsMBq6PGU8NPdeR0/", with: "a=ice-ufrag:ziu")], line: "a=ice-ufrag:ziu", field: "ziu"),
        RuleCase("SDP-ICE-003", av, [.replace("a=ice-pwd:yeM+oOrzDxpKAVRWC9n5io1/lUCT7XLb", with: "a=ice-pwd:yeM+oOrzDxpKAVRWC9n5")], line: "a=ice-pwd:", field: "yeM+oOrzDxpKAVRWC9n5"),
        RuleCase("SDP-ICE-004", av, [.replace("a=ice-ufrag:ziu1G", with: "a=ice-ufrag:ziu_G")], line: "a=ice-ufrag:ziu_G", field: "_"),
        RuleCase("SDP-ICE-005", av, [.insert("a=ice-lite", after: "a=mid:audio0")], line: "a=ice-lite", field: "ice-lite"),
        RuleCase("SDP-ICE-006", chromeSim, [.replace("10.250.0.1 36911", with: "0f6e4e9b-5c7a-4d5e-9f1a-2b3c4d5e6f70.local 36911")], line: "a=candidate:1615657136", field: "0f6e4e9b-5c7a-4d5e-9f1a-2b3c4d5e6f70.local"),
        RuleCase("SDP-ICE-007", av, [.replace("43406 typ host", with: "43406 typ host ufrag Zq9x")], line: "a=candidate", field: "Zq9x"),
        // BUNDLE
        RuleCase("SDP-BUNDLE-001", av, [.replace("a=mid:video1", with: "a=mid:audio0")], line: "a=mid:audio0", field: "audio0"),
        RuleCase("SDP-BUNDLE-002", av, [.replace("a=group:BUNDLE audio0 video1", with: "a=group:BUNDLE audio0 video2")], line: "a=group:BUNDLE", field: "video2"),
        RuleCase("SDP-BUNDLE-003", av, [.replace("a=group:BUNDLE audio0 video1", with: "a=group:BUNDLE audio0")], line: "a=bundle-only", field: "bundle-only"),
        RuleCase("SDP-BUNDLE-003", av, [.replace("a=group:BUNDLE audio0 video1", with: "a=group:BUNDLE audio0"), .replace("m=video 0 ", with: "m=video 9 ")],
                 line: "a=bundle-only", field: "bundle-only", severity: .info),
        RuleCase("SDP-BUNDLE-004", av, [.insert("a=group:BUNDLE video1", after: "a=group:BUNDLE audio0 video1")], line: "a=group:BUNDLE video1", field: "video1"),
        RuleCase("SDP-BUNDLE-005", av, [.deleteLine("a=mid:audio0")], line: "m=audio", field: "audio"),
        // DIRECTION
        RuleCase("SDP-DIRECTION-001", av, [.insert("a=recvonly", after: "a=sendrecv")], line: "a=recvonly", field: "recvonly"),
        // EXTMAP
        RuleCase("SDP-EXTMAP-001", chrome, [.replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", with: "a=extmap:0 urn:ietf:params:rtp-hdrext:ssrc-audio-level")], line: "a=extmap:0", field: "0"),
        RuleCase("SDP-EXTMAP-002", chrome, [.deleteLine("a=extmap-allow-mixed"), .replace("a=extmap:14 urn:ietf:params:rtp-hdrext:toffset", with: "a=extmap:15 urn:ietf:params:rtp-hdrext:toffset")], line: "a=extmap:15", field: "15"),
        RuleCase("SDP-EXTMAP-003", chrome, [.replace("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", with: "a=extmap:1 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time")], line: "a=extmap:1 http", field: "1"),
        RuleCase("SDP-EXTMAP-004", chrome, [.replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", with: "a=extmap:4 urn:ietf:params:rtp-hdrext:ssrc-audio-level")], line: "a=extmap:4", field: "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
        RuleCase("SDP-EXTMAP-005", chrome, [.replace("a=extmap:14 urn:ietf:params:rtp-hdrext:toffset", with: "a=extmap:1 urn:ietf:params:rtp-hdrext:toffset")], line: "a=extmap:1 urn:ietf:params:rtp-hdrext:toffset", field: "1"),
        // SIMULCAST
        RuleCase("SDP-SIMULCAST-001", chromeSim, [.replace("a=simulcast:send h;m;l", with: "a=simulcast:send h;m;x")], line: "a=simulcast", field: "x"),
        RuleCase("SDP-SIMULCAST-002", firefox, [.replace("a=rid:h send", with: "a=rid:h send pt=35")], line: "a=rid:h", field: "35"),
        RuleCase("SDP-SIMULCAST-003", chromeSim, [.replace("a=rid:l send", with: "a=rid:m send")], line: "a=rid:m", field: "m"),
        // DATACHANNEL
        RuleCase("SDP-DATACHANNEL-001", dc, [.insert("a=sctpmap:5000 webrtc-datachannel 1024", after: "a=sctp-port:5000")], line: "a=sctpmap", field: "sctpmap"),
        RuleCase("SDP-DATACHANNEL-002", dc, [.replace("UDP/DTLS/SCTP webrtc-datachannel", with: "DTLS/SCTP 5000"), .replace("a=sctp-port:5000", with: "a=sctpmap:5000 webrtc-datachannel 1024")], line: "m=application", field: "DTLS/SCTP"),
        RuleCase("SDP-DATACHANNEL-003", dc, [.replace("a=sctp-port:5000", with: "a=sctp-port:50000000")], line: "a=sctp-port", field: "50000000"),
        RuleCase("SDP-DATACHANNEL-004", dc, [.replace("SCTP webrtc-datachannel", with: "SCTP 5000")], line: "m=application", field: "5000"),
        // TRANSPORT
        RuleCase("SDP-TRANSPORT-001", av, [.deleteLine("a=rtcp-mux")], line: "m=audio", field: "UDP/TLS/RTP/SAVPF"),
        RuleCase("SDP-TRANSPORT-002", av, [.deleteLine("a=rtcp-mux")], line: "a=rtcp-mux-only", field: "rtcp-mux-only"),
        RuleCase("SDP-TRANSPORT-003", av, [.replace("m=audio 9 UDP/TLS/RTP/SAVPF", with: "m=audio 9 RTP/AVP")], line: "m=audio", field: "RTP/AVP"),
        RuleCase("SDP-TRANSPORT-004", av, [.replace("c=IN IP4 0.0.0.0", with: "c=IN IP6 0.0.0.0")], line: "c=IN IP6", field: "IP6"),
        // SSRC
        RuleCase("SDP-SSRC-001", chrome, [.replace("a=ssrc-group:FID 3597691798 854256441", with: "a=ssrc-group:FID 3597691798 854256442")], line: "a=ssrc-group", field: "854256442"),
        RuleCase("SDP-SSRC-002", chrome, [.replace("a=ssrc:3948940113 cname:", with: "a=ssrc:3597691798 cname:")], line: "a=ssrc:3597691798 cname", field: "3597691798"),
        RuleCase("SDP-SSRC-003", chrome, [.replace("a=ssrc-group:FID 3597691798 854256441", with: "a=ssrc-group:FID 3597691798")], line: "a=ssrc-group", field: "FID"),
    ]

    @Test("the rule fires exactly on the edited line and field, and not on the unedited SDP", arguments: cases)
    func fires(_ ruleCase: RuleCase) throws {
        let original = String(decoding: try RealSDP.fixture(ruleCase.fixture), as: UTF8.self)
        let baseline = Linter.lint(try SessionDescription.parse(original, source: ruleCase.fixture))
        #expect(!baseline.contains { $0.id == ruleCase.id }, "the unedited \(ruleCase.fixture) already has \(ruleCase.id)")

        var text = original
        for edit in ruleCase.edits { text = try edit.apply(to: text) }
        #expect(text != original)
        let edited = try SessionDescription.parse(text, source: "edited.sdp")
        let findings = Linter.lint(edited).filter { $0.id == ruleCase.id }
        #expect(findings.count == ruleCase.count, "\(findings.map(\.message))")
        guard let finding = findings.first, let location = finding.locations.first else { return }
        let (line, field) = try #require(edited.text(at: location))
        #expect(line.hasPrefix(ruleCase.line), "flagged line: \(line)")
        #expect(field == ruleCase.field, "underlined: \(field)")
        #expect(finding.hint?.isEmpty == false)
        #expect(finding.rule == Rule.named(ruleCase.id))
        #expect(finding.severity == (ruleCase.severity ?? finding.rule.severity))
    }

    /// Legitimate variations of real descriptions: the listed rules must stay silent.
    static let silentCases: [SilentCase] = [
        SilentCase("bundle-only section relying on the tagged section's transport attributes (RFC 8843 §7.1.3)", av,
                   ["a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:", "a=setup:", "a=rtcp-mux"].map { .deleteLineStartingAfter($0, after: "m=video 0 UDP/TLS/RTP/SAVPF 96") },
                   silent: ["SDP-ICE-001", "SDP-DTLS-001", "SDP-DTLS-006", "SDP-TRANSPORT-001"]),
        SilentCase("rejected section (port 0, not bundle-only) without ICE credentials", chrome,
                   [.replace("m=application 9 UDP/DTLS/SCTP", with: "m=application 0 UDP/DTLS/SCTP"),
                    .deleteLineStartingAfter("a=ice-ufrag:", after: "m=application 0 UDP/DTLS/SCTP webrtc-datachannel"),
                    .deleteLineStartingAfter("a=fingerprint:", after: "m=application 0 UDP/DTLS/SCTP webrtc-datachannel")],
                   silent: ["SDP-ICE-001", "SDP-DTLS-001"]),
        SilentCase("payload types 35–63 under rtcp-mux, as libwebrtc assigns them", chrome, [],
                   silent: ["SDP-CODEC-001", "SDP-CODEC-002", "SDP-CODEC-003"]),
        SilentCase("two-byte extmap id with a=extmap-allow-mixed at session level", chrome,
                   [.replace("a=extmap:14 urn:ietf:params:rtp-hdrext:toffset", with: "a=extmap:15 urn:ietf:params:rtp-hdrext:toffset")],
                   silent: ["SDP-EXTMAP-001", "SDP-EXTMAP-002"]),
        SilentCase("encoding names are case-insensitive", chrome, [.replace("opus/48000/2", with: "OPUS/48000/2")],
                   silent: ["SDP-CODEC-008", "SDP-CODEC-009"]),
        SilentCase("LF line endings (pasted from a console)", chrome, [.replaceAll("\r\n", with: "\n")],
                   silent: Rule.sdpRules.map(\.id)),
        SilentCase("session-level fingerprint applies to every section (Firefox)", firefox, [],
                   silent: ["SDP-DTLS-001"]),
    ]

    @Test("legitimate variations of real SDPs stay silent", arguments: silentCases)
    func silent(_ silentCase: SilentCase) throws {
        var text = String(decoding: try RealSDP.fixture(silentCase.fixture), as: UTF8.self)
        for edit in silentCase.edits { text = try edit.apply(to: text) }
        let findings = Linter.lint(try SessionDescription.parse(text, source: silentCase.fixture))
        let fired = findings.filter { silentCase.silent.contains($0.id) }
        #expect(fired.isEmpty, "\(fired.map { "\($0.id): \($0.message)" })")
    }

    @Test("every SDP rule in the catalogue has a firing case")
    func catalogueCovered() {
        let tested = Set(Self.cases.map(\.id))
        let catalogue = Set(Rule.catalogue.filter { $0.id.hasPrefix("SDP-") }.map(\.id))
        #expect(catalogue.subtracting(tested).sorted() == [], "rules without a firing test")
        #expect(tested.subtracting(catalogue).sorted() == [], "tested ids missing from the catalogue")
    }

    @Test("every catalogue SDP rule is reachable from lint (parser or table)")
    func tableMatchesCatalogue() {
        let table = Linter.rules.map(\.id)
        #expect(Set(table).count == table.count, "a rule is registered twice")
        #expect(Set(table) == Set(Rule.sdpRules.map(\.id)))
    }

    @Test("findings are sorted by line and column")
    func sorted() throws {
        let text = try Edit.replace("v=0", with: "v=1").apply(to: String(decoding: try RealSDP.fixture(Base.webrtcbinAV), as: UTF8.self))
        let edited = try Edit.deleteLine("a=setup:actpass").apply(to: text)
        let findings = Linter.lint(try SessionDescription.parse(edited, source: "e.sdp"))
        let keys = findings.compactMap { f -> [Int]? in
            guard case .text(_, let line, let column, _)? = f.locations.first else { return nil }
            return [line, column]
        }
        #expect(keys.count >= 2)
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
