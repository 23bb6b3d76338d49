@testable import BylineFeed
import Foundation
import Testing

/// Families of feeds that peer parsers' bug trackers report (feedparser, feedparser-rs, feed-rs,
/// gofeed, node-feedparser, rssguard), each read as `pull` and `import` read it (``FeedParser``)
/// and with the detail that `parse --format feedparser` prints (``FeedParser/Options/detail``).
@Suite struct PeerBugTests {
    /// A one-item RSS 2.0 feed with `pubDate` set to `date`.
    static func feed(pubDate date: String) -> Data {
        Data("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Dates</title><link>https://dates.example/</link>
            <item><title>One</title><link>https://dates.example/1</link><pubDate>\(date)</pubDate></item>
            </channel></rss>
            """.utf8)
    }

    /// The item's date as the model reads it, and the `pubDate` the detail keeps (what the
    /// feedparser printing prints as `published_parsed`).
    static func bothReadings(_ date: String) throws -> (Date?, FeedTimestamp?) {
        let data = feed(pubDate: date)
        let model = try FeedParser().parse(data)
        let detailed = try FeedParser(options: .init(detail: true)).parse(data)
        return (model.items.first?.published, detailed.items.first?.detail?.published)
    }

    /// Each date form with the exact UTC instant; the comment names the report it comes from.
    @Test(arguments: [
        // IANA zone names, read through the system tz database, daylight saving included.
        ("Fri, 31 Mar 2023 20:19:00 America/Los_Angeles", "2023-04-01T03:19:00Z"),  // PDT, UTC-7
        ("Fri, 06 Jan 2023 20:19:00 America/Los_Angeles", "2023-01-07T04:19:00Z"),  // PST, UTC-8
        ("Sun, 26 Mar 2023 01:30:00 Europe/Berlin", "2023-03-26T00:30:00Z"),        // before the change
        ("Sun, 26 Mar 2023 03:30:00 Europe/Berlin", "2023-03-26T01:30:00Z"),        // after it
        ("Sat, 18 Sep 2021 17:29:33 asia/kolkata", "2021-09-18T11:59:33Z"),         // case ignored
        ("Sat, 18 Sep 2021 17:29:33 Etc/GMT+7", "2021-09-19T00:29:33Z"),            // POSIX sign: UTC-7
        ("2023-03-31 20:19:00 America/New_York", "2023-04-01T00:19:00Z"),           // MSSQL style
        // GMT/UTC offsets written loosely.
        ("Sat, 18 Sep 2021 17:29:33 GMT+7", "2021-09-18T10:29:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 GMT-7", "2021-09-19T00:29:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 UTC-05:00", "2021-09-18T22:29:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 GMT+05:30", "2021-09-18T11:59:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 GMT +0200", "2021-09-18T15:29:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 +05:30 IST", "2021-09-18T11:59:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 +05", "2021-09-18T12:29:33Z"),
        ("2021-09-18 17:29:33 GMT+7", "2021-09-18T10:29:33Z"),
        // Abbreviations outside feedparser's table (it reads them as UTC).
        ("Sat, 18 Sep 2021 17:29:33 IST", "2021-09-18T11:59:33Z"),
        ("Fri, 11 Feb 2022 19:58:02 CET", "2022-02-11T18:58:02Z"),                  // dotnet/runtime#65212
        ("Sat, 18 Sep 2021 17:29:33 CEST", "2021-09-18T15:29:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 AEST", "2021-09-18T07:29:33Z"),
        ("Sat, 18 Sep 2021 17:29:33 JST", "2021-09-18T08:29:33Z"),
        // A 12-hour clock (feed-rs#182: NBC New York).
        ("Fri, Feb 24 2023 08:18:00 PM", "2023-02-24T20:18:00Z"),
        ("Fri, Feb 24 2023 12:05:00 AM EST", "2023-02-24T05:05:00Z"),
        // Reports against peers that Byline already read right; kept so they stay right.
        ("Thu, 30 Apr 2015 08:57:00 MEST", "2015-04-30T06:57:00Z"),                 // feedparser#20
        ("Mon, 4 Jul 2019 04:00:00 PST", "2019-07-04T12:00:00Z"),                   // feedparser#160
        ("Wed, 01 Jul 15 00:00:00 +0200", "2015-06-30T22:00:00Z"),                  // feedparser#29
        ("2018-08-21 22:21:00 +00:00", "2018-08-21T22:21:00Z"),                     // feedparser#143
        ("Sun Jul 15 00:15:00 +0200 2012", "2012-07-14T22:15:00Z"),                 // feedparser 5.1.3 regression
        ("Fri, Oct 7 2022 10:15:00 -0400", "2022-10-07T14:15:00Z"),                 // feed-rs#289
        ("Mon, 22 Oct 2018 01:22:22 -0000", "2018-10-22T01:22:22Z"),                // dateparser#458
        ("Sun, 06 Sep 2009 16:18:00 EST", "2009-09-06T21:18:00Z"),                  // gofeed#94
        ("Mon, 21 Apr 2025 06:00:00 EDT", "2025-04-21T10:00:00Z"),                  // gofeed#237
        ("2022-09-10", "2022-09-10T00:00:00Z"),                                     // feed-rs#173
    ])
    func dateFamilies(input: String, iso: String) throws {
        let expected = try utc(iso)
        #expect(DateParser.parse(input) == expected)
        #expect(DateParser.parseFull(input) == expected)
        let (model, stamp) = try Self.bothReadings(input)
        #expect(model == expected)
        #expect(stamp == FeedTimestamp(text: input, date: expected))
    }

    @Test(arguments: [
        "Sat, 18 Sep 2021 17:29:33 GMT+25",
        "Sat, 18 Sep 2021 17:29:33 UTC+05:99",
        "Sat, 18 Sep 2021 13:29:33 PM",
        "Sat, 18 Sep 2021 00:29:33 AM",
        // PHP's print of the zero date 0000-00-00 (WordPress feeds): a signed year, not a date.
        "-0001-11-30T00:00:00+00:00",
        "-0001-11-30",
    ])
    func impossibleZonesAndClocks(input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    /// An IANA-looking name the tz database lacks is read as feedparser reads unknown names: UTC.
    @Test func unknownIANANameIsUTC() throws {
        #expect(DateParser.parse("Sat, 18 Sep 2021 17:29:33 Mars/Olympus_Mons") == (try utc("2021-09-18T17:29:33Z")))
    }

    // MARK: Junk before the document

    /// Junk a server prints before the feed, then the feed (with the declaration or without).
    static let junk: [(String, String)] = [
        ("php-notice-html", "<br />\n<b>Notice</b>:  Undefined index: id in <b>/var/www/feed.php</b> on line <b>12</b><br />\n"),
        ("html-comment", "<!-- generated by WP Super Cache, served in 0.2 s -->\n"),
        ("div-of-warnings", "<div class=\"warnings\"><p>Warning: mysql_connect(): Too many connections</p>\n<p>Deprecated: x</p></div>\n"),
        ("php-notice-text", "PHP Warning:  Cannot modify header information in /srv/feed.php on line 3\n"),
    ]

    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Recovered &amp; read</title><link>https://junk.example/</link>
        <item><title>First after junk</title><link>https://junk.example/1</link><pubDate>Sat, 18 Sep 2021 17:29:33 GMT</pubDate></item>
        <item><title>Second</title><link>https://junk.example/2</link></item>
        </channel></rss>
        """

    @Test(arguments: junk.map(\.0), [true, false])
    func junkBeforeTheFeed(kind: String, withDeclaration: Bool) throws {
        let prefix = try #require(Self.junk.first { $0.0 == kind }?.1)
        let body = withDeclaration ? Self.rss : String(Self.rss.drop { $0 != "\n" }.dropFirst())
        let data = Data((prefix + body).utf8)
        let model = try FeedParser().parse(data)
        #expect(model.title == "Recovered & read")
        #expect(model.items.map(\.title) == ["First after junk", "Second"])
        #expect(model.items.first?.published == (try utc("2021-09-18T17:29:33Z")))
        // A comment before the root, without a declaration after it, is well-formed XML.
        let wellFormed = kind == "html-comment" && !withDeclaration
        #expect(model.warnings.count == (wellFormed ? 0 : 1))
        #expect(wellFormed || model.warnings.first?.hasPrefix("dropped") == true)

        let detailed = try FeedParser(options: .init(detail: true)).parse(data)
        let detail = try #require(detailed.detail)
        // The problem feedparser's `bozo` reports: the cut junk, named as in the warning.
        #expect(detail.problem == (wellFormed ? nil : model.warnings.first))
        #expect(detail.channel.title?.value == "Recovered & read")
        #expect(detailed.items.map { $0.detail?.title?.value } == ["First after junk", "Second"])
        #expect(detail.root == "rss" && detail.declaredVersion == "2.0")
    }

    /// A PHP error printed after the feed (rssguard#1788): the feed is read, with a warning.
    @Test func junkAfterTheFeed() throws {
        let data = Data((Self.rss + "\n<br />\n<b>Fatal error</b>: Allowed memory size exhausted<br />\n").utf8)
        let model = try FeedParser().parse(data)
        #expect(model.items.map(\.title) == ["First after junk", "Second"])
        #expect(model.warnings.count == 1)
        let detailed = try FeedParser(options: .init(detail: true)).parse(data)
        #expect(detailed.detail?.problem == "line 6: Extra content at the end of the document")
        #expect(detailed.items.count == 2)
    }

    /// A declaration quoted inside a feed's content is not taken for the start of the document,
    /// and an HTML page stays an HTML page.
    @Test func declarationsInsideContentAndHTMLPagesAreLeftAlone() throws {
        let quoted = Data("""
            <rss version="2.0"><channel><title>Quoting</title>
            <item><title>XML tips</title><description><![CDATA[Start with <?xml version="1.0"?> always.]]></description></item>
            </channel></rss>
            """.utf8)
        let feed = try FeedParser().parse(quoted)
        #expect(feed.title == "Quoting")
        #expect(feed.items.first?.summary?.contains("<?xml version") == true || feed.items.first?.summary?.contains("always") == true)
        #expect(feed.warnings.isEmpty)
        let page = Data("<html><head><title>x</title></head><body><svg><?xml version=\"1.0\"?></svg><rss version=\"2.0\"></rss></body></html>".utf8)
        #expect(throws: FeedError.notAFeed("an HTML page (<html>)")) { try FeedParser().parse(page) }
    }
}
