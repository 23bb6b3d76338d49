import BylineFeed
import Foundation
import Testing

/// One fixture per kind of trouble real feeds bring.
@Suite struct TroubleTests {
    @Test func htmlNamedEntitiesAndBareAmpersands() throws {
        let feed = try Fixture.parse("entities.xml")
        let item = try #require(feed.items.first)
        #expect(item.title == "Café – café ’s © &foo; D&D")
        #expect(item.link == "https://ents.example/a?a=1&b=2")
        #expect(item.summary == "Fish & chips …")
        #expect(feed.warnings == ["undefined entity &foo; kept as text"])
    }

    @Test func bomAndWhitespaceBeforeProlog() throws {
        let feed = try Fixture.parse("bom-whitespace.xml")
        #expect(feed.title == "Bom")
        #expect(feed.items.map(\.title) == ["After the BOM"])
    }

    @Test func controlCharactersAreDropped() throws {
        let feed = try Fixture.parse("control-char.xml")
        let item = try #require(feed.items.first)
        #expect(item.title == "Bell and tab here")
        #expect(item.summary == "Formfeed.")
    }

    @Test func validUTF8WinsOverADeclaredWindows1251() throws {
        let feed = try Fixture.parse("windows1251-utf8.xml")
        #expect(feed.title == "Новости")
        #expect(feed.items.first?.title == "Привет, мир — café")
        #expect(feed.warnings.isEmpty)
    }

    @Test func windows1252BytesAreTranscoded() throws {
        let feed = try Fixture.parse("windows1252.xml")
        #expect(feed.items.first?.title == "Café “quoted”")
        #expect(feed.warnings.isEmpty)
    }

    @Test func httpCharsetDecidesForInvalidUTF8() throws {
        // 0xE9 is "é" in ISO-8859-1 and "й" in windows-1251.
        let bytes = Data("<rss version=\"2.0\"><channel><title>x</title><item><title>".utf8) + Data([0xE9])
            + Data("</title></item></channel></rss>".utf8)
        let feed = try FeedParser().parse(bytes, contentType: "application/rss+xml; charset=\"windows-1251\"")
        #expect(feed.items.first?.title == "й")
    }

    @Test func anUnknownCharsetIsNamedInTheWarning() throws {
        let bytes = Data("<rss version=\"2.0\"><channel><title>x</title><item><title>Caf".utf8) + Data([0xE9])
            + Data("</title></item></channel></rss>".utf8)
        let http = try FeedParser().parse(bytes, contentType: "application/rss+xml; charset=x-klingon")
        #expect(http.items.first?.title == "Café")
        #expect(http.warnings == ["the HTTP Content-Type charset \"x-klingon\" is an unknown encoding, and the bytes are not valid UTF-8; decoded as windows-1252"])
        let declared = Data("<?xml version=\"1.0\" encoding=\"x-klingon\"?>".utf8) + bytes
        let xml = try FeedParser().parse(declared)
        #expect(xml.items.first?.title == "Café")
        #expect(xml.warnings == ["the XML declaration's encoding \"x-klingon\" is an unknown encoding, and the bytes are not valid UTF-8; decoded as windows-1252"])
        // An unknown HTTP charset gives way to a declaration this build can decode (0xE9 is "é"
        // in ISO-8859-2 too).
        let both = Data("<?xml version=\"1.0\" encoding=\"iso-8859-2\"?>".utf8) + bytes
        let declaredWins = try FeedParser().parse(both, contentType: "application/rss+xml; charset=x-klingon")
        #expect(declaredWins.items.first?.title == "Café")
        #expect(declaredWins.warnings == ["the HTTP Content-Type charset \"x-klingon\" is an unknown encoding, and the bytes are not valid UTF-8; decoded as iso-8859-2"])
    }

    @Test func htmlPageIsNotAFeed() throws {
        #expect(throws: FeedError.notAFeed("an HTML page (<html>)")) {
            try Fixture.parse("html-page.xml")
        }
        #expect(FeedError.notAFeed("an HTML page (<html>)").description == "not a feed: an HTML page (<html>)")
    }

    @Test func otherRootIsNotAFeed() {
        #expect(throws: FeedError.notAFeed("root element <opml> is not rss, rdf:RDF or feed")) {
            try FeedParser().parse(Data("<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>".utf8))
        }
    }

    @Test(arguments: ["empty.xml", "whitespace-only.xml"])
    func emptyDocuments(name: String) {
        #expect(throws: FeedError.empty) { try Fixture.parse(name) }
    }

    @Test func tooLarge() {
        let parser = FeedParser(options: .init(maxBytes: 10))
        #expect(throws: FeedError.tooLarge(bytes: 11, limit: 10)) {
            try parser.parse(Data("<rss></rss>".utf8))
        }
    }

    @Test func truncatedFeedKeepsTheWholeItems() throws {
        let feed = try Fixture.parse("truncated.xml")
        #expect(feed.title == "Cut Off")
        #expect(feed.items.map(\.guid) == ["cut-1", "cut-2"])
        #expect(feed.items.first?.published == Fixture.utc(2021, 9, 19, 10, 0, 0))
        #expect(feed.warnings == ["line 8: the document ends before its root element closes, inside an item, which is left out"])
    }

    @Test func xmlBaseResolvesRelativeLinks() throws {
        let feed = try Fixture.parse("xml-base.xml", url: "https://ignored.example/feed.xml")
        #expect(feed.link == "https://base.example/")
        #expect(feed.items.map(\.link) == [
            "https://base.example/blog/posts/one.html",
            "https://other.example/two.html",
        ])
    }

    @Test func documentURLResolvesRelativeLinks() throws {
        let feed = try Fixture.parse("relative-links.xml", url: "https://feeds.example/x/rss.xml")
        #expect(feed.items.map(\.link) == [
            "https://feeds.example/stories/1?x=1&y=2",
            "https://feeds.example/x/stories/2",
        ])
    }

    @Test func channelLinkResolvesRelativeLinksWithoutAURL() throws {
        let feed = try Fixture.parse("relative-links.xml")
        #expect(feed.items.map(\.link) == [
            "https://site.example/stories/1?x=1&y=2",
            "https://site.example/news/stories/2",
        ])
    }

    /// An entity bomb is refused whole, before anything is expanded: libxml2's own check
    /// stops the billion laughs at its first reference (line 16), and the document fails like
    /// the other defences, so a pull of it is a failed pull, not a feed of what came before.
    /// (A blow-up libxml2 lets through is refused at the text budget:
    /// `ChunkedParseTests.textBudgetRefusesTheDocument`.)
    @Test func billionLaughsIsRefused() throws {
        let data = try Fixture.data("billion-laughs.xml")
        #expect(throws: FeedError.entityExpansion(line: 16, reason: "Detected an entity reference loop")) {
            try FeedParser().parse(data)
        }
        #expect(throws: FeedError.entityExpansion(line: 16, reason: "Detected an entity reference loop")) {
            try FeedParser().parse(data, onItem: { _ in })
        }
        #expect(FeedError.entityExpansion(line: 16, reason: "Detected an entity reference loop").description
                == "refused: an entity expansion bomb at line 16 (Detected an entity reference loop)")
    }

    @Test func brokenDateCostsOnlyTheField() throws {
        let xml = "<rss version=\"2.0\"><channel><item><title>t</title><pubDate>yesterday</pubDate></item></channel></rss>"
        let feed = try FeedParser().parse(Data(xml.utf8))
        #expect(feed.items.first?.title == "t")
        #expect(feed.items.first?.published == nil)
        #expect(feed.warnings == ["item 1: unparseable date 'yesterday'"])
        #expect(feed.items.first?.publishedText == "yesterday")
    }

    /// A publication date no rule reads is kept as written (trimmed); an item with none, or
    /// with an empty one, has no text; one of another kind that reads (`dc:date`) is the date
    /// and no text is kept.
    @Test func anUnreadableDateIsKeptAsWritten() throws {
        let xml = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
            <item><title>never</title><pubDate>  Thursday, the 5th of never\n</pubDate></item>
            <item><title>none</title></item>
            <item><title>empty</title><pubDate> </pubDate></item>
            <item><title>dc</title><dc:date>32/13/2021 25:61</dc:date></item>
            <item><title>both</title><pubDate>soon</pubDate><dc:date>2021-09-18T10:00:00Z</dc:date></item>
            <item><title>fast</title><pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate></item>
            </channel></rss>
            """
        for detail in [false, true] {
            let feed = try FeedParser(options: .init(detail: detail)).parse(Data(xml.utf8))
            #expect(feed.items.map(\.title) == ["never", "none", "empty", "dc", "both", "fast"])
            #expect(feed.items.map(\.publishedText) == ["Thursday, the 5th of never", nil, nil, "32/13/2021 25:61", nil, nil])
            #expect(feed.items.map(\.published) == [nil, nil, nil, nil, Fixture.utc(2021, 9, 18, 10, 0, 0), Fixture.utc(2021, 9, 18, 10, 0, 0)])
        }
    }

    @Test func depthLimitLeavesOutTheDeepElementsWithAWarning() throws {
        let deep = String(repeating: "<x>", count: 20) + String(repeating: "</x>", count: 20)
        let xml = "<rss version=\"2.0\"><channel><item><title>kept</title></item><item>\(deep)<title>deep</title></item>"
            + "<item><title>after</title></item></channel></rss>"
        let feed = try FeedParser(options: .init(maxDepth: 10)).parse(Data(xml.utf8))
        #expect(feed.items.map(\.title) == ["kept", "deep", "after"])
        #expect(feed.warnings == ["line 1: 12 elements nested deeper than 10 left out (in item 2); the rest was read"])
    }
}
