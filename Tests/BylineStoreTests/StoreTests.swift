import BylineFeed
import BylineStore
import GRDB
import Foundation
import Testing

/// A fresh database file in a temporary folder, removed with the folder.
struct TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("byline.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("byline-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
}

func utc(_ text: String) -> Date {
    try! Date.ISO8601FormatStyle().parse(text)
}

@Suite struct StoreTests {
    @Test func newItemGetsFirstSeenAndThePreviousSuccessfulPull() throws {
        let store = try Store(path: TemporaryDatabase().path)
        try store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        let feed = try store.feed(outletID: "bbc", url: "https://feeds.bbci.co.uk/news/rss.xml")
        let a = FeedItem(guid: "https://www.bbc.co.uk/news/world-58614229", title: "France recalls ambassadors", summary: "Paris is angry.")
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T10:00:00Z"), status: .ok, items: [a]))
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T11:00:00Z"), status: .notModified))
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T12:00:00Z"), status: .failed, error: "HTTP 500"))
        let b = FeedItem(guid: "guid-b", title: "Gabby Petito search", summary: "")
        let summary = try store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T13:00:00Z"), status: .ok, items: [a, b]))
        #expect(summary.newItems == 1)
        #expect(summary.newVersions == 0)

        let items = try store.items()
        #expect(items.map(\.guid) == ["https://www.bbc.co.uk/news/world-58614229", "guid-b"])
        #expect(items[0].firstSeen == utc("2021-09-18T10:00:00Z"))
        #expect(items[0].previousPull == nil)
        #expect(items[0].lastSeen == utc("2021-09-18T13:00:00Z"))
        // The 304 bounds the window; the failed pull at 12:00 does not.
        #expect(items[1].firstSeen == utc("2021-09-18T13:00:00Z"))
        #expect(items[1].previousPull == utc("2021-09-18T11:00:00Z"))

        let state = try #require(try store.feeds().first)
        #expect(state.lastStatus == .ok)
        #expect(state.failures == 0)
        #expect(try store.counts()["pull"] == 4)
    }

    @Test func changedTextIsANewVersionAndTheSamePullTwiceAddsNothing() throws {
        let store = try Store(path: TemporaryDatabase().path)
        try store.upsertOutlet(OutletInfo(id: "cnn", name: "cnn"))
        let feed = try store.feed(outletID: "cnn", url: "archive:cnn")
        let first = FeedItem(guid: "k1", title: "Shooting reported at Russian university", summary: "")
        var edited = first
        edited.title = "At least 8 killed in shooting at Russian university"
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-20T07:00:00Z"), status: .ok, items: [first]))
        let second = PullInput(feedID: feed.id, at: utc("2021-09-20T08:00:00Z"), status: .ok, items: [edited])
        #expect(try store.record(second).newVersions == 1)
        #expect(try store.record(second) == PullSummary(pullID: 2, items: 0, newItems: 0, newVersions: 0))

        let item = try #require(try store.items().first)
        #expect(item.title == "At least 8 killed in shooting at Russian university")
        #expect(item.versions.map(\.title) == ["Shooting reported at Russian university", "At least 8 killed in shooting at Russian university"])
        #expect(item.versions.map(\.seenAt) == [utc("2021-09-20T07:00:00Z"), utc("2021-09-20T08:00:00Z")])
        #expect(item.versions[1].previousPull == utc("2021-09-20T07:00:00Z"))
        #expect(try store.counts() == ["outlet": 1, "feed": 1, "pull": 2, "item": 1, "item_version": 2])
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAsItWas() throws {
        let database = try TemporaryDatabase()
        let text = Data("this is a text file, not a database\n".utf8)
        try text.write(to: URL(fileURLWithPath: database.path))
        #expect(throws: StoreError.notADatabase(path: database.path)) { try Store(path: database.path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == text)
        #expect(StoreError.notADatabase(path: database.path).description.hasPrefix("\(database.path): not a Byline database"))
    }

    @Test func anotherProgramsSQLiteDatabaseIsRefused() throws {
        let database = try TemporaryDatabase()
        try DatabaseQueue(path: database.path).write { try $0.execute(sql: "CREATE TABLE notes(x)") }
        #expect(throws: StoreError.notADatabase(path: database.path)) { try Store(path: database.path) }
    }

    @Test func reopeningKeepsEverything() throws {
        let database = try TemporaryDatabase()
        do {
            let store = try Store(path: database.path)
            try store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
            let feed = try store.feed(outletID: "rnz", url: "archive:rnz")
            try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T01:00:00Z"), status: .ok,
                                       items: [FeedItem(guid: "a", title: "Covid-19: 22 new cases")]))
        }
        let reopened = try Store(path: database.path)
        #expect(try reopened.items().map(\.title) == ["Covid-19: 22 new cases"])
        #expect(try reopened.outlets().map(\.name) == ["RNZ"])
    }
}

@Suite struct PublisherTimeMoveTests {
    @Test func aMovedPubDateWithTheSameTextIsAVersionAndAnUnchangedOneIsNot() throws {
        let store = try Store(path: TemporaryDatabase().path)
        try store.upsertOutlet(OutletInfo(id: "smh", name: "smh"))
        let feed = try store.feed(outletID: "smh", url: "archive:smh")
        var item = FeedItem(guid: "p1", title: "Queensland vaccination records broken", published: utc("2021-09-19T01:00:00Z"))
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T02:00:00Z"), status: .ok, items: [item]))
        #expect(try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T03:00:00Z"), status: .ok, items: [item])).newVersions == 0)
        item.published = utc("2021-09-19T03:30:00Z")
        #expect(try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T04:00:00Z"), status: .ok, items: [item])).newVersions == 1)
        #expect(try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T05:00:00Z"), status: .ok, items: [item])).newVersions == 0)
        let stored = try #require(try store.items().first)
        #expect(stored.versions.map(\.published) == [utc("2021-09-19T01:00:00Z"), utc("2021-09-19T03:30:00Z")])
        #expect(stored.versions.map(\.title) == ["Queensland vaccination records broken", "Queensland vaccination records broken"])
        #expect(stored.versions.map(\.seenAt) == [utc("2021-09-19T02:00:00Z"), utc("2021-09-19T04:00:00Z")])
    }
}
