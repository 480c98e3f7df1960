import Diagnostics
import SDP

/// Media direction (RFC 3264 §6.1): what the answer may say for each offered direction.
extension PairRule {
    static let directionRules: [PairRule] = [
        .perSection(.oaDirectionNotAllowed) { oa, pair in
            let offered = oa.offer.direction(of: pair.offer)
            let answered = oa.answer.direction(of: pair.answer)
            guard !offered.allowedAnswers.contains(answered) else { return [] }
            let allowed = offered.allowedAnswers.map(\.name).joined(separator: " or ")
            let location = pair.answer.writtenDirectionAttribute.map(oa.answer.location) ?? oa.answer.location(of: pair.answer)
            return [Rule.oaDirectionNotAllowed.finding(
                "\(pair.name): the offer is \(offered.name), so the answer may be \(allowed), not \(answered.name)",
                hint: "answer \(offered.allowedAnswers.first?.name ?? "inactive") (RFC 3264 §6.1)",
                at: [location] + (pair.offer.writtenDirectionAttribute.map { [oa.offer.location($0)] } ?? []))]
        },
        .perSection(.oaDirectionNoMedia) { oa, pair in
            let negotiated = NegotiatedDirection(offer: oa.offer.direction(of: pair.offer), answer: oa.answer.direction(of: pair.answer))
            guard !negotiated.offererSends, !negotiated.answererSends else { return [] }
            let location = pair.answer.writtenDirectionAttribute.map(oa.answer.location) ?? oa.answer.location(of: pair.answer)
            return [Rule.oaDirectionNoMedia.finding(
                "\(pair.name) (\(pair.answerMedia.kindName)) is negotiated with no media in either direction",
                hint: "add a sending track on one side if media is expected",
                at: [location])]
        },
    ]
}

extension Direction {
    /// As written in SDP.
    public var name: String {
        switch self {
        case .sendrecv: "sendrecv"
        case .sendonly: "sendonly"
        case .recvonly: "recvonly"
        case .inactive: "inactive"
        }
    }

    /// RFC 3264 §6.1: the directions an answer may give to an offered one.
    public var allowedAnswers: [Direction] {
        switch self {
        case .sendrecv: [.sendrecv, .sendonly, .recvonly, .inactive]
        case .sendonly: [.recvonly, .inactive]
        case .recvonly: [.sendonly, .inactive]
        case .inactive: [.inactive]
        }
    }

    var sends: Bool { self == .sendrecv || self == .sendonly }
    var receives: Bool { self == .sendrecv || self == .recvonly }
}

/// Who sends media in an m-section once offer and answer are applied.
public struct NegotiatedDirection: Sendable, Hashable {
    public let offererSends: Bool
    public let answererSends: Bool

    public init(offer: Direction, answer: Direction) {
        offererSends = offer.sends && answer.receives
        answererSends = answer.sends && offer.receives
    }

    /// From the offerer's point of view (`sendrecv`, `sendonly`, …).
    public var name: String {
        switch (offererSends, answererSends) {
        case (true, true): "sendrecv"
        case (true, false): "sendonly"
        case (false, true): "recvonly"
        case (false, false): "inactive"
        }
    }
}

extension Section {
    /// The direction attribute written in this section.
    var writtenDirectionAttribute: Attribute? {
        attributes.first { Direction($0) != nil }
    }
}
