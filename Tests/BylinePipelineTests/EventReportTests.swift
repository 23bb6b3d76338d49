import BylineFetch
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing
@testable import BylinePipeline

/// A story's events credited from the pulls: four outlets pulled at 08:00 and 08:10, two of them
/// on a warehouse fire (alpha's item already in its feed at the first pull, dated 07:30; beta's
/// dated 08:06) and two on the owner's arrest (gamma's dated 08:05, delta's without a pubDate,
/// so seen in the window from 08:00 to 08:10). The fire's first report rests on alpha's pubDate
/// alone; the arrest's first report, gamma's, cannot be ordered against delta's: a tie.
@Suite struct EventReportTests {
    static func feed(_ guid: String, _ title: String, _ description: String, pubDate: String?) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>\(title)</title><guid>\(guid)</guid>"
            + (pubDate.map { "<pubDate>\($0)</pubDate>" } ?? "") + "<description>\(description)</description></item></channel></rss>"
    }

    static let empty = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title></channel></rss>"

    @Test func eachEventIsCreditedOverItsOwnItemsWithItsEvidence() async throws {
        let harness = try PullHarness()
        let second = Mutex(false)
        let bodies = [
            "/alpha.xml": Self.feed("a1", "Springfield warehouse fire injures 12 workers",
                               "Firefighters said a warehouse fire in Springfield injured 12 workers on Sunday night.",
                               pubDate: "Sun, 19 Sep 2021 07:30:00 GMT"),
            "/beta.xml": Self.feed("b1", "Twelve hurt in Springfield warehouse fire",
                              "A fire at a Springfield warehouse injured 12 workers on Sunday night, firefighters said.",
                              pubDate: "Sun, 19 Sep 2021 08:06:00 GMT"),
            "/gamma.xml": Self.feed("g1", "Springfield warehouse owner arrested over fire",
                               "Police arrested the owner of the Springfield warehouse on Monday on suspicion of arson.",
                               pubDate: "Sun, 19 Sep 2021 08:05:00 GMT"),
            "/delta.xml": Self.feed("d1", "Owner of burned Springfield warehouse arrested",
                               "Police arrested the warehouse's owner on Monday on suspicion of arson, officials said.",
                               pubDate: nil),
        ]
        try await LoopbackServer.with({ router in
            // alpha's item is in its feed from the first pull on; the others from the second.
            @Sendable func respond(_ path: String) -> Response {
                let body = path == "/alpha.xml" || second.withLock({ $0 }) ? bodies[path]! : Self.empty
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            router.get("/alpha.xml") { _, _ in respond("/alpha.xml") }
            router.get("/beta.xml") { _, _ in respond("/beta.xml") }
            router.get("/gamma.xml") { _, _ in respond("/gamma.xml") }
            router.get("/delta.xml") { _, _ in respond("/delta.xml") }
        }) { server in
            let list = FeedList(outlets: ["alpha", "beta", "delta", "gamma"].map {
                OutletConfig(id: $0, name: $0.capitalized, feeds: [FeedConfig(url: server.url("/\($0).xml"))])
            })
            _ = try await harness.puller.pull(list, all: true)
            second.withLock { $0 = true }
            harness.clock.advance(600)
            let pulled = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(pulled.newItems == 3)
        }
        let analysis = try await Analysis.load(from: harness.store)
        // The items as one story (`compare` with every story id), whatever the grouping made of them.
        let view = try #require(analysis.combined(storyIDs: analysis.stories.map(\.id)))
        let facts = await Analysis.facts(of: view, outlets: analysis.outlets)
        let detail = ReportBuilder.detail(of: view, facts: facts)
        try #require(detail.events.count == 2)
        let (fire, arrest) = (detail.events[0], detail.events[1])
        #expect(fire.event == 1)
        #expect(fire.items.map(\.itemGuid) == ["a1", "b1"])
        #expect(fire.firstOutlet == "alpha")
        #expect(fire.firstTime == utc("2021-09-19T07:30:00Z"))
        #expect(fire.timeSource == "published")
        #expect(fire.firstReportUnchecked)
        #expect(fire.tiedWith.isEmpty)
        #expect(fire.firstTitle == "Springfield warehouse fire injures 12 workers")
        #expect(arrest.event == 2)
        #expect(arrest.outlets == ["gamma", "delta"])
        #expect(arrest.firstOutlet == "gamma")
        #expect(arrest.firstTime == utc("2021-09-19T08:05:00Z"))
        #expect(arrest.firstWindowStart == utc("2021-09-19T08:00:00Z"))
        #expect(arrest.firstPulled == utc("2021-09-19T08:10:00Z"))
        #expect(!arrest.firstReportUnchecked)
        #expect(arrest.tiedWith == ["delta"])
        let text = CompareText.render(detail)
        #expect(text.contains("  E1  alpha at 2021-09-19T07:30:00Z (published) (the item was already in the feed at Byline's first pull: its pubDate is not checked against a pull): Springfield warehouse fire injures 12 workers"))
        #expect(text.contains("  E2  gamma at 2021-09-19T08:05:00Z (published); tied with delta (overlapping windows): Springfield warehouse owner arrested over fire"))
    }
}
