import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// How many times the test server's feed was asked for.
private actor Requests {
    var count = 0
    func next() -> Int {
        defer { count += 1 }
        return count
    }
}

/// A feed whose item goes back to an earlier text, pulled by `byline pull` and reported by
/// `byline report`: each return is a new version (the pull line, edits.csv, stories.json) and
/// the latest title is the text the feed gives last.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct RevertedEditPullTests {
    static let a = "Minister resigns over scandal"
    static let b = "Minister resigns over expenses scandal and says sorry"

    static func rss(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>http://127.0.0.1/</link>
        <description>d</description><item><guid isPermaLink="false">f1</guid><title>\(title)</title>
        <pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate><description>The minister said he would step down.</description></item>
        </channel></rss>
        """
    }

    /// Runs `byline ARGUMENTS` in `folder` (with a `--model` that is not there, unless `model`
    /// is false: a command that takes none): its exit status (128 + the signal that killed it,
    /// if one did), standard output and standard error.
    static func byline(_ arguments: [String], in folder: URL, model: Bool = true) async throws -> (status: Int32, stdout: String, stderr: String) {
        let output = folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        let error = folder.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: error.path, contents: nil)
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = arguments + (model ? ["--no-model"] : [])
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        try process.run()
        let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 300), "byline \(arguments[0]) did not exit")
        return (ended.status, try String(contentsOf: output, encoding: .utf8), try String(contentsOf: error, encoding: .utf8))
    }

    /// The rows of a CSV file of `folder` as column name to cell, split at commas (the cells
    /// read here hold none).
    static func rows(_ name: String, in folder: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\r\n")
        let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    static func folder() throws -> URL {
        let folder = TestFolders.root.appendingPathComponent("byline-revert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func writeConfig(_ url: String, in folder: URL) throws {
        try """
            [[outlet]]
            id = "flip"
            name = "Flip Flop"
            feeds = ["\(url)"]
            """.write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
    }

    /// `--timeout 300`: a loaded machine running the whole suite once took over 30 s for a loopback pull.
    static let pull = ["pull", "--all", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite"]

    /// Title A, B, A, B, A, then A once more: five versions, four edits, the latest title A.
    @Test func aTitleThatFlipsBackIsAVersionEachTime() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let requests = Requests()
        try await LoopbackServer.with({ router in
            router.get("/flip.xml") { _, _ in
                let n = await requests.next()
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                                body: .init(byteBuffer: ByteBuffer(string: Self.rss(title: n % 2 == 0 || n >= 5 ? Self.a : Self.b))))
            }
        }) { server in
            try Self.writeConfig(server.url("/flip.xml"), in: folder)
            var lines: [String] = []
            for _ in 0..<6 {
                let pulled = try await Self.byline(Self.pull, in: folder)
                #expect(pulled.status == 0)
                lines.append(pulled.stdout.split(separator: "\n").first.map(String.init) ?? "")
            }
            #expect(lines.map { $0.components(separatedBy: "; ")[1] } == [
                "1 new item, 0 new versions", "0 new items, 1 new version", "0 new items, 1 new version",
                "0 new items, 1 new version", "0 new items, 1 new version", "0 new items, 0 new versions",
            ])
            #expect(try await Self.byline(["report", "--db", "byline.sqlite", "--out", "out"], in: folder).status == 0)
            let coverage = try Self.rows("out/coverage.csv", in: folder)
            #expect(coverage.map { $0["item_guid"] } == ["f1"])
            #expect(coverage.map { $0["title"] } == [Self.a])
            // The latest title is the first one again: the column is empty (it was B).
            #expect(coverage.map { $0["latest_title"] } == [""])
            let edits = try Self.rows("out/edits.csv", in: folder)
            #expect(edits.map { [$0["field"], $0["removed"], $0["added"]] } == [
                ["title", "", "expenses and says sorry"], ["title", "expenses and says sorry", ""],
                ["title", "", "expenses and says sorry"], ["title", "expenses and says sorry", ""],
            ])
            let json = try String(contentsOf: folder.appendingPathComponent("out/stories.json"), encoding: .utf8)
            #expect(json.contains("\"versions\":5"))
        }
    }

    /// A feed that switches RSS -> Atom -> RSS: the Atom entry's text (its summary) and the
    /// return to the RSS text are a version each.
    @Test func aFeedSwitchingToAtomAndBackIsAVersionEachWay() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let requests = Requests()
        let rss = """
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>http://127.0.0.1/</link>
            <description>d</description><item><guid isPermaLink="false">http://127.0.0.1/s1</guid><title>Switch story one</title>
            <link>http://127.0.0.1/s1</link><pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate><description></description></item>
            </channel></rss>
            """
        let atom = """
            <?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>
            <updated>2021-09-18T10:00:00Z</updated><entry><id>http://127.0.0.1/s1</id><title>Switch story one</title>
            <link href="http://127.0.0.1/s1"/><updated>2021-09-18T10:00:00Z</updated><summary>Atom summary</summary></entry></feed>
            """
        try await LoopbackServer.with({ router in
            router.get("/switch.xml") { _, _ in
                let n = await requests.next()
                return Response(status: .ok, headers: [.contentType: n == 1 ? "application/atom+xml" : "application/rss+xml"],
                                body: .init(byteBuffer: ByteBuffer(string: n == 1 ? atom : rss)))
            }
        }) { server in
            try Self.writeConfig(server.url("/switch.xml"), in: folder)
            var lines: [String] = []
            for _ in 0..<4 {
                let pulled = try await Self.byline(Self.pull, in: folder)
                #expect(pulled.status == 0)
                lines.append(pulled.stdout.split(separator: "\n").first.map(String.init) ?? "")
            }
            #expect(lines.map { $0.components(separatedBy: "; ")[1] } == [
                "1 new item, 0 new versions", "0 new items, 1 new version", "0 new items, 1 new version", "0 new items, 0 new versions",
            ])
            #expect(try await Self.byline(["report", "--db", "byline.sqlite", "--out", "out"], in: folder).status == 0)
            let edits = try Self.rows("out/edits.csv", in: folder)
            #expect(edits.map { [$0["field"], $0["removed"], $0["added"]] } == [
                ["summary", "", "Atom summary"], ["summary", "Atom summary", ""],
            ])
            let json = try String(contentsOf: folder.appendingPathComponent("out/stories.json"), encoding: .utf8)
            #expect(json.contains("\"versions\":3"))
        }
    }
}
