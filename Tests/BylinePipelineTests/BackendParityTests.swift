import BylineFeed
import BylinePipeline
import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// `byline import` into SQLite and into PostgreSQL stores the same rows.
@Suite(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
struct BackendParityTests {
    @Test func importingTheFixtureArchiveStoresTheSameItemsInBothBackEnds() async throws {
        var stored: [StoreBackend: [StoredItem]] = [:]
        var counts: [StoreBackend: [String: Int]] = [:]
        for backend in StoreBackend.allCases {
            let store = try await backend.freshStore()
            let summary = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
            #expect(summary.newItems == 7)
            #expect(summary.failed.count == 1)
            stored[backend] = try await store.items()
            counts[backend] = try await store.counts()
            await closeStore(store)
        }
        #expect(counts[.sqlite] == ["outlet": 3, "feed": 3, "pull": 7, "item": 7, "item_version": 7])
        #expect(counts[.postgres] == counts[.sqlite])
        let sqlite = try #require(stored[.sqlite])
        let postgres = try #require(stored[.postgres])
        #expect(postgres == sqlite)
        #expect(postgres.first?.title == "France recalls ambassadors to US and Australia over submarine deal")
        #expect(postgres.first?.firstSeen == utc("2021-09-18T10:00:00Z"))
    }
}

/// `byline migrate`: a SQLite store with stories copied into PostgreSQL keeps every row and id,
/// and the PostgreSQL store goes on from there.
@Suite(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
struct StoreCopyTests {
    @Test func aCopiedStoreHasTheSameRowsAndGoesOnRecording() async throws {
        let sqlite = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: sqlite).importArchive(at: fixtureArchive)
        _ = try await Analysis.update(sqlite, embedder: nil, notice: { _ in })
        let stories = try sqlite.storyAssignments()
        #expect(!stories.isEmpty)

        let url = try await TestPostgres.freshDatabase()
        let postgres = try await PostgresStore(url: url)
        let copied = try await postgres.copy(from: sqlite)
        #expect(copied["item"] == 7)
        #expect(copied["pull"] == 7)
        #expect(copied["story_item"] == stories.count)
        #expect(copied["clusterer_snapshot"] == 1)
        // A row of the clusterer's state per story (none expired or merged away yet).
        #expect(copied["clusterer_story"] == Set(stories.values).count)
        #expect(try await postgres.clustererSnapshot() == (try sqlite.clustererSnapshot()))
        // And its head beside each row.
        #expect(copied["clusterer_story_head"] == Set(stories.values).count)
        #expect(try await postgres.clustererSnapshotHeads() == (try sqlite.clustererSnapshotHeads()))
        #expect(try await postgres.items() == (try sqlite.items()))
        #expect(try await postgres.counts() == (try sqlite.counts()))
        #expect(try await postgres.outlets() == (try sqlite.outlets()))
        #expect(try await postgres.scheduledFeeds() == (try sqlite.scheduledFeeds()))

        // A second copy is refused; the store goes on with new ids after the copied ones.
        await #expect(throws: StoreError.self) { _ = try await postgres.copy(from: sqlite) }
        let feed = try await postgres.feed(outletID: "bbc", url: "https://feeds.bbci.co.uk/news/rss.xml")
        #expect(feed.id == 4)
        let summary = try await postgres.record(PullInput(feedID: feed.id, at: utc("2021-09-19T09:00:00Z"), status: .ok,
                                                          items: [FeedItem(guid: "new-1", title: "Evergrande shares slump")]))
        #expect(summary.pullID == 8)
        #expect(try await postgres.counts()["item"] == 8)
        await postgres.close()
    }
}
