import Diagnostics

/// ICE credentials and candidates (RFC 8839).
enum ICEChecks {
    static let checks: [LintCheck] = [
        LintCheck(.sdpICEMissingCredentials, missingCredentials),
        LintCheck(.sdpICEUfragLength, ufragLength),
        LintCheck(.sdpICEPasswordLength, passwordLength),
        LintCheck(.sdpICECharacters, characters),
        LintCheck(.sdpICELiteLevel, liteLevel),
        LintCheck(.sdpICEMDNSCandidate, mDNSCandidate),
        LintCheck(.sdpICECandidateUfrag, candidateUfrag),
    ]

    static func missingCredentials(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media where indexed.isInUse {
            guard let media = indexed.mediaLine, media.transport.usesDTLS else { continue }
            var missing: [String] = []
            if !c.transportApplies(.iceUfrag, to: indexed) { missing.append("a=ice-ufrag") }
            if !c.transportApplies(.icePwd, to: indexed) { missing.append("a=ice-pwd") }
            guard !missing.isEmpty else { continue }
            out.report("section \(c.text(media.kindRange)) has no \(missing.joined(separator: " and ")), here or at session level",
                       hint: "add the ICE credentials of the agent that gathered the candidates; webrtcbin rejects the description (\"missing or contains an empty 'ice-ufrag'\")",
                       line: media.line, range: media.kindRange)
        }
    }

    static func eachCredential(_ c: LintContext, _ kind: AttributeKind, _ body: (Attribute, Range<Int>) -> Void) {
        for indexed in c.sections {
            indexed.each(kind) { attribute in
                let value = attribute.valueRange ?? attribute.line.contentEnd..<attribute.line.contentEnd
                body(attribute, value)
            }
        }
    }

    static func length(_ c: LintContext, _ out: inout FindingSink, _ kind: AttributeKind, _ credential: ICECredential.Kind) {
        eachCredential(c, kind) { attribute, value in
            let allowed = credential.allowedLength
            guard !allowed.contains(value.count) else { return }
            out.report("a=\(credential.attributeName) is \(value.count) characters long; it must have \(allowed.lowerBound)–\(allowed.upperBound)",
                       hint: credential == .usernameFragment
                           ? "use a random ufrag of at least 4 ice-chars (browsers use 4–16)"
                           : "use a random password of at least 22 ice-chars (128 bits of randomness)",
                       line: attribute.line, range: value.isEmpty ? nil : value)
        }
    }

    static func ufragLength(_ c: LintContext, _ out: inout FindingSink) { length(c, &out, .iceUfrag, .usernameFragment) }
    static func passwordLength(_ c: LintContext, _ out: inout FindingSink) { length(c, &out, .icePwd, .password) }

    static func characters(_ c: LintContext, _ out: inout FindingSink) {
        for kind in [AttributeKind.iceUfrag, .icePwd] {
            eachCredential(c, kind) { attribute, value in
                guard let bad = value.first(where: { !ICECredential.isICEChar(c.bytes[$0]) }) else { return }
                let shown = SDPBytes.isSpace(c.bytes[bad]) ? "a space" : "'\(c.text(bad..<(bad + 1)))'"
                out.report("a=\(c.text(attribute.nameRange)) contains \(shown); ICE credentials are letters, digits, '+' and '/' only",
                           hint: "regenerate the credential from ALPHA / DIGIT / + / /; check the value was not escaped or truncated when copied",
                           line: attribute.line, range: bad..<(bad + 1))
            }
        }
    }

    static func liteLevel(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            indexed.each(.iceLite) { attribute in
                out.report("a=ice-lite in a media section; it is defined at session level only",
                           hint: "move a=ice-lite above the first m= line", line: attribute.line, range: attribute.nameRange)
            }
        }
    }

    static func mDNSCandidate(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            for candidate in indexed.candidates {
                let attribute = candidate.attribute
                guard candidate.addressKind == .mDNS else { continue }
                out.report("candidate address \(candidate.address) is an mDNS name (a browser hiding its host address); only a peer on the same link with mDNS resolution can use it",
                           hint: "expect a peer-reflexive pair instead, or disable host-address obfuscation when testing",
                           line: attribute.line, range: candidate.addressRange)
            }
        }
    }

    static func candidateUfrag(_ c: LintContext, _ out: inout FindingSink) {
        for indexed in c.media {
            guard indexed.has(.candidate), let credential = (indexed.first(.iceUfrag) ?? c.session.first(.iceUfrag)),
                  let ufrag = credential.valueRange else { continue }
            for candidate in indexed.candidates {
                let attribute = candidate.attribute
                guard let own = candidate.usernameFragmentRange, !SDPBytes.equal(c.bytes, own, ufrag) else { continue }
                out.report("candidate carries ufrag \(c.text(own)) but the section's a=ice-ufrag is \(c.text(ufrag)): it belongs to another ICE generation",
                           hint: "drop candidates from before the ICE restart, or update a=ice-ufrag/a=ice-pwd together with them",
                           line: attribute.line, range: own, notes: [(credential.line, ufrag)])
            }
        }
    }
}
