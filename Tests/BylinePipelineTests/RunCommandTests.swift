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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("byline-run-\(UUID().uuidString)")
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
                await release.waitForRelease(upTo: 20)
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
            let process = Process()
            process.executableURL = bylineBinary
            process.arguments = ["run", "--config", "outlets.toml", "--db", "byline.sqlite"]
            process.currentDirectoryURL = folder
            let stderr = Pipe()
            process.standardError = stderr
            process.standardOutput = FileHandle.nullDevice
            try process.run()

            // Wait until the fast feed is recorded and the slow one is in flight.
            let database = folder.appendingPathComponent("byline.sqlite").path
            let end = ContinuousClock.now + .seconds(20)
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
            while process.isRunning, ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(50))
            }
            let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0, "stderr: \(errors)")
            let store = try Store(path: database)
            #expect(try store.counts()["pull"] == 2)
            #expect(try store.counts()["item"] == 6)
            #expect(errors.hasSuffix("byline: stopped; every finished pull is recorded\n"))
            #expect(await slowArrived.requests == 1)
        }
    }
}
