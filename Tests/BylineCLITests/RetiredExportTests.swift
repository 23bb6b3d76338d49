import BylineFetch
import BylineTestSupport
import Foundation
import Hummingbird
import Testing

/// `byline feeds export` leaves out the feeds a 410 retired, and says which on stderr: a new
/// user's export of `bad.toml` wrote 27 of its 28 feeds and said nothing of the 28th.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct RetiredExportTests {
    static let rss = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Ok</title>
        <item><guid>o1</guid><title>Parliament passes the budget</title><pubDate>Sat, 18 Sep 2021 09:30:00 GMT</pubDate></item>
        </channel></rss>
        """

    @Test func retiredFeedsAreNamedOnStderrAsTheyAreLeftOut() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await LoopbackServer.with({ router in
            for path in ["/ok.xml", "/ok2.xml"] {
                router.get("\(path)") { _, _ -> Response in
                    Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: Self.rss)))
                }
            }
            for path in ["/gone.xml", "/gone2.xml"] {
                router.get("\(path)") { _, _ -> Response in Response(status: .gone) }
            }
        }) { server in
            // `gone` has only a retired feed; `mixed` has one of each.
            try Data("""
                [[outlet]]
                id = "ok"
                name = "Ok"
                feeds = ["\(server.url("/ok.xml"))"]

                [[outlet]]
                id = "gone"
                name = "Gone"
                feeds = ["\(server.url("/gone.xml"))"]

                [[outlet]]
                id = "mixed"
                name = "Mixed"
                feeds = ["\(server.url("/ok2.xml"))", "\(server.url("/gone2.xml"))"]
                """.utf8).write(to: folder.appendingPathComponent("bad.toml"))
            let pull = try await CLI.runAwaiting(["pull", "--config", "bad.toml", "--db", "t.sqlite", "--no-model"], in: folder)
            #expect(pull.status == 0, "\(pull.stderr)")
            let export = try await CLI.runAwaiting(["feeds", "export", "--db", "t.sqlite", "--config", "bad.toml", "--output", "feeds.opml"], in: folder)
            #expect(export.status == 0, "\(export.stderr)")
            let lines = export.stderr.split(separator: "\n").map { line in
                // The retirement time is the pull's: checked for its form, then shown as T.
                String(line).replacing(/on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, with: "on T")
            }
            #expect(lines == [
                "byline: feeds export: left out retired feed \(server.url("/gone.xml")) of outlet 'gone' (HTTP 410 Gone on T: "
                    + "Byline pulls it no more; the outlet has no other feed and is left out too)",
                "byline: feeds export: left out retired feed \(server.url("/gone2.xml")) of outlet 'mixed' (HTTP 410 Gone on T: Byline pulls it no more)",
            ])
            let list = try FeedList.load(contentsOf: folder.appendingPathComponent("feeds.opml").path)
            #expect(list.outlets.map { "\($0.id) \($0.feeds.map(\.url))" } == ["mixed [\"\(server.url("/ok2.xml"))\"]", "ok [\"\(server.url("/ok.xml"))\"]"])
        }
    }
}
