import HTMLReport

/// `sdpcheck OFFER ANSWER --format html`: one self-contained HTML document (inline CSS,
/// no scripts, no network resources) built by HTMLReport from the same result as the
/// text and JSON forms.
enum CheckHTML {
    static func render(_ result: CheckResult) -> String {
        let generator = "sdpcheck \(SDPCheck.configuration.version)"
        guard let pair = result.pair, let report = result.report else {
            return NegotiationReportHTML.unusable(offer: result.offer, answer: result.answer,
                                                  findings: result.unusable, generator: generator).render()
        }
        return NegotiationReportHTML.page(pair, report: report, generator: generator).render()
    }
}
