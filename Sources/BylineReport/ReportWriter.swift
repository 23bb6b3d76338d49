public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CBylineSystem

/// Writes a ``Report`` as `stories.csv`, `coverage.csv`, `facts.csv`, `mentions.csv`,
/// `edits.csv`, `anomalies.csv`, `attributions.csv`, `outlets.csv`, `summary.txt`,
/// `stories.json` (``JSONExport``) and the HTML pages (``HTMLReport``: `index.html`,
/// `outlets.html`, `story-<id>.html`) into a folder.
///
/// Only a folder that does not exist yet, holds a previous Byline report, or holds nothing but
/// hidden entries and README files is written into; any other folder (`/`, a home folder, a
/// project) is refused with ``ReportError/cannotWrite(path:reason:)`` before anything is
/// written.
///
/// The report replaces the folder's previous report as a whole: it is written into a staging
/// folder beside it and the two folders are exchanged in one step, so a full disk, a missing
/// permission or a kill at any moment leaves the previous report whole or the new one whole,
/// never a mix; the folder's other regular files are kept (see ``ReportFiles`` for the folders
/// that cannot be exchanged, which get every file written before any is renamed into place).
/// A ``ReportStop`` given to ``write(_:to:topStories:stop:)`` lets another thread (a signal's
/// handler) stop the writing before the new files are put in place.
public enum ReportWriter {
    /// The column names of `stories.csv`; `first_window_start` is the start of the credited first
    /// report's observed window, empty when the report was seen at its feed's first pull (a
    /// `published` credit then rests on an unchecked pubDate).
    ///
    /// `first_time` is the first report's credited time (``StoryRow/firstTime``), as in
    /// `facts.csv`; `first_window_start` and `first_seen` the observed window of that report,
    /// the feed's previous pull and the pull that first saw it (``StoryRow/firstPulled``), as
    /// `window_start` and `first_seen` are in `coverage.csv`.
    /// `events` is how many events the story's facts split its reports into
    /// (``Report/eventCounts()``), 0 when they show one or none.
    public static let storiesHeader = ["story_id", "headline", "outlets", "items", "first_outlet", "first_time",
                                       "time_source", "span_hours", "tie", "tied_with", "first_item_guid", "first_title",
                                       "first_window_start", "first_seen", "events"]
    /// The column names of `events.csv`: one row per event of the stories whose facts split
    /// their reports into two or more (``EventRow``), `event` numbering them from 1 in each story
    /// in order of first report, then the event's outlets and count of items and its own first
    /// report in the columns `stories.csv` gives the story's, and last the guids of its items
    /// (`item_guids`, in order of appearance).
    public static let eventsHeader = ["story_id", "event", "outlets", "items", "first_outlet", "first_time", "time_source",
                                      "tie", "tied_with", "first_item_guid", "first_title", "first_window_start", "first_seen",
                                      "item_guids"]
    /// The column names of `coverage.csv`.
    public static let coverageHeader = ["story_id", "outlet", "item_guid", "item_link", "title", "published",
                                        "first_seen", "window_start", "lag_seconds", "time_source", "latest_title"]
    /// The column names of `facts.csv`: issue 6's ten columns, then `tied_with`, `trend`,
    /// `disagreeing`, `wire_outlets`, `mentions`, `first_window_start` (the start of the first
    /// report's observed window, empty when it was seen at its feed's first pull).
    public static let factsHeader = ["fact_id", "story_id", "text", "kind", "outlets", "first_outlet", "first_time",
                                     "time_source", "tie", "values", "tied_with", "trend", "disagreeing", "wire_outlets",
                                     "mentions", "first_window_start"]
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
                                       "scoop_claims", "scoop_confirmed", "scoop_contradicted", "first_reports_unchecked"]

    /// A rate and its Wilson 95% bounds as three cells (4 decimals); three empty cells when
    /// there are no trials.
    static func rateCells(_ successes: Int, _ trials: Int) -> [String] {
        guard let interval = WilsonInterval(successes: successes, trials: trials) else { return ["", "", ""] }
        return [interval.rate, interval.low, interval.high].map { ReportFormat.rate($0) }
    }

    /// The report's tables, keyed by file name, in the order they are written.
    public static func tables(_ report: Report) -> [(file: String, table: CSVTable)] {
        let events = report.eventCounts()
        let stories = CSVTable(header: storiesHeader, rows: report.stories.map { row in
            [String(row.storyID), row.headline, ReportFormat.list(row.outlets), String(row.items), row.firstOutlet,
             ReportFormat.time(row.firstTime), row.timeSource, ReportFormat.decimal(row.spanHours),
             row.tiedWith.isEmpty ? "false" : "true", ReportFormat.list(row.tiedWith), row.firstItemGuid, row.firstTitle,
             ReportFormat.time(row.firstWindowStart), ReportFormat.time(row.firstPulled), String(events[row.storyID] ?? 0)]
        })
        let eventTable = CSVTable(header: eventsHeader, rows: report.events.map { row in
            [String(row.storyID), String(row.event), ReportFormat.list(row.outlets), String(row.items.count), row.firstOutlet,
             ReportFormat.time(row.firstTime), row.timeSource, row.tiedWith.isEmpty ? "false" : "true",
             ReportFormat.list(row.tiedWith), row.firstItemGuid, row.firstTitle, ReportFormat.time(row.firstWindowStart),
             ReportFormat.time(row.firstPulled), ReportFormat.list(row.items.map(\.itemGuid))]
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
             ReportFormat.list(row.wireOutlets), String(row.mentionCount), ReportFormat.time(row.firstWindowStart)]
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
                + rateCells(row.checkedFirstReports.firsts, row.checkedFirstReports.stories)
                + [score.lagP25Seconds.map(String.init) ?? "", score.lagP75Seconds.map(String.init) ?? "", String(score.lagCount),
                   String(score.factsFirst), String(score.factsCorroborated)]
                + rateCells(score.factsCorroborated, score.factsFirst)
                + [String(score.exclusiveFacts), String(score.disagreements), String(score.itemsSeenTwice),
                   String(score.itemsSilentlyEdited)]
                + rateCells(score.itemsSilentlyEdited, score.itemsSeenTwice)
                + [String(score.itemsWithAnomaly)]
                + rateCells(score.itemsWithAnomaly, score.itemsChecked)
                + [String(score.scoopClaims), String(score.scoopConfirmed), String(score.scoopContradicted),
                   String(score.firstReportsUnchecked)]
        })
        return [("stories.csv", stories), ("events.csv", eventTable), ("coverage.csv", coverage), ("facts.csv", facts), ("mentions.csv", mentions),
                ("edits.csv", edits), ("anomalies.csv", anomalies), ("attributions.csv", attributions), ("outlets.csv", outlets)]
    }

    /// Writes every file of the report into `folder`, creating it if needed, replacing the
    /// previous report as a whole (see the type's discussion).
    ///
    /// - Parameters:
    ///   - stop: What another thread stops the writing with before the files are put in place
    ///     (``ReportStop/stop()``); nil when nothing does.
    /// - Returns: the files written, in the order of ``tables(_:)``, then summary.txt,
    ///   stories.json, index.html, outlets.html and the story pages.
    /// - Throws: ``ReportError/cannotWrite(path:reason:)`` naming the file or folder that could
    ///   not be created, with the system's reason (`Permission denied`, `No space left on
    ///   device`, `Not a directory`, "a folder is in the way"), or the folder when it holds other
    ///   files and no Byline report; ``ReportError/stopped`` when `stop` stopped it; the folder's
    ///   previous files are then unchanged (missing folders above it may have been made).
    public static func write(_ report: Report, to folder: URL, topStories: Int = 15, stop: ReportStop? = nil) throws(ReportError) -> [URL] {
        var files = tables(report).map { (name: $0.file, text: $0.table.text()) }
        files.append((name: "summary.txt", text: SummaryText.render(report, topStories: topStories)))
        files.append((name: "stories.json", text: JSONExport.render(report)))
        files += HTMLReport.pages(report)
        return try ReportFiles.replaceAll(in: folder, with: files, stop: stop)
    }

    /// Whether `folder` holds a report Byline wrote (its `stories.json` of schema
    /// `byline-report`, or a `stories.csv` with Byline's header); false when it is missing.
    public static func holdsReport(_ folder: URL) -> Bool {
        ReportFiles.holdsReport(folder)
    }

    /// Checks, before any work, that `folder` can be a report folder: it does not exist yet and
    /// can be made (with the folders above it that are missing: the nearest one that exists is
    /// a folder this process may write), or it is a folder this process may write that holds a
    /// previous Byline report or nothing but hidden entries and README files
    /// (``ReportFiles/foreignEntries(in:)``).
    ///
    /// - Throws: ``ReportError/cannotWrite(path:reason:)`` naming `folder` when a file (not a
    ///   folder) is there; when the folder holds other files and no Byline report (`/`, a home
    ///   folder, a project): a report is never mixed into them; when this process may not write
    ///   the folder (`the folder cannot be written (Permission denied)`); when it is missing and
    ///   cannot be made: a folder above it is a file (`it cannot be created: /srv/notes is a
    ///   file, not a folder`) or may not be written (`it cannot be created: the folder /srv
    ///   cannot be written (Permission denied)`).
    public static func checkDestination(_ folder: URL) throws(ReportError) {
        var status = stat()
        guard stat(folder.path, &status) == 0 else {
            // Missing: the nearest folder above it that exists must take new folders.
            var above = folder.standardizedFileURL.deletingLastPathComponent()
            while stat(above.path, &status) != 0 && above.path != "/" { above = above.deletingLastPathComponent() }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw .cannotWrite(path: folder.path, reason: "it cannot be created: \(above.path) is a file, not a folder")
            }
            if access(above.path, W_OK | X_OK) != 0 {
                throw .cannotWrite(path: folder.path, reason: "it cannot be created: the folder \(above.path) cannot be written (\(String(cString: strerror(errno))))")
            }
            return
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw .cannotWrite(path: folder.path, reason: "a file is in the way; --out must be a folder")
        }
        try ReportFiles.checkReportFolder(folder)
        if access(folder.path, W_OK | X_OK) != 0 {
            throw .cannotWrite(path: folder.path, reason: "the folder cannot be written (\(String(cString: strerror(errno))))")
        }
    }
}

/// Replaces the report in a folder as a whole, with POSIX calls so that errors carry the
/// system's reason (`Not a directory`, `Permission denied`, `No space left on device`).
///
/// The new report is written into a staging folder `.byline-report-<pid>-<random>` beside the
/// target folder (same parent, so same file system), the target's other regular files (a
/// `README.md`) are hard-linked into it, and the two folders are then exchanged in one step
/// (`renameat2` with `RENAME_EXCHANGE`): a reader or a kill sees the whole previous report or
/// the whole new one, never a mix. The previous report, now in the staging folder, is removed.
/// A target that does not exist yet is the staging folder renamed.
///
/// Where the folder cannot be exchanged (it holds a subfolder or other non-regular entry, it is
/// the working folder or one above it, its parent cannot be written, it is a mount point, or the
/// file system cannot exchange), the staging folder is made inside the target and every file is
/// written there before the first is renamed into place, one by one (each `rename(2)` atomic).
///
/// Each staging folder is locked (`flock`) while its process works in it; a staging folder whose
/// lock is free was left by a killed run and is removed by the next report, in the target's
/// parent and inside the target.
enum ReportFiles {
    /// The name prefix of staging folders.
    static let stagingPrefix = ".byline-report-"

    /// Whether `name` is a story page of a report (`story-<id>.html`): such files belong to the
    /// report that wrote them, so a new report drops those it does not write again.
    static func isStoryPage(_ name: String) -> Bool {
        guard name.hasPrefix("story-"), name.hasSuffix(".html") else { return false }
        let id = name.dropFirst(6).dropLast(5)
        return !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
    }

    /// The README names a folder may hold beside a report or before the first one (the
    /// repository's `Reports/README.md`), compared without case.
    static func isReadme(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "readme" || lowered.hasPrefix("readme.")
    }

    /// Whether `folder` holds a report Byline wrote: a `stories.json` of schema `byline-report`
    /// or a `stories.csv` with Byline's header (reports from before `stories.json`; the header
    /// before `first_time` was named, with `first_seen` in its place, too).
    static func holdsReport(_ folder: URL) -> Bool {
        let marks: [(file: String, start: String)] = [
            ("stories.json", "{\"schema\":\"byline-report\""),
            ("stories.csv", "story_id,headline,outlets,items,first_outlet,first_time,"),
            ("stories.csv", "story_id,headline,outlets,items,first_outlet,first_seen,"),
        ]
        for mark in marks {
            guard let handle = FileHandle(forReadingAtPath: folder.appendingPathComponent(mark.file).path) else { continue }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: mark.start.utf8.count)) ?? Data()
            if head.elementsEqual(mark.start.utf8) { return true }
        }
        return false
    }

    /// The entries of `folder` that are neither hidden (`.gitkeep`, staging folders) nor README
    /// files, sorted; empty when the folder cannot be read (writing will then say why).
    static func foreignEntries(in folder: URL) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { !$0.hasPrefix(".") && !isReadme($0) }.sorted()
    }

    /// Refuses a folder that holds other files and no Byline report: only a folder with a
    /// previous report (``holdsReport(_:)``) or with nothing but hidden entries and README files
    /// is written into.
    ///
    /// - Throws: ``ReportError/cannotWrite(path:reason:)`` naming the folder and up to three of
    ///   its entries.
    static func checkReportFolder(_ folder: URL) throws(ReportError) {
        let foreign = foreignEntries(in: folder)
        guard !foreign.isEmpty, !holdsReport(folder) else { return }
        let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", ..." : "")
        throw .cannotWrite(path: folder.path, reason: "the folder holds other files (\(shown)) and no Byline report; "
                           + "name a new or empty folder, or one a report was written to")
    }

    /// Writes `files` as the folder's report; see the type's discussion.
    ///
    /// - Returns: the files in `folder`, in the order of `files`.
    /// - Throws: ``ReportError/cannotWrite(path:reason:)`` naming `folder` or one of its files
    ///   (never a staging path); the previous report is then unchanged.
    static func replaceAll(in folder: URL, with files: [(name: String, text: String)], stop: ReportStop? = nil) throws(ReportError) -> [URL] {
        let existed = try makeParent(of: folder)
        if existed { try checkReportFolder(folder) }
        // Follow a symbolic link: the folder it names is the one replaced (and the link stays).
        let target = existed ? URL(fileURLWithPath: realPath(folder.path) ?? folder.path) : folder.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        removeStale(in: parent.path)
        if existed { removeStale(in: target.path) }
        let names = Set(files.map(\.name))
        for file in files {
            var status = stat()
            if lstat(target.appendingPathComponent(file.name).path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                throw .cannotWrite(path: folder.appendingPathComponent(file.name).path, reason: "a folder is in the way")
            }
        }
        let written = files.map { folder.appendingPathComponent($0.name) }
        var carried: [String] = []
        if existed {
            guard let others = swappableOthers(of: target, reportFiles: names) else {
                try replaceOneByOne(in: target, shownAs: folder, with: files, stop: stop)
                return written
            }
            carried = others
        }
        guard let staging = try Staging(in: parent, stop: stop) else {
            if existed {
                try replaceOneByOne(in: target, shownAs: folder, with: files, stop: stop)
                return written
            }
            throw failure(folder.path)
        }
        defer { staging.remove() }
        var previous = stat()
        // The new folder takes the previous one's permissions (a group-shared report stays so).
        if existed, stat(target.path, &previous) == 0 { chmod(staging.url.path, previous.st_mode & 0o7777) }
        do throws(ReportError) {
            try staging.write(files, shownIn: folder)
            for name in carried {
                // A file that vanished meanwhile is not carried; any other failure stops the report.
                if link(target.appendingPathComponent(name).path, staging.url.appendingPathComponent(name).path) != 0, errno != ENOENT {
                    throw failure(folder.appendingPathComponent(name).path)
                }
            }
        } catch {
            throw unchanged(error, folder: folder, existed: existed)
        }
        // The one step that puts the report in place: a stop waits for it, or keeps it from
        // being taken; `errno` is kept from the call.
        var placed = false
        var error: Int32 = 0
        try placing(stop) {
            placed = existed ? byline_exchange_paths(staging.url.path, target.path) == 0 : rename(staging.url.path, target.path) == 0
            error = errno
            return placed
        }
        if !existed {
            if placed {
                staging.moved()
                return written
            }
            guard error == EEXIST || error == ENOTEMPTY else { errno = error; throw failure(folder.path) }
            // The folder appeared meanwhile: write into it as if it had been there.
            return try replaceAll(in: folder, with: files, stop: stop)
        }
        if placed {
            // The staging path now holds the previous report, removed by `staging.remove()`.
            return written
        }
        errno = error
        switch error {
        case EINVAL, ENOSYS, EXDEV, EBUSY, EPERM, EACCES:
            try replaceOneByOne(in: target, shownAs: folder, with: files, stop: stop)
            return written
        default:
            throw failure(folder.path)
        }
    }

    /// The folder's entries besides the report's files and staging folders, when all of them
    /// are regular files (carried into the new report by hard link) and the folder is not the
    /// working folder nor above it; nil when the folder must not be exchanged.
    static func swappableOthers(of folder: URL, reportFiles: Set<String>) -> [String]? {
        if let cwd = realPath(FileManager.default.currentDirectoryPath) {
            let path = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
            if cwd + "/" == path || cwd.hasPrefix(path) { return nil }
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        var others: [String] = []
        for name in entries.sorted() where !reportFiles.contains(name) && !name.hasPrefix(stagingPrefix) && !isStoryPage(name) {
            var status = stat()
            guard lstat(folder.appendingPathComponent(name).path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                return nil
            }
            others.append(name)
        }
        return others
    }

    /// The earlier way, for a folder that cannot be exchanged: every file written into a staging
    /// folder inside `folder`, then each renamed into place.
    static func replaceOneByOne(in folder: URL, shownAs shown: URL, with files: [(name: String, text: String)],
                                stop: ReportStop? = nil) throws(ReportError) {
        // The folder the user named, not the staging folder inside it, is what cannot be written.
        guard let staging = try Staging(in: folder, stop: stop) else { throw failure(shown.path) }
        defer { staging.remove() }
        do throws(ReportError) {
            try staging.write(files, shownIn: shown)
        } catch {
            throw unchanged(error, folder: shown, existed: true)
        }
        // Every rename in one go: a stop waits for them all, or keeps the first from being made.
        var failed: ReportError?
        try placing(stop) {
            for (index, file) in files.enumerated() {
                guard rename(staging.url.appendingPathComponent(file.name).path, folder.appendingPathComponent(file.name).path) == 0 else {
                    failed = failure(shown.appendingPathComponent(file.name).path)
                    return index > 0
                }
            }
            // Story pages of the previous report that this one does not have.
            let names = Set(files.map(\.name))
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where isStoryPage(name) && !names.contains(name) {
                unlink(folder.appendingPathComponent(name).path)
            }
            return true
        }
        if let failed { throw failed }
    }

    /// Runs `body`, which puts files in place and returns whether it put any, through `stop`
    /// (``ReportStop/placing(_:)``) when there is one.
    static func placing(_ stop: ReportStop?, _ body: () -> Bool) throws(ReportError) {
        guard let stop else {
            _ = body()
            return
        }
        try stop.placing(body)
    }

    /// Creates the folder's missing parents; returns whether the folder itself exists.
    static func makeParent(of folder: URL) throws(ReportError) -> Bool {
        var status = stat()
        if stat(folder.path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw .cannotWrite(path: folder.path, reason: "a file is in the way; --out must be a folder")
            }
            return true
        }
        var path = ""
        for component in folder.standardizedFileURL.deletingLastPathComponent().pathComponents {
            path = path.isEmpty ? component : (path == "/" ? "/" + component : path + "/" + component)
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure(path) }
        }
        var parent = stat()
        guard stat(path.isEmpty ? "." : path, &parent) == 0 else { throw failure(path) }
        guard parent.st_mode & S_IFMT == S_IFDIR else { throw .cannotWrite(path: folder.path, reason: "Not a directory") }
        return false
    }

    /// Removes the staging folders in `folder` that no running report holds (left by a kill).
    static func removeStale(in folder: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in entries where name.hasPrefix(stagingPrefix) {
            let path = folder + "/" + name
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            // Held by a live report: leave it.
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            removeFlatFolder(path)
        }
    }

    /// Removes a folder of files (a staging folder has no subfolders).
    static func removeFlatFolder(_ path: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { unlink(path + "/" + name) }
        rmdir(path)
    }

    static func writeFile(_ text: String, to path: String, shownAs shown: String) throws(ReportError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure(shown) }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw failure(shown) }
            bytes = bytes.dropFirst(count)
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `error` (a file of the new report that could not be written in its staging folder, so
    /// nothing was put in place) with what that leaves of `folder`, in the words of a stopped
    /// report: `...: No space left on device; the previous report in R is left as it was`,
    /// `...; R is left as it was` (a folder without a report), or `...; R was not created`.
    static func unchanged(_ error: ReportError, folder: URL, existed: Bool) -> ReportError {
        guard case .cannotWrite(let path, let reason) = error else { return error }
        let left = !existed ? "\(folder.path) was not created"
            : holdsReport(folder) ? "the previous report in \(folder.path) is left as it was" : "\(folder.path) is left as it was"
        return .cannotWrite(path: path, reason: "\(reason); \(left)")
    }

    static func failure(_ path: String) -> ReportError {
        .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }

    /// A staging folder of this process, locked while it exists.
    final class Staging {
        let url: URL
        private let lock: Int32
        private let stop: ReportStop?
        private var isMoved = false

        /// Creates and locks `.byline-report-<pid>-<random>` in `folder` (known to `stop`, which
        /// removes it when it stops the report); nil when it cannot.
        ///
        /// - Throws: ``ReportError/stopped`` when `stop` stopped the report (nothing is created).
        init?(in folder: URL, stop: ReportStop? = nil) throws(ReportError) {
            let url = folder.appendingPathComponent("\(ReportFiles.stagingPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let made = try stop.map { (stop) throws(ReportError) in try stop.creating(staging: url.path) { mkdir(url.path, 0o755) == 0 } }
                ?? (mkdir(url.path, 0o755) == 0)
            guard made else { return nil }
            let lock = open(url.path, O_RDONLY | O_DIRECTORY)
            guard lock >= 0, flock(lock, LOCK_EX) == 0 else {
                if lock >= 0 { close(lock) }
                rmdir(url.path)
                return nil
            }
            self.url = url
            self.lock = lock
            self.stop = stop
        }

        /// Writes every file; errors name the file in `shown`, the folder the user named.
        ///
        /// - Throws: ``ReportError/cannotWrite(path:reason:)``; ``ReportError/stopped`` when the
        ///   stop stopped the report (before a file).
        func write(_ files: [(name: String, text: String)], shownIn shown: URL) throws(ReportError) {
            for file in files {
                let path = url.appendingPathComponent(file.name).path
                let shownPath = shown.appendingPathComponent(file.name).path
                if let stop {
                    try stop.writing { () throws(ReportError) in try ReportFiles.writeFile(file.text, to: path, shownAs: shownPath) }
                } else {
                    try ReportFiles.writeFile(file.text, to: path, shownAs: shownPath)
                }
            }
        }

        /// The staging folder became the report: nothing to remove.
        func moved() { isMoved = true }

        /// Removes what is at the staging path (the new files after a failure, or the previous
        /// report after an exchange) and releases the lock.
        func remove() {
            if !isMoved { ReportFiles.removeFlatFolder(url.path) }
            stop?.remove(staging: url.path)
            close(lock)
        }
    }
}

/// Why a report could not be written.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file or folder could not be created or replaced; `reason` is the system's message.
    case cannotWrite(path: String, reason: String)
    /// A ``ReportStop`` stopped the writing before any file was put in place.
    case stopped

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write report: \(reason)"
        case .stopped: return "the report was stopped before it was put in place"
        }
    }
}
