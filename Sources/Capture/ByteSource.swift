#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// Reads a file forward through one reused buffer and hands out views of it.
///
/// Memory stays flat in the file's length: the buffer holds ``bufferSize`` bytes (more only
/// while one record is larger) and is refilled in place, so a long capture costs no
/// allocation per chunk and no page faults on fresh memory. A view returned by
/// ``bytes(at:count:)`` is valid until the next call; ``copy(at:count:)`` gives bytes that
/// outlive it (what the readers' public `CapturedPacket` carries).
///
/// The file is read with `read(2)` rather than mapped: a mapping's pages count in the
/// process's resident set as they are touched, so a 1 GB capture would show a 1 GB peak RSS
/// unless every window were unmapped again; a buffer that fits the CPU cache costs one copy
/// from the page cache, as stdio does for libpcap.
final class ByteSource {
    private let descriptor: Int32
    private let file: String
    private var buffer: UnsafeMutableRawBufferPointer
    /// File offset of `buffer[0]`.
    private var bufferStart = 0
    /// Valid bytes at the start of `buffer`.
    private var filled = 0
    /// The file offset `read(2)` continues from.
    private var filePosition = 0
    private var reachedEnd = false
    /// Bytes per refill; a larger range grows the buffer to its size.
    let bufferSize: Int

    /// The file's size when opened (for progress and truncation messages).
    let size: Int

    init(path: String, bufferSize: Int = 1 << 20) throws(InputError) {
        self.file = path
        self.bufferSize = max(16, bufferSize)
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
        #if canImport(Glibc)
        // Read-ahead for a forward scan; only a hint, so its result does not matter.
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        self.descriptor = fd
        self.size = Int(info.st_size)
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: self.bufferSize, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        close(descriptor)
    }

    /// `count` bytes at file offset `offset`, or fewer if the file ends first (check the
    /// count). The view is valid until the next call on this source.
    func bytes(at offset: Int, count: Int) throws(InputError) -> UnsafeRawBufferPointer {
        let start = offset - bufferStart
        if start >= 0, count <= filled - start {
            return UnsafeRawBufferPointer(rebasing: buffer[start ..< start + count])
        }
        try refill(from: offset, atLeast: count)
        let available = max(0, min(count, filled))
        return UnsafeRawBufferPointer(rebasing: buffer[0 ..< available])
    }

    /// Like ``bytes(at:count:)``, copied into an array that outlives the next call.
    func copy(at offset: Int, count: Int) throws(InputError) -> [UInt8] {
        Array(try bytes(at: offset, count: count))
    }

    /// Moves the buffer to start at `offset`, keeping the bytes already read from there on,
    /// and reads until it holds `count` bytes, the buffer is full, or the file ends.
    private func refill(from offset: Int, atLeast count: Int) throws(InputError) {
        let start = offset - bufferStart
        if start >= 0, start <= filled {
            let kept = filled - start
            if kept > 0, start > 0, let base = buffer.baseAddress {
                base.copyMemory(from: base + start, byteCount: kept)
            }
            filled = kept
        } else {
            filled = 0
            filePosition = offset
            reachedEnd = false
        }
        bufferStart = offset
        if reachedEnd { return }
        if count > buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
            if filled > 0, let to = larger.baseAddress, let from = buffer.baseAddress {
                to.copyMemory(from: from, byteCount: filled)
            }
            buffer.deallocate()
            buffer = larger
        } else if buffer.count > bufferSize, count <= bufferSize, filled <= bufferSize {
            // Back to the usual size once the large record has passed.
            let smaller = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
            if filled > 0, let to = smaller.baseAddress, let from = buffer.baseAddress {
                to.copyMemory(from: from, byteCount: filled)
            }
            buffer.deallocate()
            buffer = smaller
        }
        guard let base = buffer.baseAddress else { return }
        while filled < buffer.count {
            let n = pread(descriptor, base + filled, buffer.count - filled, off_t(filePosition))
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw InputError(.unreadable, "read error at byte \(filePosition): \(reason)", at: .file(file))
            }
            if n == 0 { reachedEnd = true; break }
            filled += n
            filePosition += n
        }
    }
}
