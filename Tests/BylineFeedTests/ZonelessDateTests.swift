import BylineFeed
import Foundation
import Testing

/// A date without a zone is UTC in every format (an earlier tester's finding: an RSS pubDate
/// with a day name and no zone gave no date while a JSON Feed date without one was UTC).
@Suite struct ZonelessDateTests {
    /// Each string as the full rules and the fast path together read it: 10:00:00 UTC on
    /// 18 September 2021 (midnight for a date alone).
    @Test(arguments: [
        ("Sat, 18 Sep 2021 10:00:00", "2021-09-18T10:00:00Z"),   // feedparser 6.0.14: None
        ("Sat, 18 Sep 2021 10:00", "2021-09-18T10:00:00Z"),      // feedparser 6.0.14: None
        ("Saturday, 18 Sep 2021 10:00:00", "2021-09-18T10:00:00Z"),
        ("Sat, 18 Sep 2021 10:00:00 PM", "2021-09-18T22:00:00Z"),
        ("18 Sep 2021 10:00:00", "2021-09-18T10:00:00Z"),        // feedparser: UTC
        ("Sat, 18 Sep 2021", "2021-09-18T00:00:00Z"),            // feedparser: midnight UTC
        ("2021-09-18T10:00:00", "2021-09-18T10:00:00Z"),         // feedparser: UTC
        ("2021-09-18 10:00:00", "2021-09-18T10:00:00Z"),         // feedparser: UTC
        ("Sat Sep 18 10:00:00 2021", "2021-09-18T10:00:00Z"),    // asctime; feedparser: UTC
        ("Sat, 18 Sep 2021 10:00:00 GMT", "2021-09-18T10:00:00Z"),
        ("Sat, 18 Sep 2021 10:00:00 +0200", "2021-09-18T08:00:00Z"),
    ] as [(String, String)])
    func aDateWithoutAZoneIsUTC(input: String, iso: String) throws {
        let expected = try #require(ISO8601DateFormatter().date(from: iso))
        #expect(DateParser.parse(input) == expected)
        #expect(DateParser.parseFull(input) == expected)
    }

    /// Still no date: a day name and date with a zone but no time, and a day name alone.
    @Test(arguments: ["Sat, 18 Sep 2021 GMT", "Sat, 18 Sep", "Sat, 18 Sep 2021 10:00:00:00"])
    func notADate(input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    /// The same zone-less time in an RSS pubDate, an Atom `updated` and a JSON Feed
    /// `date_published` is one instant, and no warning.
    @Test func rssAtomAndJSONFeedAgree() throws {
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>R</title>
            <item><guid>r1</guid><title>One</title><pubDate>Sat, 18 Sep 2021 10:00:00</pubDate></item>
            </channel></rss>
            """
        let atom = """
            <?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
            <entry><id>a1</id><title>One</title><updated>2021-09-18T10:00:00</updated></entry></feed>
            """
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "J",
             "items": [{"id": "j1", "title": "One", "date_published": "2021-09-18T10:00:00"}]}
            """
        let expected = Fixture.utc(2021, 9, 18, 10, 0, 0)
        for text in [rss, atom, json] {
            let feed = try FeedParser().parse(Data(text.utf8))
            #expect(feed.items.count == 1)
            #expect((feed.items.first?.published ?? feed.items.first?.updated) == expected)
            #expect(feed.warnings == [])
        }
    }
}
