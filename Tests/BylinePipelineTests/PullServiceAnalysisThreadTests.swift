import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// `run`'s analysis works synchronously for as long as it takes; on the cooperative pool (one
/// thread per core, one thread on a one-core machine) it held up the pulls in flight, which then
/// ended as timeouts. It runs on a thread of its own.
@Suite struct PullServiceAnalysisThreadTests {
    @Test func theAnalysisRunsOnItsOwnThreadNotTheCooperativePool() async throws {
        let store = try Store(path: try temporaryDatabase())
        let feed = #"<rss version="2.0"><channel><title>One</title><item><guid>one-1</guid><title>Ferry strike ends after two days</title><pubDate>Mon, 20 Sep 2021 08:30:00 GMT</pubDate></item></channel></rss>"#
        let threads = Mutex<[String]>([])
        try await LoopbackServer.with({ router in
            router.get("/one.xml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: .init(string: feed)))
            }
        }) { server in
            var logger = Logger(label: "byline.test")
            logger.logLevel = .critical
            let fetcher = Fetcher(settings: FetchSettings(totalTimeout: 120), logger: logger)
            let list = FeedList(outlets: [OutletConfig(id: "one", name: "One", feeds: [FeedConfig(url: server.url("/one.xml"))])])
            let service = PullService(puller: FeedPuller(store: store, fetcher: fetcher), list: list, analysis: {
                threads.withLock { $0.append(DedicatedThreads.currentName ?? "not a dedicated thread") }
            })
            let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let end = ContinuousClock.now + .seconds(120)
                while ContinuousClock.now < end, threads.withLock({ $0.isEmpty }) {
                    await loopbackSleep(seconds: 0.02)
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            try await fetcher.shutdown()
        }
        #expect(threads.withLock { $0 } == ["byline-analysis"])
        #expect(try store.counts()["item"] == 1)
    }

}
