import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// Processes analysing one SQLite file at once (a `pull` beside an `import`, two `analyze`s)
/// take the analysis in turn, as on PostgreSQL: the store's analysis lock
/// (`<database>-analysis.lock`). A writer that finds it held skips its analysis; `analyze`
/// waits, saying so. Before, SQLite had no such lock: two analyses could interleave, so that a
/// `facts_pending` record was lost or stories were written twice.
@Suite(.enabled(if: SharedData.available, SharedData.missingMessage),
       .enabled(if: ReaderEmbeddingTests.model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct ConcurrentAnalysisTests {
    /// Starts `byline ARGUMENTS` (the built executable), its standard output and standard error
    /// collected as they come.
    static func launch(_ arguments: [String]) throws -> (process: Process, stdout: LineCollector, stderr: LineCollector) {
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return (process, LineCollector(stdout.fileHandleForReading), LineCollector(stderr.fileHandleForReading))
    }

    /// What an analysis leaves in a SQLite store, as text to compare: the stories, their items,
    /// merges and splits, the `facts_pending` record, and which sentences have stored vectors and
    /// word pieces.
    static func endState(_ path: String) throws -> [String: [String]] {
        try DatabaseQueue(path: path).read { db in
            func rows(_ sql: String) throws -> [String] {
                try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: "|") }
            }
            return [
                "story": try rows("SELECT id, headline FROM story ORDER BY id"),
                "story_item": try rows("SELECT item_id, story_id FROM story_item ORDER BY item_id"),
                "story_merge": try rows("SELECT story_id, into_id, item_id FROM story_merge ORDER BY story_id"),
                "story_split": try rows("SELECT id, item_id, from_id, into_id, cause_item_id FROM story_split ORDER BY id"),
                "facts_pending": try String.fetchAll(db, sql: "SELECT value FROM analysis_state WHERE key = 'facts_pending'"),
                "unit_embedding": try rows("SELECT text FROM unit_embedding ORDER BY text"),
                "unit_tokens": try rows("SELECT text FROM unit_tokens ORDER BY text"),
                "version_embedding": try rows("SELECT version_id FROM version_embedding ORDER BY version_id"),
            ]
        }
    }

    /// The first captures of headlines-2021-09 (20 snapshots, 575 items) imported by a `byline
    /// import` that finds the analysis lock held (this test holds it), so it skips its analysis;
    /// then two `byline analyze` started together, both finding it held and waiting. Released,
    /// they analyse in turn: one places the 575 items and stores the 424 fact sentences, the
    /// other finds nothing to do. The store ends as a single `byline import` (import and
    /// analysis in one process) leaves another.
    @Test func twoAnalysesOfOneSQLiteFileTakeTurns() async throws {
        let archive = try SharedData.firstCaptures()
        defer { try? FileManager.default.removeItem(at: archive) }
        let together = try temporaryDatabase()
        let holder = try Store(path: together)

        // Everything the processes do while this test holds the lock; a failure is thrown after
        // it is released.
        var analyses: [(process: Process, stdout: LineCollector, stderr: LineCollector)] = []
        var failure: (any Error)?
        let ran = try await holder.withAnalysisLock(wait: false) { () async throws(StoreError) -> Bool in
            do {
                let importer = try Self.launch(["import", archive.path, "--db", together])
                let imported = try await RunCommandTests.waitForExit(importer.process, seconds: 600)
                #expect(imported == .exit(0), "stderr: \(importer.stderr.text)")
                #expect(importer.stdout.text.contains(
                    "stories: another process is analysing the store; skipped this time (its analysis or the next places the new items)\n"),
                        "stdout: \(importer.stdout.text)")
                let store = try Store(path: together, readOnly: true)
                #expect(try store.counts()["item"] == 575)
                #expect(try store.savedStoryCount() == 0)

                analyses = try [Self.launch(["analyze", "--db", together]), Self.launch(["analyze", "--db", together])]
                // Both wait for this test's lock (a failsafe limit: a process that never says
                // so is a failure, not a hang).
                let waiting = "byline: waiting for another process's analysis of \(together) to end\n"
                let end = ContinuousClock.now + .seconds(300)
                while ContinuousClock.now < end, !analyses.allSatisfy({ $0.stderr.text.contains(waiting) }) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                for analysis in analyses {
                    #expect(analysis.stderr.text.hasSuffix(waiting), "stderr: \(analysis.stderr.text)")
                    #expect(analysis.process.isAlive)
                }
            } catch {
                failure = error
            }
            return true
        }
        #expect(ran == true)
        if let failure { throw failure }
        for (process, stdout, stderr) in analyses {
            let ended = try await RunCommandTests.waitForExit(process, seconds: 600)
            #expect(ended == .exit(0), "stdout: \(stdout.text) stderr: \(stderr.text)")
        }
        // One placed every item, the other none: the stories were written once.
        let lines = analyses.map(\.stdout.text).sorted()
        #expect(lines == [
            "stories: 0 items placed: 0 new stories, 0 merges, 0 splits; 0 stories touched\n",
            "stories: 575 items placed: 417 new stories, 3 merges, 3 splits; 414 stories touched; 424 fact sentences embedded\n",
        ])

        let alone = try temporaryDatabase()
        let single = try Self.launch(["import", archive.path, "--db", alone])
        let ended = try await RunCommandTests.waitForExit(single.process, seconds: 600)
        #expect(ended == .exit(0), "stderr: \(single.stderr.text)")

        let state = try Self.endState(together)
        #expect(state == (try Self.endState(alone)))
        #expect(state["story_item"]?.count == 575)
        // No story left with sentences to embed, and every sentence embedded.
        #expect(state["facts_pending"] == [""])
        #expect(try Store(path: together, readOnly: true).factsPending() == [])
        #expect(state["unit_embedding"]?.count == 424 && state["unit_tokens"] == state["unit_embedding"])
    }
}
