import ArgumentParser
import BylineFetch
import BylinePipeline
import BylineStore
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Pull each feed whenever it is due, until SIGINT or SIGTERM.",
        discussion: """
            The long-running form of `pull` (for systemd; see the README). Each feed is pulled at \
            its own interval (from the config, adapted to how often it publishes, never sooner \
            than its <ttl>, Cache-Control max-age or Retry-After), backing off while it fails. Due \
            times are stored, so a restart continues the schedule. On SIGINT or SIGTERM no new \
            pull starts, the pulls in flight finish and are recorded (it says at once how many it \
            waits for), and the command exits 0; a \
            second signal abandons them (nothing half-written is kept). One line per pull goes to \
            standard error. After pulls that stored something, the stories (and the sentence \
            vectors of their facts) are brought up to date, placing only the new items with the \
            clusterer kept in memory between analyses (one line \
            on standard error when items were placed); once more at shutdown if needed. On the \
            signal an analysis stops after the model's current batch (a few seconds), keeping \
            the vectors it saved; the next run, pull, import or analyze places what it left. \
            With --db postgres://..., several run workers (on one machine or many) share the \
            feeds: each pulls a due feed only after leasing it (--lease, 120 s; a killed worker's \
            feeds are taken over when its lease ends), so no feed is pulled twice in one interval; \
            a lost connection to the server (a restart) is said on standard error and each \
            operation is tried again for up to 300 s, so the pulls in flight are recorded once it \
            is back; one worker at a time brings the stories up to date (an advisory lock): a \
            worker that finds another analysing skips its analysis that round and goes on pulling \
            (--verbose says so). On a SQLite file one pull or run at a time pulls: a second \
            one refuses with one line naming the first (a lock on <db>-pull.lock) and exits 1; \
            one process at a time analyses it (a lock on <db>-analysis.lock): a run that finds \
            an import or analyze analysing skips its analysis that round, as on PostgreSQL.
            """)

    @OptionGroup var feeds: FeedConfigOption

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption
    @OptionGroup var pullTimeout: PullTimeoutOption

    @Option(parsing: .unconditional, help: ArgumentHelp(PullConcurrency.help, valueName: "n"))
    var concurrency = 16

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "On a shared PostgreSQL store: how long this worker holds a feed it leased, in seconds (1 to 90000). A killed worker's feeds are pulled by the others after this; it must be above --timeout, the longest a pull may take. Not used on SQLite.",
        valueName: "seconds"))
    var lease = Int(FeedPuller.leaseSeconds)

    @Flag(name: .shortAndLong, help: "Also say when the analysis is skipped because another process is analysing the store.")
    var verbose = false

    /// The longest `--lease` taken, in seconds: 25 hours, so that the longest
    /// `--timeout` (a day) still fits under it with room to record the pull.
    static let maximumLease = PullTimeoutOption.maximum + 3_600

    func validate() throws {
        try PullConcurrency.check(concurrency)
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
        guard lease <= Self.maximumLease else {
            throw ValidationError("--lease (\(lease) s) must be at most \(Self.maximumLease) seconds (25 hours)")
        }
        // A feed whose pull outlasts its lease could be leased and pulled by a second worker.
        if database.isPostgres, lease <= pullTimeout.timeout {
            throw ValidationError("--lease (\(lease) s) must be longer than --timeout (\(pullTimeout.timeout) s), the longest a pull may take")
        }
    }

    func run() async throws {
        try await reportingErrors {
            let list = try feeds.load()
            // A model asked for that cannot be loaded stops the run before anything is written.
            let model = try semantic.writingModel()
            // One `run` (or `pull`) per SQLite file: a second would pull every feed again.
            // A file refused as it is gets no lock file beside it either.
            try database.refuseBeforeWriting()
            let scheduleLock = try database.scheduleLock(command: "byline run")
            defer { scheduleLock?.release() }
            guard let store = try await Self.openStore(database) else {
                printError("stopped before the database could be opened; nothing was written")
                return
            }
            var logger = Logger(label: "byline.run")
            logger.logLevel = .info
            var fetchLogger = Logger(label: "byline.fetch")
            fetchLogger.logLevel = .warning
            let fetcher = Fetcher(settings: pullTimeout.settings(concurrency: concurrency), logger: fetchLogger)
            let embedder = model.noted()
            // The clusterer stays in memory between this worker's analyses.
            let cache = AnalysisCache()
            let service = PullService(
                puller: FeedPuller(store: store, fetcher: fetcher), list: list,
                onPull: { report in printError(Self.describe(report)) },
                onUnrecorded: { target, error in
                    printError("\(target.outlet) \(target.feed.state.url) not recorded: \(error); retrying after \(Int(target.baseInterval)) s")
                },
                onStopping: { [timeout = Int(fetcher.settings.totalTimeout)] pulls, analysing in
                    printError(Self.stoppingLine(pullsInFlight: pulls, analysing: analysing, timeout: timeout))
                },
                analysis: { [verbose] in
                    do {
                        // SIGTERM or SIGINT ends the analysis after the model's current batch.
                        let update = try await Analysis.update(store, embedder: embedder, cache: cache, notice: { printError($0) },
                                                               shouldStop: { Task.isShuttingDownGracefully || Task.isCancelled })
                        if update.busy {
                            if verbose { printError(describeAnalysis(update)) }
                        } else if update.placedItems > 0 || !update.saved || update.stopped || update.factsNotStored != nil {
                            printError(describeAnalysis(update))
                        }
                        if let failure = factsNotStoredLine(update, goOn: "the next analysis") { printError(failure) }
                    } catch {
                        printError("stories not brought up to date: \(error); the next analysis tries again")
                    }
                },
                leaseSeconds: Double(lease))
            var configuration = ServiceGroupConfiguration(
                services: [.init(service: service)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger)
            // A backstop under systemd's TimeoutStopSec (60 s in the README's unit): pulls still
            // in flight then are abandoned, as on a second signal.
            configuration.maximumGracefulShutdownDuration = .seconds(Self.gracePeriod(timeout: pullTimeout.timeout))
            let group = ServiceGroup(configuration: configuration)
            printError("running: \(counted(list.outlets.map(\.feeds.count).reduce(0, +), "feed")) of \(counted(list.outlets.count, "outlet")); SIGINT or SIGTERM stops")
            if store.sharesSchedule {
                printError("sharing the schedule of \(store.location) with other workers as \(FeedPuller.workerID), leasing each feed for \(lease) s")
            }
            let running = Task { try await group.run() }
            // The group takes the first signal (graceful shutdown); a second one abandons the
            // pulls in flight. ServiceGroup cannot have one signal both ways, so it is counted here.
            let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
            let watcher = Task {
                var count = 0
                for await _ in signals {
                    count += 1
                    if count == 2 {
                        printError("second signal: abandoning the pulls in flight (nothing half-written is kept)")
                        running.cancel()
                        return
                    }
                }
            }
            defer { watcher.cancel() }
            do {
                try await running.value
            } catch {
                try? await fetcher.shutdown()
                if running.isCancelled {
                    printError("stopped; the pulls in flight were abandoned, every finished pull is recorded")
                    return
                }
                throw error
            }
            try? await fetcher.shutdown()
            printError(running.isCancelled ? "stopped; the pulls in flight were abandoned, every finished pull is recorded"
                                           : "stopped; every finished pull is recorded")
        }
    }

    /// Seconds from the first SIGTERM or SIGINT after which pulls and an analysis still running
    /// are abandoned: `timeout` (the longest a pull may take) + 15, 45 s by default. Pulls end
    /// within their timeout and an analysis stops after its current batch, so this is a backstop.
    static func gracePeriod(timeout: Int) -> Int64 { Int64(timeout) + 15 }

    /// Opens (and if needed creates and migrates) the store `--db` names (a SQLite file or a
    /// PostgreSQL URL). On a full disk or an I/O error
    /// (``StoreError/full(path:message:)``, ``StoreError/ioError(path:message:)``) it says so on standard error and tries again after
    /// 5 s, doubling to at most 300 s, as a pull that cannot be recorded is tried again: a
    /// service started on a full disk waits for space instead of exiting. Nil when SIGINT or
    /// SIGTERM arrives while it waits.
    ///
    /// - Throws: any other ``StoreError`` (not a database, a newer schema, permissions, a
    ///   PostgreSQL server that cannot be reached) at once.
    static func openStore(_ database: DatabaseOption) async throws -> (any AnalysisStore)? {
        var delay: Double = 5
        while true {
            do {
                return try await database.openForWriting()
            } catch StoreError.full(let path, let message) {
                printError("\(path): \(message); trying again in \(Int(delay)) s (SIGINT or SIGTERM stops)")
            } catch let error as StoreError {
                guard case .ioError = error else { throw error }
                printError("\(error); trying again in \(Int(delay)) s (SIGINT or SIGTERM stops)")
            }
            if await signalArrives(within: delay) { return nil }
            delay = min(delay * 2, 300)
        }
    }

    /// Whether SIGINT or SIGTERM arrives within `seconds`.
    static func signalArrives(within seconds: Double) async -> Bool {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in signals { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// What the first signal is answered with at once: what `run` waits for before it stops
    /// (pulls in flight, each ending within `timeout` seconds; the stories to bring up to date)
    /// and what a second signal does.
    static func stoppingLine(pullsInFlight pulls: Int, analysing: Bool, timeout: Int) -> String {
        let pullText = "\(pulls) pull\(pulls == 1 ? "" : "s") in flight (at most \(timeout) s)"
        switch (pulls > 0, analysing) {
        case (true, true):
            return "stopping: waiting for \(pullText) and for the stories to be brought up to date; "
                + "a second signal (Ctrl-C again) stops at once, keeping every finished pull"
        case (true, false):
            return "stopping: waiting for \(pullText); a second signal (Ctrl-C again) stops at once, keeping every finished pull"
        case (false, true):
            return "stopping: bringing the stories up to date first (the model's current batch); "
                + "a second signal (Ctrl-C again) stops at once, keeping every finished pull"
        case (false, false):
            return "stopping: no pull in flight"
        }
    }

    /// One line per pull: ``PullLine/describe(_:)``.
    static func describe(_ report: FeedPuller.Report) -> String { PullLine.describe(report) }
}
