import Capture
import Foundation

extension CaptureReportHTML {
    /// Writes the report of an `rtpdump` run to `path` (one self-contained HTML file),
    /// reading each capture again for the per-packet series of its charts.
    public static func write(_ reports: [CaptureReport], to path: String, generator: String) throws {
        let captures = reports.map { report -> (report: CaptureReport, series: [StreamSeries]) in
            guard report.error == nil, let series = try? StreamSeries.collect(path: report.file, report: report) else {
                return (report, [])
            }
            return (report, series)
        }
        let html = page(captures, generator: generator).render()
        try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
