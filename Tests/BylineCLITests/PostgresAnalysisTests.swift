import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// Stories analysed and read on PostgreSQL, as a user runs Byline: the writers bring the stories
/// up to date there as on SQLite, the reading commands give the same output and write nothing,
/// and one process at a time analyses.
@Suite(.enabled(if: CLI.available && TestPostgres.available, "skipped: needs .build/debug/byline and BYLINE_TEST_POSTGRES_URL"))
struct PostgresAnalysisTests {
    static let archive = SharedData.packageRoot.appendingPathComponent("Tests/BylinePipelineTests/Fixtures/archive")

    /// `import` of the same archive into SQLite and into PostgreSQL, then `report`, `stories`,
    /// `outlets` and `compare` of each: the same files byte for byte (but the generation time
    /// of summary.txt), the same output.
    @Test func theFixtureArchiveGivesTheSameReportOnBothBackEnds() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try await TestPostgres.freshDatabase()
        try Self.expectSameReports(archive: Self.archive, sqlite: "a.sqlite", postgres: url, in: folder,
                                   stories: "stories: 7 items placed")
    }

    /// The same over five outlets of the shared corpus (124 snapshots; lexical stories, as
    /// embedding their texts in a debug build would take minutes): merges, facts and
    /// attributions on both back ends.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func fiveOutletsOfTheCorpusGiveTheSameReportOnBothBackEnds() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        for outlet in ["dailytelegraph", "philstar", "rnz", "straittimes", "wsj"] {
            try FileManager.default.createSymbolicLink(at: archive.appendingPathComponent(outlet),
                                                       withDestinationURL: SharedData.corpus.appendingPathComponent(outlet))
        }
        let url = try await TestPostgres.freshDatabase()
        try Self.expectSameReports(archive: archive, sqlite: "c.sqlite", postgres: url, in: folder, stories: "stories: ",
                                   model: ["--no-model"])
    }

    static func expectSameReports(archive: URL, sqlite: String, postgres url: String, in folder: URL, stories: String,
                                  model: [String] = []) throws {
        let intoSQLite = try CLI.run(["import", archive.path, "--db", sqlite] + model, in: folder)
        let intoPostgres = try CLI.run(["import", archive.path, "--db", url] + model, in: folder)
        #expect(intoSQLite.status == 0, "\(intoSQLite.stderr)")
        #expect(intoPostgres.status == 0, "\(intoPostgres.stderr)")
        #expect(intoPostgres.stdout.contains(stories))
        #expect(intoPostgres.stdout == intoSQLite.stdout)
        for (database, out) in [(sqlite, "S"), (url, "P")] {
            let report = try CLI.run(["report", "--db", database, "--out", out] + model, in: folder)
            #expect(report.status == 0, "\(report.stderr)")
        }
        let fromSQLite = try ReproducibleReportTests.files(folder.appendingPathComponent("S"))
        let fromPostgres = try ReproducibleReportTests.files(folder.appendingPathComponent("P"))
        #expect(fromSQLite.keys.sorted() == fromPostgres.keys.sorted())
        #expect(fromSQLite.keys.contains("facts.csv"))
        for (name, data) in fromSQLite.sorted(by: { $0.key < $1.key }) {
            #expect(fromPostgres[name] == data, "\(name) differs")
        }
        #expect(String(decoding: fromSQLite["stories.csv"] ?? Data(), as: UTF8.self).split(separator: "\r\n").count > 3)
        for command in [["stories", "--min-outlets", "1", "--limit", "0"], ["outlets"], ["compare", "1"], ["stories", "--explain", "1"]] {
            let a = try CLI.run(command + ["--db", sqlite] + model, in: folder)
            let b = try CLI.run(command + ["--db", url] + model, in: folder)
            #expect(a.status == 0, "\(command): \(a.stderr)")
            #expect(b.status == 0, "\(command): \(b.stderr)")
            #expect(b.stdout == a.stdout, "\(command)")
        }
    }

    /// The reading commands on PostgreSQL run in read-only sessions (`default_transaction_read_only`)
    /// and need no more than SELECT: a role that may only read runs each one as the owner does,
    /// and the tables are as they were.
    @Test func theReadingCommandsOnPostgreSQLOnlyRead() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try await TestPostgres.freshDatabase()
        let lexical = ["--no-model"]
        #expect(try CLI.run(["import", Self.archive.path, "--db", url] + lexical, in: folder).status == 0)
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let role = "reader_" + database.suffix(12)
        try await TestPostgres.execute("CREATE ROLE \(role) LOGIN", in: url)
        try await TestPostgres.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)", in: url)
        var components = try #require(URLComponents(string: url))
        components.user = role
        let reader = try #require(components.string)
        let before = try await Self.checksums(url)

        let commands: [[String]] = [
            ["stories", "--min-outlets", "1"], ["stories", "--explain", "2"], ["compare", "1"],
            ["report", "--out", "R"], ["report", "--out", "S", "--since", "2021-09-18T11:00:00Z"], ["outlets"], ["feeds", "list"],
        ]
        for command in commands {
            let owner = try CLI.run(command + ["--db", url] + (command[0] == "feeds" ? [] : lexical), in: folder)
            let onlyReading = try CLI.run(command + ["--db", reader] + (command[0] == "feeds" ? [] : lexical), in: folder)
            #expect(owner.status == 0, "\(command): \(owner.stderr)")
            #expect(onlyReading.status == 0, "\(command): \(onlyReading.stderr)")
            #expect(onlyReading.stdout == owner.stdout, "\(command)")
        }
        #expect(try await Self.checksums(url) == before)
        // A writer as that role is refused by the server, in one line.
        let refused = try CLI.run(["analyze", "--rebuild", "--db", reader] + lexical, in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("permission denied"), "\(refused.stderr)")
        #expect(try await Self.checksums(url) == before)
    }

    /// A writer whose analysis finds another process analysing skips it and says so; the
    /// stories are saved once, by whoever analyses next. Two imports at once: every item is
    /// placed once, in the stories one import alone gives.
    @Test func oneProcessAtATimeAnalysesAndTheOtherSkips() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try await TestPostgres.freshDatabase()
        let lexical = ["--no-model"]
        let holder = try await PostgresStore(url: url)
        // This test holds the analysis lock as another worker would while it analyses.
        let skipped = try await holder.withAnalysisLock(wait: false) { () async throws(StoreError) -> CLI.Outcome in
            do { return try CLI.run(["import", Self.archive.path, "--db", url] + lexical, in: folder) } catch {
                throw StoreError.postgres(url: url, message: "\(error)")
            }
        }
        let outcome = try #require(skipped)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasSuffix("stories: another process is analysing the store; skipped this time (its analysis or the next places the new items)\n"))
        #expect(try await holder.storyAssignments().isEmpty)
        #expect(try await holder.unassignedItemCount() == 7)
        // The reading commands place what is pending in memory meanwhile (and say so).
        let pending = try CLI.run(["stories", "--min-outlets", "1", "--db", url] + lexical, in: folder)
        #expect(pending.stderr.contains("7 items not in saved stories yet, placed for this command only"))

        // Two imports of the same archive at once (nothing new to store): both reach the
        // analysis; each item is placed once, by one or the other.
        async let first = Task.detached { try CLI.run(["import", Self.archive.path, "--db", url] + lexical, in: folder) }.value
        async let second = Task.detached { try CLI.run(["import", Self.archive.path, "--db", url] + lexical, in: folder) }.value
        let outcomes = try await [first, second]
        for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.stderr)") }
        let lines = outcomes.compactMap { $0.stdout.split(separator: "\n").last.map(String.init) }
        let placed = lines.compactMap { line -> Int? in
            guard line.hasPrefix("stories: "), let count = Int(line.dropFirst("stories: ".count).prefix { $0.isNumber }) else { return nil }
            return count
        }
        #expect(placed.reduce(0, +) == 7, "\(lines)")
        #expect(lines.filter { $0.contains("skipped") }.count + placed.count == 2, "\(lines)")
        let saved = try await holder.storyAssignments()
        #expect(saved.count == 7)
        #expect(try await holder.storyMerges().isEmpty)
        await holder.close()

        // The same stories as one import alone saves.
        let alone = try await TestPostgres.freshDatabase()
        #expect(try CLI.run(["import", Self.archive.path, "--db", alone] + lexical, in: folder).status == 0)
        let reference = try await PostgresStore(url: alone, readOnly: true)
        #expect(try await reference.storyAssignments() == saved)
        #expect(try await reference.maxStoryID() == Int64(Set(saved.values).count))
        await reference.close()
    }

    /// A digest of every row of the store's tables (`md5` of the table's rows as text, in key order).
    static func checksums(_ url: String) async throws -> [String] {
        var result: [String] = []
        for table in Store.tablesInCopyOrder {
            let rows = try await TestPostgres.rows("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM \(table) t", in: url)
            result.append("\(table) \(rows.first?.first.flatMap { $0 } ?? "-")")
        }
        return result
    }
}
