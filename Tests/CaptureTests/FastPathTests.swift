@testable import Capture
import Diagnostics
import Foundation
import Testing
import Wire

/// The reader's buffer and the analyzer's fast path are optimisations: on every fixture they
/// must give exactly what the general decoders give.
@Suite("Fast path and reader buffer")
struct FastPathTests {
    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Oracle.fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
    }()

    static func json(_ report: CaptureReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    @Test("every fixture is found")
    func fixturesPresent() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test("DatagramKind.ordinal is the position in allCases (flow summaries count kinds by it)")
    func kindOrdinals() {
        for (position, kind) in DatagramKind.allCases.enumerated() {
            #expect(kind.ordinal == position, "\(kind)")
        }
    }

    @Test("the report with the fast path equals the report of the general decoders alone", arguments: fixtures)
    func fastPathEqualsGeneralPath(_ name: String) throws {
        let path = Oracle.fixture(name)
        let fast = try CaptureAnalyzer.analyze(path: path, options: AnalysisOptions())

        let general = try CaptureAnalyzer(file: path, options: AnalysisOptions())
        general.fastPathEnabled = false
        let reader = try CaptureReader(path: path)
        var handledFast = 0
        let probe = try CaptureAnalyzer(file: path, options: AnalysisOptions())
        var readError: InputError?
        do {
            while let frame = try reader.nextFrame() {
                if probe.processFast(frame) { handledFast += 1 }
                try general.process(frame.packet)
            }
        } catch let error as InputError {
            readError = error
        }
        let slow = general.finish(format: reader.format, error: readError)
        #expect(try Self.json(fast) == Self.json(slow), "\(name)")
        // The comparison means something only where the fast path took frames: RTP on UDP.
        if fast.flows.contains(where: { $0.transport == .udp && $0.kinds["rtp", default: 0] > 0 }) {
            #expect(handledFast > 0, "\(name): no frame took the fast path")
        }
    }

    @Test("reading through a tiny buffer (many refills, records straddling them) gives the same frames", arguments: fixtures)
    func smallBuffer(_ name: String) throws {
        let path = Oracle.fixture(name)
        func frames(_ bufferSize: Int) throws -> [String] {
            let reader = try CaptureReader(path: path, bufferSize: bufferSize)
            var out: [String] = []
            while let p = try reader.next() {
                out.append("\(p.frame) \(p.interfaceID) \(p.linkType.rawValue) \(p.timestamp.nanoseconds) \(p.originalLength) \(p.fileOffset) \(Array(p.data))")
            }
            return out
        }
        let reference = try frames(1 << 20)
        #expect(!reference.isEmpty)
        for size in [16, 61, 1500, 4096] {
            #expect(try frames(size) == reference, "\(name) with a \(size)-byte buffer")
        }
    }
}
