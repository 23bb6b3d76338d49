import BylineFeed
import Foundation
import Testing

/// One hand-written fixture per format, every field asserted exactly.
@Suite struct FormatTests {
    @Test func rss20() throws {
        let feed = try Fixture.parse("rss20.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "Harbour Gazette")
        #expect(feed.link == "https://gazette.example/")
        #expect(feed.subtitle == "News from the harbour")
        #expect(feed.language == "en-nz")
        #expect(feed.ttl == 15)
        #expect(feed.updated == Fixture.utc(2021, 9, 18, 20, 0, 0))  // 08:00 +1200
        #expect(feed.warnings.isEmpty)
        try #require(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.title == "Ferry delayed by fog")
        #expect(first.link == "https://gazette.example/news/ferry-fog?src=rss&utm=1")
        #expect(first.guid == "gazette-1001")
        #expect(first.summary == "The morning ferry left two hours late. Passengers waited.")
        #expect(first.content == "Full story: the fog lifted at 9.")
        #expect(first.authors == ["Aroha Smith"])
        #expect(first.categories == ["Transport", "Weather"])
        #expect(first.published == Date(timeIntervalSince1970: 1_632_000_605))
        #expect(first.updated == nil)
        let second = feed.items[1]
        // A permalink guid stands in for the missing link (feedparser's rule).
        #expect(second.link == "https://gazette.example/news/wharf")
        #expect(second.guid == "https://gazette.example/news/wharf")
        #expect(second.summary == "A vote on Tuesday.")
        #expect(second.published == Fixture.utc(2021, 9, 18, 13, 15, 0))  // 09:15 EDT
    }

    @Test func rss10() throws {
        let feed = try Fixture.parse("rss10.xml")
        #expect(feed.format == .rss10)
        #expect(feed.title == "River Post")
        #expect(feed.link == "https://river.example/")
        #expect(feed.updated == Fixture.utc(2021, 9, 19, 6, 0, 0))
        try #require(feed.items.count == 1)
        let item = feed.items[0]
        #expect(item.title == "Levels rise after rain")
        #expect(item.link == "https://river.example/2021/09/19/levels")
        #expect(item.guid == "https://river.example/2021/09/19/levels")  // rdf:about
        #expect(item.summary == "The gauge at Taupo read 3.2 m.")
        #expect(item.authors == ["J. Tane"])
        #expect(item.categories == ["Environment"])
        #expect(item.published == Fixture.utc(2021, 9, 18, 17, 45, 30))  // 05:45:30 +12:00
    }

    @Test func atom10() throws {
        let feed = try Fixture.parse("atom10.xml")
        #expect(feed.format == .atom10)
        #expect(feed.title == "Fell Runner")
        #expect(feed.subtitle == "Races & results")
        #expect(feed.link == "https://fell.example/")
        #expect(feed.language == "en-GB")
        #expect(feed.updated == Fixture.utc(2021, 9, 19, 10, 0, 0))
        try #require(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.title == "Record on Scafell")
        #expect(first.link == "https://fell.example/2021/scafell-record")
        #expect(first.guid == "tag:fell.example,2021:42")
        #expect(first.summary == "A new record <fastest> on the round.")  // type="text": no stripping
        #expect(first.content == "She ran it in 12 hours. Next: Bob Graham.")
        #expect(first.authors == ["Ann Beck"])
        #expect(first.categories == ["races"])
        #expect(first.published == Fixture.utc(2021, 9, 18, 13, 3, 27))
        #expect(first.updated == Fixture.utc(2021, 9, 19, 9, 30, 0))
        let second = feed.items[1]
        #expect(second.link == "https://fell.example/2021/club-night")
        #expect(second.summary == "Thursday at the hut")
        #expect(second.authors == ["Fell Desk"])  // inherited from the feed
        #expect(second.published == nil)
        #expect(second.updated == Fixture.utc(2021, 9, 19, 8, 0, 0))
    }

    @Test func youtubeAtomTakesSummaryFromMediaDescription() throws {
        let feed = try Fixture.parse("youtube.xml")
        #expect(feed.title == "Example News")
        #expect(feed.link == "https://www.youtube.com/channel/UCexample")
        try #require(feed.items.count == 1)
        let item = feed.items[0]
        #expect(item.title == "Bridge reopens after storm")
        #expect(item.link == "https://www.youtube.com/watch?v=abc123XYZ_-")
        #expect(item.guid == "yt:video:abc123XYZ_-")
        #expect(item.summary == "Crews worked overnight. #Storm #Bridge")
        #expect(item.published == Date(timeIntervalSince1970: 1_631_991_487))
        #expect(item.updated == Fixture.utc(2021, 9, 19, 1, 2, 3))
    }
}
