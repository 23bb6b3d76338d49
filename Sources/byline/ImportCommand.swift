import ArgumentParser
import BylineFetch
import BylinePipeline
import BylineReport
import BylineStore
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an archive of captured feed snapshots.",
        discussion: """
            DIR holds one folder per outlet (its name is the outlet id) with snapshot files named \
            by their UTC capture time: DIR/<outlet>/<YYYYMMDDTHHMMSSZ>.xml. Each file counts as a \
            pull at that time (two files of one outlet and time, T.json beside T.xml, are two \
            feeds: archive:<outlet> and archive:<outlet>/<extension>). Files that are not feeds, or \
            larger than pull's body limit of 16 MiB (not read), are recorded as failed pulls and listed by \
            reason after the summary line, as are snapshots cut off mid-document (the items \
            before the cut are stored) and, by kind of warning (an unparseable date, elements \
            nested too deep left out, a document read in recovery mode), snapshots whose reading \
            raised warnings that cost a field or an element; paths that are not snapshots (other names, folder \
            names that are not outlet ids, capture times before 1997 or in the future) are \
            skipped and listed too; when DIR holds no snapshot, they are listed on stderr under the \
            error line, which says what to give instead when DIR looks like one outlet's folder \
            (give its parent) or the folder above an archive. Importing the same folder again adds nothing. Each outlet's \
            snapshots are recorded in time order: a file that cannot be read is not recorded, nor \
            are that outlet's later files (a re-run picks them up), and a snapshot older than the \
            outlet's latest stored pull is not recorded (import earlier captures first, or into a \
            new database): one line counts them, and --verbose names their outlets. Then the stories (and the sentence vectors of their facts) are brought \
            up to date with what was stored (unless another process is analysing the store: one \
            at a time does, and this import then skips its analysis and says so). Names starting with '.' and files beside the outlet folders are \
            ignored; symbolic links are followed (one to a missing file is skipped and named). An outlet whose id the outlet list (--config) \
            has takes its name, aliases and organisation from it, so that attributions in the texts ("as the \
            New York Times first reported") can be matched to it, and "told CNN" in an item of CNN's \
            YouTube channel is CNN citing itself; others are named by their id, \
            and a note names them (a typo in a folder name would make an outlet of its own). \
            SIGINT or SIGTERM stops the import after the snapshot being recorded, or after the \
            model's batch of vectors in progress (saved), says what was kept and exits 130 (143): \
            the same import again, or byline analyze, goes on from there; a second signal stops at once.
            """)

    @Argument(help: ArgumentHelp("The archive folder.", valueName: "DIR"))
    var directory: String

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption

    @Option(help: ArgumentHelp(
        "The outlet list (TOML or OPML) that names the archive's outlets of the same id. Default: Feeds/outlets.toml when it exists.",
        valueName: "file"))
    var config: String?

    @Flag(name: .shortAndLong, help: "List every reason a path was not imported (not only the 10 most frequent), and each outlet whose snapshots are older than what is stored.")
    var verbose = false

    /// The outlet list that names the archive's outlets: `--config`, else Feeds/outlets.toml when
    /// it exists, else none.
    func outletList() throws -> FeedList? {
        if let config { return try FeedList.loadWarning(contentsOf: config) }
        guard FileManager.default.fileExists(atPath: FeedConfigOption.standardPath) else { return nil }
        return try FeedList.loadWarning(contentsOf: FeedConfigOption.standardPath)
    }

    func run() async throws {
        try await reportingErrors {
            let root = URL(fileURLWithPath: directory)
            // A missing, empty or unusable archive, or a broken outlet list, is refused before
            // the database is opened, so that a failed import creates no database file.
            let found: (snapshots: [ArchiveImporter.Snapshot], skipped: [ArchiveImporter.PathReason])
            do {
                found = try ArchiveImporter.snapshots(in: root)
            } catch let error as PipelineError {
                guard case .emptyArchive(_, let skipped, _) = error, !skipped.isEmpty else { throw error }
                // The error line, then the paths it skipped by reason, as after a summary line.
                printError(error.description)
                for line in Self.groupLines(skipped.map { ($0.path, $0.reason) }, root: root, label: "skipped", verbose: verbose) {
                    StandardStreams.writeError(TerminalText.visible(line) + "\n")
                }
                throw ExitCode.failure
            }
            let outlets = try outletList()
            // A model asked for that cannot be loaded stops the import before anything is written.
            let model = try semantic.writingModel()
            let store: any AnalysisStore
            do {
                store = try await database.openForWriting()
            } catch let error as StoreError {
                throw Self.unwritten(error, again: again)
            }
            if let outlets {
                if let note = Self.unlistedNote(found.snapshots, outlets: outlets, listPath: config ?? FeedConfigOption.standardPath) {
                    printError(note)
                }
            } else {
                printError("note: no \(FeedConfigOption.standardPath) here: outlets are named by their folder names (give --config to name them)")
            }
            let importer = ArchiveImporter(store: store, outlets: outlets)
            try await Interruption.trapping { interruption in
                let summary: ArchiveImporter.Summary
                do {
                    summary = try await importer.importArchive(at: root, shouldStop: { interruption.requested })
                } catch let stopped as ArchiveImporter.Interrupted {
                    await close(store)
                    print(Self.describe(stopped.summary))
                    for line in Self.listing(stopped.summary, root: root, verbose: verbose) { print(line) }
                    printError(Self.interruptedLine(stopped, root: root, again: again))
                    throw ExitCode.failure
                } catch let error as StoreError {
                    await close(store)
                    throw Self.unwritten(error, again: again)
                } catch {
                    await close(store)
                    throw error
                }
                print(Self.describe(summary))
                for line in Self.listing(summary, root: root, verbose: verbose) { print(line) }
                if summary.stopped, let signal = interruption.signal {
                    await close(store)
                    printError("stopped by \(signal): \(counted(summary.imported + summary.failed.count, "snapshot")) recorded, \(summary.notReached) not reached "
                               + "and no story brought up to date; \(again) again records the rest and then analyses")
                    throw interruption.exitCode
                }
                let update: AnalysisUpdate
                do {
                    update = try await using(store) {
                        try await Analysis.update(store, embedder: model.noted(), notice: { printError($0) },
                                                  shouldStop: { interruption.requested })
                    }
                } catch let error as StoreError {
                    printError("\(error); every snapshot is recorded, but the stories were not brought up to date"
                               + goingOn(after: error, "\(analyzeAgain) (or this import again) goes on from there"))
                    throw ExitCode.failure
                }
                print(describeAnalysis(update))
                if let failure = factsNotStoredLine(update, recorded: "every snapshot is recorded and ",
                                                    goOn: "\(analyzeAgain) (or this import again)") {
                    printError(failure)
                    throw ExitCode.failure
                }
                if update.stopped, let signal = interruption.signal {
                    printError("stopped by \(signal): every snapshot is recorded; \(keptLine(update)); "
                               + "\(analyzeAgain) (or this import again) goes on from there")
                    throw interruption.exitCode
                }
                if let signal = interruption.signal {
                    printError("\(signal) came when nothing was left to stop: the import finished, everything is stored")
                }
                if let failure = Self.nothingImported(summary) {
                    printError(failure)
                    throw ExitCode.failure
                }
            }
        }
    }

    /// The error line of an import that a database error ended while recording snapshots: the
    /// error, the snapshot it stopped at, what is kept, and how to go on.
    static func interruptedLine(_ stopped: ArchiveImporter.Interrupted, root: URL, again: CommandLineHint) -> String {
        let summary = stopped.summary
        let recorded = summary.imported + summary.failed.count
        let at = stopped.path.hasPrefix(root.path + "/") ? String(stopped.path.dropFirst(root.path.count + 1)) : stopped.path
        return "\(stopped.error); stopped at \(at): \(counted(recorded, "snapshot")) recorded before it "
            + "\(recorded == 1 ? "is" : "are") kept, \(summary.notReached) not recorded, and no story brought up to date"
            + goingOn(after: stopped.error, "\(again) again records the rest and then analyses")
    }

    /// A database error before the first snapshot was recorded (opening the database, storing
    /// the outlets), as a ``StoreError`` whose message says nothing of the archive is recorded
    /// and how to go on.
    static func unwritten(_ error: StoreError, again: CommandLineHint) -> any Error {
        guard case .full(let path, let message) = error else { return error }
        return StoreError.full(path: path, message: message + "; no snapshot was recorded; after freeing space, \(again) again")
    }

    /// This import as a command to run again: the archive, `--db`, `--config` and `--model` as
    /// given (not `--verbose`, which changes only what it lists).
    var again: CommandLineHint {
        CommandLineHint("import", [directory] + database.hintWords + (config.map { ["--config", $0] } ?? []) + semantic.hintWords)
    }

    /// `byline analyze` of this import's database and model.
    var analyzeAgain: CommandLineHint { CommandLineHint.analyze(database, semantic) }

    /// The error line of an import that stored no snapshot and found none already stored (every
    /// snapshot not a feed, older than what is stored, or not read), or nil: such an import
    /// exits 1, as `pull` does when every feed failed, so that a script notices.
    static func nothingImported(_ summary: ArchiveImporter.Summary) -> String? {
        guard summary.imported == 0, summary.alreadyStored == 0,
              !(summary.failed.isEmpty && summary.outOfOrder.isEmpty && summary.notRead.isEmpty) else { return nil }
        if summary.failed.isEmpty && summary.notRead.isEmpty {
            return "nothing imported: every snapshot is older than what the database holds of its feed (see above)"
        }
        return "nothing imported: no snapshot could be stored (see the reasons above)"
    }

    /// The note naming the archive's outlet folders that the outlet list does not hold (a typo
    /// such as `nytime/` would make an outlet of its own and split the credits), or nil.
    static func unlistedNote(_ snapshots: [ArchiveImporter.Snapshot], outlets: FeedList, listPath: String) -> String? {
        let listed = Set(outlets.outlets.map(\.id))
        let unlisted = Set(snapshots.map(\.outlet)).subtracting(listed).sorted()
        guard !unlisted.isEmpty else { return nil }
        let names = unlisted.prefix(10).joined(separator: ", ") + (unlisted.count > 10 ? ", ..." : "")
        return "note: \(counted(unlisted.count, "outlet folder")) not in \(listPath) (\(names)): imported under the folder name; check for a typo"
    }

    /// The one summary line.
    static func describe(_ summary: ArchiveImporter.Summary) -> String {
        var line = "imported \(summary.imported) of \(counted(summary.files, "snapshot")) from \(counted(summary.outlets, "outlet")): \(counted(summary.newItems, "new item")), \(counted(summary.newVersions, "new version"))"
        if summary.alreadyStored > 0 { line += "; \(summary.alreadyStored) already stored" }
        if !summary.failed.isEmpty { line += "; \(summary.failed.count) not usable \(summary.failed.count == 1 ? "feed, recorded as a failed pull" : "feeds, recorded as failed pulls")" }
        if !summary.cutOff.isEmpty {
            line += "; \(counted(summary.cutOff.count, "snapshot")) cut off (the items before the cut stored, those after it lost)"
        }
        let warned = Set(summary.warned.map(\.path)).count
        if warned > 0 {
            line += "; \(counted(warned, "snapshot")) with parse warnings (each costs a field or an element, not the snapshot)"
        }
        if !summary.skipped.isEmpty { line += "; \(counted(summary.skipped.count, "path")) skipped (not snapshots)" }
        if !summary.notRead.isEmpty { line += "; \(counted(summary.notRead.count, "snapshot")) not read (left for a re-run)" }
        if !summary.outOfOrder.isEmpty { line += "; \(counted(summary.outOfOrder.count, "snapshot")) older than what is stored, not recorded" }
        if summary.stopped { line += "; stopped before \(counted(summary.notReached, "snapshot"))" }
        if summary.repeatedGuids > 0 {
            line += "; \(counted(summary.repeatedGuids, "entry", plural: "entries")) in \(counted(summary.snapshotsWithRepeatedGuids, "snapshot")) "
                + "repeated a guid of their snapshot (one stored per guid: the latest publisher time, then the most text; a warning with each pull)"
        }
        return line
    }

    /// The lines after the summary line: failed pulls, cut-off snapshots (each with where it was
    /// cut), snapshots with parse warnings by kind of warning, skipped paths and snapshots not
    /// read by reason (``groupLines(_:root:label:verbose:)``), then the snapshots older than what
    /// is stored in one line (``outOfOrderLines(_:root:verbose:)``).
    static func listing(_ summary: ArchiveImporter.Summary, root: URL, verbose: Bool) -> [String] {
        groupLines(summary.failed.map { ($0.path, $0.reason) }, root: root, label: "failed pull", verbose: verbose)
            + groupLines(summary.cutOff.map { ($0.path, $0.reason) }, root: root, label: "cut off", verbose: verbose)
            + groupLines(summary.warned.map { ($0.path, $0.reason) }, root: root, label: "warning", verbose: verbose)
            + groupLines(summary.skipped.map { ($0.path, $0.reason) }, root: root, label: "skipped", verbose: verbose)
            + groupLines(summary.notRead.map { ($0.path, $0.reason) }, root: root, label: "not read", verbose: verbose)
            + outOfOrderLines(summary, root: root, verbose: verbose)
    }

    /// The snapshots older than their outlet's latest stored pull: one line with the counts
    /// (`out of order: 1190 snapshots of 20 outlets are older than ...`); with `verbose`, one
    /// more line per outlet: its count, the capture times they span and its latest stored pull.
    static func outOfOrderLines(_ summary: ArchiveImporter.Summary, root: URL, verbose: Bool) -> [String] {
        guard !summary.outOfOrder.isEmpty else { return [] }
        var byOutlet: [String: [Date]] = [:]
        for entry in summary.outOfOrder {
            let relative = entry.path.dropFirst(root.path.count).drop { $0 == "/" }.split(separator: "/")
            guard let outlet = relative.first.map(String.init), let file = relative.last,
                  let time = ArchiveImporter.captureTime(fileName: String(file)) else { continue }
            byOutlet[outlet, default: []].append(time)
        }
        let count = summary.outOfOrder.count
        var lines = ["  out of order: \(counted(count, "snapshot")) of \(counted(byOutlet.count, "outlet")) \(count == 1 ? "is" : "are") older than "
                     + "\(byOutlet.count == 1 ? "the outlet's" : "each outlet's") latest stored pull, not recorded (import earlier captures into a new "
                     + "database, or before later ones)" + (verbose ? ":" : "; --verbose names the outlets")]
        guard verbose else { return lines }
        for (outlet, times) in byOutlet.sorted(by: { $0.key < $1.key }) {
            let span = times.count == 1 ? ReportFormat.time(times.min()) : "\(ReportFormat.time(times.min())) to \(ReportFormat.time(times.max()))"
            let latest = summary.latestStoredPull[outlet].map { "; its latest stored pull \(ReportFormat.time($0))" } ?? ""
            lines.append("    \(outlet): \(counted(times.count, "snapshot")), captured \(span)\(latest)")
        }
        return lines
    }

    /// One line per reason, most frequent first (at most 10 unless `verbose`): the count, the
    /// outlets, and up to three example paths relative to the archive.
    static func groupLines(_ entries: [(path: String, reason: String)], root: URL, label: String, verbose: Bool = false) -> [String] {
        let groups = Dictionary(grouping: entries, by: \.reason).sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
        var lines: [String] = []
        for (reason, members) in groups.prefix(verbose ? groups.count : 10) {
            let relative = members.map { String($0.path.dropFirst(root.path.count).drop { $0 == "/" }) }
            var outlets: [String: Int] = [:]
            for path in relative { outlets[String(path.split(separator: "/").first ?? ""), default: 0] += 1 }
            let perOutlet = outlets.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let examples = relative.prefix(3).joined(separator: ", ") + (relative.count > 3 ? ", ..." : "")
            lines.append("  \(label): \(reason): \(members.count) (\(perOutlet)): \(examples)")
        }
        if !verbose && groups.count > 10 {
            let more = groups.dropFirst(10).reduce(0) { $0 + $1.value.count }
            lines.append("  \(label): \(groups.count - 10) more reasons, \(more) paths in all; --verbose lists them")
        }
        return lines
    }
}
