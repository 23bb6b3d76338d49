import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// A feed whose entries repeat a guid (a new user's dupguid.xml), pulled from 127.0.0.1: the
/// pull log kept the warning, but `pull` and `pull --verbose` never showed it (they showed the
/// cut-off warning only). Every warning the pull log keeps is shown where that one is.
@Suite struct RepeatedGuidPullTests {
    static let feed = """
        <?xml version='1.0' encoding='utf-8'?>
        <rss version='2.0'><channel><title>T</title><link>http://127.0.0.1/</link><description>d</description>
        <item><title>Dup A first</title><guid>dup</guid><pubDate>Sun, 19 Sep 2021 10:00:00 GMT</pubDate><description>version A</description></item>
        <item><title>Dup B later</title><guid>dup</guid><pubDate>Sun, 19 Sep 2021 12:00:00 GMT</pubDate><description>version B longer text</description></item>
        <item><title>Dup C same time</title><guid>dup</guid><pubDate>Sun, 19 Sep 2021 12:00:00 GMT</pubDate><description>version C</description></item>
        <item><title>No guid no link</title><description>orphan item</description></item>
        </channel></rss>
        """

    static let warning = "2 entries repeat the guid of another entry of the document with other text or times "
        + "(kept the entry with the latest publisher time, then the most text)"

    static func serve(_ router: Router<BasicRequestContext>) {
        router.get("/dupguid.xml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: Self.feed)))
        }
    }

    @Test func theReportCarriesTheWarningThePullLogKeeps() async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with(Self.serve) { server in
            let url = server.url("/dupguid.xml")
            let list = FeedList(outlets: [OutletConfig(id: "dup", name: "Dup", feeds: [FeedConfig(url: url)])])
            let summary = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(summary.newItems == 2)
            #expect(summary.warnings.map(\.text) == [Self.warning])
            let log = try harness.store.pullLog(feedID: try harness.feed(url).state.id)
            #expect(log.map(\.error) == [Self.warning])
        }
    }
}

/// The same through `byline pull`, plain and `--verbose`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct RepeatedGuidCommandTests {
    @Test func pullAndVerbosePullShowTheWarning() async throws {
        try await PullLineTests.withOneFeedConfig(outlet: "dup", path: "/dupguid.xml", serve: RepeatedGuidPullTests.serve) { folder, url in
            let plain = try await PullLineTests.run(["pull", "--timeout", "300", "--config", "dup.toml", "--db", "a.sqlite"], in: folder)
            #expect(plain.status == 0)
            #expect(plain.stderr.split(separator: "\n").map(String.init).contains("byline: warning: dup \(url): \(RepeatedGuidPullTests.warning)"))
            let verbose = try await PullLineTests.run(
                ["pull", "--verbose", "--timeout", "300", "--config", "dup.toml", "--db", "b.sqlite"], in: folder)
            #expect(verbose.status == 0)
            let line = try #require(verbose.stderr.split(separator: "\n").first { $0.hasPrefix("byline: dup \(url) 200 fetched") })
            #expect(line.contains("; warning: \(RepeatedGuidPullTests.warning)"))
        }
    }
}
