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
            pull starts, the pulls in flight finish and are recorded, and the command exits 0; a \
            second signal abandons them (nothing half-written is kept). One line per pull goes to \
            standard error. After pulls that stored something, the stories (and the sentence \
            vectors of their facts) are brought up to date, placing only the new items (one line \
            on standard error when items were placed); once more at shutdown if needed.
            """)

    @OptionGroup var feeds: FeedConfigOption

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption

    @Option(help: ArgumentHelp("Pulls in flight at once, across all hosts.", valueName: "n"))
    var concurrency = 16

    func run() async throws {
        try await reportingErrors {
            let list = try feeds.load()
            let store = try Store(path: database.db)
            var logger = Logger(label: "byline.run")
            logger.logLevel = .info
            var fetchLogger = Logger(label: "byline.fetch")
            fetchLogger.logLevel = .warning
            let fetcher = Fetcher(settings: FetchSettings(maxConcurrent: max(1, concurrency)), logger: fetchLogger)
            let embedder = semantic.embedder()
            let service = PullService(
                puller: FeedPuller(store: store, fetcher: fetcher), list: list,
                onPull: { report in printError(Self.describe(report)) },
                onUnrecorded: { target, error in
                    printError("\(target.outlet) \(target.feed.state.url) not recorded: \(error); retrying after \(Int(target.baseInterval)) s")
                },
                analysis: {
                    do {
                        let update = try Analysis.update(store, embedder: embedder, notice: { printError($0) })
                        if update.placedItems > 0 || !update.saved { printError(describeAnalysis(update)) }
                    } catch {
                        printError("stories not brought up to date: \(error); the next analysis tries again")
                    }
                })
            let group = ServiceGroup(
                configuration: .init(
                    services: [.init(service: service)],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    cancellationSignals: [],
                    logger: logger))
            printError("running: \(list.outlets.map(\.feeds.count).reduce(0, +)) feeds of \(list.outlets.count) outlets; SIGINT or SIGTERM stops")
            do {
                try await group.run()
            } catch {
                try? await fetcher.shutdown()
                throw error
            }
            try? await fetcher.shutdown()
            printError("stopped; every finished pull is recorded")
        }
    }

    /// `bbc https://... 200 fetched, 3 new items; next 2021-09-19T08:45:00Z`.
    static func describe(_ report: FeedPuller.Report) -> String {
        var line = "\(report.target.outlet) \(report.pulledURL) "
        switch report.outcome {
        case .fetched: line += "\(report.statusCode ?? 200) fetched, \(report.newItems) new items"
        case .notModified: line += "304 not modified"
        case .failed(let failure): line += "failed: \(failure)"
        }
        if let moved = report.movedTo { line += "; moved to \(moved)" }
        if report.retired { line += "; retired (410)" }
        if let due = SchedulePolicy().wakeTime(report.target.feed, now: Date()), !report.retired {
            line += "; next \(due.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)))"
        }
        return line
    }
}
