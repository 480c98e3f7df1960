import ArgumentParser
import Diagnostics
import Foundation
import Negotiation
import Report
import SDP
import SDPDiff
import ToolSupport

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the peer connections of a chrome://webrtc-internals dump and check each offer/answer pair.",
        discussion: """
        Reads the file written by chrome://webrtc-internals → "Create a WebRTC-Internals dump" → \
        Download (gzip-compressed JSON since Chromium ~120, plain JSON before; both are read). \
        For every peer connection it lists the descriptions in its update log \
        (createOffer/createAnswer results, setLocalDescription, setRemoteDescription, with their \
        success or failure), pairs each offer with the answer that followed it, checks every pair \
        like 'sdpcheck OFFER ANSWER', and diffs successive offers of the same side like \
        'sdpcheck diff' (renegotiation rules).

        Findings are located as '<file>#<pc id>/<event number>:<line>:<column>', the line \
        counted inside that event's SDP.

        Examples:
          sdpcheck dump webrtc_internals_dump.gz
          sdpcheck dump --format json dump.txt

        Exit status: 0 no pair incompatible, 1 a pair incompatible or a renegotiation error, \
        2 the file is not a webrtc-internals dump.
        """
    )

    @OptionGroup var output: OutputOptions

    @Argument(help: "A webrtc-internals dump (JSON or its .gz); - for standard input.")
    var file: String

    func run() throws {
        let document: DumpDocument
        var sources = SourceTable()
        do {
            var bytes = try InputFile.read(file, limit: 256 << 20)
            if bytes.starts(with: [0x1F, 0x8B]) { bytes = try Gunzip.decompress(bytes, source: file) }
            let dump = try WebRTCInternalsDump.parse(bytes, source: file)
            document = DumpDocument(dump: dump, sources: &sources)
        } catch {
            document = DumpDocument(file: file, unusable: LoadedInput.finding(for: error))
        }
        switch output.format {
        case .json: Console.out(JSONOutput.encode(document) + "\n")
        case .text: Console.out(DumpTextRenderer(color: output.useColor).render(document, sources: sources))
        }
        if document.summary.exitCode != 0 { throw ExitCode(document.summary.exitCode) }
    }
}

// MARK: - the dump format

/// A `chrome://webrtc-internals` dump: `{"PeerConnections": {"<pid>-<n>": {"url", "rtcConfiguration",
/// "updateLog": [{"type", "value", "timestamp"}], "stats"}}, "UserAgent", "getUserMedia", …}`.
///
/// Descriptions are in the `value` of `createOfferOnSuccess`, `createAnswerOnSuccess`,
/// `setLocalDescription` and `setRemoteDescription` events: a JSON text
/// `{"type":"offer","sdp":"v=0…"}` (Chromium 156, measured) or, in older dumps, the text
/// `type: offer, sdp: v=0…`.
struct WebRTCInternalsDump {
    let source: String
    let userAgent: String?
    let peerConnections: [PeerConnection]

    struct PeerConnection {
        let id: String
        let url: String?
        let configuration: String?
        let events: [Event]
    }

    /// One update-log entry that carries a description, or reports the outcome of setting one.
    struct Event {
        /// 1-based position in the peer connection's update log.
        let number: Int
        let type: String
        let timestamp: String?
        /// `offer`, `answer`, `pranswer`, `rollback` for description events.
        let descriptionType: String?
        let sdp: String?
        /// For `…OnFailure` events: the error text.
        let error: String?
    }

    static let descriptionEvents: Set<String> = [
        "createOfferOnSuccess", "createAnswerOnSuccess", "setLocalDescription", "setRemoteDescription",
    ]
    static let outcomeEvents: Set<String> = [
        "setLocalDescriptionOnSuccess", "setLocalDescriptionOnFailure",
        "setRemoteDescriptionOnSuccess", "setRemoteDescriptionOnFailure",
        "createOfferOnFailure", "createAnswerOnFailure",
    ]

    static func parse(_ bytes: [UInt8], source: String) throws(InputError) -> WebRTCInternalsDump {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw InputError(.unknownFormat, "not JSON: a webrtc-internals dump is a JSON document (or its .gz)", at: .file(source))
        }
        guard let root = object as? [String: Any], let connections = root["PeerConnections"] as? [String: Any] else {
            throw InputError(.unknownFormat, "no \"PeerConnections\" object: not a chrome://webrtc-internals dump", at: .file(source))
        }
        var result: [PeerConnection] = []
        for id in connections.keys.sorted(by: Self.idOrder) {
            guard let pc = connections[id] as? [String: Any] else { continue }
            let log = pc["updateLog"] as? [[String: Any]] ?? []
            var events: [Event] = []
            for (offset, entry) in log.enumerated() {
                guard let type = entry["type"] as? String else { continue }
                let value = entry["value"] as? String ?? ""
                let timestamp = (entry["timestamp"] ?? entry["time"]).map { "\($0)" }
                if descriptionEvents.contains(type) {
                    let (kind, sdp) = Self.description(in: value)
                    events.append(Event(number: offset + 1, type: type, timestamp: timestamp, descriptionType: kind, sdp: sdp, error: nil))
                } else if outcomeEvents.contains(type) {
                    events.append(Event(number: offset + 1, type: type, timestamp: timestamp, descriptionType: nil, sdp: nil,
                                        error: type.hasSuffix("OnFailure") ? (value.isEmpty ? "failed" : value) : nil))
                }
            }
            result.append(PeerConnection(id: id, url: pc["url"] as? String, configuration: pc["rtcConfiguration"] as? String, events: events))
        }
        return WebRTCInternalsDump(source: source, userAgent: root["UserAgent"] as? String, peerConnections: result)
    }

    /// Peer connection ids are `<renderer pid>-<n>`; order numerically.
    static func idOrder(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "-").map { Int($0) ?? 0 }, y = b.split(separator: "-").map { Int($0) ?? 0 }
        return x.lexicographicallyPrecedes(y)
    }

    /// Reads `{"type":…,"sdp":…}` or the legacy `type: offer, sdp: v=0…` value.
    static func description(in value: String) -> (type: String?, sdp: String?) {
        if value.first == "{", let data = value.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            return (object["type"] as? String, object["sdp"] as? String)
        }
        var type: String? = nil
        var rest = Substring(value)
        if rest.hasPrefix("type: ") {
            rest = rest.dropFirst("type: ".count)
            let comma = rest.firstIndex(of: ",") ?? rest.endIndex
            type = String(rest[..<comma])
            rest = rest[comma...].drop { $0 == "," || $0 == " " }
        }
        if rest.hasPrefix("sdp: ") { return (type, String(rest.dropFirst("sdp: ".count))) }
        return (type, nil)
    }
}

/// Gzip decompression of a `.gz` dump through the system's `gzip -dc` (RTCScope links no
/// zlib; the dump is read once, so a child process costs nothing that matters).
enum Gunzip {
    static func decompress(_ bytes: [UInt8], source: String) throws(InputError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw InputError(.unreadable, "a gzip-compressed dump needs /bin/gzip to read it: \(error)", at: .file(source))
        }
        // Write from another thread so a large output cannot block on a full pipe.
        let writer = input.fileHandleForWriting
        let data = Data(bytes)
        let thread = Thread { writer.write(data); try? writer.close() }
        thread.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError(.truncated, "gzip could not decompress the dump (truncated or corrupt .gz)", at: .file(source))
        }
        return [UInt8](result)
    }
}

// MARK: - checking

/// What `sdpcheck dump` reports (JSON schema 1, documented in the README).
struct DumpDocument: Encodable {
    let tool = "sdpcheck"
    let command = "dump"
    let schema = 1
    let file: String
    let userAgent: String?
    let peerConnections: [PeerConnectionReport]
    /// INPUT-001 when the file is unusable.
    let findings: [Finding]
    let summary: Summary

    struct Summary: Encodable {
        let peerConnections: Int
        let descriptions: Int
        let pairs: Int
        let incompatiblePairs: Int
        let renegotiationErrors: Int
        let exitCode: Int32
    }

    struct PeerConnectionReport: Encodable {
        let id: String
        let url: String?
        let rtcConfiguration: String?
        let descriptions: [DescriptionEntry]
        let pairs: [PairReport]
        let renegotiations: [RenegotiationReport]
    }

    struct DescriptionEntry: Encodable {
        /// Update-log position (1-based).
        let event: Int
        let type: String
        /// `local` or `remote` (`created` for createOffer/createAnswer results).
        let side: String
        let descriptionType: String?
        /// `ok`, `failed`, or `unknown` when the log has no outcome.
        let outcome: String
        let error: String?
        /// The source name findings use for this SDP.
        let source: String
        /// INPUT-001 when the SDP text is unusable.
        let unusable: Finding?
    }

    struct PairReport: Encodable {
        let offerEvent: Int
        let answerEvent: Int
        /// `offerer` when this peer connection sent the offer, else `answerer`.
        let role: String
        let verdict: String
        let findings: [Finding]
    }

    struct RenegotiationReport: Encodable {
        let beforeEvent: Int
        let afterEvent: Int
        let side: String
        let changes: Int
        let findings: [Finding]
    }

    init(file: String, unusable: Finding) {
        self.file = file
        self.userAgent = nil
        self.peerConnections = []
        self.findings = [unusable]
        self.summary = Summary(peerConnections: 0, descriptions: 0, pairs: 0, incompatiblePairs: 0, renegotiationErrors: 0,
                               exitCode: ExitStatus.unusableInput.rawValue)
    }

    init(dump: WebRTCInternalsDump, sources: inout SourceTable) {
        file = dump.source
        userAgent = dump.userAgent
        var reports: [PeerConnectionReport] = []
        for pc in dump.peerConnections {
            var entries: [DescriptionEntry] = []
            var parsed: [Int: SessionDescription] = [:]
            for (i, event) in pc.events.enumerated() where WebRTCInternalsDump.descriptionEvents.contains(event.type) {
                let source = "\(dump.source)#\(pc.id)/\(event.number)"
                let side = event.type.hasPrefix("setLocal") ? "local" : event.type.hasPrefix("setRemote") ? "remote" : "created"
                // The outcome is the next OnSuccess/OnFailure event for the same call.
                let stem = event.type.hasPrefix("set") ? event.type : ""
                let outcome = stem.isEmpty ? nil : pc.events[(i + 1)...].first { $0.type == stem + "OnSuccess" || $0.type == stem + "OnFailure" }
                var unusable: Finding? = nil
                if let sdp = event.sdp {
                    do {
                        let description = try SessionDescription.parse(sdp, source: source)
                        parsed[event.number] = description
                        sources.register(description)
                    } catch {
                        unusable = LoadedInput.finding(for: error)
                    }
                }
                entries.append(DescriptionEntry(
                    event: event.number, type: event.type, side: side, descriptionType: event.descriptionType,
                    outcome: stem.isEmpty ? "ok" : outcome.map { $0.error == nil ? "ok" : "failed" } ?? "unknown",
                    error: outcome?.error, source: source, unusable: unusable))
            }
            // Offer/answer pairs: each set offer with the next set answer of the other side.
            var pairs: [PairReport] = []
            let applied = entries.filter { $0.side != "created" && $0.outcome != "failed" && parsed[$0.event] != nil }
            for (i, offer) in applied.enumerated() where offer.descriptionType == "offer" {
                guard let answer = applied[(i + 1)...].first(where: { $0.descriptionType == "answer" || $0.descriptionType == "pranswer" }),
                      answer.side != offer.side,
                      !applied[(i + 1)...].prefix { $0.event < answer.event }.contains(where: { $0.descriptionType == "offer" }),
                      let o = parsed[offer.event], let a = parsed[answer.event] else { continue }
                let report = NegotiationReport(OfferAnswer(offer: o, answer: a))
                pairs.append(PairReport(offerEvent: offer.event, answerEvent: answer.event,
                                        role: offer.side == "local" ? "offerer" : "answerer",
                                        verdict: report.verdict.rawValue, findings: report.findings))
            }
            // Successive offers (and answers) of one side: the renegotiation rules.
            var renegotiations: [RenegotiationReport] = []
            for side in ["local", "remote"] {
                for type in ["offer", "answer"] {
                    let series = applied.filter { $0.side == side && $0.descriptionType == type }
                    for (before, after) in zip(series, series.dropFirst()) {
                        guard let b = parsed[before.event], let a = parsed[after.event] else { continue }
                        let diff = SessionDiff(before: b, after: a)
                        renegotiations.append(RenegotiationReport(beforeEvent: before.event, afterEvent: after.event,
                                                                  side: "\(side) \(type)", changes: diff.allChanges.count, findings: diff.findings))
                    }
                }
            }
            reports.append(PeerConnectionReport(id: pc.id, url: pc.url, rtcConfiguration: pc.configuration,
                                                descriptions: entries, pairs: pairs, renegotiations: renegotiations.sorted { $0.afterEvent < $1.afterEvent }))
        }
        peerConnections = reports
        findings = []
        let incompatible = reports.flatMap(\.pairs).filter { $0.verdict == "incompatible" }.count
        let renegotiationErrors = reports.flatMap(\.renegotiations).flatMap(\.findings).filter { $0.severity == .error }.count
        summary = Summary(
            peerConnections: reports.count, descriptions: reports.map(\.descriptions.count).reduce(0, +),
            pairs: reports.map(\.pairs.count).reduce(0, +), incompatiblePairs: incompatible, renegotiationErrors: renegotiationErrors,
            exitCode: (incompatible > 0 || renegotiationErrors > 0 ? ExitStatus.errorsFound : .ok).rawValue)
    }
}

/// Text form: per peer connection its descriptions, then each pair's verdict and findings.
struct DumpTextRenderer {
    let palette: Palette
    let findings: FindingRenderer

    init(color: Bool) {
        palette = Palette(enabled: color)
        findings = FindingRenderer(color: color)
    }

    func render(_ document: DumpDocument, sources: SourceTable) -> String {
        let p = palette
        var out = ""
        for finding in document.findings { out += findings.render(finding, sources: sources) }
        if let agent = document.userAgent { out += "\(p.dim)\(document.file): \(agent)\(p.reset)\n" }
        for pc in document.peerConnections {
            out += "\(p.bold)peer connection \(pc.id)\(p.reset)" + (pc.url.map { " (\($0))" } ?? "") + "\n"
            for d in pc.descriptions {
                let status = d.outcome == "failed" ? "\(p.red)failed\(p.reset): \(d.error ?? "")" : d.outcome
                out += "  #\(d.event) \(d.type) \(d.descriptionType ?? "?") \(status)\n"
                if let unusable = d.unusable { out += findings.render(unusable, sources: sources) }
            }
            for pair in pc.pairs {
                let color = pair.verdict == "incompatible" ? p.red : pair.verdict == "degraded" ? p.yellow : p.green
                out += "  \(p.bold)pair\(p.reset) offer #\(pair.offerEvent) / answer #\(pair.answerEvent) (this peer is the \(pair.role)): \(color)\(pair.verdict)\(p.reset)\n"
                for finding in pair.findings { out += findings.render(finding, sources: sources) }
            }
            for r in pc.renegotiations {
                out += "  \(p.bold)renegotiation\(p.reset) \(r.side) #\(r.beforeEvent) → #\(r.afterEvent): \(r.changes) change\(r.changes == 1 ? "" : "s")\n"
                for finding in r.findings { out += findings.render(finding, sources: sources) }
            }
        }
        let s = document.summary
        out += "\(s.peerConnections) peer connection\(s.peerConnections == 1 ? "" : "s"), \(s.descriptions) descriptions, \(s.pairs) offer/answer pair\(s.pairs == 1 ? "" : "s"), \(s.incompatiblePairs) incompatible\n"
        return out
    }
}
