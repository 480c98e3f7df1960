import ArgumentParser
import Diagnostics
import Loopback
import Report
import SDP
import ToolSupport
#if canImport(Glibc)
import Glibc
#endif

/// `rtcloop run`: one loop-back case, its timeline and its outcome.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one case: negotiate, connect, and print the timeline and the outcome.",
        discussion: """
        Without --offer/--answer both peers are webrtcbin with the media chosen by --video, --audio and \
        --datachannel. With --offer FILE and/or --answer FILE (raw SDP or a JSON RTCSessionDescription, - for \
        standard input) the media options are ignored: the peers mirror the injected descriptions. Giving \
        both replays a user's session from both of their SDPs (each peer receives the other's text).

        JSON output (--format json) is one object: outcome {kind, message, peer?, streams?, reached?, \
        missing?}, connectedAfterMs, timeline [{ms, peer, event, detail}], streams [{peer, stream, \
        expected, rtpPackets, decodedFrames}], candidates {offerer, answerer}, findings (the shared \
        finding shape), offer, answer (the texts each peer received), injected [{type, file, keep}] and \
        configuration.
        """)

    enum VideoChoice: String, ExpressibleByArgument, CaseIterable { case vp8, h264, none }
    enum AudioChoice: String, ExpressibleByArgument, CaseIterable { case opus, none }

    @Option(name: .long, help: ArgumentHelp("Inject this offer (given to the answering peer).", valueName: "file"))
    var offer: String?

    @Option(name: .long, help: ArgumentHelp("Inject this answer (given to the offering peer).", valueName: "file"))
    var answer: String?

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Keep injected attributes as written: any of ice, fingerprint, setup (comma-separated or repeated).", valueName: "list"))
    var keep: [String] = []

    @Flag(name: .long, help: "Keep all of ice, fingerprint and setup as written.")
    var keepTransport = false

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("What to negotiate: any of video, audio, data (comma-separated or repeated). Without it: video and audio; --video, --audio and --datachannel refine it.", valueName: "list"))
    var media: [String] = []

    @Option(name: .long, help: "Video stream: vp8, h264 or none.")
    var video: VideoChoice = .vp8

    @Option(name: .long, help: "Audio stream: opus or none.")
    var audio: AudioChoice = .opus

    @Flag(name: .long, help: "Negotiate a data channel; the offerer sends a message the answerer must echo.")
    var datachannel = false

    enum DirectionChoice: String, ExpressibleByArgument, CaseIterable { case sendrecv, sendonly, recvonly }

    @Option(name: .long, help: "Direction of the offerer's audio and video (the answerer mirrors it): sendrecv, sendonly or recvonly.")
    var direction: DirectionChoice = .sendrecv

    @Option(name: [.customLong("timeout"), .customLong("deadline")],
            help: ArgumentHelp("Deadline for the whole case, in seconds (--deadline is an alias).", valueName: "seconds"))
    var deadline: Double = 10

    @Option(name: .long, help: ArgumentHelp("Seconds after DTLS connects before a silent stream makes the outcome no-media.", valueName: "seconds"))
    var mediaGrace: Double = 4

    @Option(name: .long, help: ArgumentHelp("libnice stun-initial-timeout in ms (first check retransmission).", valueName: "ms"))
    var stunInitialTimeout: UInt32 = 200

    @Option(name: .long, help: ArgumentHelp("libnice stun-max-retransmissions (bounds the time to ice-failed).", valueName: "n"))
    var stunMaxRetransmissions: UInt32 = 4

    @Option(name: .long, help: ArgumentHelp("libnice idle-timeout in ms: wait after every pair failed before ice-failed.", valueName: "ms"))
    var iceFailureTimeout: UInt32 = 3000

    @Option(name: .long, help: ArgumentHelp("webrtcbin jitterbuffer latency in ms.", valueName: "ms"))
    var latency: UInt32 = 0

    @Option(name: .long, help: "webrtcbin bundle-policy: max-bundle, max-compat, balanced or none.")
    var bundlePolicy: String = "max-bundle"

    @Option(name: .long, help: ArgumentHelp("Keep a connected case running this long before teardown (media keeps flowing).", valueName: "seconds"))
    var hold: Double = 0

    @Option(name: .long, help: ArgumentHelp("Capture the case's UDP traffic on the loopback interface (dumpcap) into this pcapng file, for rtpdump.", valueName: "file"))
    var capture: String?

    @Option(name: .long, help: ArgumentHelp("GStreamer debug threshold for this case, as in GST_DEBUG (e.g. 'webrtcbin:6,3').", valueName: "level"))
    var gstDebug: String?

    @Option(name: .long, help: ArgumentHelp("Write the GStreamer debug log to this file instead of standard error.", valueName: "file"))
    var gstDebugFile: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(deadline > 0 && deadline <= 3600) { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        _ = try mediaKinds()
        if !(hold >= 0 && hold <= 3600) { throw ValidationError("--hold must be between 0 and 3600 seconds") }
        if !(mediaGrace >= 0 && mediaGrace <= 3600) { throw ValidationError("--media-grace must be between 0 and 3600 seconds") }
        _ = try keptAttributes()
        if !["max-bundle", "max-compat", "balanced", "none"].contains(bundlePolicy) {
            throw ValidationError("--bundle-policy must be max-bundle, max-compat, balanced or none")
        }
    }

    private func keptAttributes() throws -> Set<Injection.KeptAttribute> {
        if keepTransport { return Set(Injection.KeptAttribute.allCases) }
        var kept: Set<Injection.KeptAttribute> = []
        for item in keep.flatMap({ $0.split(separator: ",") }) {
            guard let attribute = Injection.KeptAttribute(rawValue: item.trimmingSpaces) else {
                throw ValidationError("--keep takes ice, fingerprint and setup, not '\(item)'")
            }
            kept.insert(attribute)
        }
        return kept
    }

    /// The kinds named by `--media`, or `nil` when the option was not given.
    private func mediaKinds() throws -> Set<String>? {
        guard !media.isEmpty else { return nil }
        var kinds: Set<String> = []
        for item in media.flatMap({ $0.split(separator: ",") }) {
            let name = item.trimmingSpaces
            guard ["video", "audio", "data"].contains(name) else {
                throw ValidationError("--media takes video, audio and data, not '\(item)'")
            }
            kinds.insert(name)
        }
        return kinds
    }

    func run() throws {
        var injections: [Injection] = []
        let kept = (try? keptAttributes()) ?? []  // validate() has already rejected unknown names.
        for (type, path) in [(DescriptionType.offer, offer), (.answer, answer)] {
            guard let path else { continue }
            do throws(InputError) {
                let bytes = try InputFile.read(path, limit: SDPLimits.maxBytes)
                injections.append(try Injection(type: type, bytes: bytes, source: path, keep: kept))
            } catch {
                report(unusable: error)
                throw ExitCode(ExitStatus.unusableInput.rawValue)
            }
        }
        var streams: [MediaConfiguration.Stream] = []
        let sends = direction != .recvonly, receives = direction != .sendonly
        var video = self.video, audio = self.audio, datachannel = self.datachannel
        if let kinds = try? mediaKinds() {
            // --media chooses the kinds; --video/--audio only choose the codec of a kind it names.
            if !kinds.contains("video") { video = .none } else if video == .none { video = .vp8 }
            if !kinds.contains("audio") { audio = .none } else if audio == .none { audio = .opus }
            datachannel = kinds.contains("data")
        }
        switch video {
        case .vp8: streams.append(.init(kind: .video, codec: "VP8", payloadType: 96, sends: sends, receives: receives))
        case .h264: streams.append(.init(kind: .video, codec: "H264", payloadType: 102, sends: sends, receives: receives))
        case .none: break
        }
        if audio == .opus { streams.append(.init(kind: .audio, codec: "OPUS", payloadType: 111, sends: sends, receives: receives)) }
        var configuration = Session.Configuration(
            media: MediaConfiguration(streams: streams, dataChannel: datachannel),
            transport: TransportConfiguration(stunInitialTimeout: stunInitialTimeout, stunMaxRetransmissions: stunMaxRetransmissions,
                                              iceFailureTimeout: iceFailureTimeout,
                                              bundlePolicy: bundlePolicy, jitterbufferLatency: latency),
            deadline: .milliseconds(Int(deadline * 1000)),
            mediaGrace: .milliseconds(Int(mediaGrace * 1000)),
            injecting: injections)
        configuration.hold = .milliseconds(Int(hold * 1000))
        if configuration.media.streams.isEmpty && !configuration.media.dataChannel && injections.isEmpty {
            throw ValidationError("nothing to negotiate: use --media, --video, --audio or --datachannel")
        }
        // GStreamer reads its debug settings once, at gst_init, which the first session calls.
        if let gstDebug { setenv("GST_DEBUG", gstDebug, 1) }
        if let gstDebugFile {
            setenv("GST_DEBUG_FILE", gstDebugFile, 1)
            setenv("GST_DEBUG_NO_COLOR", "1", 1)
        }
        var recorder: LoopbackCapture?
        if let capture {
            do {
                recorder = try LoopbackCapture(path: capture)
            } catch {
                Console.err("rtcloop: cannot capture into \(capture): \(error)\n")
                throw ExitCode(ExitStatus.unusableInput.rawValue)
            }
        }
        let result = Session(configuration: configuration).run()
        recorder?.stop()
        let document = RunDocument(result: result, configuration: configuration)
        switch output.format {
        case .json: Console.out(JSONOutput.encode(document) + "\n")
        case .text: Console.out(TextReport(color: output.useColor).render(result, configuration: configuration))
        }
        // The exit status is the outcome's (issue 5: 0 when connected, 1 for any failure outcome). A
        // certificate that does not match its a=fingerprint connects in webrtcbin 1.22: the case is
        // `connected` and exits 0, and the LOOP-DTLS-003 error finding is still printed (and in the JSON).
        if !result.outcome.isConnected {
            throw ExitCode(ExitStatus.errorsFound.rawValue)
        }
    }

    private func report(unusable error: InputError) {
        switch output.format {
        case .json:
            let finding = Rule.inputUnusable.finding(error.reason, at: [error.location])
            Console.out(JSONOutput.encode(UnusableDocument(findings: [finding])) + "\n")
        case .text:
            Console.err("\(error)\n")
        }
    }
}

private extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
