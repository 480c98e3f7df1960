import Capture
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rtpdump: FILE 42%` on standard error while a large file is read, rewritten in place.
/// Shown only when standard error is a terminal and the file is at least 64 MiB, unless
/// forced (`--progress` or `RTPDUMP_PROGRESS=1`, for tests and logs).
final class ProgressLine: Sendable {
    let file: String
    let enabled: Bool
    private let shown = SharedPercent()

    static let minimumSize = 64 << 20

    init(file: String, forced: Bool) {
        self.file = file
        let environment = getenv("RTPDUMP_PROGRESS").map { String(cString: $0) } == "1"
        if forced || environment {
            enabled = true
        } else {
            var info = stat()
            enabled = isatty(2) == 1 && stat(file, &info) == 0 && Int(info.st_size) >= Self.minimumSize
        }
    }

    /// The analysis callback, or `nil` when progress is off.
    var callback: (@Sendable (Int, Int) -> Void)? {
        guard enabled else { return nil }
        return { [self] read, size in
            guard size > 0 else { return }
            let percent = min(100, read * 100 / size)
            if shown.exchange(percent) != percent { FileOutput.error("\rrtpdump: \(file) \(percent)%") }
        }
    }

    /// Ends the line (100% when any progress was shown).
    func finish() {
        guard enabled else { return }
        FileOutput.error("\rrtpdump: \(file) 100%\n")
    }
}

/// The last percentage shown (the callback is `@Sendable`; it runs on the analysing thread only).
private final class SharedPercent: @unchecked Sendable {
    private var value = -1
    func exchange(_ new: Int) -> Int {
        defer { value = new }
        return value
    }
}

/// Ends a live capture on SIGINT or SIGTERM (and after `--duration`), so that the summary is
/// printed as for a file. The signals are ignored by the process and delivered through
/// dispatch sources, which run outside signal-handler context.
final class StopSignals {
    private var sources: [any DispatchSourceProtocol] = []

    init(stopping capture: LiveCapture, after duration: Double?) {
        let queue = DispatchQueue(label: "rtpdump.stop")
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { capture.stop() }
            source.resume()
            sources.append(source)
        }
        if let duration {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + duration)
            timer.setEventHandler { capture.stop() }
            timer.resume()
            sources.append(timer)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
