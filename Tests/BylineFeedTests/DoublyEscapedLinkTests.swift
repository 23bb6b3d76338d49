import BylineFeed
import Foundation
import Testing

/// nzherald's links hold `&amp;amp;` in the XML (the text `&amp;ref=rss`): an RSS `<link>` is
/// unescaped once more, as feedparser 6.0.14 does, into the working URL; a `<guid>` and an Atom
/// `href` are taken as the XML gives them, as feedparser does (checked with feedparser on every
/// nzherald snapshot of the shared corpus, 1,580 entries).
@Suite struct DoublyEscapedLinkTests {
    static let escaped = "https://www.nzherald.co.nz/nz/news/article.cfm?c_id=1&amp;objectid=12473247&amp;amp;ref=rss"

    /// nzherald's item as it is in `headlines-2021-09/nzherald/20210920T073749Z.xml` (no guid:
    /// the link is its key), and the same with the link as a guid and in an enclosure.
    @Test func anRSSLinkIsUnescapedOnceMoreAndAGuidIsNot() throws {
        let rss = """
            <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>NZ Herald</title>
            <item><title>Covid 19 Delta outbreak</title><link>\(Self.escaped)</link></item>
            <item><title>With a guid</title><link>\(Self.escaped)</link><guid isPermaLink="false">\(Self.escaped)</guid>
            <enclosure url="\(Self.escaped)" type="image/jpeg" length="1"/></item>
            </channel></rss>
            """
        let feed = try FeedParser().parse(Data(rss.utf8))
        let working = "https://www.nzherald.co.nz/nz/news/article.cfm?c_id=1&objectid=12473247&ref=rss"
        let asGiven = "https://www.nzherald.co.nz/nz/news/article.cfm?c_id=1&objectid=12473247&amp;ref=rss"
        #expect(feed.items.map(\.link) == [working, working])
        #expect(feed.items.map(\.guid) == [nil, asGiven])
        #expect(feed.items.map(\.key) == [working, asGiven])
        #expect(feed.warnings == [])
    }

    @Test func anAtomHrefIsTakenAsGiven() throws {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
            <entry><title>One</title><id>urn:a:1</id><link href="\(Self.escaped)"/><updated>2021-09-20T07:00:00Z</updated></entry>
            </feed>
            """
        let feed = try FeedParser().parse(Data(atom.utf8))
        #expect(feed.items.map(\.link) == ["https://www.nzherald.co.nz/nz/news/article.cfm?c_id=1&objectid=12473247&amp;ref=rss"])
    }
}
