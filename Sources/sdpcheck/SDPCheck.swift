import ArgumentParser
import ToolSupport

@main
struct SDPCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdpcheck",
        abstract: "Explain why two WebRTC peers' session descriptions do not fit together.",
        discussion: """
        Every input may be a raw SDP file, a JSON RTCSessionDescription ({"type":"offer","sdp":"…"}) \
        as copied from a browser console, or - for standard input.

        Examples:
          sdpcheck lint offer.sdp answer.sdp
          sdpcheck lint --format json Corpus/chromium/audio-video.offer.sdp
          sdpcheck format --anonymize offer.sdp answer.sdp
          pbpaste | sdpcheck lint -

        Exit status: 0 nothing worse than warnings, 1 errors found, 2 unusable input \
        (with several inputs the highest wins; every input is still processed).
        """,
        version: "0.1.0",
        subcommands: [Check.self, Lint.self, Show.self, Format.self, Diff.self, Dump.self],
        defaultSubcommand: Check.self
    )
}
