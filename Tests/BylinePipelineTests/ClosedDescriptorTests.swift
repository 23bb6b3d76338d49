import BylineTestSupport
import Foundation
import Testing

/// A command started without standard output (`byline stories >&-`): the descriptor it lacks
/// is opened on /dev/null before anything else, so no file or event loop it opens later takes
/// descriptor 1 and receives its output (an `epoll` descriptor took it: every write failed
/// with EINVAL and the command exited 1 after doing its work).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct ClosedDescriptorTests {
    /// Runs `byline ARGUMENTS` through `sh -c 'exec ... >&-'` (standard output closed) in
    /// `folder`, standard error to a file: the exit status and what it wrote there.
    static func runWithoutStandardOutput(_ arguments: [String], in folder: URL) async throws -> (status: Int32, stderr: String) {
        let errors = folder.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" >&- 2>\"$BYLINE_TEST_ERRORS\"", bylineBinary.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["BYLINE_TEST_ERRORS": errors.path]) { $1 }
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let status = try await process.exitStatus(within: 300)
        return (status, try String(contentsOf: errors, encoding: .utf8))
    }

    @Test func importStoriesAndReportWithoutStandardOutputSucceedAndWriteWholeFiles() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-closed-fd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("byline.sqlite").path

        let imported = try await Self.runWithoutStandardOutput(["import", fixtureArchive.path, "--db", database], in: folder)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        #expect(!imported.stderr.contains("cannot write standard output"))

        let stories = try await Self.runWithoutStandardOutput(["stories", "--db", database], in: folder)
        #expect(stories.status == 0, "stderr: \(stories.stderr)")
        #expect(!stories.stderr.contains("cannot write standard output"))

        let reported = try await Self.runWithoutStandardOutput(["report", "--db", database, "--out", "R"], in: folder)
        #expect(reported.status == 0, "stderr: \(reported.stderr)")
        let coverage = try String(contentsOf: folder.appendingPathComponent("R/coverage.csv"), encoding: .utf8)
        #expect(coverage.hasPrefix("story_id,outlet,item_guid,item_link,title,published,first_seen,window_start,lag_seconds,time_source,latest_title\r\n"))
    }
}
