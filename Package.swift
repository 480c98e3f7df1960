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
        // PRODUCTS: add further products above this line
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
    ],
    targets: [
        // Findings, rule catalogue, locations, exit status: shared by every tool. No dependencies.
        .target(name: "Diagnostics"),
        // Lossless RFC 8866 model, typed views and single-description lint rules.
        .target(name: "SDP", dependencies: ["Diagnostics"]),
        // Text / JSON rendering of findings shared by all executables.
        .target(name: "Report", dependencies: ["Diagnostics"]),
        .executableTarget(name: "sdpcheck", dependencies: [
            "SDP", "Report", "Diagnostics",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // TARGETS: add further targets above this line
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "Report"]),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "Diagnostics"], resources: []),
        // TESTS: add further test targets above this line
    ],
    swiftLanguageModes: [.v6]
)
