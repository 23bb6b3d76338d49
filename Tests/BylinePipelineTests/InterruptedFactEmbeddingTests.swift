import BylineEmbed
import BylineFacts
@testable import BylinePipeline
import BylinePostgres
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// An analysis stopped while it embeds the fact sentences of the stories it saved (SIGINT or
/// SIGTERM to `import`, `analyze` or `run`; a kill): the next `analyze` (or any writer) embeds the
/// sentences left, so that the store ends as an uninterrupted analysis leaves it and a report
/// embeds nothing. Before, the next writer found no touched story and embedded nothing: the
/// stored vectors stayed at the first batch, and every report computed the rest in memory,
/// without a word under 2,000 sentences, until `analyze --rebuild`.
@Suite(.enabled(if: SharedData.available, SharedData.missingMessage),
       .enabled(if: ReaderEmbeddingTests.model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
struct InterruptedFactEmbeddingTests {
    /// How the store was left: with the record of the stories whose facts are still to embed
    /// (this Byline's writers), or without it (an older Byline's analysis, stopped the same way).
    enum Left: String, Sendable, CaseIterable, CustomTestStringConvertible {
        case recorded
        case unrecorded
        var testDescription: String { rawValue }
    }

    static let cases: [(StoreBackend, Left)] = StoreBackend.available.map { ($0, Left.recorded) } + [(.sqlite, .unrecorded)]

    /// A store of `backend`, and SQL run beside it (GRDB, or a connection of the test server's):
    /// one statement, returning the first column of its first row (`COUNT(*)` of a table) as an
    /// integer, nil without one.
    private static func store(_ backend: StoreBackend) async throws -> (store: any AnalysisStore, sql: @Sendable (String) async throws -> Int?) {
        switch backend {
        case .sqlite:
            let path = try temporaryDatabase()
            let store = try Store(path: path)
            return (store, { sql in try DatabaseQueue(path: path).write { db in try Int.fetchOne(db, sql: sql) } })
        case .postgres:
            let url = try await TestPostgres.freshDatabase()
            return (try await PostgresStore(url: url), { sql in
                // The test server's rows come as text.
                let text = sql.replacingOccurrences(of: "COUNT(*)", with: "COUNT(*)::text")
                return try await TestPostgres.rows(text, in: url).first?.first.flatMap { $0 }.flatMap { Int($0) }
            })
        }
    }

    /// The first capture of every outlet of headlines-2021-09 (575 items, 574 distinct texts):
    /// `byline import` of these snapshots, uninterrupted, stores 424 fact sentences of 414
    /// stories (417 started, 3 merged away), four batches of the model (128 a batch).
    @Test(arguments: cases)
    func theNextAnalysisEmbedsTheFactSentencesAStoppedOneLeft(_ backend: StoreBackend, _ left: Left) async throws {
        let embedder = try #require(ReaderEmbeddingTests.model)
        let archive = try SharedData.firstCaptures()
        defer { try? FileManager.default.removeItem(at: archive) }
        let (store, sql) = try await Self.store(backend)
        _ = try await ArchiveImporter(store: store).importArchive(at: archive)
        func count(_ table: String) async throws -> Int? { try await sql("SELECT COUNT(*) FROM \(table)") }

        // The item texts first, so that the stop comes after the first batch of fact sentences.
        let items = try await Analysis.embedVersions(store, embedder: embedder, saving: true)
        #expect(items.complete && items.embeddedTexts == 574)
        let stopped = try await Analysis.update(store, embedder: embedder, shouldStop: { true })
        #expect(stopped.placedItems == 575 && stopped.newStories == 417 && stopped.merges == 3 && stopped.touchedStories == 414)
        #expect(stopped.stopped && stopped.embeddedSentences == 128 && stopped.factSentencesLeft == 424 - 128)
        #expect(try await count("unit_embedding") == 128)
        let stories = Set(try await store.storyAssignments().values)
        #expect(stories.count == 414)
        #expect(try await store.factsPending().map(Set.init) == stories)
        if left == .unrecorded {
            _ = try await sql("DELETE FROM analysis_state WHERE key = 'facts_pending'")
            #expect(try await store.factsPending() == nil)
        }

        // A reader meanwhile (`compare` of the largest story of two or more outlets whose
        // sentences are not all stored) says that it embeds sentences for itself, and why,
        // however few.
        let analysis = try await Analysis.load(from: store, embedder: embedder)
        var texts: Set<String> = []
        var missing = 0
        for story in analysis.stories where story.outlets.count >= 2 {
            texts = Set(FactEngine.unitTexts(of: story.items.map(\.factItem), hygiene: analysis.textHygiene()))
            missing = texts.count - (try await store.unitEmbeddings(model: Analysis.embeddingModelName, texts: Array(texts)).count)
            if missing > 0 { break }
        }
        let notices = Lines()
        let reader = FactEmbedder(store: store, embedder: embedder, notice: { notices.append($0) }, saving: false,
                                  analysisStopped: try await store.factsPending().map { !$0.isEmpty } ?? false)
        _ = await reader.vectors(for: Array(texts))
        if left == .recorded {
            #expect(missing > 0)
            #expect(notices.lines == ["embedding \(missing == 1 ? "1 sentence" : "\(missing) sentences") of facts by meaning for this command only: "
                                      + "an analysis was stopped before it stored their vectors (`byline analyze` stores them, once)"])
        }
        #expect(try await count("unit_embedding") == 128)

        // `byline analyze`: nothing new to place, the 296 sentences left embedded and stored, of
        // 36 stories (the others' were all in the first batch, or they have one outlet).
        let again = try await Analysis.update(store, embedder: embedder)
        #expect(again.placedItems == 0 && again.touchedStories == 0 && !again.stopped)
        #expect(again.embeddedSentences == 424 - 128 && again.factSentencesLeft == 0)
        #expect(again.earlierStories == 36)
        #expect(try await count("unit_embedding") == 424)
        #expect(try await count("unit_tokens") == 424)
        #expect(try await store.factsPending() == [])

        // The next report reads every sentence it aligns by meaning: it embeds none.
        let reported = Lines()
        let whole = try await Analysis.load(from: store, embedder: embedder)
        let report = await ReportBuilder.build(analysis: whole, outletStats: try await store.outletStats(),
                                               factEmbedder: FactEmbedder(store: store, embedder: embedder, notice: { reported.append($0) },
                                                                          saving: false, analysisStopped: true))
        #expect(reported.lines.isEmpty)
        #expect(!report.facts.isEmpty)
        // And the update after that has nothing to do.
        let third = try await Analysis.update(store, embedder: embedder)
        #expect(third.embeddedSentences == 0 && third.earlierStories == 0 && !third.stopped)
        await closeStore(store)
    }

    /// A report of a store an analysis was stopped on (its `facts_pending` record names stories
    /// whose sentences are not stored) runs the model once for each sentence it lacks, for the
    /// sentence vector and the word pieces together, and writes the facts.csv that the store gives
    /// once an analysis has stored them. It ran the model twice for each: once for the vectors,
    /// once more for the word pieces.
    @Test(arguments: StoreBackend.available)
    func aReportRunsTheModelOnceForEachSentenceItLacks(_ backend: StoreBackend) async throws {
        let (store, sql, embedder, counted) = try await Self.stoppedAfterFirstBatch(backend)
        #expect(try await store.factsPending()?.isEmpty == false)

        /// `byline report`'s build, with the counting model: facts.csv, the sentences it aligns
        /// by meaning that lack a stored vector or stored word pieces, and the texts it ran.
        func report() async throws -> (facts: String, lacking: Int, ran: Int) {
            let start = counted.encodedTexts
            let analysis = try await Analysis.load(from: store, embedder: counted)
            let hygiene = analysis.textHygiene()
            var texts: Set<String> = []
            for story in analysis.stories(since: nil, until: nil) where story.outlets.count >= 2 {
                let sentences = FactEngine.unitTexts(of: story.factItems, hygiene: hygiene)
                if sentences.count <= FactEngine.maximumSentencesByMeaning { texts.formUnion(sentences) }
            }
            let vectors = try await store.unitEmbeddings(model: Analysis.embeddingModelName, texts: Array(texts))
            let tokens = try await store.unitTokens(model: Analysis.embeddingModelName, texts: Array(texts))
            let lacking = texts.count(where: { vectors[$0] == nil || tokens[$0] == nil })
            let stopped = try await store.factsPending().map { !$0.isEmpty } ?? false
            let built = await ReportBuilder.build(analysis: analysis, outletStats: try await store.outletStats(),
                                                  factEmbedder: FactEmbedder(store: store, embedder: counted, saving: false,
                                                                             analysisStopped: stopped))
            let facts = try #require(ReportWriter.tables(built).first { $0.file == "facts.csv" }).table.text()
            return (facts, lacking, counted.encodedTexts - start)
        }

        let early = try await report()
        #expect(early.lacking > 0)
        #expect(early.ran == early.lacking)
        // A reader stores nothing.
        #expect(try await sql("SELECT COUNT(*) FROM unit_embedding") == 128)

        let again = try await Analysis.update(store, embedder: embedder)
        #expect(again.embeddedSentences == 424 - 128)
        #expect(try await store.factsPending() == [])
        let complete = try await report()
        #expect(complete.ran == complete.lacking)
        #expect(complete.lacking < early.lacking)
        #expect(early.facts == complete.facts)
        #expect(complete.facts.count > 1_000)
        await closeStore(store)
    }
}

extension InterruptedFactEmbeddingTests {
    /// A writer killed between saving a batch's sentence vectors and their word pieces leaves
    /// 128 sentences with a vector and no word pieces: the next analysis runs the model for them
    /// again, and counts them among the sentences it embedded, as the notice before a long run
    /// counts them (a new user's resumed import announced "embedding 2267 sentences of facts",
    /// then said "2139 fact sentences embedded": 128 fewer, those that had a vector).
    @Test(arguments: StoreBackend.available)
    func sentencesWithAVectorButNoWordPiecesAreEmbeddedAgainAndCounted(_ backend: StoreBackend) async throws {
        let (store, sql, _, counted) = try await Self.stoppedAfterFirstBatch(backend)
        // The first batch's word pieces lost, as a kill after its vectors were saved loses them.
        _ = try await sql("DELETE FROM unit_tokens")
        #expect(try await sql("SELECT COUNT(*) FROM unit_embedding") == 128)
        #expect(try await sql("SELECT COUNT(*) FROM unit_tokens") == 0)

        let start = counted.encodedTexts
        let again = try await Analysis.update(store, embedder: counted)
        // All 424 run through the model: the 296 without a vector and the 128 without word pieces.
        #expect(counted.encodedTexts - start == 424)
        #expect(again.embeddedSentences == 424 && again.factSentencesLeft == 0 && !again.stopped)
        #expect(try await sql("SELECT COUNT(*) FROM unit_embedding") == 424)
        #expect(try await sql("SELECT COUNT(*) FROM unit_tokens") == 424)
        #expect(try await store.factsPending() == [])
        await closeStore(store)
    }
}

extension InterruptedFactEmbeddingTests {
    /// The first captures imported into a new store of `backend`, their item texts embedded, and
    /// an analysis stopped after its first batch of fact sentences (128 of the 424 stored); with
    /// `counted`, a model of its own, whose count of texts run no other test adds to.
    private static func stoppedAfterFirstBatch(_ backend: StoreBackend) async throws
        -> (store: any AnalysisStore, sql: @Sendable (String) async throws -> Int?, embedder: SentenceEmbedder, counted: SentenceEmbedder) {
        let embedder = try #require(ReaderEmbeddingTests.model)
        let directory = try #require(ModelLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment))
        let counted = try SentenceEmbedder(directory: directory, maxTokens: SemanticLayer.tokens)
        let archive = try SharedData.firstCaptures()
        defer { try? FileManager.default.removeItem(at: archive) }
        let (store, sql) = try await Self.store(backend)
        _ = try await ArchiveImporter(store: store).importArchive(at: archive)
        let items = try await Analysis.embedVersions(store, embedder: embedder, saving: true)
        #expect(items.complete && items.embeddedTexts == 574)
        let stopped = try await Analysis.update(store, embedder: embedder, shouldStop: { true })
        #expect(stopped.stopped && stopped.embeddedSentences == 128 && stopped.factSentencesLeft == 424 - 128)
        return (store, sql, embedder, counted)
    }
}

/// Lines a closure was called with.
private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    func append(_ line: String) { lock.withLock { recorded.append(line) } }
    var lines: [String] { lock.withLock { recorded } }
}
