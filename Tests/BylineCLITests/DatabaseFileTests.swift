import BylineTestSupport
import Foundation
import GRDB
import Testing

/// A `--db` that cannot hold a database, and one whose pages are damaged: each says what is
/// wrong and only what can help (they suggested freeing space, or running the same command
/// again, which cannot work on a damaged file).
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct DatabaseFileTests {
    /// Every command that takes `--db`, with the operands and options it needs in the folder of
    /// ``folderForEveryCommand()``.
    static let commandsTakingDB = [["import", "archive"], ["pull", "--config", "outlets.toml"], ["run", "--config", "outlets.toml"],
                                   ["analyze"], ["stories"], ["compare", "1"], ["report"], ["outlets"], ["feeds", "list"],
                                   ["feeds", "export"]]

    /// A new temporary folder with an archive of one bbc snapshot (`archive/bbc/20210918T100000Z.xml`)
    /// and a feed list (`outlets.toml`, its feed on a closed loopback port), for ``commandsTakingDB``.
    static func folderForEveryCommand() throws -> URL {
        let folder = try CLI.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("archive/bbc"), withIntermediateDirectories: true)
        try Data("<rss version=\"2.0\"><channel><title>bbc</title><item><guid>a</guid><title>A</title></item></channel></rss>".utf8)
            .write(to: folder.appendingPathComponent("archive/bbc/20210918T100000Z.xml"))
        try Data("[[outlet]]\nid = \"bbc\"\nname = \"BBC\"\nfeeds = [\"http://127.0.0.1:9/feed.xml\"]\n".utf8)
            .write(to: folder.appendingPathComponent("outlets.toml"))
        return folder
    }

    /// Every command that takes `--db` refuses a character device or a named pipe before it
    /// opens anything or makes a lock file beside it (`pull` on /dev/null said "disk I/O error"
    /// and suggested freeing space; a reading command called /dev/null "an empty file, no
    /// database yet").
    @Test func aDeviceOrANamedPipeIsRefusedByEveryCommand() throws {
        let folder = try Self.folderForEveryCommand()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("pipe").path, 0o644) == 0)
        let lockExisted = FileManager.default.fileExists(atPath: "/dev/null-pull.lock")
        for (path, kind) in [("/dev/null", "a character device"), ("pipe", "a named pipe")] {
            for command in Self.commandsTakingDB {
                let outcome = try CLI.run(command + ["--db", path], in: folder)
                #expect(outcome.status == 64, "\(command) \(path)")
                #expect(outcome.stderr.hasPrefix("Error: --db '\(path)': \(kind), not a database file; give the path of a file "
                                                 + "(a new one is created by import, pull or run), or a postgres:// URL\n"), "\(command): \(outcome.stderr)")
                #expect(outcome.stdout == "", "\(command)")
            }
        }
        if !lockExisted { #expect(!FileManager.default.fileExists(atPath: "/dev/null-pull.lock")) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("pipe-pull.lock").path))
    }

    /// Every command that takes `--db` (and `migrate --from`) refuses an empty path as a usage
    /// error, writing nothing: `pull --db ''` said "could not activate WAL Mode at path: " and
    /// left `-pull.lock` in the working folder; `stories --db ''` said "no such database".
    @Test func anEmptyDatabasePathIsAUsageErrorOfEveryCommand() throws {
        let folder = try Self.folderForEveryCommand()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for command in Self.commandsTakingDB {
            let outcome = try CLI.run(command + ["--db", ""], in: folder)
            #expect(outcome.status == 64, "\(command)")
            #expect(outcome.stderr.hasPrefix("Error: --db is empty: give the path of a database file (leave --db out for byline.sqlite) "
                                             + "or a postgres:// URL\n"), "\(command): \(outcome.stderr)")
            #expect(outcome.stdout == "", "\(command)")
        }
        let migrate = try CLI.run(["migrate", "--from", "", "--to", "postgres://nobody@127.0.0.1:9/none"], in: folder)
        #expect(migrate.status == 64)
        #expect(migrate.stderr.hasPrefix("Error: --from is empty: give the path of the SQLite database file to copy\n"), "\(migrate.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
    }

    /// A database whose `item` table's first page was overwritten: the import stops at its
    /// first snapshot and says that the file is damaged and how to get a usable one, not that
    /// the same import again records the rest (it never can).
    @Test func aDamagedDatabaseSaysSoAndSuggestsACopyOrARecovery() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (archive, hour) in [("a", 10), ("a", 11), ("b", 12)] {
            let outlet = folder.appendingPathComponent("\(archive)/bbc")
            try FileManager.default.createDirectory(at: outlet, withIntermediateDirectories: true)
            try Data("<rss version=\"2.0\"><channel><title>bbc</title><item><guid>g\(hour)</guid><title>Story \(hour)</title></item></channel></rss>".utf8)
                .write(to: outlet.appendingPathComponent("20210918T\(hour)0000Z.xml"))
        }
        let path = folder.appendingPathComponent("damaged.sqlite").path
        #expect(try CLI.run(["import", "a", "--db", "damaged.sqlite"], in: folder).status == 0)
        let root = try #require(try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'item'")
        })
        let pageSize = try #require(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") })
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xAB, count: pageSize))
        try handle.close()

        let outcome = try CLI.run(["import", "b", "--db", "damaged.sqlite"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "imported 0 of 1 snapshot from 1 outlet: 0 new items, 0 new versions; stopped before 1 snapshot\n")
        let expected: String = "byline: damaged.sqlite: database disk image is malformed: the file is damaged, so nothing more was written to it and "
            + "running the command again cannot work; restore a copy, or copy what SQLite can still read into a new file: "
            + "`sqlite3 damaged.sqlite .recover | sqlite3 recovered.sqlite` (`.dump` where that sqlite3's `.recover` fails); "
            + "stopped at bbc/20210918T120000Z.xml: 0 snapshots recorded before it are kept, 1 not recorded, and no story brought up to date"
        #expect(outcome.stderr.split(separator: "\n").last.map(String.init) == expected)
    }
}
