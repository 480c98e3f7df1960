import ArgumentParser

@main
struct RTCLoop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtcloop",
        abstract: "Reproduce a WebRTC negotiation with two real GStreamer webrtcbin peers on 127.0.0.1.",
        discussion: """
        Two webrtcbin peers in this process negotiate with each other on the loopback interface \
        (no signalling server, nothing sent anywhere else). Any SDP can be injected: an offer is given \
        to the answering peer, an answer to the offering peer; the other peer mirrors the injected \
        description and its ICE credentials, fingerprint and setup role are rebound to that peer unless \
        --keep says otherwise.

        Examples:
          rtcloop run
          rtcloop run --media video,audio,data
          rtcloop run --media video,data --video h264
          rtcloop run --direction recvonly --bundle-policy max-compat
          rtcloop run --offer Corpus/pairs/chromium-webrtcbin/audio-video.offer.sdp
          rtcloop run --offer broken.sdp --keep setup --timeout 5 --format json
          rtcloop run --capture case.pcapng --hold 2 --gst-debug webrtcbin:6 --gst-debug-file case.log
          rtcloop run --answer Corpus/pairs/webrtcbin-firefox/audio-video.answer.sdp --keep-transport
          rtcloop run --offer user.offer.sdp --answer user.answer.sdp --keep setup
          rtcloop suite Corpus --report Reports --jobs 2
          MALLOC_ARENA_MAX=2 rtcloop bench --cases 50

        Outcomes: connected, rejected-offer, rejected-answer, ice-failed, dtls-failed, no-media, \
        timeout, crashed.
        Exit status: 0 connected, 1 any other outcome, 2 unusable input. The status follows the \
        outcome: a connected case whose certificate does not match its a=fingerprint (webrtcbin 1.22 \
        accepts it) exits 0 and still prints the LOOP-DTLS-003 error finding. \
        rtcloop suite exits 1 when any case's outcome differs from its reviewed expectation.
        """,
        version: "0.1.0",
        subcommands: [Run.self, Suite.self, Bench.self],
        defaultSubcommand: Run.self
    )
}
