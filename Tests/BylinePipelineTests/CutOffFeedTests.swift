import BylineFeed
import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

/// A feed served cut off half-way (a 200 whose body ends inside the channel), pulled through
/// ``FeedPuller`` from 127.0.0.1: the items read are kept, the pull carries a warning, and it is
/// not taken to show which items had left the feed.
@Suite struct CutOffFeedTests {
    static func item(_ id: String, _ title: String) -> String {
        "<item><guid>\(id)</guid><title>\(title)</title><pubDate>Sun, 19 Sep 2021 07:00:00 GMT</pubDate></item>\n"
    }

    static func rss(_ items: String...) -> String {
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n" + items.joined() + "</channel></rss>\n"
    }

    /// The parser's reading of where a document ends: cut anywhere before the root's end tag,
    /// it is truncated (even right after an item, or after `</channel>`); whole, it is not.
    @Test(arguments: [
        ("</item>\n", true), ("</channel>", true), ("<title>Aid", true), ("</rss>", false), ("</rss>\n", false),
    ])
    func aDocumentEndingBeforeItsRootClosesIsTruncated(end: String, truncated: Bool) throws {
        let full = Self.rss(Self.item("a", "Quake hits coast"), Self.item("c", "Aid pledged"))
        let text = String(full[..<full.range(of: end)!.upperBound])
        let feed = try FeedParser().parse(Data(text.utf8))
        #expect(feed.isTruncated == truncated)
        #expect(feed.items.first?.title == "Quake hits coast")
    }

    @Test func aCutOffFeedKeepsItsItemsWarnsAndIsNoEvidenceOfAbsence() async throws {
        let harness = try PullHarness()
        let a = Self.item("a", "Quake hits coast"), b = Self.item("b", "Rescue teams arrive")
        let c = Self.item("c", "Aid pledged"), d = Self.item("d", "Aftershock felt")
        let full = Self.rss(a, b, c, d)
        // The second pull's body: the whole feed up to the middle of item c.
        let cut = String(full[..<full.range(of: "<title>Aid")!.upperBound])
        let bodies = Mutex([Self.rss(a), cut, full])
        try await LoopbackServer.with({ router in
            router.get("/feed") { _, _ in
                let body = bodies.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
                return Response(status: .ok, headers: [.contentType: "application/rss+xml", .eTag: "\"\(body.count)\""],
                                body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }) { server in
            let url = server.url("/feed")
            let list = FeedList(outlets: [OutletConfig(id: "wire", name: "Wire", feeds: [FeedConfig(url: url)])])
            _ = try await harness.puller.pull(list, all: true)
            let validators = try harness.feed(url).state.etag
            harness.clock.advance(600)
            let second = try await harness.puller.pull(list, all: true)
            #expect(second.fetched == 1)
            #expect(second.newItems == 1)  // b, read whole before the cut; c was cut and is left out
            #expect(second.cutOff.map { "\($0.outlet) \($0.url)" } == ["wire \(url)"])
            // The cut document's validators are not kept: the next pull must not get a 304 for it.
            #expect(try harness.feed(url).state.etag == validators)
            harness.clock.advance(600)
            let third = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(third.cutOff == [])
            #expect(third.newItems == 2)

            let feed = try harness.feed(url)
            let log = try harness.store.pullLog(feedID: feed.state.id)
            #expect(log.map(\.status) == [.ok, .ok, .ok])
            // Then the parser's warnings, as an import of the same bytes records them.
            // One warning: where the document ends (not also libxml2's "Extra content at the end
            // of the document" and "the last item was cut off").
            #expect(log.map(\.error) == [nil, "the feed is cut off (line 5: the document ends before its root element closes, "
                                              + "inside an item, which is left out): the items read are kept, and the pull is not "
                                              + "taken to show which items left the feed", nil])
            #expect(feed.state.failures == 0)
            // c and d were first seen at the third pull; the cut second pull does not show they
            // were absent then, so their window starts at the first pull.
            let items = Dictionary(uniqueKeysWithValues: try harness.store.items().map { ($0.guid, $0) })
            #expect(items["a"]?.firstSeen == utc("2021-09-19T08:00:00Z"))
            #expect(items["b"]?.firstSeen == utc("2021-09-19T08:10:00Z"))
            #expect(items["b"]?.previousPull == utc("2021-09-19T08:00:00Z"))
            #expect(items["c"]?.firstSeen == utc("2021-09-19T08:20:00Z"))
            #expect(items["c"]?.previousPull == utc("2021-09-19T08:00:00Z"))
            #expect(items["d"]?.previousPull == utc("2021-09-19T08:00:00Z"))
            #expect(items["a"]?.lastSeen == utc("2021-09-19T08:20:00Z"))
        }
    }
}
