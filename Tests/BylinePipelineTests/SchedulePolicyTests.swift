import BylineFeed
import BylineFetch
import BylinePipeline
import BylineStore
import Foundation
import Testing

/// The schedule rules without HTTP: interval bounds and adaptation, lower bounds, backoff caps.
@Suite struct SchedulePolicyTests {
    static let now = utc("2021-09-19T08:00:00Z")

    static func feed(interval: Double? = nil, failures: Int = 0) -> Store.ScheduledFeed {
        Store.ScheduledFeed(
            state: FeedState(id: 1, outletID: "bbc", url: "https://feeds.example/rss", failures: failures),
            configURL: "https://feeds.example/rss", interval: interval)
    }

    static func fetched(maxAge: Double? = nil, retryAfter: Double? = nil) -> FetchResult {
        FetchResult(outcome: .fetched, statusCode: 200, retryAfter: retryAfter, maxAge: maxAge,
                    finalURL: "https://feeds.example/rss", startedAt: now, elapsed: 0.1)
    }

    @Test(arguments: [(900.0, 225.0...3600.0), (60.0, 60.0...240.0), (86_400.0, 21_600.0...86_400.0)])
    func intervalsStayWithinBounds(base: Double, range: ClosedRange<Double>) {
        #expect(SchedulePolicy().bounds(base: base) == range)
    }

    @Test func publishingShortensAndQuietLengthensWithinBounds() {
        let policy = SchedulePolicy()
        var feed = Self.feed()
        var intervals: [Double] = []
        for newItems in [5, 5, 5, 5, 5, 5, 0] {
            let update = policy.update(feed, base: 900, result: Self.fetched(), failure: nil, newItems: newItems, ttlMinutes: nil, now: Self.now)
            feed.interval = update.interval
            intervals.append(update.interval)
        }
        #expect(intervals == [675, 506.25, 379.6875, 284.765625, 225, 225, 281.25])
    }

    @Test(arguments: [
        (nil as Int?, nil as Double?, nil as Double?, "2021-09-19T08:11:15Z"),  // 900 × 0.75
        (30, nil, nil, "2021-09-19T08:30:00Z"),                                  // <ttl> 30 minutes
        (nil, 3600.0, nil, "2021-09-19T09:00:00Z"),                              // max-age
        (nil, nil, 7200.0, "2021-09-19T10:00:00Z"),                              // Retry-After on a 200
        (10, 60.0, nil, "2021-09-19T08:11:15Z"),                                 // shorter bounds do nothing
    ])
    func ttlMaxAgeAndRetryAfterAreLowerBounds(ttl: Int?, maxAge: Double?, retryAfter: Double?, due: String) {
        let update = SchedulePolicy().update(Self.feed(), base: 900, result: Self.fetched(maxAge: maxAge, retryAfter: retryAfter),
                                             failure: nil, newItems: 1, ttlMinutes: ttl, now: Self.now)
        #expect(update.nextDueAt == utc(due))
    }

    @Test(arguments: [(1, 1800.0), (2, 3600.0), (5, 28_800.0), (7, 86_400.0), (40, 86_400.0)])
    func backoffDoublesAndIsCappedAtADay(failures: Int, seconds: Double) {
        #expect(SchedulePolicy().backoff(interval: 900, failures: failures) == seconds)
    }

    @Test func aParseFailureOfA200BacksOff() {
        let update = SchedulePolicy().update(Self.feed(failures: 2), base: 900, result: Self.fetched(), failure: .notAFeed(.empty),
                                             newItems: 0, ttlMinutes: nil, now: Self.now)
        #expect(update.nextDueAt == utc("2021-09-19T10:00:00Z"))  // 900 × 2³
        #expect(update.lastFetchedAt == nil)
    }

    @Test func a503WithoutRetryAfterBacksOffLikeAnyFailure() {
        let result = FetchResult(outcome: .failed, statusCode: 503, finalURL: "https://feeds.example/rss", failure: .status(503),
                                 startedAt: Self.now, elapsed: 0.1)
        let update = SchedulePolicy().update(Self.feed(), base: 900, result: result, failure: .fetch(.status(503)), newItems: 0,
                                             ttlMinutes: nil, now: Self.now)
        #expect(update.retryUntil == nil)
        #expect(update.nextDueAt == utc("2021-09-19T08:30:00Z"))
    }

    /// What each kind of failure does to the feed: (retired, Retry-After until, next due).
    @Test(arguments: [
        (PullFailure.fetch(.status(410)), true, nil as String?, "2021-09-20T08:00:00Z"),
        (.fetch(.status(429)), false, "2021-09-19T09:00:00Z", "2021-09-19T09:00:00Z"),
        (.fetch(.status(503)), false, "2021-09-19T09:00:00Z", "2021-09-19T09:00:00Z"),
        (.fetch(.status(500)), false, nil, "2021-09-19T08:30:00Z"),
        (.fetch(.timedOut(seconds: 30)), false, nil, "2021-09-19T08:30:00Z"),
        (.fetch(.dns(host: "feeds.example")), false, nil, "2021-09-19T08:30:00Z"),
        (.fetch(.tls("handshake failed")), false, nil, "2021-09-19T08:30:00Z"),
        (.fetch(.tooLarge(limit: 1024, contentLength: nil, afterDecompression: false)), false, nil, "2021-09-19T08:30:00Z"),
        (.notAFeed(.notAFeed("an HTML page (<html>)")), false, nil, "2021-09-19T08:30:00Z"),
    ])
    func eachFailureHasItsRule(failure: PullFailure, retires: Bool, retryUntil: String?, due: String) {
        // Every response here carried `Retry-After: 3600`; only a 429 or 503 honours it.
        let result = FetchResult(outcome: .failed, statusCode: failure.statusCode, retryAfter: 3600, finalURL: "https://feeds.example/rss",
                                 startedAt: Self.now, elapsed: 0.1)
        let update = SchedulePolicy().update(Self.feed(), base: 900, result: result, failure: failure, newItems: 0, ttlMinutes: nil, now: Self.now)
        #expect((update.retiredAt != nil) == retires)
        #expect(update.retryUntil == retryUntil.map(utc))
        #expect(update.nextDueAt == utc(due))
    }

    @Test func holdsAreDescribedInUTC() {
        #expect(SchedulePolicy.Hold.retryAfter(until: utc("2021-09-19T09:00:00Z")).description == "Retry-After until 2021-09-19T09:00:00Z")
        #expect(SchedulePolicy.Hold.backoff(failures: 2, until: utc("2021-09-19T09:00:00Z")).description
                == "backing off after 2 failures until 2021-09-19T09:00:00Z")
    }
}
