import ArgumentParser
import BylineFacts
import BylinePipeline
import BylineReport
import BylineStore
import Foundation

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show one story: outlets in order of appearance, the shared facts and who had each first.",
        discussion: """
            Times are UTC. Each time says its evidence: published (the publisher's time, inside \
            the observed window), window (between the feed's previous pull and the pull that \
            first saw the item) or first_seen (seen at the feed's first pull). Outlets whose \
            windows overlap are tied.
            """)

    @Argument(help: "The story id (see `byline stories`).")
    var story: Int64

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await reportingErrors {
            let store = try Store(path: database.db)
            let analysis = try Analysis.load(from: store)
            guard let view = analysis.story(id: story) else { throw PipelineError.unknownStory(id: story) }
            print(Self.render(view, facts: Analysis.facts(of: view)))
        }
    }

    static func render(_ story: StoryView, facts: StoryFacts) -> String {
        var lines: [String] = []
        lines.append("Story \(story.id): \(story.headline)")
        lines.append("\(story.outlets.count) outlets, \(story.items.count) items over \(ReportFormat.decimal(story.span / 3600)) h")
        var first = "First: \(story.credit.outlet) at \(describe(story.credit.time))"
        if story.credit.isTie { first += "; tied with \(story.credit.tiedWith.joined(separator: ", ")) (overlapping windows)" }
        lines.append(first)
        lines.append("")
        lines.append("Outlets in order of appearance (first item of each; lag behind the first report):")
        var seen = Set<String>()
        for item in story.items where seen.insert(item.outletID).inserted {
            lines.append("  \(item.outletID.padding(toLength: 18, withPad: " ", startingAt: 0)) \(describe(story.time(of: item)).padding(toLength: 62, withPad: " ", startingAt: 0)) +\(SummaryText.duration(story.lag(of: item)))")
        }
        lines.append("")
        lines.append("Items:")
        for item in story.items {
            let edits = item.versions.count > 1 ? " [\(item.versions.count) versions]" : ""
            lines.append("  \(ReportFormat.time(story.time(of: item).estimate))  \(item.outletID.padding(toLength: 18, withPad: " ", startingAt: 0)) \(item.title)\(edits)")
        }
        let shared = facts.facts.filter { Set($0.mentions.map(\.outlet)).count >= 2 }
        lines.append("")
        lines.append(shared.isEmpty ? "No fact is stated by two or more outlets." : "Facts shared by 2+ outlets (who had each first):")
        for fact in shared {
            lines.append("  F\(fact.id). \(fact.text)")
            var credit = "      first: \(fact.credit.outlet) at \(describe(fact.credit.time))"
            if fact.credit.isTie { credit += "; tie with \(fact.credit.tiedWith.joined(separator: ", "))" }
            lines.append(credit)
            lines.append("      outlets: \(fact.outlets.joined(separator: ", "))")
        }
        if !facts.attributions.isEmpty {
            lines.append("")
            lines.append("Attributions and scoop claims in the texts:")
            for attribution in facts.attributions {
                lines.append("  \(attribution.outlet): \(attribution.kind.rawValue) \"\(attribution.credited)\" in \"\(attribution.phrase)\"")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ time: ObservedTime) -> String {
        switch time.source {
        case .published:
            return "\(ReportFormat.time(time.estimate)) (published)"
        case .window:
            return "\(ReportFormat.time(time.estimate)) (window from \(ReportFormat.time(time.previousPull)))"
        case .firstSeen:
            return "\(ReportFormat.time(time.estimate)) (first_seen, feed's first pull)"
        }
    }
}
