import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// `byline run` when the database refuses a pull's write (a full disk, here an SQLite trigger
/// that aborts like one): the failure is reported, not swallowed, and nothing half-written stays.
@Suite struct PullServiceFailureTests {
    @Test func aPullTheDatabaseRefusesIsReportedWithItsFeedAndError() async throws {
        let path = try temporaryDatabase()
        let store = try Store(path: path)
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>RNZ</title>
            <item><guid>rnz-1</guid><title>Covid-19: 22 new cases in the community</title></item>
            </channel></rss>
            """
        let failures = Mutex<[String]>([])
        let logger = {
            var logger = Logger(label: "byline.test")
            logger.logLevel = .critical
            return logger
        }()
        try await LoopbackServer.with({ router in
            router.get("/rnz") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: rss))) }
        }) { server in
            let list = FeedList(outlets: [OutletConfig(id: "rnz", name: "RNZ", feeds: [FeedConfig(url: server.url("/rnz"))])])
            let fetcher = Fetcher(settings: FetchSettings(totalTimeout: 120, maxConcurrent: 2), logger: logger)
            let puller = FeedPuller(store: store, fetcher: fetcher)
            _ = try await puller.targets(list)  // outlet and feed rows exist before the trigger
            try await DatabaseQueue(path: path).write { db in
                try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON pull BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            }
            let service = PullService(puller: puller, list: list, onPull: { _ in }, onUnrecorded: { target, error in
                failures.withLock { $0.append("\(target.outlet) \(target.feed.state.url): \(error)") }
            })
            let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // A backstop: the loop ends as soon as the failure is reported.
                let end = ContinuousClock.now + .seconds(120)
                while ContinuousClock.now < end, failures.withLock({ $0.isEmpty }) {
                    await loopbackSleep(seconds: 0.02)
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            try await fetcher.shutdown()
            let notes = failures.withLock { $0 }
            #expect(notes.count == 1)
            #expect(notes.first?.hasPrefix("rnz \(server.url("/rnz")): ") == true)
            #expect(notes.first?.contains("database or disk is full") == true)
        }
        #expect(try store.counts()["pull"] == 0)
        #expect(try store.counts()["item"] == 0)
    }
}
