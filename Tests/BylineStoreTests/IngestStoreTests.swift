import BylineFeed
import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// The ingest side of the store (outlets, feeds and their schedule, the pull log, items, item
/// versions), run against every back end available: SQLite always, PostgreSQL when
/// `BYLINE_TEST_POSTGRES_URL` is set (``PostgresAvailabilityTests`` says so when it is not).
@Suite struct IngestStoreTests {
    @Test(arguments: StoreBackend.available)
    func newItemGetsFirstSeenAndThePreviousSuccessfulPull(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        let feed = try await store.feed(outletID: "bbc", url: "https://feeds.bbci.co.uk/news/rss.xml")
        let a = FeedItem(guid: "https://www.bbc.co.uk/news/world-58614229", title: "France recalls ambassadors", summary: "Paris is angry.")
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T10:00:00Z"), status: .ok, items: [a]))
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T11:00:00Z"), status: .notModified))
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T12:00:00Z"), status: .failed, error: "HTTP 500"))
        let b = FeedItem(guid: "guid-b", title: "Gabby Petito search", summary: "")
        let summary = try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T13:00:00Z"), status: .ok, items: [a, b]))
        #expect(summary == PullSummary(pullID: 4, items: 2, newItems: 1, newVersions: 0))

        let items = try await store.items()
        #expect(items.map(\.guid) == ["https://www.bbc.co.uk/news/world-58614229", "guid-b"])
        #expect(items[0].title == "France recalls ambassadors")
        #expect(items[0].summary == "Paris is angry.")
        #expect(items[0].firstSeen == utc("2021-09-18T10:00:00Z"))
        #expect(items[0].previousPull == nil)
        #expect(items[0].lastSeen == utc("2021-09-18T13:00:00Z"))
        // The 304 bounds the window; the failed pull at 12:00 does not.
        #expect(items[1].firstSeen == utc("2021-09-18T13:00:00Z"))
        #expect(items[1].previousPull == utc("2021-09-18T11:00:00Z"))

        let state = try #require(try await store.feeds().first)
        #expect(state.lastStatus == .ok)
        #expect(state.failures == 0)
        #expect(state.lastPullAt == utc("2021-09-18T13:00:00Z"))
        #expect(state.lastSuccessAt == utc("2021-09-18T13:00:00Z"))
        #expect(try await store.counts() == ["outlet": 1, "feed": 1, "pull": 4, "item": 2, "item_version": 2])
        #expect(try await store.pullTimes(feedID: feed.id) == Set(["10", "11", "12", "13"].map { utc("2021-09-18T\($0):00:00Z") }))
        let log = try await store.pullLog(feedID: feed.id)
        #expect(log.map(\.status) == [.ok, .notModified, .failed, .ok])
        #expect(log[2].error == "HTTP 500")
        #expect(try await store.outletStats() == [OutletPullStats(outletID: "bbc", items: 2, pulls: 4, pullsFailed: 1)])
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func changedTextIsANewVersionAndTheSamePullTwiceAddsNothing(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "cnn", name: "cnn"))
        let feed = try await store.feed(outletID: "cnn", url: "archive:cnn")
        let first = FeedItem(guid: "k1", title: "Shooting reported at Russian university", summary: "")
        var edited = first
        edited.title = "At least 8 killed in shooting at Russian university"
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-20T07:00:00Z"), status: .ok, items: [first]))
        let second = PullInput(feedID: feed.id, at: utc("2021-09-20T08:00:00Z"), status: .ok, items: [edited])
        #expect(try await store.record(second).newVersions == 1)
        #expect(try await store.record(second) == PullSummary(pullID: 2, items: 0, newItems: 0, newVersions: 0, alreadyStored: true))

        let item = try #require(try await store.items().first)
        #expect(item.title == "At least 8 killed in shooting at Russian university")
        #expect(item.versions.map(\.title) == ["Shooting reported at Russian university", "At least 8 killed in shooting at Russian university"])
        #expect(item.versions.map(\.seenAt) == [utc("2021-09-20T07:00:00Z"), utc("2021-09-20T08:00:00Z")])
        #expect(item.versions[1].previousPull == utc("2021-09-20T07:00:00Z"))
        #expect(try await store.counts() == ["outlet": 1, "feed": 1, "pull": 2, "item": 1, "item_version": 2])
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func aMovedPubDateWithTheSameTextIsAVersionAndAnUnchangedOneIsNot(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "smh", name: "smh"))
        let feed = try await store.feed(outletID: "smh", url: "archive:smh")
        var item = FeedItem(guid: "p1", title: "Queensland vaccination records broken", published: utc("2021-09-19T01:00:00Z"))
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T02:00:00Z"), status: .ok, items: [item]))
        #expect(try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T03:00:00Z"), status: .ok, items: [item])).newVersions == 0)
        item.published = utc("2021-09-19T03:30:00Z")
        #expect(try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T04:00:00Z"), status: .ok, items: [item])).newVersions == 1)
        #expect(try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T05:00:00Z"), status: .ok, items: [item])).newVersions == 0)
        let stored = try #require(try await store.items().first)
        #expect(stored.versions.map(\.published) == [utc("2021-09-19T01:00:00Z"), utc("2021-09-19T03:30:00Z")])
        #expect(stored.versions.map(\.title) == ["Queensland vaccination records broken", "Queensland vaccination records broken"])
        #expect(stored.versions.map(\.seenAt) == [utc("2021-09-19T02:00:00Z"), utc("2021-09-19T04:00:00Z")])
        await closeStore(store)
    }

    /// An older snapshot recorded after a newer one moves the item's first sighting back.
    @Test(arguments: StoreBackend.available)
    func anOlderSnapshotRecordedLaterMovesFirstSeenBack(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        let feed = try await store.feed(outletID: "rnz", url: "archive:rnz")
        let item = FeedItem(guid: "r1", link: "https://www.rnz.co.nz/news/r1", title: "Auckland stays at alert level 3")
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T06:00:00Z"), status: .ok, items: [item]))
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T04:00:00Z"), status: .ok, items: [item]))
        let stored = try #require(try await store.items().first)
        #expect(stored.firstSeen == utc("2021-09-19T04:00:00Z"))
        #expect(stored.lastSeen == utc("2021-09-19T06:00:00Z"))
        #expect(stored.link == "https://www.rnz.co.nz/news/r1")
        #expect(stored.versions.map(\.seenAt) == [utc("2021-09-19T04:00:00Z")])
        // The feed keeps the state of its latest pull.
        #expect(try await store.feeds().first?.lastPullAt == utc("2021-09-19T06:00:00Z"))
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func outletsAreUpsertedWithTheirAliases(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "nytimes", name: "The New York Times", homepage: "https://www.nytimes.com",
                                                country: "US", language: "en", aliases: ["New York Times", "NYT"]))
        try await store.upsertOutletIfMissing(OutletInfo(id: "nytimes", name: "nytimes"))
        try await store.upsertOutletIfMissing(OutletInfo(id: "bbc", name: "bbc"))
        try await store.upsertOutlet(OutletInfo(id: "nytimes", name: "NYT", aliases: ["Times"]))
        try await store.upsertOutletIfMissing(OutletInfo(id: "cnntv", name: "CNN (YouTube)", organisation: "cnn"))
        #expect(try await store.outlets() == [
            OutletInfo(id: "bbc", name: "bbc"),
            OutletInfo(id: "cnntv", name: "CNN (YouTube)", organisation: "cnn"),
            OutletInfo(id: "nytimes", name: "NYT", homepage: "https://www.nytimes.com", country: "US", language: "en", aliases: ["Times"]),
        ])
        // The config's organisation replaces the stored one, a config without one clears it.
        try await store.upsertOutlet(OutletInfo(id: "cnntv", name: "CNN (YouTube)", organisation: "cnn-news"))
        #expect(try await store.outlets().first { $0.id == "cnntv" }?.organisation == "cnn-news")
        try await store.upsertOutlet(OutletInfo(id: "cnntv", name: "CNN (YouTube)"))
        #expect(try await store.outlets().first { $0.id == "cnntv" }?.organisation == nil)
        await closeStore(store)
    }

    /// A scheduled pull: the schedule is written with the pull, a permanent move to a URL that
    /// another feed has stays pending, validators are dropped on request, redirects are logged.
    @Test(arguments: StoreBackend.available)
    func aPullIsRecordedWithTheFeedsNewSchedule(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "gmanews", name: "GMA News"))
        let feed = try await store.scheduledFeed(outletID: "gmanews", configURL: "https://data.gmanews.tv/gno/rss/news/feed.xml")
        let other = try await store.scheduledFeed(outletID: "gmanews", configURL: "https://data.gmanews.tv/gno/rss/world/feed.xml")
        #expect(feed.configURL == "https://data.gmanews.tv/gno/rss/news/feed.xml")
        #expect(feed.nextDueAt == nil)
        #expect(try await store.scheduledFeed(outletID: "gmanews", configURL: feed.state.url).state.id == feed.state.id)

        let at = utc("2021-09-20T00:13:44Z")
        let summary = try await store.record(
            PullInput(feedID: feed.state.id, at: at, status: .ok, httpStatus: 200, bytes: 5120, etag: "\"v1\"",
                      lastModified: "Mon, 20 Sep 2021 00:10:00 GMT", items: [FeedItem(guid: "g1", title: "Typhoon nears Luzon")])
        ) { summary in
            Store.ScheduleUpdate(nextDueAt: at.addingTimeInterval(900), interval: 900, lastFetchedAt: at,
                                 redirects: "301 http://data.gmanews.tv/gno/rss/news/feed.xml -> https://data.gmanews.tv/gno/rss/news/feed.xml")
        }
        #expect(summary.newItems == 1)
        var stored = try #require(try await store.scheduledFeed(id: feed.state.id))
        #expect(stored.nextDueAt == utc("2021-09-20T00:28:44Z"))
        #expect(stored.interval == 900)
        #expect(stored.lastFetchedAt == at)
        #expect(stored.state.etag == "\"v1\"")
        #expect(stored.state.lastModified == "Mon, 20 Sep 2021 00:10:00 GMT")
        #expect(stored.state.lastStatusCode == 200)
        #expect(try await store.pullRedirects(feedID: feed.state.id) == ["301 http://data.gmanews.tv/gno/rss/news/feed.xml -> https://data.gmanews.tv/gno/rss/news/feed.xml"])

        // A move onto the other feed's URL stays pending; the validators go.
        let later = utc("2021-09-20T00:30:00Z")
        try await store.record(PullInput(feedID: feed.state.id, at: later, status: .notModified, httpStatus: 304)) { _ in
            Store.ScheduleUpdate(newURL: other.state.url, nextDueAt: later.addingTimeInterval(1800), interval: 1800, movedSeen: 2,
                                 lastFetchedAt: at, dropValidators: true)
        }
        stored = try #require(try await store.scheduledFeed(id: feed.state.id))
        #expect(stored.state.url == "https://data.gmanews.tv/gno/rss/news/feed.xml")
        #expect(stored.movedTo == other.state.url)
        #expect(stored.movedSeen == 2)
        #expect(stored.state.etag == nil)
        #expect(stored.state.lastModified == nil)
        #expect(stored.state.lastStatus == .notModified)

        // A move to a free URL is adopted; the feed is found again by its config URL.
        let moved = "https://www.gmanetwork.com/news/rss/news/feed.xml"
        try await store.record(PullInput(feedID: feed.state.id, at: utc("2021-09-20T01:00:00Z"), status: .failed, error: "HTTP 503")) { _ in
            Store.ScheduleUpdate(newURL: moved, nextDueAt: utc("2021-09-20T02:00:00Z"), interval: 1800,
                                 retryUntil: utc("2021-09-20T01:30:00Z"))
        }
        let found = try await store.scheduledFeed(outletID: "gmanews", configURL: "https://data.gmanews.tv/gno/rss/news/feed.xml")
        #expect(found.state.id == feed.state.id)
        #expect(found.state.url == moved)
        #expect(found.retryUntil == utc("2021-09-20T01:30:00Z"))
        #expect(found.state.failures == 1)
        #expect(try await store.scheduledFeeds().map(\.state.url) == [other.state.url, moved])
        await closeStore(store)
    }
}

/// Says, as a skipped test, when the PostgreSQL half of the store suite does not run.
@Suite struct PostgresAvailabilityTests {
    @Test(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
    func theStoreSuiteRunsAgainstPostgreSQL() {
        #expect(StoreBackend.available == [.sqlite, .postgres])
    }
}

/// Two entries of one feed document with one guid (the store keys items by outlet + guid):
/// one is stored, by a stated rule, and the pull records a warning with the count (the second
/// was dropped without a word).
@Suite struct RepeatedGuidTests {
    /// The Daily Mail's feed of 2021-09-18T20:59:14Z repeats two entries whole (the shared
    /// corpus): each guid is stored once and the pull says so.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage), arguments: StoreBackend.available)
    func identicalRepeatsAreStoredOnceAndCounted(_ backend: StoreBackend) async throws {
        let data = try Data(contentsOf: SharedData.corpus.appendingPathComponent("dailymail/20210918T205914Z.xml"))
        let feed = try FeedParser().parse(data)
        #expect(feed.items.count == 113)
        #expect(Set(feed.items.map(\.key)).count == 111)
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "dailymail", name: "Daily Mail"))
        let state = try await store.feed(outletID: "dailymail", url: "archive:dailymail")
        let summary = try await store.record(PullInput(feedID: state.id, at: utc("2021-09-18T20:59:14Z"), status: .ok, items: feed.items))
        #expect(summary.newItems == 111)
        #expect(summary.repeatedKeys == 2)
        #expect(try await store.items().count == 111)
        let log = try await store.pullLog(feedID: state.id)
        #expect(log.map(\.error) == ["2 entries repeat the guid of another entry of the document with the same text; one stored per guid"])
    }

    /// Entries with one guid and other text: the one with the latest publisher time is kept,
    /// else the one with the most text, else the first; it stays where the first one was.
    @Test(arguments: StoreBackend.available)
    func theLatestThenTheFullestEntryIsKept(_ backend: StoreBackend) async throws {
        let feed = try FeedParser().parse(Data("""
            <rss version="2.0"><channel><title>t</title>
            <item><guid>a</guid><title>Storm nears</title><pubDate>Sat, 18 Sep 2021 09:00:00 GMT</pubDate></item>
            <item><guid>b</guid><title>Short</title></item>
            <item><guid>a</guid><title>Storm makes landfall</title><pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate></item>
            <item><guid>b</guid><title>Short, and then some more</title></item>
            <item><guid>b</guid><title>Short, and then some more</title></item>
            <item><guid>c</guid><title>Kept first</title></item>
            <item><guid>c</guid><title>Kept last</title></item>
            </channel></rss>
            """.utf8))
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "x", name: "X"))
        let state = try await store.feed(outletID: "x", url: "https://x.example/rss")
        let summary = try await store.record(PullInput(feedID: state.id, at: utc("2021-09-18T11:00:00Z"), status: .ok, error: "line 3: something",
                                                       items: feed.items))
        #expect(summary.repeatedKeys == 4)
        #expect(try await store.items().map { "\($0.guid): \($0.title)" } == ["a: Storm makes landfall", "b: Short, and then some more", "c: Kept first"])
        let log = try await store.pullLog(feedID: state.id)
        #expect(log.map(\.error) == ["line 3: something; 4 entries repeat the guid of another entry of the document (1 with the same text as the entry kept, 3 with other text or times: kept the entry with the latest publisher time, then the most text)"])
    }
}
