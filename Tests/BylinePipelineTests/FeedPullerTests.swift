import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// `byline pull` end to end against a real HTTP server on 127.0.0.1: a feed served with an ETag
/// (200, then 304 to the conditional GET) and a feed that answers 500.
@Suite struct FeedPullerTests {
    /// The last bbc snapshot of the fixture archive (3 items).
    static let bbcSnapshot = try! Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))

    @Test func pullsStoreItemsThenA304AddsNothingAndA500IsRecorded() async throws {
        let store = try Store(path: try temporaryDatabase())
        try await LoopbackServer.with({ router in
            router.get("/bbc.xml") { request, _ -> Response in
                if request.headers[.ifNoneMatch] == "\"v1\"" {
                    return Response(status: .notModified, headers: [.eTag: "\"v1\""])
                }
                return Response(status: .ok, headers: [.contentType: "application/rss+xml; charset=utf-8", .eTag: "\"v1\"",
                                                       .lastModified: "Sat, 18 Sep 2021 12:00:00 GMT"],
                                body: .init(byteBuffer: ByteBuffer(bytes: Self.bbcSnapshot)))
            }
            router.get("/cnn.xml") { _, _ -> Response in Response(status: .internalServerError) }
        }) { server in
            let list = FeedList(outlets: [
                OutletConfig(id: "bbc", name: "BBC News", feeds: [FeedConfig(url: server.url("/bbc.xml"))]),
                OutletConfig(id: "cnn", name: "CNN", feeds: [FeedConfig(url: server.url("/cnn.xml"))]),
            ])
            let fetcher = Fetcher()
            let puller = FeedPuller(store: store, fetcher: fetcher)
            let first = try await puller.pull(list)
            let second = try await puller.pull(list, all: true)
            try await fetcher.shutdown()

            #expect(first.fetched == 1)
            #expect(first.newItems == 3)
            #expect(first.failed.map(\.reason) == ["HTTP 500"])
            #expect(first.failed.map(\.outlet) == ["cnn"])
            #expect(second.notModified == 1)
            #expect(second.fetched == 0)
            #expect(second.newItems == 0)
            #expect(second.failed.count == 1)

            let feeds = try store.feeds()
            let bbc = try #require(feeds.first { $0.outletID == "bbc" })
            #expect(bbc.etag == "\"v1\"")
            #expect(bbc.lastModified == "Sat, 18 Sep 2021 12:00:00 GMT")
            #expect(bbc.lastStatus == .notModified)
            #expect(bbc.lastStatusCode == 304)
            let cnn = try #require(feeds.first { $0.outletID == "cnn" })
            #expect(cnn.lastStatus == .failed)
            #expect(cnn.failures == 2)
            #expect(try store.counts() == ["outlet": 2, "feed": 2, "pull": 4, "item": 3, "item_version": 3])
            let titles = try store.items().map(\.title).sorted()
            #expect(titles == [
                "France recalls ambassadors to US and Australia over submarine deal",
                "Gabby Petito: FBI searches Florida nature reserve for Brian Laundrie",
                "Heavy rain floods London Underground stations",
            ])
            #expect(try store.outlets().map(\.name) == ["BBC News", "CNN"])
        }
    }

    /// The first snapshot of every outlet of the shared corpus, served from 127.0.0.1 as that
    /// outlet's feed.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func pullsTheFirstSnapshotOfEveryCorpusOutlet() async throws {
        let corpus = SharedData.corpus
        let outlets = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: corpus.appendingPathComponent($0).path, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
        try #require(outlets.count == 20)
        var bodies: [String: Data] = [:]
        for outlet in outlets {
            let files = try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(outlet).path).sorted()
            bodies[outlet] = try Data(contentsOf: corpus.appendingPathComponent(outlet).appendingPathComponent(files[0]))
        }
        let served = bodies
        let store = try Store(path: try temporaryDatabase())
        try await LoopbackServer.with({ router in
            router.get("/:outlet") { _, context -> Response in
                guard let outlet = context.parameters.get("outlet"), let body = served[outlet] else { return Response(status: .notFound) }
                return Response(status: .ok, headers: [.contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }) { server in
            let list = FeedList(outlets: outlets.map { OutletConfig(id: $0, name: $0, feeds: [FeedConfig(url: server.url("/\($0)"))]) })
            let fetcher = Fetcher()
            let summary = try await FeedPuller(store: store, fetcher: fetcher).pull(list)
            try await fetcher.shutdown()
            #expect(summary.feeds == 20)
            #expect(summary.fetched == 20)
            #expect(summary.failed.isEmpty)
            let stats = try store.outletStats()
            #expect(stats.filter { $0.items > 0 }.count == 20)
            #expect(stats.first { $0.outletID == "bbc" }?.items == 53)
            #expect(summary.newItems == stats.map(\.items).reduce(0, +))
        }
    }
}

/// A feed URL the database holds under one outlet, listed by a later config under another: the
/// pull is refused before any request, naming the URL and both outlets (the pulls were logged
/// under the second outlet and their items stored under the first).
@Suite struct FeedOwnerTests {
    @Test func aFeedStoredUnderAnotherOutletIsRefused() async throws {
        let store = try Store(path: try temporaryDatabase())
        let requests = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/shared.xml") { request, _ -> Response in
                await requests.record(request)
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                                body: .init(byteBuffer: ByteBuffer(bytes: FeedPullerTests.bbcSnapshot)))
            }
        }) { server in
            let url = server.url("/shared.xml")
            let fetcher = Fetcher()
            let puller = FeedPuller(store: store, fetcher: fetcher)
            let first = try await puller.pull(FeedList(outlets: [OutletConfig(id: "a", name: "A", feeds: [FeedConfig(url: url)])]))
            #expect(first.newItems == 3)
            let moved = FeedList(outlets: [OutletConfig(id: "b", name: "B", feeds: [FeedConfig(url: url)])])
            let error = await #expect(throws: PipelineError.self) { try await puller.pull(moved, all: true) }
            try await fetcher.shutdown()
            #expect(error == .feedOfAnotherOutlet(url: url, stored: "a", listed: "b"))
            #expect(error?.description == "feed '\(url)' is listed under outlet 'b', but the database holds it as a feed of outlet 'a' "
                    + "(an earlier config listed it there); a feed belongs to one outlet: list it under 'a' again")
            #expect(await requests.requests == 1)
            #expect(try store.counts()["pull"] == 1)
        }
    }

    /// A list refused for one feed stores nothing of itself: not the outlet it renames the
    /// feed's outlet to, nor a new outlet and feed listed before or after the refused one (a
    /// new user's `b.toml` left `newout` stored as an active feed, and `good2` in the outlet
    /// table; the 38 default outlets plus one were all stored by a refused pull).
    @Test(arguments: StoreBackend.available)
    func aRefusedListStoresNoOutletOrFeed(backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        let requests = Recorder()
        try await LoopbackServer.with({ router in
            for path in ["/good.xml", "/new.xml"] {
                router.get("\(path)") { request, _ -> Response in
                    await requests.record(request)
                    return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                                    body: .init(byteBuffer: ByteBuffer(bytes: FeedPullerTests.bbcSnapshot)))
                }
            }
        }) { server in
            let good = server.url("/good.xml"), new = server.url("/new.xml")
            let fetcher = Fetcher()
            let puller = FeedPuller(store: store, fetcher: fetcher)
            _ = try await puller.pull(FeedList(outlets: [OutletConfig(id: "good", name: "Good", feeds: [FeedConfig(url: good)])]))
            let before = try await store.counts()
            #expect(before == ["outlet": 1, "feed": 1, "pull": 1, "item": 3, "item_version": 3])
            // The new outlet listed first, and last.
            let newOutlet = OutletConfig(id: "newout", name: "New", feeds: [FeedConfig(url: new)])
            let renamed = OutletConfig(id: "good2", name: "Good again", feeds: [FeedConfig(url: good)])
            for outlets in [[newOutlet, renamed], [renamed, newOutlet]] {
                let error = await #expect(throws: PipelineError.self) { try await puller.pull(FeedList(outlets: outlets), all: true) }
                #expect(error == .feedOfAnotherOutlet(url: good, stored: "good", listed: "good2"))
                await #expect(throws: PipelineError.self) { try await puller.targets(FeedList(outlets: outlets)) }
            }
            try await fetcher.shutdown()
            #expect(try await store.counts() == before)
            #expect(try await store.outlets().map(\.id) == ["good"])
            #expect(try await store.outlets().map(\.name) == ["Good"])
            #expect(try await store.feeds().map(\.url) == [good])
            #expect(await requests.requests == 1)
        }
        await closeStore(store)
    }
}
