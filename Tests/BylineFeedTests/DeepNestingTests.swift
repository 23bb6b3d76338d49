@testable import BylineFeed
import Foundation
import Testing

/// A well-formed feed whose 2nd of 5 items nests 300 `<div>`s in its description (what a new
/// user served): the depth limit stopped the reading there, so that item and every later one
/// were lost and a pull called the feed cut off. Now the too-deep subtree alone is left out.
@Suite struct DeepNestingTests {
    /// Five items; the second's description nests `depth` divs, one per line.
    static func deepFeed(depth: Int = 300) -> String {
        let deep = String(repeating: "<div>\n", count: depth) + "innermost" + String(repeating: "</div>", count: depth)
        let items = ["before", "deep", "after 0", "after 1", "after 2"].enumerated().map { i, title in
            "<item><title>\(title)</title><guid>g\(i)</guid><description>"
                + (i == 1 ? "outer \(deep) tail" : "text \(i)") + "</description></item>\n"
        }
        return "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>d</title>\n" + items.joined() + "</channel></rss>\n"
    }

    /// rss 0, channel 1, item 2, description 3: div n is at depth 3 + n, so divs 254...300
    /// (47 elements) are deeper than 256. The first of them starts on line 257 (the item on
    /// line 4, then one div per line).
    static let warning = "line 257: 47 elements nested deeper than 256 left out (in item 2); the rest was read"

    static func parse(_ text: String, chunkSize: Int = FeedSAXPass.defaultChunkSize) throws -> Feed {
        var parser = FeedParser()
        parser.chunkSize = chunkSize
        return try parser.parse(Data(text.utf8))
    }

    @Test(arguments: [FeedSAXPass.defaultChunkSize, 1, 2, 7, 64, 1_000])
    func theItemsAfterADeepOneAreKept(chunkSize: Int) throws {
        let feed = try Self.parse(Self.deepFeed(), chunkSize: chunkSize)
        #expect(feed.items.map(\.title) == ["before", "deep", "after 0", "after 1", "after 2"])
        #expect(feed.items.map(\.guid) == ["g0", "g1", "g2", "g3", "g4"])
        #expect(feed.items[4].summary == "text 4")
        #expect(feed.warnings == [Self.warning])
        #expect(feed.leftOut == Self.warning)
        #expect(!feed.isTruncated)
        #expect(feed.stoppedBy == nil)
    }

    @Test func theDeepItemKeepsItsShallowText() throws {
        let feed = try Self.parse(Self.deepFeed())
        let summary = try #require(feed.items[1].summary)
        #expect(summary.hasPrefix("outer"))
        #expect(summary.hasSuffix("tail"))
        #expect(!summary.contains("innermost"))
    }

    @Test func aFeedAtTheLimitLosesNothing() throws {
        // 253 divs: the innermost at depth 256, the deepest kept.
        let feed = try Self.parse(Self.deepFeed(depth: 253))
        #expect(feed.items.count == 5)
        #expect(feed.warnings.isEmpty)
        #expect(feed.leftOut == nil)
        #expect(feed.items[1].summary?.contains("innermost") == true)
    }

    @Test func linesAfterTheCutStayRight() throws {
        // A mismatched end tag in the last item (line 307: the deep item takes 300 lines more).
        let text = Self.deepFeed().replacingOccurrences(of: "<title>after 2</title>", with: "<title>after 2</b></title>")
        let feed = try Self.parse(text)
        #expect(feed.warnings.first?.hasPrefix("line 307: ") == true)
        #expect(feed.warnings.contains(Self.warning))
    }

    @Test func streamingGetsEveryItem() throws {
        var titles: [String?] = []
        let feed = try FeedParser().parse(Data(Self.deepFeed().utf8)) { titles.append($0.title) }
        #expect(titles == ["before", "deep", "after 0", "after 1", "after 2"])
        #expect(feed.leftOut == Self.warning)
    }

    @Test func deepElementsInSeveralItemsAreCountedInOneWarning() throws {
        let deep = String(repeating: "<x>", count: 20) + String(repeating: "</x>", count: 20)
        let xml = "<rss version=\"2.0\"><channel><item><title>a</title>\(deep)</item><item><title>b</title></item>"
            + "<item><title>c</title>\(deep)<x/></item></channel></rss>"
        let feed = try FeedParser(options: .init(maxDepth: 10)).parse(Data(xml.utf8))
        #expect(feed.items.map(\.title) == ["a", "b", "c"])
        // depth of x n is 2 + n: x 9...20 are deeper than 10, twelve per item.
        #expect(feed.warnings == ["line 1: 24 elements nested deeper than 10 left out (in items 1 and 3); the rest was read"])
    }

    /// The warning says where the cut elements were in words for every case: outside the items
    /// it read `left out (of outside the items)`, and past five items `items 1, 2, 3, 4 and 5 and
    /// 2 more`.
    @Test(arguments: [
        (["channel"], "line 1: 11 elements nested deeper than 10 left out (outside the items); the rest was read"),
        (["channel", "plain", "deep"],
         "line 1: 23 elements nested deeper than 10 left out (in item 2 and outside the items); the rest was read"),
        (["plain", "deep", "channel"],
         "line 1: 23 elements nested deeper than 10 left out (in item 2 and outside the items); the rest was read"),
        (Array(repeating: "deep", count: 7),
         "line 1: 84 elements nested deeper than 10 left out (in items 1, 2, 3, 4, 5 and 2 more); the rest was read"),
        (["plain", "one"], "line 1: 1 element nested deeper than 10 left out (in item 2); the rest was read"),
    ])
    func theWarningNamesWhereTheCutElementsWere(parts: [String], warning: String) throws {
        // 20 nested x: in an item (depth 2) x 9...20 are deeper than 10, in the channel (depth 1)
        // x 10...20; 9 nested x in an item: x 9 alone.
        let deep = String(repeating: "<x>", count: 20) + String(repeating: "</x>", count: 20)
        var titles: [String?] = []
        var body = ""
        for (index, part) in parts.enumerated() {
            switch part {
            case "channel": body += deep
            case "deep": body += "<item><title>\(index)</title>\(deep)</item>"
            case "one": body += "<item><title>\(index)</title>" + String(repeating: "<x>", count: 9) + String(repeating: "</x>", count: 9) + "</item>"
            default: body += "<item><title>\(index)</title></item>"
            }
            if part != "channel" { titles.append("\(index)") }
        }
        let xml = "<rss version=\"2.0\"><channel><title>t</title>\(body)</channel></rss>"
        let feed = try FeedParser(options: .init(maxDepth: 10)).parse(Data(xml.utf8))
        #expect(feed.items.map(\.title) == titles)
        #expect(feed.warnings == [warning])
        #expect(feed.leftOut == warning)
    }

    /// Elements an entity expands to are not in the bytes the scan reads: libxml2 makes them,
    /// and the pass stops there, saying why (not that the document was cut off).
    @Test func depthMadeByEntityExpansionStopsTheReadingAndSaysWhy() throws {
        let feed = try FeedParser().parse(Data(DeepNestingTests.entityFeed.utf8))
        #expect(feed.items.map(\.title) == ["one"])
        #expect(feed.isTruncated)
        #expect(feed.stoppedBy == "line 1: elements nested deeper than 256; the rest was skipped")
        #expect(feed.leftOut == nil)
    }

    /// Three items; the second's description is an entity of 300 nested elements.
    static let entityFeed: String = {
        let nested = String(repeating: "<a>", count: 300) + "x" + String(repeating: "</a>", count: 300)
        return "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY d \"\(nested)\">]><rss version=\"2.0\"><channel><title>d</title>"
            + "<item><title>one</title></item><item><title>two</title><description>&d;</description></item>"
            + "<item><title>three</title></item></channel></rss>"
    }()

    @Test func aDeepElementThatNeverClosesCutsTheDocumentOff() throws {
        // The document ends inside the cut: nothing after its start reaches libxml2.
        let full = Self.deepFeed()
        let feed = try Self.parse(String(full[..<full.range(of: "innermost")!.upperBound]))
        #expect(feed.items.map(\.title) == ["before"])
        #expect(feed.isTruncated)
        #expect(feed.stoppedBy == nil)
    }
}
