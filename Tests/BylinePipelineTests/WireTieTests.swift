import BylineFetch
import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

/// Three feeds carry the same description (one wire text), all first seen in the same window
/// between two pulls: alpha with a pubDate 1 s before the pull, beta with none, gamma with one
/// 3 days old. The story was a tie, but the fact credited alpha alone and wrote beta and gamma
/// off as wire copies, though nothing shows they came after alpha.
@Suite struct WireTieTests {
    static let description = "Firefighters said a warehouse fire in Springfield injured 12 workers on Sunday night."

    static func feed(_ guid: String, _ title: String, pubDate: String?) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>\(title)</title><guid>\(guid)</guid>"
            + (pubDate.map { "<pubDate>\($0)</pubDate>" } ?? "") + "<description>\(description)</description></item></channel></rss>"
    }

    static let empty = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title></channel></rss>"

    /// Pulls the three feeds twice (empty at 08:00, with the item at 08:10) and builds the report.
    static func report(beta betaPubDate: String?) async throws -> Report {
        let harness = try PullHarness()
        let served = Mutex(false)
        let bodies = [
            "/pa.xml": feed("a1", "Springfield warehouse fire injures 12 workers", pubDate: "Sun, 19 Sep 2021 08:09:59 GMT"),
            "/pb.xml": feed("b1", "Warehouse fire in Springfield injures 12", pubDate: betaPubDate),
            "/pc.xml": feed("c1", "Springfield warehouse blaze: 12 workers injured", pubDate: "Thu, 16 Sep 2021 08:10:00 GMT"),
        ]
        try await LoopbackServer.with({ router in
            @Sendable func respond(_ path: String) -> Response {
                Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                         body: .init(byteBuffer: ByteBuffer(string: served.withLock { $0 } ? bodies[path]! : Self.empty)))
            }
            router.get("/pa.xml") { _, _ in respond("/pa.xml") }
            router.get("/pb.xml") { _, _ in respond("/pb.xml") }
            router.get("/pc.xml") { _, _ in respond("/pc.xml") }
        }) { server in
            let list = FeedList(outlets: ["alpha": "/pa.xml", "beta": "/pb.xml", "gamma": "/pc.xml"].sorted { $0.key < $1.key }.map {
                OutletConfig(id: $0.key, name: $0.key.capitalized, feeds: [FeedConfig(url: server.url($0.value))])
            })
            _ = try await harness.puller.pull(list, all: true)
            served.withLock { $0 = true }
            harness.clock.advance(600)
            let second = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(second.newItems == 3)
        }
        let analysis = try await Analysis.load(from: harness.store)
        return await ReportBuilder.build(analysis: analysis, outletStats: try harness.store.outletStats(), now: utc("2021-09-20T00:00:00Z"))
    }

    @Test func copiesWhoseTimesTieWithTheFirstAreTiedNotCopies() async throws {
        let report = try await Self.report(beta: nil)
        let story = try #require(report.stories.first)
        #expect(report.stories.count == 1)
        #expect(story.firstOutlet == "alpha")
        #expect(story.tiedWith == ["beta", "gamma"])
        let fact = try #require(report.facts.first)
        // One fact, the 12 injured, as the new user's facts.csv had it.
        #expect(report.facts.map(\.text) == ["Springfield warehouse fire injures 12 workers"])
        #expect(fact.outlets == ["alpha", "beta", "gamma"])
        #expect(fact.firstOutlet == "alpha")
        #expect(fact.firstTime == utc("2021-09-19T08:09:59Z"))
        #expect(fact.tiedWith == ["beta", "gamma"])
        #expect(fact.wireOutlets == [])
        // No coverage row calls another item's report a copy.
        #expect(report.coverage.map(\.wireCopyOf) == ["", "", ""])
    }

    @Test func aCopySeenAfterTheFirstIsStillACopy() async throws {
        // Beta's pubDate in the window but after alpha's: ordered, so beta copies alpha's text.
        let report = try await Self.report(beta: "Sun, 19 Sep 2021 08:10:00 GMT")
        let story = try #require(report.stories.first)
        #expect(story.firstOutlet == "alpha")
        #expect(story.tiedWith == ["gamma"])
        let fact = try #require(report.facts.first)
        #expect(fact.firstOutlet == "alpha")
        #expect(fact.tiedWith == ["gamma"])
        #expect(fact.wireOutlets == ["beta"])
        #expect(report.coverage.first { $0.outlet == "beta" }?.wireCopyOf == "a1")
    }
}
