import BylineFetch
import BylineTestSupport
import Foundation
import Testing

/// `byline feeds export --config` keeps the config's `default_interval`, so that the export used
/// as a config pulls as often as the config did (it fell back to 900 s: the OPML carried only
/// each feed's own interval).
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct ExportedIntervalTests {
    @Test func theExportOfAConfigWithADefaultIntervalKeepsIt() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two feeds on a closed loopback port: the pull fails, and the feeds are stored.
        try Data("""
            default_interval = 60

            [[outlet]]
            id = "bbc"
            name = "BBC News"
            feeds = ["http://127.0.0.1:9/news.xml", { url = "http://127.0.0.1:9/world.xml", interval = 600 }]
            """.utf8).write(to: folder.appendingPathComponent("good.toml"))
        let pull = try CLI.run(["pull", "--config", "good.toml", "--db", "good.sqlite", "--no-model"], in: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("good.sqlite").path), "\(pull.stderr)")
        let export = try CLI.run(["feeds", "export", "--db", "good.sqlite", "--config", "good.toml", "--output", "feeds.opml"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        let path = folder.appendingPathComponent("feeds.opml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("    <title>Byline feeds</title>\n    <byline:defaultInterval>60</byline:defaultInterval>\n  </head>\n"))
        let list = try FeedList.load(contentsOf: path)
        #expect(list.defaultIntervalSeconds == 60)
        #expect(list.outlets.flatMap(\.feeds).map { list.intervalSeconds(of: $0) } == [60, 600])
    }
}
