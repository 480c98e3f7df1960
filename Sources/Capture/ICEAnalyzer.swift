import Diagnostics
import Wire

/// A STUN message as reported.
public struct STUNRecord: Encodable, Sendable {
    public let frame: Int
}

/// One ICE candidate pair's connectivity checks.
public struct ICEPairReport: Encodable, Sendable {
    public let source: String
}

/// Pairs STUN requests with responses and builds the ICE check table.
struct ICEAnalyzer {
    var passwords: [String: String] = [:]

    init(passwords: [String: String] = [:]) { self.passwords = passwords }

    mutating func add(_ payload: ArraySlice<UInt8>, frame: Int, time: Double, source: Endpoint, destination: Endpoint) -> String {
        "STUN"
    }

    func finish(file: String) -> (messages: [STUNRecord], pairs: [ICEPairReport], findings: [Finding]) {
        ([], [], [])
    }
}
