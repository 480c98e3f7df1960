import CGStreamer
import Dispatch
import GstShim
import Synchronization

/// A GObject reference that crosses threads inside a lock. The peer decides when it is released.
struct ObjectRef: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<GObject>
    init(_ pointer: UnsafeMutablePointer<GObject>) { self.pointer = pointer }
}

/// One webrtcbin in its own pipeline, with test sources for what it sends and a decoder per stream it receives.
///
/// All GStreamer objects stay inside this class. Signals arrive on GStreamer's streaming threads and only
/// record into the timeline and the locked ``State``; every action (negotiation, candidates, data channel
/// messages) is taken by the session's thread, never inside a signal handler.
final class Peer: @unchecked Sendable {
    let role: PeerRole
    let media: MediaConfiguration
    private let recorder: TimelineRecorder
    private let wake: DispatchSemaphore
    private let pipeline: UnsafeMutablePointer<GstElement>
    private let webrtc: UnsafeMutablePointer<GstElement>
    private let bus: UnsafeMutablePointer<GstBus>
    private let state = Locked(State())
    /// Objects this peer owns a reference to and releases on ``stop()``.
    private let owned = Locked<[ObjectRef]>([])
    private let dtlsTransport = Locked<ObjectRef?>(nil)
    private let stopped = Atomic<Bool>(false)

    /// What the signal handlers observed.
    struct State {
        var candidates: [String] = []
        /// Candidates gathered but not yet handed to the other peer: (m-line index, candidate).
        var outgoing: [(UInt32, String)] = []
        var rtpPackets: [String: Int] = [:]
        var decodedFrames: [String: Int] = [:]
        var undecodable: [String] = []
        var channels: [ObjectRef] = []
        var openChannels = 0
        var received: [String] = []
        /// Messages received and not yet echoed (answerer) or checked (offerer).
        var pendingEcho: [String] = []
        var sentPing = false
        var lastICE = "new", lastConnection = "new", lastDTLS = "new", lastGathering = "new"
    }

    /// The test message the offerer sends and the answerer echoes back with ``echoPrefix``.
    static let pingMessage = "rtcscope-ping"
    static let echoPrefix = "echo:"

    enum SetupError: Error, CustomStringConvertible {
        case missingElement(String), launch(String)

        var description: String {
            switch self {
            case .missingElement(let what): "no GStreamer element: \(what)"
            case .launch(let message): "pipeline: \(message)"
            }
        }
    }

    init(role: PeerRole, media: MediaConfiguration, transport: TransportConfiguration,
         recorder: TimelineRecorder, wake: DispatchSemaphore) throws(SetupError) {
        GStreamerRuntime.ensureInitialized()
        self.role = role
        self.media = media
        self.recorder = recorder
        self.wake = wake
        guard let pipeline = gst_pipeline_new(role.rawValue) else { throw .launch("gst_pipeline_new failed") }
        guard let webrtc = gst_element_factory_make("webrtcbin", "webrtc") else {
            gst_object_unref(UnsafeMutableRawPointer(pipeline))
            throw .missingElement("webrtcbin")
        }
        self.pipeline = pipeline
        self.webrtc = webrtc
        self.bus = gst_pipeline_get_bus(UnsafeMutablePointer<GstPipeline>(OpaquePointer(pipeline)))
        _ = gst_bin_add(gstBin(pipeline), webrtc)
        _ = rtc_object_set_enum_nick(UnsafeMutableRawPointer(webrtc), "bundle-policy", transport.bundlePolicy)
        rtc_object_set_uint(UnsafeMutableRawPointer(webrtc), "latency", transport.jitterbufferLatency)
        pinToLoopback(transport)
        connectSignals()
        do throws(SetupError) {
            try addSenders()
        } catch {
            stop()  // deinit does not run for an instance whose init throws.
            throw error
        }
    }

    deinit { stop() }

    // MARK: Network rule

    /// Keeps ICE on 127.0.0.1: no TCP candidates, no UPnP, the loopback address as the only local address,
    /// and explicit STUN timers so that a failure arrives at a known time.
    private func pinToLoopback(_ transport: TransportConfiguration) {
        guard let ice = GProperty.object(gobject(webrtc), "ice-agent") else { return }
        defer { g_object_unref(ice) }
        rtc_object_set_bool(ice, "ice-tcp", 0)
        guard let agent = GProperty.object(ice, "agent") else { return }
        defer { g_object_unref(agent) }
        rtc_object_set_bool(agent, "upnp", 0)
        rtc_object_set_uint(agent, "stun-initial-timeout", transport.stunInitialTimeout)
        rtc_object_set_uint(agent, "stun-max-retransmissions", transport.stunMaxRetransmissions)
        rtc_object_set_uint(agent, "idle-timeout", transport.iceFailureTimeout)
        if let address = nice_address_new() {
            if nice_address_set_from_string(address, "127.0.0.1") != 0 {
                _ = nice_agent_add_local_address(OpaquePointer(agent), address)
            }
            nice_address_free(address)
        }
    }

    // MARK: Sending side

    private func addSenders() throws(SetupError) {
        for stream in media.streams {
            let caps = "application/x-rtp,media=\(stream.kind.rawValue),encoding-name=\(stream.codec),"
                + "payload=\(stream.payloadType),clock-rate=\(stream.clockRate)"
            if stream.sends {
                guard let source = Self.sourceDescription(stream) else { throw .missingElement("encoder for \(stream.produces)") }
                // The caps webrtcbin sees are the declared ones, not the payloader's: a mislabelled stream keeps its
                // false name, and an H.264 stream drops the encoder's profile fields, which webrtcbin 1.22 would
                // otherwise intersect with the offered profile and, failing, answer recvonly.
                var relabel = ""
                if stream.produces != stream.codec || stream.codec == "H264" {
                    var declared = caps
                    if stream.codec == "H264" {
                        let mode = stream.h264Parameters["packetization-mode"].flatMap { Int($0) } ?? 1
                        declared += ",packetization-mode=(string)\(mode)"
                    }
                    relabel = " ! capssetter replace=true caps=\"\(declared)\""
                }
                var error: UnsafeMutablePointer<GError>?
                guard let bin = gst_parse_bin_from_description("\(source)\(relabel) ! capsfilter caps=\"\(caps)\"", 1, &error) else {
                    let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "parse failed"
                    if let error { g_error_free(error) }
                    throw .launch(message)
                }
                let element = UnsafeMutablePointer<GstElement>(OpaquePointer(bin))
                _ = gst_bin_add(gstBin(pipeline), element)
                guard gst_element_link(element, webrtc) != 0 else { throw .launch("cannot link \(stream.codec) source") }
                if !stream.receives, let transceiver = lastTransceiver() {
                    rtc_object_set_int(transceiver, "direction", Int32(GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY.rawValue))
                    g_object_unref(transceiver)
                }
            } else {
                let direction = stream.receives ? GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY : GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_INACTIVE
                let gstCaps = gst_caps_from_string(caps)
                if let transceiver = rtc_webrtc_add_transceiver(webrtc, direction, gstCaps) { g_object_unref(transceiver) }
                if let gstCaps { gst_mini_object_unref(UnsafeMutablePointer<GstMiniObject>(OpaquePointer(gstCaps))) }
            }
        }
    }

    private func lastTransceiver() -> UnsafeMutablePointer<GObject>? {
        var index: Int32 = 0
        var last: UnsafeMutablePointer<GObject>?
        while let transceiver = rtc_webrtc_get_transceiver(webrtc, index) {
            if let last { g_object_unref(last) }
            last = transceiver
            index += 1
        }
        return last
    }

    /// A live test source and encoder ending in an RTP payloader for `stream`, or `nil` if unsupported.
    static func sourceDescription(_ stream: MediaConfiguration.Stream) -> String? {
        let pt = stream.payloadType
        switch stream.produces {
        case "VP8":
            return "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1"
                + " ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 ! rtpvp8pay pt=\(pt)"
        case "H264":
            return "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1"
                + " ! openh264enc ! h264parse ! rtph264pay pt=\(pt) config-interval=-1 aggregate-mode=zero-latency"
        case "OPUS":
            return "audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! opusenc ! rtpopuspay pt=\(pt)"
        default:
            return nil
        }
    }

    /// Depayloader and decoder for a received encoding, or `nil` when the engine has none.
    static func decoderDescription(encoding: String) -> String? {
        switch encoding.uppercased() {
        case "VP8": "rtpvp8depay ! vp8dec"
        case "H264": "rtph264depay ! h264parse ! openh264dec"
        case "OPUS": "rtpopusdepay ! opusdec"
        default: nil
        }
    }

    // MARK: Signals

    private func connectSignals() {
        let onCandidate: @convention(c) (UnsafeMutablePointer<GstElement>?, guint, UnsafeMutablePointer<gchar>?, gpointer?) -> Void = { _, mline, candidate, data in
            guard let peer = CallbackContext.from(data)?.peer, let candidate else { return }
            peer.gathered(mline: mline, candidate: String(cString: candidate))
        }
        connectSignal(webrtc, "on-ice-candidate", unsafeBitCast(onCandidate, to: GCallback.self), CallbackContext(peer: self))

        let onPadAdded: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutablePointer<GstPad>?, gpointer?) -> Void = { _, pad, data in
            guard let peer = CallbackContext.from(data)?.peer, let pad else { return }
            peer.padAdded(pad)
        }
        connectSignal(webrtc, "pad-added", unsafeBitCast(onPadAdded, to: GCallback.self), CallbackContext(peer: self))

        let onDataChannel: @convention(c) (UnsafeMutablePointer<GstElement>?, UnsafeMutablePointer<GObject>?, gpointer?) -> Void = { _, channel, data in
            guard let peer = CallbackContext.from(data)?.peer, let channel else { return }
            g_object_ref(channel)
            // Announced open by the remote peer: its own on-open has already fired.
            peer.adoptChannel(channel, owned: true, watchOpen: false)
            peer.channelOpened(remote: true)
        }
        connectSignal(webrtc, "on-data-channel", unsafeBitCast(onDataChannel, to: GCallback.self), CallbackContext(peer: self))
    }

    private func gathered(mline: UInt32, candidate: String) {
        guard !candidate.isEmpty else { return }
        state.withLock {
            $0.candidates.append(candidate)
            $0.outgoing.append((mline, candidate))
        }
        recorder.record(.candidateGathered, at: role, "m-line \(mline): \(candidate)")
        wake.signal()
    }

    /// A data channel this peer holds a reference to (released on stop), with its signals connected.
    private func adoptChannel(_ channel: UnsafeMutablePointer<GObject>, owned isOwned: Bool, watchOpen: Bool = true) {
        let reference = ObjectRef(channel)
        if isOwned { owned.withLock { $0.append(reference) } }
        state.withLock { $0.channels.append(reference) }
        if watchOpen {
            let onOpen: @convention(c) (UnsafeMutablePointer<GObject>?, gpointer?) -> Void = { _, data in
                CallbackContext.from(data)?.peer?.channelOpened(remote: false)
            }
            connectSignal(channel, "on-open", unsafeBitCast(onOpen, to: GCallback.self), CallbackContext(peer: self))
        }
        let onMessage: @convention(c) (UnsafeMutablePointer<GObject>?, UnsafeMutablePointer<gchar>?, gpointer?) -> Void = { _, text, data in
            guard let peer = CallbackContext.from(data)?.peer, let text else { return }
            peer.messageReceived(String(cString: text))
        }
        connectSignal(channel, "on-message-string", unsafeBitCast(onMessage, to: GCallback.self), CallbackContext(peer: self))
    }

    private func channelOpened(remote: Bool) {
        state.withLock { $0.openChannels += 1 }
        recorder.record(.dataChannelOpen, at: role, remote ? "opened by the remote peer" : "rtcscope")
        wake.signal()
    }

    private func messageReceived(_ text: String) {
        state.withLock {
            $0.received.append(text)
            $0.pendingEcho.append(text)
        }
        recorder.record(.messageReceived, at: role, text)
        wake.signal()
    }

    private func padAdded(_ pad: UnsafeMutablePointer<GstPad>) {
        guard gst_pad_get_direction(pad) == GST_PAD_SRC else { return }
        var kind = "unknown", encoding = "unknown"
        if let caps = gst_pad_get_current_caps(pad) ?? gst_pad_query_caps(pad, nil) {
            if let structure = gst_caps_get_structure(caps, 0) {
                if let value = gst_structure_get_string(structure, "media") { kind = String(cString: value) }
                if let value = gst_structure_get_string(structure, "encoding-name") { encoding = String(cString: value) }
            }
            gst_mini_object_unref(UnsafeMutablePointer<GstMiniObject>(OpaquePointer(caps)))
        }
        let stream = kind
        let decoder = Self.decoderDescription(encoding: encoding)
        if decoder == nil {
            state.withLock { $0.undecodable.append("\(stream) \(encoding)") }
            recorder.record(.noDecoder, at: role, "\(stream) \(encoding)")
        }
        let description = (decoder.map { "\($0) ! " } ?? "") + "fakesink name=sink sync=false async=false"
        var error: UnsafeMutablePointer<GError>?
        guard let bin = gst_parse_bin_from_description(description, 1, &error) else {
            if let error { g_error_free(error) }
            return
        }
        let element = UnsafeMutablePointer<GstElement>(OpaquePointer(bin))
        _ = gst_bin_add(gstBin(pipeline), element)
        _ = gst_element_sync_state_with_parent(element)
        if let sinkPad = gst_element_get_static_pad(element, "sink") {
            _ = gst_pad_link(pad, sinkPad)
            gst_object_unref(UnsafeMutableRawPointer(sinkPad))
        }
        addCountingProbe(pad, stream: stream, decoded: false)
        if decoder != nil, let sink = gst_bin_get_by_name(gstBin(element), "sink") {
            if let sinkPad = gst_element_get_static_pad(sink, "sink") {
                addCountingProbe(sinkPad, stream: stream, decoded: true)
                gst_object_unref(UnsafeMutableRawPointer(sinkPad))
            }
            gst_object_unref(UnsafeMutableRawPointer(sink))
        }
    }

    private func addCountingProbe(_ pad: UnsafeMutablePointer<GstPad>, stream: String, decoded: Bool) {
        let onBuffer: @convention(c) (UnsafeMutablePointer<GstPad>?, UnsafeMutablePointer<GstPadProbeInfo>?, gpointer?) -> GstPadProbeReturn = { _, _, data in
            guard let context = CallbackContext.from(data), let peer = context.peer else { return GST_PAD_PROBE_OK }
            let decoded = context.tag.hasPrefix("decoded:")
            peer.counted(stream: String(context.tag.split(separator: ":", maxSplits: 1).last ?? ""), decoded: decoded)
            return GST_PAD_PROBE_OK
        }
        let context = Unmanaged.passRetained(CallbackContext(peer: self, tag: "\(decoded ? "decoded" : "rtp"):\(stream)")).toOpaque()
        _ = gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, onBuffer, context, releaseContextDestroy)
    }

    private func counted(stream: String, decoded: Bool) {
        let first: Bool = state.withLock {
            if decoded {
                $0.decodedFrames[stream, default: 0] += 1
                return $0.decodedFrames[stream] == 1
            } else {
                $0.rtpPackets[stream, default: 0] += 1
                return $0.rtpPackets[stream] == 1
            }
        }
        if first {
            recorder.record(decoded ? .firstDecodedFrame : .firstRTP, at: role, stream)
            wake.signal()
        }
    }

    // MARK: Actions (session thread only)

    /// Sets the pipeline playing and, at the offerer, creates the data channel (webrtcbin refuses one
    /// while it is still in the NULL state).
    func start() -> Bool {
        guard gst_element_set_state(pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE else { return false }
        if media.dataChannel && role == .offerer {
            guard let channel = rtc_webrtc_create_data_channel(webrtc, "rtcscope", nil) else { return false }
            adoptChannel(channel, owned: true)
        }
        return true
    }

    enum NegotiationError: Error {
        /// webrtcbin answered with an error (its message).
        case rejected(String)
        /// No reply before the deadline.
        case expired(String)
    }

    /// Creates an offer or answer and sets it as the local description; returns its text.
    func createLocalDescription(_ type: DescriptionType, until deadline: DispatchTime) throws(NegotiationError) -> String {
        let isOffer = type == .offer
        let create = PromiseWaiter()
        if isOffer { rtc_webrtc_create_offer(webrtc, create.promise) } else { rtc_webrtc_create_answer(webrtc, create.promise) }
        let field = isOffer ? "offer" : "answer"
        guard case .replied(let reply) = create.wait(until: deadline) else { throw .expired("create-\(field)") }
        if let message = PromiseWaiter.errorMessage(reply) { throw .rejected(message) }
        guard let description = PromiseWaiter.description(reply, field) else { throw .rejected("create-\(field) gave no description") }
        defer { gst_webrtc_session_description_free(description) }
        let text = SDPText.text(of: description)
        recorder.record(isOffer ? .offerCreated : .answerCreated, at: role)
        let set = PromiseWaiter()
        rtc_webrtc_set_local_description(webrtc, description, set.promise)
        guard case .replied(let setReply) = set.wait(until: deadline) else { throw .expired("set-local-description") }
        if let message = PromiseWaiter.errorMessage(setReply) {
            recorder.record(.descriptionRejected, at: role, "local \(field): \(message)")
            throw .rejected(message)
        }
        recorder.record(.localDescriptionSet, at: role, field)
        return text
    }

    /// Sets `text` as the remote description of `type`.
    func setRemoteDescription(_ text: String, type: DescriptionType, until deadline: DispatchTime) throws(NegotiationError) {
        let field = type.rawValue
        // Defence in depth for the network rule: webrtcbin would add a=candidate lines itself.
        let foreign = SDPLines(text).lines.filter { $0.hasPrefix("a=candidate:") && CandidateLine($0)?.isLoopback != true }
        guard foreign.isEmpty else {
            recorder.record(.descriptionRejected, at: role, "refused: the \(field) names non-loopback candidates")
            throw .rejected("the engine refuses a remote \(field) with non-loopback candidates (\(foreign.count))")
        }
        guard let description = SDPText.description(text, type: type == .offer ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER) else {
            recorder.record(.descriptionRejected, at: role, "GStreamer cannot parse the \(field)")
            throw .rejected("GStreamer's SDP parser refused the \(field)")
        }
        defer { gst_webrtc_session_description_free(description) }
        let set = PromiseWaiter()
        rtc_webrtc_set_remote_description(webrtc, description, set.promise)
        guard case .replied(let reply) = set.wait(until: deadline) else { throw .expired("set-remote-description") }
        if let message = PromiseWaiter.errorMessage(reply) {
            recorder.record(.descriptionRejected, at: role, "remote \(field): \(message)")
            throw .rejected(message)
        }
        recorder.record(.remoteDescriptionSet, at: role, field)
        attachTransport()
    }

    /// Candidates gathered since the last call, to be handed to the other peer.
    func takeOutgoingCandidates() -> [(UInt32, String)] {
        state.withLock {
            let out = $0.outgoing
            $0.outgoing.removeAll()
            return out
        }
    }

    /// Hands a candidate (or, when empty, end-of-candidates) to webrtcbin. Refuses anything that is not on
    /// loopback: the network rule holds even if a caller passes a candidate from a user's SDP.
    func addRemoteCandidate(mline: UInt32, _ candidate: String) {
        guard candidate.isEmpty || CandidateLine(candidate)?.isLoopback == true else {
            recorder.record(.busWarning, at: role, "refused a non-loopback candidate: \(candidate)")
            return
        }
        rtc_webrtc_add_ice_candidate(webrtc, mline, candidate)
    }

    /// Sends the ping once a channel is open (offerer) and echoes what arrived (answerer).
    func serviceDataChannel() {
        let (channels, toEcho, mustPing): ([ObjectRef], [String], Bool) = state.withLock {
            let ping = role == .offerer && $0.openChannels > 0 && !$0.sentPing
            if ping { $0.sentPing = true }
            let echo = role == .answerer ? $0.pendingEcho : []
            if role == .answerer { $0.pendingEcho.removeAll() }
            return ($0.channels, echo, ping)
        }
        guard let channel = channels.first?.pointer else { return }
        if mustPing {
            rtc_data_channel_send_string(channel, Self.pingMessage)
            recorder.record(.messageSent, at: role, Self.pingMessage)
        }
        for message in toEcho where !message.hasPrefix(Self.echoPrefix) {
            rtc_data_channel_send_string(channel, Self.echoPrefix + message)
            recorder.record(.messageSent, at: role, Self.echoPrefix + message)
        }
    }

    /// The DTLS transport of the first transceiver that belongs to an m-line (or of SCTP), watched for its
    /// state from now on. Transceivers webrtcbin created but never associated have a transport that never
    /// connects.
    private func attachTransport() {
        guard dtlsTransport.withLock({ $0 }) == nil else { return }
        var transport: UnsafeMutablePointer<GObject>?
        var index: Int32 = 0
        while transport == nil, let transceiver = rtc_webrtc_get_transceiver(webrtc, index) {
            defer { g_object_unref(transceiver) }
            index += 1
            guard GProperty.string(transceiver, "mid") != nil else { continue }
            if let receiver = GProperty.object(transceiver, "receiver") {
                transport = GProperty.object(receiver, "transport")
                g_object_unref(receiver)
            }
        }
        if transport == nil, let sctp = GProperty.object(gobject(webrtc), "sctp-transport") {
            transport = GProperty.object(sctp, "transport")
            g_object_unref(sctp)
        }
        guard let transport else { return }
        let reference = ObjectRef(transport)
        dtlsTransport.withLock { $0 = reference }
        owned.withLock { $0.append(reference) }
    }

    /// The certificate the remote peer presented in the DTLS handshake (PEM), once DTLS has connected.
    func remoteCertificate() -> String? {
        dtlsTransport.withLock { $0 }.flatMap { GProperty.string($0.pointer, "remote-certificate") }
    }

    /// Connection states, read from the session thread (never inside a webrtcbin signal).
    struct Snapshot {
        var ice: String, connection: String, dtls: String, gathering: String
        var candidates: [String]
        var rtpPackets: [String: Int], decodedFrames: [String: Int]
        var undecodable: [String]
        var openChannels: Int
        var received: [String]
    }

    /// Reads the states, records every change in the timeline, and returns the current picture.
    func poll() -> Snapshot {
        if dtlsTransport.withLock({ $0 }) == nil { attachTransport() }
        let object = gobject(webrtc)
        let ice = GProperty.enumNick(object, "ice-connection-state") ?? "new"
        let connection = GProperty.enumNick(object, "connection-state") ?? "new"
        let gathering = GProperty.enumNick(object, "ice-gathering-state") ?? "new"
        let dtls = dtlsTransport.withLock { $0 }.flatMap { GProperty.enumNick($0.pointer, "state") } ?? "new"
        let changes: [(Timeline.Kind, String)] = state.withLock {
            var changes: [(Timeline.Kind, String)] = []
            if $0.lastGathering != gathering { $0.lastGathering = gathering; changes.append((.iceGatheringState, gathering)) }
            if $0.lastICE != ice { $0.lastICE = ice; changes.append((.iceConnectionState, ice)) }
            if $0.lastDTLS != dtls { $0.lastDTLS = dtls; changes.append((.dtlsState, dtls)) }
            if $0.lastConnection != connection { $0.lastConnection = connection; changes.append((.connectionState, connection)) }
            return changes
        }
        for (kind, value) in changes { recorder.record(kind, at: role, value) }
        pollBus()
        return state.withLock {
            Snapshot(ice: ice, connection: connection, dtls: dtls, gathering: gathering, candidates: $0.candidates,
                     rtpPackets: $0.rtpPackets, decodedFrames: $0.decodedFrames, undecodable: $0.undecodable,
                     openChannels: $0.openChannels, received: $0.received)
        }
    }

    /// Bus errors seen so far (element name and message).
    private let busErrors = Locked<[String]>([])
    var errors: [String] { busErrors.withLock { $0 } }

    private func pollBus() {
        let types = GstMessageType(rawValue: GST_MESSAGE_ERROR.rawValue | GST_MESSAGE_WARNING.rawValue)
        while let message = gst_bus_pop_filtered(bus, types) {
            defer { gst_mini_object_unref(UnsafeMutablePointer<GstMiniObject>(OpaquePointer(message))) }
            var error: UnsafeMutablePointer<GError>?
            var debug: UnsafeMutablePointer<gchar>?
            let isError = message.pointee.type == GST_MESSAGE_ERROR
            if isError { gst_message_parse_error(message, &error, &debug) } else { gst_message_parse_warning(message, &error, &debug) }
            let text = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown"
            if let error { g_error_free(error) }
            g_free(debug)
            let source = message.pointee.src.flatMap { takeGString(gst_object_get_name($0)) } ?? "?"
            let line = "\(source): \(text)"
            if isError { busErrors.withLock { $0.append(line) } }
            recorder.record(isError ? .busError : .busWarning, at: role, line)
        }
    }

    /// Stops the pipeline and releases everything. Idempotent.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = gst_element_set_state(pipeline, GST_STATE_NULL)
        for object in owned.withLock({ $0 }) { g_object_unref(object.pointer) }
        owned.withLock { $0.removeAll() }
        state.withLock { $0.channels.removeAll() }
        gst_object_unref(UnsafeMutableRawPointer(bus))
        gst_object_unref(UnsafeMutableRawPointer(pipeline))
    }
}
