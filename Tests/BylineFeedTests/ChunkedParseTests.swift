@testable import BylineFeed
import Foundation
import Testing

/// The SAX2 push parser gets documents in chunks: a split anywhere (inside a multi-byte UTF-8
/// character, an entity or character reference, a CDATA section or its delimiters, a tag, a
/// comment) must give the same feed as one chunk.
@Suite struct ChunkedParseTests {
    /// One parse with the given chunk size.
    static func parse(_ data: Data, chunkSize: Int, url: String? = nil) throws -> Feed {
        var parser = FeedParser()
        parser.chunkSize = chunkSize
        return try parser.parse(data, url: url)
    }

    @Test func oneChunkValues() throws {
        let feed = try Self.parse(Fixture.data("chunk-splits.xml"), chunkSize: 1 << 20)
        #expect(feed.title == "Chunk & Split — Gazette")
        #expect(feed.subtitle == "Stories cut at every byte")
        #expect(feed.warnings.isEmpty)
        try #require(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.title == "Café “première” 😀 ’s — café")
        #expect(first.link == "https://chunks.example/news/stories/one?a=1&b=2")
        #expect(first.guid == "chunk-1")
        #expect(first.summary == "First paragraph Second & last]]>")
        #expect(first.authors == ["Zoë Ångström"])
        #expect(first.published == Date(timeIntervalSince1970: 1_632_045_600))
        let second = feed.items[1]
        #expect(second.title == "Escaped markup & more")
        #expect(second.content == "Line one line two — done")
        #expect(second.categories == ["Science & Tech", "日本語"])
    }

    /// Every chunk size from 1 byte (a split at every position) up, and a few primes.
    @Test(arguments: Array(1...17) + [31, 64, 127, 509, 1021])
    func everySplitGivesTheSameFeed(chunkSize: Int) throws {
        let data = try Fixture.data("chunk-splits.xml")
        let whole = try Self.parse(data, chunkSize: 1 << 20)
        let chunked = try Self.parse(data, chunkSize: chunkSize)
        #expect(chunked == whole)
    }

    @Test(arguments: [1, 3, 7, 64])
    func brokenAndTruncatedDocumentsRecoverTheSameInChunks(chunkSize: Int) throws {
        for name in ["fp-not-well-formed.xml", "truncated.xml", "atom10.xml", "xml-base.xml"] {
            let data = try Fixture.data(name)
            let whole = try Self.parse(data, chunkSize: 1 << 20, url: "https://chunks.example/feed.xml")
            let chunked = try Self.parse(data, chunkSize: chunkSize, url: "https://chunks.example/feed.xml")
            #expect(chunked == whole, "\(name) in chunks of \(chunkSize)")
        }
        let truncated = try Self.parse(Fixture.data("truncated.xml"), chunkSize: chunkSize)
        #expect(truncated.items.map(\.guid) == ["cut-1", "cut-2"])
    }

    /// SAX2 hands attribute values over with `&` as `&#38;`; the parser gives `&` back.
    @Test func ampersandInAnAttributeValue() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><id>e1</id><link href="https://amp.example/?x=1&amp;y=2&#38;z=3"/></entry></feed>
            """
        let feed = try FeedParser().parse(Data(xml.utf8))
        #expect(feed.items.first?.link == "https://amp.example/?x=1&y=2&z=3")
    }

    /// An entity declared in the internal subset is expanded (the SAX2 parser hands its text
    /// over); an external one is never loaded.
    @Test func internalSubsetEntities() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY co "Acme &amp; Sons"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>News from &co;</title>
            <item><title>Leak: &ext;.</title><guid>g1</guid></item></channel></rss>
            """
        let feed = try FeedParser().parse(Data(xml.utf8))
        #expect(feed.title == "News from Acme & Sons")
        #expect(feed.items.first?.title == "Leak: .")
    }

    /// Text beyond the budget (four times the document plus 1 MiB) refuses the document: an
    /// entity of 64 KiB referenced 40 times is 2.5 MiB of text from a 66 KiB document, which
    /// libxml2's own amplification check lets through.
    @Test func textBudgetRefusesTheDocument() throws {
        let big = String(repeating: "a", count: 64 << 10)
        let refs = String(repeating: "&big;", count: 40)
        let xml = """
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "\(big)">]>
            <rss version="2.0"><channel><title>T</title><item><title>kept</title></item>
            <item><title>\(refs)</title></item></channel></rss>
            """
        let budget = FeedSAXPass.textBudget(for: xml.utf8.count)
        #expect(throws: FeedError.entityExpansion(
            line: 3, reason: "the expanded text passed \(budget) bytes, four times the document plus 1 MiB")) {
            try FeedParser().parse(Data(xml.utf8))
        }
    }
}
