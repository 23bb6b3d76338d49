import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// `byline pull` as a process, stopped by SIGINT or SIGTERM while a pull is in flight: it starts
/// no other pull, lets the one in flight finish and records it, brings the stories up to date
/// with what was stored, says what was kept and what was not, releases the pull lock and exits
/// 128 + the signal's number. A second signal abandons the pull in flight instead.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct PullSignalTests {
    /// One pull at a time (`--concurrency 1`), in list order: `fast` is pulled and recorded, then
    /// `slow` is held by the server while the signal comes, and `later` is still due, not
    /// started. The signal is answered at once; the test releases `slow` only once the answer
    /// is seen (the pull timeout, 600 s, is far beyond every wait here).
    @Test(arguments: [(SIGINT, 1), (SIGTERM, 1), (SIGINT, 2)])
    func aSignalStopsThePullCleanly(signal: Int32, signals: Int) async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-pull-signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let slowArrived = Recorder()
        let laterArrived = Recorder()
        let release = Recorder()
        let fast = try Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))
        let slow = try Data(contentsOf: fixtureArchive.appendingPathComponent("cnn/20210918T110000Z.xml"))
        let later = try Data(contentsOf: fixtureArchive.appendingPathComponent("nytimes/20210918T113000Z.xml"))
        try await LoopbackServer.with({ router in
            router.get("/fast") { _, _ in Self.feed(fast) }
            router.get("/slow") { request, _ in
                await slowArrived.record(request)
                await release.waitForRelease(upTo: 300)
                return Self.feed(slow)
            }
            router.get("/later") { request, _ in
                await laterArrived.record(request)
                return Self.feed(later)
            }
        }) { server in
            let config = ["fast", "slow", "later"].map { "[[outlet]]\nid = \"\($0)\"\nname = \"\($0)\"\nfeeds = [\"\(server.url("/\($0)"))\"]\n" }
            try config.joined(separator: "\n").write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let arguments = ["pull", "--config", "outlets.toml", "--db", "byline.sqlite", "--no-model"]
            let (process, stdout, stderr) = try Self.launch(arguments + ["--concurrency", "1", "--timeout", "600"], in: folder)
            defer { if process.isAlive { kill(process.processIdentifier, SIGKILL) } }

            // Generous: a debug build on a loaded machine takes its time to start and pull.
            let end = ContinuousClock.now + .seconds(120)
            while await slowArrived.requests < 1, ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(await slowArrived.requests == 1, "the slow pull was not in flight: \(stderr.text)")
            kill(process.processIdentifier, signal)
            let stopping = "byline: stopping: no other pull starts; waiting for 1 pull in flight (at most 600 s), then bringing the "
                + "stories up to date; a second signal (Ctrl-C again) abandons the pulls in flight, keeping every finished pull\n"
            let said = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < said, !stderr.text.contains("stopping") {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(stderr.text.hasSuffix(stopping), "stderr: \(stderr.text)")
            #expect(process.isAlive)
            if signals == 2 {
                kill(process.processIdentifier, signal)
            } else {
                await release.release()
            }
            let exited = try await RunCommandTests.waitForExit(process, seconds: 120) { await release.release() }
            let ended = try #require(exited, "byline pull did not exit within 120 s of the signal")
            #expect(ended == .exit(128 + signal), "stderr: \(stderr.text)")

            let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
            let again = "`byline pull --config outlets.toml --no-model`"
            let errors = stderr.text.split(separator: "\n").map(String.init)
            let output = stdout.text.split(separator: "\n").map(String.init)
            let store = try Store(path: folder.appendingPathComponent("byline.sqlite").path)
            let items = try store.items()
            let assignments = try store.storyAssignments()
            if signals == 1 {
                #expect(errors == [
                    stopping.dropLast(1).description,
                    "byline: stopped by \(name): 2 pulls recorded and kept (5 new items, 0 new versions); 1 due feed not pulled "
                        + "(still due: \(again) pulls it); the stories are up to date",
                ])
                #expect(output == [
                    "pulled 2 feeds: 2 fetched, 0 not modified, 0 failed; 5 new items, 0 new versions; skipped 0 (0 not due, 0 held)",
                    "stories: 5 items placed: 5 new stories, 0 merges, 0 splits; 5 stories touched",
                ])
                #expect(try store.counts()["pull"] == 2)
                #expect(items.count == 5)
                // Every stored item is placed in a story.
                #expect(Set(assignments.keys) == Set(items.map(\.id)))
            } else {
                #expect(errors == [
                    stopping.dropLast(1).description,
                    "byline: second signal: abandoning the pulls in flight (nothing half-written is kept)",
                    "byline: abandoned: slow \(server.url("/slow")): in flight at the second signal, not recorded (still due)",
                    "byline: stopped by \(name): 1 pull recorded and kept (3 new items, 0 new versions); 1 pull in flight abandoned, "
                        + "not recorded; 1 due feed not pulled (still due: \(again) pulls them); no story brought up to date "
                        + "(`byline analyze --no-model` does it)",
                ])
                #expect(output == ["pulled 1 feed: 1 fetched, 0 not modified, 0 failed; 3 new items, 0 new versions; skipped 0 (0 not due, 0 held)"])
                #expect(try store.counts()["pull"] == 1)
                #expect(items.count == 3)
                #expect(assignments.isEmpty)
            }
            #expect(await laterArrived.requests == 0)

            // The pull lock is released: its file is emptied, and a second pull starts and pulls
            // the feeds left due.
            let lock = try String(contentsOf: folder.appendingPathComponent("byline.sqlite-pull.lock"), encoding: .utf8)
            #expect(lock == "")
            await release.release()
            let (next, nextOutput, nextErrors) = try Self.launch(arguments, in: folder)
            let nextEnded = try #require(try await RunCommandTests.waitForExit(next, seconds: 120), "the second pull did not exit")
            #expect(nextEnded == .exit(0), "stderr: \(nextErrors.text)")
            #expect(nextOutput.text.hasPrefix(signals == 1 ? "pulled 1 feed: 1 fetched" : "pulled 2 feeds: 2 fetched"))
            #expect(await laterArrived.requests == 1)
            #expect(try Store(path: folder.appendingPathComponent("byline.sqlite").path).counts()["pull"] == 3)
        }
    }

    /// A 200 carrying the RSS document `body`.
    static func feed(_ body: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Starts `byline ARGUMENTS` (the built executable) in `folder`, its standard output and
    /// standard error collected as they come.
    static func launch(_ arguments: [String], in folder: URL) throws -> (process: Process, stdout: LineCollector, stderr: LineCollector) {
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, LineCollector(stdout.fileHandleForReading), LineCollector(stderr.fileHandleForReading))
    }
}
