import ArgumentParser
import BylineFetch
import BylinePipeline
import BylineReport
import BylineStore
import Foundation

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull every feed in the config once.",
        discussion: """
            Feeds are fetched concurrently (at most 2 at a time per host) with conditional GET \
            from the stored ETag/Last-Modified. A feed that fails is logged and recorded as a \
            failed pull; the command fails only when every feed failed. With --report, the \
            stories, facts and reports are brought up to date afterwards (the main job).
            """)

    @Option(help: ArgumentHelp("The outlets and feeds to pull (TOML).", valueName: "file"))
    var config: String = "Feeds/outlets.toml"

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("After pulling, write the reports into this folder.", valueName: "dir"))
    var report: String?

    func run() async throws {
        try await reportingErrors {
            let list = try FeedList.load(contentsOf: config)
            let store = try Store(path: database.db)
            let fetcher = Fetcher()
            let summary: FeedPuller.Summary
            do {
                summary = try await FeedPuller(store: store, fetcher: fetcher).pull(list) { done, total, _ in
                    if done == total || done % 10 == 0 { printError("pulled \(done)/\(total) feeds") }
                }
            } catch {
                try? await fetcher.shutdown()
                throw error
            }
            try? await fetcher.shutdown()
            for failure in summary.failed {
                printError("pull failed: \(failure.outlet) \(failure.url): \(failure.reason)")
            }
            print("pulled \(summary.feeds) feeds: \(summary.fetched) fetched, \(summary.notModified) not modified, \(summary.failed.count) failed; \(summary.newItems) new items, \(summary.newVersions) new versions")
            if let report {
                let written = try ReportCommand.write(store: store, to: report, since: nil, until: nil)
                print("wrote \(written.map(\.lastPathComponent).joined(separator: ", ")) to \(report)")
            }
            if summary.feeds > 0 && summary.failed.count == summary.feeds {
                printError("every feed failed; is the network reachable?")
                throw ExitCode.failure
            }
        }
    }
}
