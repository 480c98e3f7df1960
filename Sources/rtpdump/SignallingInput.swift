import Capture
import Diagnostics
import SDP
import ToolSupport

/// Reads `--sdp` files with the SDP module and hands the capture analysis the neutral facts it
/// checks the wire against: ICE credentials, payload type mappings, extmap ids, fingerprints.
enum SignallingInput {
    /// - Throws: `InputError` for a file that cannot be read or is not a session description.
    static func facts(from paths: [String]) throws(InputError) -> SignalledFacts {
        var facts = SignalledFacts()
        for path in paths {
            let bytes = try InputFile.read(path, limit: SDPLimits.maxBytes)
            let description = try SessionDescription.parse(bytes, source: path)
            add(description, file: path, to: &facts)
        }
        return facts
    }

    static func add(_ description: SessionDescription, file: String, to facts: inout SignalledFacts) {
        for section in description.sections {
            let ufrag = description.iceUsernameFragment(of: section)?.value
            if let ufrag, let password = description.icePassword(of: section)?.value,
               !facts.iceCredentials.contains(where: { $0.usernameFragment == ufrag && $0.password == password }) {
                facts.iceCredentials.append(.init(usernameFragment: ufrag, password: password, file: file))
            }
            for map in section.rtpMaps where (0..<128).contains(map.payloadType) {
                let pt = UInt8(map.payloadType)
                if facts.codecs[pt] == nil {
                    facts.codecs[pt] = .init(encodingName: map.encodingName, clockRate: map.clockRate, channels: map.channels)
                }
            }
            for map in section.extensionMaps where (1...255).contains(map.id) {
                let id = UInt8(map.id)
                if facts.headerExtensions[id] == nil { facts.headerExtensions[id] = map.uri }
            }
            for fingerprint in section.fingerprints {
                let line = fingerprint.attribute.line
                let signalled = SignalledFacts.Fingerprint(
                    hashFunction: fingerprint.hashFunctionName,
                    digest: String(decoding: fingerprint.attribute.bytes[fingerprint.digestRange], as: UTF8.self),
                    usernameFragment: ufrag, file: file, line: line.number,
                    column: fingerprint.digestRange.lowerBound - line.start + 1, length: fingerprint.digestRange.count)
                if !facts.fingerprints.contains(where: { $0.file == file && $0.digest == signalled.digest && $0.usernameFragment == ufrag }) {
                    facts.fingerprints.append(signalled)
                }
            }
        }
    }
}
