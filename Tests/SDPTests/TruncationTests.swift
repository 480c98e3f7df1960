import Foundation
import Testing
import Diagnostics
@testable import SDP

/// A real description cut at every byte never crashes parse or lint: each prefix is either
/// usable (and then lints) or refused with a located InputError.
@Suite("Truncation at every byte of a real SDP")
struct TruncationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every prefix of a real Chromium offer parses, lints, or is refused with a location")
    func everyPrefix() throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent("Corpus/pairs/chromium-webrtcbin/audio-video.offer.sdp")))
        var usable = 0, refused = 0
        for cut in 0...bytes.count {
            let prefix = Array(bytes[0..<cut])
            do {
                let description = try SessionDescription.parse(prefix, source: "cut.sdp")
                #expect(description.serialized() == prefix)
                _ = Linter.lint(description)
                usable += 1
            } catch {
                #expect(error.location.file == "cut.sdp")
                refused += 1
                // A cut inside a line is reported at that line.
                if case .text(_, let line, _, _) = error.location {
                    let lineOfCut = prefix.filter { $0 == 0x0A }.count + 1
                    #expect(line <= lineOfCut)
                }
            }
        }
        // Both outcomes really occur: cuts at line ends stay usable, cuts inside lines are refused.
        #expect(usable > 50)
        #expect(refused > 50)
    }
}
