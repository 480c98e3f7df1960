// libFuzzer target: offer/answer check (scripts/fuzz check SECONDS). The input is two
// descriptions concatenated (the second starts at a line beginning with "v="); both are
// parsed and, when both parse, checked as a pair the way `sdpcheck OFFER ANSWER --lint` does.
import SDP
import Negotiation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheck(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (first, second) = FuzzInput.pair(Array(UnsafeBufferPointer(start: data, count: size)))
    guard let offer = try? SessionDescription.parse(first, source: "offer.sdp"),
          let answer = try? SessionDescription.parse(second, source: "answer.sdp") else { return 0 }
    let pair = OfferAnswer(offer: offer, answer: answer)
    let report = NegotiationReport(pair, additional: [])
    // Every finding must point into one of the two inputs.
    for finding in report.findings {
        for location in finding.locations {
            if case .text(let file, let line, _, _) = location,
               line > (file == "offer.sdp" ? offer.lines.count : answer.lines.count) + 1 {
                fatalError("finding \(finding.rule.id) points at line \(line) of \(file), past the end")
            }
        }
    }
    return 0
}
