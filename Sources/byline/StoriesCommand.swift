import ArgumentParser
import BylineFacts
import BylinePipeline
import BylineReport
import BylineStore
import Foundation

struct StoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "List stories, largest first (by outlets, then items).",
        discussion: "Stories are brought up to date first. Each line: story id, outlets, items, first reporter, headline.")

    @OptionGroup var database: DatabaseOption
    @OptionGroup var range: TimeRangeOptions

    @Option(help: "Only stories covered by at least this many outlets.")
    var minOutlets: Int = 2

    @Option(help: "Print at most this many stories (0: all).")
    var limit: Int = 50

    func run() async throws {
        try await reportingErrors {
            let store = try Store(path: database.db)
            let analysis = try Analysis.load(from: store)
            let stories = analysis.stories(since: range.since, until: range.until).filter { $0.outlets.count >= minOutlets }
            if stories.isEmpty {
                print("no stories with \(minOutlets)+ outlets (\(analysis.stories.count) stories in all)")
                return
            }
            print("story  outlets  items  first                      headline")
            for story in limit > 0 ? Array(stories.prefix(limit)) : stories {
                var first = story.credit.outlet
                if story.credit.isTie { first += "+\(story.credit.tiedWith.count) tied" }
                print("\(pad(String(story.id), 5))  \(pad(String(story.outlets.count), 7))  \(pad(String(story.items.count), 5))  \(first.padding(toLength: 25, withPad: " ", startingAt: 0))  \(story.headline)")
            }
            if limit > 0 && stories.count > limit { print("... \(stories.count - limit) more (use --limit 0)") }
        }
    }
}

func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}
