import BylineFeed
import Foundation
import Testing

/// `FeedParser.parse(_:url:contentType:onItem:)`: the same items as the whole parse, handed
/// out one at a time, without repeats when recovery takes over.
@Suite struct StreamingParseTests {
    /// Streams one fixture: the feed (without items) and the items in order.
    static func stream(_ name: String, url: String? = nil) throws -> (Feed, [FeedItem]) {
        var items: [FeedItem] = []
        let feed = try FeedParser().parse(Fixture.data(name), url: url, contentType: nil) { items.append($0) }
        return (feed, items)
    }

    @Test(arguments: ["rss20.xml", "rss10.xml", "atom10.xml", "youtube.xml", "relative-links.xml", "entities.xml"])
    func sameItemsAsTheWholeParse(name: String) throws {
        let whole = try Fixture.parse(name, url: "https://stream.example/feed.xml")
        let (feed, items) = try Self.stream(name, url: "https://stream.example/feed.xml")
        #expect(items == whole.items)
        #expect(feed.items.isEmpty)
        #expect(feed.title == whole.title)
        #expect(feed.link == whole.link)
        #expect(feed.warnings == whole.warnings)
    }

    @Test func firstItemArrivesWithItsValues() throws {
        let (_, items) = try Self.stream("rss20.xml")
        #expect(items.map(\.guid) == ["gazette-1001", "https://gazette.example/news/wharf"])
        #expect(items.first?.title == "Ferry delayed by fog")
        #expect(items.first?.published == Date(timeIntervalSince1970: 1_632_000_605))
    }

    @Test func recoveryDoesNotRepeatItems() throws {
        let (feed, items) = try Self.stream("fp-not-well-formed.xml")
        #expect(items.map(\.link) == ["http://broken.example/1", "http://broken.example/2"])
        #expect(items.map(\.title) == ["Kept", "Mismatched bold"])
        #expect(feed.title == "Broken")
        #expect(feed.warnings == ["line 10: Opening and ending tag mismatch: b line 10 and i; read in recovery mode"])
    }

    @Test func truncatedFeedStreamsTheWholeItems() throws {
        let (feed, items) = try Self.stream("truncated.xml")
        #expect(items.map(\.guid) == ["cut-1", "cut-2"])
        #expect(feed.title == "Cut Off")
        #expect(feed.warnings == ["line 8: the document ends before its root element closes, inside an item, which is left out"])
    }

    @Test func errorsAreTheSame() {
        #expect(throws: FeedError.empty) {
            try FeedParser().parse(Fixture.data("empty.xml")) { _ in Issue.record("no item expected") }
        }
        #expect(throws: FeedError.tooLarge(bytes: 11, limit: 10)) {
            try FeedParser(options: .init(maxBytes: 10)).parse(Data("<rss></rss>".utf8)) { _ in }
        }
    }

    /// A document that needs no repair is read in place; one that does is copied once and
    /// gives the same values.
    @Test func repairedAndCleanDocumentsAgree() throws {
        let clean = Data("<rss version=\"2.0\"><channel><title>T</title><item><title>A &amp; B</title><guid>g1</guid></item></channel></rss>".utf8)
        let repaired = Data("\u{FEFF}  <rss version=\"2.0\"><channel><title>T</title><item><title>A & B</title><guid>g1</guid></item></channel></rss>".utf8)
        let a = try FeedParser().parse(clean)
        let b = try FeedParser().parse(repaired)
        #expect(a.items == b.items)
        #expect(a.items.first?.title == "A & B")
        #expect(a.warnings.isEmpty)
    }
}
