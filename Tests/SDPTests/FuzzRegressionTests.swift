import Foundation
import Testing
import Diagnostics
@testable import SDP

/// Every input `scripts/fuzz sdp` found crashing stays here as a regression test: it must
/// go through what the fuzz target does (parse, lint, anonymise, serialise) without trapping.
@Suite("Fuzz regressions (SDP)")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-regressions")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test("the regression inputs exist")
    func present() {
        #expect(Self.inputs.count >= 2)
    }

    @Test("parse, lint, anonymise and serialise without trapping", arguments: inputs)
    func replay(name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let description = try SessionDescription.parse(bytes, source: name)
        #expect(description.serialized() == bytes)
        _ = Linter.lint(description)
        var anonymizer = Anonymizer()
        let masked = try anonymizer.anonymize(description)
        // Anonymising keeps the line structure: same number of lines, only values changed.
        #expect(masked.lines.count == description.lines.count)
    }
}
