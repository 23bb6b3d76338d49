import BylineFeed
@testable import BylinePostgres
@testable import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// The publication date as the feed wrote it when no date rule reads it (migration
/// v17-published-text, `item_version.published_text`): a store of the schema before keeps its
/// versions, without a text, and stores the text of the versions recorded after. Run against
/// every back end available.
@Suite struct PublishedTextTests {
    static let feedURL = "http://127.0.0.1/gazette.xml"

    @Test(arguments: StoreBackend.available)
    func aStoreOfTheOlderSchemaKeepsItsVersionsAndStoresTheTextAsWritten(_ backend: StoreBackend) async throws {
        let rows = { (time: (String) -> String) -> [String] in [
            "INSERT INTO outlet(id, name) VALUES ('gazette', 'Gazette')",
            "INSERT INTO feed(id, outlet_id, url, config_url) VALUES (1, 'gazette', '\(Self.feedURL)', '\(Self.feedURL)')",
            "INSERT INTO pull(id, feed_id, at, status, items, new_items, new_versions) VALUES (1, 1, \(time("2021-09-18 10:00:00")), 'ok', 1, 1, 0)",
            """
            INSERT INTO item(id, outlet_id, feed_id, guid, title, summary, first_seen, last_seen, first_pull_id)
            VALUES (1, 'gazette', 1, 'old', 'Harbour bridge closes', '', \(time("2021-09-18 10:00:00")), \(time("2021-09-18 10:00:00")), 1)
            """,
            """
            INSERT INTO item_version(id, item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary)
            VALUES (1, 1, 1, 'h', \(time("2021-09-18 10:00:00")), NULL, 1, 'Harbour bridge closes', '')
            """,
        ] }
        let store: any AnalysisStore
        let storedTexts: () async throws -> [String?]
        switch backend {
        case .sqlite:
            let database = try await TemporaryDatabase.migrated(upTo: "v16-clusterer-story-heads", rows: rows { "'\($0).000'" })
            store = try Store(path: database.path)
            storedTexts = {
                let reader = try DatabaseQueue(path: database.path)
                defer { try? reader.close() }
                return try await reader.read { db in try String?.fetchAll(db, sql: "SELECT published_text FROM item_version ORDER BY id") }
            }
        case .postgres:
            let url = try await TestPostgres.database(applying: PostgresSchema.migrations.prefix(while: { $0.identifier != "v17-published-text" }),
                                                      rows: rows({ "'\($0)+00'" }))
            store = try await PostgresStore(url: url)
            storedTexts = { try await TestPostgres.rows("SELECT published_text FROM item_version ORDER BY id", in: url).map { $0[0] } }
        }
        let feed = try #require(try await store.feeds().first)
        var never = FeedItem(guid: "never", title: "Ferry strike ends", summary: "")
        never.publishedText = "Thursday, the 5th of never"
        let undated = FeedItem(guid: "undated", title: "Library reopens", summary: "")
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T11:00:00Z"), status: .ok, items: [never, undated]))
        // The text changes with the title: a version of its own, with its own text.
        never.title = "Ferry strike ends after two weeks"
        never.publishedText = "32/13/2021 25:61"
        try await store.record(PullInput(feedID: feed.id, at: utc("2021-09-18T12:00:00Z"), status: .ok, items: [never, undated]))

        let items = try await store.items()
        #expect(items.map(\.guid) == ["old", "never", "undated"])
        #expect(items.map { $0.versions.map(\.publishedText) } == [[nil], ["Thursday, the 5th of never", "32/13/2021 25:61"], [nil]])
        #expect(items.map(\.published) == [nil, nil, nil])
        #expect(try await storedTexts() == [nil, "Thursday, the 5th of never", nil, "32/13/2021 25:61"])
        await closeStore(store)
    }
}
