import BylineFetch
import BylinePipeline
import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// Several `byline run` workers on one PostgreSQL store share the feeds through leases: each
/// feed is pulled once per interval, and a dead worker's leased feeds are taken over when its
/// lease runs out. Real loopback HTTP servers, a real PostgreSQL server, an accelerated clock
/// that the workers share.
@Suite(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
struct SharedScheduleTests {
    static let origin = utc("2021-09-20T00:00:00Z")

    /// Serves `/feed0` ... `/feed<n-1>`: each answer is an RSS feed with one new item (so the
    /// interval stays at its 60 s floor), and every request is logged with the clock's time.
    static func routes(_ router: Router<BasicRequestContext>, feeds: Int, log: RequestLog, clock: any PullClock) {
        for feed in 0..<feeds {
            router.get("/feed\(feed)") { _, _ in
                let count = await log.add(feed: feed, at: clock.now())
                let rss = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <rss version="2.0"><channel><title>Feed \(feed)</title><link>http://127.0.0.1/</link>
                    <item><title>Update \(count) of feed \(feed)</title><guid isPermaLink="false">feed\(feed)-\(count)</guid></item>
                    </channel></rss>
                    """
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                                body: .init(byteBuffer: ByteBuffer(string: rss)))
            }
        }
    }

    /// Runs one `PullService` per store (each a worker with its own name and connection pool)
    /// until `done` says so (polled every 20 ms, at most `limit` wall seconds), then shuts them
    /// down gracefully; the pulls each worker recorded. The stop is a condition on what was
    /// pulled, not a time, so a loaded machine (slower pulls, so fewer per virtual minute) only
    /// makes the test longer.
    static func runWorkers(
        _ stores: [PostgresStore], list: FeedList, clock: any PullClock, limit: Double,
        until done: @escaping @Sendable () async -> Bool
    ) async throws -> [Int] {
        var logger = Logger(label: "byline.test")
        logger.logLevel = .critical
        let counters = stores.map { _ in Counter() }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var fetchers: [Fetcher] = []
        for (number, store) in stores.enumerated() {
            let fetcher = Fetcher(settings: FetchSettings(totalTimeout: 120, maxConcurrent: 4), logger: logger, now: { clock.now() })
            fetchers.append(fetcher)
            let counter = counters[number]
            let service = PullService(puller: FeedPuller(store: store, fetcher: fetcher, clock: clock), list: list, clock: clock,
                                      onPull: { _ in counter.add() }, owner: "worker-\(number)")
            services.append(.init(service: service))
        }
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let wallEnd = ContinuousClock.now + .seconds(limit)
            while ContinuousClock.now < wallEnd, await !done() {
                try await Task.sleep(for: .milliseconds(20))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        for fetcher in fetchers { try await fetcher.shutdown() }
        return counters.map(\.value)
    }

    /// The pull times of each feed in the store, by feed URL.
    static func pullTimes(_ store: PostgresStore) async throws -> [String: [Date]] {
        var times: [String: [Date]] = [:]
        for feed in try await store.feeds() {
            times[feed.url] = try await store.pullLog(feedID: feed.id).map(\.at)
        }
        return times
    }

    @Test func twoWorkersPullEachFeedOncePerInterval() async throws {
        let url = try await TestPostgres.freshDatabase()
        let log = RequestLog()
        // 60×: the 60 s interval is a wall second.
        let clock = AcceleratedPullClock(origin: Self.origin, speed: 60)
        let feeds = 6
        try await LoopbackServer.with({ router in Self.routes(router, feeds: feeds, log: log, clock: clock) }) { server in
            let list = FeedList(outlets: (0..<feeds).map {
                OutletConfig(id: "outlet\($0)", name: "Outlet \($0)", feeds: [FeedConfig(url: server.url("/feed\($0)"))])
            }, defaultIntervalSeconds: 60)
            let stores = [try await PostgresStore(url: url), try await PostgresStore(url: url)]
            let pulled = try await Self.runWorkers(stores, list: list, clock: clock, limit: 240) { await log.fewest(of: feeds) >= 5 }
            // Both workers pulled, and every request the servers saw is one recorded pull.
            #expect(pulled.allSatisfy { $0 > 0 }, "pulls per worker: \(pulled)")
            let times = try await Self.pullTimes(stores[0])
            let recorded = times.values.map(\.count).reduce(0, +)
            #expect(recorded == pulled.reduce(0, +))
            #expect(await log.total == recorded)
            #expect(times.count == feeds)
            for (feed, pulls) in times {
                // Each feed pulled at least five times, never twice within its 60 s interval.
                #expect(pulls.count >= 5, "\(feed): \(pulls.count) pulls")
                let gaps = zip(pulls.dropFirst(), pulls).map { $0.timeIntervalSince($1) }
                #expect(gaps.allSatisfy { $0 >= 60 - 0.001 }, "\(feed): gaps \(gaps)")
            }
            #expect(try await stores[0].counts()["item"] == recorded)
            for store in stores { await store.close() }
        }
    }

    /// A worker that died holding leases: its feeds wait for the lease to end, then the live
    /// worker pulls them; the others are pulled at once. The clock stands still until the test
    /// moves it past the lease, so a loaded machine changes nothing.
    @Test func aDeadWorkersLeasedFeedsAreTakenOverAfterTheLease() async throws {
        let url = try await TestPostgres.freshDatabase()
        let log = RequestLog()
        let clock = TestPullClock(Self.origin)
        try await LoopbackServer.with({ router in Self.routes(router, feeds: 4, log: log, clock: clock) }) { server in
            let list = FeedList(outlets: (0..<4).map {
                OutletConfig(id: "outlet\($0)", name: "Outlet \($0)", feeds: [FeedConfig(url: server.url("/feed\($0)"))])
            }, defaultIntervalSeconds: 3600)
            let store = try await PostgresStore(url: url)
            // The dead worker: it leased feeds 0 and 1 for five minutes, then vanished.
            let fetcher = Fetcher()
            let targets = try await FeedPuller(store: store, fetcher: fetcher, clock: clock).targets(list)
            try await fetcher.shutdown()
            let leaseEnd = Self.origin.addingTimeInterval(300)
            let dead = try await store.lease(feedIDs: targets.prefix(2).map(\.feed.state.id), owner: "dead-worker",
                                             now: Self.origin, until: leaseEnd) { _ in true }
            #expect(dead.values.allSatisfy { if case .taken = $0 { true } else { false } })

            // Once the free feeds are pulled, the clock moves past the lease.
            let moved = Recorder()
            _ = try await Self.runWorkers([store], list: list, clock: clock, limit: 240) {
                let times = await log.times
                if times[2] != nil, times[3] != nil, await moved.notes.isEmpty {
                    await moved.note(times[0] == nil && times[1] == nil ? "held" : "pulled inside the lease")
                    clock.advance(301)
                }
                return await log.fewest(of: 4) >= 1
            }
            #expect(await moved.notes == ["held"])
            let requests = await log.times
            #expect(requests[0] == [utc("2021-09-20T00:05:01Z")])
            #expect(requests[1] == [utc("2021-09-20T00:05:01Z")])
            #expect(requests[2] == [Self.origin])
            #expect(requests[3] == [Self.origin])
            let pulls = try await Self.pullTimes(store)
            #expect(pulls.values.map(\.count).sorted() == [1, 1, 1, 1])
            await store.close()
        }
    }
}

/// The requests a test server saw: per feed number, the clock times.
actor RequestLog {
    private(set) var times: [Int: [Date]] = [:]

    /// Logs a request of `feed` at `at`; the feed's request count so far.
    func add(feed: Int, at: Date) -> Int {
        times[feed, default: []].append(at)
        return times[feed]?.count ?? 0
    }

    var total: Int { times.values.map(\.count).reduce(0, +) }

    /// The fewest requests any of feeds `0..<feeds` had.
    func fewest(of feeds: Int) -> Int {
        (0..<feeds).map { times[$0]?.count ?? 0 }.min() ?? 0
    }
}
