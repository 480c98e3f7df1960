import Foundation
import Testing

/// Runs tshark (installed by scripts/setup) on a fixture: the oracle the tests compare with.
enum Oracle {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// Runs a program and returns its standard output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    static func tshark(_ arguments: [String]) throws -> String {
        try run("/usr/bin/tshark", arguments).output
    }

    /// One row of `tshark -q -z rtp,streams`.
    struct StreamRow: Equatable {
        var source: String, sourcePort: Int, destination: String, destinationPort: Int, ssrc: UInt32
        var packets: Int, lost: Int
        var minDelta, meanDelta, maxDelta, minJitter, meanJitter, maxJitter: Double
    }

    static func rtpStreams(_ file: String) throws -> [StreamRow] {
        let text = try tshark(["-r", file, "-o", "rtp.heuristic_rtp:TRUE", "-q", "-z", "rtp,streams"])
        var rows: [StreamRow] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            // start end src sport dst dport ssrc payload pkts lost (pct) minΔ meanΔ maxΔ minJ meanJ maxJ [X]
            guard f.count >= 17, f[6].hasPrefix("0x"), let ssrc = UInt32(f[6].dropFirst(2), radix: 16) else { continue }
            func d(_ i: Int) -> Double { Double(f[i]) ?? .nan }
            rows.append(StreamRow(source: f[2], sourcePort: Int(f[3]) ?? -1, destination: f[4], destinationPort: Int(f[5]) ?? -1,
                                  ssrc: ssrc, packets: Int(f[8]) ?? -1, lost: Int(f[9]) ?? -1,
                                  minDelta: d(11), meanDelta: d(12), maxDelta: d(13),
                                  minJitter: d(14), meanJitter: d(15), maxJitter: d(16)))
        }
        return rows
    }

    /// `tshark -T fields` with the given fields, one array per frame (empty fields kept).
    static func fields(_ file: String, _ fields: [String], filter: String? = nil, extra: [String] = []) throws -> [[String]] {
        var arguments = ["-r", file, "-o", "rtp.heuristic_rtp:TRUE", "-T", "fields", "-E", "separator=\t"] + extra
        if let filter { arguments += ["-Y", filter] }
        for field in fields { arguments += ["-e", field] }
        let text = try tshark(arguments)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
