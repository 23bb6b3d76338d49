import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// The built `byline` executable (`swift build --build-tests` builds it with the tests).
let bylineBinary = SharedData.packageRoot.appendingPathComponent(".build/debug/byline")

/// `byline run` as a process: SIGTERM while a pull is in flight lets it finish, records it, and
/// exits 0.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct RunCommandTests {
    @Test func sigtermFinishesTheInFlightPullAndExitsZero() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let slowArrived = Recorder()
        let release = Recorder()
        let body = try Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))
        try await LoopbackServer.with({ router in
            router.get("/fast") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
            router.get("/slow") { request, _ in
                await slowArrived.record(request)
                await release.waitForRelease(upTo: 150)
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }) { server in
            let config = """
                [[outlet]]
                id = "fast"
                name = "Fast"
                feeds = ["\(server.url("/fast"))"]

                [[outlet]]
                id = "slow"
                name = "Slow"
                feeds = ["\(server.url("/slow"))"]
                """
            try config.write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            // A pull timeout far beyond the test's waits: a loaded machine must not time the
            // held pull out before SIGTERM is sent.
            let (process, lines) = try Self.launch(["run", "--config", "outlets.toml", "--db", "byline.sqlite", "--timeout", "600"], in: folder)

            // Wait until the fast feed is recorded and the slow one is in flight.
            let database = folder.appendingPathComponent("byline.sqlite").path
            // Generous: a debug build loading the model on a loaded machine takes its time.
            let end = ContinuousClock.now + .seconds(120)
            var pulls = 0
            while ContinuousClock.now < end {
                if await slowArrived.requests == 1, FileManager.default.fileExists(atPath: database),
                   let counts = try? Store(path: database).counts(), counts["pull"] == 1 {
                    pulls = 1
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(pulls == 1, "the fast pull was not recorded while the slow one was in flight")
            process.terminate()  // SIGTERM
            try await Task.sleep(for: .milliseconds(200))
            await release.release()
            let ended = try #require(try await Self.waitForExit(process, seconds: 120), "byline run did not exit within 120 s of SIGTERM")
            let errors = lines.text
            #expect(ended == .exit(0), "stderr: \(errors)")
            let store = try Store(path: database)
            #expect(try store.counts()["pull"] == 2)
            #expect(try store.counts()["item"] == 6)
            #expect(errors.hasSuffix("byline: stopped; every finished pull is recorded\n"))
            #expect(await slowArrived.requests == 1)
        }
    }

    /// Three feeds of one host (two at a time, the fetcher's per-host limit), every request held
    /// by the server: the third is due but waits for its host, so SIGTERM never starts it; the
    /// two in flight finish and are recorded. The first signal is answered at once with what
    /// `run` waits for. A second signal instead abandons the pulls in flight at once, recording
    /// none.
    @Test(arguments: [1, 2])
    func aShutdownStartsNoPullThatWaitsForItsHost(signals: Int) async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-host-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let arrived = Recorder()
        let release = Recorder()
        let body = try Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))
        try await LoopbackServer.with({ router in
            router.get("/feed/:n") { request, _ in
                await arrived.record(request)
                await release.waitForRelease(upTo: 150)
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }) { server in
            let config = (1...3).map { "[[outlet]]\nid = \"o\($0)\"\nname = \"Outlet \($0)\"\nfeeds = [\"\(server.url("/feed/\($0)"))\"]\n" }
                .joined(separator: "\n")
            try config.write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            // The server holds both pulls until the test releases them; with the default 30 s
            // timeout a loaded machine (the test process starved for CPU) saw them time out
            // before it looked, so the pulls here may take 600 s.
            let (process, lines) = try Self.launch(["run", "--config", "outlets.toml", "--db", "byline.sqlite", "--timeout", "600",
                                                    "--no-model"], in: folder)

            let end = ContinuousClock.now + .seconds(120)
            while await arrived.requests < 2, ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(await arrived.requests == 2, "two pulls of the host were not in flight")
            try await Task.sleep(for: .milliseconds(300))
            #expect(await arrived.requests == 2)  // the third waits for its host
            // The first signal (SIGINT, as Ctrl-C sends) is answered at once, while both pulls
            // are still held by the server.
            process.interrupt()
            let stopping = "byline: stopping: waiting for 2 pulls in flight (at most 600 s); "
                + "a second signal (Ctrl-C again) stops at once, keeping every finished pull\n"
            let said = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < said, !lines.text.contains("stopping") {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(lines.text.hasSuffix(stopping))
            #expect(process.isAlive)
            if signals == 2 {
                process.terminate()
                try await Task.sleep(for: .milliseconds(300))
            }
            if signals == 1 { await release.release() }
            let exited = try await Self.waitForExit(process, seconds: 120) { await release.release() }
            let ended = try #require(exited, "byline run did not exit within 120 s of the signal")
            let errors = lines.text
            #expect(ended == .exit(0), "stderr: \(errors)")
            #expect(await arrived.requests == 2)
            let store = try Store(path: folder.appendingPathComponent("byline.sqlite").path)
            if signals == 1 {
                #expect(try store.counts()["pull"] == 2)
                #expect(errors.hasSuffix("byline: stopped; every finished pull is recorded\n"))
            } else {
                #expect(try store.counts()["pull"] ?? 0 == 0)
                #expect(errors.contains("byline: second signal: abandoning the pulls in flight (nothing half-written is kept)\n"))
                #expect(errors.hasSuffix("byline: stopped; the pulls in flight were abandoned, every finished pull is recorded\n"))
            }
        }
    }

    /// Between pulls `run` sleeps: after its first pull, five idle seconds cost it under half a
    /// second of CPU (a cancelled wake-up used to be answered by a new one, forever: a core spun
    /// and memory grew by about 50 MB a second).
    @Test func betweenPullsRunSleeps() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-idle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let body = try Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))
        try await LoopbackServer.with({ router in
            router.get("/feed") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }) { server in
            try "[[outlet]]\nid = \"bbc\"\nname = \"BBC News\"\nfeeds = [\"\(server.url("/feed"))\"]\n"
                .write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let (process, lines) = try Self.launch(["run", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite", "--no-model"], in: folder)
            defer { if process.isAlive { process.interrupt(); process.interrupt() } }
            let end = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < end, !lines.text.contains("stories:") {
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(lines.text.contains("stories:"), "the first pull was not analysed: \(lines.text)")
            let before = try Self.cpuSeconds(process.processIdentifier)
            try await Task.sleep(for: .seconds(5))
            let used = try Self.cpuSeconds(process.processIdentifier) - before
            #expect(used < 0.5, "\(used) s of CPU in 5 idle seconds")
            process.terminate()
            let ended = try #require(try await Self.waitForExit(process, seconds: 60))
            #expect(ended == .exit(0))
        }
    }

    /// `pull --verbose` says how each pull ended once it is recorded: a 200 that is a billion
    /// laughs or an HTML page is a failure with its status and reason, never "fetched" (the
    /// fetcher's own line, which came before the parse, said so).
    @Test func pullVerboseTellsEachOutcome() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-verbose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bomb = try Data(contentsOf: fixtureArchive.deletingLastPathComponent().appendingPathComponent("billion-laughs.xml"))
        try await LoopbackServer.with({ router in
            router.get("/laughs") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: bomb)))
            }
            router.get("/page") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html><body>Sign in</body></html>")))
            }
            router.get("/gone") { _, _ in Response(status: .internalServerError) }
        }) { server in
            let config = ["laughs", "page", "gone"].map { "[[outlet]]\nid = \"\($0)\"\nname = \"\($0)\"\nfeeds = [\"\(server.url("/\($0)"))\"]\n" }
            try config.joined(separator: "\n").write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let (process, lines) = try Self.launch(["pull", "--verbose", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite"], in: folder)
            let ended = try #require(try await Self.waitForExit(process, seconds: 120), "byline pull did not exit within 120 s")
            let verbose = lines.text.split(separator: "\n").filter { $0.contains(server.url("/")) && !$0.contains("pull failed:") }
                .map { $0.replacing(#/ \(\d+ bytes, [0-9.]+ s\); next .*$/#, with: "") }.sorted()
            #expect(verbose == [
                "byline: gone \(server.url("/gone")) failed (HTTP 500): HTTP 500",
                "byline: laughs \(server.url("/laughs")) failed (HTTP 200): refused: an entity expansion bomb at line 15 (Detected an entity reference loop)",
                "byline: page \(server.url("/page")) failed (HTTP 200): not a feed: an HTML page (<html>)",
            ])
            #expect(!lines.text.contains("fetched"))
            #expect(ended == .exit(1))
        }
    }

    /// `pull --timeout 2`: a server that holds the request fails that pull as timed out after
    /// 2 s, recorded as such in the pull log (the one feed failed, so the command exits 1).
    @Test func aPullTimeoutIsTheOptionsSeconds() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-timeout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let release = Recorder()
        try await LoopbackServer.with({ router in
            router.get("/held") { _, _ in
                await release.waitForRelease(upTo: 60)
                return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: "<rss/>")))
            }
        }) { server in
            try "[[outlet]]\nid = \"held\"\nname = \"Held\"\nfeeds = [\"\(server.url("/held"))\"]\n"
                .write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            let (process, lines) = try Self.launch(["pull", "--verbose", "--timeout", "2", "--config", "outlets.toml", "--db", "byline.sqlite",
                                                    "--no-model"], in: folder)
            let exited = try await Self.waitForExit(process, seconds: 120) { await release.release() }
            let ended = try #require(exited, "byline pull did not exit within 120 s")
            #expect(ended == .exit(1), "stderr: \(lines.text)")
            #expect(lines.text.contains("byline: held \(server.url("/held")) failed: timed out after 2 s (0 bytes, "))
            let store = try Store(path: folder.appendingPathComponent("byline.sqlite").path)
            let held = try #require(try store.feeds().first { $0.url == server.url("/held") })
            #expect(try store.pullLog(feedID: held.id).map { "\($0.status) \($0.error ?? "")" } == ["failed timed out after 2 s"])
        }
    }

    /// Starts `byline ARGUMENTS` (the built executable) in `folder`, its standard error
    /// collected as it comes, its standard output discarded.
    static func launch(_ arguments: [String], in folder: URL) throws -> (process: Process, stderr: LineCollector) {
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, LineCollector(stderr.fileHandleForReading))
    }

    /// Waits up to `seconds` for `process` to end by itself and returns how it ended, nil when
    /// it did not; `afterWait` runs once the wait ends either way. A process still running is
    /// interrupted twice, then (5 s later) killed, so that a failed test leaves no `byline run`
    /// behind (a left one spun a CI machine). The wait is `waitpid`'s (``Process/end(within:)``),
    /// not Foundation's, which can miss an exit: the process is reaped, so use the value returned,
    /// never its `terminationStatus`, `terminationReason` or `isRunning` (``Process/isAlive``
    /// instead). The last lines of its standard error have 0.2 s to arrive.
    static func waitForExit(_ process: Process, seconds: Int,
                            afterWait: () async -> Void = {}) async throws -> ProcessEnd? {
        let end = try await process.end(within: Double(seconds))
        await afterWait()
        if end == nil {
            if process.isAlive {
                process.interrupt()
                process.interrupt()
            }
            // Killed with SIGKILL and reaped when still running 5 s later.
            do { _ = try await process.exitStatus(within: 5) } catch is ProcessTimeout {}
        }
        try await Task.sleep(for: .milliseconds(200))
        return end
    }

    /// A process that does not exit within the wait is not counted as exited: `afterWait` runs
    /// once, and the process is interrupted, then killed (this `sleep` starts with SIGINT blocked,
    /// as children of the test runner do) and reaped, so no zombie is left and its pid is no
    /// longer ours to signal.
    @Test func aProcessThatDoesNotExitIsKilledAndReaped() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec sleep 3600"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isAlive { kill(process.processIdentifier, SIGKILL) } }
        var afterWaits = 0
        let ended = try await Self.waitForExit(process, seconds: 1) { afterWaits += 1 }
        #expect(ended == nil)
        #expect(afterWaits == 1)
        #expect(!process.isAlive)
        var status: Int32 = 0
        #expect(waitpid(process.processIdentifier, &status, WNOHANG) == -1 && errno == ECHILD)
    }

    /// User + system CPU seconds of a process (`/proc/PID/stat`, fields 14 and 15, in clock ticks of 1/100 s).
    static func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        return (Double(fields[11]) ?? 0) / 100 + (Double(fields[12]) ?? 0) / 100
    }

    /// Started on a full disk, `run` cannot even create its database: it says so, waits and
    /// tries again, and pulls once space is freed; SIGTERM then stops it with exit 0.
    @Test func startedOnAFullDiskItWaitsForSpaceAndThenPulls() async throws {
        let name = "byline-full-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent(name)) }
        guard let folder = try SmallDisk.mounted(name, in: FileManager.default.temporaryDirectory, size: "2m",
                                                 untested: "the full-disk start of `run`") else { return }
        defer { SmallDisk.unmount(folder) }
        // Fill the disk.
        let filler = folder.appendingPathComponent("filler")
        try #require(FileManager.default.createFile(atPath: filler.path, contents: nil))
        let handle = try FileHandle(forWritingTo: filler)
        let block = Data(count: 64 * 1024)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()

        let body = try Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T120000Z.xml"))
        try await LoopbackServer.with({ router in
            router.get("/feed") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }) { server in
            let config = folder.deletingLastPathComponent().appendingPathComponent("byline-full-\(UUID().uuidString).toml")
            defer { try? FileManager.default.removeItem(at: config) }
            try "[[outlet]]\nid = \"bbc\"\nname = \"BBC News\"\nfeeds = [\"\(server.url("/feed"))\"]\n"
                .write(to: config, atomically: true, encoding: .utf8)
            let (process, lines) = try Self.launch(["run", "--timeout", "300", "--config", config.path, "--db", "byline.sqlite"], in: folder)

            let end = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < end, !lines.text.contains("trying again in 5 s") {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(process.isAlive)
            try FileManager.default.removeItem(at: filler)
            while ContinuousClock.now < end, !lines.text.contains("fetched") {
                try await Task.sleep(for: .milliseconds(50))
            }
            process.terminate()
            let ended = try #require(try await Self.waitForExit(process, seconds: 120), "byline run did not exit within 120 s of SIGTERM")
            let errors = lines.text
            #expect(ended == .exit(0), "stderr: \(errors)")
            #expect(errors.hasPrefix("byline: byline.sqlite: database or disk is full; trying again in 5 s (SIGINT or SIGTERM stops)\n"))
            #expect(errors.contains("bbc \(server.url("/feed")) 200 fetched, 3 new items"))
            let store = try Store(path: folder.appendingPathComponent("byline.sqlite").path)
            #expect(try store.counts()["item"] == 3)
        }
    }
}

/// Collects what a pipe delivers, as text, while the process runs.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    init(_ handle: FileHandle) {
        handle.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self, !chunk.isEmpty else { return }
            self.lock.withLock { self.data.append(chunk) }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
