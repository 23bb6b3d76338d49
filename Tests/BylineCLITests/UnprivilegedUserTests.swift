import Foundation
import Testing

/// The built binary run as the unprivileged user `nobody` (through util-linux's `setpriv`), for
/// what permissions decide and root never meets: a snapshot nobody may read, a database file or
/// folder nobody may write. Skipped with a message unless the tests run as root with `setpriv`.
struct AsNobody {
    static let setpriv = "/usr/bin/setpriv"

    static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv) && CLI.available
            && (try? run(["--version"], in: URL(fileURLWithPath: "/tmp")).status) == 0
    }

    static func run(_ arguments: [String], in folder: URL) throws -> CLI.Outcome {
        try CLI.run(arguments, in: folder, launcher: [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"])
    }

    /// A new folder that nobody may write, or (`writable`) that everyone may.
    static func folder(writable: Bool) throws -> URL {
        let folder = try CLI.temporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: writable ? 0o777 : 0o755], ofItemAtPath: folder.path)
        return folder
    }

    static func chmod(_ mode: Int, _ url: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }
}

@Suite(.enabled(if: AsNobody.available, "skipped: needs root, util-linux setpriv and the built binary, to act as the user nobody"))
struct UnprivilegedUserTests {
    /// ``writeArchive(in:)``, and `outlets.toml` listing bbc with one feed on a closed loopback
    /// port (a pull of it fails, so nothing a pull stores can differ).
    static func writeArchiveAndFeedList(in folder: URL) throws {
        _ = try writeArchive(in: folder)
        try Data("[[outlet]]\nid = \"bbc\"\nname = \"BBC\"\nfeeds = [\"http://127.0.0.1:9/feed.xml\"]\n".utf8)
            .write(to: folder.appendingPathComponent("outlets.toml"))
    }

    /// Three bbc snapshots, each with one new item.
    static func writeArchive(in folder: URL) throws -> URL {
        let bbc = folder.appendingPathComponent("archive/bbc")
        try FileManager.default.createDirectory(at: bbc, withIntermediateDirectories: true)
        for (hour, title) in [(10, "France recalls ambassadors"), (11, "Gabby Petito search widens"), (12, "Haitian migrants at Del Rio")] {
            try Data("""
                <?xml version="1.0"?><rss version="2.0"><channel><title>BBC</title>
                <item><title>\(title)</title><link>https://www.bbc.co.uk/news/\(hour)</link></item></channel></rss>
                """.utf8).write(to: bbc.appendingPathComponent("20210918T\(hour)0000Z.xml"))
        }
        try AsNobody.chmod(0o777, folder.appendingPathComponent("archive"))
        try AsNobody.chmod(0o777, bbc)
        return bbc
    }

    /// An unreadable snapshot is not recorded as a failed pull, and the outlet's later ones wait
    /// behind it; once it is readable, a re-run stores what a clean import stores.
    @Test func anUnreadableSnapshotIsLeftForARerunAndNothingIsLost() throws {
        let folder = try AsNobody.folder(writable: true)
        let bbc = try Self.writeArchive(in: folder)
        try AsNobody.chmod(0o000, bbc.appendingPathComponent("20210918T110000Z.xml"))
        let first = try AsNobody.run(["import", "archive", "--db", "a.sqlite"], in: folder)
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("imported 1 of 3 snapshots from 1 outlet: 1 new item, 0 new versions; 2 snapshots not read (left for a re-run)\n"))
        #expect(first.stdout.contains("  not read: cannot read the file: permission denied; not recorded, a re-run reads it: 1 (bbc 1): bbc/20210918T110000Z.xml\n"))
        #expect(first.stdout.contains("  not read: held back behind an earlier snapshot of its outlet that could not be read; a re-run imports both: 1 (bbc 1): bbc/20210918T120000Z.xml\n"))

        try AsNobody.chmod(0o644, bbc.appendingPathComponent("20210918T110000Z.xml"))
        let second = try AsNobody.run(["import", "archive", "--db", "a.sqlite"], in: folder)
        #expect(second.stdout.hasPrefix("imported 2 of 3 snapshots from 1 outlet: 2 new items, 0 new versions; 1 already stored\n"))
        #expect(try CLI.run(["import", "archive", "--db", "clean.sqlite"], in: folder).status == 0)
        let resumed = try CLI.run(["report", "--db", "a.sqlite", "--out", "A"], in: folder)
        let clean = try CLI.run(["report", "--db", "clean.sqlite", "--out", "B"], in: folder)
        #expect(resumed.status == 0 && clean.status == 0)
        for file in ["coverage.csv", "stories.csv", "outlets.csv"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("A/\(file)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("B/\(file)"))
            #expect(a == b, "\(file) differs from a clean import")
        }
    }

    /// A database in a folder nobody may write (root's, mode 755: what `chmod 555` does to its
    /// owner), or a database file nobody may write: each writing command says so in one line
    /// naming the folder or the file and exits 1, before any feed is pulled, and leaves
    /// everything as it was (no database, lock, -wal or -shm file made; the databases' bytes
    /// unchanged). `pull` and `run` blamed the lock file they make beside the database
    /// (`cannot create the lock file ... (Permission denied)`), and a database file nobody may
    /// write was opened read-only and failed at the first write.
    @Test func everyWritingCommandNamesTheFolderOrFileItCannotWrite() throws {
        let folder = try AsNobody.folder(writable: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeArchiveAndFeedList(in: folder)
        for name in ["locked", "open"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        #expect(try CLI.run(["import", "archive", "--db", "locked/old.sqlite"], in: folder).status == 0)
        #expect(try CLI.run(["import", "archive", "--db", "open/root.sqlite"], in: folder).status == 0)
        try AsNobody.chmod(0o755, folder.appendingPathComponent("locked"))  // root's: nobody may not create files in it
        try AsNobody.chmod(0o777, folder.appendingPathComponent("open"))  // nobody may, but root.sqlite is root's, 644
        let locked = folder.appendingPathComponent("locked").path
        let bytes = try ["locked/old.sqlite", "open/root.sqlite"].map { try Data(contentsOf: folder.appendingPathComponent($0)) }

        let writers: [[String]] = [["pull", "--config", "outlets.toml"], ["run", "--config", "outlets.toml"], ["import", "archive"], ["analyze"]]
        let cases: [(db: String, line: String)] = [
            ("locked/new.sqlite", "cannot write in the folder \(locked), so the database cannot be created there"),
            ("locked/old.sqlite", "cannot write in the folder \(locked) (SQLite keeps its -wal and -shm files beside the database)"),
            ("open/root.sqlite", "cannot write the database file (its mode lets this user only read it; the reading commands still read it)"),
        ]
        for (db, line) in cases {
            for command in writers {
                let outcome = try AsNobody.run(command + ["--db", db], in: folder)
                // `analyze` refuses a database that does not exist before it looks at the folder.
                let expected = command == ["analyze"] && db == "locked/new.sqlite"
                    ? "byline: \(db): no such database; create it with `byline import DIR` or `byline pull` (or name another with --db)\n"
                    : "byline: \(db): \(line)\n"
                #expect(outcome.status == 1, "\(command) \(db)")
                #expect(outcome.stdout == "", "\(command) \(db)")
                #expect(outcome.stderr == expected, "\(command) \(db)")
            }
        }
        // Beside each database: the analysis lock file its import (run as root) made.
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked).sorted() == ["old.sqlite", "old.sqlite-analysis.lock"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("open").path).sorted()
            == ["root.sqlite", "root.sqlite-analysis.lock"])
        #expect(try ["locked/old.sqlite", "open/root.sqlite"].map { try Data(contentsOf: folder.appendingPathComponent($0)) } == bytes)
        // The reading commands still read both.
        for db in ["locked/old.sqlite", "open/root.sqlite"] {
            let stories = try AsNobody.run(["stories", "--db", db, "--min-outlets", "1"], in: folder)
            #expect(stories.status == 0)
            #expect(stories.stdout.contains("Gabby Petito search widens"))
        }
    }

    /// A report folder nobody may write, or one nobody may make (its parent is root's), is
    /// refused in one line before anything is read, by `report` and by `pull --report`; the
    /// database is unchanged and nothing is made.
    @Test func aReportFolderNobodyMayWriteIsRefusedBeforeAnythingIsRead() throws {
        let folder = try AsNobody.folder(writable: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeArchiveAndFeedList(in: folder)
        #expect(try CLI.run(["import", "archive", "--db", "a.sqlite"], in: folder).status == 0)
        #expect(try CLI.run(["report", "--db", "a.sqlite", "--out", "R"], in: folder).status == 0)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("locked"), withIntermediateDirectories: true)
        try AsNobody.chmod(0o755, folder.appendingPathComponent("locked"))
        let database = try Data(contentsOf: folder.appendingPathComponent("a.sqlite"))
        let report = try Data(contentsOf: folder.appendingPathComponent("R/stories.json"))
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()

        let cases: [(out: String, line: String)] = [
            ("R", "byline: \(folder.path)/R: cannot write report: the folder cannot be written (Permission denied)\n"),
            ("locked/R", "byline: \(folder.path)/locked/R: cannot write report: it cannot be created: the folder \(folder.path)/locked "
                + "cannot be written (Permission denied)\n"),
            ("locked/a/b/R", "byline: \(folder.path)/locked/a/b/R: cannot write report: it cannot be created: the folder \(folder.path)/locked "
                + "cannot be written (Permission denied)\n"),
        ]
        for (out, line) in cases {
            for command in [["report", "--db", "a.sqlite", "--out", out], ["pull", "--config", "outlets.toml", "--db", "a.sqlite", "--report", out]] {
                let outcome = try AsNobody.run(command, in: folder)
                #expect(outcome.status == 1, "\(command)")
                #expect(outcome.stdout == "", "\(command)")
                #expect(outcome.stderr == line, "\(command)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("locked").path) == [])
        #expect(try Data(contentsOf: folder.appendingPathComponent("a.sqlite")) == database)
        #expect(try Data(contentsOf: folder.appendingPathComponent("R/stories.json")) == report)
    }

    /// A database nobody may write, in a folder nobody may write: read, creating no
    /// file; and afterwards its owner writes it as before (no -shm left behind with its mode).
    /// Standard error without the line that says no embedding model was found.
    static func notes(_ stderr: String) -> String {
        stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasSuffix("; stories and facts are grouped on words, names and time only") && !$0.hasSuffix(" is grouped on words, names and time)") }
            .joined(separator: "\n")
    }

    /// Every reading command, run by a user who may not write the database file nor its folder
    /// (so SQLite could create no journal, -wal or -shm file either), does its whole job and
    /// prints what the owner's run prints: none of them writes the store.
    @Test func everyReadingCommandRunsOnADatabaseNobodyMayWrite() throws {
        let folder = try AsNobody.folder(writable: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.writeArchive(in: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("db"), withIntermediateDirectories: true)
        #expect(try CLI.run(["import", "archive", "--db", "db/a.sqlite"], in: folder).status == 0)
        let database = folder.appendingPathComponent("db/a.sqlite")
        try AsNobody.chmod(0o444, database)
        try AsNobody.chmod(0o755, folder.appendingPathComponent("db"))  // root's: nobody may not create files in it
        let bytes = try Data(contentsOf: database)

        let commands: [[String]] = [
            ["stories", "--db", "db/a.sqlite", "--min-outlets", "1"],
            ["stories", "--db", "db/a.sqlite", "--since", "2021-09-18T11:00:00Z"],
            ["stories", "--db", "db/a.sqlite", "--explain", "https://www.bbc.co.uk/news/11"],
            ["compare", "2", "--db", "db/a.sqlite"],
            ["report", "--db", "db/a.sqlite", "--out", "R"],
            ["report", "--db", "db/a.sqlite", "--out", "S", "--since", "2021-09-18T11:00:00Z"],
            ["outlets", "--db", "db/a.sqlite"],
            ["feeds", "list", "--db", "db/a.sqlite"],
        ]
        for command in commands {
            let owners = try CLI.run(command.map { $0 == "R" || $0 == "S" ? "root-\($0)" : $0 }, in: folder)
            let nobodys = try AsNobody.run(command, in: folder)
            #expect(nobodys.status == owners.status, "\(command): \(nobodys.stderr)")
            #expect(nobodys.stdout == owners.stdout.replacingOccurrences(of: "root-", with: ""), "\(command)")
            #expect(Self.notes(nobodys.stderr) == Self.notes(owners.stderr), "\(command)")
        }
        // The commands did their jobs: stories listed, reports written, the same as the owner's.
        #expect(try CLI.run(commands[0], in: folder).stdout.contains("Gabby Petito search widens"))
        for (mine, theirs) in [("R", "root-R"), ("S", "root-S")] {
            #expect(try Data(contentsOf: folder.appendingPathComponent("\(mine)/coverage.csv"))
                    == Data(contentsOf: folder.appendingPathComponent("\(theirs)/coverage.csv")))
        }
        #expect(try Data(contentsOf: database) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("db").path).sorted()
            == ["a.sqlite", "a.sqlite-analysis.lock"])
    }

    @Test func aDatabaseNobodyMayWriteIsReadAndLeftUsable() throws {
        let folder = try AsNobody.folder(writable: true)
        _ = try Self.writeArchive(in: folder)
        #expect(try CLI.run(["import", "archive", "--db", "db/a.sqlite"], in: folder).status != 0)  // no such folder yet
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("db"), withIntermediateDirectories: true)
        #expect(try CLI.run(["import", "archive", "--db", "db/a.sqlite"], in: folder).status == 0)
        let database = folder.appendingPathComponent("db/a.sqlite")
        try AsNobody.chmod(0o444, database)
        let expected = try CLI.run(["stories", "--db", "db/a.sqlite"], in: folder).stdout

        let readOnly = try AsNobody.run(["stories", "--db", "db/a.sqlite"], in: folder)
        #expect(readOnly.status == 0)
        #expect(readOnly.stdout == expected)
        // Reading commands open every database read-only: no note (nobody may find no embedding
        // model: that is one line, about the model, left out here).
        #expect(Self.notes(readOnly.stderr) == "")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("db").path).sorted()
            == ["a.sqlite", "a.sqlite-analysis.lock"])

        // Writable by nobody, but in a folder nobody may write: read-only too, not an SQLite error.
        try FileManager.default.setAttributes([.ownerAccountName: "nobody"], ofItemAtPath: database.path)
        try AsNobody.chmod(0o644, database)
        let inLockedFolder = try AsNobody.run(["stories", "--db", "db/a.sqlite"], in: folder)
        #expect(inLockedFolder.stdout == expected)
        #expect(Self.notes(inLockedFolder.stderr) == "")
        let write = try AsNobody.run(["import", "archive", "--db", "db/a.sqlite"], in: folder)
        #expect(write.status == 1)
        #expect(write.stderr == "byline: db/a.sqlite: cannot write in the folder \(folder.appendingPathComponent("db").path) (SQLite keeps its -wal and -shm files beside the database)\n")

        // Items imported since (the import saves their stories) are read like the others.
        try AsNobody.chmod(0o444, database)
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>BBC</title>
            <item><title>Emmys 2021: The Crown wins best drama</title><link>https://www.bbc.co.uk/news/13</link></item></channel></rss>
            """.utf8).write(to: folder.appendingPathComponent("archive/bbc/20210918T130000Z.xml"))
        #expect(try CLI.run(["import", "archive", "--db", "db/a.sqlite"], in: folder).status == 0)
        let unsaved = try AsNobody.run(["stories", "--db", "db/a.sqlite", "--min-outlets", "1"], in: folder)
        #expect(unsaved.status == 0)
        #expect(unsaved.stdout.contains("Emmys 2021: The Crown wins best drama"))

        // The owner (root here) still writes it.
        #expect(try CLI.run(["import", "archive", "--db", "db/a.sqlite"], in: folder).status == 0)
    }
}
