import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

/// The line `pull --verbose` (and `run`) prints per pull counts the new versions as the pull log
/// does: a feed whose every item changes at each pull said "200 fetched, 0 new items" while the
/// pull log recorded `new_versions` 2.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct PullLineTests {
    /// Two items whose titles and summaries name the request's number: every pull edits both.
    static func changingFeed(_ pull: Int) -> String {
        let items = (1...2).map { n in
            "<item><guid>https://changing.example/\(n)</guid><link>https://changing.example/\(n)</link>"
                + "<title>Council vote \(n), update \(pull)</title><description>Count number \(pull) of vote \(n).</description>"
                + "<pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate></item>"
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Changing</title><link>https://changing.example/</link>"
            + items.joined() + "</channel></rss>"
    }

    @Test func theLineCountsNewVersions() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-versions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let served = Mutex(0)
        try await LoopbackServer.with({ router in
            router.get("/changing") { _, _ in
                let pull = served.withLock { $0 += 1; return $0 }
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                                body: .init(byteBuffer: ByteBuffer(string: Self.changingFeed(pull))))
            }
        }) { server in
            try "[[outlet]]\nid = \"chg\"\nname = \"Changing\"\nfeeds = [\"\(server.url("/changing"))\"]\n"
                .write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            var lines: [String] = []
            for _ in 1...2 {
                let (process, stderr) = try RunCommandTests.launch(
                    ["pull", "--all", "--verbose", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite"], in: folder)
                let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 360), "byline pull did not exit within 360 s")
                #expect(ended == .exit(0))
                lines += stderr.text.split(separator: "\n").filter { $0.contains(server.url("/changing")) }
                    .map { String($0.replacing(#/ \(\d+ bytes, [0-9.]+ s\); next .*$/#, with: "")) }
            }
            #expect(lines == [
                "byline: chg \(server.url("/changing")) 200 fetched, 2 new items, 0 new versions",
                "byline: chg \(server.url("/changing")) 200 fetched, 0 new items, 2 new versions",
            ])
            let store = try Store(path: folder.appendingPathComponent("byline.sqlite").path, readOnly: true)
            #expect(try store.counts()["item_version"] == 4)
        }
    }

    /// A feed of one item.
    static let oneItemFeed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Same</title><link>https://same.example/</link>"
        + "<item><guid>https://same.example/1</guid><link>https://same.example/1</link><title>Council votes on the harbour bridge</title>"
        + "<pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate></item></channel></rss>"

    /// Runs `body` in a new temporary folder (removed after) that holds `OUTLET.toml`, a config of
    /// one outlet whose one feed is `path` on a loopback server with the routes `serve` adds;
    /// `body` gets the folder and the feed's URL.
    static func withOneFeedConfig(outlet: String, path: String, serve: (Router<BasicRequestContext>) -> Void,
                                  _ body: @Sendable (_ folder: URL, _ url: String) async throws -> Void) async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-\(outlet)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await LoopbackServer.with(serve) { server in
            let url = server.url(path)
            try "[[outlet]]\nid = \"\(outlet)\"\nname = \"\(outlet)\"\nfeeds = [\"\(url)\"]\n"
                .write(to: folder.appendingPathComponent("\(outlet).toml"), atomically: true, encoding: .utf8)
            try await body(folder, url)
        }
    }

    /// Runs `byline ARGUMENTS` in `folder` until it exits (at most 360 s) and returns its status
    /// (the exit code, or 128 + the signal that killed it), standard output and standard error.
    static func run(_ arguments: [String], in folder: URL) async throws -> (status: Int32, stdout: String, stderr: String) {
        let out = folder.appendingPathComponent("stdout-\(UUID().uuidString)"), err = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 360), "byline \(arguments[0]) did not exit within 360 s")
        return (ended.status, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    /// One feed with one item: every count of one is singular. The summary line read "pulled 1
    /// feeds: ...; 1 new items".
    @Test func aPullOfOneFeedAndOneItemCountsInTheSingular() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-singular-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await LoopbackServer.with({ router in
            router.get("/same.xml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: Self.oneItemFeed)))
            }
        }) { server in
            try "[[outlet]]\nid = \"same\"\nname = \"Same\"\nfeeds = [\"\(server.url("/same.xml"))\"]\n"
                .write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let pulled = try await Self.run(["pull", "--timeout", "300", "--config", "outlets.toml", "--db", "b.sqlite"], in: folder)
            #expect(pulled.status == 0)
            #expect(pulled.stdout.hasPrefix("pulled 1 feed: 1 fetched, 0 not modified, 0 failed; 1 new item, 0 new versions; skipped 0 (0 not due, 0 held)\n"))
            // Not on a terminal, the progress line comes once, when the last feed is recorded.
            #expect(pulled.stderr.split(separator: "\n").contains("byline: pulled 1/1 feed, 1 new item, 0 failed"))
        }
    }

    /// A feed that redirects (302) to another outlet's feed: `pull --verbose` names the target
    /// and its outlet on the pull's line and in the failure list, `byline feeds` in
    /// `last_error`, and the item is stored once, under its own outlet (it was stored under both).
    @Test func aRedirectToAnotherOutletsFeedIsNamedByPullAndFeeds() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-redirect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await LoopbackServer.with({ router in
            router.get("/same.xml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                         body: .init(byteBuffer: ByteBuffer(string: Self.oneItemFeed)))
            }
            router.get("/redir.xml") { _, _ in Response(status: .found, headers: [.location: "/same.xml"]) }
        }) { server in
            let same = server.url("/same.xml"), redir = server.url("/redir.xml")
            try "[[outlet]]\nid = \"same\"\nname = \"Same\"\nfeeds = [\"\(same)\"]\n[[outlet]]\nid = \"redir\"\nname = \"Redirect Herald\"\nfeeds = [\"\(redir)\"]\n"
                .write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let pulled = try await Self.run(["pull", "--verbose", "--timeout", "300", "--config", "outlets.toml", "--db", "b.sqlite"], in: folder)
            #expect(pulled.status == 0)
            let line = "redirected to \(same), the feed of outlet 'same'"
            let stderr = pulled.stderr.split(separator: "\n").map { String($0.replacing(#/ \(\d+ bytes, [0-9.]+ s\)(; next .*)?$/#, with: "")) }
            #expect(stderr.filter { $0.hasPrefix("byline: same ") || $0.hasPrefix("byline: redir ") }.sorted() == [
                "byline: redir \(redir) failed (HTTP 200): \(line)",
                "byline: same \(same) 200 fetched, 1 new item, 0 new versions",
            ])
            #expect(stderr.contains("byline: pull failed: redir \(redir): \(line)"))
            #expect(pulled.stdout.hasPrefix("pulled 2 feeds: 1 fetched, 0 not modified, 1 failed; 1 new item, 0 new versions; skipped 0 (0 not due, 0 held)\n"))
            let feeds = try await Self.run(["feeds", "--format", "csv", "--db", "b.sqlite"], in: folder)
            #expect(feeds.status == 0)
            let rows = feeds.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(rows.map { [$0[0], $0[2], $0[3], $0[6], $0.dropFirst(7).joined(separator: ",")] } == [
                ["outlet", "status", "last_status_code", "failures", "last_error"],
                ["redir", "failing", "200", "1", "\"\(line)\""],
                ["same", "active", "200", "0", ""],
            ])
            let store = try Store(path: folder.appendingPathComponent("b.sqlite").path, readOnly: true)
            #expect(try store.items().map { [$0.outletID, $0.guid] } == [["same", "https://same.example/1"]])
        }
    }
}
