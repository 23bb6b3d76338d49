import BylinePipeline
import Foundation

/// The line `byline run` prints for each pull, and `byline pull --verbose` too: written once the
/// pull is recorded, so that it tells the outcome (the fetcher alone cannot: a 200 that does not
/// parse is a failed pull).
enum PullLine {
    /// `bbc https://... 200 fetched, 3 new items, 2 new versions (48213 bytes, 0.412 s); next 2021-09-19T08:45:00Z`
    /// (new versions: edits of items stored before, as the pull log's `new_versions` counts them),
    /// or `bbc https://... failed (HTTP 200): refused: an entity expansion bomb at line 15 (...)`;
    /// a failure without a response has no status (`failed: connection refused`).
    static func describe(_ report: FeedPuller.Report) -> String {
        var line = "\(report.target.outlet) \(report.pulledURL) "
        switch report.outcome {
        case .fetched:
            line += "\(report.statusCode ?? 200) fetched, \(counted(report.newItems, "new item")), \(counted(report.newVersions, "new version"))"
        case .notModified: line += "304 not modified"
        case .failed(let failure): line += "failed\(report.statusCode.map { " (HTTP \($0))" } ?? ""): \(failure)"
        }
        line += " (\(report.bytes) bytes, \(String(format: "%.3f", report.seconds)) s)"
        for warning in report.warnings { line += "; warning: \(warning)" }
        if let moved = report.movedTo { line += "; moved to \(moved)" }
        if report.retired { line += "; retired (410)" }
        if let due = SchedulePolicy().wakeTime(report.target.feed, now: Date()), !report.retired {
            line += "; next \(due.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)))"
        }
        return line
    }
}
