import BylinePipeline
import BylineFetch
import BylineStore
import Foundation
import Logging
import Testing

/// A clock that stands still until the test moves it: pulls in a test happen at exact times.
///
/// `@unchecked Sendable`: its one mutable field is guarded by `lock`.
final class TestPullClock: PullClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock forward by `seconds`.
    func advance(_ seconds: Double) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    /// Polls every millisecond until a test moves the clock past `date`.
    func sleep(until date: Date) async throws {
        while now() < date {
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// A store, a fetcher and a puller on one ``TestPullClock``, for one test.
struct PullHarness {
    let store: Store
    let clock: TestPullClock
    let fetcher: Fetcher
    let puller: FeedPuller

    /// 2021-09-19T08:00:00Z.
    static let start = utc("2021-09-19T08:00:00Z")

    /// The default allows 120 s per pull (as `withFetcher` in the fetch tests): a loopback pull
    /// on a loaded machine must not turn into a timeout; the tests about timeouts set their own.
    init(settings: FetchSettings = .init(totalTimeout: 120), policy: SchedulePolicy = .init()) throws {
        store = try Store(path: try temporaryDatabase())
        clock = TestPullClock(Self.start)
        let clock = self.clock
        var logger = Logger(label: "byline.fetch.test")
        logger.logLevel = .warning
        fetcher = Fetcher(settings: settings, logger: logger, now: { clock.now() })
        puller = FeedPuller(store: store, fetcher: fetcher, policy: policy, clock: clock)
    }

    /// The one stored feed configured as `url`.
    func feed(_ url: String) throws -> Store.ScheduledFeed {
        try #require(try store.scheduledFeeds().first { $0.configURL == url })
    }

    func shutdown() async throws { try await fetcher.shutdown() }
}
