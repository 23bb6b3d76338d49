import ArgumentParser
import BylineFacts
import BylinePipeline
import BylineEmbed
import BylineReport
import BylineStore
import Foundation

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show one story: its timeline, the fact-by-outlet matrix with values and ties, and the attributions and claims of who was first, checked.",
        discussion: """
            With the embedding model, facts are sentences of two or more outlets that state the \
            same claim by meaning (the model's vectors, stored once per sentence; stories of up to \
            2,000 sentences), never where bare numbers disagree, one number counts different \
            things, two names swap roles or another actor opens an otherwise alike sentence; \
            without it, on shared words. \
            Times are UTC. Each time says its evidence: published (the publisher's time, inside \
            the observed window), window (between the feed's previous pull and the pull that \
            first saw the item) or first_seen (seen at the feed's first pull). Outlets whose \
            windows overlap are tied. Attributions name the outlet a text credits (its id when \
            Byline follows it, by id, name or alias); a claim that an outlet was first ("CNN was \
            first to report") is checked against each outlet's earliest report of the story.
            """)

    @Argument(help: "The story id (see `byline stories`); more ids show those stories as one (when clustering split an event).")
    var story: [Int64]

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption

    /// Each id once, in the order given (`compare 136 136` is story 136).
    var storyIDs: [Int64] {
        var seen = Set<Int64>()
        return story.filter { seen.insert($0).inserted }
    }

    func run() async throws {
        let story = storyIDs
        try await reportingErrors {
            let store = try database.openExisting()
            let embedder = semantic.embedder()
            let analysis = try Analysis.load(from: store, embedder: embedder, notice: { printError($0) })
            notePending(analysis, db: database.db)
            // An id merged into another story names that story now: say so, and show it.
            var ids: [Int64] = []
            for id in story {
                if analysis.story(id: id) == nil, let into = analysis.mergedInto[id] {
                    printError("note: story \(id) was merged into story \(into); showing story \(into)")
                    if !ids.contains(into) { ids.append(into) }
                } else if !ids.contains(id) {
                    ids.append(id)
                }
            }
            if let unknown = ids.first(where: { analysis.story(id: $0) == nil }) { throw PipelineError.unknownStory(id: unknown) }
            guard let view = analysis.combined(storyIDs: ids) else { throw PipelineError.unknownStory(id: ids.first ?? 0) }
            let facts = Analysis.facts(of: view, hygiene: analysis.textHygiene(), outlets: analysis.outlets,
                                       embedder: embedder.map { FactEmbedder(store: store, embedder: $0, notice: { printError($0) }, saving: false) })
            print(Self.render(view, facts: facts, ids: ids))
        }
    }

    static func render(_ story: StoryView, facts: StoryFacts, ids: [Int64] = []) -> String {
        var lines: [String] = []
        if ids.count > 1 {
            lines.append("Stories \(ids.map(String.init).joined(separator: " + ")) shown as one: \(story.headline)")
        } else {
            lines.append("Story \(story.id): \(story.headline)")
        }
        lines.append("\(counted(story.outlets.count, "outlet")), \(counted(story.items.count, "item")) over \(ReportFormat.decimal(story.span / 3600)) h")
        var first = "First: \(story.credit.outlet) at \(describe(story.credit.time))"
        if story.credit.isTie { first += "; tied with \(story.credit.tiedWith.joined(separator: ", ")) (overlapping windows)" }
        lines.append(first)
        lines.append("")
        lines.append("Timeline (every item in order of appearance; lag behind the story's first report):")
        for item in story.items {
            var edits = item.versions.count > 1 ? " [\(item.versions.count) versions]" : ""
            if let latest = item.changedTitle { edits += " -> now: \(latest)" }
            lines.append("  \(padded(describe(story.time(of: item)), 61))\(padded("+" + SummaryText.duration(story.lag(of: item)), 9))\(padded(item.outletID, 18))\(item.firstTitle)\(edits)")
        }
        let shared = facts.facts.filter(\.isShared)
        lines.append("")
        guard !shared.isEmpty else {
            lines.append("No fact is stated by two or more outlets.")
            lines += attributionLines(facts, story: story)
            return lines.joined(separator: "\n")
        }
        // The matrix: one column per outlet that carries a shared fact, in order of appearance.
        let columns = story.outlets.filter { outlet in shared.contains { $0.outlets.contains(outlet) } }
        let letters = columns.indices.map { String(UnicodeScalar(UInt8(65 + $0 % 26))) }
        lines.append("Facts stated by 2+ outlets, by outlet. A cell is the outlet's first mention: 1st = credited first, tie = tied")
        lines.append("with the first (overlapping windows), +lag = behind the first, w = wire copy; a quantity's value is below.")
        lines.append("  " + zip(letters, columns).map { "\($0) = \($1)" }.joined(separator: ", "))
        var rows: [(label: String, cells: [String])] = []
        for fact in shared {
            var timeCells: [String] = []
            var valueCells: [String] = []
            for outlet in columns {
                guard let mention = fact.mentions.first(where: { $0.outlet == outlet }) else {
                    timeCells.append("·"); valueCells.append(""); continue
                }
                var cell: String
                if fact.credit.outlet == outlet { cell = "1st" } else if fact.credit.tiedWith.contains(outlet) { cell = "tie" } else {
                    let lag = max(0, Int(mention.time.estimate.timeIntervalSince(fact.credit.time.estimate).rounded()))
                    cell = "+" + SummaryText.duration(lag)
                }
                if fact.wireOutlets.contains(outlet) { cell += "w" }
                timeCells.append(cell)
                valueCells.append(fact.mentions.first(where: { $0.outlet == outlet && $0.value != nil })?.value?.display ?? "")
            }
            rows.append(("F\(fact.id)", timeCells))
            if fact.kind == .quantity { rows.append(("", valueCells)) }
        }
        // Columns as wide as their widest cell, so that no cell is cut or runs into the next.
        let width = (rows.flatMap(\.cells).map(\.count) + letters.map(\.count)).max().map { $0 + 2 } ?? 4
        let labelWidth = max(6, (rows.map(\.label.count).max() ?? 0) + 2)
        lines.append("  " + padded("fact", labelWidth) + letters.map { padded($0, width) }.joined())
        for row in rows {
            lines.append(("  " + padded(row.label, labelWidth) + row.cells.map { padded($0, width) }.joined()).trimmingTrailingSpaces())
        }
        lines.append("")
        lines.append("The facts:")
        for fact in shared {
            var head = "  F\(fact.id) [\(fact.kind.rawValue)"
            if fact.kind == .quantity { head += fact.trend == .update ? ", values move with time" : fact.trend == .disagreement ? ", outlets disagree" : ", one value" }
            head += "] \(fact.text)"
            lines.append(head)
            var credit = "      first: \(fact.credit.outlet) at \(describe(fact.credit.time))"
            if fact.credit.isTie { credit += "; tie with \(fact.credit.tiedWith.joined(separator: ", "))" }
            lines.append(credit)
            if fact.kind == .quantity {
                var parts: [String] = []
                for mention in fact.mentions {
                    guard let value = mention.value else { continue }
                    parts.append("\(value.text) (\(mention.outlet), \(ReportFormat.time(mention.time.estimate)))")
                }
                lines.append("      values: " + parts.joined(separator: " → "))
                if !fact.disagreeing.isEmpty {
                    lines.append("      differ within 6 h of each other: \(fact.disagreeing.joined(separator: ", "))")
                }
            } else {
                for mention in fact.mentions.dropFirst() where mention.sentence != fact.mentions[0].sentence {
                    lines.append("      \(mention.outlet): \(mention.sentence)")
                }
            }
        }
        lines += attributionLines(facts, story: story)
        return lines.joined(separator: "\n")
    }

    static func attributionLines(_ facts: StoryFacts, story: StoryView) -> [String] {
        guard !facts.attributions.isEmpty else { return [] }
        var lines = ["", "Attributions and scoop claims in the texts (the outlet credited: an id when Byline follows it, else the name",
                     "as written; for a claim of who was first, the outlet Byline saw first and the verdict of the times):"]
        let guids = Dictionary(story.items.map { ($0.id, $0.guid) }, uniquingKeysWith: { first, _ in first })
        for attribution in facts.attributions {
            let row = AttributionRow(attribution, storyID: story.id, itemGuid: guids[attribution.itemID] ?? "")
            lines.append("  " + SummaryText.attributionLine(row))
        }
        return lines
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

/// `text` followed by spaces up to `width`, and always at least one space: never cut.
func padded(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(1, width - text.count))
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
