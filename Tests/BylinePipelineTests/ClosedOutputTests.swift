import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// The writers as processes whose standard output and standard error are pipes nobody reads
/// any more (`byline pull --verbose 2>&1 | head -1` after its first line): every pull is
/// recorded, the stories are brought up to date, and the exit status is the one the command
/// has with its output read (it died of SIGILL with 5 of 15 pulls recorded, or of SIGPIPE).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct ClosedOutputTests {
    /// The seven fixture snapshots, each served at two paths: 14 feeds of 14 outlets.
    static let snapshots = ["bbc/20210918T100000Z.xml", "bbc/20210918T110000Z.xml", "bbc/20210918T120000Z.xml",
                            "cnn/20210918T100000Z.xml", "cnn/20210918T110000Z.xml",
                            "nytimes/20210918T100500Z.xml", "nytimes/20210918T113000Z.xml"]

    static func withFeeds(_ body: @Sendable (_ folder: URL) async throws -> Void) async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-closed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bodies = try snapshots.map { try Data(contentsOf: fixtureArchive.appendingPathComponent($0)) }
        try await LoopbackServer.with({ router in
            for (index, body) in bodies.enumerated() {
                for copy in ["a", "b"] {
                    router.get("/\(copy)\(index)") { _, _ in
                        Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
                    }
                }
            }
        }) { server in
            let config = (0..<snapshots.count).flatMap { index in
                ["a", "b"].map { copy in "[[outlet]]\nid = \"o\(copy)\(index)\"\nname = \"Outlet \(copy)\(index)\"\nfeeds = [\"\(server.url("/\(copy)\(index)"))\"]\n" }
            }
            try config.joined(separator: "\n").write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
            try await body(folder)
        }
    }

    /// Starts `byline ARGUMENTS` in `folder` with standard output and standard error on pipes
    /// whose reading ends are already closed: every write gets EPIPE (or SIGPIPE).
    static func launchWithClosedOutput(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        try out.fileHandleForReading.close()
        try err.fileHandleForReading.close()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return process
    }

    /// Runs `byline stories` on the database: how it ended, and its stderr, which is empty when
    /// every item is in a saved story (else it notes the items placed for that command only).
    static func storiesNote(in folder: URL) async throws -> (end: ProcessEnd, stderr: String) {
        let (process, lines) = try RunCommandTests.launch(["stories", "--db", "byline.sqlite", "--min-outlets", "1", "--limit", "0"], in: folder)
        let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 120), "byline stories did not exit")
        return (ended, lines.text)
    }

    @Test func pullVerboseWithClosedOutputRecordsEveryPullAndAnalyses() async throws {
        try await Self.withFeeds { folder in
            let process = try Self.launchWithClosedOutput(["pull", "--all", "--verbose", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite"], in: folder)
            let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 180), "byline pull did not exit within 180 s")
            #expect(ended == .exit(0))
            let counts = try Store(path: folder.appendingPathComponent("byline.sqlite").path).counts()
            #expect(counts["pull"] == 14)
            #expect(counts["feed"] == 14)
            let stories = try await Self.storiesNote(in: folder)
            #expect(stories.end == .exit(0))
            #expect(stories.stderr == "")

            // A reader with its output closed does its job and exits 0 as well (it was 141).
            let reader = try Self.launchWithClosedOutput(["stories", "--db", "byline.sqlite", "--min-outlets", "1", "--limit", "0"], in: folder)
            let readerEnded = try #require(try await RunCommandTests.waitForExit(reader, seconds: 120), "byline stories did not exit")
            #expect(readerEnded == .exit(0))
        }
    }

    @Test func runWithClosedOutputRecordsEveryPullAndStopsCleanly() async throws {
        try await Self.withFeeds { folder in
            let process = try Self.launchWithClosedOutput(["run", "--timeout", "300", "--config", "outlets.toml", "--db", "byline.sqlite"], in: folder)
            let database = folder.appendingPathComponent("byline.sqlite").path
            let end = ContinuousClock.now + .seconds(120)
            var pulls = 0
            while ContinuousClock.now < end, process.isAlive {
                if FileManager.default.fileExists(atPath: database), let counts = try? Store(path: database, readOnly: true).counts() {
                    pulls = counts["pull"] ?? 0
                    if pulls == 14 { break }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(pulls == 14)
            #expect(process.isAlive)
            process.terminate()
            let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 120), "byline run did not stop within 120 s of SIGTERM")
            #expect(ended == .exit(0))
            #expect(try Store(path: database).counts()["pull"] == 14)
            let stories = try await Self.storiesNote(in: folder)
            #expect(stories.stderr == "")
        }
    }
}
