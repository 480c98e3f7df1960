import Diagnostics
import Foundation
import Loopback

/// Reads SDP fixtures copied into the test bundle.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return Array(try Data(contentsOf: url))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    static func injection(_ name: String, as type: DescriptionType, keep: Set<Injection.KeptAttribute> = []) throws -> Injection {
        try Injection(type: type, bytes: try bytes(name), source: name, keep: keep)
    }

    struct FixtureMissing: Error { let name: String }
}

extension TransportConfiguration {
    /// A short libnice idle-timeout so that ICE failure cases end in about a second (CI has 2 cores). The STUN
    /// retransmission timers keep their defaults: a check answered late on a loaded machine must not fail.
    static let fastFailure = TransportConfiguration(stunInitialTimeout: 200, stunMaxRetransmissions: 4, iceFailureTimeout: 800)
}

extension Session.Result {
    /// The timeline as text, for expectation messages.
    var trace: String { "\(outcome)\n" + timeline.events.map(\.description).joined(separator: "\n") }
}
