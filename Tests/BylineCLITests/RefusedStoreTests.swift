import BylineTestSupport
import Foundation
import GRDB
import Testing

/// A store that a newer Byline wrote is left byte for byte as it was by every command that
/// takes `--db`, with no file made beside it: `import` and `analyze` of a store with a future
/// migration said "written by a newer version of Byline" after GRDB had created and dropped a
/// table in it (two more schema changes in the header, one page more).
@Suite(.enabled(if: CLI.available && SharedData.available, "skipped: needs .build/debug/byline and ../shared"))
struct RefusedStoreTests {
    /// The snapshots of bbc, nytimes and rnz of headlines-2021-10 (9 files) imported with
    /// `--no-model` into `s.sqlite` in a new folder that also holds ``DatabaseFileTests/folderForEveryCommand()``'s
    /// archive and feed list.
    static func importedStore() throws -> URL {
        let folder = try DatabaseFileTests.folderForEveryCommand()
        let corpus = SharedData.root.appendingPathComponent("corpus/headlines-2021-10")
        for outlet in ["bbc", "nytimes", "rnz"] {
            try FileManager.default.copyItem(at: corpus.appendingPathComponent(outlet),
                                             to: folder.appendingPathComponent("corpus/\(outlet)"))
        }
        let outcome = try CLI.run(["import", "corpus", "--db", "s.sqlite", "--no-model"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return folder
    }

    /// Each command that takes `--db` with what it needs in ``importedStore()``'s folder, and
    /// `--no-model` where it takes one.
    static let commands = DatabaseFileTests.commandsTakingDB.map { command in
        command.first == "feeds" ? command : command + ["--no-model"]
    }

    /// The store's bytes and the names of the files beside it (`s.sqlite*`).
    static func state(of folder: URL) throws -> (bytes: Data, files: [String]) {
        let bytes = try Data(contentsOf: folder.appendingPathComponent("s.sqlite"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("s.sqlite") }.sorted()
        return (bytes, files)
    }

    @Test func aStoreOfANewerVersionIsLeftByteForByteByEveryCommand() throws {
        let folder = try Self.importedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let queue = try DatabaseQueue(path: folder.appendingPathComponent("s.sqlite").path)
            try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        }
        let before = try Self.state(of: folder)
        #expect(before.files == ["s.sqlite", "s.sqlite-analysis.lock"])
        for command in Self.commands {
            let outcome = try CLI.run(command + ["--db", "s.sqlite"], in: folder)
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stderr.contains("byline: s.sqlite: written by a newer version of Byline; upgrade Byline to use it\n"),
                    "\(command): \(outcome.stderr)")
            let after = try Self.state(of: folder)
            #expect(after.files == before.files, "\(command)")
            #expect(after.bytes == before.bytes, "\(command)")
        }
    }
}
