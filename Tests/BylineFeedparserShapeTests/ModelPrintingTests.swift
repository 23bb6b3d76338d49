@testable import BylineFeedparserShape
import BylineFeed
import Foundation
import Testing

/// The feedparser shape is a printing of what ``FeedParser`` reads: the values printed are the
/// model's (its dates, links, guids, encoding and problems), in feedparser's keys and formats.
@Suite struct ModelPrintingTests {
    @Test func dateTuplesAreThoseOfTheModelsInstant() throws {
        // 2000-02-29 was a Tuesday (1), day 60 of the year; year 99 in the proleptic Gregorian calendar.
        #expect(FeedDate.tuple("Tue, 29 Feb 2000 23:59:59 GMT") == [2000, 2, 29, 23, 59, 59, 1, 60, 0])
        #expect(FeedDate.tuple("Thu, 01 Jan 0100 00:00:01 +0100") == [99, 12, 31, 23, 0, 1, 3, 365, 0])
        #expect(FeedDate.tuple("not a date") == nil)
        // An IANA zone the model reads (PDT, UTC-7): 2023-04-01T03:19:00Z, a Saturday (5), day 91.
        let data = Data("""
            <rss version="2.0"><channel><title>Dates</title>
            <item><title>One</title><pubDate>Fri, 31 Mar 2023 20:19:00 America/Los_Angeles</pubDate></item>
            </channel></rss>
            """.utf8)
        let entry = try #require(try FeedparserTroubleTests.entries(FeedparserTroubleTests.render(bytes: data)).first)
        #expect(entry["published"] as? String == "Fri, 31 Mar 2023 20:19:00 America/Los_Angeles")
        #expect(entry["published_parsed"] as? [Int] == [2023, 4, 1, 3, 19, 0, 5, 91, 0])
    }

    /// Each fixture's entries print the model's items: as many, with the model's guid and link.
    @Test func entriesAreTheModelsItems() throws {
        for name in ["rss20.xml", "rss10.xml", "atom10.xml", "youtube.xml", "xml-base.xml", "fp-relative-uris.xml"] {
            let data = try ShapeFixture.data(name)
            let feed = try FeedParser().parse(data)
            let entries = try FeedparserTroubleTests.entries(FeedparserTroubleTests.decode(FeedparserJSON.render(data)))
            #expect(entries.count == feed.items.count, "\(name)")
            for (item, entry) in zip(feed.items, entries) {
                #expect(entry["link"] as? String == item.link, "\(name)")
                if entry["guidislink"] as? Bool != true { #expect(entry["id"] as? String == item.guid, "\(name)") }
            }
        }
    }

    /// The encoding the one decider chose, and the problem the model reports as `bozo`.
    @Test func encodingAndBozoAreTheModels() throws {
        let koi8 = try FeedparserTroubleTests.render("enc-koi8r.xml")
        #expect(koi8["encoding"] as? String == "koi8-r")
        #expect(koi8["bozo"] as? Bool == false)
        #expect(try FeedparserTroubleTests.feed(koi8)["title"] as? String == "Новости дня")
        let junk = Data("<b>Notice</b>: x\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title></channel></rss>".utf8)
        let shape = try FeedparserTroubleTests.render(bytes: junk)
        #expect(shape["bozo"] as? Bool == true)
        #expect(shape["bozo_exception"] as? String == "dropped 17 bytes of junk before the XML declaration")
        #expect(shape["version"] as? String == "rss20")
    }
}
