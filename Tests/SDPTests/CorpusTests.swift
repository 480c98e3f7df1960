import Testing
import Foundation
import Diagnostics
@testable import SDP

/// The real corpus (`Corpus/`, SDPs from Chromium, Firefox, GStreamer webrtcbin and
/// aiortc that connected): lint must never call any of them an error.
@Suite("Corpus")
struct CorpusTests {
    static let files = RealSDP.corpusFiles()

    /// The `.sdp` paths `Corpus/manifest.json` lists (`nil` while the corpus has no manifest).
    static func manifestPaths() throws -> [String]? {
        let url = RealSDP.corpusDirectory.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        struct Manifest: Decodable { struct File: Decodable { var path: String }; var files: [File] }
        return try JSONDecoder().decode(Manifest.self, from: data).files.map(\.path).filter { $0.hasSuffix(".sdp") }
    }

    @Test("every SDP the manifest lists is there, and a generated corpus is not trivial")
    func corpusPresent() throws {
        guard let listed = try Self.manifestPaths() else { return }
        let found = Set(Self.files.map { $0.path.replacingOccurrences(of: RealSDP.corpusDirectory.path + "/", with: "") })
        #expect(Set(listed).subtracting(found).sorted() == [], "listed in manifest.json but missing")
        if listed.count >= 10 || found.count >= 10 {
            #expect(found.count >= 10)
        }
    }

    @Test("every corpus SDP parses, round-trips byte-exact and lints without errors", arguments: files)
    func corpusFile(_ url: URL) throws {
        let bytes = Array(try Data(contentsOf: url))
        let name = url.path.replacingOccurrences(of: RealSDP.corpusDirectory.path + "/", with: "")
        let description = try SessionDescription.parse(bytes, source: name)
        #expect(description.serialized() == bytes)
        #expect(!description.media.isEmpty)
        let errors = Linter.lint(description).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.locations.first.map { "\($0)" } ?? ""): \($0.id) \($0.message)" })")
    }
}
