import BylineEmbed
import BylineFacts
import BylineFeed
@testable import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// The analysis stage of the writers (``Analysis/update(_:settings:embedder:rebuild:notice:)``)
/// and the reading path (``Analysis/load(from:settings:embedder:notice:)``), which writes nothing.
@Suite struct AnalysisUpdateTests {
    /// One more pull of the WSJ: a fourth report of the ambassadors' recall and an unrelated item.
    private func pullWSJ(into store: any AnalysisStore) async throws {
        try await store.upsertOutlet(OutletInfo(id: "wsj", name: "wsj"))
        let feed = try await store.feed(outletID: "wsj", url: "archive:wsj")
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T13:00:00Z"), status: .ok, items: [
            FeedItem(guid: "wsj-1", title: "France recalls ambassadors to US and Australia over submarine deal",
                     summary: "France recalled its ambassadors to the United States and Australia after the submarine deal collapsed."),
            FeedItem(guid: "wsj-2", title: "Emmy Awards: The Crown wins best drama series", summary: "Netflix's royal drama took the top prize."),
        ]))
    }

    /// Story id -> the guids of its items, sorted.
    private func partition(_ analysis: Analysis) -> [Int64: [String]] {
        Dictionary(uniqueKeysWithValues: analysis.stories.map { ($0.id, $0.items.map(\.guid).sorted()) })
    }

    /// The writers' fact step reads the stories an update touched and their outlets' latest
    /// items, not the whole store: the recall story as the whole read gives it, and (every outlet
    /// of this small store having fewer than 200 items) the same sentences cut by the same
    /// boilerplate.
    @Test(arguments: StoreBackend.available)
    func theFactStepReadsTheTouchedStoriesOnly(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        try await pullWSJ(into: store)
        _ = try await Analysis.update(store)
        let whole = try await Analysis.load(from: store)
        let recall = try #require(whole.stories.first { $0.items.contains { $0.guid == "wsj-1" } })
        let touched = try await Analysis.savedStories([recall.id], in: store)
        #expect(touched.stories.map(\.id) == [recall.id])
        #expect(touched.stories.first?.items.map(\.guid) == recall.items.map(\.guid))
        #expect(whole.stories.count > 1)
        let texts = FactEngine.unitTexts(of: recall.items.map(\.factItem), hygiene: whole.textHygiene())
        #expect(texts.count > 4)
        #expect(FactEngine.unitTexts(of: try #require(touched.stories.first).items.map(\.factItem), hygiene: touched.textHygiene()) == texts)
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func anUpdateAfterOnePullPlacesOnlyItsItemsFromTheSavedState(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        let first = try await Analysis.update(store)
        #expect(first == AnalysisUpdate(placedItems: 7, touchedStories: 5, newStories: 5, merges: 0, splits: 0, continued: false,
                                        saved: true, embeddedSentences: 0))
        let france = try #require(try await Analysis.load(from: store).stories.first)
        #expect(france.outlets == ["bbc", "cnn", "nytimes"])

        // The clusterer's state: a header and a row per story (all five still in the index).
        let firstState = try #require(try await store.clustererSnapshot())
        #expect(firstState.stories.keys.sorted() == [1, 2, 3, 4, 5])

        try await pullWSJ(into: store)
        let second = try await Analysis.update(store)
        // The saved clusterer state went on: two items placed, the recall story and a new one touched.
        #expect(second == AnalysisUpdate(placedItems: 2, touchedStories: 2, newStories: 1, merges: 0, splits: 0, continued: true,
                                         saved: true, embeddedSentences: 0))
        let analysis = try await Analysis.load(from: store)
        #expect(!analysis.recomputed && analysis.pendingItems == 0)
        let grown = try #require(analysis.story(id: france.id))
        #expect(grown.outlets == ["bbc", "cnn", "nytimes", "wsj"])
        #expect(analysis.stories.contains { $0.id == 6 && $0.items.map(\.guid) == ["wsj-2"] })
        // The update rewrote the row of the story it grew and added the new story's; the rows of
        // the stories it did not change are as they were.
        let secondState = try #require(try await store.clustererSnapshot())
        #expect(secondState.stories.keys.sorted() == [1, 2, 3, 4, 5, 6])
        #expect(secondState.stories[france.id] != firstState.stories[france.id])
        let unchanged = firstState.stories.filter { secondState.stories[$0.key] == $0.value }.keys
        #expect(!unchanged.isEmpty && !unchanged.contains(france.id))

        // A rebuild from scratch gives the stories a first analysis of the same items gives.
        let fresh = try await backend.freshStore()
        _ = try await ArchiveImporter(store: fresh).importArchive(at: fixtureArchive)
        try await pullWSJ(into: fresh)
        try await Analysis.update(fresh)
        let rebuilt = try await Analysis.update(store, rebuild: true)
        #expect(rebuilt.placedItems == 9 && !rebuilt.continued && rebuilt.newStories == 6)
        #expect(partition(try await Analysis.load(from: store)) == partition(try await Analysis.load(from: fresh)))
        #expect(try await store.storyMerges().isEmpty)
        #expect(try await store.maxStoryID() == 6)
        await closeStore(store)
        await closeStore(fresh)
    }

    /// A first `pull` whose every feed failed runs an analysis that places nothing and saves its
    /// state, holding no story. The items stored next are placed as the first analysis of a store
    /// without that state places them (every item replayed, the collection learned first), not
    /// from the empty state, so the stories do not depend on a pull that stored nothing.
    @Test(arguments: StoreBackend.available)
    func anEmptySavedStateIsReplayedNotGoneOnFrom(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        let nothing = try await Analysis.update(store)
        #expect(nothing.placedItems == 0 && nothing.saved)
        #expect(try await store.clustererSnapshot()?.stories.isEmpty == true)
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        let first = try await Analysis.update(store)
        #expect(first == AnalysisUpdate(placedItems: 7, touchedStories: 5, newStories: 5, merges: 0, splits: 0, continued: false,
                                        saved: true, embeddedSentences: 0))
        let fresh = try await backend.freshStore()
        _ = try await ArchiveImporter(store: fresh).importArchive(at: fixtureArchive)
        try await Analysis.update(fresh)
        #expect(partition(try await Analysis.load(from: store)) == partition(try await Analysis.load(from: fresh)))
        await closeStore(store)
        await closeStore(fresh)
    }

    /// An archive of September 2021 imported into a store that pulled a feed in December 2026:
    /// its items, of three outlets, are older than the saved state's horizon (365 days), so the
    /// update replays every item in time order, and the archive's reports of the ambassadors' recall are one
    /// story, as in a store without the pull (going on from the state, each started a story of
    /// its own that had left the candidate index already). The pulled item keeps its story.
    @Test(arguments: StoreBackend.available)
    func anArchiveOlderThanTheSavedStatesHorizonIsPlacedByAReplay(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "rnz", name: "rnz"))
        let feed = try await store.feed(outletID: "rnz", url: "archive:rnz")
        try await store.record(PullInput(feedID: feed.id, at: utc("2026-12-06T20:00:00Z"), status: .ok, items: [
            FeedItem(guid: "rnz-1", title: "Snow closes 40 schools across Canterbury",
                     summary: "Heavy snow closed 40 schools in Canterbury on Sunday."),
        ]))
        let first = try await Analysis.update(store)
        #expect(first.placedItems == 1 && first.newStories == 1)
        // One outlet's old item (a feed added with its own past items) goes on from the state.
        try await pullGuardian(into: store, at: "2021-09-19T09:00:00Z", [("g-1", "Guardian columnist wins poetry prize")])
        let old = try await Analysis.update(store)
        #expect(old.continued && old.placedItems == 1 && old.newStories == 1)
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        let second = try await Analysis.update(store)
        #expect(second.placedItems == 7 && !second.continued && second.newStories == 5)
        let analysis = try await Analysis.load(from: store)
        let recall = try #require(analysis.stories.first { $0.outlets.count > 1 })
        #expect(recall.outlets == ["bbc", "cnn", "nytimes"])
        #expect(analysis.story(id: 1)?.items.map(\.guid) == ["rnz-1"])

        let fresh = try await backend.freshStore()
        _ = try await ArchiveImporter(store: fresh).importArchive(at: fixtureArchive)
        _ = try await Analysis.update(fresh)
        let alone = try #require(try await Analysis.load(from: fresh).stories.first { $0.outlets.count > 1 })
        #expect(recall.items.map(\.guid) == alone.items.map(\.guid))
        await closeStore(store)
        await closeStore(fresh)
    }

    /// One more pull of the Guardian at `time`: items of these guids and titles.
    private func pullGuardian(into store: any AnalysisStore, at time: String, _ items: [(String, String)]) async throws {
        try await store.upsertOutlet(OutletInfo(id: "guardian", name: "guardian"))
        let feed = try await store.feed(outletID: "guardian", url: "archive:guardian")
        try await store.record(PullInput(feedID: feed.id, at: utc(time), status: .ok, items: items.map { FeedItem(guid: $0.0, title: $0.1) }))
    }

    /// A worker that keeps its clusterer between updates (`AnalysisCache`, as `byline run` does)
    /// goes on from it and saves what an update that reads the saved state saves (stories, header
    /// and story rows); once another process has saved stories, it reads the saved state again.
    @Test(arguments: StoreBackend.available)
    func aKeptClustererGoesOnAsTheSavedStateDoes(_ backend: StoreBackend) async throws {
        let kept = try await backend.freshStore(), read = try await backend.freshStore()
        let cache = AnalysisCache()
        for store in [kept, read] { _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive) }
        _ = try await Analysis.update(kept, cache: cache)
        _ = try await Analysis.update(read)
        #expect(cache.reuses == 0)

        for store in [kept, read] { try await pullWSJ(into: store) }
        let second = try await Analysis.update(kept, cache: cache)
        #expect(cache.reuses == 1)
        #expect(second.continued && second.placedItems == 2)
        #expect(second == (try await Analysis.update(read)))
        #expect(try await kept.storyAssignments() == (try await read.storyAssignments()))
        #expect(try await kept.clustererSnapshot() == (try await read.clustererSnapshot()))

        // Another process (no cache) saves stories in between: the kept clusterer is not used.
        for store in [kept, read] {
            try await pullGuardian(into: store, at: "2021-09-19T09:00:00Z", [("g-1", "France recalls ambassadors from Washington and Canberra")])
        }
        _ = try await Analysis.update(kept)
        _ = try await Analysis.update(read)
        for store in [kept, read] {
            try await pullGuardian(into: store, at: "2021-09-19T10:00:00Z", [("g-2", "Emmys: The Crown and Ted Lasso win top awards")])
        }
        let fourth = try await Analysis.update(kept, cache: cache)
        #expect(cache.reuses == 1)
        #expect(fourth.continued && fourth.placedItems == 1)
        #expect(fourth == (try await Analysis.update(read)))
        #expect(try await kept.storyAssignments() == (try await read.storyAssignments()))
        #expect(try await kept.clustererSnapshot() == (try await read.clustererSnapshot()))
        // And the cache holds that update's clusterer: the next one goes on from it.
        for store in [kept, read] {
            try await pullGuardian(into: store, at: "2021-09-19T11:00:00Z", [("g-3", "Gabby Petito: remains found in Wyoming")])
        }
        let fifth = try await Analysis.update(kept, cache: cache)
        #expect(cache.reuses == 2)
        #expect(fifth == (try await Analysis.update(read)))
        #expect(try await kept.storyAssignments() == (try await read.storyAssignments()))
        #expect(try await kept.clustererSnapshot() == (try await read.clustererSnapshot()))
        await closeStore(kept)
        await closeStore(read)
    }

    /// A guid that starts like a spreadsheet formula is written `'=...` in the CSV reports
    /// (``BylineReport/CSVTable/neutralised(_:)``); `--explain` finds the item by that cell too,
    /// and by its raw guid.
    @Test func anItemIsExplainedByItsGuidAsTheCSVShowsIt() async throws {
        let store = try Store(path: try temporaryDatabase())
        try store.upsertOutlet(OutletInfo(id: "wsj", name: "wsj"))
        let feed = try store.feed(outletID: "wsj", url: "archive:wsj")
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T13:00:00Z"), status: .ok, items: [
            FeedItem(guid: "=1+2", title: "France recalls ambassadors to US and Australia over submarine deal",
                     summary: "France recalled its ambassadors to the United States and Australia."),
        ]))
        try await Analysis.update(store)
        let raw = try #require(try await Analysis.explain(item: "=1+2", in: store))
        let cell = try #require(try await Analysis.explain(item: "'=1+2", in: store))
        #expect(cell.item.id == raw.item.id && cell.item.guid == "=1+2")
        #expect(cell.storyID == raw.storyID)
        #expect(try await Analysis.explain(item: "'1+2", in: store)?.item.guid == nil)
    }

    @Test func theReadingPathWritesNothingAndShowsWhatTheNextUpdateSaves() async throws {
        let path = try temporaryDatabase()
        do {
            let writer = try Store(path: path)
            _ = try await ArchiveImporter(store: writer).importArchive(at: fixtureArchive)
            try await Analysis.update(writer)
            // Stored by a program that does not analyse (an older Byline): not in saved stories.
            try await pullWSJ(into: writer)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))

        let reader = try Store(path: path, readOnly: true)
        let read = try await Analysis.load(from: reader)
        #expect(read.pendingItems == 2 && read.recomputed)
        let report = await ReportBuilder.build(analysis: read, outletStats: try reader.outletStats(), since: utc("2021-09-18T09:00:00Z"))
        #expect(report.coverage.filter { $0.outlet == "wsj" }.map(\.itemGuid).sorted() == ["wsj-1", "wsj-2"])
        // A pending item has no saved story yet; its explanation still names its candidates.
        let explanation = try #require(try await Analysis.explain(item: "wsj-1", in: reader))
        #expect(explanation.storyID == nil)
        #expect(explanation.candidateStoryIDs.contains(try #require(read.stories.first?.id)))
        for story in read.stories { _ = await Analysis.facts(of: story, hygiene: read.textHygiene(), outlets: read.outlets) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm"))
        await #expect(throws: StoreError.readOnly(path: path)) { try await Analysis.update(reader) }

        // The next update saves what the reader showed, with the same ids.
        let writer = try Store(path: path)
        #expect(try await Analysis.update(writer).placedItems == 2)
        let saved = try await Analysis.load(from: writer)
        #expect(saved.pendingItems == 0 && !saved.recomputed)
        #expect(partition(saved) == partition(read))
    }

    /// The installed embedding model, or nil.
    static let model: SentenceEmbedder? = {
        guard let directory = ModelLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment) else { return nil }
        return try? SentenceEmbedder(directory: directory, maxTokens: 64)
    }()

    /// `run` on SIGTERM: the update asked to stop after the model's first batch keeps that batch's
    /// vectors and places nothing; the next update embeds the rest and places every item, into
    /// the stories an update never stopped gives.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage),
          .enabled(if: model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
    func anUpdateAskedToStopKeepsItsFirstBatchAndTheNextPlacesEverything() async throws {
        let embedder = try #require(Self.model)
        // The first snapshot of four outlets: more texts than one batch of the model (64).
        let archive = try temporaryDatabase() + "-archive"
        for (outlet, file) in [("dailymail", "20210918T191344Z.xml"), ("cnn", "20210918T191344Z.xml"), ("bbc", "20210918T191344Z.xml"),
                               ("smh", "20210918T191344Z.xml")] {
            let folder = URL(fileURLWithPath: archive).appendingPathComponent(outlet)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: SharedData.corpus.appendingPathComponent("\(outlet)/\(file)"),
                                            to: folder.appendingPathComponent(file))
        }
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let stopped = try Store(path: try temporaryDatabase())
        let whole = try Store(path: try temporaryDatabase())
        for store in [stopped, whole] { _ = try await ArchiveImporter(store: store).importArchive(at: URL(fileURLWithPath: archive)) }
        let items = try stopped.counts()["item"] ?? 0
        #expect(items == 270)

        let asked = AskCounter()
        let first = try await Analysis.update(stopped, embedder: embedder, shouldStop: { asked.increment(); return true })
        #expect(first.stopped && first.placedItems == 0 && first.touchedStories == 0)
        #expect(asked.value == 1)
        // One batch of 64 texts (it was 256: a stop waited up to 10 s under load).
        #expect(try stopped.embeddings(model: Analysis.embeddingModelName).count == 64)
        #expect(first.embeddedItemTexts == 64 && first.itemTextsLeft == 270 - 64)
        #expect(try stopped.storyAssignments().isEmpty)

        let second = try await Analysis.update(stopped, embedder: embedder)
        #expect(!second.stopped && second.placedItems == items)
        #expect(try stopped.embeddings(model: Analysis.embeddingModelName).count == items)
        try await Analysis.update(whole, embedder: embedder)
        #expect(partition(try await Analysis.load(from: stopped)) == partition(try await Analysis.load(from: whole)))
    }
}

/// A count shared with a closure.
private final class AskCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
