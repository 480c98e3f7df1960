import Testing
import Foundation
import Diagnostics
@testable import SDP

/// The lint screen (`LintScreen`) lets `Linter.lint` skip the rule table when it proves
/// that no rule fires. These tests hold it to that: on real descriptions, on every rule's
/// firing case and on systematically damaged corpus descriptions, `Linter.lint` must
/// return exactly what running every rule returns, and a description the screen passes
/// must have no rule findings.
@Suite("Lint screen")
struct LintScreenTests {
    static let corpus = RealSDP.corpusFiles()

    /// Checks one description both ways; returns whether the screen passed it.
    @discardableResult
    static func agree(_ text: [UInt8], _ what: String) throws -> Bool {
        let description = try SessionDescription.parse(text, source: "screen.sdp")
        let everyRule = Linter.lintWithEveryRule(description)
        let clean = LintScreen.provesClean(description)
        if clean {
            let ruleFindings = everyRule.filter { f in !description.parseFindings.contains(f) }
            #expect(ruleFindings.isEmpty, "\(what): screened clean but \(ruleFindings.map { "\($0.id): \($0.message)" })")
        }
        #expect(Linter.lint(description) == everyRule, "\(what): lint differs from the full rule table")
        return clean
    }

    @Test("every corpus description: same findings with and without the screen, and most are screened")
    func corpusAgrees() throws {
        var screened = 0
        for url in Self.corpus {
            let bytes = Array(try Data(contentsOf: url))
            if try Self.agree(bytes, url.lastPathComponent) { screened += 1 }
        }
        #expect(Self.corpus.count >= 10)
        // Real descriptions are mostly clean: the screen is what makes lint fast on them.
        #expect(screened * 10 >= Self.corpus.count * 9, "only \(screened) of \(Self.corpus.count) screened clean")
    }

    @Test("no rule case is screened clean", arguments: LintRuleTests.cases)
    func ruleCases(_ ruleCase: RuleCase) throws {
        var text = String(decoding: try RealSDP.fixture(ruleCase.fixture), as: UTF8.self)
        for edit in ruleCase.edits { text = try edit.apply(to: text) }
        let clean = try Self.agree(Array(text.utf8), ruleCase.testDescription)
        #expect(!clean, "\(ruleCase.id) fires but the screen passed the description")
    }

    @Test("legitimate variations agree", arguments: LintRuleTests.silentCases)
    func silentCases(_ silentCase: SilentCase) throws {
        var text = String(decoding: try RealSDP.fixture(silentCase.fixture), as: UTF8.self)
        for edit in silentCase.edits { text = try edit.apply(to: text) }
        try Self.agree(Array(text.utf8), silentCase.testDescription)
    }

    @Test("attribute names are classified exactly (case, length and every known name)")
    func attributeKinds() {
        let known: [(String, AttributeKind)] = [
            ("rtpmap", .rtpmap), ("fmtp", .fmtp), ("rtcp-fb", .rtcpFeedback), ("extmap", .extmap),
            ("extmap-allow-mixed", .extmapAllowMixed), ("ssrc", .ssrc), ("ssrc-group", .ssrcGroup), ("msid", .msid),
            ("msid-semantic", .msidSemantic), ("mid", .mid), ("group", .group), ("bundle-only", .bundleOnly),
            ("ice-ufrag", .iceUfrag), ("ice-pwd", .icePwd), ("ice-options", .iceOptions), ("ice-lite", .iceLite),
            ("candidate", .candidate), ("end-of-candidates", .endOfCandidates), ("fingerprint", .fingerprint),
            ("setup", .setup), ("sendrecv", .direction), ("sendonly", .direction), ("recvonly", .direction),
            ("inactive", .direction), ("rtcp", .rtcp), ("rtcp-mux", .rtcpMux), ("rtcp-mux-only", .rtcpMuxOnly),
            ("rtcp-rsize", .rtcpRsize), ("rid", .rid), ("simulcast", .simulcast), ("sctp-port", .sctpPort),
            ("sctpmap", .sctpmap), ("max-message-size", .maxMessageSize), ("framerate", .framerate), ("rtcp-xr", .rtcpXR),
        ]
        for (name, kind) in known {
            let bytes = Array(name.utf8)
            #expect(AttributeKind(bytes, 0..<bytes.count) == kind, "\(name)")
            let secondChanged: String = String(name.prefix(1)) + "?" + String(name.dropFirst(2))
            let penultimateChanged: String = String(name.dropLast(2)) + "?" + String(name.suffix(1))
            let variants: [String] = [name.uppercased(), name + "x", "x" + name, String(name.dropLast()), String(name.dropFirst()),
                                      secondChanged, penultimateChanged]
            for variant in variants {
                let v = Array(variant.utf8)
                #expect(AttributeKind(v, 0..<v.count) == (known.first { $0.0 == variant }?.1 ?? .other), "\(variant)")
            }
        }
    }

    /// Damaged versions of one description: each line deleted, duplicated, moved to the
    /// end, its last byte changed, its value cut in half, a field doubled, a digit added.
    static func mutations(of text: String) -> [(String, String)] {
        let ending = text.contains("\r\n") ? "\r\n" : "\n"
        let lines = text.components(separatedBy: ending)
        var result: [(String, String)] = []
        func joined(_ l: [String]) -> String { l.joined(separator: ending) }
        for i in lines.indices where !lines[i].isEmpty {
            let line = lines[i]
            var l = lines
            l.remove(at: i)
            result.append(("delete line \(i + 1)", joined(l)))
            l = lines
            l.insert(line, at: i)
            result.append(("duplicate line \(i + 1)", joined(l)))
            l = lines
            l.remove(at: i)
            l.insert(line, at: max(0, l.count - 1))
            result.append(("move line \(i + 1) to the end", joined(l)))
            var last = Array(line.utf8)
            if let b = last.last {
                last[last.count - 1] = b == UInt8(ascii: "1") ? UInt8(ascii: "7") : (SDPBytes.isDigit(b) ? UInt8(ascii: "1") : UInt8(ascii: "X"))
                l = lines
                l[i] = String(decoding: last, as: UTF8.self)
                result.append(("change the last byte of line \(i + 1)", joined(l)))
            }
            if line.count > 4 {
                l = lines
                l[i] = String(line.prefix(2 + (line.count - 2) / 2))
                result.append(("cut line \(i + 1)", joined(l)))
            }
            if let space = line.firstIndex(of: " ") {
                l = lines
                let field = line[line.index(after: space)...].prefix { $0 != " " }
                l[i] = line + " " + field
                result.append(("repeat the second field of line \(i + 1)", joined(l)))
            }
            if let digit = line.firstIndex(where: \.isNumber) {
                l = lines
                var changed = line
                changed.insert("9", at: digit)
                l[i] = changed
                result.append(("add a digit to line \(i + 1)", joined(l)))
            }
        }
        return result
    }

    /// One description per producer and shape in the corpus (and the fixtures the rule
    /// cases start from).
    static let mutated: [String] = {
        var chosen: [String] = ["chromium-156-offer.sdp", "webrtcbin-audio-video.offer.sdp", "webrtcbin-datachannel.offer.sdp",
                                "firefox-153-simulcast.offer.sdp", "aiortc-1.16-audio-video.offer.sdp"]
            .map { RealSDP.fixturesDirectory.appendingPathComponent($0).path }
        var producers = Set<String>()
        for url in corpus {
            let producer = url.deletingLastPathComponent().lastPathComponent
            if producers.insert(producer).inserted { chosen.append(url.path) }
        }
        return chosen
    }()

    @Test("damaged corpus descriptions: the screen never hides a finding", arguments: mutated)
    func damaged(_ path: String) throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        for (what, mutated) in Self.mutations(of: text) {
            guard let description = try? SessionDescription.parse(mutated, source: "m.sdp") else { continue }
            let everyRule = Linter.lintWithEveryRule(description)
            if LintScreen.provesClean(description) {
                let ruleFindings = everyRule.filter { f in !description.parseFindings.contains(f) }
                #expect(ruleFindings.isEmpty, "\(path): \(what): screened clean but \(ruleFindings.map { "\($0.id): \($0.message)" })")
            }
        }
    }
}

