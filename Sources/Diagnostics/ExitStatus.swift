/// Exit codes every RTCScope tool uses, so that scripts can rely on them.
///
/// With several inputs, the highest status wins and every input is still processed.
public enum ExitStatus: Int32, Sendable, Comparable, CaseIterable {
    /// Nothing worse than warnings.
    case ok = 0
    /// At least one finding of severity error (for pair checks: `incompatible`).
    case errorsFound = 1
    /// At least one input could not be used at all.
    case unusableInput = 2

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The status implied by a set of findings.
    public init(findings: some Sequence<Finding>) {
        self = findings.worstSeverity == .error ? .errorsFound : .ok
    }
}
