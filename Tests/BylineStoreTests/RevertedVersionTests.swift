import BylineFeed
@testable import BylinePostgres
@testable import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// An item whose text goes back to an earlier one (A, B, A): each change against the feed's
/// version before it is a version (migration v15-version-changes), an unchanged re-fetch is
/// none. Run against every back end available.
@Suite struct RevertedVersionTests {
    static let guid = "f1"
    static let feedURL = "http://127.0.0.1/flip.xml"
    static let a = "Minister resigns over scandal"
    static let b = "Minister resigns over expenses scandal, says sorry"

    static func item(_ title: String, published: String = "2021-09-18T10:00:00Z") -> FeedItem {
        FeedItem(guid: guid, title: title, summary: "", published: utc(published))
    }

    static func pull(_ store: any AnalysisStore, _ feed: FeedState, _ at: String, _ title: String,
                     published: String = "2021-09-18T10:00:00Z") async throws -> PullSummary {
        try await store.record(PullInput(feedID: feed.id, at: utc(at), status: .ok, items: [item(title, published: published)]))
    }

    @Test(arguments: StoreBackend.available)
    func aReturnToAnEarlierTextIsAVersionAndAnUnchangedRefetchIsNone(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "flip", name: "Flip Flop"))
        let feed = try await store.feed(outletID: "flip", url: Self.feedURL)
        // A, B, A, B, A: four edits; then A again twice, and B twice: one more.
        let titles = [Self.a, Self.b, Self.a, Self.b, Self.a, Self.a, Self.a, Self.b, Self.b]
        var counts: [Int] = []
        for (index, title) in titles.enumerated() {
            counts.append(try await Self.pull(store, feed, "2021-09-18T1\(index):00:00Z", title).newVersions)
        }
        #expect(counts == [0, 1, 1, 1, 1, 0, 0, 1, 0])
        let item = try #require(try await store.items().first)
        #expect(item.versions.map(\.title) == [Self.a, Self.b, Self.a, Self.b, Self.a, Self.b])
        #expect(item.versions.map(\.seenAt) == ["10", "11", "12", "13", "14", "17"].map { utc("2021-09-18T\($0):00:00Z") })
        #expect(item.versions.map(\.previousPull) == [nil] + ["10", "11", "12", "13", "16"].map { utc("2021-09-18T\($0):00:00Z") })
        #expect(item.versions.map(\.id) == [1, 2, 3, 4, 5, 6])
        #expect(item.title == Self.b)
        #expect(item.lastSeen == utc("2021-09-18T18:00:00Z"))
        #expect(try await store.counts()["item_version"] == 6)

        // The publisher moving its date and back: a version each time, as a text change is.
        #expect(try await Self.pull(store, feed, "2021-09-18T19:00:00Z", Self.b, published: "2021-09-18T11:00:00Z").newVersions == 1)
        #expect(try await Self.pull(store, feed, "2021-09-18T20:00:00Z", Self.b, published: "2021-09-18T10:00:00Z").newVersions == 1)
        #expect(try await Self.pull(store, feed, "2021-09-18T21:00:00Z", Self.b, published: "2021-09-18T10:00:00Z").newVersions == 0)
        let moved = try #require(try await store.items().first)
        #expect(moved.versions.suffix(2).map(\.published) == [utc("2021-09-18T11:00:00Z"), utc("2021-09-18T10:00:00Z")])
        #expect(try await store.counts()["item_version"] == 8)
        await closeStore(store)
    }

    /// A feed that gives the same text with a pubDate where it gave none: no version (no date
    /// moved), on every back end; the missing pubDate of the version in effect is read as none.
    @Test(arguments: StoreBackend.available)
    func aPubDateAddedToTheSameTextIsNoVersion(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "flip", name: "Flip Flop"))
        let feed = try await store.feed(outletID: "flip", url: Self.feedURL)
        let undated = try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T10:00:00Z"), status: .ok,
                                                       items: [FeedItem(guid: Self.guid, title: Self.a, summary: "")]))
        #expect(undated.newItems == 1)
        #expect(try await Self.pull(store, feed, "2021-09-18T11:00:00Z", Self.a).newVersions == 0)
        let item = try #require(try await store.items().first)
        #expect(item.versions.map(\.published) == [nil])
        #expect(try await store.counts()["item_version"] == 1)
        await closeStore(store)
    }

    /// An archive imported out of order: a snapshot between two stored versions is a version
    /// when its text differs from the one before it, moves the next version earlier when it is
    /// that version's text, and is nothing when it is the text in effect.
    @Test(arguments: StoreBackend.available)
    func anOlderSnapshotBetweenVersionsIsPlacedByTheVersionInEffect(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "flip", name: "Flip Flop"))
        let feed = try await store.feed(outletID: "flip", url: Self.feedURL)
        _ = try await Self.pull(store, feed, "2021-09-18T10:00:00Z", Self.a)
        _ = try await Self.pull(store, feed, "2021-09-18T14:00:00Z", Self.b)
        _ = try await Self.pull(store, feed, "2021-09-18T18:00:00Z", Self.a)
        // 12:00 A: the text in effect (A since 10:00): nothing.
        #expect(try await Self.pull(store, feed, "2021-09-18T12:00:00Z", Self.a).newVersions == 0)
        // 16:00 A: the 18:00 version's text, seen earlier.
        #expect(try await Self.pull(store, feed, "2021-09-18T16:00:00Z", Self.a).newVersions == 0)
        // 13:00 B: the 14:00 version, seen earlier.
        #expect(try await Self.pull(store, feed, "2021-09-18T13:00:00Z", Self.b).newVersions == 0)
        var item = try #require(try await store.items().first)
        #expect(item.versions.map(\.title) == [Self.a, Self.b, Self.a])
        #expect(item.versions.map(\.seenAt) == ["10", "13", "16"].map { utc("2021-09-18T\($0):00:00Z") })
        #expect(item.versions.map(\.previousPull) == [nil, utc("2021-09-18T12:00:00Z"), utc("2021-09-18T14:00:00Z")])
        // 15:00 a third text: a version between them.
        #expect(try await Self.pull(store, feed, "2021-09-18T15:00:00Z", "Minister quits").newVersions == 1)
        item = try #require(try await store.items().first)
        #expect(item.versions.map(\.title) == [Self.a, Self.b, "Minister quits", Self.a])
        #expect(item.title == Self.a)
        await closeStore(store)
    }

    /// A store of the schema before v15-version-changes keeps its versions and their ids; a
    /// revert after the migration is stored.
    @Test(arguments: StoreBackend.available)
    func aStoreOfTheOlderSchemaKeepsItsVersionsAndStoresARevert(_ backend: StoreBackend) async throws {
        let hashA = Self.item(Self.a).versionHash
        let hashB = Self.item(Self.b).versionHash
        let rows = { (time: (String) -> String) -> [String] in [
            "INSERT INTO outlet(id, name) VALUES ('flip', 'Flip Flop')",
            "INSERT INTO feed(id, outlet_id, url, config_url) VALUES (1, 'flip', '\(Self.feedURL)', '\(Self.feedURL)')",
            """
            INSERT INTO pull(id, feed_id, at, status, items, new_items, new_versions)
            VALUES (1, 1, \(time("2021-09-18 10:00:00")), 'ok', 1, 1, 0), (2, 1, \(time("2021-09-18 11:00:00")), 'ok', 1, 0, 1),
                   (3, 1, \(time("2021-09-18 12:00:00")), 'ok', 1, 0, 0)
            """,
            """
            INSERT INTO item(id, outlet_id, feed_id, guid, title, summary, published, first_seen, last_seen, first_pull_id)
            VALUES (1, 'flip', 1, '\(Self.guid)', '\(Self.b)', '', \(time("2021-09-18 10:00:00")),
                    \(time("2021-09-18 10:00:00")), \(time("2021-09-18 12:00:00")), 1)
            """,
            """
            INSERT INTO item_version(id, item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary, published)
            VALUES (1, 1, 1, '\(hashA)', \(time("2021-09-18 10:00:00")), NULL, 1, '\(Self.a)', '', \(time("2021-09-18 10:00:00"))),
                   (2, 1, 1, '\(hashB)', \(time("2021-09-18 11:00:00")), \(time("2021-09-18 10:00:00")), 2, '\(Self.b)', '', \(time("2021-09-18 10:00:00")))
            """,
        ] }
        let store: any AnalysisStore
        switch backend {
        case .sqlite:
            let database = try await TemporaryDatabase.migrated(upTo: "v13-version-feed", rows: rows { "'\($0).000'" })
            store = try Store(path: database.path)
        case .postgres:
            let url = try await TestPostgres.database(applying: PostgresSchema.migrations.prefix(while: { $0.identifier != "v15-version-changes" }),
                                                      rows: rows({ "'\($0)+00'" }))
            store = try await PostgresStore(url: url)
        }
        var item = try #require(try await store.items().first)
        #expect(item.versions.map(\.id) == [1, 2])
        #expect(item.versions.map(\.title) == [Self.a, Self.b])
        let feed = try #require(try await store.feeds().first)
        // B again: nothing. A (the revert the older schema could not store): version 3.
        #expect(try await Self.pull(store, feed, "2021-09-18T13:00:00Z", Self.b).newVersions == 0)
        #expect(try await Self.pull(store, feed, "2021-09-18T14:00:00Z", Self.a).newVersions == 1)
        item = try #require(try await store.items().first)
        #expect(item.versions.map(\.id) == [1, 2, 3])
        #expect(item.versions.map(\.title) == [Self.a, Self.b, Self.a])
        #expect(item.versions.last?.previousPull == utc("2021-09-18T13:00:00Z"))
        #expect(item.title == Self.a)
        await closeStore(store)
    }
}
