// Throughput of RTCScope's SDP parse + lint over the given files, in memory, repeated
// until at least --min-files descriptions were checked. Prints one line in the same form
// as Benchmarks/gst-sdp-parse so scripts/bench can put them side by side.
import SDP
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return bytes
}

var arguments = Array(CommandLine.arguments.dropFirst())
var minFiles = 10_000
var lint = true
while let first = arguments.first, first.hasPrefix("--") {
    arguments.removeFirst()
    switch first {
    case "--min-files": minFiles = Int(arguments.removeFirst()) ?? minFiles
    case "--parse-only": lint = false
    default: break
    }
}
let inputs = arguments.compactMap(readFile)
guard !inputs.isEmpty else {
    print("usage: sdp-bench [--min-files N] [--parse-only] FILE...")
    exit(2)
}
let rounds = (minFiles + inputs.count - 1) / inputs.count
var checked = 0, failed = 0, findings = 0, bytes = 0
@MainActor func checkOnce(_ input: [UInt8]) {
    do {
        let description = try SessionDescription.parse(input, source: "bench.sdp")
        findings += lint ? Linter.lint(description).count : description.media.count
    } catch {
        failed += 1
    }
    bytes += input.count
}
for input in inputs { checkOnce(input) } // warm-up, as the C side does
checked = 0; bytes = 0; failed = 0; findings = 0
let start = now()
for _ in 0..<rounds {
    for input in inputs {
        checkOnce(input)
        checked += 1
    }
}
let seconds = now() - start
print("rtcscope files=\(checked) bytes=\(bytes) seconds=\(seconds) files_per_second=\(Int(Double(checked) / seconds)) failed=\(failed) findings=\(findings) mode=\(lint ? "parse+lint" : "parse")")
