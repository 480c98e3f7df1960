import Foundation
import ReportTestSupport
import Testing

/// `sdpcheck --format html` end to end, and scripts/render-check (headless Chromium in
/// `unshare -n`, installed by scripts/setup) on its output.
@Suite("HTMLReport: sdpcheck --format html rendered in Chromium", .serialized)
struct RenderCheckTests {
    static let failedPair = ("Corpus/pairs/webrtcbin-aiortc/bundle-none.offer.sdp", "Corpus/pairs/webrtcbin-aiortc/bundle-none.answer.sdp")
    static let connectedPair = ("Corpus/pairs/chromium-firefox/audio-video.offer.sdp", "Corpus/pairs/chromium-firefox/audio-video.answer.sdp")

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)-\(name)")
    }

    @Test("sdpcheck --format html: verdict and exit status as in JSON, well-formed, renders non-blank without console errors",
          arguments: [failedPair, connectedPair])
    func sdpcheckHTML(pair: (String, String)) throws {
        let html = try Support.run(Support.product("sdpcheck"), ["--format", "html", pair.0, pair.1])
        let json = try Support.run(Support.product("sdpcheck"), ["--format", "json", pair.0, pair.1])
        #expect(html.status == json.status)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let verdict = try #require(document?["verdict"] as? String)
        let doc = try #require(XMLCheck.parse(html.stdout), "not well-formed")
        #expect(doc.all("span").contains { $0.attributes["data-verdict"] == verdict })
        let ids = (document?["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(doc.all("div", class: "finding").count >= ids.count)
        for id in ids { #expect(doc.all("div", class: "finding").contains { $0.attributes["data-finding"] == id }) }

        #expect(Support.chromiumInstalled, "chromium is needed (scripts/setup installs it)")
        let png = Self.temporary("sdpcheck.png")
        defer { try? FileManager.default.removeItem(at: png) }
        let check = try Support.renderCheck(html: html.stdout, png: png)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(FileManager.default.fileExists(atPath: png.path))
    }

    @Test("render-check fails on a blank page, an invalid SVG, a script and an external resource")
    func renderCheckCanFail() throws {
        #expect(Support.chromiumInstalled, "chromium is needed (scripts/setup installs it)")
        let ink = "<p style=\"height:300px;background:#ccc\">text</p>"
        let pages = [
            "blank": "<!DOCTYPE html><html><body></body></html>",
            "invalid-svg": "<!DOCTYPE html><html><body>\(ink)<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M 1 x\"/></svg></body></html>",
            "script": "<!DOCTYPE html><html><body>\(ink)<script>document.title='x'</script></body></html>",
            "external": "<!DOCTYPE html><html><body>\(ink)<img src=\"http://127.0.0.1:9/x.png\"/></body></html>",
        ]
        for (name, page) in pages.sorted(by: { $0.key < $1.key }) {
            let png = Self.temporary("\(name).png")
            defer { try? FileManager.default.removeItem(at: png) }
            let check = try Support.renderCheck(html: page, png: png)
            #expect(check.status == 1, "\(name): \(check.stdout)\(check.stderr)")
        }
    }
}
