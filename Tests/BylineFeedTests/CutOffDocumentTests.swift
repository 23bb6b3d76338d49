import Foundation
import Testing
import BylineFeed
import BylineTestSupport

/// A real snapshot cut off at different bytes (headlines-2021-09, bbc/20210918T191344Z.xml, as
/// `head -c N` cuts it): the cut is one warning saying where the document ends and whether an
/// item was left out. It was also libxml2's "line 69: Extra content at the end of the document;
/// read in recovery mode", and "the last item was cut off and is left out" besides.
@Suite(.enabled(if: SharedData.available, SharedData.missingMessage))
struct CutOffDocumentTests {
    static func snapshot() throws -> Data {
        try Data(contentsOf: SharedData.corpus.appendingPathComponent("bbc/20210918T191344Z.xml"))
    }

    @Test(arguments: [
        // Whitespace inside the eighth item, after its title.
        (5000, 7, "line 69: the document ends before its root element closes, inside an item, which is left out"),
        // Inside a CDATA section, inside an entity reference, inside a tag name ("<tit").
        (5038, 7, "line 69: the document ends before its root element closes, inside an item, which is left out"),
        (5225, 7, "line 70: the document ends before its root element closes, inside an item, which is left out"),
        (5452, 8, "line 75: the document ends before its root element closes, inside an item, which is left out"),
        // Right after an item's end tag.
        (5420, 8, "line 73: the document ends before its root element closes"),
    ])
    func aCutOffSnapshotGivesOneWarning(bytes: Int, items: Int, warning: String) throws {
        let data = try Self.snapshot().prefix(bytes)
        let feed = try FeedParser().parse(data, url: "http://feeds.bbci.co.uk/news/rss.xml")
        #expect(feed.items.count == items)
        #expect(feed.items.first?.title == "Four more small energy firms could go bust next week")
        #expect(feed.isTruncated)
        #expect(feed.stoppedBy == nil)
        #expect(feed.cutOff == warning)
        #expect(feed.warnings == [warning])
        // feedparser's bozo exception keeps libxml2's own words.
        let detailed = try FeedParser(options: .init(detail: true)).parse(data)
        #expect(detailed.detail?.problem?.hasPrefix("line ") == true)
    }

    /// A real problem before the cut is still named: a mismatched end tag in the first item.
    @Test func anEarlierErrorIsStillNamed() throws {
        var text = String(decoding: try Self.snapshot().prefix(5000), as: UTF8.self)
        let title = try #require(text.range(of: "</title>", range: text.range(of: "<item>")!.upperBound..<text.endIndex))
        text.replaceSubrange(title, with: "</titel>")
        let feed = try FeedParser().parse(Data(text.utf8))
        #expect(feed.isTruncated)
        #expect(feed.warnings.count == 2)
        #expect(feed.warnings.first?.hasSuffix("; read in recovery mode") == true)
        #expect(feed.warnings.first?.contains("Opening and ending tag mismatch") == true)
        #expect(feed.warnings.last == "line 69: the document ends before its root element closes, inside an item, which is left out")
    }

    /// A whole document has no cut warning, and junk after its root still gets libxml2's.
    @Test func aWholeDocumentHasNone() throws {
        let whole = try FeedParser().parse(try Self.snapshot())
        #expect(whole.cutOff == nil)
        #expect(whole.warnings == [])
        let junk = try FeedParser().parse(try Self.snapshot() + Data("\n<br />\n<b>Fatal error</b>\n".utf8))
        #expect(junk.cutOff == nil)
        #expect(junk.warnings.count == 1)
        #expect(junk.warnings.first?.hasSuffix("Extra content at the end of the document; read in recovery mode") == true)
    }
}
