import BylineTestSupport
import Foundation
import Testing

/// The reading commands (`stories`, `compare`, `report`, `outlets`) open the database read-only
/// and write nothing to it: the stories they show are the ones the writers saved.
@Suite struct ReadingCommandsTests {
    @Test func theReadingCommandsLeaveTheDatabaseAsItWas() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try UnprivilegedUserTests.writeArchive(in: folder)
        let imported = try CLI.run(["import", "archive", "--db", "a.sqlite"], in: folder)
        #expect(imported.status == 0)
        // The import saved the stories: three items, three stories.
        #expect(imported.stdout.hasSuffix("stories: 3 items placed: 3 new stories, 0 merges, 0 splits; 3 stories touched\n"))
        let database = folder.appendingPathComponent("a.sqlite")
        let bytes = try Data(contentsOf: database)
        let modified = try FileManager.default.attributesOfItem(atPath: database.path)[.modificationDate] as? Date
        #expect(!FileManager.default.fileExists(atPath: database.path + "-wal"))

        let commands: [[String]] = [
            ["stories", "--db", "a.sqlite", "--min-outlets", "1"],
            ["stories", "--db", "a.sqlite", "--explain", "https://www.bbc.co.uk/news/11"],
            ["compare", "2", "--db", "a.sqlite"],
            ["report", "--db", "a.sqlite", "--out", "R"],
            ["report", "--db", "a.sqlite", "--out", "S", "--since", "2021-09-18T11:00:00Z"],
            ["outlets", "--db", "a.sqlite"],
        ]
        for command in commands {
            let outcome = try CLI.run(command, in: folder)
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("not in saved stories"), "\(command): \(outcome.stderr)")
        }
        #expect(try CLI.run(commands[0], in: folder).stdout.contains("Gabby Petito search widens"))
        #expect(try Data(contentsOf: database) == bytes)
        #expect(try FileManager.default.attributesOfItem(atPath: database.path)[.modificationDate] as? Date == modified)
        #expect(!FileManager.default.fileExists(atPath: database.path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: database.path + "-shm"))
        let stories = try String(contentsOf: folder.appendingPathComponent("R/stories.csv"), encoding: .utf8)
        #expect(stories.split(separator: "\r\n").count == 4)

        // `analyze` with nothing new places nothing; `--rebuild` recomputes the same stories.
        let analyze = try CLI.run(["analyze", "--db", "a.sqlite"], in: folder)
        #expect(analyze.status == 0)
        #expect(analyze.stdout == "stories: 0 items placed: 0 new stories, 0 merges, 0 splits; 0 stories touched\n")
        let rebuild = try CLI.run(["analyze", "--db", "a.sqlite", "--rebuild"], in: folder)
        #expect(rebuild.stdout == "stories: 3 items placed: 3 new stories, 0 merges, 0 splits; 3 stories touched\n")
        #expect(try CLI.run(["report", "--db", "a.sqlite", "--out", "T"], in: folder).status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("T/coverage.csv"), encoding: .utf8)
                == String(contentsOf: folder.appendingPathComponent("R/coverage.csv"), encoding: .utf8))
    }

    /// A report's range says what it filters: the stories whose first report falls in it, each
    /// with every item (it said "Items first seen from A to B", while the France recall, first
    /// reported by bbc at 09:30, keeps cnn's and the New York Times' reports of 11:00 and 11:30).
    @Test func aReportsRangeSaysItKeepsStoriesByTheirFirstReport() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = SharedData.packageRoot.appendingPathComponent("Tests/BylinePipelineTests/Fixtures/archive")
        #expect(try CLI.run(["import", archive.path, "--db", "a.sqlite", "--no-model"], in: folder).status == 0)
        let report = try CLI.run(["report", "--db", "a.sqlite", "--out", "R", "--no-model",
                                  "--since", "2021-09-18T09:00:00Z", "--until", "2021-09-18T10:30:00Z"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let summary = try String(contentsOf: folder.appendingPathComponent("R/summary.txt"), encoding: .utf8)
        #expect(Array(summary.split(separator: "\n").dropFirst().prefix(2)) == [
            "Stories first reported at or after 2021-09-18T09:00:00Z and before 2021-09-18T10:30:00Z; "
                + "every item of these stories is counted, also items first seen outside that range",
            "3 items from 3 outlets in 1 story; 1 story covered by 2+ outlets, 1 by 3+.",
        ])
        let index = try String(contentsOf: folder.appendingPathComponent("R/index.html"), encoding: .utf8)
        #expect(index.contains(" Stories first reported at or after 2021-09-18T09:00:00Z and before 2021-09-18T10:30:00Z; "
                               + "every item of these stories is counted, also items first seen outside that range. Times are UTC;"))
        let since = try CLI.run(["report", "--db", "a.sqlite", "--out", "S", "--no-model", "--since", "2021-09-18T09:00:00Z"], in: folder)
        #expect(since.status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("S/summary.txt"), encoding: .utf8).split(separator: "\n")[1]
                == "Stories first reported at or after 2021-09-18T09:00:00Z; every item of these stories is counted, also items first seen outside that range")
    }
}
