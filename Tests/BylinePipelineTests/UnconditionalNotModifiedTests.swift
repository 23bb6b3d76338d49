import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// What the test server was asked: per request, whether it carried a validator.
private actor Asked {
    var conditional: [Bool] = []
    func note(_ request: Request) -> Int {
        conditional.append(request.headers[.ifNoneMatch] != nil || request.headers[.ifModifiedSince] != nil)
        return conditional.count - 1
    }
}

/// A server that answers 304 to a request without validators (Byline holds none: the feed's
/// 200 sent neither ETag nor Last-Modified), pulled by `byline pull`: a failed pull with its
/// one line, counted as a failure by the schedule, and no bound of a later item's window.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct UnconditionalNotModifiedTests {
    static func rss(_ guids: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>http://127.0.0.1/</link>
        <description>d</description>\(guids.map { "<item><guid isPermaLink=\"false\">\($0)</guid><title>Story \($0) on the council budget</title><pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate></item>" }.joined())
        </channel></rss>
        """
    }

    @Test func a304ToARequestWithoutValidatorsIsAFailedPull() async throws {
        let folder = try RevertedEditPullTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let asked = Asked()
        try await LoopbackServer.with({ router in
            router.get("/304.xml") { request, _ in
                switch await asked.note(request) {
                case 1: return Response(status: .notModified)
                case 0: return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                                        body: .init(byteBuffer: ByteBuffer(string: Self.rss(["n1"]))))
                default: return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                                         body: .init(byteBuffer: ByteBuffer(string: Self.rss(["n1", "n2"]))))
                }
            }
        }) { server in
            let url = server.url("/304.xml")
            try """
                [[outlet]]
                id = "nm"
                name = "Not Modified News"
                feeds = ["\(url)"]
                """.write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let pull = RevertedEditPullTests.pull
            let first = try await RevertedEditPullTests.byline(pull, in: folder)
            #expect(first.status == 0)
            #expect(first.stdout.hasPrefix("pulled 1 feed: 1 fetched, 0 not modified, 0 failed; 1 new item, 0 new versions;"))

            // The 304: a failure (the only feed failed, so the pull exits 1), not "not modified".
            let second = try await RevertedEditPullTests.byline(pull, in: folder)
            #expect(second.status == 1)
            #expect(second.stdout.hasPrefix("pulled 1 feed: 0 fetched, 0 not modified, 1 failed; 0 new items, 0 new versions;"))
            #expect(second.stderr.contains("pull failed: nm \(url): 304 Not Modified to a request without validators\n"))
            let feeds = try await RevertedEditPullTests.byline(["feeds", "list", "--format", "csv", "--db", "byline.sqlite"], in: folder, model: false)
            #expect(feeds.status == 0)
            let row = try #require(feeds.stdout.split(separator: "\r\n").dropFirst().first).split(separator: ",", omittingEmptySubsequences: false)
            // outlet, url, status, last_status_code, last_success, next_due, failures, last_error
            #expect(Array(row[0...3]) == ["nm", Substring(url), "failing", "304"])
            #expect(row[6] == "1")
            #expect(row[7] == "304 Not Modified to a request without validators")

            // The next 200's new item: its window starts at the first pull, not at the 304.
            let third = try await RevertedEditPullTests.byline(pull, in: folder)
            #expect(third.status == 0)
            #expect(third.stdout.hasPrefix("pulled 1 feed: 1 fetched, 0 not modified, 0 failed; 1 new item, 0 new versions;"))
            #expect(await asked.conditional == [false, false, false])
            #expect(try await RevertedEditPullTests.byline(["report", "--db", "byline.sqlite", "--out", "out"], in: folder).status == 0)
            let coverage = try RevertedEditPullTests.rows("out/coverage.csv", in: folder)
            let n1 = try #require(coverage.first { $0["item_guid"] == "n1" })
            let n2 = try #require(coverage.first { $0["item_guid"] == "n2" })
            #expect(n1["window_start"] == "")
            #expect(n2["window_start"] == n1["first_seen"])
            #expect(n2["first_seen"] != n1["first_seen"])
        }
    }
}
