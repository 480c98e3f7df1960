import Diagnostics

/// Fingerprints and setup roles (RFC 8122, RFC 4145, RFC 8842, RFC 8827 §6.5).
enum DTLSChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpDTLSMissingFingerprint, missingFingerprint),
        LintCheck(.sdpDTLSUnknownHash, unknownHash),
        LintCheck(.sdpDTLSWeakHash, weakHash),
        LintCheck(.sdpDTLSDigestLength, digestLength),
        LintCheck(.sdpDTLSSetupValue, setupValue),
        LintCheck(.sdpDTLSMissingSetup, missingSetup),
    ]

    /// Live media sections whose transport is DTLS.
    static func dtlsSections(_ c: LintContext) -> some Sequence<(IndexedSection, MediaLine)> {
        c.media.lazy.compactMap { s in s.isInUse ? s.mediaLine.flatMap { $0.transport.usesDTLS ? (s, $0) : nil } : nil }
    }

    static func missingFingerprint(_ c: LintContext, _ out: inout FindingSink) {
        for (indexed, media) in dtlsSections(c) where !c.transportApplies(.fingerprint, to: indexed) {
            out.report("\(c.text(media.protocolRange)) section \(c.text(media.kindRange)) has no a=fingerprint, here or at session level",
                       hint: "add a=fingerprint:sha-256 <digest of the DTLS certificate>; webrtcbin rejects the description (\"No fingerprint lines in sdp\") and browsers fail setRemoteDescription",
                       line: media.line, range: media.protocolRange)
        }
    }

    /// Every parsed fingerprint, session level included.
    static func eachFingerprint(_ c: LintContext, _ body: (Fingerprint) -> Void) {
        for indexed in c.sections {
            for f in indexed.fingerprints { body(f) }
        }
    }

    static func unknownHash(_ c: LintContext, _ out: inout FindingSink) {
        eachFingerprint(c) { f in
            guard f.hashFunction == .other else { return }
            out.report("unknown fingerprint hash function \"\(f.hashFunctionName)\"",
                       hint: "use sha-256 (names from the IANA Hash Function Textual Names registry: sha-1, sha-224, sha-256, sha-384, sha-512)",
                       line: f.attribute.line, range: f.hashFunctionRange)
        }
    }

    static func weakHash(_ c: LintContext, _ out: inout FindingSink) {
        eachFingerprint(c) { f in
            guard f.hashFunction == .sha1 || f.hashFunction == .md5 || f.hashFunction == .md2 else { return }
            out.report("fingerprint uses \(f.hashFunctionName); WebRTC endpoints must support and use SHA-256 (browsers still accept SHA-1 from old peers)",
                       hint: "generate the fingerprint with sha-256", line: f.attribute.line, range: f.hashFunctionRange)
        }
    }

    static func digestLength(_ c: LintContext, _ out: inout FindingSink) {
        eachFingerprint(c) { f in
            guard let expected = f.hashFunction.digestLength else { return }
            guard let length = f.digestLength else {
                out.report("fingerprint digest is not colon-separated pairs of hex digits",
                           hint: "write the \(f.hashFunctionName) digest as \(expected) bytes like AB:CD:…", line: f.attribute.line, range: f.digestRange)
                return
            }
            if length != expected {
                out.report("\(f.hashFunctionName) fingerprint has \(length) bytes; \(f.hashFunctionName) digests have \(expected)",
                           hint: "copy the whole digest, or name the hash function that produced \(length) bytes",
                           line: f.attribute.line, range: f.digestRange)
            }
        }
    }

    static func setupValue(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.sections {
            indexed.each(.setup) { attribute in
                guard Setup(attribute) == nil else { return }
                out.report("a=setup value \"\(attribute.value ?? "")\" is not actpass, active, passive or holdconn",
                           hint: "an offer writes a=setup:actpass; an answer a=setup:active or a=setup:passive",
                           line: attribute.line, range: attribute.valueRange.flatMap { $0.isEmpty ? nil : $0 })
            }
        }
    }

    static func missingSetup(_ c: LintContext, _ out: inout FindingSink) {
        for (indexed, media) in dtlsSections(c) where !c.transportApplies(.setup, to: indexed) {
            out.report("\(c.text(media.protocolRange)) section \(c.text(media.kindRange)) has no a=setup; RFC 4145 then means active, which an offer must not imply",
                       hint: "add a=setup:actpass in an offer, a=setup:active or passive in an answer",
                       line: media.line, range: media.protocolRange)
        }
    }
}
