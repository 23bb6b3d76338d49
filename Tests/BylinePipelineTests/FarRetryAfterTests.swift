import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// A 429 whose Retry-After is a date in 2099 (a new user's ratelimit.xml): the feed is held for
/// at most a day, as before, but the pull log and the report now say so instead of cutting the
/// server's time silently.
@Suite struct FarRetryAfterTests {
    @Test func aRetryAfterPastADayIsCutToADayAndSaidSo() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/ratelimit.xml") { _, _ in
                Response(status: .tooManyRequests, headers: [.retryAfter: "Wed, 21 Oct 2099 07:28:00 GMT"])
            }
        }) { server in
            let url = server.url("/ratelimit.xml")
            let list = FeedList(outlets: [OutletConfig(id: "rl", name: "Rate", feeds: [FeedConfig(url: url)])])
            let note = "Retry-After 2099-10-21T07:28:00Z, held for at most a day (until 2021-09-20T08:00:00Z)"
            let first = try await harness.puller.pull(list)
            #expect(first.failed.map(\.reason) == ["HTTP 429"])
            #expect(first.warnings.map(\.text) == [note])
            let feed = try harness.feed(url)
            #expect(feed.retryUntil == utc("2021-09-20T08:00:00Z"))
            #expect(try harness.store.pullLog(feedID: feed.state.id).map(\.error) == ["HTTP 429; " + note])
            harness.clock.advance(86_399)
            let held = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(held.skipped.map(\.hold.description) == ["Retry-After until 2021-09-20T08:00:00Z"])
        }
    }

    @Test func aRetryAfterWithinADayIsHeldAsAsked() {
        let policy = SchedulePolicy()
        let result = FetchResult(outcome: .failed, statusCode: 503, retryAfter: 3600, finalURL: "https://feeds.example/rss",
                                 startedAt: utc("2021-09-19T08:00:00Z"), elapsed: 0)
        #expect(policy.retryAfterNote(result: result, failure: .fetch(.status(503)), now: utc("2021-09-19T08:00:00Z")) == nil)
        let far = FetchResult(outcome: .failed, statusCode: 503, retryAfter: 2 * 86_400, finalURL: "https://feeds.example/rss",
                              startedAt: utc("2021-09-19T08:00:00Z"), elapsed: 0)
        #expect(policy.retryAfterNote(result: far, failure: .fetch(.status(503)), now: utc("2021-09-19T08:00:00Z"))
                == "Retry-After 2021-09-21T08:00:00Z, held for at most a day (until 2021-09-20T08:00:00Z)")
        #expect(policy.retryAfterNote(result: far, failure: .fetch(.status(500)), now: utc("2021-09-19T08:00:00Z")) == nil)
    }
}
