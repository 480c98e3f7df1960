// swift-tools-version:6.0
// RTCScope: offline WebRTC diagnostics. One module per concern; executables stay thin.
import PackageDescription

let package = Package(
    name: "RTCScope",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
        .library(name: "SDP", targets: ["SDP"]),
        .executable(name: "sdpcheck", targets: ["sdpcheck"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "Capture", targets: ["Capture"]),
        .executable(name: "rtpdump", targets: ["rtpdump"]),
        .library(name: "Loopback", targets: ["Loopback"]),
        .executable(name: "rtcloop", targets: ["rtcloop"]),
        .executable(name: "sdp-bench", targets: ["sdp-bench"]),
        // scripts/fuzz links libFuzzer entry files (Fuzz/) against these static libraries.
        .library(name: "SDPFuzzable", type: .static, targets: ["SDP", "Negotiation", "SDPDiff"]),
        .library(name: "WireFuzzable", type: .static, targets: ["Wire"]),
        .library(name: "CaptureFuzzable", type: .static, targets: ["Capture"]),
        // PRODUCTS: add further products above this line
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // Findings, rule catalogue, locations, exit status: shared by every tool. No dependencies.
        .target(name: "Diagnostics"),
        // Lossless RFC 8866 model, typed views and single-description lint rules.
        .target(name: "SDP", dependencies: ["Diagnostics"]),
        // Text / JSON rendering of findings shared by all executables.
        .target(name: "Report", dependencies: ["Diagnostics"]),
        // What the executables share: reading inputs (stdin as `-`), output options, console.
        .target(name: "ToolSupport", dependencies: [
            "Diagnostics", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "sdpcheck", dependencies: [
            "SDP", "AnswererProfiles", "SDPDiff", "Negotiation", "Report", "Diagnostics", "ToolSupport", "HTMLReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // libpcap for what it alone does: BPF filter compilation and matching (live capture later).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        // Pure decoders (link/IP/UDP, STUN, RTP, RTCP, DTLS): byte slices in, values out; no I/O, no C.
        .target(name: "Wire", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // pcap/pcapng readers, datagram pipeline, stream statistics, ICE check table, capture findings.
        .target(name: "Capture", dependencies: [
            "Wire", "CPcap", "Diagnostics",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "X509", package: "swift-certificates"),
        ]),
        .executableTarget(name: "rtpdump", dependencies: [
            "Capture", "Wire", "Report", "Diagnostics", "HTMLReport", "SDP", "ToolSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // GStreamer 1.22 webrtcbin + libnice, seen from Swift only through Loopback.
        .systemLibrary(name: "CGStreamer", pkgConfig: "gstreamer-webrtc-1.0",
                       providers: [.apt(["libgstreamer-plugins-bad1.0-dev", "libnice-dev"])]),
        // One C function per variadic GLib call (action signals, g_object_set).
        .target(name: "GstShim", dependencies: ["CGStreamer"]),
        // Two in-process webrtcbin peers on 127.0.0.1: negotiation, injection, timeline, outcome.
        .target(name: "Loopback", dependencies: ["CGStreamer", "GstShim", "Diagnostics", "SDP", "CMalloc"]),
        .executableTarget(name: "rtcloop", dependencies: [
            "Loopback", "Report", "Diagnostics", "ToolSupport", "SDP", "HTMLReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // scripts/bench: parse+lint throughput beside GStreamer's C parser (not a test).
        .executableTarget(name: "sdp-bench", dependencies: ["SDP"], path: "Benchmarks/sdp-bench"),
        // Semantic diff of two descriptions of one session, with the renegotiation rules.
        .target(name: "SDPDiff", dependencies: ["SDP", "Diagnostics"]),
        // Offer/answer pair rules, negotiated result, ICE candidate pairs (sdpcheck OFFER ANSWER).
        .target(name: "Negotiation", dependencies: ["SDP", "Diagnostics"]),
        // Measured answerer behaviour (data in Resources, from scripts/profiles) and the predictor.
        .target(name: "AnswererProfiles", dependencies: ["SDP", "Diagnostics"], resources: [.copy("Resources")]),
        // Typed SVG charts shared by every HTML report: series, markers, axes, legends, min/max decimation.
        .target(name: "Charts"),
        // Self-contained HTML reports (Plot): shared page chrome, findings, tables; sdpcheck's pair report.
        .target(name: "HTMLReport", dependencies: [
            "Charts", "Diagnostics", "SDP", "Negotiation", "Capture", "Wire", .product(name: "Plot", package: "Plot"),
        ]),
        // glibc allocator statistics (mallinfo2) for the loop-back leak check; header only.
        .systemLibrary(name: "CMalloc"),
        // TARGETS: add further targets above this line
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "Report"]),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "Diagnostics"], resources: []),
        .testTarget(name: "WireTests", dependencies: ["Wire"]),
        // Fixtures are read through #filePath (Tests/CaptureTests/Fixtures), regenerated by scripts/captures.
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "Wire", "Diagnostics"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "LoopbackTests", dependencies: ["Loopback", "Diagnostics", "rtcloop"],
                    resources: [.copy("Fixtures")]),
        // Golden and behaviour tests of the sdpcheck executable (runs the built binary).
        .testTarget(name: "SDPCheckTests", dependencies: ["sdpcheck"], exclude: ["Fixtures", "Golden"]),
        // Fixtures (real webrtcbin renegotiation SDPs) are read through #filePath; regenerated by scripts/profiles/make-diff-fixtures.py.
        .testTarget(name: "SDPDiffTests", dependencies: ["SDPDiff", "SDP", "Diagnostics"], exclude: ["Fixtures"]),
        // Pair rules on real corpus SDPs and minimal edits of them (Fixtures read through #filePath).
        .testTarget(name: "NegotiationTests", dependencies: ["Negotiation", "SDP", "Diagnostics"], exclude: ["Fixtures"]),
        // The predictor against webrtcbin's real answers (Fixtures, written by scripts/profiles/measure-webrtcbin.py).
        .testTarget(name: "AnswererProfilesTests", dependencies: ["AnswererProfiles", "SDP", "Diagnostics"], exclude: ["Fixtures"]),
        // Decimation and SVG well-formedness on real capture timings (reads Tests/CaptureTests/Fixtures).
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "ReportTestSupport"]),
        // Reports parsed as XML and checked against the data (real Corpus pairs); rendered in headless Chromium.
        .testTarget(name: "HTMLReportTests", dependencies: ["HTMLReport", "Negotiation", "SDP", "Diagnostics", "Capture", "Charts", "sdpcheck", "rtpdump", "rtcloop", "ReportTestSupport"]),
        // The XML well-formedness and element checker the report test targets share.
        .target(name: "ReportTestSupport", path: "Tests/ReportTestSupport"),
        // TESTS: add further test targets above this line
    ],
    swiftLanguageModes: [.v6]
)
