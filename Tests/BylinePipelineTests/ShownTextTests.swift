import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// What the reports and `byline stories` show of an item's text: a 2 MB title made one story
/// page 19.7 MB, `summary.txt` 3.3 MB and `stories.json` 9.9 MB, and an item with no title had a
/// blank headline. Titles are cut to 300 characters and marked, an untitled item is shown by its
/// summary, and the store keeps every text whole.
@Suite struct ShownTextTests {
    @Test(arguments: [
        ("Budget passes", "", "Budget passes"),
        ("", "Police  closed the\nbridge.", "[no title] Police closed the bridge."),
        ("  — ", "Police closed the bridge.", "[no title] Police closed the bridge."),
        ("", "", "[no title] https://example.org/a"),
    ])
    func headlines(title: String, summary: String, shown: String) {
        #expect(ShownText.headline(title: title, summary: summary, link: "https://example.org/a") == shown)
    }

    @Test func cutsAreMarked() {
        let title = String(repeating: "é", count: 301)
        #expect(ShownText.title(title) == String(repeating: "é", count: 300) + "… [cut from 301 characters]")
        #expect(ShownText.title(String(repeating: "é", count: 300)) == String(repeating: "é", count: 300))
        #expect(ShownText.headline(title: "", summary: String(repeating: "a ", count: 200), link: nil)
                == "[no title] " + String(repeating: "a ", count: 150) + "… [cut from 399 characters]")
        #expect(ShownText.headline(title: "", summary: "", link: nil) == "[no title]")
        #expect(ShownText.text(String(repeating: "x", count: 1_001)) == String(repeating: "x", count: 1_000) + "… [cut from 1001 characters]")
    }
}

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct ShownTextReportTests {
    /// Two outlets carrying the same two items: a 2 MB title and an item with a summary only.
    static let feed: String = {
        let huge = "Budget vote" + String(repeating: " budget", count: 285_714)
        return """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
            <item><guid>https://wire.example/huge</guid><link>https://wire.example/huge</link><title>\(huge)</title>
            <description>Parliament passed the budget on Saturday after a long night of votes.</description>
            <pubDate>Sat, 18 Sep 2021 09:00:00 GMT</pubDate></item>
            <item><guid>https://wire.example/untitled</guid><link>https://wire.example/untitled</link>
            <description>Police closed the harbour crossing on Sunday after a lorry fire.</description>
            <pubDate>Sat, 18 Sep 2021 09:30:00 GMT</pubDate></item>
            </channel></rss>
            """
    }()

    @Test func reportsCutHugeTitlesAndNameUntitledItemsBySummary() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-shown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await pullAndReport(feed: Self.feed, into: folder)
        // The store keeps the whole title.
        let store = try Store(path: folder.appendingPathComponent("byline.sqlite").path, readOnly: true)
        let stored = try #require(try store.items().first { $0.guid == "https://wire.example/huge" }?.title)
        #expect(stored.count == 2_000_009)
        let huge = String(stored.prefix(300)) + "… [cut from 2000009 characters]"
        let untitled = "[no title] Police closed the harbour crossing on Sunday after a lorry fire."

        let reports = folder.appendingPathComponent("Reports")
        func read(_ name: String) throws -> String { try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8) }
        let stories = try read("stories.csv").split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(Set(stories.map { String($0[1]) }) == [huge, untitled])
        let coverage = try read("coverage.csv").split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(coverage.map { String($0[4]) }.sorted() == [huge, huge, untitled, untitled])
        let summary = try read("summary.txt")
        #expect(summary.contains("] \(huge)\n"))
        #expect(summary.contains("] \(untitled)\n"))
        let json = try read("stories.json")
        #expect(json.contains("\"headline\":\"\(huge)\""))
        #expect(json.contains("\"headline\":\"\(untitled)\""))
        // No file repeats the title: each is far below its 2 MB.
        for name in try FileManager.default.contentsOfDirectory(atPath: reports.path) {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: reports.appendingPathComponent(name).path)[.size] as? Int)
            #expect(size < 100_000, "\(name): \(size) bytes")
            #expect(!(try read(name)).contains(String(stored.prefix(1_200))), "\(name) holds the title beyond its cut")
        }
    }
}

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct ShownLinkReportTests {
    /// A link of 100,000 characters (a feed that appended its tracking parameters again and
    /// again), also the item's guid (`isPermaLink`).
    static let link: String = {
        let start = "https://wire.example/2021/09/18/budget-vote?utm_source=rss&utm_medium=feed"
        let junk = String(repeating: "&utm_campaign=budget", count: (100_000 - start.count) / 20 + 1)
        return String((start + junk).prefix(100_000))
    }()

    /// Two outlets carrying the same item, so that it is in a story of two outlets.
    static let feed = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
        <item><guid isPermaLink="true">\(link.replacingOccurrences(of: "&", with: "&amp;"))</guid>
        <link>\(link.replacingOccurrences(of: "&", with: "&amp;"))</link>
        <title>Parliament passes the budget after an all-night sitting</title>
        <description>Parliament passed the budget on Saturday after a long night of votes.</description>
        <pubDate>Sat, 18 Sep 2021 09:00:00 GMT</pubDate></item>
        </channel></rss>
        """

    @Test func reportsCutAHugeGuidAndLinkAndTheStoreKeepsThem() async throws {
        #expect(Self.link.count == 100_000)
        let folder = TestFolders.root.appendingPathComponent("byline-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await pullAndReport(feed: Self.feed, into: folder)
        // The store keeps guid and link whole.
        let store = try Store(path: folder.appendingPathComponent("byline.sqlite").path, readOnly: true)
        let items = try store.items()
        #expect(items.map(\.guid) == [Self.link, Self.link])
        #expect(items.map(\.link) == [Self.link, Self.link])

        let shown = String(Self.link.prefix(2_000)) + "… [cut from 100000 characters]"
        let reports = folder.appendingPathComponent("Reports")
        func read(_ name: String) throws -> String { try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8) }
        let coverage = try read("coverage.csv").split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(coverage.map { String($0[1]) }.sorted() == ["a", "b"])
        #expect(coverage.map { String($0[2]) } == [shown, shown])
        #expect(coverage.map { String($0[3]) } == [shown, shown])
        #expect(coverage.map { String($0[4]) } == ["Parliament passes the budget after an all-night sitting",
                                                   "Parliament passes the budget after an all-night sitting"])
        let json = try read("stories.json")
        #expect(json.contains("\"item_guid\":\"\(shown)\",\"item_link\":\"\(shown)\""))
        // No file holds the link beyond its cut, and no page links the cut link.
        let pages = try FileManager.default.contentsOfDirectory(atPath: reports.path)
        #expect(pages.contains { $0.hasSuffix(".html") })
        for name in pages {
            let text = try read(name)
            #expect(!text.contains(String(Self.link.prefix(2_001))), "\(name) holds the link beyond its cut")
            #expect(!text.contains("href=\"https://wire.example/2021"), "\(name) links the cut link")
        }

        // The text of `byline stories --explain` shows the guid cut the same way.
        let outputFile = folder.appendingPathComponent("explain.txt")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = ["stories", "--db", "byline.sqlite", "--explain", "1", "--no-model"]
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 300), "byline stories did not exit")
        #expect(ended == .exit(0))
        let output = try String(contentsOf: outputFile, encoding: .utf8)
        #expect(output.split(separator: "\n").contains { $0 == "  guid \(shown)" })
        #expect(!output.contains(String(Self.link.prefix(2_001))))
    }
}

/// Serves `feed` as the feeds of two outlets, `a` and `b`, on a loopback server, and runs `byline
/// pull` (without the model) and `byline report` into `folder/Reports` as processes, each
/// required to exit 0.
private func pullAndReport(feed: String, into folder: URL) async throws {
    try await LoopbackServer.with({ router in
        for path in ["/a", "/b"] {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: feed)))
            }
        }
    }) { server in
        try ["a", "b"].map { "[[outlet]]\nid = \"\($0)\"\nname = \"Outlet \($0)\"\nfeeds = [\"\(server.url("/\($0)"))\"]\n" }
            .joined(separator: "\n").write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
        let model = ["--no-model"]
        for arguments in [["pull", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite"] + model,
                          ["report", "--db", "byline.sqlite", "--out", "Reports"] + model] {
            let (process, stderr) = try RunCommandTests.launch(arguments, in: folder)
            let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 300), "byline \(arguments[0]) did not exit")
            #expect(ended == .exit(0), "\(arguments[0]): \(stderr.text)")
        }
    }
}
