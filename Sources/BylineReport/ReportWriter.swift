public import Foundation
import Glibc

/// Writes a ``Report`` as `stories.csv`, `coverage.csv`, `facts.csv`, `mentions.csv`,
/// `edits.csv`, `anomalies.csv`, `attributions.csv`, `outlets.csv` and `summary.txt` into a
/// folder.
///
/// All files are first written into a staging folder inside the target folder and only then
/// renamed into place, so a full disk, a missing permission or a kill while writing leaves the
/// previous report whole rather than a mix of old and new files.
public enum ReportWriter {
    /// The column names of `stories.csv`.
    public static let storiesHeader = ["story_id", "headline", "outlets", "items", "first_outlet", "first_seen",
                                       "time_source", "span_hours", "tie", "tied_with"]
    /// The column names of `coverage.csv`.
    public static let coverageHeader = ["story_id", "outlet", "item_guid", "item_link", "title", "published",
                                        "first_seen", "window_start", "lag_seconds", "time_source", "latest_title"]
    /// The column names of `facts.csv`: issue 6's ten columns, then `tied_with`, `trend`,
    /// `disagreeing`, `wire_outlets`, `mentions`.
    public static let factsHeader = ["fact_id", "story_id", "text", "kind", "outlets", "first_outlet", "first_time",
                                     "time_source", "tie", "values", "tied_with", "trend", "disagreeing", "wire_outlets",
                                     "mentions"]
    /// The column names of `mentions.csv`.
    public static let mentionsHeader = ["fact_id", "story_id", "outlet", "item_guid", "sentence", "time", "window_start",
                                        "time_source", "value", "wire_copy_of"]
    /// The column names of `edits.csv`.
    public static let editsHeader = ["story_id", "outlet", "item_guid", "field", "from", "to", "class", "reason", "silent",
                                     "removed", "added"]
    /// The column names of `anomalies.csv`.
    public static let anomaliesHeader = ["story_id", "outlet", "item_guid", "kind", "published", "first_seen", "detail"]
    /// The column names of `attributions.csv`: the first eight as they were before outlets were
    /// matched, then whether the credited outlet is one Byline follows and the outlet Byline
    /// saw report the story first, with its ties.
    public static let attributionsHeader = ["story_id", "outlet", "item_guid", "kind", "credited", "phrase", "verdict",
                                            "evidence", "credited_followed", "first_outlet", "first_tied_with"]
    /// The column names of `outlets.csv`: issue 2's nine columns, then the scorecard. Each rate
    /// comes as `<name>_rate`, `<name>_low`, `<name>_high` (Wilson 95%) after the counts it is
    /// made of; a rate with no trials is empty.
    public static let outletsHeader = ["outlet", "stories", "first_reports", "median_lag_seconds", "items",
                                       "pulls_failed", "shared_stories", "first_or_tied", "pulls",
                                       "first_ties", "first_report_rate", "first_report_low", "first_report_high",
                                       "lag_p25_seconds", "lag_p75_seconds", "lag_count",
                                       "facts_first", "facts_corroborated", "corroboration_rate", "corroboration_low",
                                       "corroboration_high", "exclusive_facts", "disagreements",
                                       "items_seen_twice", "items_silently_edited", "silent_edit_rate", "silent_edit_low",
                                       "silent_edit_high", "items_with_anomaly", "anomaly_rate", "anomaly_low", "anomaly_high",
                                       "scoop_claims", "scoop_confirmed", "scoop_contradicted"]

    /// A rate and its Wilson 95% bounds as three cells (4 decimals); three empty cells when
    /// there are no trials.
    static func rateCells(_ successes: Int, _ trials: Int) -> [String] {
        guard let interval = WilsonInterval(successes: successes, trials: trials) else { return ["", "", ""] }
        return [interval.rate, interval.low, interval.high].map { ReportFormat.rate($0) }
    }

    /// The report's tables, keyed by file name, in the order they are written.
    public static func tables(_ report: Report) -> [(file: String, table: CSVTable)] {
        let stories = CSVTable(header: storiesHeader, rows: report.stories.map { row in
            [String(row.storyID), row.headline, ReportFormat.list(row.outlets), String(row.items), row.firstOutlet,
             ReportFormat.time(row.firstSeen), row.timeSource, ReportFormat.decimal(row.spanHours),
             row.tiedWith.isEmpty ? "false" : "true", ReportFormat.list(row.tiedWith)]
        })
        let coverage = CSVTable(header: coverageHeader, rows: report.coverage.map { row in
            [String(row.storyID), row.outlet, row.itemGuid, row.itemLink ?? "", row.title, ReportFormat.time(row.published),
             ReportFormat.time(row.firstSeen), ReportFormat.time(row.windowStart), String(row.lagSeconds), row.timeSource,
             row.latestTitle ?? ""]
        })
        let facts = CSVTable(header: factsHeader, rows: report.facts.map { row in
            [String(row.factID), String(row.storyID), row.text, row.kind, ReportFormat.list(row.outlets), row.firstOutlet,
             ReportFormat.time(row.firstTime), row.timeSource, row.tiedWith.isEmpty ? "false" : "true",
             ReportFormat.list(row.values), ReportFormat.list(row.tiedWith), row.trend, ReportFormat.list(row.disagreeing),
             ReportFormat.list(row.wireOutlets), String(row.mentionCount)]
        })
        let mentions = CSVTable(header: mentionsHeader, rows: report.mentions.map { row in
            [String(row.factID), String(row.storyID), row.outlet, row.itemGuid, row.sentence, ReportFormat.time(row.time),
             ReportFormat.time(row.windowStart), row.timeSource, row.value, row.wireCopyOf]
        })
        let edits = CSVTable(header: editsHeader, rows: report.edits.map { row in
            [row.storyID.map(String.init) ?? "", row.outlet, row.itemGuid, row.field, ReportFormat.time(row.from),
             ReportFormat.time(row.to), row.kind, row.reason, row.silent ? "true" : "false", row.removed, row.added]
        })
        let anomalies = CSVTable(header: anomaliesHeader, rows: report.anomalies.map { row in
            [row.storyID.map(String.init) ?? "", row.outlet, row.itemGuid, row.kind, ReportFormat.time(row.published),
             ReportFormat.time(row.firstSeen), row.detail]
        })
        let attributions = CSVTable(header: attributionsHeader, rows: report.attributions.map { row in
            [String(row.storyID), row.outlet, row.itemGuid, row.kind, row.credited, row.phrase, row.verdict, row.evidence,
             row.creditedFollowed ? "true" : "false", row.firstOutlet, ReportFormat.list(row.firstTiedWith)]
        })
        let outlets = CSVTable(header: outletsHeader, rows: report.outlets.map { row in
            let score = row.score
            return [row.outlet, String(row.stories), String(row.firstReports), row.medianLagSeconds.map(String.init) ?? "",
                    String(row.items), String(row.pullsFailed), String(row.sharedStories), String(row.firstOrTied), String(row.pulls),
                    String(score.firstTies)]
                + rateCells(row.firstReports, row.sharedStories)
                + [score.lagP25Seconds.map(String.init) ?? "", score.lagP75Seconds.map(String.init) ?? "", String(score.lagCount),
                   String(score.factsFirst), String(score.factsCorroborated)]
                + rateCells(score.factsCorroborated, score.factsFirst)
                + [String(score.exclusiveFacts), String(score.disagreements), String(score.itemsSeenTwice),
                   String(score.itemsSilentlyEdited)]
                + rateCells(score.itemsSilentlyEdited, score.itemsSeenTwice)
                + [String(score.itemsWithAnomaly)]
                + rateCells(score.itemsWithAnomaly, score.itemsChecked)
                + [String(score.scoopClaims), String(score.scoopConfirmed), String(score.scoopContradicted)]
        })
        return [("stories.csv", stories), ("coverage.csv", coverage), ("facts.csv", facts), ("mentions.csv", mentions),
                ("edits.csv", edits), ("anomalies.csv", anomalies), ("attributions.csv", attributions), ("outlets.csv", outlets)]
    }

    /// Writes every file of the report into `folder`, creating it if needed.
    ///
    /// - Returns: the files written, in the order of ``tables(_:)``, then summary.txt.
    /// - Throws: ``ReportError/cannotWrite(path:reason:)`` naming the file or folder that could
    ///   not be created, with the system's reason (`Permission denied`, `No space left on
    ///   device`, `Not a directory`, "a folder is in the way"); the folder's previous files are
    ///   then unchanged.
    public static func write(_ report: Report, to folder: URL, topStories: Int = 15) throws(ReportError) -> [URL] {
        var files = tables(report).map { (name: $0.file, text: $0.table.text()) }
        files.append((name: "summary.txt", text: SummaryText.render(report, topStories: topStories)))
        return try ReportFiles.replaceAll(in: folder, with: files)
    }
}

/// Replaces a set of files in a folder all or nothing, with POSIX calls so that errors carry the
/// system's reason (`Not a directory`, `Permission denied`, `No space left on device`).
enum ReportFiles {
    /// Writes every file into a staging folder inside `folder`, then renames each into place
    /// (`rename(2)` replaces atomically). If any file cannot be written, nothing in `folder`
    /// changes; a destination that is a folder is refused before anything is renamed.
    static func replaceAll(in folder: URL, with files: [(name: String, text: String)]) throws(ReportError) -> [URL] {
        try makeFolder(folder)
        let staging = folder.appendingPathComponent(".byline-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        // The folder the user named, not the staging folder inside it, is what cannot be written.
        guard mkdir(staging.path, 0o755) == 0 else { throw failure(folder.path) }
        defer { removeStaging(staging, files: files.map(\.name)) }
        for file in files {
            try writeFile(file.text, to: staging.appendingPathComponent(file.name).path)
        }
        var written: [URL] = []
        for file in files {
            var isFolder: ObjCBool = false
            let target = folder.appendingPathComponent(file.name)
            if FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue {
                throw .cannotWrite(path: target.path, reason: "a folder is in the way")
            }
        }
        for file in files {
            let target = folder.appendingPathComponent(file.name)
            guard rename(staging.appendingPathComponent(file.name).path, target.path) == 0 else { throw failure(target.path) }
            written.append(target)
        }
        return written
    }

    static func makeFolder(_ folder: URL) throws(ReportError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .cannotWrite(path: folder.path, reason: "a file is in the way; --out must be a folder") }
            return
        }
        var path = ""
        for component in folder.standardizedFileURL.pathComponents {
            path = path.isEmpty ? component : (path == "/" ? "/" + component : path + "/" + component)
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure(path) }
        }
    }

    static func writeFile(_ text: String, to path: String) throws(ReportError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw failure(path) }
            bytes = bytes.dropFirst(count)
        }
    }

    static func removeStaging(_ staging: URL, files: [String]) {
        for name in files { unlink(staging.appendingPathComponent(name).path) }
        rmdir(staging.path)
    }

    static func failure(_ path: String) -> ReportError {
        .cannotWrite(path: path, reason: String(cString: strerror(errno)))
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
