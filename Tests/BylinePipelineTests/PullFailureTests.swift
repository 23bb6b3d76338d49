import BylineFeed
import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// A pull's failure is a ``PullFailure`` the schedule branches on, and the pull log keeps its
/// line; real pulls from a loopback server.
@Suite struct PullFailureTests {
    @Test func aPageThatIsNotAFeedFailsAsNotAFeedAndBacksOff() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/page") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/html"],
                         body: .init(byteBuffer: ByteBuffer(string: "<html><body>Sign in</body></html>")))
            }
        }) { server in
            let summary = try await harness.puller.pull(PullBehaviourTests.list(server.url("/page")))
            try await harness.shutdown()
            #expect(summary.failed.map(\.failure) == [.notAFeed(.notAFeed("an HTML page (<html>)"))])
            let feed = try harness.feed(server.url("/page"))
            #expect(try harness.store.pullLog(feedID: feed.state.id).map(\.error) == ["not a feed: an HTML page (<html>)"])
            // The first failure waits 900 s × 2.
            #expect(feed.nextDueAt == utc("2021-09-19T08:30:00Z"))
        }
    }

    /// A billion laughs (`Fixtures/billion-laughs.xml`: nine levels of ten references, one
    /// item) is a failed pull naming what libxml2 refused, and backs off like any broken feed;
    /// it once was an `ok` pull of no items that kept the feed on its normal schedule.
    @Test func aBillionLaughsFailsAsRefusedAndBacksOff() async throws {
        let bomb = try Data(contentsOf: fixtureArchive.deletingLastPathComponent().appendingPathComponent("billion-laughs.xml"))
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/laughs") { _, _ in PullBehaviourTests.ok(bomb) }
        }) { server in
            let summary = try await harness.puller.pull(PullBehaviourTests.list(server.url("/laughs")))
            try await harness.shutdown()
            let reason = "Detected an entity reference loop"
            #expect(summary.failed.map(\.failure) == [.notAFeed(.entityExpansion(line: 15, reason: reason))])
            #expect(summary.fetched == 0)
            let feed = try harness.feed(server.url("/laughs"))
            let log = try harness.store.pullLog(feedID: feed.state.id)
            #expect(log.map(\.error) == ["refused: an entity expansion bomb at line 15 (\(reason))"])
            #expect(log.map(\.httpStatus) == [200])
            #expect(log.map(\.status) == [.failed])
            #expect(feed.state.failures == 1)
            #expect(feed.nextDueAt == utc("2021-09-19T08:30:00Z"))
            #expect((try harness.store.counts()["item"] ?? 0) == 0)
        }
    }

    /// A feed moved (301) to a host where nothing listens: the line names the URL that failed
    /// and the redirect, not only "connection refused" (the feed's own URL answered); a 410 at a
    /// redirect's target still retires the feed.
    @Test(arguments: [
        ("http://127.0.0.1:1/", "connection refused at http://127.0.0.1:1/ (redirected there: HTTP 301)", false),
        ("/gone", "HTTP 410 at {server}/gone (redirected there: HTTP 301)", true),
    ])
    func aFailureAtARedirectsTargetNamesIt(location: String, line: String, retired: Bool) async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/moved") { _, _ in Response(status: .movedPermanently, headers: [.location: location]) }
            router.get("/gone") { _, _ in Response(status: .gone) }
        }) { server in
            let summary = try await harness.puller.pull(PullBehaviourTests.list(server.url("/moved")))
            try await harness.shutdown()
            let expected = line.replacingOccurrences(of: "{server}", with: server.url(""))
            #expect(summary.failed.map(\.reason) == [expected])
            let feed = try harness.feed(server.url("/moved"))
            #expect(try harness.store.pullLog(feedID: feed.state.id).map(\.error) == [expected])
            #expect((feed.retiredAt != nil) == retired)
        }
    }

    @Test func aTLSFailureIsRecordedWithItsLineAndBacksOff() async throws {
        // Generous time limits: the full suite on a loaded machine must not turn the refused
        // handshake into a timeout.
        let harness = try PullHarness(settings: FetchSettings(connectTimeout: 120, totalTimeout: 180))
        try await LoopbackServer.with({ router in
            router.get("/feed") { _, _ in PullBehaviourTests.ok(PullBehaviourTests.bbc) }
        }) { server in
            let url = server.url("/feed").replacingOccurrences(of: "http://", with: "https://")
            let summary = try await harness.puller.pull(PullBehaviourTests.list(url))
            try await harness.shutdown()
            let failure = try #require(summary.failed.first?.failure)
            guard case .fetch(.tls) = failure else {
                Issue.record("expected a TLS failure, got \(failure)")
                return
            }
            let feed = try harness.feed(url)
            #expect(try harness.store.pullLog(feedID: feed.state.id).map(\.error) == [failure.description])
            #expect(failure.description == "TLS: handshake failed (wrong version number)")
            #expect(feed.nextDueAt == utc("2021-09-19T08:30:00Z"))
            #expect(feed.retiredAt == nil && feed.retryUntil == nil)
        }
    }
}
