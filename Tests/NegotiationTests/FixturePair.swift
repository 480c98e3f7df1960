import Diagnostics
import Foundation
import Negotiation
import SDP

/// A real offer/answer pair copied from `Corpus/pairs/<offerer>-<answerer>/<scenario>.*.sdp`
/// into `Fixtures/` (named `<offerer>-<answerer>.<scenario>.offer.sdp`), optionally with a
/// minimal text edit applied to one side.
struct FixturePair: Sendable {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    let name: String
    let offerText: String
    let answerText: String

    init(_ name: String) throws {
        self.name = name
        offerText = try String(contentsOf: Self.directory.appendingPathComponent("\(name).offer.sdp"), encoding: .utf8)
        answerText = try String(contentsOf: Self.directory.appendingPathComponent("\(name).answer.sdp"), encoding: .utf8)
    }

    private init(name: String, offerText: String, answerText: String) {
        (self.name, self.offerText, self.answerText) = (name, offerText, answerText)
    }

    /// The pair with `edit` applied; `nil` if the text to replace does not occur (so a
    /// case whose fixture changed fails loudly instead of testing the unedited pair).
    func applying(_ edit: Edit) -> FixturePair? {
        var offer = offerText, answer = answerText
        for step in edit.steps {
            let text = step.side == .offer ? offer : answer
            // Edits are written with "\n"; use the file's own line ending.
            let ending = text.contains("\r\n") ? "\r\n" : "\n"
            let find = step.find.replacingOccurrences(of: "\n", with: ending)
            let replace = step.replace.replacingOccurrences(of: "\n", with: ending)
            guard text.contains(find) else { return nil }
            let replaced = step.all ? text.replacingOccurrences(of: find, with: replace)
                : text.replacingFirst(find, with: replace)
            if step.side == .offer { offer = replaced } else { answer = replaced }
        }
        return FixturePair(name: name, offerText: offer, answerText: answer)
    }

    func offerAnswer() throws -> OfferAnswer {
        OfferAnswer(
            offer: try SessionDescription.parse(offerText, source: "\(name).offer.sdp"),
            answer: try SessionDescription.parse(answerText, source: "\(name).answer.sdp"))
    }

    func findings() throws -> [Finding] { try offerAnswer().check() }
}

/// A minimal edit of a real description: replace text on one side (first occurrence, or
/// every occurrence), possibly in several steps.
struct Edit: Sendable, CustomStringConvertible {
    struct Step: Sendable {
        let side: Side
        let find: String
        let replace: String
        let all: Bool
    }

    let steps: [Step]

    static func offer(_ find: String, _ replace: String, all: Bool = false) -> Edit {
        Edit(steps: [Step(side: .offer, find: find, replace: replace, all: all)])
    }

    static func answer(_ find: String, _ replace: String, all: Bool = false) -> Edit {
        Edit(steps: [Step(side: .answer, find: find, replace: replace, all: all)])
    }

    func then(_ next: Edit) -> Edit { Edit(steps: steps + next.steps) }

    var description: String {
        steps.map { "\($0.side.rawValue): '\($0.find.prefix(40))' → '\($0.replace.prefix(40))'" }.joined(separator: "; ")
    }
}

extension String {
    func replacingFirst(_ find: String, with replacement: String) -> String {
        guard let range = range(of: find) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
