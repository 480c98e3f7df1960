import Diagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a tool's input: a path, or `-` for standard input.
///
/// This is the only place the executables touch the file system for input, so every
/// tool reports unreadable files, directories and oversized inputs the same way.
public enum InputFile {
    /// Reads the whole of `path` (at most `limit` bytes; beyond that an error naming the
    /// bound, never a partial read presented as the whole).
    public static func read(_ path: String, limit: Int) throws(InputError) -> [UInt8] {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            if fd < 0 {
                throw InputError(.unreadable, "cannot open: \(errnoText())", at: .file(path))
            }
        }
        defer { if fd != 0 { close(fd) } }
        var status = stat()
        if fstat(fd, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFDIR {
                throw InputError(.unreadable, "is a directory", at: .file(path))
            }
            if (status.st_mode & S_IFMT) == S_IFREG && Int(status.st_size) > limit {
                throw InputError(.tooLarge, "file is \(status.st_size) bytes; at most \(limit) are accepted", at: .file(path))
            }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(.unreadable, "read failed: \(errnoText())", at: .file(path))
            }
            if n == 0 { break }
            if bytes.count + n > limit {
                throw InputError(.tooLarge, "input exceeds \(limit) bytes", at: .file(path))
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Writes to standard output and standard error without Foundation's buffering surprises.
public enum Console {
    public static func out(_ text: String) { write(1, text) }
    public static func err(_ text: String) { write(2, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
