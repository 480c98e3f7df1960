import Foundation  // Bundle.module for the measured profile resource

/// What a WebRTC stack does when it answers an offer, as measured with the real stack.
///
/// A profile is data (`Resources/<answerer>-<version>.json`), written by a measurement
/// script that feeds real offers and minimal edits of them to the stack and records
/// what happened (`scripts/profiles/measure-webrtcbin.py` for GStreamer webrtcbin). The
/// claims carry their evidence (how many measured cases support them); ``cases`` keeps
/// each case's outcome in short form. ``AnswerPredictor`` turns a profile into a
/// prediction for a new offer.
public struct AnswererProfile: Sendable, Decodable {
    /// `webrtcbin`.
    public let answerer: String
    /// The GStreamer version measured, e.g. `1.22.0`.
    public let gstreamer: String
    /// ISO date of the measurement.
    public let measured: String
    /// The script that measured it.
    public let measuredBy: String
    /// The conditions of the measurement (answerer set-up, policies, network pinning).
    public let conditions: String
    public let claims: Claims
    public let cases: [MeasuredCase]

    /// The answerer and version as shown in output, e.g. `webrtcbin (GStreamer 1.22.0)`.
    public var title: String { "\(answerer) (GStreamer \(gstreamer), measured \(measured))" }
}

extension AnswererProfile {
    /// One measured claim: its value and how many cases it rests on.
    public struct Claim<Value: Decodable & Sendable>: Sendable, Decodable {
        public let value: Value
        public let cases: Int?
    }

    /// The measured claims the predictor uses. Names match the JSON keys.
    public struct Claims: Sendable, Decodable {
        /// Most codecs in one RTP m-section of the answer (1 for webrtcbin).
        public let codecsPerSection: Claim<Int>
        /// `first-offered`: the answer's codec is the offer's first codec that is not RTX,
        /// RED or FEC, with the offer's payload type.
        public let codecChoice: Claim<String>
        /// The same codec choice checked on webrtcbin's answers in the corpus runs, where the
        /// answering application had local media (`nil` in profiles measured without them).
        public let codecChoiceWithLocalMedia: Claim<Bool>?
        /// Whether the answer writes the offered encoding name in upper case (`OPUS`).
        public let answerEncodingUppercased: Claim<Bool>
        public let keeps_rtx: Claim<Bool>
        public let keeps_red: Claim<Bool>
        public let keeps_ulpfec: Claim<Bool>
        public let keeps_extmaps: Claim<Bool>
        public let keeps_rids: Claim<Bool>
        public let keeps_simulcast: Claim<Bool>
        public let keeps_ssrcGroups: Claim<Bool>
        public let keeps_maxMessageSize: Claim<Bool>
        /// Offer direction → answer direction for an answerer without local media.
        public let answerDirection: Claim<[String: String]>
        public let bundleGroupInAnswer_none: Claim<Bool>
        public let bundleGroupInAnswer_maxbundle: Claim<Bool>
        /// `<policy>/<rtp|application>` → the port answered for a bundle-only section.
        public let bundleOnlyAnswerPort: Claim<[String: Int]>
        /// `<policy>/<rtp|application>` → the port answered for a section the offer rejects.
        public let rejectedSectionAnswerPort: Claim<[String: Int]>
        public let legacyDataChannel: LegacyDataChannel
        public let setRemoteErrors: SetRemoteErrors
        public let verifiesRemoteFingerprint: Claim<Bool?>
        /// Encoding names some installed RTP depayloader accepts.
        public let depayloadableEncodings: Claim<[String]>
        /// Setup roles the answerer wrote.
        public let answerSetup: Claim<[String]>
    }

    /// How a legacy `DTLS/SCTP` + `a=sctpmap` data channel offer is answered.
    public struct LegacyDataChannel: Sendable, Decodable {
        /// `accepted`, or `nil` when not measured.
        public let value: String?
        public let answerProtocols: [String]
        public let answerFormats: [String]
        public let answerSctpPort: [String]
        public let cases: Int?
    }

    /// set-remote-description errors, by the edit of a real offer that caused them.
    public struct SetRemoteErrors: Sendable, Decodable {
        /// Edit name (`missing-ice-ufrag`, …) → the error texts webrtcbin gave.
        public let value: [String: [String]]
        /// Edits the answerer accepted.
        public let acceptedEdits: [String]
    }

    /// One measured case, in short form.
    public struct MeasuredCase: Sendable, Decodable {
        /// `<producer>/<scenario>` or `<producer>/<scenario>+<edit>`.
        public let `case`: String
        public let bundlePolicy: String
        /// `answered` or `refused`.
        public let result: String
        public let error: String?
        public let bundleGroup: [String]?
        /// `<kind> <port> <pt> <encoding> <direction>` per answered section.
        public let sections: [String]?
    }
}

extension AnswererProfile {
    /// Errors loading a bundled profile (a packaging mistake, not an input problem).
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The measured GStreamer 1.22 webrtcbin profile shipped with RTCScope.
    public static func webrtcbin() throws -> AnswererProfile {
        try bundled("webrtcbin-1.22")
    }

    /// A profile from this module's resources, by file name without `.json`.
    public static func bundled(_ name: String) throws -> AnswererProfile {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: name, withExtension: "json") else {
            throw LoadError(description: "answerer profile \(name).json is not in the AnswererProfiles resources")
        }
        return try decode(Data(contentsOf: url))
    }

    /// Decodes a profile document.
    public static func decode(_ data: Data) throws -> AnswererProfile {
        try JSONDecoder().decode(AnswererProfile.self, from: data)
    }

    /// The answerers `--answerer` accepts.
    public static let known = ["webrtcbin"]

    /// The profile for an `--answerer` value, or `nil` for an unknown one.
    public static func named(_ name: String) throws -> AnswererProfile? {
        switch name.lowercased() {
        case "webrtcbin", "webrtcbin-1.22", "gstreamer": try webrtcbin()
        default: nil
        }
    }
}
