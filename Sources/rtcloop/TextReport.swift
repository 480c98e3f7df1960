import Diagnostics
import Loopback
import Report

/// The text output of `rtcloop run`: the timeline, the streams, the outcome and its findings.
struct TextReport {
    let renderer: FindingRenderer

    init(color: Bool) { renderer = FindingRenderer(color: color) }

    func render(_ result: Session.Result, configuration: Session.Configuration) -> String {
        let p = renderer.palette
        var out = ""
        let media = configuration.offererMedia
        var what = media.streams.map { "\($0.kind.rawValue) \($0.codec)" }
        if media.dataChannel { what.append("data channel") }
        out += "\(p.bold)rtcloop\(p.reset): offerer ⇄ answerer on 127.0.0.1: \(what.joined(separator: ", "))"
        for injection in configuration.injections {
            out += "; injected \(injection.type.rawValue) \(injection.description.source) → \(injection.receivingPeer)"
        }
        out += "\n"
        for event in result.timeline.events where event.kind != .outcome {
            out += "  \(event)\n"
        }
        if !result.streams.isEmpty {
            out += "streams:\n"
            for stream in result.streams {
                out += "  \(stream.peer) \(stream.stream): \(stream.rtpPackets) RTP packets, \(stream.decodedFrames) decoded"
                out += stream.expected ? "\n" : " (not expected)\n"
            }
        }
        let colour = result.outcome.isConnected ? p.green : p.red
        out += "\(p.bold)outcome:\(p.reset) \(colour)\(result.outcome.kind.rawValue)\(p.reset)"
        if let after = result.connectedAfter {
            out += " after \(after) ms\n"
        } else {
            out += ": \(result.outcome.message)\n"
        }
        for finding in result.findings {
            out += renderer.render(finding, sources: SourceTable())
        }
        return out
    }
}
