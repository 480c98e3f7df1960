import Diagnostics
import SDP

/// One offer/answer rule: a catalogue ``Rule`` and the function that checks it.
///
/// Rules are data in a table (``PairRule/all``), grouped by topic in `Rules/*.swift`;
/// ``OfferAnswer/check()`` runs every entry. A check only ever reports findings of its
/// own rule, so the table, the catalogue and the tests stay in step.
public struct PairRule: Sendable {
    public let rule: Rule
    let check: @Sendable (OfferAnswer) -> [Finding]

    init(_ rule: Rule, _ check: @escaping @Sendable (OfferAnswer) -> [Finding]) {
        self.rule = rule
        self.check = check
    }

    /// A rule checked once per pair of m-sections that both sides keep (see
    /// ``OfferAnswer/activePairs``).
    static func perSection(
        _ rule: Rule, _ check: @escaping @Sendable (OfferAnswer, ActivePair) -> [Finding]
    ) -> PairRule {
        PairRule(rule) { oa in oa.activePairs.flatMap { check(oa, $0) } }
    }

    /// Every offer/answer rule, in catalogue order of topics.
    public static let all: [PairRule] =
        mlineRules + dtlsRules + iceRules + bundleRules + directionRules + transportRules
        + dataChannelRules + codecRules + extmapRules + simulcastRules + ssrcRules
}

/// A pair of m-sections that both descriptions keep: the offer's is active and the
/// answer accepted it.
public struct ActivePair: Sendable {
    public let index: Int
    public let offer: Section
    public let answer: Section
    public let offerMedia: MediaLine
    public let answerMedia: MediaLine
    /// Both sides' payload types, for RTP m-sections.
    let codecs: CodecPair?

    init(index: Int, offer: Section, answer: Section, offerMedia: MediaLine, answerMedia: MediaLine) {
        (self.index, self.offer, self.answer, self.offerMedia, self.answerMedia) = (index, offer, answer, offerMedia, answerMedia)
        self.codecs = offerMedia.isRTP && answerMedia.isRTP
            ? CodecPair(offer: offer, answer: answer, offerMedia: offerMedia, answerMedia: answerMedia) : nil
    }

    public func section(_ side: Side) -> Section { side == .offer ? offer : answer }
    public func media(_ side: Side) -> MediaLine { side == .offer ? offerMedia : answerMedia }

    public var mid: String? { offer.mid?.value ?? answer.mid?.value }
    public var name: String { mid.map { "m-section \(index) (mid \($0))" } ?? "m-section \(index)" }
}

extension OfferAnswer {
    /// Runs every rule of ``PairRule/all``; findings in table order.
    public func check() -> [Finding] {
        // Session-level attributes apply to every section; report each place once.
        var seen = Set<String>()
        return PairRule.all.flatMap { $0.check(self) }.filter { finding in
            seen.insert(finding.id + "@" + (finding.locations.first.map(String.init(describing:)) ?? "")).inserted
        }
    }

    /// The 0-based m-section a location of either description falls in; `nil` for the
    /// session level or a location without a line.
    public func sectionIndex(of location: Location) -> Int? {
        guard case .text(let file, let line, _, _) = location else { return nil }
        for side in Side.allCases {
            let description = self.description(side)
            guard description.source == file else { continue }
            for section in description.media {
                guard let first = section.lines.first, let last = section.lines.last else { continue }
                if line >= first.number && line <= last.number {
                    // Report answer sections under the offer index they were paired with.
                    if side == .answer, let paired = sections.first(where: { $0.answer?.mediaIndex == section.mediaIndex }) {
                        return paired.index
                    }
                    return section.mediaIndex
                }
            }
            return nil
        }
        return nil
    }
}
