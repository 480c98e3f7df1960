import Diagnostics
import SDP

/// The semantic difference between two descriptions of one session, usually an
/// endpoint's first and second offer: what changed at session level and in each
/// m-section, and the renegotiation findings (rules `RENEG-…`) those changes raise.
///
/// m-sections are paired by `a=mid`, falling back to their position (RFC 3264 §8 keeps
/// m-line positions across offers; JSEP RFC 8829 §5.2.2 keeps the mid). Everything is
/// compared through the SDP module's typed views, so line order, spacing and line
/// endings never show up as differences.
public struct SessionDiff: Sendable {
    /// The earlier description's source name.
    public let before: String
    /// The later description's source name.
    public let after: String
    /// Session-level changes (`o=`, groups, msid-semantic, ice-lite, other attributes).
    public let session: [Change]
    /// One entry per m-section of either description, in the later description's order;
    /// removed sections follow.
    public let sections: [SectionDiff]
    /// Renegotiation findings, each located in the later description (or in the earlier
    /// one for something that disappeared).
    public let findings: [Finding]

    public init(before: SessionDescription, after: SessionDescription) {
        let engine = DiffEngine(before: before, after: after)
        self.before = before.source
        self.after = after.source
        self.session = engine.sessionChanges
        self.sections = engine.sectionDiffs
        self.findings = engine.findings
    }

    /// Every change, session level first.
    public var allChanges: [Change] { session + sections.flatMap(\.changes) }

    /// Whether the two descriptions are semantically the same.
    public var isEmpty: Bool { allChanges.isEmpty }

    /// 0 unless a renegotiation rule of severity error fired.
    public var exitStatus: ExitStatus { ExitStatus(findings: findings) }
}

/// Where an m-section is in one description.
public struct SectionReference: Hashable, Sendable, Codable {
    /// 0-based position among the m-sections.
    public let index: Int
    public let mid: String?
    /// The media kind as written (`audio`, `video`, `application`).
    public let kind: String
    /// 1-based line of the `m=` line.
    public let line: Int
}

/// The changes of one m-section, or its appearance or disappearance.
public struct SectionDiff: Sendable, Codable {
    /// How the two sides were matched.
    public enum Pairing: String, Sendable, Codable {
        /// Same `a=mid` on both sides.
        case mid
        /// Same position, for sections without a matching mid.
        case index
        /// Only in the later description.
        case added
        /// Only in the earlier description.
        case removed
    }

    public let before: SectionReference?
    public let after: SectionReference?
    public let pairing: Pairing
    public let changes: [Change]

    /// `m-section 1 video mid=video1`, naming the later side when there is one.
    public var title: String {
        guard let reference = after ?? before else { return "m-section" }
        return "m-section \(reference.index) \(reference.kind)" + (reference.mid.map { " mid=\($0)" } ?? "")
    }
}
