// Shared by the libFuzzer entry files: scripts/fuzz compiles this file into every target.

/// How a fuzz input is cut into the pieces a target feeds to the code under test.
///
/// Datagram targets read a sequence of records `[flags+length: 2 bytes][payload]`: the top
/// bit of the big-endian 16-bit word is the direction (0: A → B, 1: B → A), the low 15 bits
/// the payload length; a length that runs past the end takes what is left. Fuzz/seeds.py
/// writes the datagrams of the project's captures in this form.
enum FuzzInput {
    /// At most this many datagrams are fed per input, so one input stays one quick execution.
    static let datagramLimit = 64

    static func datagrams(_ bytes: ArraySlice<UInt8>) -> [(reverse: Bool, payload: ArraySlice<UInt8>)] {
        var out: [(reverse: Bool, payload: ArraySlice<UInt8>)] = []
        var rest = bytes
        while rest.count >= 2, out.count < datagramLimit {
            let word = Int(rest[rest.startIndex]) << 8 | Int(rest[rest.startIndex + 1])
            let body = rest.dropFirst(2)
            let length = min(word & 0x7FFF, body.count)
            out.append((word & 0x8000 != 0, body.prefix(length)))
            rest = body.dropFirst(length)
        }
        return out
    }

    /// Two descriptions from one input: the second starts at the first line beginning with
    /// `v=` after the start (two SDP files concatenated); without one, both are the whole input.
    static func pair(_ bytes: [UInt8]) -> (first: [UInt8], second: [UInt8]) {
        var i = 1
        while i + 2 < bytes.count {
            if bytes[i] == 0x0A, bytes[i + 1] == UInt8(ascii: "v"), bytes[i + 2] == UInt8(ascii: "=") {
                return (Array(bytes[..<(i + 1)]), Array(bytes[(i + 1)...]))
            }
            i += 1
        }
        return (bytes, bytes)
    }
}
