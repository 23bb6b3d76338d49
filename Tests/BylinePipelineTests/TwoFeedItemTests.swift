import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// What the feeds of the test's server give: the stage of the story.
private actor FeedStage {
    var stage = 0
    func advance() { stage += 1 }
}

/// One BBC item carried by two feeds of the outlet, with another description in each, pulled
/// by `byline pull` and reported by `byline report`: the second feed's description is no edit
/// (no new version in the pull line, no row in edits.csv, one version in stories.json); the
/// first feed's own change later is one.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct TwoFeedItemTests {
    static let guid = "https://www.bbc.co.uk/news/world-europe-58614229"

    static func rss(_ items: [(guid: String, title: String, description: String)]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>BBC News</title>
        <link>https://www.bbc.co.uk/news/</link>
        \(items.map { "<item><title>\($0.title)</title><description>\($0.description)</description><link>\($0.guid)</link><guid isPermaLink=\"true\">\($0.guid)</guid><pubDate>Fri, 17 Sep 2021 21:52:03 GMT</pubDate></item>" }.joined(separator: "\n"))
        </channel></rss>
        """
    }

    /// The world feed: the item, its description edited at stage 2.
    static func world(_ stage: Int) -> String {
        rss([(guid, "France recalls ambassadors to US and Australia",
              stage < 2 ? "France says it is recalling its ambassadors over a security pact that cost it a submarine deal."
                        : "France is recalling its ambassadors to the US and Australia in protest at the Aukus security pact.")])
    }

    /// The top stories feed: another story first; from stage 1 also the item, described its own way.
    static func top(_ stage: Int) -> String {
        let other = (guid: "https://www.bbc.co.uk/news/world-us-canada-58605637", title: "Gabby Petito: Body found in search for missing woman",
                     description: "A body has been found in a Wyoming national park, the FBI says.")
        return rss(stage < 1 ? [other] : [
            other,
            (guid, "France recalls ambassadors to US and Australia", "The move is an unprecedented sign of anger over the Aukus pact, officials say."),
        ])
    }

    /// Runs `byline ARGUMENTS` in `folder`; its standard output.
    static func byline(_ arguments: [String], in folder: URL) async throws -> String {
        let output = folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = arguments + ["--no-model"]
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 360), "byline \(arguments[0]) did not exit within 360 s")
        #expect(ended == .exit(0), "byline \(arguments.joined(separator: " "))")
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// The data rows of a CSV file of `folder`, split at commas (the cells read here hold none).
    static func rows(_ name: String, in folder: URL) throws -> [[String]] {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\r\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func theSecondFeedsDescriptionIsNoEditAndTheFirstFeedsChangeIs() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-two-feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stage = FeedStage()
        try await LoopbackServer.with({ router in
            router.get("/news/world/rss.xml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                         body: .init(byteBuffer: ByteBuffer(string: Self.world(await stage.stage))))
            }
            router.get("/news/rss.xml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                         body: .init(byteBuffer: ByteBuffer(string: Self.top(await stage.stage))))
            }
        }) { server in
            try """
                [[outlet]]
                id = "bbc"
                name = "BBC News"
                feeds = ["\(server.url("/news/world/rss.xml"))", "\(server.url("/news/rss.xml"))"]
                """.write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let pull = ["pull", "--all", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite"]
            let first = try await Self.byline(pull, in: folder)
            #expect(first.contains("; 2 new items, 0 new versions;"), "\(first)")
            // The top stories feed now carries the item with its own description: no new version.
            await stage.advance()
            let second = try await Self.byline(pull, in: folder)
            #expect(second.contains("; 0 new items, 0 new versions;"), "\(second)")
            _ = try await Self.byline(["report", "--db", "byline.sqlite", "--out", "before"], in: folder)
            #expect(try Self.rows("before/edits.csv", in: folder).isEmpty)
            let coverage = try Self.rows("before/coverage.csv", in: folder)
            #expect(coverage.map { $0[2] }.sorted() == ["https://www.bbc.co.uk/news/world-europe-58614229",
                                                         "https://www.bbc.co.uk/news/world-us-canada-58605637"])
            let json = try String(contentsOf: folder.appendingPathComponent("before/stories.json"), encoding: .utf8)
            #expect(!json.contains("\"versions\":2"))

            // The world feed edits its description: one new version, one edit.
            await stage.advance()
            let third = try await Self.byline(pull, in: folder)
            #expect(third.contains("; 0 new items, 1 new version;"), "\(third)")
            _ = try await Self.byline(["report", "--db", "byline.sqlite", "--out", "after"], in: folder)
            let edits = try Self.rows("after/edits.csv", in: folder)
            #expect(edits.map { Array($0[1...3]) } == [["bbc", Self.guid, "summary"]])
        }
    }
}
