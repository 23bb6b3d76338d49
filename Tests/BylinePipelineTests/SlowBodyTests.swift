import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// A server that answers 200 at once and then sends its body a byte at a time, too slowly to
/// finish within the pull's time (a new user's drip.xml, one byte every 0.5 s): the timed-out
/// pull said "0 bytes" although bytes had arrived.
@Suite struct SlowBodyTests {
    @Test func aTimedOutPullCountsTheBytesThatArrived() async throws {
        // 60 s: on a loaded machine (the whole suite on 2 cores, a clean clone's first run) 5 s
        // and even 15 s could pass before the client had read the response head, and the pull
        // then rightly counted nothing. The test takes the whole minute, beside the others.
        let harness = try PullHarness(settings: FetchSettings(totalTimeout: 60))
        let recorder = Recorder()
        let head = Array("<?xml version=\"1.0\"?><rss version=\"2.0\">".utf8)
        try await LoopbackServer.with({ router in
            router.get("/drip.xml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: ResponseBody { writer in
                    // 40 bytes one at a time, then nothing until the test ends (an hour at most).
                    for byte in head { try await writer.write(ByteBuffer(bytes: [byte])) }
                    await recorder.waitForRelease(upTo: 3600)
                    try await writer.write(ByteBuffer(string: "</rss>"))
                })
            }
        }) { server in
            let url = server.url("/drip.xml")
            let list = FeedList(outlets: [OutletConfig(id: "drip", name: "Drip", feeds: [FeedConfig(url: url)])])
            let target = try #require(try await harness.puller.targets(list).first)
            let report = try await harness.puller.pull(target)
            await recorder.release()
            try await harness.shutdown()
            #expect(head.count == 40)
            #expect(report.bytes == 40)
            #expect(report.statusCode == 200)
            guard case .failed(let failure) = report.outcome else { Issue.record("not failed: \(report.outcome)"); return }
            #expect(failure.description == "timed out after 60 s")
            let log = try harness.store.pullLog(feedID: try harness.feed(url).state.id)
            #expect(log.map(\.error) == ["timed out after 60 s"])
            #expect(log.map(\.httpStatus) == [200])
        }
    }
}
