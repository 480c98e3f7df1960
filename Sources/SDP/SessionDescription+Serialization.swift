import Diagnostics

extension SessionDescription {
    /// The description's bytes; for an unmodified description, exactly the input.
    public func serialized() -> [UInt8] { bytes }

    /// The description with every line terminator replaced, content untouched.
    public func serialized(lineEnding: Line.Terminator) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + lines.count)
        for line in lines {
            out.append(contentsOf: bytes[line.contentRange])
            switch lineEnding {
            case .crlf: out.append(contentsOf: [0x0D, 0x0A])
            case .lf: out.append(0x0A)
            case .none: break
            }
        }
        return out
    }

    /// A new description in which some lines' content is replaced; every other line keeps
    /// its bytes and terminator. `replacements` maps a line's index in ``lines`` to its new
    /// content (without terminator).
    public func replacingLines(_ replacements: [Int: [UInt8]]) throws(InputError) -> SessionDescription {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, line) in lines.enumerated() {
            if let content = replacements[index] {
                out.append(contentsOf: content)
                out.append(contentsOf: bytes[line.contentEnd..<line.end])
            } else {
                out.append(contentsOf: bytes[line.start..<line.end])
            }
        }
        return try SessionDescription.parse(out, source: source)
    }
}
