/// Bounds-checked big-endian reads on byte slices, used by every decoder in this module.
///
/// Offsets are relative to the slice's `startIndex`, so a decoder can be handed any
/// sub-slice of a capture buffer without copying. Every read returns `nil` when the slice
/// is too short: decoders never trap on input data.
extension ArraySlice<UInt8> {
    /// The byte at `offset`, or `nil` past the end.
    @inlinable
    public func byte(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < count else { return nil }
        return self[startIndex + offset]
    }

    /// The network-order (big-endian) 16-bit value at `offset`.
    @inlinable
    public func uint16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= count else { return nil }
        let i = startIndex + offset
        return UInt16(self[i]) << 8 | UInt16(self[i + 1])
    }

    /// The network-order (big-endian) 24-bit value at `offset`.
    @inlinable
    public func uint24(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 3 <= count else { return nil }
        let i = startIndex + offset
        return UInt32(self[i]) << 16 | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2])
    }

    /// The network-order (big-endian) 32-bit value at `offset`.
    @inlinable
    public func uint32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= count else { return nil }
        let i = startIndex + offset
        return UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])
    }

    /// The network-order (big-endian) 64-bit value at `offset`.
    @inlinable
    public func uint64(at offset: Int) -> UInt64? {
        guard let high = uint32(at: offset), let low = uint32(at: offset + 4) else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    /// `length` bytes starting at `offset`, sharing storage with `self`.
    @inlinable
    public func bytes(at offset: Int, count length: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        let i = startIndex + offset
        return self[i ..< i + length]
    }

    /// Everything from `offset` to the end (empty at the end), or `nil` past the end.
    @inlinable
    public func bytes(from offset: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, offset <= count else { return nil }
        return self[(startIndex + offset)...]
    }
}

/// Lower-case hex of a byte sequence, for transaction ids and fingerprints.
public func hexString(_ bytes: some Sequence<UInt8>, separator: String = "") -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    var first = true
    for byte in bytes {
        if !first { out.append(contentsOf: separator.utf8) }
        first = false
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
