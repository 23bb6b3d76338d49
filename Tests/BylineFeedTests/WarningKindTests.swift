import BylineFeed
import Foundation
import Testing

/// `Feed.warningKind(of:)`, by which `import` counts its snapshots' warnings: the warnings that
/// real documents raise, without their place and what differs from one instance to the next.
@Suite struct WarningKindTests {
    @Test(arguments: [
        ("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><pubDate>yesterday</pubDate></item></channel></rss>",
         ["item 1: unparseable date 'yesterday'"], ["unparseable date"]),
        ("<rss version=\"2.0\"><channel><title>t</title><pubDate>soon</pubDate><item><title>a</title></item></channel></rss>",
         ["channel: unparseable date 'soon'"], ["unparseable date"]),
        ("junk<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>a</title></item></channel></rss>",
         ["dropped 4 bytes before the first '<'"], ["bytes before the first '<' dropped"]),
        ("<rss version=\"2.0\"><channel><title>t &bogus; x</title><item><title>a</title></item></channel></rss>",
         ["undefined entity &bogus; kept as text"], ["undefined entity kept as text"]),
        ("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \"items\": [{\"id\": \"1\", \"date_published\": \"tomorrow\"}, "
            + "{\"id\": \"2\", \"x\": " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}]}",
         ["item 1: unparseable date 'tomorrow'", "item 2: arrays and objects nested 602 deep, deeper than 512; the item was left out"],
         ["unparseable date", "arrays and objects nested deeper than 512; the item was left out"]),
    ])
    func aWarningsKindLeavesOutItsPlaceAndDetails(document: String, warnings: [String], kinds: [String]) throws {
        let feed = try FeedParser().parse(Data(document.utf8))
        #expect(feed.warnings == warnings)
        #expect(feed.warnings.map(Feed.warningKind(of:)) == kinds)
    }

    /// libxml2's details after the problem's name are left out; a warning of no known form is
    /// kept whole, without its place.
    @Test func aDocumentReadInRecoveryModeIsKeptByTheProblemsName() throws {
        let feed = try FeedParser().parse(Data("<rss version=\"2.0\"><channel><title>t</title><item><title>a</b></title></item></channel></rss>".utf8))
        let first = try #require(feed.warnings.first)
        #expect(first.hasPrefix("line 1: Opening and ending tag mismatch: "))
        #expect(Feed.warningKind(of: first) == "Opening and ending tag mismatch; read in recovery mode")
        #expect(Feed.warningKind(of: "line 12: something new") == "something new")
    }
}
