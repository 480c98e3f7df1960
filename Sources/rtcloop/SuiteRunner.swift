import Dispatch
import Foundation
import Loopback
#if canImport(Glibc)
import Glibc
#endif

/// What one case of the suite produced.
struct SuiteResult: Sendable, Encodable {
    let id: String
    let row: String
    let column: String
    let inject: DescriptionType
    let injected: String
    /// Injected as well, as the other type (a replayed pair).
    let with: String?
    let partner: String?
    let keep: [String]
    let variantOf: String?
    let edit: String?
    let expected: Outcome.Kind?
    let expectationReason: String?
    /// The child's outcome, or `timeout`/`crashed` when it had to be killed or died.
    let outcome: Outcome.Kind
    let message: String
    let connectedAfterMs: Double?
    /// Rule ids of the child's findings (e.g. LOOP-DTLS-003 on a connected case).
    let findings: [String]
    /// `sdpcheck OFFER ANSWER`'s verdict on the same pair; nil when sdpcheck or the partner file is missing.
    let staticVerdict: String?
    let childExitStatus: Int32?
    /// The case's deadline (`rtcloop run --timeout`); the child is killed `margin` seconds after it.
    let deadlineSeconds: Double
    let wallMs: Int
    /// The child's milestones, what the suite report (index.html) draws per case: descriptions
    /// created, injected, set or rejected, ICE and DTLS states, first decoded frames, errors and
    /// the outcome (``milestones``; `rtcloop run` lists every event). Empty when the child was
    /// killed or died.
    let timeline: [Timeline.Event]

    /// Whether the outcome is the reviewed expectation (a case without one never matches).
    var matches: Bool { expected == outcome }

    /// Whether the static verdict and the real outcome tell the same story: compatible ⇔ connected,
    /// incompatible ⇔ not connected; `degraded` and a missing verdict agree with either.
    var staticAgrees: Bool {
        switch staticVerdict {
        case "compatible": outcome == .connected
        case "incompatible": outcome != .connected
        default: true
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, row, column, inject, injected, with, partner, keep, variantOf, edit, expected, expectationReason
        case outcome, message, connectedAfterMs, findings, staticVerdict, childExitStatus, deadlineSeconds, wallMs, matches, staticAgrees, timeline
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(row, forKey: .row)
        try c.encode(column, forKey: .column)
        try c.encode(inject, forKey: .inject)
        try c.encode(injected, forKey: .injected)
        try c.encode(with, forKey: .with)
        try c.encode(partner, forKey: .partner)
        try c.encode(keep, forKey: .keep)
        try c.encode(variantOf, forKey: .variantOf)
        try c.encode(edit, forKey: .edit)
        try c.encode(expected, forKey: .expected)
        try c.encode(expectationReason, forKey: .expectationReason)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(message, forKey: .message)
        try c.encode(connectedAfterMs, forKey: .connectedAfterMs)
        try c.encode(findings, forKey: .findings)
        try c.encode(staticVerdict, forKey: .staticVerdict)
        try c.encode(childExitStatus, forKey: .childExitStatus)
        try c.encode(deadlineSeconds, forKey: .deadlineSeconds)
        try c.encode(wallMs, forKey: .wallMs)
        try c.encode(matches, forKey: .matches)
        try c.encode(staticAgrees, forKey: .staticAgrees)
        try c.encode(timeline, forKey: .timeline)
    }
}

/// Runs one child process with its output in files (a full pipe can never block it) and a hard deadline
/// after which it is killed with SIGKILL.
struct ChildProcess {
    enum Ending {
        case exited(Int32)
        case signalled(Int32)
        case killed(afterSeconds: Double)
    }

    let ending: Ending
    let stdout: Data
    let stderr: String

    static func run(_ executable: String, _ arguments: [String], limit: Double) -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtcloop-suite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return ChildProcess(ending: .exited(-1), stdout: Data(), stderr: "cannot create \(directory.path): \(error)")
        }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        guard let out = try? FileHandle(forWritingTo: outURL), let err = try? FileHandle(forWritingTo: errURL) else {
            return ChildProcess(ending: .exited(-1), stdout: Data(), stderr: "cannot open output files in \(directory.path)")
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            return ChildProcess(ending: .exited(-1), stdout: Data(), stderr: "cannot start \(executable): \(error)")
        }
        var killed = false
        if done.wait(timeout: .now() + .milliseconds(Int(limit * 1000))) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            killed = true
            done.wait()
        }
        try? out.close()
        try? err.close()
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        let ending: Ending = killed ? .killed(afterSeconds: limit)
            : process.terminationReason == .uncaughtSignal ? .signalled(process.terminationStatus)
            : .exited(process.terminationStatus)
        return ChildProcess(ending: ending, stdout: stdout, stderr: stderr)
    }
}

/// Runs the cases with `jobs` workers, each case in its own `rtcloop run` child.
final class SuiteRunner: @unchecked Sendable {
    let cases: [SuiteCase]
    /// The corpus directory as given on the command line: case paths in the reports stay relative
    /// to where the suite ran, not this machine's absolute paths.
    let corpus: String
    let rtcloop: String
    let sdpcheck: String?
    let jobs: Int
    let timeout: Double
    let margin: Double
    let progress: Bool

    private let lock = NSLock()
    private var next = 0
    private var finished = 0
    private var results: [SuiteResult?]

    init(cases: [SuiteCase], corpus: String, rtcloop: String, sdpcheck: String?, jobs: Int, timeout: Double, margin: Double, progress: Bool) {
        self.cases = cases
        self.corpus = corpus
        self.rtcloop = rtcloop
        self.sdpcheck = sdpcheck
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.margin = margin
        self.progress = progress
        results = Array(repeating: nil, count: cases.count)
    }

    func run() -> [SuiteResult] {
        let group = DispatchGroup()
        for _ in 0..<min(jobs, max(1, cases.count)) {
            group.enter()
            Thread.detachNewThread { [self] in
                while let index = take() {
                    let result = execute(cases[index])
                    store(result, at: index)
                }
                group.leave()
            }
        }
        group.wait()
        return results.compactMap { $0 }
    }

    private func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < cases.count else { return nil }
        defer { next += 1 }
        return next
    }

    private func store(_ result: SuiteResult, at index: Int) {
        lock.lock()
        results[index] = result
        finished += 1
        let count = finished
        lock.unlock()
        guard progress else { return }
        var line = "[\(count)/\(cases.count)] \(result.id) … \(result.outcome.rawValue)"
        if let ms = result.connectedAfterMs { line += " \(Int(ms.rounded())) ms" }
        if !result.matches { line += " (expected \(result.expected?.rawValue ?? "nothing reviewed"))" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func path(_ relative: String) -> String { corpus.hasSuffix("/") ? corpus + relative : corpus + "/" + relative }

    func execute(_ item: SuiteCase) -> SuiteResult {
        let deadline = item.timeout ?? timeout
        var arguments = ["run", item.inject == .offer ? "--offer" : "--answer", path(item.injectedPath),
                         "--format", "json", "--timeout", String(deadline)]
        if let with = item.withPath { arguments += [item.inject == .offer ? "--answer" : "--offer", path(with)] }
        for kept in item.keep { arguments += ["--keep", kept] }
        let started = DispatchTime.now()
        let child = ChildProcess.run(rtcloop, arguments, limit: deadline + margin)
        let wall = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        var outcome = Outcome.Kind.crashed
        var message = ""
        var connectedAfter: Double?
        var findings: [String] = []
        var status: Int32?
        var timeline: [Timeline.Event] = []
        let lastError = child.stderr.split(separator: "\n").last.map(String.init) ?? ""
        switch child.ending {
        case .killed(let seconds):
            outcome = .timeout
            message = "killed after \(seconds) s without an outcome (hard limit: case deadline + \(margin) s)"
        case .signalled(let signal):
            outcome = .crashed
            message = "the child died of signal \(signal)" + (lastError.isEmpty ? "" : ": \(lastError)")
            status = 128 + signal
        case .exited(let code):
            status = code
            let document = (try? JSONSerialization.jsonObject(with: child.stdout)) as? [String: Any]
            if let document, let kind = (document["outcome"] as? [String: Any])?["kind"] as? String, let parsed = Outcome.Kind(rawValue: kind) {
                outcome = parsed
                message = (document["outcome"] as? [String: Any])?["message"] as? String ?? ""
                connectedAfter = document["connectedAfterMs"] as? Double
                findings = (document["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                timeline = Self.timeline(document["timeline"])
            } else {
                outcome = .crashed
                let first = ((document?["findings"] as? [[String: Any]])?.first?["message"] as? String) ?? lastError
                message = "exit status \(code) without an outcome" + (first.isEmpty ? "" : ": \(first)")
            }
        }
        return SuiteResult(
            id: item.id, row: item.row, column: item.column, inject: item.inject, injected: item.injectedPath, with: item.withPath,
            partner: item.partnerPath, keep: item.keep, variantOf: item.variantOf, edit: item.edit,
            expected: item.expected, expectationReason: item.expectationReason, outcome: outcome, message: message,
            connectedAfterMs: connectedAfter, findings: findings, staticVerdict: staticVerdict(item),
            childExitStatus: status, deadlineSeconds: deadline, wallMs: wall, timeline: timeline)
    }

    /// The timeline events a suite keeps per case.
    static let milestones: Set<Timeline.Kind> = [
        .offerCreated, .answerCreated, .injected, .localDescriptionSet, .remoteDescriptionSet, .descriptionRejected,
        .iceConnectionState, .dtlsState, .firstDecodedFrame, .noDecoder, .busError, .outcome,
    ]

    /// The ``milestones`` of a child's `timeline` array (`{ms, peer?, event, detail}`).
    static func timeline(_ value: Any?) -> [Timeline.Event] {
        (value as? [[String: Any]] ?? []).compactMap { e -> Timeline.Event? in
            guard let ms = e["ms"] as? Double, let name = e["event"] as? String, let kind = Timeline.Kind(rawValue: name),
                  milestones.contains(kind) else { return nil }
            return Timeline.Event(milliseconds: ms, peer: (e["peer"] as? String).flatMap(PeerRole.init(rawValue:)),
                                  kind: kind, detail: e["detail"] as? String ?? "")
        }
    }

    /// `sdpcheck OFFER ANSWER --format json` → `verdict`; nil when sdpcheck or a description is missing.
    private func staticVerdict(_ item: SuiteCase) -> String? {
        guard let sdpcheck, let pair = item.staticPair else { return nil }
        let child = ChildProcess.run(sdpcheck, [path(pair.offer), path(pair.answer), "--format", "json"], limit: 60)
        guard case .exited = child.ending,
              let document = (try? JSONSerialization.jsonObject(with: child.stdout)) as? [String: Any] else { return nil }
        return document["verdict"] as? String
    }
}
