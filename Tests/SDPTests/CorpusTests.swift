import Testing
import Foundation
import Diagnostics
@testable import SDP

/// The real corpus (`Corpus/`, SDPs from Chromium, Firefox, GStreamer webrtcbin and
/// aiortc that connected): lint must never call any of them an error.
@Suite("Corpus")
struct CorpusTests {
    static let files = RealSDP.corpusFiles()

    /// The `.sdp` paths `Corpus/manifest.json` lists (`nil` when there is no manifest).
    static func manifestPaths() throws -> [String]? {
        let url = RealSDP.corpusDirectory.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        struct Manifest: Decodable { struct File: Decodable { var path: String }; var files: [File] }
        return try JSONDecoder().decode(Manifest.self, from: data).files.map(\.path).filter { $0.hasSuffix(".sdp") }
    }

    @Test("the corpus is there, not trivial, and every SDP its manifest lists exists")
    func corpusPresent() throws {
        #expect(Self.files.count >= 10, "found \(Self.files.count) .sdp files under \(RealSDP.corpusDirectory.path)")
        let listed = try #require(try Self.manifestPaths(), "Corpus/manifest.json is missing")
        let found = Set(Self.files.map { $0.path.replacingOccurrences(of: RealSDP.corpusDirectory.path + "/", with: "") })
        let missing = Set(listed).subtracting(found).sorted()
        #expect(missing.isEmpty, "\(missing.count) files listed in manifest.json are missing, e.g. \(missing.prefix(3))")
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
