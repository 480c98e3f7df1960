@testable import Capture
import Foundation
import Testing
import Wire

/// Bugs found with the capture fuzz targets (scripts/fuzz), kept as tests of the same code
/// path. DTLS: found reading the reassembly code behind `scripts/fuzz dtls` and confirmed with
/// a crafted input to that target, a resource bug: reassembly re-sorted every fragment range received
/// so far on each new fragment and copied the message bytes per fragment, so a handshake
/// message sent as many small fragments took time quadratic in their number (64 datagrams of
/// 1,000 one-byte fragments: 43 s of CPU in `scripts/fuzz dtls`'s build, 0.1 s after).
@Suite("Fuzz regressions (capture)")
struct CaptureFuzzRegressionTests {
    static func regression(_ name: String) -> String { Oracle.fixture("fuzz-regressions/" + name) }

    /// `scripts/fuzz capture` found it: a pcapng whose first timestamp (year 2319, past Int64
    /// nanoseconds) lies far from the others, so the capture's duration overflowed Int64 and trapped.
    @Test("a pcapng with timestamps too far apart for Int64 nanoseconds is analysed, every frame of it (tshark's count)")
    func durationOverflow() throws {
        let file = Self.regression("duration-overflow.pcapng")
        let report = try CaptureAnalyzer.analyze(path: file, options: AnalysisOptions())
        let frames = try Oracle.fields(file, ["frame.number"])
        #expect(report.frames == frames.count)
        #expect(report.durationSeconds.isFinite)
    }

    static let client = Endpoint(address: .v4(0x7F00_0001), port: 40_000)
    static let server = Endpoint(address: .v4(0x7F00_0001), port: 50_000)

    /// The datagrams that carry webrtc.pcapng's ClientHello (tshark's `udp.payload`): the
    /// browser-sized message arrives in two fragments.
    static func capturedClientHello() throws -> [[UInt8]] {
        let rows = try Oracle.fields(Oracle.fixture("webrtc.pcapng"), ["udp.payload"], filter: "dtls.handshake.type == 1")
        return try rows.map { row in
            let hex = try #require(row.first).replacingOccurrences(of: ":", with: "")
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
                index = next
            }
            return bytes
        }
    }

    /// One DTLS 1.2 handshake record (RFC 6347 §4.1, epoch 0) holding `body`.
    static func record(_ body: [UInt8], sequence: UInt64) -> [UInt8] {
        var out: [UInt8] = [22, 0xFE, 0xFD, 0, 0]
        for shift in stride(from: 40, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: sequence >> UInt64(shift))) }
        out += [UInt8(body.count >> 8), UInt8(body.count & 0xFF)]
        return out + body
    }

    /// A whole handshake message: type, message sequence and body.
    struct Message {
        let type: UInt8
        let sequence: UInt16
        let body: [UInt8]

        /// One handshake fragment (RFC 6347 §4.2.2) of the message: `count` bytes at `offset`.
        func fragment(offset: Int, count: Int) -> [UInt8] {
            func u24(_ v: Int) -> [UInt8] { [UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            let piece = body.dropFirst(offset).prefix(count)
            return [type] + u24(body.count) + [UInt8(sequence >> 8), UInt8(sequence & 0xFF)] + u24(offset) + u24(piece.count) + piece
        }
    }

    @Test("a ClientHello sent as one-byte fragments (even offsets first, each twice, then odd) reassembles once, to what the whole message gives")
    func oneByteFragments() throws {
        let datagrams = try Self.capturedClientHello()
        let captured = datagrams.flatMap { datagram in
            DTLSRecord.records(in: datagram[...]).records.filter { $0.contentType == 22 }
                .flatMap { DTLSHandshakeFragment.fragments(in: $0.fragment) ?? [] }
        }.filter { $0.messageType == 1 }
        let first = try #require(captured.first)
        var body = [UInt8](repeating: 0, count: first.length)
        for piece in captured { body.replaceSubrange(piece.fragmentOffset..<piece.fragmentOffset + piece.body.count, with: piece.body) }
        #expect(captured.map(\.body.count).reduce(0, +) == first.length)
        let message = Message(type: 1, sequence: first.messageSequence, body: body)

        var whole = DTLSAnalyzer()
        for (i, datagram) in datagrams.enumerated() {
            _ = whole.add(datagram[...], frame: i + 1, source: Self.client, destination: Self.server)
        }
        let expected = try #require(whole.finish(file: "whole").sessions.first)
        try #require(!expected.offeredCipherSuites.isEmpty)

        var split = DTLSAnalyzer()
        var frame = 0
        var sequence: UInt64 = 0
        func deliver(_ offsets: [Int]) {
            // Up to 200 fragments per record, one record per datagram.
            for start in stride(from: 0, to: offsets.count, by: 200) {
                let body = offsets[start..<min(start + 200, offsets.count)].flatMap { message.fragment(offset: $0, count: 1) }
                frame += 1
                sequence += 1
                _ = split.add(Self.record(body, sequence: sequence)[...], frame: frame, source: Self.client, destination: Self.server)
            }
        }
        let even = Array(stride(from: 0, to: body.count, by: 2))
        let odd = Array(stride(from: 1, to: body.count, by: 2))
        deliver(even + even)
        deliver(Array(odd.dropLast()))
        #expect(split.finish(file: "split").sessions.first?.handshake.isEmpty == true)
        deliver(Array(odd.suffix(1)) + even)  // the last byte, then a retransmission of half the message
        let session = try #require(split.finish(file: "split").sessions.first)
        #expect(session.handshake.map(\.type) == ["ClientHello"])
        #expect(session.offeredCipherSuites == expected.offeredCipherSuites)
        #expect(session.offeredSrtpProfiles == expected.offeredSrtpProfiles)
    }
}
