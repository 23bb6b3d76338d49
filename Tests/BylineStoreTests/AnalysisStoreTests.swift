import BylineFeed
import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import Synchronization
import Testing

/// The analysis side of the store (saved stories, the clusterer's state, embeddings, the reads of
/// a time range), run against every back end available: SQLite always, PostgreSQL when
/// `BYLINE_TEST_POSTGRES_URL` is set.
@Suite struct AnalysisStoreTests {
    /// Three items of two outlets: bbc-1 (18 Sep 10:00, then edited at 12:00: versions 1 and 3),
    /// bbc-2 (18 Sep 11:00, published 09:30, moved to 10:30 at 13:00: versions 2 and 4, same
    /// text) and cnn-1 (19 Sep 08:00, published 18 Sep 09:30: version 5).
    static func filled(_ backend: StoreBackend) async throws -> any AnalysisStore {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        try await store.upsertOutlet(OutletInfo(id: "cnn", name: "CNN"))
        let bbc = try await store.feed(outletID: "bbc", url: "https://feeds.bbci.co.uk/news/rss.xml")
        let cnn = try await store.feed(outletID: "cnn", url: "http://rss.cnn.com/rss/edition.rss")
        let first = FeedItem(guid: "bbc-1", title: "France recalls ambassadors", summary: "Paris is angry.")
        try await store.record(PullInput(feedID: bbc.id, at: utc("2021-09-18T10:00:00Z"), status: .ok, items: [first]))
        let second = FeedItem(guid: "bbc-2", title: "Gabby Petito search widens", published: utc("2021-09-18T09:30:00Z"))
        try await store.record(PullInput(feedID: bbc.id, at: utc("2021-09-18T11:00:00Z"), status: .ok, items: [first, second]))
        let edited = FeedItem(guid: "bbc-1", title: "France recalls its ambassadors", summary: "Paris is angry.")
        try await store.record(PullInput(feedID: bbc.id, at: utc("2021-09-18T12:00:00Z"), status: .ok, items: [edited, second]))
        let moved = FeedItem(guid: "bbc-2", title: "Gabby Petito search widens", published: utc("2021-09-18T10:30:00Z"))
        try await store.record(PullInput(feedID: bbc.id, at: utc("2021-09-18T13:00:00Z"), status: .ok, items: [edited, moved]))
        let third = FeedItem(guid: "cnn-1", title: "France recalls envoys to US", published: utc("2021-09-18T09:30:00Z"))
        try await store.record(PullInput(feedID: cnn.id, at: utc("2021-09-19T08:00:00Z"), status: .ok, items: [third]))
        return store
    }

    @Test(arguments: StoreBackend.available)
    func savedStoriesReadBackWithTheirStateAndSnapshot(_ backend: StoreBackend) async throws {
        let store = try await Self.filled(backend)
        #expect(try await store.itemsWatermark() == "3:5:5")
        #expect(try await store.storiesWatermark() == nil)
        #expect(try await store.storiesState() == "-|0|0|0|0")
        #expect(try await store.unassignedItemIDs() == [1, 2, 3])
        #expect(try await store.unassignedItemCount() == 3)

        let saved = try await store.saveStoryChanges(
            newStories: [(id: 1, headline: "France recalls ambassadors"), (id: 2, headline: "Gabby Petito search widens"),
                         (id: 3, headline: "France recalls envoys to US")],
            assignments: [(itemID: 1, storyID: 1), (itemID: 2, storyID: 2), (itemID: 3, storyID: 3)], merges: [], splits: [],
            watermark: "3:5:5", ifStoriesStateIs: "-|0|0|0|0",
            snapshot: ClustererSnapshotUpdate(settings: "s", data: Data([0, 1, 2, 255]), stories: [1: Data([7]), 2: Data([8, 9]), 3: Data([10])]),
            replacingAll: false)
        #expect(saved)
        #expect(try await store.storiesState() == "3:5:5|3|3|0|0")
        #expect(try await store.clustererSnapshot() == ClustererSnapshot(settings: "s", storiesState: "3:5:5|3|3|0|0", data: Data([0, 1, 2, 255]),
                                                                         stories: [1: Data([7]), 2: Data([8, 9]), 3: Data([10])]))
        // A later state rewrites the header and the story rows that changed, and removes those of
        // stories the clusterer no longer holds; the other rows stay.
        #expect(try await store.saveStoryChanges(
            newStories: [], assignments: [], merges: [], splits: [], watermark: "3:5:5", ifStoriesStateIs: "3:5:5|3|3|0|0",
            snapshot: ClustererSnapshotUpdate(settings: "s", data: Data([3]), stories: [2: Data([11]), 4: Data([12, 13])], removedStories: [3],
                                              replacingStories: false),
            replacingAll: false))
        #expect(try await store.clustererSnapshot() == ClustererSnapshot(settings: "s", storiesState: "3:5:5|3|3|0|0", data: Data([3]),
                                                                         stories: [1: Data([7]), 2: Data([11]), 4: Data([12, 13])]))

        // A save computed from an older state writes nothing.
        let stale = try await store.saveStoryChanges(
            newStories: [(id: 4, headline: "x")], assignments: [(itemID: 3, storyID: 4)], merges: [], splits: [],
            watermark: "3:5:5", ifStoriesStateIs: "-|0|0|0|0", snapshot: nil, replacingAll: false)
        #expect(!stale)
        #expect(try await store.maxStoryID() == 3)

        // cnn-1 bridges stories 1 and 3 (3 merged into 1); bbc-2 moves out of story 2 into story 4.
        #expect(try await store.saveStoryChanges(
            newStories: [(id: 4, headline: "Gabby Petito search widens")], assignments: [(itemID: 3, storyID: 1), (itemID: 2, storyID: 4)],
            merges: [(storyID: 3, intoID: 1, itemID: 3)], splits: [StorySplitRecord(itemID: 2, fromID: 2, intoID: 4, causeItemID: nil)],
            watermark: "3:5:5", ifStoriesStateIs: "3:5:5|3|3|0|0", snapshot: nil, replacingAll: false))
        #expect(try await store.storyAssignments() == [1: 1, 2: 4, 3: 1])
        #expect(try await store.storyAssignments(itemIDs: [3, 9]) == [3: 1])
        #expect(try await store.storyMerges().map { "\($0.storyID)>\($0.intoID)@\($0.itemID ?? 0)" } == ["3>1@3"])
        #expect(try await store.storySplits() == [StorySplitRecord(itemID: 2, fromID: 2, intoID: 4, causeItemID: nil)])
        #expect(try await store.itemIDs(inStories: [1]) == [1, 3])
        #expect(try await store.savedStoryCount() == 2)
        #expect(try await store.maxStoryID() == 4)
        #expect(try await store.clustererSnapshot() == nil)
        #expect(try await store.storiesState() == "3:5:5|4|3|1|1")
        // Removing the state removed its story rows too.
        #expect(try await store.saveStoryChanges(
            newStories: [], assignments: [], merges: [], splits: [], watermark: "3:5:5", ifStoriesStateIs: "3:5:5|4|3|1|1",
            snapshot: ClustererSnapshotUpdate(settings: "t", data: Data([5]), replacingStories: false), replacingAll: false))
        #expect(try await store.clustererSnapshot() == ClustererSnapshot(settings: "t", storiesState: "3:5:5|4|3|1|1", data: Data([5])))

        // Replacing everything leaves only the new stories.
        #expect(try await store.saveStoryChanges(
            newStories: [(id: 1, headline: "One")], assignments: [(itemID: 1, storyID: 1)], merges: [], splits: [],
            watermark: "3:5:5", ifStoriesStateIs: nil, snapshot: nil, replacingAll: true))
        #expect(try await store.storyAssignments() == [1: 1])
        #expect(try await store.unassignedItemIDs() == [2, 3])
        // An unassigned item below an assigned one is found too.
        #expect(try await store.saveStoryChanges(
            newStories: [(id: 1, headline: "Two")], assignments: [(itemID: 2, storyID: 1)], merges: [], splits: [],
            watermark: "3:5:5", ifStoriesStateIs: nil, snapshot: nil, replacingAll: true))
        #expect(try await store.unassignedItemIDs() == [1, 3])
        #expect(try await store.unassignedItemCount() == 2)
        #expect(try await store.storyMerges().isEmpty)
        #expect(try await store.storySplits().isEmpty)
        await closeStore(store)
    }

    /// The record of the stories whose fact sentences are still to embed (`facts_pending`): made
    /// by the first save, holding its stories; added to by later saves, in their transaction;
    /// dropped by a save of an analysis without the model; emptied only while the stories are in
    /// the state the caller read.
    @Test(arguments: StoreBackend.available)
    func theStoriesWhoseFactsAreToEmbedAreSavedWithThem(_ backend: StoreBackend) async throws {
        let store = try await Self.filled(backend)
        func save(_ stories: [(id: Int64, headline: String)], _ assignments: [(itemID: Int64, storyID: Int64)], state: String?,
                  replacingAll: Bool = false, facts: [Int64]?) async throws -> Bool {
            try await store.saveStoryChanges(newStories: stories, assignments: assignments, merges: [], splits: [], watermark: "3:5:5",
                                             ifStoriesStateIs: state, snapshot: nil, replacingAll: replacingAll, factsPending: facts)
        }
        #expect(try await store.factsPending() == nil)
        #expect(try await save([(id: 1, headline: "France recalls ambassadors"), (id: 2, headline: "Gabby Petito search widens")],
                               [(itemID: 1, storyID: 1), (itemID: 2, storyID: 2)], state: "-|0|0|0|0", facts: [2, 1]))
        #expect(try await store.factsPending() == [1, 2])
        // A save computed from an older state writes nothing, and adds nothing to the record.
        #expect(try await !save([(id: 3, headline: "France recalls envoys to US")], [(itemID: 3, storyID: 3)], state: "-|0|0|0|0", facts: [3]))
        #expect(try await store.factsPending() == [1, 2])
        // The record is emptied at the stories' state only.
        #expect(try await !store.clearFactsPending(ifStoriesStateIs: "-|0|0|0|0"))
        #expect(try await store.factsPending() == [1, 2])
        #expect(try await store.clearFactsPending(ifStoriesStateIs: "3:5:5|2|2|0|0"))
        #expect(try await store.factsPending() == [])
        #expect(try await save([(id: 3, headline: "France recalls envoys to US")], [(itemID: 3, storyID: 3)], state: "3:5:5|2|2|0|0", facts: [3]))
        #expect(try await store.factsPending() == [3])
        // The old signature adds nothing.
        #expect(try await store.saveStoryChanges(newStories: [], assignments: [], merges: [], splits: [], watermark: "3:5:5",
                                                 ifStoriesStateIs: "3:5:5|3|3|0|0", snapshot: nil, replacingAll: false))
        #expect(try await store.factsPending() == [3])
        // An analysis without the model drops the record (any story may then lack vectors), and
        // a later save adds to none...
        #expect(try await save([], [(itemID: 3, storyID: 1)], state: "3:5:5|3|3|0|0", facts: nil))
        #expect(try await store.factsPending() == nil)
        #expect(try await save([], [(itemID: 3, storyID: 3)], state: "3:5:5|3|3|0|0", facts: [3]))
        #expect(try await store.factsPending() == nil)
        // ...but one that replaces every story makes it again.
        #expect(try await save([(id: 1, headline: "One")], [(itemID: 1, storyID: 1)], state: nil, replacingAll: true, facts: [1]))
        #expect(try await store.factsPending() == [1])
        await closeStore(store)
    }

    /// The head of each story row is saved beside it (`clusterer_story_head`) and read back with
    /// the header alone once every row has one; a removed story loses both, a replaced state
    /// replaces both, and a state saved without complete heads gives none to restore from.
    @Test(arguments: StoreBackend.available)
    func storyHeadsAreSavedBesideTheirRows(_ backend: StoreBackend) async throws {
        let store = try await Self.filled(backend)
        func save(_ snapshot: ClustererSnapshotUpdate?, state: String) async throws -> Bool {
            try await store.saveStoryChanges(newStories: [], assignments: [], merges: [], splits: [], watermark: "3:5:5",
                                             ifStoriesStateIs: state, snapshot: snapshot, replacingAll: false)
        }
        #expect(try await store.saveStoryChanges(
            newStories: [(id: 1, headline: "France recalls ambassadors"), (id: 2, headline: "Gabby Petito search widens")],
            assignments: [(itemID: 1, storyID: 1), (itemID: 2, storyID: 2)], merges: [], splits: [],
            watermark: "3:5:5", ifStoriesStateIs: "-|0|0|0|0",
            snapshot: ClustererSnapshotUpdate(settings: "s", data: Data([1]), stories: [1: Data([7]), 2: Data([8, 9])]), replacingAll: false))
        // Rows without heads (a state saved before they were kept): nothing to restore from.
        #expect(try await store.clustererSnapshotHeads() == nil)
        // The next save gives every row its head.
        #expect(try await save(ClustererSnapshotUpdate(settings: "s", data: Data([2]), stories: [2: Data([11])],
                                                       storyHeads: [1: Data([70]), 2: Data([80, 81])], headsComplete: true,
                                                       replacingStories: false), state: "3:5:5|2|2|0|0"))
        #expect(try await store.clustererSnapshotHeads() == ClustererSnapshot(settings: "s", storiesState: "3:5:5|2|2|0|0", data: Data([2]),
                                                                              storyHeads: [1: Data([70]), 2: Data([80, 81])], headsComplete: true))
        #expect(try await store.clustererSnapshot() == ClustererSnapshot(settings: "s", storiesState: "3:5:5|2|2|0|0", data: Data([2]),
                                                                         stories: [1: Data([7]), 2: Data([11])], headsComplete: true))
        // A removed story loses its head with its row; a new one gets both.
        #expect(try await save(ClustererSnapshotUpdate(settings: "s", data: Data([3]), stories: [3: Data([12])], storyHeads: [3: Data([90])],
                                                       headsComplete: true, removedStories: [1], replacingStories: false),
                               state: "3:5:5|2|2|0|0"))
        #expect(try await store.clustererSnapshotHeads() == ClustererSnapshot(settings: "s", storiesState: "3:5:5|2|2|0|0", data: Data([3]),
                                                                              storyHeads: [2: Data([80, 81]), 3: Data([90])], headsComplete: true))
        #expect(try await store.clustererSnapshot()?.stories == [2: Data([11]), 3: Data([12])])
        // Rows read one at a time (SQLite) are the saved rows.
        if let reader = store.clustererStoryReader() {
            #expect(backend == .sqlite)
            #expect(reader(3) == Data([12]))
            #expect(reader(1) == nil)
        } else {
            #expect(backend == .postgres)
        }
        // A state computed from scratch replaces the heads with the rows.
        #expect(try await save(ClustererSnapshotUpdate(settings: "t", data: Data([4]), stories: [5: Data([13])], storyHeads: [5: Data([99])],
                                                       headsComplete: true), state: "3:5:5|2|2|0|0"))
        #expect(try await store.clustererSnapshotHeads() == ClustererSnapshot(settings: "t", storiesState: "3:5:5|2|2|0|0", data: Data([4]),
                                                                              storyHeads: [5: Data([99])], headsComplete: true))
        // A save that leaves them incomplete: none to restore from, until one completes them.
        #expect(try await save(ClustererSnapshotUpdate(settings: "t", data: Data([5]), stories: [6: Data([14])], replacingStories: false),
                               state: "3:5:5|2|2|0|0"))
        #expect(try await store.clustererSnapshotHeads() == nil)
        #expect(try await store.clustererSnapshot()?.headsComplete == false)
        #expect(try await save(ClustererSnapshotUpdate(settings: "t", data: Data([6]), storyHeads: [6: Data([98])], headsComplete: true,
                                                       replacingStories: false), state: "3:5:5|2|2|0|0"))
        #expect(try await store.clustererSnapshotHeads()?.storyHeads == [5: Data([99]), 6: Data([98])])
        // Removing the state removes its heads.
        #expect(try await save(nil, state: "3:5:5|2|2|0|0"))
        #expect(try await store.clustererSnapshotHeads() == nil)
        #expect(try await save(ClustererSnapshotUpdate(settings: "u", data: Data([7]), headsComplete: true, replacingStories: false),
                               state: "3:5:5|2|2|0|0"))
        #expect(try await store.clustererSnapshotHeads() == ClustererSnapshot(settings: "u", storiesState: "3:5:5|2|2|0|0", data: Data([7]),
                                                                              headsComplete: true))
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func theReadsOfATimeRangeFindItemsBySeenAndPublisherTimes(_ backend: StoreBackend) async throws {
        let store = try await Self.filled(backend)
        // bbc-1 and bbc-2 first seen on the 18th; cnn-1 published on the 18th, seen on the 19th.
        #expect(try await store.itemIDs(appearingFrom: utc("2021-09-18T00:00:00Z"), until: utc("2021-09-19T00:00:00Z")) == [1, 2, 3])
        #expect(try await store.itemIDs(appearingFrom: utc("2021-09-19T00:00:00Z"), until: nil) == [3])
        #expect(try await store.itemIDs(appearingFrom: nil, until: utc("2021-09-18T10:00:00Z")) == [2, 3])
        #expect(try await store.itemIDs(appearingFrom: nil, until: nil) == [1, 2, 3])
        #expect(try await store.latestItemIDs(outletID: "bbc", before: nil, limit: 5) == [2, 1])
        #expect(try await store.latestItemIDs(outletID: "bbc", before: utc("2021-09-18T11:00:00Z"), limit: 5) == [1])
        #expect(try await store.latestItemIDs(outletID: "bbc", before: nil, limit: 1) == [2])
        #expect(try await store.itemsFirstPublished(at: utc("2021-09-18T09:30:00Z"), outletID: "bbc")
                == [ItemFirstDate(itemID: 2, outletID: "bbc", published: utc("2021-09-18T09:30:00Z"), firstSeen: utc("2021-09-18T11:00:00Z"))])
        #expect(try await store.itemIDs(withVersionsAfter: 2) == [1, 2, 3])
        let items = try await store.items(ids: [3, 1, 3, 99])
        #expect(items.map(\.guid) == ["bbc-1", "cnn-1"])
        #expect(items[0].title == "France recalls its ambassadors")
        #expect(items[0].versions.map(\.title) == ["France recalls ambassadors", "France recalls its ambassadors"])
        #expect(try await store.items(ids: []).isEmpty)
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func embeddingsAreSavedOnceReusedForTheSameTextAndReadBack(_ backend: StoreBackend) async throws {
        let store = try await Self.filled(backend)
        let model = "all-MiniLM-L6-v2/64"
        #expect(try await store.versionsWithoutEmbedding(model: model).map(\.versionID) == [1, 2, 3, 4, 5])
        #expect(try await store.versionsWithoutEmbedding(model: model).first?.summary == "Paris is angry.")
        try await store.saveEmbeddings([(versionID: 1, vector: [0.6, -0.8]), (versionID: 2, vector: [1, 0]), (versionID: 1, vector: [0, 1])],
                                       model: model)
        #expect(try await store.embeddings(model: model) == [1: [0.6, -0.8], 2: [1, 0]])
        // Version 4 has version 2's text (only the publisher time moved): it takes its vector.
        #expect(try await store.reuseEmbeddingsOfSameText(model: model) == 1)
        #expect(try await store.versionsWithoutEmbedding(model: model).map(\.versionID) == [3, 5])
        // Latest versions: bbc-1 -> 3 (none), bbc-2 -> 4, cnn-1 -> 5 (none).
        #expect(try await store.latestEmbeddings(model: model) == [2: [1, 0]])
        #expect(try await store.latestEmbeddings(model: model, itemIDs: [1, 2]) == [2: [1, 0]])
        #expect(try await store.latestEmbeddings(model: "other", itemIDs: [2]) == [:])
        // Every version of the items asked for: bbc-1's 1 (its 3 has none), bbc-2's 2 and 4.
        #expect(try await store.versionEmbeddings(model: model, itemIDs: [1, 2]) == [1: [0.6, -0.8], 2: [1, 0], 4: [1, 0]])
        #expect(try await store.versionEmbeddings(model: model, itemIDs: [3]) == [:])
        #expect(try await store.versionEmbeddings(model: model, itemIDs: []) == [:])

        let sentence = "France recalled its ambassadors to the US and Australia on Friday."
        try await store.saveUnitEmbeddings([(text: sentence, vector: [0.25, 0.5]), (text: "Another.", vector: [1])], model: model)
        try await store.saveUnitEmbeddings([(text: sentence, vector: [9, 9])], model: model)
        #expect(try await store.unitEmbeddings(model: model, texts: [sentence, "missing"]) == [sentence: [0.25, 0.5]])
        try await store.saveUnitTokens([(text: sentence, ids: [101, 2605, 102], vectors: [1, -1, 0.5, 0, 0.25, -0.5])], model: model)
        let tokens = try #require(try await store.unitTokens(model: model, texts: [sentence])[sentence])
        #expect(tokens.ids == [101, 2605, 102])
        // 8 bits a value, each row scaled by its largest magnitude: within 1/254 of it.
        for (read, written) in zip(tokens.vectors, [Float(1), -1, 0.5, 0, 0.25, -0.5]) { #expect(abs(read - written) <= 0.5 / 127) }
        await closeStore(store)
    }

    /// The analysis lock is held by one store of a database at a time, on either back end:
    /// another store of it (as another process has: on SQLite a descriptor of its own on
    /// `<database>-analysis.lock`, on PostgreSQL a session of its own) gets nil without waiting
    /// while the first holds it, gets it once the first's body has ended, and one that waits
    /// runs after the holder's body. A SQLite store ran every analysis at once, so two processes
    /// could analyse one file together.
    @Test(arguments: StoreBackend.available)
    func theAnalysisLockIsHeldByOneStoreAtATime(_ backend: StoreBackend) async throws {
        let store: any AnalysisStore
        let other: any AnalysisStore
        switch backend {
        case .sqlite:
            let first = try #require(try await backend.freshStore() as? Store)
            (store, other) = (first, try Store(path: first.path))
        case .postgres:
            let url = try await TestPostgres.freshDatabase()
            (store, other) = (try await PostgresStore(url: url), try await PostgresStore(url: url))
        }
        let inner = try await store.withAnalysisLock(wait: false) { () async throws(StoreError) -> Int? in
            try await other.withAnalysisLock(wait: false) { () async throws(StoreError) -> Int in 7 }
        }
        #expect(inner == .some(nil))
        // Released when the holder's body ends: the other gets it now.
        #expect(try await other.withAnalysisLock(wait: false) { () async throws(StoreError) -> Int in 8 } == 8)
        if let sqlite = store as? Store {
            #expect(FileManager.default.fileExists(atPath: sqlite.path + "-analysis.lock"))
        }

        // One that waits runs its body after the holder's.
        let order = Order()
        let waiting = try await store.withAnalysisLock(wait: false) { () async throws(StoreError) -> Task<Bool?, any Error> in
            let waiting = Task { () async throws -> Bool? in
                try await other.withAnalysisLock(wait: true) { () async throws(StoreError) -> Bool in
                    order.append("waiter")
                    return true
                }
            }
            order.append("holder")
            return waiting
        }
        #expect(try await #require(waiting).value == true)
        #expect(order.entries == ["holder", "waiter"])
        await closeStore(store)
        await closeStore(other)
    }
}

/// Names appended in the order their tasks ran.
private final class Order: Sendable {
    private let names = Mutex<[String]>([])
    func append(_ name: String) { names.withLock { $0.append(name) } }
    var entries: [String] { names.withLock { $0 } }
}
