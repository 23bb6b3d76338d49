@testable import BylineFeed
import Foundation
import Testing

/// A leap second, second 60 (RFC 3339 sections 5.6 and 5.7), is the first second of the next
/// minute in every format with seconds; it was an unreadable date (a new user's finding:
/// `2016-12-31T23:59:60Z` was counted as an `unreadable_date` anomaly).
@Suite struct LeapSecondTests {
    /// Each string through `parse` (fast path first), the full rules and the fast path where
    /// it takes the string, exact to the second. feedparser 6.0.14's `_parse_date` gives the
    /// same for the `Z` and `.5Z` forms, Perforce, the ordinal day and the rounded clock (its
    /// ISO 8601 rule and `timegm` roll second 60 over), no date for the RFC 822 and asctime forms,
    /// and midnight for the MSSQL form (its ISO 8601 rule reads the date alone).
    @Test(arguments: [
        ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"),              // RFC 3339 section 5.8's example
        ("1990-12-31T15:59:60-08:00", "1991-01-01T00:00:00Z"),         // RFC 3339's other example
        ("2016-12-31T23:59:60.5Z", "2017-01-01T00:00:00Z"),            // a fraction is cut
        ("2016-12-31T23:59:60", "2017-01-01T00:00:00Z"),               // no zone: UTC
        ("2016-12-31 23:59:60", "2017-01-01T00:00:00Z"),               // MSSQL space
        ("2016-12-31T23:59:60+00:00", "2017-01-01T00:00:00Z"),
        ("2015-06-30T23:59:60Z", "2015-07-01T00:00:00Z"),              // the June one before it
        ("Sat, 31 Dec 2016 23:59:60 GMT", "2017-01-01T00:00:00Z"),     // RFC 822 / RFC 1123
        ("Sat, 31 Dec 2016 23:59:60 +0000", "2017-01-01T00:00:00Z"),
        ("Sun, 01 Jan 2017 00:59:60 +0100", "2017-01-01T00:00:00Z"),   // the same second in Paris
        ("31 Dec 2016 23:59:60", "2017-01-01T00:00:00Z"),              // no day name, no zone
        ("Sat Dec 31 23:59:60 2016", "2017-01-01T00:00:00Z"),          // asctime
        ("Sat, 2016/12/31 23:59:60 GMT", "2017-01-01T00:00:00Z"),      // Perforce
        ("2016-366T23:59:60Z", "2017-01-01T00:00:00Z"),                // ISO 8601 ordinal day
        ("2021-09-18T10:14:60Z", "2021-09-18T10:15:00Z"),              // any minute: a rounded clock
    ] as [(String, String)])
    func secondSixtyIsTheNextMinute(input: String, iso: String) throws {
        let expected = try utc(iso)
        #expect(DateParser.parse(input) == expected)
        #expect(DateParser.parseFull(input) == expected)
        if let fast = DateFastPathTests.fast(input) { #expect(fast == expected) }
    }

    /// Each rule that reads seconds, asked alone, as feedparser's own date tests call one handler.
    @Test func eachRuleWithSecondsReadsIt() throws {
        let expected = try utc("2017-01-01T00:00:00Z")
        #expect(DateParser.parse("2016-12-31T23:59:60Z", rule: .w3dtf) == expected)
        #expect(DateParser.parse("Sat, 31 Dec 2016 23:59:60 GMT", rule: .rfc822) == expected)
        #expect(DateParser.parse("Sat Dec 31 23:59:60 2016", rule: .asctime) == expected)
        #expect(DateParser.parse("Sat, 2016/12/31 23:59:60 GMT", rule: .perforce) == expected)
        #expect(DateParser.parse("2016-12-31T23:59:60Z", rule: .iso8601) == expected)
        // The Korean forms carry their zone, +09:00.
        #expect(DateParser.parse("2017-01-01 \u{c624}\u{c804} 08:59:60", rule: .nate) == expected)
        #expect(DateParser.parse("2017\u{b144} 01\u{c6d4} 01\u{c77c}  08:59:60", rule: .onblog) == expected)
    }

    /// Second 61 (never a real second) and a leap minute stay out of range.
    @Test(arguments: ["2016-12-31T23:59:61Z", "Sat, 31 Dec 2016 23:59:61 GMT", "Sat Dec 31 23:59:61 2016",
                      "2016-12-31T23:60:00Z", "2016-12-31T23:59:99Z"])
    func secondSixtyOneIsNoDate(input: String) {
        #expect(DateParser.parse(input) == nil)
        #expect(DateParser.parseFull(input) == nil)
    }

    /// In a feed: an RSS pubDate, an Atom `published` and a JSON Feed `date_published` at the
    /// leap second each give the item its date, with no warning.
    @Test func feedsOfEachFormatDateTheItem() throws {
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>R</title>
            <item><guid>r1</guid><title>Leap</title><pubDate>Sat, 31 Dec 2016 23:59:60 GMT</pubDate></item>
            </channel></rss>
            """
        let atom = """
            <?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
            <entry><id>a1</id><title>Leap</title><published>2016-12-31T23:59:60Z</published></entry></feed>
            """
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "J",
             "items": [{"id": "j1", "title": "Leap", "date_published": "2016-12-31T23:59:60Z"}]}
            """
        for text in [rss, atom, json] {
            let feed = try FeedParser().parse(Data(text.utf8))
            #expect(feed.items.map(\.title) == ["Leap"])
            #expect(feed.items.first?.published == Fixture.utc(2017, 1, 1, 0, 0, 0))
            #expect(feed.warnings == [])
        }
    }
}
