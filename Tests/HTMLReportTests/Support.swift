import Foundation

/// Paths and processes the report tests share.
enum Support {
    /// The repository root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `<scenario>.offer.sdp` with its `.answer.sdp` under Corpus/pairs, relative to the root.
    static func corpusPairs() -> [(offer: String, answer: String)] {
        let root = packageRoot.appendingPathComponent("Corpus/pairs")
        let files = Set((FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .map { "Corpus/pairs/" + $0 })
        return files.filter { $0.hasSuffix(".offer.sdp") }.sorted().compactMap { offer in
            let answer = offer.replacingOccurrences(of: ".offer.sdp", with: ".answer.sdp")
            return files.contains(answer) ? (offer, answer) : nil
        }
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a program with the repository root as working directory.
    static func run(_ executable: URL, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A built executable of this package (beside the test bundle).
    static func product(_ name: String) -> URL {
        let bundle = Bundle.main.bundleURL
        let directory = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        return directory.appendingPathComponent(name)
    }

    /// `scripts/render-check FILE OUT` (headless Chromium in `unshare -n`).
    static func renderCheck(html: String, png: URL) throws -> Run {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).html")
        try Data(html.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(URL(fileURLWithPath: "/bin/bash"),
                       [packageRoot.appendingPathComponent("scripts/render-check").path, file.path, png.path, "1280x1400"])
    }

    static var chromiumInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    }
}
