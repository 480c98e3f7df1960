#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// Reads a file forward in large chunks and hands out zero-copy slices of them.
///
/// Memory stays flat in the file's length: a chunk is released once no packet slice
/// refers to it. A range that straddles two chunks starts a new chunk at that range, so
/// every returned slice is contiguous.
final class ByteSource {
    private let descriptor: Int32
    private let file: String
    private var chunk: [UInt8] = []
    /// File offset of `chunk[0]`.
    private var chunkStart = 0
    private var reachedEnd = false
    /// Bytes per read; ranges larger than this get a chunk of their own size.
    private let chunkSize: Int

    /// The file's size when opened (for progress and truncation messages).
    let size: Int

    init(path: String, chunkSize: Int = 4 << 20) throws(InputError) {
        self.file = path
        self.chunkSize = chunkSize
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw InputError(.unreadable, "cannot open: \(reason)", at: .file(path))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw InputError(.unreadable, "cannot stat", at: .file(path))
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw InputError(.unreadable, "is a directory", at: .file(path))
        }
        self.descriptor = fd
        self.size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// `count` bytes at file offset `offset`, or fewer if the file ends first (check the count).
    func bytes(at offset: Int, count: Int) throws(InputError) -> ArraySlice<UInt8> {
        let end = chunkStart + chunk.count
        if offset >= chunkStart, offset + count <= end {
            let base = chunk.startIndex + (offset - chunkStart)
            return chunk[base ..< base + count]
        }
        if !reachedEnd || offset < chunkStart {
            try refill(from: offset, atLeast: count)
        }
        let available = max(0, min(count, chunkStart + chunk.count - offset))
        let base = offset - chunkStart
        guard base >= 0, base <= chunk.count else { return [] }
        return chunk[base ..< base + available]
    }

    /// Starts a new chunk at `offset`, keeping the bytes of the current one from there on.
    private func refill(from offset: Int, atLeast count: Int) throws(InputError) {
        let want = max(chunkSize, count)
        var kept = 0
        var keepFrom = 0
        if offset >= chunkStart, offset < chunkStart + chunk.count {
            keepFrom = offset - chunkStart
            kept = chunk.count - keepFrom
        } else if offset != chunkStart + chunk.count || offset < chunkStart {
            guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
                throw InputError(.unreadable, "cannot seek to byte \(offset)", at: .file(file))
            }
            reachedEnd = false
        }
        var failure: Int32 = 0
        let previous = chunk
        // A fresh buffer (never written after being handed out): earlier packet slices keep the old one alive.
        let next = [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            previous.withUnsafeBufferPointer { old in
                if kept > 0, let oldBase = old.baseAddress { base.initialize(from: oldBase + keepFrom, count: kept) }
            }
            var filled = kept
            while filled < want {
                let n = read(descriptor, base + filled, want - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { reachedEnd = true; break }
                filled += n
            }
            initialized = filled
        }
        if failure != 0 {
            throw InputError(.unreadable, "read error: \(String(cString: strerror(failure)))", at: .file(file))
        }
        chunk = next
        chunkStart = offset
    }
}
