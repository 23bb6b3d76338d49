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

/// An item edited between two pulls from 127.0.0.1 (a new user's change.xml): the summary's
/// "Five" became "Seven" (a number) and the title's "v1" became "v2" (a label, not a count).
/// `edits.csv` had them the other way round.
@Suite struct EditClassPullTests {
    static func feed(title: String, summary: String) -> String {
        "<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>T</title><link>http://127.0.0.1/</link><description>d</description>\n"
            + "<item><title>\(title)</title><guid>ch-1</guid><pubDate>Sun, 19 Sep 2021 07:00:00 GMT</pubDate>"
            + "<description>\(summary)</description></item>\n</channel></rss>"
    }

    @Test func numberWordsAreNumbersAndAVersionLabelIsNot() async throws {
        let harness = try PullHarness()
        let bodies = Mutex([Self.feed(title: "Change title v1", summary: "Five people were injured in the fire."),
                            Self.feed(title: "Change title v2", summary: "Seven people were injured in the fire.")])
        try await LoopbackServer.with({ router in
            router.get("/change.xml") { _, _ in
                let body = bodies.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }) { server in
            let list = FeedList(outlets: [OutletConfig(id: "chg", name: "Change", feeds: [FeedConfig(url: server.url("/change.xml"))])])
            _ = try await harness.puller.pull(list, all: true)
            harness.clock.advance(600)
            let second = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(second.newVersions == 1)
        }
        let analysis = try await Analysis.load(from: harness.store)
        let report = await ReportBuilder.build(analysis: analysis, outletStats: try harness.store.outletStats(), now: utc("2021-09-20T00:00:00Z"))
        let edits = report.edits.map { "\($0.field) \($0.kind) \($0.reason): \($0.removed) -> \($0.added)" }
        #expect(edits == ["title substantive wording: v1 -> v2", "summary substantive number: Five -> Seven"])
    }
}
