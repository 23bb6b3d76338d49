import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// A well-formed feed whose 2nd of 5 items nests 300 `<div>`s in its description, pulled from
/// 127.0.0.1: every item is stored, and the warning says what was left out (not that the feed
/// was cut off), in the pull log, the report and the lines `pull` prints.
@Suite struct DeepFeedPullTests {
    /// Five items; the second's description nests 300 divs on one line (the user's deep.xml).
    static let deepFeed: String = {
        let deep = String(repeating: "<div>", count: 300) + "fixed" + String(repeating: "</div>", count: 300)
        let items = ["before", "deep", "after 0", "after 1", "after 2"].enumerated().map { i, title in
            "<item><title>\(title)</title><guid>g\(i)</guid><description>" + (i == 1 ? deep : "text \(i)") + "</description></item>"
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>d</title>" + items.joined() + "</channel></rss>"
    }()

    /// Divs 254...300 are deeper than 256 (rss 0, channel 1, item 2, description 3).
    static let warning = "line 1: 47 elements nested deeper than 256 left out (in item 2); the rest was read"

    /// The same five items as a JSON Feed, the second holding 10,000 nested arrays.
    static let deepJSONFeed: String = {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let items = ["before", "deep", "after 0", "after 1", "after 2"].enumerated().map { i, title in
            "{\"id\": \"g\(i)\", \"title\": \"\(title)\"" + (i == 1 ? ", \"_nested\": \(deep)" : "") + "}"
        }
        return "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"d\", \"items\": [" + items.joined(separator: ", ") + "]}"
    }()

    /// Root 0, items array 1, item 2, its 10,000 arrays 3...10002.
    static let jsonWarning = "item 2: arrays and objects nested 10002 deep, deeper than 512; the item was left out"

    static func serve(_ router: Router<BasicRequestContext>) {
        router.get("/deep.xml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                     body: .init(byteBuffer: ByteBuffer(string: Self.deepFeed)))
        }
        router.get("/deep.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/feed+json"],
                     body: .init(byteBuffer: ByteBuffer(string: Self.deepJSONFeed)))
        }
    }

    /// An RSS feed with an item nested too deep keeps every item, the deep one cut at the depth
    /// limit; a JSON Feed whose second item nests too deep keeps the other four (it failed the
    /// whole feed). Either way the pull log says what was left out, and the feed is not cut off:
    /// the validators of a whole document are kept.
    @Test(arguments: [
        ("/deep.xml", DeepFeedPullTests.warning, ["after 0", "after 1", "after 2", "before", "deep"]),
        ("/deep.json", DeepFeedPullTests.jsonWarning, ["after 0", "after 1", "after 2", "before"]),
    ])
    func everyItemItCanReadIsStoredAndThePullSaysWhatWasLeftOut(path: String, warning: String, titles: [String]) async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with(Self.serve) { server in
            let url = server.url(path)
            let list = FeedList(outlets: [OutletConfig(id: "deep", name: "Deep", feeds: [FeedConfig(url: url)])])
            let summary = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(summary.fetched == 1)
            #expect(summary.newItems == titles.count)
            #expect(summary.cutOff == [])
            #expect(summary.warnings.map { "\($0.outlet) \($0.url): \($0.text)" } == ["deep \(url): \(warning)"])
            let feed = try harness.feed(url)
            let log = try harness.store.pullLog(feedID: feed.state.id)
            #expect(log.map(\.status) == [.ok])
            #expect(log.map(\.error) == [warning])
            #expect(try harness.store.items().map(\.title).sorted() == titles)
            #expect(feed.state.failures == 0)
        }
    }

    @Test func aReadingStoppedByEntityDepthIsCutOffWithItsReason() async throws {
        let harness = try PullHarness()
        // The second item's description is an entity of 300 nested elements (libxml2 makes them).
        let nested = String(repeating: "<a>", count: 300) + "x" + String(repeating: "</a>", count: 300)
        let body = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY d \"\(nested)\">]><rss version=\"2.0\"><channel><title>d</title>"
            + "<item><title>one</title><guid>1</guid></item><item><title>two</title><guid>2</guid><description>&d;</description></item>"
            + "<item><title>three</title><guid>3</guid></item></channel></rss>"
        try await LoopbackServer.with({ router in
            router.get("/entity.xml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }) { server in
            let url = server.url("/entity.xml")
            let list = FeedList(outlets: [OutletConfig(id: "ent", name: "Entity", feeds: [FeedConfig(url: url)])])
            let summary = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            let warning = "the reading stopped before the root element closed (line 1: elements nested deeper than 256; "
                + "the rest was skipped): the items read are kept, and the pull is not taken to show which items left the feed"
            #expect(summary.newItems == 1)
            #expect(summary.cutOff.map(\.url) == [url])
            // Then the parser's warnings, as an import of the same bytes records them (the
            // reason it stopped is not repeated).
            let parsed = ["the last item was cut off and is left out"]
            #expect(summary.warnings.map(\.text) == [warning] + parsed)
            #expect(try harness.store.pullLog(feedID: try harness.feed(url).state.id).map(\.error)
                    == [([warning] + parsed).joined(separator: "; ")])
        }
    }
}

/// The same feed through `byline pull` and `byline parse`: each shows the depth warning, none
/// says the feed is cut off.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct DeepFeedCommandTests {
    @Test func pullAndParseShowTheRealReason() async throws {
        try await PullLineTests.withOneFeedConfig(outlet: "deep", path: "/deep.xml", serve: DeepFeedPullTests.serve) { folder, url in
            let verbose = try await PullLineTests.run(
                ["pull", "--verbose", "--timeout", "300", "--config", "deep.toml", "--db", "deep.sqlite"], in: folder)
            #expect(verbose.status == 0)
            let lines = verbose.stderr.split(separator: "\n").map(String.init)
            let pullLine = try #require(lines.first { $0.hasPrefix("byline: deep \(url) 200 fetched") })
            #expect(pullLine.replacing(#/ \(\d+ bytes, [0-9.]+ s\)/#, with: "").replacing(#/; next .*$/#, with: "")
                    == "byline: deep \(url) 200 fetched, 5 new items, 0 new versions; warning: \(DeepFeedPullTests.warning)")
            #expect(lines.contains("byline: warning: deep \(url): \(DeepFeedPullTests.warning)"))
            #expect(!verbose.stderr.contains("cut off"))
            try DeepFeedPullTests.deepFeed.write(to: folder.appendingPathComponent("deep.xml"), atomically: true, encoding: .utf8)
            let parse = try await PullLineTests.run(["parse", "deep.xml"], in: folder)
            #expect(parse.status == 0)
            #expect(parse.stdout.contains(DeepFeedPullTests.warning))
            #expect(parse.stdout.contains("\"after 2\""))
        }
    }
}
