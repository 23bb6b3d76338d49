import ArgumentParser
import BylineFetch
import BylinePipeline
import BylineStore
import Foundation

struct FeedsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the current feeds as OPML 2.0 (to standard output, or --output FILE).",
        discussion: """
            The feeds are those of the database (current URLs, after permanent moves; retired \
            feeds left out), with the outlets' names, homepages, countries and languages; with \
            --config, the config's intervals are kept. The file works as --config of pull and run. A database \
            with no current feeds is an error (no empty OPML is written).
            """)

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("A config whose feed intervals to keep (TOML or OPML).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The file to write; standard output when absent.", valueName: "file"))
    var output: String?

    func run() async throws {
        try await reportingErrors {
            let store = try await database.openForReading()
            let list: FeedList
            do {
                list = try await FeedExport.currentFeeds(store, config: try config.map { try FeedList.loadWarning(contentsOf: $0) })
            } catch {
                await close(store)
                throw error
            }
            await close(store)
            guard list.outlets.contains(where: { !$0.feeds.isEmpty }) else { throw PipelineError.noFeeds(path: store.location) }
            let text = list.opml(title: "Byline feeds")
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                print(text, terminator: "")
            }
        }
    }
}
