import Foundation

/// Records the loop-back interface's UDP traffic during one case with `dumpcap`, so that `rtpdump` can read
/// the reproduction. Only `lo` is captured: the engine sends nothing anywhere else.
final class LoopbackCapture {
    private let process = Process()
    let path: String

    /// Starts dumpcap and waits (at most 3 s) until it writes the file header.
    init(path: String) throws {
        self.path = path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dumpcap")
        process.arguments = ["-q", "-i", "lo", "-f", "udp", "-w", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? FileManager.default.removeItem(atPath: path)
        try process.run()
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline, process.isRunning {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 { return }
            usleep(20_000)
        }
        if !process.isRunning { throw CaptureError(message: "dumpcap exited (status \(process.terminationStatus)); is it installed and allowed to capture?") }
    }

    /// Stops the capture (SIGINT, so dumpcap closes the file cleanly) and waits at most 3 s.
    func stop() {
        usleep(100_000)  // let the last packets reach the file
        guard process.isRunning else { return }
        process.interrupt()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }

    struct CaptureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
