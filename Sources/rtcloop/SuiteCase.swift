import Foundation
import Loopback

/// The part of `Corpus/manifest.json` the suite reads (Corpus/README.md, "manifest.json"): each file's
/// path, producer, role, scenario, pair, and the optional `loopback` block with the reviewed expectation.
struct CorpusManifest: Decodable {
    struct File: Decodable {
        let path: String
        let producer: String
        let role: String
        let scenario: String
        let pair: String?
        /// The real file this one was edited from (failure variants only).
        let variantOf: String?
        /// What the minimal edit changed (failure variants only).
        let edit: String?
        let loopback: Expectation?
    }

    /// The `loopback` block: how the suite runs the file and what it must observe.
    struct Expectation: Decodable {
        /// The outcome observed once and reviewed (never derived from the code under test); a case
        /// without one fails.
        let expected: Outcome.Kind?
        /// Why the loopback expectation differs from what the real stacks did, when it does.
        let reason: String?
        /// `rtcloop run --keep` values (failure variants that reproduce a transport error).
        let keep: [String]?
        /// Failure variants: whether the file is injected as `offer` or `answer` (default: its role).
        let inject: DescriptionType?
        /// Failure variants: the other description of the pair, for `sdpcheck`'s static verdict.
        let partner: String?
        /// Failure variants: a description injected as well, as the other type (`rtcloop run --offer A
        /// --answer B`): an answer variant is replayed with the real offer it answers, so that the offering
        /// peer mirrors that offer instead of the answer.
        let with: String?
        /// A per-case deadline in seconds, when the default one does not fit.
        let timeout: Double?
    }

    let files: [File]
}

/// One case of `rtcloop suite`: one injected description, run by a child `rtcloop run`.
struct SuiteCase: Sendable, Hashable {
    /// `chromium-webrtcbin/audio-video`, `chromium-webrtcbin/renegotiation#2` or `variants/wrong-ice-pwd`.
    let id: String
    /// The matrix row: `chromium → webrtcbin`, or `variants`.
    let row: String
    /// The matrix column: the scenario (`renegotiation #2` for a second round), or the variant name.
    let column: String
    let inject: DescriptionType
    /// Relative to the corpus directory.
    let injectedPath: String
    /// Injected as well, as the other type (relative to the corpus directory).
    let withPath: String?
    /// The other description of the same round, relative to the corpus directory (for sdpcheck).
    let partnerPath: String?
    let keep: [String]
    let expected: Outcome.Kind?
    let expectationReason: String?
    let timeout: Double?
    /// Failure variants: the real file and the edit.
    let variantOf: String?
    let edit: String?

    var isVariant: Bool { variantOf != nil }

    /// The offer and answer for `sdpcheck OFFER ANSWER`, when both exist.
    var staticPair: (offer: String, answer: String)? {
        guard let partnerPath else { return nil }
        return inject == .offer ? (injectedPath, partnerPath) : (partnerPath, injectedPath)
    }
}

extension SuiteCase {
    /// Every case webrtcbin can take part in: each offer a webrtcbin answered (injected into the answering
    /// peer), each answer another stack gave to a webrtcbin offer (injected into the offering peer), and every
    /// failure variant with a `loopback` block. Sorted by id.
    static func cases(in manifest: CorpusManifest) -> [SuiteCase] {
        struct Round { var offer: CorpusManifest.File?; var answer: CorpusManifest.File? }
        var rounds: [String: Round] = [:]
        var result: [SuiteCase] = []
        for file in manifest.files {
            if let variantOf = file.variantOf {
                guard let loopback = file.loopback else { continue }
                let name = file.path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? file.path
                let inject = loopback.inject ?? DescriptionType(rawValue: file.role) ?? .offer
                result.append(SuiteCase(
                    id: "variants/\(name)", row: "variants", column: name, inject: inject, injectedPath: file.path,
                    withPath: loopback.with, partnerPath: loopback.partner ?? loopback.with, keep: loopback.keep ?? [], expected: loopback.expected,
                    expectationReason: loopback.reason, timeout: loopback.timeout, variantOf: variantOf, edit: file.edit))
                continue
            }
            guard let pair = file.pair, file.path.hasSuffix(".sdp") else { continue }
            // pairs/<offerer>-<answerer>/<scenario>.<role><round>.sdp
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            let parts = name.split(separator: ".")
            guard parts.count == 3 else { continue }
            let round = String(parts[1].drop { $0.isLetter })
            let key = pair + (round.isEmpty ? "" : "#\(round)")
            if file.role == "offer" { rounds[key, default: Round()].offer = file }
            else if file.role == "answer" { rounds[key, default: Round()].answer = file }
        }
        for (key, round) in rounds {
            let pair = key.split(separator: "#").first.map(String.init) ?? key
            let producers = (pair.split(separator: "/").first ?? "").split(separator: "-").map(String.init)
            guard producers.count == 2 else { continue }
            let (offerer, answerer) = (producers[0], producers[1])
            let injected: CorpusManifest.File?, partner: CorpusManifest.File?, type: DescriptionType
            if answerer == "webrtcbin" {
                (injected, partner, type) = (round.offer, round.answer, .offer)
            } else if offerer == "webrtcbin" {
                (injected, partner, type) = (round.answer, round.offer, .answer)
            } else {
                continue
            }
            guard let injected else { continue }
            let roundSuffix = key.contains("#") ? " #" + (key.split(separator: "#").last.map(String.init) ?? "") : ""
            result.append(SuiteCase(
                id: key, row: "\(offerer) → \(answerer)", column: injected.scenario + roundSuffix, inject: type,
                injectedPath: injected.path, withPath: nil, partnerPath: partner?.path, keep: injected.loopback?.keep ?? [],
                expected: injected.loopback?.expected, expectationReason: injected.loopback?.reason,
                timeout: injected.loopback?.timeout, variantOf: nil, edit: nil))
        }
        return result.sorted { $0.id < $1.id }
    }
}
