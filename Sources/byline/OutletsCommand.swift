import ArgumentParser
import BylinePipeline
import BylineEmbed
import BylineReport
import BylineStore
import Foundation

struct OutletsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outlets",
        abstract: "Print each outlet's scorecard: stories, first reports, median lag, items, failed pulls.",
        discussion: "The same figures as outlets.csv. shared = stories of 2+ outlets; first = clear first reports, \"(k by pubDate)\" those whose item was already in its feed at Byline's first pull or came after a gap of a day or more in its feed's pulls (its pubDate not checked against a pull); lag = median time behind the first report in shared stories it was not first in.")

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption
    @OptionGroup var range: TimeRangeOptions

    func run() async throws {
        try await reportingErrors {
            let store = try await database.openForReading()
            // Built as `report` builds it (facts by meaning with the model), so the figures are
            // those of its outlets.csv.
            let report = try await using(store) {
                try await ReportCommand.build(store: store, since: range.since, until: range.until, embedder: semantic.readingEmbedder(),
                                              database: database, model: semantic)
            }
            print(SummaryText.outlets(report), terminator: "")
        }
    }
}
