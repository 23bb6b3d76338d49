import BylineTestSupport
import Foundation
import Hummingbird
import Testing

/// A report is written only into a new folder, an empty one (hidden entries and README files
/// aside) or one that holds a previous Byline report: `report --out /` and `pull --report` into a
/// project wrote report files among the user's (an earlier tester's finding).
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct ReportFolderTests {
    static let refusal = "and no Byline report; name a new or empty folder, or one a report was written to\n"

    static func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func theRootFolderIsRefused() async throws {
        let folder = try await CLI.importedFolderAwaiting()
        let before = try Self.names(URL(fileURLWithPath: "/"))
        let outcome = try await CLI.runAwaiting(["report", "--out", "/"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("byline: /: cannot write report: the folder holds other files ("))
        #expect(outcome.stderr.hasSuffix(", ...) " + Self.refusal))
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try Self.names(URL(fileURLWithPath: "/")) == before)
    }

    @Test func aFolderOfOtherFilesIsRefusedAndUnchanged() async throws {
        let folder = try await CLI.importedFolderAwaiting()
        let project = folder.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try Data("print(1)\n".utf8).write(to: project.appendingPathComponent("main.swift"))
        let outcome = try await CLI.runAwaiting(["report", "--out", "project"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "byline: \(folder.path)/project: cannot write report: the folder holds other files "
                + "(Sources, main.swift) " + Self.refusal)
        #expect(try Self.names(project) == ["Sources", "main.swift"])
        // The working folder, with the archive, the database and its analysis lock file in it, is
        // refused the same way.
        let here = try await CLI.runAwaiting(["report", "--out", "."], in: folder)
        #expect(here.status == 1)
        #expect(here.stderr == "byline: \(folder.path): cannot write report: the folder holds other files (archive, byline.sqlite, byline.sqlite-analysis.lock, ...) "
                + Self.refusal)
        #expect(try Self.names(folder) == ["archive", "byline.sqlite", "byline.sqlite-analysis.lock", "project"])
    }

    /// A folder with a README and hidden files only is written into (the repository's
    /// `Reports/README.md`); then it holds a report, and files added beside it stay.
    @Test func aReadmeFolderIsWrittenAndAReportFolderRewritten() async throws {
        let folder = try await CLI.importedFolderAwaiting()
        let reports = folder.appendingPathComponent("R")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data("Reports are written here.\n".utf8).write(to: reports.appendingPathComponent("README.md"))
        try Data().write(to: reports.appendingPathComponent(".gitkeep"))
        #expect(try await CLI.runAwaiting(["report", "--out", "R"], in: folder).status == 0)
        #expect(try Self.names(reports) == [".gitkeep", "README.md"] + ReportAtomicityTests.reportFiles)
        try Data("my notes\n".utf8).write(to: reports.appendingPathComponent("notes.txt"))
        #expect(try await CLI.runAwaiting(["report", "--out", "R"], in: folder).status == 0)
        #expect(try String(contentsOf: reports.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes\n")
        // A report from before stories.json is known by its stories.csv header.
        try FileManager.default.removeItem(at: reports.appendingPathComponent("stories.json"))
        #expect(try await CLI.runAwaiting(["report", "--out", "R"], in: folder).status == 0)
        // Neither: refused.
        try FileManager.default.removeItem(at: reports.appendingPathComponent("stories.json"))
        try Data("id,name\r\n".utf8).write(to: reports.appendingPathComponent("stories.csv"))
        let refused = try await CLI.runAwaiting(["report", "--out", "R"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("byline: \(folder.path)/R: cannot write report: the folder holds other files (anomalies.csv, "))
        #expect(try String(contentsOf: reports.appendingPathComponent("stories.csv"), encoding: .utf8) == "id,name\r\n")
    }

    /// An `--out` that cannot be made because a file is above it is refused in one line before
    /// anything is read (the report was built, and only then did writing it fail): no other
    /// line comes before it (not the model's), and the database and the folder are unchanged.
    /// Missing folders above `--out` are made.
    @Test(arguments: ["notes.txt/R", "notes.txt/a/b/R"])
    func anOutBelowAFileIsRefusedBeforeAnythingIsRead(out: String) async throws {
        let folder = try await CLI.importedFolderAwaiting()
        try Data("my notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let database = try Data(contentsOf: folder.appendingPathComponent("byline.sqlite"))
        let outcome = try await CLI.runAwaiting(["report", "--out", out], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "byline: \(folder.path)/\(out): cannot write report: it cannot be created: \(folder.path)/notes.txt is a file, not a folder\n")
        #expect(try Self.names(folder) == ["archive", "byline.sqlite", "byline.sqlite-analysis.lock", "notes.txt"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("byline.sqlite")) == database)
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes\n")

        let made = try await CLI.runAwaiting(["report", "--out", "new/deeper/R"], in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Self.names(folder.appendingPathComponent("new/deeper/R")) == ReportAtomicityTests.reportFiles)
    }

    /// `pull --report` into a folder of other files is refused before any feed is pulled; into a
    /// new folder it pulls the loopback feed and writes the report.
    @Test func pullRefusesTheFolderBeforePulling() async throws {
        let folder = try CLI.temporaryFolder()
        let project = folder.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try Data("x\n".utf8).write(to: project.appendingPathComponent("Makefile"))
        let recorder = Recorder()
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Loop</title>
            <item><guid>loop-1</guid><title>Harbour bridge closes for repairs</title>
            <link>https://loop.example/bridge</link><pubDate>Sat, 18 Sep 2021 10:00:00 GMT</pubDate></item>
            </channel></rss>
            """
        try await LoopbackServer.with({ router in
            router.get("/feed.xml") { request, _ -> String in
                await recorder.record(request)
                return rss
            }
        }) { server in
            try Data("[[outlet]]\nid = \"loop\"\nname = \"Loop News\"\nfeeds = [\"\(server.url("/feed.xml"))\"]\n".utf8)
                .write(to: folder.appendingPathComponent("outlets.toml"))
            let refused = try await CLI.runAwaiting(["pull", "--config", "outlets.toml", "--report", "project"], in: folder)
            #expect(refused.status == 1)
            #expect(refused.stderr == "byline: \(folder.path)/project: cannot write report: the folder holds other files (Makefile) "
                    + Self.refusal)
            #expect(await recorder.requests == 0)
            #expect(try Self.names(project) == ["Makefile"])

            let pulled = try await CLI.runAwaiting(["pull", "--timeout", "300", "--config", "outlets.toml", "--report", "R"], in: folder)
            #expect(pulled.status == 0, "\(pulled.stderr)")
            #expect(await recorder.requests == 1)
            let coverage = try String(contentsOf: folder.appendingPathComponent("R/coverage.csv"), encoding: .utf8)
            #expect(coverage.contains(",loop,loop-1,https://loop.example/bridge,Harbour bridge closes for repairs,2021-09-18T10:00:00Z,"))
        }
    }
}

extension CLI {
    /// Runs `byline ARGUMENTS` in `folder` without holding a thread while it runs (the loopback
    /// server of the same test answers on the shared pool), for at most 360 s.
    ///
    /// - Throws: ``ProcessTimeout`` when it runs longer (it is then killed).
    static func runAwaiting(_ arguments: [String], in folder: URL) async throws -> CLI.Outcome {
        let out = folder.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let status = try await process.exitStatus(within: 360)
        return CLI.Outcome(status: status, stdout: try String(contentsOf: out, encoding: .utf8),
                           stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// A folder with the one-item archive of ``BadInputTests/writeArchive(in:)`` imported.
    static func importedFolderAwaiting() async throws -> URL {
        let folder = try temporaryFolder()
        try BadInputTests.writeArchive(in: folder)
        #expect(try await runAwaiting(["import", "archive"], in: folder).status == 0)
        return folder
    }
}
