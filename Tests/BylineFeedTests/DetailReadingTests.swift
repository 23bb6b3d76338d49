@testable import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// The detail reading (``FeedParser/Options/detail``): what the one SAX2 pass carries for
/// feedparser's result shape, with exact values from the fixtures and the real corpus, and the
/// rule that makes it one parser: reading the detail changes none of ``Feed``'s own fields.
@Suite struct DetailReadingTests {
    static let detailed = FeedParser(options: .init(detail: true))

    /// A feed with every detail removed, to compare with the plain reading.
    static func stripped(_ feed: Feed) -> Feed {
        var plain = feed
        plain.detail = nil
        for i in plain.items.indices { plain.items[i].detail = nil }
        return plain
    }

    // MARK: One parser

    /// Every fixture and every corpus snapshot reads to the same ``Feed`` with and without the
    /// detail (items, texts, links, dates, warnings), and fails alike when it fails.
    @Test func theDetailChangesNoFieldOfTheFixtures() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.folder.path).sorted()
        #expect(names.count > 35)
        for name in names {
            let data = try Fixture.data(name)
            let plain = Result { () throws(FeedError) -> Feed in try FeedParser().parse(data) }
            let full = Result { () throws(FeedError) -> Feed in try Self.detailed.parse(data) }
            switch (plain, full) {
            case (.success(let a), .success(let b)):
                #expect(a == Self.stripped(b), "\(name)")
                #expect(b.detail != nil, "\(name)")
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(name)")
            default:
                Issue.record("\(name): \(plain) against \(full)")
            }
        }
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func theDetailChangesNoFieldOfTheCorpus() throws {
        let root = SharedData.corpus
        var compared = 0, items = 0
        for outlet in try FileManager.default.contentsOfDirectory(atPath: root.path).filter({ !$0.contains(".") }).sorted() {
            let folder = root.appendingPathComponent(outlet)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }.sorted()
            for (index, name) in names.enumerated() where index % 5 == 0 {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                guard let plain = try? FeedParser().parse(data) else {
                    #expect(throws: FeedError.self) { try Self.detailed.parse(data) }
                    continue
                }
                let full = try Self.detailed.parse(data)
                #expect(plain == Self.stripped(full), "\(outlet)/\(name)")
                compared += 1
                items += plain.items.count
            }
        }
        #expect(compared > 200)
        #expect(items > 6_000)
    }

    // MARK: RSS 2.0

    @Test func rss20() throws {
        let feed = try Self.detailed.parse(Fixture.data("rss20.xml"))
        let d = try #require(feed.detail)
        #expect(d.encoding == "utf-8")
        #expect(d.problem == nil)
        #expect(d.root == "rss" && d.declaredVersion == "2.0")
        #expect(d.namespaces == [
            FeedNamespace(prefix: "dc", uri: "http://purl.org/dc/elements/1.1/"),
            FeedNamespace(prefix: "content", uri: "http://purl.org/rss/1.0/modules/content/"),
            FeedNamespace(prefix: "atom", uri: "http://www.w3.org/2005/Atom"),
        ])
        #expect(d.channel.title == FeedText(value: "Harbour Gazette", type: "text/plain"))
        // The plain subtitle is read from the same text: "News from the harbour".
        #expect(d.channel.subtitle == FeedText(value: "News from the <b>harbour</b>", type: "text/html"))
        #expect(feed.subtitle == "News from the harbour")
        #expect(d.channel.links == [
            FeedLink(href: "https://gazette.example/", rel: "alternate", type: "text/html"),
            FeedLink(href: "https://gazette.example/rss", rel: "self", type: "application/atom+xml"),
        ])
        #expect(d.channel.updated == FeedTimestamp(text: "Sun, 19 Sep 2021 08:00:00 +1200", date: Fixture.utc(2021, 9, 18, 20, 0, 0)))
        #expect(d.channel.ttl == "15")

        let first = try #require(feed.items.first?.detail)
        #expect(first.title == FeedText(value: "Ferry <em>delayed</em> by fog", type: "text/plain"))
        #expect(feed.items.first?.title == "Ferry delayed by fog")
        #expect(first.links == [FeedLink(href: "https://gazette.example/news/ferry-fog?src=rss&utm=1", rel: "alternate", type: "text/html")])
        #expect(first.guidIsPermaLink == false && first.guidIsLink == false && first.permalink == nil)
        #expect(first.summary == FeedText(
            value: "<p>The morning ferry left <b>two hours</b> late.</p><p>Passengers&nbsp;waited.</p>", type: "text/html"))
        #expect(first.contents == [FeedText(value: "<p>Full story: the fog lifted at 9.</p><script>track()</script>", type: "text/html")])
        #expect(first.authors == [FeedPerson(name: "Aroha Smith")])
        #expect(first.categories == [FeedCategory(term: "Transport"), FeedCategory(term: "Weather")])
        #expect(first.published == FeedTimestamp(text: "Sat, 18 Sep 2021 21:30:05 GMT", date: Fixture.utc(2021, 9, 18, 21, 30, 5)))

        let second = try #require(feed.items.last?.detail)
        #expect(second.links.isEmpty)
        #expect(second.guidIsPermaLink && second.guidIsLink)
        #expect(second.permalink == "https://gazette.example/news/wharf")
        #expect(second.summary == FeedText(value: "A   vote\n        on Tuesday.", type: "text/html"))
        #expect(second.published == FeedTimestamp(text: "Sat, 18 Sep 2021 09:15:00 EDT", date: Fixture.utc(2021, 9, 18, 13, 15, 0)))
    }

    // MARK: Atom 1.0

    @Test func atom10() throws {
        let feed = try Self.detailed.parse(Fixture.data("atom10.xml"), url: "https://fell.example/atom.xml")
        let d = try #require(feed.detail)
        #expect(d.root == "feed")
        #expect(d.channel.title == FeedText(value: "Fell Runner", type: "text/plain", language: "en-GB",
                                            base: "https://fell.example/atom.xml"))
        #expect(d.channel.subtitle?.value == "Races &amp; results")
        #expect(d.channel.subtitle?.type == "text/html")
        #expect(feed.subtitle == "Races & results")
        #expect(d.channel.links.map(\.rel) == ["self", "alternate"])
        #expect(d.channel.id == "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6")
        #expect(d.channel.idIsLink == false)
        #expect(d.channel.authors == [FeedPerson(name: "Fell Desk")])
        #expect(d.channel.updated == FeedTimestamp(text: "2021-09-19T10:00:00Z", date: Fixture.utc(2021, 9, 19, 10, 0, 0)))

        let entry = try #require(feed.items.first?.detail)
        #expect(entry.title?.value == "Record on <i>Scafell</i>")
        #expect(entry.title?.type == "text/html")
        #expect(entry.links == [
            FeedLink(href: "https://fell.example/edit/42", rel: "edit", type: "text/html"),
            FeedLink(href: "https://fell.example/2021/scafell-record", rel: "alternate", type: "text/html"),
        ])
        // Atom 1.0's XHTML wrapper div is not part of the content.
        #expect(entry.contents == [FeedText(value: "<p>She ran it in <b>12 hours</b>.</p><p>Next: Bob Graham.</p>",
                                           type: "application/xhtml+xml", language: "en-GB", base: "https://fell.example/atom.xml")])
        #expect(feed.items.first?.content == "She ran it in 12 hours. Next: Bob Graham.")
        #expect(entry.summary?.value == "A new record <fastest> on the round.")
        #expect(entry.summary?.type == "text/plain")
        #expect(entry.categories == [FeedCategory(term: "races", label: "Races")])
        #expect(entry.authors == [FeedPerson(name: "Ann Beck")])
        #expect(entry.guidIsLink == false)
        #expect(entry.published == FeedTimestamp(text: "2021-09-18T14:03:27+01:00", date: Fixture.utc(2021, 9, 18, 13, 3, 27)))
        // The source the plain reading skips is the detail's.
        #expect(entry.source?.title?.value == "Ignored source title")
        #expect(entry.source?.id == "urn:ignored")
        #expect(feed.items.first?.title == "Record on Scafell")
    }

    // MARK: Extensions

    @Test func youTubeMediaGroupIsKeptAsWritten() throws {
        let feed = try Self.detailed.parse(Fixture.data("youtube.xml"))
        let d = try #require(feed.detail)
        #expect(d.channel.id == "yt:channel:UCexample")
        #expect(d.channel.idIsLink)
        #expect(d.channel.authors == [FeedPerson(name: "Example News", href: "https://www.youtube.com/channel/UCexample")])
        let entry = try #require(feed.items.first?.detail)
        #expect(entry.guidIsLink)
        #expect(entry.extensions.map(\.name.local) == ["videoId", "group"])
        #expect(entry.extensions.first?.text == "abc123XYZ_-")
        #expect(entry.extensions.first?.name.namespace == "http://www.youtube.com/xml/schemas/2015")
        let group = try #require(entry.extensions.last)
        #expect(group.children.map(\.name.local) == ["title", "content", "description"])
        let content = group.children[1]
        #expect(content.attribute("url") == "https://www.youtube.com/v/abc123XYZ_-?version=3")
        #expect(content.attributes.map(\.name.local) == ["url", "type", "width", "height"])
        #expect(group.children[2].text == "Crews worked overnight.\n\n#Storm #Bridge")
        // The same media:description is the plain summary.
        #expect(feed.items.first?.summary == "Crews worked overnight. #Storm #Bridge")
    }

    /// A real snapshot: the Los Angeles Times puts a photo, its caption and credit in each item's
    /// `media:content`.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func latimesPhotoCredits() throws {
        let data = try Data(contentsOf: SharedData.corpus.appendingPathComponent("latimes/20210918T191344Z.xml"))
        let feed = try Self.detailed.parse(data)
        let item = try #require(feed.items.first)
        #expect(item.title == "Wildfire reaches Giant Forest; fate of giant sequoias unknown")
        let d = try #require(item.detail)
        #expect(d.authors == [FeedPerson(name: "Alex Wigglesworth")])
        let media = try #require(d.extensions.first)
        #expect(media.name == FeedName(namespace: "http://search.yahoo.com/mrss/", prefix: "media", local: "content"))
        #expect(media.attribute("type") == "image/jpeg")
        #expect(media.attribute("url")?.hasSuffix("la-photos-1staff-842502-me-knp-complex-giant-forest-2-brv.jpg") == true)
        let credit = try #require(media.children.first { $0.name.local == "credit" })
        #expect(credit.text == "Brian van der Brug/Los Angeles Times")
        #expect(credit.attribute("role") == "author")
        #expect(d.contents.first?.value == "<p>The KNP Complex fire reaches the edge of the Giant Forest, which is home to about 2,000 giant sequoias. </p>")
        #expect(feed.detail?.channel.rights?.value == "Los Angeles Times © 2020")
    }

    /// Elements a channel has (icon, generator) stay the item's when an item writes them.
    @Test func anItemsIconAndGeneratorAreNotTheChannels() throws {
        let data = Data("""
            <feed xmlns="http://www.w3.org/2005/Atom"><icon>https://a.example/feed.png</icon>
            <entry><id>1</id><icon>https://a.example/item.png</icon><generator>Item tool</generator></entry></feed>
            """.utf8)
        let feed = try Self.detailed.parse(data)
        #expect(feed.detail?.channel.icon == "https://a.example/feed.png")
        #expect(feed.detail?.channel.generator == nil)
        let item = try #require(feed.items.first?.detail)
        #expect(item.extensions.map(\.name.local) == ["icon", "generator"])
        #expect(item.extensions.map(\.text) == ["https://a.example/item.png", "Item tool"])
    }

    // MARK: Formats without a feed namespace

    @Test func cdfChannelAndItems() throws {
        let cdf = Data("""
            <CHANNEL BASE="http://base.example.org/" HREF="http://www.example.org/" LASTMOD="2004-04-06T23:05:43-05:00">
              <TITLE>channel title</TITLE><ABSTRACT>channel abstract</ABSTRACT>
              <ITEM HREF="/item/1" LASTMOD="2004-04-06T23:05:43-05:00"><TITLE>item title</TITLE><ABSTRACT>item abstract</ABSTRACT></ITEM>
            </CHANNEL>
            """.utf8)
        let feed = try Self.detailed.parse(cdf)
        #expect(feed.format == .cdf)
        #expect(feed.title == "channel title")
        #expect(feed.subtitle == "channel abstract")
        #expect(feed.link == "http://www.example.org/")
        #expect(feed.updated == Fixture.utc(2004, 4, 7, 4, 5, 43))
        let item = try #require(feed.items.first)
        #expect(item.link == "http://base.example.org/item/1")
        #expect(item.summary == "item abstract")
        #expect(item.updated == Fixture.utc(2004, 4, 7, 4, 5, 43))
        #expect(item.detail?.summary?.base == "http://base.example.org/")
        #expect(Self.stripped(feed) == (try FeedParser().parse(cdf)))
    }

    /// An `xml:base` with a scheme no link may be resolved against is ignored, and the extra
    /// slash of `http:///` dropped (feedparser's rules), for links and for the detail's bases.
    @Test func unsafeAndMalformedBases() throws {
        let data = Data("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry xml:base="http://example.com/">
            <link xml:base="javascript:alert(1)" href="one.html"/>
            <title type="html" xml:base="http:///example.com/test/">T</title>
            </entry></feed>
            """.utf8)
        let feed = try Self.detailed.parse(data)
        #expect(feed.items.first?.link == "http://example.com/one.html")
        #expect(feed.items.first?.detail?.title?.base == "http://example.com/test/")
    }

    // MARK: JSON Feed

    @Test func jsonFeedMembersAsWritten() throws {
        let feed = try Self.detailed.parse(Fixture.data("jsonfeed10.json"), url: "https://wire.example/feed.json")
        let d = try #require(feed.detail)
        #expect(d.root == "json" && d.declaredVersion == "https://jsonfeed.org/version/1")
        #expect(d.channel.title == FeedText(value: "Wire &amp; Wires", type: "text/plain"))
        #expect(feed.title == "Wire & Wires")
        let first = try #require(feed.items.first?.detail)
        #expect(first.contents == [FeedText(value: "<p>Paris is <b>angry</b> about the AUKUS submarine deal.</p><script>track()</script>",
                                            type: "text/html")])
        #expect(first.categories == [FeedCategory(term: "France"), FeedCategory(term: "AUKUS")])
        #expect(first.links == [FeedLink(href: "https://wire.example/world/france-recalls-ambassadors", rel: "alternate", type: "text/html")])
        let second = try #require(feed.items.last?.detail)
        #expect(second.authors == [FeedPerson(name: "Reporter One"), FeedPerson(href: "https://no.name.example")])
        #expect(second.updated == FeedTimestamp(text: "yesterday", date: nil))
    }
}

/// feedparser's extra unescaping of entry links given as text, byte for byte.
@Suite struct LinkTextTests {
    @Test(arguments: [
        ("https://www.nzherald.co.nz/a.cfm?c_id=1&objectid=12472903&amp;ref=rss", "https://www.nzherald.co.nz/a.cfm?c_id=1&objectid=12472903&ref=rss"),
        ("https://x.example/?a=1&amp;amp;b=2", "https://x.example/?a=1&ampb=2"),
        ("https://x.example/?q=&copy;&x=1", "https://x.example/?q=&copy&x=1"),
        ("https://x.example/plain", "https://x.example/plain"),
        ("https://x.example/?a&;b&amp", "https://x.example/?a&;b&amp"),
    ])
    func linksAreUnescapedAsFeedparserDoes(link: String, expected: String) {
        #expect(LinkText.feedparserEntryLink(link) == expected)
    }
}
