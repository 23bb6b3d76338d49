import BylineFeed
@testable import BylinePostgres
@testable import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// One item (one guid) carried by two feeds of its outlet, with another description in each:
/// versions are kept per feed (migration v13-version-feed), so that only what a feed changes in
/// its own text is an edit. Run against every back end available.
@Suite struct VersionFeedTests {
    static let guid = "https://www.bbc.co.uk/news/world-europe-58614229"
    static let title = "France recalls ambassadors to US and Australia"
    static let worldURL = "https://feeds.bbci.co.uk/news/world/rss.xml"
    static let topURL = "https://feeds.bbci.co.uk/news/rss.xml"
    /// The world feed's description, its later edit, and the top stories feed's description
    /// and its later edit.
    static let world = "France says it is recalling its ambassadors over a security pact that cost it a submarine deal."
    static let worldEdited = "France is recalling its ambassadors to the US and Australia in protest at the Aukus security pact."
    static let top = "The move is an unprecedented sign of anger over the Aukus pact, officials say."
    static let topEdited = "The move is an unprecedented sign of anger over the Aukus pact, French officials say."

    static func item(_ summary: String, published: String) -> FeedItem {
        FeedItem(guid: guid, link: guid, title: title, summary: summary, published: utc(published))
    }

    @Test(arguments: StoreBackend.available)
    func theSameGuidInTwoFeedsOfAnOutletIsNoEditAndAChangeInOneFeedIs(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        let worldFeed = try await store.feed(outletID: "bbc", url: Self.worldURL)
        let topFeed = try await store.feed(outletID: "bbc", url: Self.topURL)
        func pull(_ feed: FeedState, _ at: String, _ summary: String, published: String) async throws -> PullSummary {
            try await store.record(PullInput(feedID: feed.id, at: utc(at), status: .ok,
                                             items: [Self.item(summary, published: published)]))
        }
        // Each feed gives its own description and its own pubDate; the two feeds are pulled in
        // turn, three times each. Before versions were kept per feed, the top stories feed's
        // text was a new version (an edit) and each feed's pubDate a moved publisher time.
        #expect(try await pull(worldFeed, "2021-09-17T22:00:00Z", Self.world, published: "2021-09-17T21:52:03Z")
                == PullSummary(pullID: 1, items: 1, newItems: 1, newVersions: 0))
        #expect(try await pull(topFeed, "2021-09-17T22:05:00Z", Self.top, published: "2021-09-17T21:58:40Z")
                == PullSummary(pullID: 2, items: 1, newItems: 0, newVersions: 0))
        for (world, top) in [("2021-09-17T23:00:00Z", "2021-09-17T23:05:00Z"), ("2021-09-18T00:00:00Z", "2021-09-18T00:05:00Z")] {
            #expect(try await pull(worldFeed, world, Self.world, published: "2021-09-17T21:52:03Z").newVersions == 0)
            #expect(try await pull(topFeed, top, Self.top, published: "2021-09-17T21:58:40Z").newVersions == 0)
        }
        var item = try #require(try await store.items().first)
        // The item shows the text of the feed that first carried it (the world feed), and its
        // versions are that feed's.
        #expect(item.summary == Self.world)
        #expect(item.feedID == worldFeed.id)
        #expect(item.versions.map(\.summary) == [Self.world])
        #expect(item.versions.map(\.seenAt) == [utc("2021-09-17T22:00:00Z")])
        #expect(item.lastSeen == utc("2021-09-18T00:05:00Z"))
        // One version per feed.
        #expect(try await store.counts()["item_version"] == 2)

        // The world feed edits its description: an edit of the item. The top stories feed edits
        // its own: an edit of that feed's text, counted in its pull, not among the item's versions.
        #expect(try await pull(worldFeed, "2021-09-18T01:00:00Z", Self.worldEdited, published: "2021-09-17T21:52:03Z").newVersions == 1)
        #expect(try await pull(topFeed, "2021-09-18T01:05:00Z", Self.topEdited, published: "2021-09-17T21:58:40Z").newVersions == 1)
        #expect(try await pull(topFeed, "2021-09-18T02:05:00Z", Self.topEdited, published: "2021-09-17T21:58:40Z").newVersions == 0)
        item = try #require(try await store.items().first)
        #expect(item.summary == Self.worldEdited)
        #expect(item.versions.map(\.summary) == [Self.world, Self.worldEdited])
        #expect(item.versions.map(\.seenAt) == [utc("2021-09-17T22:00:00Z"), utc("2021-09-18T01:00:00Z")])
        #expect(item.versions[1].previousPull == utc("2021-09-18T00:00:00Z"))
        #expect(try await store.counts() == ["outlet": 1, "feed": 2, "pull": 9, "item": 1, "item_version": 4])

        // The top stories feed giving the world feed's text is an edit of its own text too (the
        // same text in two feeds is a version of each).
        #expect(try await pull(topFeed, "2021-09-18T03:05:00Z", Self.worldEdited, published: "2021-09-17T21:58:40Z").newVersions == 1)
        #expect(try await store.counts()["item_version"] == 5)
        #expect(try await store.items().first?.versions.map(\.summary) == [Self.world, Self.worldEdited])
        await closeStore(store)
    }

    /// An older snapshot of another feed imported after newer ones: that feed carried the item
    /// first, so the item's versions and text become that feed's.
    @Test(arguments: StoreBackend.available)
    func anOlderSnapshotOfAnotherFeedMakesThatFeedTheItemsFirst(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        let worldFeed = try await store.feed(outletID: "bbc", url: Self.worldURL)
        let topFeed = try await store.feed(outletID: "bbc", url: Self.topURL)
        try await store.record(PullInput(feedID: worldFeed.id, at: utc("2021-09-17T23:00:00Z"), status: .ok,
                                         items: [Self.item(Self.world, published: "2021-09-17T21:52:03Z")]))
        let older = try await store.record(PullInput(feedID: topFeed.id, at: utc("2021-09-17T22:05:00Z"), status: .ok,
                                                     items: [Self.item(Self.top, published: "2021-09-17T21:58:40Z")]))
        #expect(older.newVersions == 0)
        let item = try #require(try await store.items().first)
        #expect(item.feedID == topFeed.id)
        #expect(item.firstSeen == utc("2021-09-17T22:05:00Z"))
        #expect(item.summary == Self.top)
        #expect(item.versions.map(\.summary) == [Self.top])
        #expect(item.versions.map(\.seenAt) == [utc("2021-09-17T22:05:00Z")])
        await closeStore(store)
    }

    /// A store written before versions were kept per feed (schema v12) holding the spurious
    /// edit: the top stories feed's text stored as the item's second version, and shown.
    static func v12Rows(time: (String) -> String) -> [String] {
        let worldHash = item(world, published: "2021-09-17T21:52:03Z").versionHash
        let topHash = item(top, published: "2021-09-17T21:58:40Z").versionHash
        let published = time("2021-09-17 21:52:03")
        return [
            "INSERT INTO outlet(id, name) VALUES ('bbc', 'BBC News')",
            "INSERT INTO feed(id, outlet_id, url, config_url) VALUES (1, 'bbc', '\(worldURL)', '\(worldURL)'), (2, 'bbc', '\(topURL)', '\(topURL)')",
            """
            INSERT INTO pull(id, feed_id, at, status, items, new_items, new_versions)
            VALUES (1, 1, \(time("2021-09-17 22:00:00")), 'ok', 1, 1, 0), (2, 2, \(time("2021-09-17 22:05:00")), 'ok', 1, 0, 1)
            """,
            """
            INSERT INTO item(id, outlet_id, feed_id, guid, link, title, summary, published, first_seen, last_seen, first_pull_id)
            VALUES (1, 'bbc', 1, '\(guid)', '\(guid)', '\(title)', '\(top)', \(published),
                    \(time("2021-09-17 22:00:00")), \(time("2021-09-17 22:05:00")), 1)
            """,
            """
            INSERT INTO item_version(id, item_id, hash, seen_at, pull_id, title, summary, published)
            VALUES (1, 1, '\(worldHash)', \(time("2021-09-17 22:00:00")), 1, '\(title)', '\(world)', \(published)),
                   (2, 1, '\(topHash)', \(time("2021-09-17 22:05:00")), 2, '\(title)', '\(top)', \(time("2021-09-17 21:58:40")))
            """,
        ]
    }

    /// Opens a store of `backend` written by the schema before v13-version-feed with
    /// ``v12Rows(time:)``, which migrates it.
    static func migratedV12Store(_ backend: StoreBackend) async throws -> any AnalysisStore {
        switch backend {
        case .sqlite:
            let database = try await TemporaryDatabase.migrated(upTo: "v12-pull-cut-off", rows: v12Rows(time: { "'\($0).000'" }))
            return try Store(path: database.path)
        case .postgres:
            let url = try await TestPostgres.database(applying: PostgresSchema.migrations.prefix(while: { $0.identifier != "v13-version-feed" }),
                                                      rows: v12Rows(time: { "'\($0)+00'" }))
            return try await PostgresStore(url: url)
        }
    }

    @Test(arguments: StoreBackend.available)
    func aStoreOfTheOlderSchemaGetsEachVersionsFeedFromItsPull(_ backend: StoreBackend) async throws {
        let store = try await Self.migratedV12Store(backend)
        // The top stories feed's text (version 2, from its pull) is that feed's: no longer among
        // the item's versions, nor what the item shows.
        var item = try #require(try await store.items().first)
        #expect(item.versions.map(\.id) == [1])
        #expect(item.versions.map(\.summary) == [Self.world])
        #expect(item.summary == Self.world)
        #expect(try await store.counts()["item_version"] == 2)

        let worldFeed = try #require(try await store.feeds().first { $0.url == Self.worldURL })
        let topFeed = try #require(try await store.feeds().first { $0.url == Self.topURL })
        // The top stories feed's text again: nothing new. Its edit: a version of that feed.
        #expect(try await store.record(PullInput(feedID: topFeed.id, at: utc("2021-09-17T23:05:00Z"), status: .ok,
                                                 items: [Self.item(Self.top, published: "2021-09-17T21:58:40Z")]))
                == PullSummary(pullID: 3, items: 1, newItems: 0, newVersions: 0))
        #expect(try await store.record(PullInput(feedID: topFeed.id, at: utc("2021-09-18T00:05:00Z"), status: .ok,
                                                 items: [Self.item(Self.topEdited, published: "2021-09-17T21:58:40Z")])).newVersions == 1)
        // The world feed's edit: the item's second version, id 4 on both back ends.
        #expect(try await store.record(PullInput(feedID: worldFeed.id, at: utc("2021-09-18T01:00:00Z"), status: .ok,
                                                 items: [Self.item(Self.worldEdited, published: "2021-09-17T21:52:03Z")])).newVersions == 1)
        item = try #require(try await store.items().first)
        #expect(item.versions.map(\.id) == [1, 4])
        #expect(item.versions.map(\.summary) == [Self.world, Self.worldEdited])
        #expect(item.summary == Self.worldEdited)
        #expect(try await store.counts()["item_version"] == 4)
        await closeStore(store)
    }

    /// `byline migrate` copies each version's feed.
    @Test(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
    func migrateCopiesEachVersionsFeed() async throws {
        let sqlite = try #require(try await Self.migratedV12Store(.sqlite) as? Store)
        let topFeed = try #require(try sqlite.feeds().first { $0.url == Self.topURL })
        try sqlite.record(PullInput(feedID: topFeed.id, at: utc("2021-09-18T00:05:00Z"), status: .ok,
                                    items: [Self.item(Self.topEdited, published: "2021-09-17T21:58:40Z")]))
        let url = try await TestPostgres.freshDatabase()
        let postgres = try await PostgresStore(url: url)
        let copied = try await postgres.copy(from: sqlite)
        #expect(copied["item_version"] == 3)
        #expect(try await TestPostgres.rows("SELECT id::text, feed_id::text, summary FROM item_version ORDER BY id", in: url)
                == [["1", "1", Self.world], ["2", "2", Self.top], ["3", "2", Self.topEdited]])
        #expect(try await postgres.items().first?.versions.map(\.summary) == [Self.world])
        // The copy goes on as the original would: the world feed's edit is the item's next version.
        let worldFeed = try #require(try await postgres.feeds().first { $0.url == Self.worldURL })
        #expect(try await postgres.record(PullInput(feedID: worldFeed.id, at: utc("2021-09-18T01:00:00Z"), status: .ok,
                                                    items: [Self.item(Self.worldEdited, published: "2021-09-17T21:52:03Z")])).newVersions == 1)
        #expect(try await postgres.items().first?.versions.map(\.summary) == [Self.world, Self.worldEdited])
        await postgres.close()
    }
}
