@testable import BylineFeed
import Foundation
import Testing

/// A hostile feed fails its own parse with a clear reason in bounded time: libxml2 compares
/// every attribute of a start tag with every earlier one, so a tag with a million attributes
/// would parse for hours.
@Suite struct WorkLimitTests {
    /// An RSS feed with one item, whose `<x>` element carries `count` distinct empty attributes
    /// (`a0="" a1="" ...`), with `before` inserted ahead of the channel.
    static func feed(attributes count: Int, before: String = "") -> Data {
        var text = "<?xml version=\"1.0\"?>\n\(before)<rss version=\"2.0\"><channel><title>T</title>\n<x"
        text.reserveCapacity(count * 8 + 300)
        for index in 0..<count { text += " a\(index)=\"\"" }
        text += "/>\n<item><title>Kept</title><link>https://example.org/1</link></item></channel></rss>\n"
        return Data(text.utf8)
    }

    @Test(arguments: [1 << 20, 4_093, 7])
    func aTagWithTooManyAttributesIsRefused(chunkSize: Int) throws {
        var parser = FeedParser()
        parser.chunkSize = chunkSize
        #expect(throws: FeedError.tooManyAttributes(line: 3, limit: 1_000)) { try parser.parse(Self.feed(attributes: 20_000)) }
        #expect(FeedError.tooManyAttributes(line: 3, limit: 1_000).description
                == "refused: an element at line 3 has more than 1000 attributes")
    }

    @Test func aTagAtTheLimitParses() throws {
        let feed = try FeedParser().parse(Self.feed(attributes: 1_000))
        #expect(feed.items.map(\.title) == ["Kept"])
    }

    @Test func theLimitIsAnOption() throws {
        let parser = FeedParser(options: .init(maxAttributes: 10))
        #expect(throws: FeedError.tooManyAttributes(line: 3, limit: 10)) { try parser.parse(Self.feed(attributes: 11)) }
        #expect(try parser.parse(Self.feed(attributes: 10)).items.count == 1)
    }

    /// `=` in text, comments, CDATA sections, processing instructions, quoted values and the
    /// DOCTYPE's internal subset (with an apostrophe in a comment there) are not attributes.
    @Test func onlyAttributesOfStartTagsCount() throws {
        let many = String(repeating: "a=b ", count: 3_000)
        let doctype = "<!DOCTYPE rss [<!-- it's \(many) --><!ENTITY e \"\(many)>\">]>\n"
        var text = "<?xml version=\"1.0\"?>\n\(doctype)<?pi \(many)?><!-- \(many) -->"
        text += "<rss version=\"2.0\"><channel><title>T</title><item><title>\(many)</title>"
        text += "<description><![CDATA[<p \(many)>]]></description><link>https://example.org/1?\(many)</link>"
        text += "<category domain=\"\(many)\">c</category></item></channel></rss>"
        let feed = try FeedParser().parse(Data(text.utf8))
        #expect(feed.items.count == 1)
        // After all that, a real tag with too many attributes is still found.
        let hostile = Self.feed(attributes: 1_001, before: doctype + "<!-- \(many) -->")
        #expect(throws: FeedError.tooManyAttributes(line: 4, limit: 1_000)) { try FeedParser().parse(hostile) }
    }

    @Test func theStreamingParseAndTheDetailReadingRefuseItToo() throws {
        let data = Self.feed(attributes: 5_000)
        var items = 0
        #expect(throws: FeedError.tooManyAttributes(line: 3, limit: 1_000)) {
            try FeedParser().parse(data, onItem: { _ in items += 1 })
        }
        #expect(items == 0)
        #expect(throws: FeedError.tooManyAttributes(line: 3, limit: 1_000)) {
            try FeedParser(options: .init(detail: true)).parse(data)
        }
    }

    /// The time limit stops a parse between chunks; with no time at all, the first chunk is the last.
    @Test func aParsePastItsTimeLimitIsStopped() throws {
        var parser = FeedParser(options: .init(timeLimit: .zero))
        parser.chunkSize = 64
        #expect(throws: FeedError.timedOut(seconds: 0)) { try parser.parse(Self.feed(attributes: 10)) }
        #expect(FeedError.timedOut(seconds: 20).description == "refused: parsing took longer than 20 s")
        #expect(try FeedParser(options: .init(timeLimit: nil)).parse(Self.feed(attributes: 10)).items.count == 1)
    }
}
