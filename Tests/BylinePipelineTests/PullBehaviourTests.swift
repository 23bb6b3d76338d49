import BylineFetch
import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// One feed per test on a real HTTP server on 127.0.0.1, pulled through ``FeedPuller`` on a
/// ``TestPullClock``: each of the HTTP behaviours of issue 4, with what it does to the stored
/// feed, its schedule and the pull log.
@Suite struct PullBehaviourTests {
    /// The last bbc snapshot of the fixture archive (3 items).
    static let bbc = try! Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))

    static func ok(_ body: Data, _ headers: HTTPFields = [:]) -> Response {
        var fields: HTTPFields = [.contentType: "application/rss+xml"]
        fields.append(contentsOf: headers)
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func list(_ urls: String...) -> FeedList {
        FeedList(outlets: urls.enumerated().map { index, url in
            OutletConfig(id: "outlet\(index)", name: "Outlet \(index)", feeds: [FeedConfig(url: url)])
        })
    }

    @Test func a200StoresItemsValidatorsAndTheNextDueTime() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/feed") { _, _ in Self.ok(Self.bbc, [.eTag: "\"a1\"", .lastModified: "Sun, 19 Sep 2021 07:00:00 GMT"]) }
        }) { server in
            let summary = try await harness.puller.pull(Self.list(server.url("/feed")))
            try await harness.shutdown()
            #expect(summary.fetched == 1)
            #expect(summary.newItems == 3)
            let feed = try harness.feed(server.url("/feed"))
            #expect(feed.state.etag == "\"a1\"")
            #expect(feed.state.lastModified == "Sun, 19 Sep 2021 07:00:00 GMT")
            #expect(feed.state.lastStatusCode == 200)
            #expect(feed.lastFetchedAt == utc("2021-09-19T08:00:00Z"))
            // New items shorten the 900 s default by 0.75.
            #expect(feed.interval == 675)
            #expect(feed.nextDueAt == utc("2021-09-19T08:11:15Z"))
            #expect(try harness.store.pullLog(feedID: feed.state.id).map(\.httpStatus) == [200])
        }
    }

    @Test func a304AnswersTheConditionalGETWithBothValidatorsSent() async throws {
        let harness = try PullHarness()
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/feed") { request, _ in
                await recorder.record(request)
                if request.headers[.ifNoneMatch] == "\"a1\"", request.headers[.ifModifiedSince] == "Sun, 19 Sep 2021 07:00:00 GMT" {
                    return Response(status: .notModified, headers: [.eTag: "\"a1\""])
                }
                return Self.ok(Self.bbc, [.eTag: "\"a1\"", .lastModified: "Sun, 19 Sep 2021 07:00:00 GMT"])
            }
        }) { server in
            let list = Self.list(server.url("/feed"))
            _ = try await harness.puller.pull(list)
            harness.clock.advance(675)
            let second = try await harness.puller.pull(list)
            try await harness.shutdown()
            #expect(second.notModified == 1)
            #expect(second.newItems == 0)
            #expect(await recorder.headers["if-none-match"] == "\"a1\"")
            #expect(await recorder.headers["if-modified-since"] == "Sun, 19 Sep 2021 07:00:00 GMT")
            let feed = try harness.feed(server.url("/feed"))
            #expect(feed.state.lastStatus == .notModified)
            #expect(feed.state.etag == "\"a1\"")
            // No new items: 675 s lengthened by 1.25.
            #expect(feed.interval == 843.75)
            #expect(feed.nextDueAt == utc("2021-09-19T08:11:15Z").addingTimeInterval(843.75))
        }
    }

    @Test func validatorsThatAnswer304ForMoreThanAWeekAreDropped() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/feed") { request, _ in
                if request.headers[.ifNoneMatch] == "\"a1\"" { return Response(status: .notModified) }
                return Self.ok(Self.bbc, [.eTag: "\"a1\""])
            }
        }) { server in
            let list = Self.list(server.url("/feed"))
            _ = try await harness.puller.pull(list)
            harness.clock.advance(6 * 86_400)
            _ = try await harness.puller.pull(list)
            #expect(try harness.feed(server.url("/feed")).state.etag == "\"a1\"")
            harness.clock.advance(2 * 86_400)
            let third = try await harness.puller.pull(list)
            #expect(third.notModified == 1)
            #expect(try harness.feed(server.url("/feed")).state.etag == nil)
            harness.clock.advance(86_400)
            let fourth = try await harness.puller.pull(list)
            try await harness.shutdown()
            #expect(fourth.fetched == 1)
            let feed = try harness.feed(server.url("/feed"))
            #expect(feed.state.etag == "\"a1\"")
            #expect(feed.lastFetchedAt == utc("2021-09-28T08:00:00Z"))
        }
    }

    @Test func a301SeenTwiceMovesTheFeedAndTheNewURLIsUsed() async throws {
        let harness = try PullHarness()
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/old") { _, _ in
                await recorder.note("old")
                return Response(status: .movedPermanently, headers: [.location: "/new"])
            }
            router.get("/new") { _, _ in
                await recorder.note("new")
                return Self.ok(Self.bbc)
            }
        }) { server in
            let list = Self.list(server.url("/old"))
            let first = try await harness.puller.pull(list, all: true)
            #expect(first.moved.isEmpty)
            let pending = try harness.feed(server.url("/old"))
            #expect(pending.state.url == server.url("/old"))
            #expect(pending.movedTo == server.url("/new"))
            #expect(pending.movedSeen == 1)
            harness.clock.advance(60)
            let second = try await harness.puller.pull(list, all: true)
            #expect(second.moved.map { [$0.outlet, $0.from, $0.to] } == [["outlet0", server.url("/old"), server.url("/new")]])
            harness.clock.advance(60)
            _ = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(await recorder.notes == ["old", "new", "old", "new", "new"])
            let feed = try harness.feed(server.url("/old"))
            #expect(feed.state.url == server.url("/new"))
            #expect(feed.movedTo == nil)
            #expect(try harness.store.pullRedirects(feedID: feed.state.id) == [
                "301 \(server.url("/old")) -> \(server.url("/new"))",
                "301 \(server.url("/old")) -> \(server.url("/new"))",
            ])
            #expect(try harness.store.scheduledFeeds().count == 1)
            let exported = try await FeedExport.currentFeeds(harness.store, config: list)
            #expect(exported.outlets == [OutletConfig(id: "outlet0", name: "Outlet 0", feeds: [FeedConfig(url: server.url("/new"))])])
        }
    }

    @Test func theFeedListingShowsCurrentURLStatusAndNextDue() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/good") { _, _ in Self.ok(Self.bbc) }
            router.get("/bad") { _, _ in Response(status: .internalServerError) }
        }) { server in
            _ = try await harness.puller.pull(Self.list(server.url("/good"), server.url("/bad")))
            try await harness.shutdown()
            let table = try await FeedListing.table(harness.store)
            #expect(table.header == ["outlet", "url", "status", "last_status_code", "last_success", "next_due", "failures", "last_error"])
            #expect(table.rows == [
                ["outlet0", server.url("/good"), "active", "200", "2021-09-19T08:00:00Z", "2021-09-19T08:11:15Z", "0", ""],
                ["outlet1", server.url("/bad"), "failing", "500", "", "2021-09-19T08:30:00Z", "1", "HTTP 500"],
            ])
            let text = FeedListing.text(table).split(separator: "\n").map(String.init)
            #expect(text.count == 3)
            #expect(text[0].hasPrefix("outlet   url"))
            #expect(text[1].hasSuffix("active   200               2021-09-19T08:00:00Z  2021-09-19T08:11:15Z  0"))
            #expect(text[2].hasSuffix("failing  500                                     2021-09-19T08:30:00Z  1         HTTP 500"))
        }
    }

    @Test func a302IsFollowedButNotStored() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/feed") { _, _ in Response(status: .found, headers: [.location: "/elsewhere"]) }
            router.get("/elsewhere") { _, _ in Self.ok(Self.bbc) }
        }) { server in
            let list = Self.list(server.url("/feed"))
            for _ in 0..<3 {
                let summary = try await harness.puller.pull(list, all: true)
                #expect(summary.fetched == 1)
                harness.clock.advance(60)
            }
            try await harness.shutdown()
            let feed = try harness.feed(server.url("/feed"))
            #expect(feed.state.url == server.url("/feed"))
            #expect(feed.movedTo == nil)
            #expect(feed.movedSeen == 0)
            #expect(try harness.store.pullRedirects(feedID: feed.state.id).count == 3)
        }
    }

    /// A feed that redirects to another outlet's feed stored that outlet's items again under
    /// itself (every item twice, fake two-outlet stories). Such a pull fails with a line naming
    /// the target and its outlet, stores nothing, and a 301 to it is never adopted, whether the
    /// config of the run names the other feed (first pull) or only the store holds it (second).
    @Test(arguments: [HTTPResponse.Status.found, .movedPermanently])
    func aRedirectToAnotherOutletsFeedFailsAndStoresNothing(status: HTTPResponse.Status) async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/same") { _, _ in Self.ok(Self.bbc) }
            router.get("/redir") { _, _ in Response(status: status, headers: [.location: "/same"]) }
        }) { server in
            let both = FeedList(outlets: [
                OutletConfig(id: "same", name: "Same", feeds: [FeedConfig(url: server.url("/same"))]),
                OutletConfig(id: "redir", name: "Redirect Herald", feeds: [FeedConfig(url: server.url("/redir"))]),
            ])
            let onlyRedir = FeedList(outlets: [both.outlets[1]])
            let line = "redirected to \(server.url("/same")), the feed of outlet 'same'"
            let first = try await harness.puller.pull(both, all: true)
            #expect(first.fetched == 1)
            #expect(first.newItems == 3)
            #expect(first.failed.map { [$0.outlet, $0.url, $0.reason] } == [["redir", server.url("/redir"), line]])
            harness.clock.advance(60)
            let second = try await harness.puller.pull(onlyRedir, all: true)
            #expect(second.failed.map(\.reason) == [line])
            #expect(second.moved.isEmpty)
            #expect(second.newItems == 0)
            try await harness.shutdown()
            let items = try harness.store.items()
            #expect(items.count == 3)
            #expect(Set(items.map(\.outletID)) == ["same"])
            let feed = try harness.feed(server.url("/redir"))
            #expect(feed.state.url == server.url("/redir"))
            #expect(feed.movedTo == nil)
            #expect(feed.state.failures == 2)
            #expect(try harness.store.pullLog(feedID: feed.state.id).map(\.error) == [line, line])
            let table = try await FeedListing.table(harness.store)
            #expect(table.rows.map { [$0[0], $0[2], $0[6], $0[7]] } == [["redir", "failing", "2", line], ["same", "active", "0", ""]])
        }
    }

    /// A redirect to another feed of the same outlet is refused too: its items would be counted
    /// under two feeds of the outlet.
    @Test func aRedirectToAnotherFeedOfTheSameOutletFailsToo() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/world") { _, _ in Self.ok(Self.bbc) }
            router.get("/top") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "/world"]) }
        }) { server in
            let list = FeedList(outlets: [
                OutletConfig(id: "mover", name: "Mover Post", feeds: [FeedConfig(url: server.url("/top")), FeedConfig(url: server.url("/world"))]),
            ])
            let summary = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(summary.failed.map { [$0.url, $0.reason] } == [
                [server.url("/top"), "redirected to \(server.url("/world")), another feed of this outlet ('mover')"],
            ])
            #expect(summary.newItems == 3)
            let world = try harness.feed(server.url("/world"))
            #expect(Set(try harness.store.items().map(\.feedID)) == [world.state.id])
        }
    }

    /// Every hop is checked, in order, against the other feeds' URLs as normalised: a redirect
    /// through a page that is no feed to another outlet's feed spelled with a fragment is that feed.
    @Test func aLaterHopToAnotherSpellingOfAnotherOutletsFeedFails() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with({ router in
            router.get("/same") { _, _ in Self.ok(Self.bbc) }
            router.get("/redir") { _, _ in Response(status: .found, headers: [.location: "/hop"]) }
            router.get("/hop") { _, _ in Response(status: .found, headers: [.location: "/same#latest"]) }
        }) { server in
            let list = FeedList(outlets: [
                OutletConfig(id: "same", name: "Same", feeds: [FeedConfig(url: server.url("/same"))]),
                OutletConfig(id: "redir", name: "Redirect Herald", feeds: [FeedConfig(url: server.url("/redir"))]),
            ])
            let summary = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(summary.failed.map { [$0.outlet, $0.reason] } == [
                ["redir", "redirected to \(server.url("/same#latest")), the feed of outlet 'same'"],
            ])
            #expect(summary.newItems == 3)
            #expect(Set(try harness.store.items().map(\.outletID)) == ["same"])
        }
    }

    @Test func a410RetiresTheFeedAndItIsNeverPulledAgain() async throws {
        let harness = try PullHarness()
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/gone") { request, _ in
                await recorder.record(request)
                return Response(status: .gone)
            }
        }) { server in
            let list = Self.list(server.url("/gone"))
            let first = try await harness.puller.pull(list)
            #expect(first.failed.map(\.reason) == ["HTTP 410"])
            #expect(first.retired == [server.url("/gone")])
            harness.clock.advance(30 * 86_400)
            let later = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(later.feeds == 0)
            #expect(later.skipped.map(\.hold) == [.retired(since: utc("2021-09-19T08:00:00Z"))])
            #expect(await recorder.requests == 1)
            #expect(try await FeedListing.table(harness.store).rows.map { $0[2] } == ["retired"])
        }
    }

    @Test func a429WithRetryAfterIsHonouredEvenByAll() async throws {
        let harness = try PullHarness()
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/busy") { request, _ in
                await recorder.record(request)
                if await recorder.requests == 1 {
                    return Response(status: .tooManyRequests, headers: [.retryAfter: "3600"])
                }
                return Self.ok(Self.bbc)
            }
        }) { server in
            let list = Self.list(server.url("/busy"))
            let first = try await harness.puller.pull(list)
            #expect(first.failed.map(\.reason) == ["HTTP 429"])
            let feed = try harness.feed(server.url("/busy"))
            #expect(feed.retryUntil == utc("2021-09-19T09:00:00Z"))
            harness.clock.advance(3599)
            let early = try await harness.puller.pull(list, all: true)
            #expect(early.feeds == 0)
            #expect(early.skipped.map(\.hold) == [.retryAfter(until: utc("2021-09-19T09:00:00Z"))])
            harness.clock.advance(1)
            let after = try await harness.puller.pull(list)
            try await harness.shutdown()
            #expect(after.fetched == 1)
            #expect(await recorder.requests == 2)
            #expect(try harness.feed(server.url("/busy")).retryUntil == nil)
        }
    }

    @Test func a500BacksOffExponentiallyAndRecoversOnSuccess() async throws {
        let harness = try PullHarness()
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/flaky") { request, _ in
                await recorder.record(request)
                return await recorder.requests <= 2 ? Response(status: .internalServerError) : Self.ok(Self.bbc)
            }
        }) { server in
            let list = Self.list(server.url("/flaky"))
            _ = try await harness.puller.pull(list)
            var feed = try harness.feed(server.url("/flaky"))
            #expect(feed.state.failures == 1)
            #expect(feed.nextDueAt == utc("2021-09-19T08:30:00Z"))  // 900 s × 2¹
            harness.clock.advance(1799)
            let held = try await harness.puller.pull(list)
            #expect(held.skipped.map(\.hold) == [.backoff(failures: 1, until: utc("2021-09-19T08:30:00Z"))])
            harness.clock.advance(1)
            _ = try await harness.puller.pull(list)
            feed = try harness.feed(server.url("/flaky"))
            #expect(feed.state.failures == 2)
            #expect(feed.nextDueAt == utc("2021-09-19T09:30:00Z"))  // 900 s × 2² after 08:30
            harness.clock.advance(3600)
            let recovered = try await harness.puller.pull(list)
            try await harness.shutdown()
            #expect(recovered.fetched == 1)
            feed = try harness.feed(server.url("/flaky"))
            #expect(feed.state.failures == 0)
            #expect(feed.nextDueAt == utc("2021-09-19T09:41:15Z"))
            #expect(try harness.store.pullLog(feedID: feed.state.id).map(\.httpStatus) == [500, 500, 200])
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let harness = try PullHarness(settings: FetchSettings(totalTimeout: 1))
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/stuck") { _, _ in
                // Held until released after the pull (an hour at most): only the 1 s timeout ends it.
                await recorder.waitForRelease(upTo: 3600)
                return Self.ok(Self.bbc)
            }
        }) { server in
            let summary = try await harness.puller.pull(Self.list(server.url("/stuck")))
            await recorder.release()
            try await harness.shutdown()
            #expect(summary.failed.map(\.reason) == ["timed out after 1 s"])
            let feed = try harness.feed(server.url("/stuck"))
            let log = try harness.store.pullLog(feedID: feed.state.id)
            #expect(log.map(\.error) == ["timed out after 1 s"])
            #expect(log.map(\.httpStatus) == [nil])
            #expect(feed.nextDueAt == utc("2021-09-19T08:30:00Z"))
        }
    }

    @Test func aBodyThatNeverEndsHitsTheSizeLimit() async throws {
        let harness = try PullHarness(settings: FetchSettings(totalTimeout: 120, maxBodyBytes: 64 * 1024))
        try await LoopbackServer.with({ router in
            router.get("/forever") { _, _ in
                Response(status: .ok, body: ResponseBody { writer in
                    let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 8192)
                    while true { try await writer.write(chunk) }
                })
            }
        }) { server in
            let summary = try await harness.puller.pull(Self.list(server.url("/forever")))
            try await harness.shutdown()
            #expect(summary.failed.map(\.reason) == ["body exceeds 64 KiB"])
            #expect(try harness.feed(server.url("/forever")).state.failures == 1)
        }
    }

    @Test func aGzipBombFailsThatPullAndNothingElse() async throws {
        let harness = try PullHarness(settings: FetchSettings(totalTimeout: 120, maxBodyBytes: 64 * 1024))
        try await LoopbackServer.with({ router in
            router.get("/bomb") { _, _ in
                Response(status: .ok, headers: [.contentEncoding: "gzip"], body: .init(byteBuffer: ByteBuffer(bytes: GzipBomb.oneMiBOfZeros)))
            }
            router.get("/fine") { _, _ in Self.ok(Self.bbc) }
        }) { server in
            let summary = try await harness.puller.pull(Self.list(server.url("/bomb"), server.url("/fine")))
            try await harness.shutdown()
            #expect(summary.failed.map(\.reason) == ["body exceeds 64 KiB after decompression"])
            #expect(summary.fetched == 1)
            #expect(summary.newItems == 3)
        }
    }

    @Test func aWrongContentTypeCharsetDoesNotGarbleUTF8() async throws {
        let harness = try PullHarness()
        let utf8 = Data(PullFixtures.cafeRSS.utf8)
        let latin1 = PullFixtures.cafeRSS.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
            .data(using: .isoLatin1)!
        try await LoopbackServer.with({ router in
            // UTF-8 bytes labelled Latin-1: valid UTF-8 wins over the header.
            router.get("/lying") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml; charset=iso-8859-1"],
                         body: .init(byteBuffer: ByteBuffer(bytes: utf8)))
            }
            // Latin-1 bytes labelled UTF-8 in the header and Latin-1 in the declaration.
            router.get("/latin1") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/xml; charset=windows-1252"],
                         body: .init(byteBuffer: ByteBuffer(bytes: latin1)))
            }
        }) { server in
            let summary = try await harness.puller.pull(FeedList(outlets: [
                OutletConfig(id: "a", name: "A", feeds: [FeedConfig(url: server.url("/lying"))]),
                OutletConfig(id: "b", name: "B", feeds: [FeedConfig(url: server.url("/latin1"))]),
            ]))
            try await harness.shutdown()
            #expect(summary.fetched == 2)
            #expect(try harness.store.items().map(\.title) == ["Café reopens on the quay", "Café reopens on the quay"])
        }
    }

    @Test func aSlowHostDoesNotHoldUpTheFastOnes() async throws {
        // The slow feeds wait for the fast ones, not for a clock: the hold and the fetch limit are
        // long so that a loaded machine (the full suite in parallel) cannot fail the test.
        let harness = try PullHarness(settings: FetchSettings(totalTimeout: 180, maxConcurrent: 4, perHostLimit: 2))
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/slow/{n}") { _, _ in
                await recorder.waitForRelease(upTo: 150)
                if await !recorder.released { await recorder.note("a slow feed gave up waiting") }
                return Self.ok(Self.bbc)
            }
            router.get("/fast/{n}") { _, _ in Self.ok(Self.bbc) }
        }) { server in
            // Two host names for one loopback server: the per-host gate keys on the name.
            let slow = (0..<3).map { "http://localhost:\(server.port)/slow/\($0)" }
            let fast = (0..<6).map { server.url("/fast/\($0)") }
            let list = FeedList(outlets: [OutletConfig(id: "slow", name: "Slow", feeds: slow.map { FeedConfig(url: $0) }),
                                          OutletConfig(id: "fast", name: "Fast", feeds: fast.map { FeedConfig(url: $0) })])
            let summary = try await harness.puller.pull(list) { done, _, _ in
                // The slow feeds are held until the six fast ones are recorded.
                if done == 6 { Task { await recorder.release() } }
            }
            try await harness.shutdown()
            #expect(summary.fetched == 9)
            #expect(summary.newItems == 6)
            #expect(await recorder.notes == [])
        }
    }
}
