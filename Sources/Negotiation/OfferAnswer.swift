import Diagnostics
import SDP

/// An offer and the answer to it (RFC 3264 §5, §6), with their m-sections paired.
///
/// RFC 3264 §6 makes the answer's m-sections correspond to the offer's by position; JSEP
/// (RFC 8829 §5.3.1) adds that each keeps the offer's `a=mid`. Sections are paired by
/// index, except that when the mids disagree and the answer has the offer's mid at
/// another position, that section is used, so one reordering does not cascade into a
/// finding for every attribute (the reordering itself is reported by `OA-MLINE-003`).
public struct OfferAnswer: Sendable {
    public let offer: SessionDescription
    public let answer: SessionDescription
    /// One pair per offered m-section, then one per extra answer m-section.
    public let sections: [SectionPair]
    /// The m-section pairs where both sides take part (both active, both m-lines well
    /// formed), with their codecs indexed once.
    public let activePairs: [ActivePair]

    public init(offer: SessionDescription, answer: SessionDescription) {
        self.offer = offer
        self.answer = answer
        var pairs: [SectionPair] = []
        var usedAnswers = Set<Int>()
        for (index, offered) in offer.media.enumerated() {
            var answered: Section? = index < answer.media.count ? answer.media[index] : nil
            if let offerMID = offered.mid?.value, answered?.mid?.value != offerMID,
               let elsewhere = answer.media.first(where: { $0.mid?.value == offerMID && !usedAnswers.contains($0.mediaIndex ?? -1) }) {
                answered = elsewhere
            }
            // Each answer m-section answers one offered m-section at most.
            if let taken = answered?.mediaIndex, usedAnswers.contains(taken) { answered = nil }
            if let answered, let answerIndex = answered.mediaIndex { usedAnswers.insert(answerIndex) }
            pairs.append(SectionPair(index: index, offer: offered, answer: answered))
        }
        for (index, extra) in answer.media.enumerated() where !usedAnswers.contains(index) && index >= offer.media.count {
            pairs.append(SectionPair(index: index, offer: nil, answer: extra))
        }
        self.sections = pairs
        self.activePairs = pairs.compactMap { pair in
            guard let o = pair.offer, let a = pair.answer, let om = o.media, let am = a.media,
                  offer.isActive(o), answer.isActive(a) else { return nil }
            return ActivePair(index: pair.index, offer: o, answer: a, offerMedia: om, answerMedia: am)
        }
    }

    /// The description of one side.
    public func description(_ side: Side) -> SessionDescription {
        side == .offer ? offer : answer
    }
}

/// Which of the two descriptions.
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
    case offer, answer

    /// The peer that wrote this description.
    public var peer: String { self == .offer ? "offerer" : "answerer" }
    public var other: Side { self == .offer ? .answer : .offer }
}

/// One offered m-section and the answer's m-section for it.
public struct SectionPair: Sendable {
    /// The offer's position (or the answer's, for an m-section the answer added).
    public let index: Int
    public let offer: Section?
    public let answer: Section?

    public func section(_ side: Side) -> Section? { side == .offer ? offer : answer }

    /// The mid to name the pair by: the offer's, else the answer's.
    public var mid: String? { offer?.mid?.value ?? answer?.mid?.value }

    /// A short name for messages: `m-section 1 (mid video)`.
    public var name: String {
        if let mid { return "m-section \(index) (mid \(mid))" }
        return "m-section \(index)"
    }
}

extension SessionDescription {
    /// Whether a media section takes part in the session: its port is not 0, or it is
    /// port 0 only because it is `bundle-only` (RFC 8843 §6). Every stack in the corpus
    /// answers bundled sections with a real port, and port 0 in an answer as a rejection.
    public func isActive(_ section: Section) -> Bool {
        guard let media = section.media else { return false }
        return media.port != 0 || section.isBundleOnly
    }

    /// The BUNDLE group a mid belongs to.
    public func bundleGroup(containing mid: String?) -> Group? {
        guard let mid else { return nil }
        return bundleGroups.first { $0.mids.contains(mid) }
    }

    /// A location covering a whole line.
    func location(line: Line) -> Location { location(line, at: line.start) }

    /// A location covering an attribute's value (or its name for a property attribute).
    func location(_ attribute: Attribute) -> Location {
        if let value = attribute.valueRange, !value.isEmpty { return location(attribute.line, range: value) }
        return location(attribute.line, range: attribute.nameRange)
    }

    /// A location on an m-line, or the file when the section is missing.
    func location(of section: Section?) -> Location {
        guard let line = section?.mediaLine else { return .file(source) }
        return location(line: line)
    }

    /// All candidates that apply to a section: its own, else (for a bundled section) the
    /// BUNDLE-tagged section's.
    func candidates(for section: Section) -> [Candidate] {
        let own = section.candidates
        if !own.isEmpty { return own }
        if let group = bundleGroup(containing: section.mid?.value), let tag = group.mids.first,
           let tagged = self.section(mid: tag) {
            return tagged.candidates
        }
        return []
    }

    /// Whether more candidates may still arrive for a section: the description announces
    /// trickle ICE (RFC 8840 §4.1.1) and has not written a=end-of-candidates (RFC 8840 §4.1.3).
    func trickles(_ section: Section) -> Bool {
        guard iceOptions(of: section)?.contains("trickle") ?? false else { return false }
        return !(section.hasEndOfCandidates || session.hasEndOfCandidates)
    }
}
