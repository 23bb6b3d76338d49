import BylineFeed
@testable import BylinePostgres
@testable import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// The precision of a version's publication date (migration v19-published-day-offset,
/// `item_version.published_day_offset`): a store of the schema before keeps its versions, read
/// as exact times (NULL), and stores the zone offset of each day-only date recorded after. Run
/// against every back end available.
@Suite struct PublishedDayOffsetTests {
    static let feedURL = "http://127.0.0.1/harbourpost.xml"

    @Test(arguments: StoreBackend.available)
    func aStoreOfTheOlderSchemaKeepsItsVersionsAndStoresTheDayOffset(_ backend: StoreBackend) async throws {
        let rows = { (time: (String) -> String) -> [String] in [
            "INSERT INTO outlet(id, name) VALUES ('harbourpost', 'Harbour Post')",
            "INSERT INTO feed(id, outlet_id, url, config_url) VALUES (1, 'harbourpost', '\(Self.feedURL)', '\(Self.feedURL)')",
            "INSERT INTO pull(id, feed_id, at, status, items, new_items, new_versions) VALUES (1, 1, \(time("2021-09-19 01:00:00")), 'ok', 1, 1, 0)",
            """
            INSERT INTO item(id, outlet_id, feed_id, guid, title, summary, published, first_seen, last_seen, first_pull_id)
            VALUES (1, 'harbourpost', 1, 'old', 'Harbour bridge closes', '', \(time("2021-09-18 16:00:00")), \(time("2021-09-19 01:00:00")),
                    \(time("2021-09-19 01:00:00")), 1)
            """,
            """
            INSERT INTO item_version(id, item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary, published)
            VALUES (1, 1, 1, 'h', \(time("2021-09-19 01:00:00")), NULL, 1, 'Harbour bridge closes', '', \(time("2021-09-18 16:00:00")))
            """,
        ] }
        let store: any AnalysisStore
        let storedOffsets: () async throws -> [Int?]
        switch backend {
        case .sqlite:
            let database = try await TemporaryDatabase.migrated(upTo: "v18-outlet-organisation", rows: rows { "'\($0).000'" })
            store = try Store(path: database.path)
            storedOffsets = {
                let reader = try DatabaseQueue(path: database.path)
                defer { try? reader.close() }
                return try await reader.read { db in try Int?.fetchAll(db, sql: "SELECT published_day_offset FROM item_version ORDER BY id") }
            }
        case .postgres:
            let url = try await TestPostgres.database(
                applying: PostgresSchema.migrations.prefix(while: { $0.identifier != "v19-published-day-offset" }),
                rows: rows({ "'\($0)+00'" }))
            store = try await PostgresStore(url: url)
            storedOffsets = {
                try await TestPostgres.rows("SELECT published_day_offset::text FROM item_version ORDER BY id", in: url).map { $0[0].flatMap { Int($0) } }
            }
        }
        let feed = try #require(try await store.feeds().first)
        let parsed = try FeedParser().parse(Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>
            <item><title>Ferry strike ends</title><guid>day</guid><pubDate>Sun, 19 Sep 2021 00:00:00 +0800</pubDate></item>
            <item><title>Library reopens</title><guid>time</guid><pubDate>Sun, 19 Sep 2021 08:15:00 +0800</pubDate></item>
            <item><title>Storm warning</title><guid>west</guid><pubDate>Sat, 18 Sep 2021 00:00:00 -0500</pubDate></item>
            </channel></rss>
            """.utf8))
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T02:00:00Z"), status: .ok, items: parsed.items))

        let items = try await store.items()
        #expect(items.map(\.guid) == ["old", "day", "time", "west"])
        #expect(items.map { $0.versions.map(\.publishedDayOffset) } == [[nil], [28_800], [nil], [-18_000]])
        #expect(items.map { $0.versions.map(\.published) } == [[utc("2021-09-18T16:00:00Z")], [utc("2021-09-18T16:00:00Z")],
                                                                [utc("2021-09-19T00:15:00Z")], [utc("2021-09-18T05:00:00Z")]])
        #expect(try await storedOffsets() == [nil, 28_800, nil, -18_000])
        await closeStore(store)
    }
}
