import BylineTestSupport
import Foundation
import Testing

/// The built `byline` executable, run as a user would: one clear line on stderr for bad input,
/// a non-zero status, and nothing stored lost.
struct CLI {
    /// `.build/debug/byline`, which `swift test` builds with the tests.
    static let binary = SharedData.packageRoot.appendingPathComponent(".build/debug/byline")

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in folder: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("byline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }
}

@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct BadInputTests {
    @Test func aMissingArchiveFolderIsOneLineAndFailure() throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(["import", "no-such-folder"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "byline: \(folder.path)/no-such-folder: no such folder\n")
    }

    @Test func anEmptyFileAnHTMLPageAndATruncatedFeed() throws {
        let folder = try CLI.temporaryFolder()
        try Data().write(to: folder.appendingPathComponent("empty.xml"))
        try Data("<!DOCTYPE html><html><head><title>403 ERROR</title></head><body>The request could not be satisfied.</body></html>".utf8)
            .write(to: folder.appendingPathComponent("page.xml"))
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>Complete item</title><link>https://example.org/1</link></item>
            <item><title>Cut off in the mid
            """.utf8).write(to: folder.appendingPathComponent("truncated.xml"))

        let empty = try CLI.run(["parse", "empty.xml"], in: folder)
        #expect(empty.status == 1)
        #expect(empty.stderr == "byline: empty.xml: empty document\n")

        let page = try CLI.run(["parse", "page.xml"], in: folder)
        #expect(page.status == 1)
        #expect(page.stderr == "byline: page.xml: not a feed: an HTML page (<html>)\n")

        let truncated = try CLI.run(["parse", "--format", "none", "truncated.xml", "empty.xml"], in: folder)
        #expect(truncated.status == 0)
        #expect(truncated.stdout == "2 files, 1 entries, 1 with bozo set, 1 failed\n")
        #expect(truncated.stderr == "byline: empty.xml: empty document\n")
    }

    @Test func aDatabaseThatIsNotSQLiteIsLeftAlone() throws {
        let folder = try CLI.temporaryFolder()
        let text = Data("notes, not a database\n".utf8)
        try text.write(to: folder.appendingPathComponent("byline.sqlite"))
        for command in [["report"], ["stories"], ["outlets"], ["compare", "1"]] {
            let outcome = try CLI.run(command, in: folder)
            #expect(outcome.status == 1)
            #expect(outcome.stderr == "byline: byline.sqlite: not a Byline database (the file is not SQLite, or belongs to another program); nothing was changed\n")
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("byline.sqlite")) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["byline.sqlite"])
    }

    @Test func anUnknownStoryNamesTheCommandToList() throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(["compare", "42"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "byline: story 42: no such story (see `byline stories`)\n")
    }
}
