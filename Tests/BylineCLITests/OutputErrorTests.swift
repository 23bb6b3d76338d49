import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// Standard output that cannot be written (a full disk, a file size limit) is a failed command
/// with one line saying so, not a success with the output cut short.
@Suite(.enabled(if: CLI.available && FileManager.default.fileExists(atPath: "/dev/full"), "skipped: no .build/debug/byline or no /dev/full"))
struct OutputErrorTests {
    static let noSpace = "byline: cannot write standard output: No space left on device; what was asked for is incomplete\n"

    /// Runs `script` with `sh -c`, `$B` the binary, in `folder`; its status and standard error.
    static func shell(_ script: String, in folder: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(["B": CLI.binary.path]) { $1 }
        process.currentDirectoryURL = folder
        let err = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let status = try process.exitStatus(within: 120)
        return (status, try String(contentsOf: err, encoding: .utf8))
    }

    @Test func aReadingCommandOnAFullDiskFails() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try UnprivilegedUserTests.writeArchive(in: folder)
        #expect(try CLI.run(["import", "archive", "--db", "a.sqlite"], in: folder).status == 0)
        let compare = try CLI.run(["compare", "2", "--db", "a.sqlite"], in: folder)
        #expect(compare.status == 0)
        #expect(compare.stdout.contains("Gabby Petito search widens"))

        for command in ["compare 2", "stories --min-outlets 1", "outlets"] {
            let full = try Self.shell("\"$B\" \(command) --db a.sqlite > /dev/full", in: folder)
            #expect(full.status == 1, "\(command)")
            #expect(full.stderr == Self.noSpace, "\(command)")
        }
        // A reader that is gone is no failure (README): `| true` closes the pipe at once.
        let piped = try Self.shell("\"$B\" compare 2 --db a.sqlite | true; exit ${PIPESTATUS[0]}", in: folder)
        #expect(piped.status == 0)
        #expect(piped.stderr == "")
    }

    /// A file size limit (`ulimit -f 1`: 1024 bytes) cuts `parse`'s JSON of a 40-item feed:
    /// the command says so rather than leaving 1024 bytes and exiting 0.
    @Test func outputOverTheFileSizeLimitFails() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let items = (0..<40).map { "<item><title>Item \($0) of the feed</title><link>https://x.example/\($0)</link></item>" }.joined()
        try Data("<rss version=\"2.0\"><channel><title>X</title>\(items)</channel></rss>".utf8).write(to: folder.appendingPathComponent("feed.xml"))
        let whole = try CLI.run(["parse", "feed.xml"], in: folder)
        #expect(whole.status == 0)
        #expect(whole.stdout.utf8.count > 1024)
        let cut = try Self.shell("ulimit -f 1; exec \"$B\" parse feed.xml > out.json", in: folder)
        #expect(cut.status == 1)
        #expect(cut.stderr == "byline: cannot write standard output: File too large; what was asked for is incomplete\n")
        let kept = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("out.json").path)[.size] as? Int
        #expect(kept == 1024)
    }

    @Test func feedsExportToAFullDiskFailsClearly() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("a.sqlite").path)
        try store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        _ = try store.scheduledFeed(outletID: "bbc", configURL: "https://feeds.bbci.co.uk/news/rss.xml")
        let export = try CLI.run(["feeds", "export", "--db", "a.sqlite"], in: folder)
        #expect(export.status == 0)
        #expect(export.stdout.contains(#"<outline type="rss" text="BBC News" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/>"#))

        let full = try Self.shell("\"$B\" feeds export --db a.sqlite > /dev/full", in: folder)
        #expect(full.status == 1)
        #expect(full.stderr == Self.noSpace)
        let output = try CLI.run(["feeds", "export", "--db", "a.sqlite", "--output", "/dev/full"], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr == "byline: /dev/full: cannot write the OPML: No space left on device\n")
    }
}
