import ArgumentParser
import BylineFacts
import BylinePipeline
import BylineEmbed
import BylineReport
import BylineStore
import BylineStories
import Foundation

struct StoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "List stories, largest first (by outlets, then items).",
        discussion: "Reads the stories that pull, run, import and analyze saved (by meaning too when the embedding model is found, see --model); writes nothing. Each line: story id, outlets, items, first reporter, headline (the title of its most central report).")

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption
    @OptionGroup var range: TimeRangeOptions

    // .unconditional: "-1" is a value to refuse with a clear message, not an unknown option.
    @Option(parsing: .unconditional, help: "Only stories covered by at least this many outlets.")
    var minOutlets: Int = 2

    @Option(parsing: .unconditional, help: "Print at most this many stories (0: all).")
    var limit: Int = 50

    @Option(parsing: .unconditional, help: "Explain why this item (its guid, as stored or as the CSV files write it, or its row id) is in its story: candidate stories, scores, similarity in meaning, time gaps, shared terms, and the later moves and merges that brought it where it is.")
    var explain: String?

    /// Refuses counts below their meaningful range (a negative `--limit` used to mean "all").
    func validate() throws {
        guard minOutlets >= 1 else { throw ValidationError("--min-outlets must be at least 1") }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
    }

    func run() async throws {
        try await reportingErrors {
            let store = try await database.openForReading()
            try await using(store) { try await show(store) }
        }
    }

    /// Lists the stories of `store`, or explains `--explain`'s item.
    func show(_ store: any AnalysisStore) async throws {
        let embedder = semantic.readingEmbedder()
        // An explanation replays the stories before the item: every item is read.
        let notice = readerNotice(database, semantic)
        let analysis = explain != nil
            ? try await Analysis.load(from: store, embedder: embedder, notice: notice)
            : try await Analysis.load(from: store, since: range.since, until: range.until, embedder: embedder, notice: notice)
        notePending(analysis, database: database, model: semantic)
        if let explain {
            guard let result = try await Analysis.explain(item: explain, in: store, embedder: embedder) else {
                throw PipelineError.unknownItem(explain)
            }
            print(Self.render(result, analysis: analysis))
            return
        }
        let stories = analysis.stories(since: range.since, until: range.until).filter { $0.outlets.count >= minOutlets }
        if stories.isEmpty {
            print("no stories with \(minOutlets)+ outlets (\(counted(analysis.storiesInStore, "story", plural: "stories")) in all)")
            return
        }
        let shown = limit > 0 ? Array(stories.prefix(limit)) : stories
        // A first report whose item was already in its feed at Byline's first pull, or came after
        // a gap of a day or more in its feed's pulls, rests on its pubDate alone, which no pull
        // checks: said beside it, as compare and the reports say.
        let unchecked = shown.map { $0.credit.time.restsOnPubDateAlone }
        // A first report whose pubDate gives only the day: the day beside it.
        let days = shown.map { $0.credit.time.source == .publishedDay ? $0.credit.time.publishedDayText : nil }
        let firsts = zip(zip(shown, unchecked), days).map { pair, day in
            let (story, unchecked) = pair
            return story.credit.outlet + (story.credit.isTie ? " +\(story.credit.tiedWith.count) tied" : "")
                + (unchecked ? " by pubDate" : "") + (day.map { " day \($0)" } ?? "")
        }
        // The first-reporter column is as wide as its longest entry: never cut.
        let width = max(25, firsts.map(\.count).max() ?? 0)
        print("story  outlets  items  \("first".padding(toLength: width, withPad: " ", startingAt: 0))  headline")
        for (story, first) in zip(shown, firsts) {
            print("\(pad(String(story.id), 5))  \(pad(String(story.outlets.count), 7))  \(pad(String(story.items.count), 5))  \(first.padding(toLength: width, withPad: " ", startingAt: 0))  \(story.headline)")
        }
        if limit > 0 && stories.count > limit { print("... \(stories.count - limit) more (use --limit 0)") }
        if unchecked.contains(true) {
            print("by pubDate: the first report's item was already in its feed at Byline's first pull, or its feed's previous pull was a day or more before, so its pubDate is not checked against a pull")
        }
        if days.contains(where: { $0 != nil }) {
            print("day: the first report's pubDate gives only the day (no time, or midnight in its own zone), shown with its zone; its time is the earlier of that day's end and the pull that first saw it")
        }
    }
}

extension StoriesCommand {
    /// The text of `--explain`.
    static func render(_ result: ItemExplanation, analysis: Analysis) -> String {
        let item = result.item
        var lines = ["item \(item.id) (\(item.outletID)): \(ShownText.headline(title: item.title, summary: item.summary, link: item.link))", "  guid \(ShownText.guid(item.guid))"]
        if let storyID = result.storyID, let story = analysis.story(id: storyID) {
            lines.append("  in story \(storyID): \(story.headline) (\(counted(story.outlets.count, "outlet")), \(counted(story.items.count, "item")))")
            if let group = story.wireGroup(of: item.id) {
                lines.append("  wire copy: same text as \(group.outlets.joined(separator: ", ")); earliest carrier \(group.earliestOutlet)")
            }
        }
        let explanation = result.explanation
        lines.append("  item terms (tf-idf): " + explanation.itemTerms.map { "\($0.term) \(String(format: "%.2f", $0.weight))" }.joined(separator: ", "))
        if explanation.candidates.isEmpty {
            lines.append("  no candidate story shared a term or came close in meaning: the item started its own story")
        }
        for (candidate, storyID) in zip(explanation.candidates, result.candidateStoryIDs) {
            let gapHours = String(format: "%.1f", candidate.gap / 3600)
            if let minimum = explanation.joinProbability {
                let f = candidate.features
                let verdict = candidate.probability >= minimum ? "above" : "below"
                lines.append("  story \(storyID): join probability \(String(format: "%.3f", candidate.probability)) (\(verdict) \(minimum)), time gap \(gapHours) h")
                lines.append("    cosine \(String(format: "%.3f", f.cosine)), title \(String(format: "%.3f", f.titleCosine)), names \(String(format: "%.3f", f.nameCosine)), best report \(String(format: "%.3f", f.bestMember)), story size then \(f.storySize)")
                if f.hasSemantic {
                    lines.append("    meaning: \(String(format: "%.3f", f.semantic)) to the story's mean embedding, \(String(format: "%.3f", f.semanticBest)) to its closest report")
                }
                let members = candidate.memberScore >= explanation.memberThreshold ? "above" : "below"
                lines.append("    member score \(String(format: "%.3f", candidate.memberScore)) (\(members) member threshold \(explanation.memberThreshold): mean cosine to its closest reports, strongest shared word left out)")
                let decayed = candidate.cosine > 0 ? candidate.score / candidate.cosine : 1
                if candidate.memberScore < explanation.memberThreshold, f.hasSemantic,
                   f.semanticBest * decayed >= explanation.semanticMemberThreshold {
                    lines.append("    member check passed on meaning: closest report \(String(format: "%.3f", f.semanticBest)) (at least \(explanation.semanticMemberThreshold))")
                } else if let key = candidate.keyTerm {
                    lines.append("    member check passed on the story's key term '\(key)' (the story holds most of its weight among current stories; meaning to the story \(String(format: "%.3f", f.semantic)), at least \(explanation.keyTermSemanticFloor))")
                }
                // The model may say yes while a check says no (the member check, or the name
                // checks: the item and a small story name different people, places or numbers).
                if candidate.probability >= minimum, !candidate.joinable {
                    lines.append("    not joinable: the member check, a name check or the recurring-report check failed")
                }
            } else {
                let verdict = candidate.score >= explanation.threshold ? "above" : "below"
                lines.append("  story \(storyID): score \(String(format: "%.3f", candidate.score)) (\(verdict) threshold \(explanation.threshold)), cosine \(String(format: "%.3f", candidate.cosine)), time gap \(gapHours) h")
                if candidate.score >= explanation.threshold {
                    let members = candidate.memberScore >= explanation.memberThreshold ? "above" : "below"
                    lines.append("    member score \(String(format: "%.3f", candidate.memberScore)) (\(members) member threshold \(explanation.memberThreshold): mean cosine to its closest reports, strongest shared word left out)")
                }
            }
            lines.append("    shared terms: " + candidate.topTerms.map { "\($0.term) \(Int(($0.weight * 100).rounded()))%" }.joined(separator: ", "))
        }
        if let joined = explanation.joined, let index = explanation.candidates.firstIndex(where: { $0.story == joined }) {
            lines.append("  => joined story \(result.candidateStoryIDs[index])")
        } else if let left = result.moves.first?.split.fromID {
            lines.append("  => started a new story (story \(left))")
        } else if !result.merges.isEmpty, let storyID = result.storyID {
            let started = result.startedStories.map(String.init).joined(separator: " or ")
                + (result.startedStories.count > 1 ? "; the store does not record which" : "")
            lines.append("  => started a new story (story \(started)), which \(result.merges.count == 1 ? "a later merge" : "later merges") brought into story \(storyID):")
            for merge in result.merges {
                let bridge = merge.bridge.map {
                    " on \(ReportFormat.time($0.firstSeen)), when item \($0.id) (\($0.outletID): \($0.title)) scored high against both"
                } ?? ""
                lines.append("  => story \(merge.storyID) merged into story \(merge.intoID)\(bridge)")
            }
        } else if let storyID = result.storyID {
            lines.append("  => started a new story (now story \(storyID))")
        } else {
            lines.append("  => started a new story")
        }
        for move in result.moves {
            let cause = move.cause.map { " when item \($0.id) (\($0.outletID): \($0.title)) joined it" } ?? ""
            lines.append("  => later moved from story \(move.split.fromID) to story \(move.split.intoID)\(cause): "
                         + "the story's own reports no longer vouched for it (its join probability against the rest of the story, "
                         + "or its member score, fell below the stray bar)")
        }
        return lines.joined(separator: "\n")
    }
}

func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}
