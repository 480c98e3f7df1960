import Diagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a tool's output file, creating its directory if needed.
public enum OutputFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(InputError) {
        // Create every missing directory of the path (mkdir -p); errors surface at open().
        for slash in path.indices where path[slash] == "/" && slash != path.startIndex {
            mkdir(String(path[..<slash]), 0o755)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw InputError(.unreadable, "cannot write: \(String(cString: strerror(errno)))", at: .file(path))
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(.unreadable, "write failed: \(String(cString: strerror(errno)))", at: .file(path))
            }
            offset += n
        }
    }
}
