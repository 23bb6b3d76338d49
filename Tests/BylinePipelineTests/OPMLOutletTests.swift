import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// A user's OPML list (`samename.opml`): two outlines "Same" of one feed each (good.xml,
/// good2.xml: two outlets' feeds whose items have the guids a and b), and "日本語 ニュース" and
/// "!!!", whose names both make the id `outlet`. Pulled from 127.0.0.1 as the user served them.
@Suite struct OPMLOutletTests {
    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("samename")

    /// The user's server's `/latin1`: an ISO-8859-1 feed of one item.
    static let latin1 = Data(#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Caf"#.utf8)
        + Data([0xE9, 0x20, 0x6E, 0x61, 0xEF, 0x76, 0x65, 0x20, 0x73, 0x65, 0xF1, 0x6F, 0x72])
        + Data("</title><guid>l1</guid></item></channel></rss>".utf8)

    static func list(port: String) throws -> FeedList {
        let text = try String(contentsOf: folder.appendingPathComponent("samename.opml"), encoding: .utf8)
            .replacingOccurrences(of: "http://127.0.0.1:8765", with: port)
        return try FeedList.parse(opml: Data(text.utf8), path: "samename.opml")
    }

    @Test func outlinesWhoseIdsCollideAreOutletsOfTheirOwnWithAWarning() throws {
        let list = try Self.list(port: "http://127.0.0.1:8765")
        #expect(list.outlets.map(\.id) == ["same", "same-2", "outlet", "outlet-2"])
        #expect(list.outlets.map(\.name) == ["Same", "Same", "日本語 ニュース", "!!!"])
        #expect(list.outlets.map { $0.feeds.map(\.url) } == [
            ["http://127.0.0.1:8765/good.xml"], ["http://127.0.0.1:8765/good2.xml"],
            ["http://127.0.0.1:8765/latin1"], ["http://127.0.0.1:8765/json"],
        ])
        #expect(list.warnings.map(\.description) == [
            "samename.opml:1: outline 'Same': its id 'same' is that of outline 'Same' (line 1): read as outlet 'same-2', an outlet of its own "
                + "(give it a byline:id to choose the id; put its feeds under the other outline and give that a byline:id to make them one outlet)",
            "samename.opml:1: outline '!!!': its id 'outlet' is that of outline '日本語 ニュース' (line 1): read as outlet 'outlet-2', an outlet of its own "
                + "(give it a byline:id to choose the id; put its feeds under the other outline and give that a byline:id to make them one outlet)",
        ])
    }

    @Test func aByline_idGivenTwiceIsAnError() throws {
        let opml = """
            <opml version="2.0" xmlns:byline="https://github.com/byline-news/byline"><body>
            <outline text="BBC" byline:id="bbc"><outline type="rss" xmlUrl="https://a.example/rss"/></outline>
            <outline text="BBC World" byline:id="bbc"><outline type="rss" xmlUrl="https://b.example/rss"/></outline>
            </body></opml>
            """
        #expect(throws: ConfigError(path: "x.opml", line: 3,
                                    message: "outline 'BBC World': byline:id 'bbc' is already the id of outline 'BBC' (line 2); ids are unique")) {
            try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
        }
    }

    @Test func aFeedOutlineWithoutXmlUrlIsNamedInAWarning() throws {
        let list = try FeedList.load(contentsOf: Self.folder.appendingPathComponent("noxmlurl.opml").path)
        #expect(list.outlets.map(\.id) == ["c"])
        #expect(list.warnings.map(\.message) == [#"outline 'x' of type "rss" has no xmlUrl: skipped, no feed to pull"#])
        #expect(list.warnings.map(\.line) == [1])
    }

    @Test func eachOutletKeepsItsOwnItems() async throws {
        let store = try Store(path: try temporaryDatabase())
        func serve(_ name: String, _ type: String) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
            let body = try! Data(contentsOf: Self.folder.appendingPathComponent(name))
            return { _, _ in Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: body))) }
        }
        try await LoopbackServer.with({ router in
            router.get("/good.xml", use: serve("good.xml", "application/rss+xml"))
            router.get("/good2.xml", use: serve("good2.xml", "application/rss+xml"))
            router.get("/json", use: serve("feed.json", "application/feed+json"))
            router.get("/latin1") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml; charset=iso-8859-1"],
                         body: .init(byteBuffer: ByteBuffer(bytes: Self.latin1)))
            }
        }) { server in
            let list = try Self.list(port: server.url(""))
            let fetcher = Fetcher()
            let pulled = try await FeedPuller(store: store, fetcher: fetcher).pull(list)
            try await fetcher.shutdown()
            #expect(pulled.fetched == 4)
            #expect(pulled.failed.isEmpty)
        }
        let items = try store.items().map { "\($0.outletID) \($0.guid) \($0.title)" }.sorted()
        // The JSON Feed's entries (of odd types; how each reads is JSONFeedTests' matter) are
        // outlet-2's, none of outlet's.
        #expect(items.filter { !$0.hasPrefix("outlet-2 ") } == [
            "outlet l1 Café naïve señor",
            "same a Earthquake hits city, 5 dead",
            "same b Second item",
            "same-2 a Quake kills five in city",
            "same-2 b Second item",
        ])
        #expect(items.contains("outlet-2 x Ok"))
        #expect(try store.outlets().map(\.id) == ["outlet", "outlet-2", "same", "same-2"])
    }

    /// A new user's `foreign.opml`, as feed readers export subscriptions: a folder "News" holding
    /// "Okay News" (ok.xml) and "Other Post" (ok2.xml), two outlets' feeds on one server. Both
    /// were stored as one outlet `news`, so the two outlets' reports of one story were one
    /// outlet's and every first credit went to "news".
    @Test func aFeedReadersFolderHoldsOutletsOfTheirOwn() async throws {
        let store = try Store(path: try temporaryDatabase())
        let opml = try String(contentsOf: Self.folder.deletingLastPathComponent().appendingPathComponent("foreign/foreign.opml"), encoding: .utf8)
        func serve(_ name: String) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
            let body = try! Data(contentsOf: Self.folder.appendingPathComponent(name))
            return { _, _ in Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body))) }
        }
        try await LoopbackServer.with({ router in
            router.get("/ok.xml", use: serve("good.xml"))
            router.get("/ok2.xml", use: serve("good2.xml"))
        }) { server in
            let list = try FeedList.parse(opml: Data(opml.replacingOccurrences(of: "http://127.0.0.1:8765", with: server.url("")).utf8),
                                          path: "foreign.opml")
            #expect(list.outlets.map(\.id) == ["okay-news", "other-post"])
            #expect(list.outlets.map(\.name) == ["Okay News", "Other Post"])
            #expect(list.warnings.map(\.description) == [
                "foreign.opml:4: outline 'News' is read as a folder, not an outlet: its feeds are 2 outlets, each named by its own outline "
                    + "('okay-news', 'other-post'); to make them one outlet, give the folder outline a byline:id (or the site's htmlUrl)",
            ])
            let fetcher = Fetcher()
            let pulled = try await FeedPuller(store: store, fetcher: fetcher).pull(list)
            try await fetcher.shutdown()
            #expect(pulled.fetched == 2)
            #expect(pulled.failed.isEmpty)
        }
        #expect(try store.outlets().map(\.id) == ["okay-news", "other-post"])
        #expect(try store.items().map { "\($0.outletID) \($0.guid) \($0.title)" }.sorted() == [
            "okay-news a Earthquake hits city, 5 dead",
            "okay-news b Second item",
            "other-post a Quake kills five in city",
            "other-post b Second item",
        ])
    }
}
