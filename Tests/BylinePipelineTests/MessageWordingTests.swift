import BylineFeed
import BylineFetch
import BylinePostgres
import BylineStore
import Foundation
import Testing

/// Messages a user found misleading: each says what is really the case.
@Suite struct MessageWordingTests {
    /// A malformed URL is echoed without its password, as a well-formed one is.
    @Test func aMalformedPostgresURLIsEchoedWithoutItsPassword() {
        #expect(throws: StoreError.postgres(url: "postgres://u:***@[::1", message: "not a PostgreSQL URL; use postgres://user@host[:port]/database")) {
            try PostgresLocation(url: "postgres://u:p@[::1")
        }
        #expect(PostgresLocation.withoutPassword("postgres://u:secret@[::1") == "postgres://u:***@[::1")
        #expect(PostgresLocation.withoutPassword("mysql://u:secret@db.example/x") == "mysql://u:***@db.example/x")
        #expect(PostgresLocation.withoutPassword("postgres://u@[::1") == "postgres://u@[::1")
    }

    /// An empty config (here /dev/null, which can be read) lists no outlets; it is not unreadable.
    @Test func anEmptyConfigHasNoOutlets() {
        #expect(throws: ConfigError(path: "/dev/null", message: "is empty: no outlets listed (see Feeds/README.md for the format)")) {
            try FeedList.load(contentsOf: "/dev/null")
        }
    }

    /// A user's feed (`noids.xml`): four entries without guid, link or date, the last an empty
    /// `<item></item>`, which has no title either, as the third: they are one key, and the
    /// warning says so rather than that a guid repeats.
    @Test func entriesWithNothingToKeyThemSayWhy() throws {
        let noids = #"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>No guid no link no date</title><description>body one</description></item><item><title>Another no id</title><description>body two</description></item><item><description>only desc</description></item><item></item></channel></rss>"#
        let feed = try FeedParser().parse(Data(noids.utf8), url: nil, contentType: nil)
        #expect(feed.items.count == 4)
        let keyed = PullInput(feedID: 1, at: Date(timeIntervalSince1970: 0), status: .ok, items: feed.items).keyedItems
        #expect(keyed.items.map { $0.summary ?? "" } == ["body one", "body two", "only desc"])
        #expect(keyed.repeated == 1)
        #expect(keyed.error == "1 entry has no guid, link, title or date, as another entry of the document, and cannot be told apart from it; "
                + "one stored: the one with the latest publisher time, then the most text")
    }
}
