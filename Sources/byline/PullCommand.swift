import ArgumentParser
import BylineFetch
import BylinePipeline
import BylineEmbed
import BylineReport
import BylineStore
import Foundation
import Logging
import UnixSignals

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull every due feed of the config once (the one-shot form, for cron).",
        discussion: """
            Feeds are fetched concurrently (--concurrency overall, 2 at a time per host) with \
            conditional GET from the stored ETag/Last-Modified. Only due feeds are pulled; retired \
            feeds (410) and feeds inside their Retry-After or backoff are skipped and listed. --all \
            pulls feeds that are not due or back off, but never a retired feed or one inside its \
            Retry-After. A feed that fails is logged and recorded as a failed pull; the command \
            fails only when every pulled feed failed; each failure is listed once, at the end, \
            and so is each warning the pull log keeps (a document cut off, its first three \
            parse warnings such as an unparseable date or elements nested too deep left out and \
            a count of the rest, as import records them; entries repeating a guid; a Retry-After \
            past a day held for a day). \
            --verbose adds one line per pull once it is recorded (outlet, URL, outcome with its \
            status or error, bytes, seconds, its warnings, next due time). Then the \
            stories (and the sentence vectors of their facts) are brought up to date with what \
            was stored, placing only the new items (unless another process is analysing the \
            store: one at a time does, and this pull then skips its analysis and says so); with --report, the reports are written too, \
            into a new folder, an empty one (hidden files and READMEs aside) or one that holds a \
            previous Byline report: any other folder, or one this user cannot write or make, \
            is refused before pulling (exit 1). \
            On a SQLite file one pull or run at a time pulls: beside a running `byline run` (or \
            another pull) it refuses with one line naming that process and exits 1. \
            SIGINT or SIGTERM stops it as it stops `run`: no other pull starts (said at once, with \
            the pulls it waits for), the pulls in flight finish within --timeout and are recorded, \
            the pull lock is released, the stories are brought up to date with what was stored, \
            no report is written, one line says what was kept and what was not (pulls recorded, \
            new items, due feeds not pulled), and it exits 130 (143 for SIGTERM). A second signal \
            abandons the pulls in flight (nothing half-written is kept) and leaves the stories to \
            the next writer or byline analyze; a signal during the analysis stops it after the \
            model's current batch, keeping what it saved, and one more stops at once.
            """)

    @OptionGroup var feeds: FeedConfigOption

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption
    @OptionGroup var pullTimeout: PullTimeoutOption

    @Flag(help: "Pull every feed now, due or not (never a retired one or one inside its Retry-After).")
    var all = false

    @Option(parsing: .unconditional, help: ArgumentHelp(PullConcurrency.help, valueName: "n"))
    var concurrency = 16

    @Option(help: ArgumentHelp("After pulling, write the reports into this folder (new, empty, or holding a previous report).", valueName: "dir"))
    var report: String?

    /// Refuses an empty `--report` (it would write into the working folder unasked) and a
    /// `--concurrency` outside 1…``PullConcurrency/maximum``.
    func validate() throws {
        if let report, report.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--report must name a folder") }
        try PullConcurrency.check(concurrency)
    }

    @Flag(name: .shortAndLong, help: "One line per pull to standard error, once recorded (outcome with status or error, bytes, seconds).")
    var verbose = false

    func run() async throws {
        try await reportingErrors {
            let list = try feeds.load()
            // A folder that must not receive the report is refused before any feed is pulled.
            if let report { try ReportWriter.checkDestination(URL(fileURLWithPath: report)) }
            // So is a model asked for that cannot be loaded: nothing is pulled or written.
            let model = try semantic.writingModel()
            // One puller per SQLite file: a second would pull every feed again.
            // A file refused as it is gets no lock file beside it either.
            try database.refuseBeforeWriting()
            let scheduleLock = try database.scheduleLock(command: "byline pull")
            defer { scheduleLock?.release() }
            let terminal = PullProgress.standardErrorIsTerminal
            let progress = PullProgress(terminal: terminal)
            // SIGINT and SIGTERM from here on stop the pull as `run` stops (``PullInterruption``).
            let interruption = await PullInterruption.trapping(timeout: pullTimeout.timeout) { progress.log($0) }
            defer { interruption.stopWatching() }
            let store = try await database.openForWriting()
            // Not the fetcher's own line per pull: it comes before the parse, so it calls a 200
            // that is not a feed "fetched". --verbose prints the recorded outcome instead.
            var fetchLogger = Logger(label: "byline.fetch")
            fetchLogger.logLevel = .warning
            let fetcher = Fetcher(settings: pullTimeout.settings(concurrency: concurrency), logger: fetchLogger)
            let summary: FeedPuller.Summary
            let verbose = self.verbose
            let puller = FeedPuller(store: store, fetcher: fetcher)
            let pulling = Task { [all] in
                try await puller.pull(list, all: all, progress: { done, total, summary in
                    progress.update(done: done, total: total, summary: summary)
                }, onReport: { report in
                    interruption.recorded()
                    if verbose { progress.log(PullLine.describe(report)) }
                }, shouldStart: { interruption.mayStart() })
            }
            // A second signal abandons the pulls in flight.
            interruption.onAbandon { pulling.cancel() }
            do {
                summary = try await pulling.value
            } catch let error as StoreError {
                progress.finish()
                try? await fetcher.shutdown()
                await close(store)
                printError(Self.unrecordedLine(error, recorded: interruption.pullsRecorded, again: again))
                throw ExitCode.failure
            } catch {
                progress.finish()
                try? await fetcher.shutdown()
                await close(store)
                throw error
            }
            progress.finish()
            try? await fetcher.shutdown()
            // Every pull is recorded: the analysis below does not pull, so a `run` may start.
            scheduleLock?.release()
            interruption.analysing()
            for failure in summary.failed {
                printError("pull failed: \(failure.outlet) \(failure.url): \(failure.reason)")
            }
            for warning in summary.warnings {
                printError("warning: \(warning.outlet) \(warning.url): \(warning.text)")
            }
            for moved in summary.moved {
                printError("feed moved: \(moved.outlet) \(moved.from) -> \(moved.to) (301/308 on two pulls)")
            }
            let held = summary.skipped.filter { if case .notDue = $0.hold { return false } else { return true } }
            for skipped in held {
                printError("skipped: \(skipped.outlet) \(skipped.url): \(skipped.hold)")
            }
            for abandoned in summary.abandoned {
                printError("abandoned: \(abandoned.outlet) \(abandoned.url): in flight at the second signal, not recorded (still due)")
            }
            print(Self.summaryLine(summary))
            let everyFeedFailed = summary.feeds > 0 && summary.failed.count == summary.feeds
            let everyFeedFailedLine = summary.failed.allSatisfy(\.failure.isUnreachable)
                ? "every feed failed and no server answered; is the network reachable?"
                : "every feed failed (see the reasons above)"
            if let signal = interruption.signal, interruption.abandoned {
                // A second signal: the user wants out now; the next writer places what is stored.
                await close(store)
                if everyFeedFailed { printError(everyFeedFailedLine) }
                printError(Self.stoppedLine(signal, summary: summary, update: nil, reportLeft: report != nil, again: again,
                                            analyze: CommandLineHint.analyze(database, semantic)))
                throw ExitCode(128 + signal.rawValue)
            }
            let update: AnalysisUpdate
            let wroteReport: Bool
            do {
                let analysed = try await using(store) {
                    try await analyse(store, embedder: model.noted(), skipReport: interruption.requested,
                                      shouldStop: { interruption.analysisShouldStop })
                }
                update = analysed.update
                wroteReport = analysed.wroteReport
            } catch let error as StoreError {
                printError("\(error); every pull is recorded, but the stories were not brought up to date"
                           + goingOn(after: error, "\(CommandLineHint.analyze(database, semantic)) goes on from there"))
                throw ExitCode.failure
            }
            if everyFeedFailed {
                // The network is in doubt only when no server answered at all.
                printError(everyFeedFailedLine)
            }
            if let signal = interruption.signal {
                printError(Self.stoppedLine(signal, summary: summary, update: update, reportLeft: report != nil && !wroteReport, again: again,
                                            analyze: CommandLineHint.analyze(database, semantic)))
                throw ExitCode(128 + signal.rawValue)
            }
            if everyFeedFailed { throw ExitCode.failure }
        }
    }

    /// The last line of a pull that SIGINT or SIGTERM stopped (`signal`, the first one): the
    /// pulls recorded and kept with the items and versions they stored; the pulls abandoned in
    /// flight and the due feeds not started (not recorded, still due: `again` pulls them); how
    /// far the stories were brought up to date (`update`; nil when a second signal left the
    /// analysis out: `analyze` does it); whether the report (`reportLeft`: `--report` given) was
    /// left unwritten.
    static func stoppedLine(_ signal: UnixSignal, summary: FeedPuller.Summary, update: AnalysisUpdate?, reportLeft: Bool,
                            again: CommandLineHint, analyze: CommandLineHint) -> String {
        var line = "stopped by \(signal): \(counted(summary.feeds, "pull")) recorded and kept (\(counted(summary.newItems, "new item")), "
            + "\(counted(summary.newVersions, "new version")))"
        if !summary.abandoned.isEmpty { line += "; \(counted(summary.abandoned.count, "pull")) in flight abandoned, not recorded" }
        if !summary.notStarted.isEmpty { line += "; \(counted(summary.notStarted.count, "due feed")) not pulled" }
        let left = summary.abandoned.count + summary.notStarted.count
        if left > 0 { line += " (still due: \(again) pulls \(left == 1 ? "it" : "them"))" }
        switch update {
        case nil:
            line += "; no story brought up to date (\(analyze) does it)"
        case let update? where update.busy:
            line += "; the stories were left to the other process analysing the store"
        case let update? where update.stopped:
            line += "; \(keptLine(update)); \(analyze) goes on from there"
        case _?:
            line += "; the stories are up to date"
        }
        if reportLeft { line += "; no report written" }
        return line
    }

    /// The error line of a pull that the database ended (a full disk, a lock held too long):
    /// the error, the pulls recorded before it (kept, each one transaction), and how to go on
    /// (the feeds not recorded are still due).
    static func unrecordedLine(_ error: StoreError, recorded: Int, again: CommandLineHint) -> String {
        return "\(error); \(counted(recorded, "pull")) recorded before it \(recorded == 1 ? "is" : "are") kept; the others were not "
            + "recorded (those feeds are still due) and no story was brought up to date" + goingOn(after: error, "\(again) again pulls them")
    }

    /// This pull as a command to run again: `--config`, `--db`, `--model`, `--all` and `--report`
    /// as given (not `--concurrency`, `--timeout` or `--verbose`, which change how, not what, it pulls).
    var again: CommandLineHint {
        CommandLineHint("pull", feeds.hintWords + database.hintWords + semantic.hintWords + (all ? ["--all"] : [])
                                + (report.map { ["--report", $0] } ?? []))
    }

    /// The line a pull ends with: `pulled 1 feed: 1 fetched, 0 not modified, 0 failed; 1 new
    /// item, 0 new versions; skipped 0 (0 not due, 0 held)`, each count with its noun in the
    /// singular or plural.
    static func summaryLine(_ summary: FeedPuller.Summary) -> String {
        let held = summary.skipped.filter { if case .notDue = $0.hold { return false } else { return true } }.count
        let notDue = summary.skipped.count - held
        return "pulled \(counted(summary.feeds, "feed")): \(summary.fetched) fetched, \(summary.notModified) not modified, "
            + "\(summary.failed.count) failed; \(counted(summary.newItems, "new item")), \(counted(summary.newVersions, "new version")); "
            + "skipped \(summary.skipped.count) (\(notDue) not due, \(held) held)"
    }

    /// Brings the stories up to date with `embedder` (nil: on words, names and time only) and,
    /// with `--report`, writes the reports (not with `skipReport`, nor once `shouldStop` is true:
    /// a signal stopped the pull). On a store that another process is analysing, the analysis is
    /// skipped (one line says so). `shouldStop` ends the analysis at its next safe point (after
    /// the model's batch in progress).
    ///
    /// - Returns: What the analysis did, and whether the reports were written.
    func analyse(_ store: any AnalysisStore, embedder: SentenceEmbedder?, skipReport: Bool,
                 shouldStop: @escaping @Sendable () -> Bool) async throws -> (update: AnalysisUpdate, wroteReport: Bool) {
        let update = try await Analysis.update(store, embedder: embedder, notice: { printError($0) }, shouldStop: shouldStop)
        print(describeAnalysis(update))
        var wroteReport = false
        if let report, !skipReport, !shouldStop() {
            wroteReport = true
            let written = try await ReportCommand.write(store: store, to: report, since: nil, until: nil, embedder: embedder,
                                                        database: database, model: semantic)
            print("wrote \(written.map(\.lastPathComponent).joined(separator: ", ")) to \(report)")
        }
        if let failure = factsNotStoredLine(update, recorded: "every pull is recorded and ", goOn: "\(CommandLineHint.analyze(database, semantic))") {
            printError(failure)
            throw ExitCode.failure
        }
        return (update, wroteReport)
    }
}
