public import Foundation

/// Writes a ``Report`` as `stories.csv`, `coverage.csv`, `facts.csv`, `outlets.csv` and
/// `summary.txt` into a folder.
///
/// Each file is written to a temporary name in the same folder and renamed into place, so a
/// full disk or a kill leaves the previous report whole rather than a half-written one.
public enum ReportWriter {
    /// The column names of `stories.csv`.
    public static let storiesHeader = ["story_id", "headline", "outlets", "items", "first_outlet", "first_seen",
                                       "time_source", "span_hours", "tie", "tied_with"]
    /// The column names of `coverage.csv`.
    public static let coverageHeader = ["story_id", "outlet", "item_guid", "item_link", "title", "published",
                                        "first_seen", "window_start", "lag_seconds", "time_source"]
    /// The column names of `facts.csv`.
    public static let factsHeader = ["story_id", "fact_id", "text", "outlets", "first_outlet", "first_time",
                                     "tie", "tied_with", "time_source"]
    /// The column names of `outlets.csv`.
    public static let outletsHeader = ["outlet", "stories", "first_reports", "median_lag_seconds", "items",
                                       "pulls_failed", "shared_stories", "first_or_tied", "pulls"]

    /// The report's four tables, keyed by file name.
    public static func tables(_ report: Report) -> [(file: String, table: CSVTable)] {
        let stories = CSVTable(header: storiesHeader, rows: report.stories.map { row in
            [String(row.storyID), row.headline, ReportFormat.list(row.outlets), String(row.items), row.firstOutlet,
             ReportFormat.time(row.firstSeen), row.timeSource, ReportFormat.decimal(row.spanHours),
             row.tiedWith.isEmpty ? "false" : "true", ReportFormat.list(row.tiedWith)]
        })
        let coverage = CSVTable(header: coverageHeader, rows: report.coverage.map { row in
            [String(row.storyID), row.outlet, row.itemGuid, row.itemLink ?? "", row.title, ReportFormat.time(row.published),
             ReportFormat.time(row.firstSeen), ReportFormat.time(row.windowStart), String(row.lagSeconds), row.timeSource]
        })
        let facts = CSVTable(header: factsHeader, rows: report.facts.map { row in
            [String(row.storyID), String(row.factID), row.text, ReportFormat.list(row.outlets), row.firstOutlet,
             ReportFormat.time(row.firstTime), row.tiedWith.isEmpty ? "false" : "true",
             ReportFormat.list(row.tiedWith), row.timeSource]
        })
        let outlets = CSVTable(header: outletsHeader, rows: report.outlets.map { row in
            [row.outlet, String(row.stories), String(row.firstReports), row.medianLagSeconds.map(String.init) ?? "",
             String(row.items), String(row.pullsFailed), String(row.sharedStories), String(row.firstOrTied), String(row.pulls)]
        })
        return [("stories.csv", stories), ("coverage.csv", coverage), ("facts.csv", facts), ("outlets.csv", outlets)]
    }

    /// Writes every file of the report into `folder`, creating it if needed.
    ///
    /// - Returns: the files written, in the order stories, coverage, facts, outlets, summary.
    /// - Throws: ``ReportError/cannotWrite(path:reason:)`` naming the file that could not be
    ///   created or renamed (a missing permission, a full disk); files already renamed into
    ///   place stay, the failed one keeps its previous content.
    public static func write(_ report: Report, to folder: URL, topStories: Int = 15) throws(ReportError) -> [URL] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        var written: [URL] = []
        for (file, table) in tables(report) {
            written.append(try writeAtomically(table.text(), to: folder.appendingPathComponent(file)))
        }
        written.append(try writeAtomically(SummaryText.render(report, topStories: topStories),
                                           to: folder.appendingPathComponent("summary.txt")))
        return written
    }

    static func writeAtomically(_ text: String, to url: URL) throws(ReportError) -> URL {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        return url
    }
}

/// Why a report could not be written.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file or folder could not be created or replaced; `reason` is the system's message.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write report: \(reason)"
        }
    }
}
