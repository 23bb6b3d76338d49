import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// One puller per SQLite file: two `byline run` processes on one file pulled every feed twice
/// (the pull log had each feed twice, 1 ms apart). A second `run`, or a `pull` beside a `run`,
/// refuses with one line naming the process that pulls, and pulls nothing; once that one has
/// stopped, the next pull goes ahead.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct ScheduleLockTests {
    @Test func aSecondRunOrAPullBesideARunRefusesAndPullsNothing() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let requests = Recorder()
        let body = try Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))
        try await LoopbackServer.with({ router in
            router.get("/bbc") { request, _ in
                await requests.record(request)
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }) { server in
            try "[[outlet]]\nid = \"bbc\"\nname = \"BBC News\"\nfeeds = [\"\(server.url("/bbc"))\"]\n"
                .write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let database = folder.appendingPathComponent("byline.sqlite").path
            let arguments = ["--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite", "--no-model"]
            let (first, firstErrors) = try RunCommandTests.launch(["run"] + arguments, in: folder)
            let end = ContinuousClock.now + .seconds(120)
            var pulls = 0
            while ContinuousClock.now < end, first.isAlive {
                if FileManager.default.fileExists(atPath: database), let counts = try? Store(path: database, readOnly: true).counts() {
                    pulls = counts["pull"] ?? 0
                    if pulls == 1 { break }
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(pulls == 1, "the first run did not pull: \(firstErrors.text)")

            let refusal = #/^byline: byline\.sqlite: another Byline process pulls this database's feeds: pid (\d+) \(byline run since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\); a second pull or run on one SQLite file would pull every feed twice, so nothing was pulled \(stop that one first, or share the schedule on PostgreSQL: --db postgres:\/\/\.\.\.\)\n$/#
            for command in [["run"], ["pull", "--all"]] {
                let (second, secondErrors) = try RunCommandTests.launch(command + arguments, in: folder)
                let ended = try #require(try await RunCommandTests.waitForExit(second, seconds: 60), "byline \(command[0]) beside a run did not exit")
                #expect(ended == .exit(1))
                let match = try #require(secondErrors.text.wholeMatch(of: refusal), "\(command[0]): \(secondErrors.text)")
                #expect(Int32(match.1) == first.processIdentifier)
            }
            #expect(await requests.requests == 1)
            #expect(try Store(path: database, readOnly: true).counts()["pull"] == 1)

            first.terminate()
            let firstEnded = try #require(try await RunCommandTests.waitForExit(first, seconds: 60), "byline run did not stop")
            #expect(firstEnded == .exit(0))
            // The lock is free again (and its file emptied): a pull now pulls.
            #expect(try String(contentsOfFile: database + "-pull.lock", encoding: .utf8) == "")
            let (pull, pullErrors) = try RunCommandTests.launch(["pull", "--all"] + arguments, in: folder)
            let pullEnded = try #require(try await RunCommandTests.waitForExit(pull, seconds: 120), "byline pull did not exit")
            #expect(pullEnded == .exit(0), "\(pullErrors.text)")
            #expect(await requests.requests == 2)
            #expect(try Store(path: database, readOnly: true).counts()["pull"] == 2)
        }
    }
}
