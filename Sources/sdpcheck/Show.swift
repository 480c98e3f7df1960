import ArgumentParser
import Diagnostics
import Report
import SDP
import ToolSupport

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise a description per m-section: codecs, direction, ICE, DTLS, bundle.",
        discussion: """
        Examples:
          sdpcheck show offer.sdp
          sdpcheck show --format json answer.sdp
        """
    )

    @OptionGroup var output: OutputOptions

    @Argument(help: "SDP files (raw, or JSON {type,sdp}); - for standard input.")
    var files: [String]

    func run() throws {
        var summaries: [DescriptionSummary] = []
        var worst = ExitStatus.ok
        let errors = FindingRenderer(color: Terminal.wantsColor(fd: 2))
        for path in files {
            switch LoadedInput(path: path).result {
            case .success(let description):
                summaries.append(DescriptionSummary(description))
            case .failure(let error):
                Console.err(errors.render(LoadedInput.finding(for: error), sources: SourceTable()))
                worst = .unusableInput
            }
        }
        switch output.format {
        case .json:
            Console.out(JSONOutput.encode(summaries) + "\n")
        case .text:
            let palette = Palette(enabled: output.useColor)
            Console.out(summaries.map { Self.text($0, palette) }.joined(separator: "\n"))
        }
        if worst != .ok { throw ExitCode(worst.rawValue) }
    }

    static func text(_ s: DescriptionSummary, _ p: Palette) -> String {
        var out = "\(p.bold)\(s.file)\(p.reset)"
        if let type = s.type { out += " (\(type))" }
        out += "\n"
        if let origin = s.origin { out += "  origin     \(origin)\n" }
        out += "  bundle     \(s.bundleGroups.isEmpty ? "none" : s.bundleGroups.map { $0.joined(separator: " ") }.joined(separator: " | "))"
        if s.iceLite { out += "   ice-lite" }
        if s.extmapAllowMixed { out += "   extmap-allow-mixed" }
        out += "\n"
        for section in s.sections {
            let title = "m=\(section.kind) #\(section.index) mid=\(section.mid ?? "-") (line \(section.line))"
            out += "\n  \(p.bold)\(title)\(p.reset)  \(section.proto) port \(section.port)"
            if section.rejected { out += "  \(p.yellow)rejected\(p.reset)" }
            out += "\n"
            out += "    direction  \(section.direction)\(section.bundled ? "   bundled" : "")\(section.bundleOnly ? "   bundle-only" : "")\n"
            for codec in section.codecs {
                var line = "    codec      \(codec.payloadType) \(codec.name)"
                if let rate = codec.clockRate { line += "/\(rate)" }
                if let channels = codec.channels { line += "/\(channels)" }
                if let parameters = codec.parameters { line += "  \(p.dim)\(parameters)\(p.reset)" }
                if !codec.feedback.isEmpty { line += "  \(p.dim)fb: \(codec.feedback.joined(separator: ", "))\(p.reset)" }
                out += line + "\n"
            }
            if let dc = section.dataChannel {
                out += "    data       \(dc.form), sctp port \(dc.sctpPort.map(String.init) ?? "-"), max-message-size \(dc.maxMessageSize.map(String.init) ?? "-")\n"
            }
            if !section.headerExtensions.isEmpty { out += "    extmap     \(section.headerExtensions.count): \(section.headerExtensions.map { $0.split(separator: " ").first.map(String.init) ?? "" }.joined(separator: ","))\n" }
            if !section.ssrcs.isEmpty { out += "    ssrc       \(section.ssrcs.map(String.init).joined(separator: " "))\(section.ssrcGroups.isEmpty ? "" : "  groups: " + section.ssrcGroups.joined(separator: "; "))\n" }
            if !section.msid.isEmpty { out += "    msid       \(section.msid.joined(separator: "; "))\n" }
            if !section.rids.isEmpty { out += "    rid        \(section.rids.joined(separator: ", "))\(section.simulcast.map { "   simulcast \($0)" } ?? "")\n" }
            let candidates = section.ice.candidates.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            out += "    ice        ufrag \(section.ice.ufrag ?? "(none)"), pwd \(section.ice.passwordLength.map { "\($0) chars" } ?? "(none)")"
            if !section.ice.options.isEmpty { out += ", options \(section.ice.options.joined(separator: " "))" }
            out += "\n    candidates \(candidates.isEmpty ? "none" : candidates.joined(separator: ", "))\(section.ice.endOfCandidates ? ", end-of-candidates" : "")\n"
            out += "    dtls       setup \(section.dtls.setup ?? "(none)"), fingerprint \(section.dtls.fingerprints.isEmpty ? "(none)" : section.dtls.fingerprints.joined(separator: ", "))\n"
        }
        return out
    }
}
