/// Input that a tool cannot use at all: empty, binary, truncated, too large, unreadable.
///
/// One error type for every decoder, after `SwiftASN1`'s `ASN1Error`: an extensible
/// ``Code`` plus a human reason and the ``Location`` where reading stopped. Tools print
/// it as `file:line:col: error: reason` and exit with ``ExitStatus/unusableInput``, then
/// go on with their other inputs.
public struct InputError: Error, Hashable, Sendable {
    public let code: Code
    public let reason: String
    public let location: Location

    public init(_ code: Code, _ reason: String, at location: Location) {
        self.code = code
        self.reason = reason
        self.location = location
    }
}

extension InputError {
    /// What kind of unusable input this is. Extensible without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file could not be opened or read.
        public static let unreadable = Code("unreadable")
        /// The input has no content (or only whitespace).
        public static let empty = Code("empty")
        /// The input is not text (NUL bytes, control characters) where text was expected.
        public static let binary = Code("binary")
        /// The input is not valid UTF-8 where the format requires it.
        public static let invalidEncoding = Code("invalid-encoding")
        /// The input ends in the middle of a structure.
        public static let truncated = Code("truncated")
        /// A documented resource bound was exceeded (line length, count, size).
        public static let tooLarge = Code("too-large")
        /// The input is of a recognisable format but malformed beyond use.
        public static let malformed = Code("malformed")
        /// The input is of a different format than expected (wrong magic number).
        public static let unknownFormat = Code("unknown-format")
    }
}

extension InputError: CustomStringConvertible {
    public var description: String { "\(location): error: \(reason)" }
}
