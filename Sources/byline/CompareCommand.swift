import ArgumentParser
import BylinePipeline
import BylineStore
import BylineEmbed
import BylineReport
import Foundation

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show one story: its timeline, its events, the fact-by-outlet matrix with values and ties, and the attributions and claims of who was first, checked.",
        discussion: """
            With the embedding model, facts are sentences of two or more outlets that state the \
            same claim by meaning (the model's vectors, stored once per sentence; stories of up to \
            2,000 sentences), never where bare numbers disagree, one number counts different \
            things, two names swap roles or another actor opens an otherwise alike sentence; \
            without it, on shared words. \
            Events are the groups of items joined by the facts they state together (two or more \
            outlets each), listed with each one's first report when the facts show more than one. \
            Times are UTC. Each time says its evidence: published (the publisher's time, inside \
            the observed window), window (between the feed's previous pull and the pull that \
            first saw the item) or first_seen (seen at the feed's first pull). Outlets whose \
            windows overlap are tied. Attributions name the outlet a text credits (its id when \
            Byline follows it, by id, name or alias, else the news organisation's name: "LBC" \
            for "told LBC's Andrew Pierce"); a claim that an outlet was first ("CNN was first to \
            report") is checked against each outlet's earliest report of the story. Sourcing \
            from people and official bodies ("according to the Justice Department") is not an \
            outlet credit and is not listed.
            """)

    // .allUnrecognized: "-1" is a story id to refuse with a clear message, not an unknown option
    // (`validate()` still refuses what is an option's shape, such as `--bogus`).
    @Argument(parsing: .allUnrecognized, help: "The story id (see `byline stories`); more ids show those stories as one (when clustering split an event).")
    var story: [String]

    @OptionGroup var database: DatabaseOption
    @OptionGroup var semantic: ModelOption

    /// Refuses a missing id, an unknown option, and an operand that no story id can be (not a
    /// whole number, or negative) as usage errors (exit 64, as an invalid option value); an id
    /// that no stored story has is refused in `run()` as no such story (exit 1).
    func validate() throws {
        guard !operands.isEmpty else { throw ValidationError("Missing expected argument '<story> ...'") }
        // After `--` (the end of the options) every operand is an id, as the shell convention has it.
        let options = story.prefix { $0 != "--" }
        if let option = options.first(where: { $0.hasPrefix("-") && Int64($0) == nil }) {
            throw ValidationError("Unknown option '\(option)'")
        }
        if let operand = operands.first(where: { Int64($0).map { $0 < 0 } ?? true }) {
            throw ValidationError("'\(operand)' is not a story id (a whole number, as `byline stories` lists them)")
        }
    }

    /// The story operands: `story` without the first `--`, which ArgumentParser leaves among
    /// them with `.allUnrecognized` (`compare -- -5` is story -5, refused as no such story).
    var operands: [String] {
        guard let end = story.firstIndex(of: "--") else { return story }
        return Array(story[..<end] + story[(end + 1)...])
    }

    /// Each id once, in the order given (`compare 136 136` is story 136); `validate()` has
    /// refused every operand that is not a story id.
    func storyIDs() -> [Int64] {
        var seen = Set<Int64>()
        var ids: [Int64] = []
        for id in operands.compactMap({ Int64($0) }) where seen.insert(id).inserted { ids.append(id) }
        return ids
    }

    func run() async throws {
        try await reportingErrors {
            let story = storyIDs()
            let store = try await database.openForReading()
            try await using(store) { try await show(story, in: store) }
        }
    }

    /// Prints the stories `ids` of `store` as one.
    func show(_ story: [Int64], in store: any AnalysisStore) async throws {
        let embedder = semantic.readingEmbedder()
        let notice = readerNotice(database, semantic)
        let analysis = try await Analysis.load(from: store, embedder: embedder, notice: notice)
        notePending(analysis, database: database, model: semantic)
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
        let stopped = try await store.factsPending().map { !$0.isEmpty } ?? false
        let facts = await Analysis.facts(of: view, hygiene: analysis.textHygiene(), outlets: analysis.outlets,
                                         embedder: FactEmbedder(store: store, embedder: embedder, notice: notice, saving: false,
                                                                analysisStopped: stopped, modelDeclined: semantic.noModel))
        print(CompareText.render(ReportBuilder.detail(of: view, facts: facts, outlets: analysis.outlets), ids: ids))
    }
}
