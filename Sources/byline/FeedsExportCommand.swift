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
            feeds, which answered 410 Gone and are pulled no more, left out, each named on stderr), with the outlets' names, homepages, countries and languages; with \
            --config, the config's intervals are kept (each feed's own, and its default_interval as \
            <byline:defaultInterval> in the OPML head). The file works as --config of pull and run. A database \
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
            let leftOut: [FeedExport.LeftOut]
            do {
                list = try await FeedExport.currentFeeds(store, config: try config.map { try FeedList.loadWarning(contentsOf: $0) })
                leftOut = try await FeedExport.leftOut(store)
            } catch {
                await close(store)
                throw error
            }
            await close(store)
            for feed in leftOut { printError("feeds export: \(feed)") }
            guard list.outlets.contains(where: { !$0.feeds.isEmpty }) else { throw PipelineError.noFeeds(path: store.location) }
            let text = list.opml(title: "Byline feeds")
            if let output {
                try Self.write(text, to: output)
            } else {
                printData(text)
            }
        }
    }

    /// A file that could not be written, in the system's words:
    /// `out.opml: cannot write the OPML: No space left on device`.
    struct WriteFailure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): cannot write the OPML: \(reason)" }
    }

    /// Writes `text` to the file at `path` (created or truncated), with `write(2)` so that a full
    /// disk or a file size limit is reported as the system says it.
    ///
    /// - Throws: ``WriteFailure`` when the file cannot be opened, written or closed.
    static func write(_ text: String, to path: String) throws(WriteFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw WriteFailure(path: path, reason: String(cString: strerror(errno))) }
        var failure = StandardStreams.writeAll(text, to: descriptor)
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw WriteFailure(path: path, reason: String(cString: strerror(failure))) }
    }
}
