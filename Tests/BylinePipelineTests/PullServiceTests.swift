import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// `byline run`'s service: replaying the shared corpus on an accelerated clock stores what
/// `byline import` of the same snapshots stores, across a graceful shutdown and a restart.
@Suite struct PullServiceTests {
    /// What a store holds, for comparing two stores: every item (outlet, guid) with the texts of
    /// its versions in the order they were first seen.
    static func contents(_ store: Store) throws -> Set<[String]> {
        Set(try store.items().map { item in
            [item.outletID, item.guid] + item.versions.flatMap { [$0.title, $0.summary, $0.content ?? "-"] }
        })
    }

    /// Runs a `PullService` for `list` in a `ServiceGroup` until `stop` says so (polled every
    /// 5 ms, at most `limit` wall seconds, a backstop), then shuts the group down gracefully, as
    /// SIGTERM does. `step`, when given, runs at each poll (``stepWhenIdle(store:feeds:clock:)``).
    static func run(
        store: Store, list: FeedList, clock: any PullClock, limit: Double,
        step: (@Sendable () throws -> Void)? = nil, stop: @escaping @Sendable () async -> Bool
    ) async throws -> Int {
        var logger = Logger(label: "byline.test")
        logger.logLevel = .critical
        let fetcher = Fetcher(settings: FetchSettings(totalTimeout: 120, maxConcurrent: 8), logger: logger, now: { clock.now() })
        let puller = FeedPuller(store: store, fetcher: fetcher, clock: clock)
        let count = Counter()
        let service = PullService(puller: puller, list: list, clock: clock) { _ in count.add() }
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let end = ContinuousClock.now + .seconds(limit)
            while ContinuousClock.now < end, await !stop() {
                try step?()
                try await Task.sleep(for: .milliseconds(5))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await fetcher.shutdown()
        return count.value
    }

    /// Moves `clock` to the stored feeds' next wake time once all `feeds` are stored and none is
    /// due (every due pull is recorded): virtual time stands still while a pull runs, so what a
    /// run stores, and when it says it saw it, do not depend on the machine's speed.
    static func stepWhenIdle(store: Store, feeds: Int, clock: TestPullClock) -> @Sendable () throws -> Void {
        {
            let now = clock.now()
            let stored = try store.scheduledFeeds()
            guard stored.count == feeds else { return }
            let wakes = stored.compactMap { SchedulePolicy().wakeTime($0, now: now) }
            guard wakes.allSatisfy({ $0 > now }), let next = wakes.min() else { return }
            clock.advance(next.timeIntervalSince(now))
        }
    }

    /// Three outlets of the corpus without `<ttl>` over four hours of their densest day (120
    /// snapshots), on a clock that moves to the next due time whenever the due pulls are
    /// recorded (it once ran at 3,600× wall time, which a loaded machine could not keep up
    /// with), stopped half-way and restarted.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func replayingTheCorpusStoresWhatImportStores() async throws {
        let corpus = SharedData.corpus
        let windowStart = utc("2021-09-20T00:13:44Z")
        let replay = try CorpusReplay(corpus: corpus, outlets: ["gmanews", "nytimes", "nzherald"],
                                      window: windowStart..<windowStart.addingTimeInterval(4 * 3600))
        let snapshotCount = replay.snapshots.values.map(\.count).reduce(0, +)
        try #require(snapshotCount > 60, "the window holds \(snapshotCount) snapshots")

        let archive = TestFolders.root.appendingPathComponent("byline-replay-\(UUID().uuidString)")
        try replay.writeArchive(to: archive)
        let imported = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: imported).importArchive(at: archive)

        let store = try Store(path: try temporaryDatabase())
        let clock = TestPullClock(replay.firstTime)
        let step = Self.stepWhenIdle(store: store, feeds: 3, clock: clock)
        try await LoopbackServer.with({ router in replay.routes(router, clock: clock) }) { server in
            let list = FeedList(
                outlets: ["gmanews", "nytimes", "nzherald"].map { OutletConfig(id: $0, name: $0, feeds: [FeedConfig(url: server.url("/\($0)"))]) },
                defaultIntervalSeconds: 60)
            let middle = replay.firstTime.addingTimeInterval(2 * 3600)
            let firstPulls = try await Self.run(store: store, list: list, clock: clock, limit: 600, step: step) { clock.now() >= middle }
            // Stopped half-way: what is stored is whole pulls, and some snapshots are still to come.
            #expect(firstPulls > 0)
            #expect(try store.counts()["pull"] == firstPulls)
            #expect(await !replay.isDone)
            let itemsAtStop = try store.counts()["item"] ?? 0
            #expect(itemsAtStop > 0)

            // The restart continues from the stored schedule until every snapshot is stored.
            let secondPulls = try await Self.run(store: store, list: list, clock: clock, limit: 600, step: step) { await replay.isDone }
            #expect(await replay.isDone)
            #expect(try store.counts()["pull"] == firstPulls + secondPulls)
        }
        let stored = try Self.contents(store)
        let expected = try Self.contents(imported)
        #expect(stored.count == expected.count)
        #expect(stored == expected)
        // Each item was first seen by the run no earlier than its capture time: the clock stands
        // still during a pull, so the pull's stamp and the server's reading are the same time.
        let captured = Dictionary(uniqueKeysWithValues: try imported.items().map { ("\($0.outletID)/\($0.guid)", $0.firstSeen) })
        for item in try store.items() {
            let capturedAt = try #require(captured["\(item.outletID)/\(item.guid)"])
            #expect(item.firstSeen >= capturedAt)
        }
        try? FileManager.default.removeItem(at: archive)
    }

    /// The whole corpus (20 outlets, two days, 1,190 snapshots): set `BYLINE_REPLAY_ALL=1`
    /// (and optionally `BYLINE_REPLAY_SPEED`, default 3600) to run it; too slow for every `swift test`.
    @Test(.enabled(if: SharedData.available && ProcessInfo.processInfo.environment["BYLINE_REPLAY_ALL"] == "1",
                   "skipped: set BYLINE_REPLAY_ALL=1 to replay the whole corpus"))
    func replayingTheWholeCorpusStoresWhatImportStores() async throws {
        let corpus = SharedData.corpus
        let outlets = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: corpus.appendingPathComponent($0).path, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
        let replay = try CorpusReplay(corpus: corpus, outlets: outlets)
        let imported = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: imported).importArchive(at: corpus)
        let store = try Store(path: try temporaryDatabase())
        let speed = Double(ProcessInfo.processInfo.environment["BYLINE_REPLAY_SPEED"] ?? "") ?? 3600
        let clock = AcceleratedPullClock(origin: replay.firstTime, speed: speed)
        let started = ContinuousClock.now
        try await LoopbackServer.with({ router in replay.routes(router, clock: clock) }) { server in
            let list = FeedList(outlets: outlets.map { OutletConfig(id: $0, name: $0, feeds: [FeedConfig(url: server.url("/\($0)"))]) },
                                defaultIntervalSeconds: 60)
            let middle = replay.firstTime.addingTimeInterval(24 * 3600)
            let first = try await Self.run(store: store, list: list, clock: clock, limit: 3600) { clock.now() >= middle }
            let second = try await Self.run(store: store, list: list, clock: clock, limit: 3600) { await replay.isDone }
            print("whole corpus replay: \(first) + \(second) pulls, \(try store.counts()["item"] ?? 0) items, wall \(ContinuousClock.now - started), virtual end \(clock.now())")
        }
        #expect(await replay.isDone)
        #expect(try Self.contents(store) == Self.contents(imported))
    }
}

/// A thread-safe counter for callbacks.
///
/// `@unchecked Sendable`: its one mutable field is guarded by `lock`.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
