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

    /// Runs the binary with `arguments` in `folder`; with a `launcher` (a program and its
    /// arguments, such as `setpriv` acting as another user), through it.
    static func run(_ arguments: [String], in folder: URL, launcher: [String] = []) throws -> Outcome {
        let process = Process()
        process.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [binary.path] + arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readToEndClosing()
        let stderr = err.fileHandleForReading.readToEndClosing()
        return Outcome(status: try process.exitStatus(within: 600), stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let folder = TestFolders.root.appendingPathComponent("byline-cli-\(UUID().uuidString)")
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

    /// A database path in a folder that does not exist: one line naming the folder (it was
    /// SQLite's "unable to open database file"), and no folder or file is made.
    @Test func aDatabaseInAMissingFolderNamesTheFolder() throws {
        let folder = try CLI.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("archive/bbc"), withIntermediateDirectories: true)
        try Data("<rss version=\"2.0\"><channel><title>bbc</title><item><title>A</title><link>https://bbc.example/a</link></item></channel></rss>".utf8)
            .write(to: folder.appendingPathComponent("archive/bbc/20210918T100000Z.xml"))
        let outcome = try CLI.run(["import", "archive", "--db", "no/such/dir/x.sqlite"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "byline: no/such/dir/x.sqlite: no such folder \(folder.path)/no/such/dir (create it first; Byline creates the database, not its folder)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path))
    }

    /// `pull` and `run` name the missing folder of their database as `import` does (they
    /// blamed the lock file they make beside it: "cannot create the lock file ...
    /// x.sqlite-pull.lock (No such file or directory)"), before any feed is pulled; the reading
    /// commands, `analyze` and `migrate` say that the database's folder is missing too, rather
    /// than suggesting `byline import DIR` to create a file there.
    @Test func everyCommandNamesTheMissingFolderOfItsDatabase() throws {
        let folder = try CLI.temporaryFolder()
        try Data("[[outlet]]\nid = \"bbc\"\nname = \"BBC\"\nfeeds = [\"http://127.0.0.1:9/feed.xml\"]\n".utf8)
            .write(to: folder.appendingPathComponent("outlets.toml"))
        for command in [["pull"], ["run"]] {
            let outcome = try CLI.run(command + ["--config", "outlets.toml", "--db", "no/such/dir/x.sqlite"], in: folder)
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stdout == "", "\(command)")
            #expect(outcome.stderr == "byline: no/such/dir/x.sqlite: no such folder \(folder.path)/no/such/dir (create it first; Byline creates the database, not its folder)\n",
                    "\(command)")
        }
        for command in [["stories"], ["compare", "1"], ["report"], ["outlets"], ["feeds", "list"], ["feeds", "export"], ["analyze"]] {
            let outcome = try CLI.run(command + ["--db", "no/such/dir/x.sqlite"], in: folder)
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stderr == "byline: no/such/dir/x.sqlite: no such database: no such folder \(folder.path)/no/such/dir\n",
                    "\(command)")
        }
        let migrate = try CLI.run(["migrate", "--from", "no/such/dir/x.sqlite", "--to", "postgres://byline@127.0.0.1:9/byline"], in: folder)
        #expect(migrate.status == 1)
        #expect(migrate.stderr == "byline: no/such/dir/x.sqlite: no such database: no such folder \(folder.path)/no/such/dir\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["outlets.toml"])
    }

    /// A database path whose folder is a file: every writing command says that the folder is a
    /// file (it said `no such folder ... (create it first ...)` of a path that exists), exits 1
    /// before any feed is pulled, and leaves the file as it was. (A folder the user may not
    /// write is in ``UnprivilegedUserTests``: root writes any folder.)
    @Test func aDatabaseBelowAFileNamesTheFile() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        try Data("[[outlet]]\nid = \"bbc\"\nname = \"BBC\"\nfeeds = [\"http://127.0.0.1:9/feed.xml\"]\n".utf8)
            .write(to: folder.appendingPathComponent("outlets.toml"))
        try Data("my notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        for command in [["pull", "--config", "outlets.toml"], ["run", "--config", "outlets.toml"], ["import", "archive"]] {
            let outcome = try CLI.run(command + ["--db", "notes.txt/x.sqlite"], in: folder)
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stdout == "", "\(command)")
            #expect(outcome.stderr == "byline: notes.txt/x.sqlite: \(folder.path)/notes.txt is a file, not a folder\n", "\(command)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["archive", "notes.txt", "outlets.toml"])
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes\n")
    }

    /// A snapshot cut off mid-item: `import` stores the items before the cut and says, in its
    /// summary and one line naming the snapshot, that the rest is lost (it said nothing, and only
    /// the pull log held the warning, where `pull` prints it). The cut is one warning (it was
    /// also libxml2's "line 3: Extra content at the end of the document; read in recovery mode"
    /// and "the last item was cut off and is left out").
    @Test func aCutOffSnapshotIsNamedByImport() throws {
        let folder = try CLI.temporaryFolder()
        let archived = folder.appendingPathComponent("archive/bbc")
        try FileManager.default.createDirectory(at: archived, withIntermediateDirectories: true)
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>Complete item</title><link>https://example.org/1</link></item>
            <item><title>Earthquake hits Testland, 12 dead
            """.utf8).write(to: archived.appendingPathComponent("20210918T100000Z.xml"))
        let imported = try CLI.run(["import", "archive", "--db", "cut.sqlite", "--no-model"], in: folder)
        #expect(imported.status == 0)
        let lines = imported.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "imported 1 of 1 snapshot from 1 outlet: 1 new item, 0 new versions; "
            + "1 snapshot cut off (the items before the cut stored, those after it lost)")
        #expect(lines.dropFirst().first == "  cut off: the feed is cut off (line 3: the document ends before its root element closes, "
            + "inside an item, which is left out): the items read are kept, and the pull is not taken to show which items left the "
            + "feed: 1 (bbc 1): bbc/20210918T100000Z.xml")
    }

    /// The other warnings a snapshot's reading raises (an unparseable date, elements nested too
    /// deep, an undefined entity, a document read in recovery mode) are counted in the summary
    /// and listed by kind, as cut-off snapshots are; they were only in the pull log.
    @Test func snapshotsWithParseWarningsAreNamedByImport() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let deep = String(repeating: "<b>", count: 300) + "deep" + String(repeating: "</b>", count: 300)
        let snapshots = [
            ("bbc/20210918T100000Z.xml", """
                <item><title>Storm nears coast</title><link>https://bbc.example/1</link><pubDate>yesterday</pubDate></item>
                <item><title>Storm makes landfall</title><link>https://bbc.example/2</link><description>\(deep)</description></item>
                """),
            ("cnn/20210918T100000Z.xml", "<item><title>Storm &bogus; nears</title><link>https://cnn.example/1</link></item>"),
            ("cnn/20210918T110000Z.xml", "<item><title>Storm hits</title><link>https://cnn.example/2</link><pubDate>soon</pubDate></item>"),
            ("nyt/20210918T100000Z.xml", "<item><title>Storm</b> hits</title><link>https://nyt.example/1</link></item>"),
            ("nyt/20210918T110000Z.xml", "<item><title>Storm passes</title><link>https://nyt.example/2</link></item>"),
        ]
        for (path, items) in snapshots {
            let file = folder.appendingPathComponent("archive/\(path)")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\n\(items)\n</channel></rss>\n".utf8).write(to: file)
        }
        let imported = try CLI.run(["import", "archive", "--db", "warned.sqlite", "--no-model"], in: folder)
        #expect(imported.status == 0)
        let lines = imported.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(5)) == [
            "imported 5 of 5 snapshots from 3 outlets: 6 new items, 0 new versions; "
                + "4 snapshots with parse warnings (each costs a field or an element, not the snapshot)",
            "  warning: unparseable date: 2 (bbc 1, cnn 1): bbc/20210918T100000Z.xml, cnn/20210918T110000Z.xml",
            "  warning: Opening and ending tag mismatch; read in recovery mode: 1 (nyt 1): nyt/20210918T100000Z.xml",
            "  warning: elements nested deeper than 256 left out; the rest was read: 1 (bbc 1): bbc/20210918T100000Z.xml",
            "  warning: undefined entity kept as text: 1 (cnn 1): cnn/20210918T100000Z.xml",
        ])
        #expect(lines.dropFirst(5).allSatisfy { $0.hasPrefix("stories: ") })
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

        // A zero-filled file is no empty document (it was called one).
        try Data(repeating: 0, count: 100).write(to: folder.appendingPathComponent("nul.xml"))
        let nul = try CLI.run(["parse", "nul.xml"], in: folder)
        #expect(nul.status == 1)
        #expect(nul.stderr == "byline: nul.xml: not a feed: NUL bytes only (100 bytes)\n")
        try Data([0x0A, 0, 0, 0x20]).write(to: folder.appendingPathComponent("nuls.xml"))
        let nuls = try CLI.run(["parse", "nuls.xml"], in: folder)
        #expect(nuls.stderr == "byline: nuls.xml: not a feed: NUL bytes and white space only (2 NUL of 4 bytes)\n")
        let archived = folder.appendingPathComponent("nul-archive/bbc")
        try FileManager.default.createDirectory(at: archived, withIntermediateDirectories: true)
        try Data(repeating: 0, count: 100).write(to: archived.appendingPathComponent("20210918T100000Z.xml"))
        let imported = try CLI.run(["import", "nul-archive", "--db", "nul.sqlite", "--no-model"], in: folder)
        #expect(imported.status == 1)
        #expect(imported.stdout.contains("\n  failed pull: not a feed: NUL bytes only (100 bytes): 1 (bbc 1): bbc/20210918T100000Z.xml\n"), "\(imported.stdout)")

        let truncated = try CLI.run(["parse", "--format", "none", "truncated.xml", "empty.xml"], in: folder)
        #expect(truncated.status == 0)
        #expect(truncated.stdout == "2 files, 1 entry, 1 with bozo set, 1 failed\n")
        #expect(truncated.stderr == "byline: empty.xml: empty document\n")

        // Several files in json format: one JSON array naming each file, failures included.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("adir"), withIntermediateDirectories: true)
        let several = try CLI.run(["parse", "truncated.xml", "adir", "missing.xml", "page.xml"], in: folder)
        #expect(several.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(several.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["file"] as? String } == ["truncated.xml", "adir", "missing.xml", "page.xml"])
        #expect(array.map { $0["error"] as? String } == [nil, "a folder, not a feed file", "no such file", "not a feed: an HTML page (<html>)"])
        let feed = try #require(array[0]["feed"] as? [String: Any])
        #expect((feed["items"] as? [[String: Any]])?.first?["title"] as? String == "Complete item")
        #expect(several.stderr == "byline: adir: a folder, not a feed file\nbyline: missing.xml: no such file\nbyline: page.xml: not a feed: an HTML page (<html>)\n")
    }

    /// File operands among options, in any order, and command lines ArgumentParser must judge
    /// whole (an unknown option, a missing value, `--`): the files set aside while it reads the
    /// options come back in their place.
    @Test func parseOperandsAmongOptionsKeepTheirOrder() throws {
        let folder = try CLI.temporaryFolder()
        for name in ["a", "b", "c"] {
            try Data("<rss version=\"2.0\"><channel><item><title>Item \(name)</title></item></channel></rss>".utf8)
                .write(to: folder.appendingPathComponent(name + ".xml"))
        }
        let mixed = try CLI.run(["parse", "c.xml", "--format=json", "a.xml", "--url", "https://example.org/", "b.xml", "gone.xml"], in: folder)
        #expect(mixed.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(mixed.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["file"] as? String } == ["c.xml", "a.xml", "b.xml", "gone.xml"])
        #expect(array.prefix(3).map { (($0["feed"] as? [String: Any])?["items"] as? [[String: Any]])?.first?["title"] as? String }
                == ["Item c", "Item a", "Item b"])
        #expect(mixed.stderr == "byline: gone.xml: no such file\n")

        let terminated = try CLI.run(["parse", "--format", "none", "a.xml", "--", "b.xml", "c.xml"], in: folder)
        #expect(terminated.stdout == "3 files, 3 entries, 0 with bozo set, 0 failed\n")

        let unknown = try CLI.run(["parse", "a.xml", "--formt", "none", "b.xml"], in: folder)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: Unknown option '--formt'. Did you mean '--format'?\n"))

        let missing = try CLI.run(["parse", "a.xml", "b.xml", "--format"], in: folder)
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: Missing value for '--format <format>'\n"))
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

    @Test func readingCommandsDoNotCreateADatabase() throws {
        let folder = try CLI.temporaryFolder()
        for command in [["stories"], ["compare", "1"], ["report"], ["outlets"], ["feeds", "list"], ["feeds", "export"]] {
            let outcome = try CLI.run(command + ["--db", "typo.sqlite"], in: folder)
            #expect(outcome.status == 1)
            #expect(outcome.stderr == "byline: typo.sqlite: no such database; create it with `byline import DIR` or `byline pull` (or name another with --db)\n")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    /// A URL of a scheme Byline does not store in is refused, not read as a file path.
    @Test func aDatabaseURLOfAnotherSchemeIsRefused() throws {
        let folder = try CLI.temporaryFolder()
        for command in [["stories"], ["import", "archive"]] {
            let outcome = try CLI.run(command + ["--db", "mysql://x/y"], in: folder)
            #expect(outcome.status == 64)
            #expect(outcome.stderr.hasPrefix("Error: --db 'mysql://x/y': Byline does not store in mysql:// databases; give a SQLite file path or a postgres://user@host/database URL\n"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test func anEmptyFileIsNotMadeIntoADatabaseAndAFailedImportCreatesNone() throws {
        let folder = try CLI.temporaryFolder()
        let empty = folder.appendingPathComponent("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty.path, contents: Data()))
        for command in [["stories"], ["report"], ["outlets"]] {
            let outcome = try CLI.run(command + ["--db", "empty.sqlite"], in: folder)
            #expect(outcome.status == 1)
            #expect(outcome.stderr == "byline: empty.sqlite: an empty file, no database yet; `byline import DIR` or `byline pull` makes one in it (or name another with --db)\n")
        }
        #expect(try Data(contentsOf: empty).isEmpty)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nothing-here"), withIntermediateDirectories: true)
        for archive in ["no-such-folder", "nothing-here", "empty.sqlite"] {
            let outcome = try CLI.run(["import", archive, "--db", "new.sqlite"], in: folder)
            #expect(outcome.status == 1, "\(archive)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("new.sqlite").path))
        let report = try CLI.run(["report", "--out", "", "--db", "empty.sqlite"], in: folder)
        #expect(report.status == 64)
        #expect(report.stderr.contains("--out must name a folder"))
    }

    /// A database with no pulled feeds (only `byline import`'s archive feeds) exports nothing:
    /// an error, and no empty OPML file where a config was expected.
    @Test func exportingADatabaseWithoutPulledFeedsIsAnErrorAndWritesNoFile() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        #expect(try CLI.run(["import", "archive", "--db", "b.sqlite"], in: folder).status == 0)
        let outcome = try CLI.run(["feeds", "export", "--db", "b.sqlite", "--output", "feeds.opml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "byline: b.sqlite: no pulled feeds stored (an imported archive has no feed URLs; pull with --config first); nothing written\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("feeds.opml").path))
    }

    /// A small archive written by the test: one outlet, one snapshot, one HTML page, and paths
    /// that are not snapshots.
    static func writeArchive(in folder: URL) throws {
        let bbc = folder.appendingPathComponent("archive/bbc")
        try FileManager.default.createDirectory(at: bbc, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("archive/Bad Name"), withIntermediateDirectories: true)
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>BBC</title>
            <item><title>France recalls ambassadors</title><link>https://www.bbc.co.uk/news/1</link>
            <pubDate>Sat, 18 Sep 2021 09:30:00 GMT</pubDate></item></channel></rss>
            """.utf8).write(to: bbc.appendingPathComponent("20210918T100000Z.xml"))
        try Data("<html><body>403 ERROR</body></html>".utf8).write(to: bbc.appendingPathComponent("20210918T110000Z.xml"))
        try Data("x".utf8).write(to: bbc.appendingPathComponent("19700101T000000Z.xml"))
        try Data("x".utf8).write(to: bbc.appendingPathComponent("notes.txt"))
    }

    /// The outlet list that names an archive's outlets: a bad alias refuses the import before a
    /// database exists; without a list here, a note, and the outlets keep their folder names.
    @Test func importReadsTheOutletListAndABadAliasIsOneLine() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        try Data("[[outlet]]\nid = \"bbc\"\nname = \"BBC News\"\naliases = [\"BBC\", 7]\nfeeds = [\"https://feeds.bbci.co.uk/news/rss.xml\"]\n".utf8)
            .write(to: folder.appendingPathComponent("bad.toml"))
        let bad = try CLI.run(["import", "archive", "--config", "bad.toml"], in: folder)
        #expect(bad.status == 1)
        #expect(bad.stderr == "byline: bad.toml:4: outlet 'bbc': aliases[1] must be a string\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("byline.sqlite").path))

        let unnamed = try CLI.run(["import", "archive"], in: folder)
        #expect(unnamed.status == 0)
        #expect(unnamed.stderr == "byline: note: no Feeds/outlets.toml here: outlets are named by their folder names (give --config to name them)\n")
    }

    /// An archive folder the outlet list does not hold ("nytime", a typo of nytimes) is imported
    /// under its folder name, with a note naming it.
    @Test func anOutletFolderNotInTheListIsNamed() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        let typo = folder.appendingPathComponent("archive/nytime")
        try FileManager.default.createDirectory(at: typo, withIntermediateDirectories: true)
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>NYT</title>
            <item><title>France Recalls Ambassadors</title><link>https://www.nytimes.com/1</link></item></channel></rss>
            """.utf8).write(to: typo.appendingPathComponent("20210918T100000Z.xml"))
        try Data("[[outlet]]\nid = \"bbc\"\nname = \"BBC News\"\nfeeds = [\"https://feeds.bbci.co.uk/news/rss.xml\"]\n".utf8)
            .write(to: folder.appendingPathComponent("list.toml"))
        let outcome = try CLI.run(["import", "archive", "--config", "list.toml", "--no-model"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stderr.hasPrefix("byline: note: 1 outlet folder not in list.toml (nytime): imported under the folder name; check for a typo\n"))
        #expect(outcome.stdout.hasPrefix("imported 2 of 3 snapshots from 2 outlets: 2 new items"))
    }

    @Test func importNamesWhatFailedAndWhatWasSkipped() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        let outcome = try CLI.run(["import", "archive"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == """
            imported 1 of 2 snapshots from 1 outlet: 1 new item, 0 new versions; 1 not usable feed, recorded as a failed pull; 3 paths skipped (not snapshots)
              failed pull: not a feed: an HTML page (<html>): 1 (bbc 1): bbc/20210918T110000Z.xml
              skipped: capture time 1970-01-01T00:00:00Z is impossible (before 1997 or in the future): 1 (bbc 1): bbc/19700101T000000Z.xml
              skipped: folder name is not an outlet id ([a-z0-9_.-]+): 1 (Bad Name 1): Bad Name
              skipped: name is not <YYYYMMDDTHHMMSSZ>.xml: 1 (bbc 1): bbc/notes.txt
            stories: 1 item placed: 1 new story, 0 merges, 0 splits; 1 story touched

            """)
        let again = try CLI.run(["import", "archive"], in: folder)
        #expect(again.stdout.hasPrefix("imported 0 of 2 snapshots from 1 outlet: 0 new items, 0 new versions; 2 already stored;"))

        let unknown = try CLI.run(["compare", "1", "42"], in: folder)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "byline: story 42: no such story (see `byline stories`)\n")
        let file = try CLI.run(["import", "archive/bbc/notes.txt"], in: folder)
        #expect(file.stderr == "byline: \(folder.path)/archive/bbc/notes.txt: not a folder (import reads DIR/<outlet>/<YYYYMMDDTHHMMSSZ>.xml)\n")
    }

    /// The top-level help says what the README says and the code does: every command that takes
    /// --db works on PostgreSQL (it said only pull, run and import could).
    @Test func theTopLevelHelpSaysEveryCommandWorksOnPostgreSQL() throws {
        let help = try CLI.run(["--help"], in: try CLI.temporaryFolder())
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("Data lives in one SQLite file (--db, default byline.sqlite) or in a PostgreSQL database "
                              + "(--db postgres://user@host/database), which every command that takes --db works on as on SQLite "
                              + "(pull, run and import store, analyze analyses, stories, compare, report, outlets and feeds read) "
                              + "and several run workers can share."))
    }

    /// Each command's synopsis in the README names the options its `--help` lists (the README's
    /// `import` and `pull` left out `--model`, and `feeds` named `feeds list`'s options on the
    /// command that has subcommands).
    @Test func theReadmeSynopsesNameTheOptionsOfHelp() throws {
        let readme = try String(contentsOf: SharedData.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        func options(_ text: Substring) -> Set<String> {
            Set(text.split(whereSeparator: { !($0.isLetter || $0 == "-") }).filter { $0.hasPrefix("--") && $0.count > 2 }.map(String.init))
        }
        let synopses: [([String], String)] = [
            (["pull"], "`byline pull ["), (["run"], "`byline run ["), (["import"], "`byline import DIR ["),
            (["analyze"], "`byline analyze ["), (["parse"], "`byline parse FILE... ["), (["stories"], "`byline stories ["),
            (["compare"], "`byline compare STORY ["), (["report"], "`byline report ["), (["outlets"], "`byline outlets ["),
            (["feeds", "list"], "`byline feeds list ["), (["feeds", "export"], "`byline feeds export ["),
        ]
        for (command, prefix) in synopses {
            let start = try #require(readme.range(of: prefix), "\(command)")
            let end = try #require(readme[start.upperBound...].firstIndex(of: "`"))
            let help = try CLI.run(command + ["--help"], in: try CLI.temporaryFolder())
            let usage = try #require(help.stdout.range(of: "USAGE: "), "\(command)")
            let usageEnd = help.stdout[usage.upperBound...].range(of: "\n\n")?.lowerBound ?? help.stdout.endIndex
            #expect(options(readme[start.lowerBound..<end]) == options(help.stdout[usage.upperBound..<usageEnd]), "\(command)")
        }
    }

    /// An operand that no story id can be (not a whole number, or negative) is a usage error
    /// (exit 64, as an invalid option value; `compare abc` said "no such story" and exited 1);
    /// an id that no story has (0, 42) is no such story, exit 1. `--` ends the options as the
    /// shell convention has it (it was "Unknown option '--'"): what follows is an id however it
    /// starts.
    @Test func aNonNumericOrNegativeStoryIDIsAUsageError() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        #expect(try CLI.run(["import", "archive"], in: folder).status == 0)
        for (arguments, operand) in [(["compare", "-1"], "-1"), (["compare", "1", "-1"], "-1"),
                                     (["compare", "-1", "--db", "byline.sqlite"], "-1"), (["compare", "abc"], "abc"),
                                     (["compare", "1.5"], "1.5"), (["compare", "--", "-5"], "-5"), (["compare", "1", "--", "-5"], "-5"),
                                     (["compare", "--", "--bogus"], "--bogus")] {
            let outcome = try CLI.run(arguments, in: folder)
            #expect(outcome.status == 64, "\(arguments)")
            #expect(outcome.stderr.hasPrefix("Error: '\(operand)' is not a story id (a whole number, as `byline stories` lists them)\nUsage: byline compare"),
                    "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout == "", "\(arguments)")
        }
        let zero = try CLI.run(["compare", "0"], in: folder)
        #expect(zero.status == 1)
        #expect(zero.stderr == "byline: story 0: no such story (see `byline stories`)\n")
        let shown = try CLI.run(["compare", "1"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("Story 1: France recalls ambassadors"))
        let option = try CLI.run(["compare", "1", "--bogus"], in: folder)
        #expect(option.status == 64)
        #expect(option.stderr.hasPrefix("Error: Unknown option '--bogus'\n"))
        let none = try CLI.run(["compare"], in: folder)
        #expect(none.status == 64)
        #expect(none.stderr.hasPrefix("Error: Missing expected argument '<story> ...'\n"))
        let explain = try CLI.run(["stories", "--explain", "-1"], in: folder)
        #expect(explain.status == 1)
        #expect(explain.stderr == "byline: item -1: no stored item has this guid or id\n")
    }

    /// An import that stores no snapshot exits 1, as a pull whose every feed failed does: every
    /// snapshot not a feed, or every snapshot older than what the database holds of its feed.
    /// A re-run of an import already stored is not a failure.
    @Test func anImportThatStoresNothingExitsOne() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        let bbc = folder.appendingPathComponent("archive/bbc")
        let feed = try Data(contentsOf: bbc.appendingPathComponent("20210918T100000Z.xml"))
        try FileManager.default.removeItem(at: bbc.appendingPathComponent("20210918T100000Z.xml"))
        let broken = try CLI.run(["import", "archive", "--db", "a.sqlite"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("imported 0 of 1 snapshot from 1 outlet: 0 new items, 0 new versions; 1 not usable feed, recorded as a failed pull;"))
        #expect(broken.stderr.hasSuffix("byline: nothing imported: no snapshot could be stored (see the reasons above)\n"), "\(broken.stderr)")

        // A later snapshot first, then an archive of only an earlier one.
        let later = folder.appendingPathComponent("later/bbc"), earlier = folder.appendingPathComponent("earlier/bbc")
        try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: earlier, withIntermediateDirectories: true)
        try feed.write(to: later.appendingPathComponent("20210918T120000Z.xml"))
        try feed.write(to: earlier.appendingPathComponent("20210918T100000Z.xml"))
        #expect(try CLI.run(["import", "later", "--db", "b.sqlite"], in: folder).status == 0)
        let old = try CLI.run(["import", "earlier", "--db", "b.sqlite"], in: folder)
        #expect(old.status == 1)
        #expect(old.stderr.hasSuffix("byline: nothing imported: every snapshot is older than what the database holds of its feed (see above)\n"), "\(old.stderr)")
        let again = try CLI.run(["import", "later", "--db", "b.sqlite"], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("imported 0 of 1 snapshot from 1 outlet: 0 new items, 0 new versions; 1 already stored"))
    }

    /// An archive of captures older than what the database holds, for three outlets: one line
    /// with the counts (it was one line per outlet, each naming the outlet's latest pull, ending
    /// 'see the pull table', a table these snapshots are not even in); --verbose names the outlets.
    @Test func outOfOrderSnapshotsAreOneLineAndVerboseNamesTheOutlets() throws {
        let folder = try CLI.temporaryFolder()
        let archive = SharedData.packageRoot.appendingPathComponent("Tests/BylinePipelineTests/Fixtures/archive")
        // Each outlet's last capture first.
        for (outlet, last) in [("bbc", "20210918T120000Z.xml"), ("cnn", "20210918T110000Z.xml"), ("nytimes", "20210918T113000Z.xml")] {
            let later = folder.appendingPathComponent("later/\(outlet)")
            try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: archive.appendingPathComponent("\(outlet)/\(last)"), to: later.appendingPathComponent(last))
        }
        #expect(try CLI.run(["import", "later", "--no-model"], in: folder).status == 0)
        let whole = try CLI.run(["import", archive.path, "--no-model"], in: folder)
        #expect(whole.status == 0)
        let lines = whole.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "imported 0 of 7 snapshots from 3 outlets: 0 new items, 0 new versions; 3 already stored; 1 path skipped (not snapshots); 4 snapshots older than what is stored, not recorded")
        #expect(lines.filter { $0.contains("out of order") } == [
            "  out of order: 4 snapshots of 3 outlets are older than each outlet's latest stored pull, not recorded (import earlier captures into a new database, or before later ones); --verbose names the outlets",
        ])
        #expect(!whole.stdout.contains("pull table"))
        let verbose = try CLI.run(["import", archive.path, "--no-model", "--verbose"], in: folder)
        #expect(verbose.stdout.contains("""
              out of order: 4 snapshots of 3 outlets are older than each outlet's latest stored pull, not recorded (import earlier captures into a new database, or before later ones):
                bbc: 2 snapshots, captured 2021-09-18T10:00:00Z to 2021-09-18T11:00:00Z; its latest stored pull 2021-09-18T12:00:00Z
                cnn: 1 snapshot, captured 2021-09-18T10:00:00Z; its latest stored pull 2021-09-18T11:00:00Z
                nytimes: 1 snapshot, captured 2021-09-18T10:05:00Z; its latest stored pull 2021-09-18T11:30:00Z

            """), "\(verbose.stdout)")
    }

    /// `feeds` on a store that holds only imported snapshots lists the imported outlets as
    /// such (it printed a bare header and exited 0, naming the feeds only on stderr as 'not
    /// pulled, so not listed'): status `imported`, the latest capture that was a feed, the failed
    /// snapshots after it (bbc's 11:00 capture is not a feed, its 12:00 one is).
    @Test func feedsListsTheImportedOutletsAsSuch() throws {
        let folder = try CLI.temporaryFolder()
        let archive = SharedData.packageRoot.appendingPathComponent("Tests/BylinePipelineTests/Fixtures/archive")
        #expect(try CLI.run(["import", archive.path, "--no-model"], in: folder).status == 0)
        let table = try CLI.run(["feeds"], in: folder)
        #expect(table.status == 0)
        #expect(table.stderr == "")
        #expect(table.stdout == """
            outlet   url              status    last_status_code  last_success          next_due  failures  last_error
            bbc      archive:bbc      imported                    2021-09-18T12:00:00Z            0
            cnn      archive:cnn      imported                    2021-09-18T11:00:00Z            0
            nytimes  archive:nytimes  imported                    2021-09-18T11:30:00Z            0

            """)
        let csv = try CLI.run(["feeds", "list", "--format", "csv"], in: folder)
        #expect(csv.stdout.hasPrefix("outlet,url,status,last_status_code,last_success,next_due,failures,last_error\r\nbbc,archive:bbc,imported,,2021-09-18T12:00:00Z,,0,\r\n"))
    }

    @Test func aReportThatCannotBeWrittenWholeChangesNothing() throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        #expect(try CLI.run(["import", "archive"], in: folder).status == 0)
        #expect(try CLI.run(["report", "--out", "R"], in: folder).status == 0)
        let before = try String(contentsOf: folder.appendingPathComponent("R/stories.csv"), encoding: .utf8)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("R/facts.csv"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("R/facts.csv"), withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: folder.appendingPathComponent("R/stories.csv"))
        let outcome = try CLI.run(["report", "--out", "R"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "byline: \(folder.path)/R/facts.csv: cannot write report: a folder is in the way\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("R/stories.csv"), encoding: .utf8) == "stale")
        #expect(before.hasPrefix("story_id,headline,"))

        try Data("x".utf8).write(to: folder.appendingPathComponent("afile"))
        let intoFile = try CLI.run(["report", "--out", "afile/sub"], in: folder)
        #expect(intoFile.status == 1)
        #expect(intoFile.stderr == "byline: \(folder.path)/afile/sub: cannot write report: it cannot be created: \(folder.path)/afile is a file, not a folder\n")
    }

    @Test func badTimesAreRefusedNotTruncated() throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(["stories", "--since", "2021-09-19T12:00:00"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("'2021-09-19T12:00:00' is not a valid time; use 2021-09-19 or 2021-09-19T12:00:00Z"))
    }

    /// A `--timeout` over a day crashed `pull` and `run` (exit 132, `Double value cannot be
    /// converted to Int64` past about 9.2 × 10⁹ s) and a `--lease` or `--concurrency` of any size
    /// was taken: each is refused before anything is opened, on SQLite as on PostgreSQL.
    @Test(arguments: [
        (["pull", "--timeout", "9999999999"], "Error: --timeout (9999999999 s) must be at most 86400 seconds (a day)\n"),
        (["run", "--timeout", "86401"], "Error: --timeout (86401 s) must be at most 86400 seconds (a day)\n"),
        (["run", "--lease", "9999999999"], "Error: --lease (9999999999 s) must be at most 90000 seconds (25 hours)\n"),
        (["run", "--lease", "90001", "--db", "postgres://writer@127.0.0.1:1/byline"],
         "Error: --lease (90001 s) must be at most 90000 seconds (25 hours)\n"),
        // `--concurrency 1000000` was taken (a new user's finding).
        (["pull", "--concurrency", "1000000"], "Error: --concurrency (1000000) must be at most 256 pulls in flight at once\n"),
        (["run", "--concurrency", "257"], "Error: --concurrency (257) must be at most 256 pulls in flight at once\n"),
        (["run", "--concurrency", "257", "--db", "postgres://writer@127.0.0.1:1/byline"],
         "Error: --concurrency (257) must be at most 256 pulls in flight at once\n"),
    ])
    func aTimeoutOrLeaseOverItsBoundIsRefused(arguments: [String], error: String) throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(arguments, in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix(error))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aMegabyteTitleIsListedAndReportedShort() throws {
        let folder = try CLI.temporaryFolder()
        let outlet = folder.appendingPathComponent("archive/outa")
        try FileManager.default.createDirectory(at: outlet, withIntermediateDirectories: true)
        let title = String(repeating: "word ", count: 200_000)
        try Data(("<rss version=\"2.0\"><channel><title>x</title><item><guid>g1</guid><title>" + title
                  + "</title></item></channel></rss>").utf8).write(to: outlet.appendingPathComponent("20210918T100000Z.xml"))
        #expect(try CLI.run(["import", "archive"], in: folder).status == 0)
        let listed = try CLI.run(["stories", "--min-outlets", "1"], in: folder)
        #expect(listed.status == 0)
        let line = try #require(listed.stdout.split(separator: "\n").dropFirst().first)
        // Listed and reported as shown: the first 300 characters and the mark of the cut (the
        // stored title, trimmed, has 999,999 characters; the store keeps it whole).
        let shown = String(repeating: "word ", count: 60) + "… [cut from 999999 characters]"
        #expect(line.hasSuffix(" " + shown))
        #expect(line.count < 400)
        #expect(try CLI.run(["report", "--out", "R"], in: folder).status == 0)
        let stories = try String(contentsOf: folder.appendingPathComponent("R/stories.csv"), encoding: .utf8)
        #expect(stories.split(separator: "\r\n").dropFirst().first?.split(separator: ",")[1] == Substring(shown))
        #expect(!stories.contains(String(repeating: "word ", count: 61)))
    }

    @Test func datesOfTheFirstCenturiesPrintInTheGregorianCalendarAndPHPsZeroDateIsNoDate() throws {
        let folder = try CLI.temporaryFolder()
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Old</title>
            <item><guid>year-one</guid><title>Year one</title><pubDate>0001-01-01T00:00:00Z</pubDate></item>
            <item><guid>zero-date</guid><title>Zero date</title><pubDate>-0001-11-30T00:00:00+00:00</pubDate></item>
            </channel></rss>
            """.utf8).write(to: folder.appendingPathComponent("old.xml"))
        let outcome = try CLI.run(["parse", "old.xml"], in: folder)
        #expect(outcome.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["title"] as? String } == ["Year one", "Zero date"])
        // Not 0001-01-03 (Foundation's Julian calendar before 1582), and no year 2000 for -0001.
        #expect(items[0]["published"] as? String == "0001-01-01T00:00:00Z")
        #expect(items[1]["published"] == nil)
    }

    /// A negative count is a value to refuse by name, not an unknown option ("Missing value").
    @Test(arguments: [
        (["stories", "--limit", "-5"], "Error: --limit must be 0 (all) or more"),
        (["stories", "--min-outlets", "-1"], "Error: --min-outlets must be at least 1"),
        (["pull", "--concurrency", "-2"], "Error: --concurrency must be at least 1"),
        (["run", "--concurrency", "0"], "Error: --concurrency must be at least 1"),
    ])
    func negativeCountsAreRefusedByName(arguments: [String], message: String) throws {
        let outcome = try CLI.run(arguments + ["--db", "none.sqlite"], in: try CLI.temporaryFolder())
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix(message + "\n"))
    }

    @Test func aDeviceIsNotReadAsAFeed() throws {
        let outcome = try CLI.run(["parse", "/dev/null"], in: try CLI.temporaryFolder())
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "byline: /dev/null: not a regular file (a device, pipe or socket)\n")
    }

    /// A symbolic link is read as what it leads to: a feed, a folder, a device; one to a missing
    /// file says so (it said `no such file` of a path that is there, as a link).
    @Test func symbolicLinksAreFollowed() throws {
        let folder = try CLI.temporaryFolder()
        try Data("<rss version=\"2.0\"><channel><title>t</title><item><title>Linked</title></item></channel></rss>".utf8)
            .write(to: folder.appendingPathComponent("feed.xml"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("adir"), withIntermediateDirectories: true)
        for (link, target) in [("tofeed.xml", "feed.xml"), ("todir", "adir"), ("dangling.xml", "gone.xml"), ("todev", "/dev/null")] {
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(link).path, withDestinationPath: target)
        }
        let outcome = try CLI.run(["parse", "--format", "none", "tofeed.xml", "todir", "dangling.xml", "todev"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "4 files, 1 entry, 0 with bozo set, 3 failed\n")
        #expect(outcome.stderr == "byline: todir: a folder, not a feed file\nbyline: dangling.xml: a symbolic link to a missing file\n"
                + "byline: todev: not a regular file (a device, pipe or socket)\n")
    }

    @Test func aParseURLThatIsNotAbsoluteIsRefused() throws {
        let folder = try CLI.temporaryFolder()
        let feed = folder.appendingPathComponent("feed.xml")
        try Data("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><link>/a</link></item></channel></rss>".utf8).write(to: feed)
        for bad in ["not a url", "example.com/feed.xml", "https://"] {
            let outcome = try CLI.run(["parse", "--url", bad, feed.path], in: folder)
            #expect(outcome.status == 64, "\(bad)")
            #expect(outcome.stderr.contains("--url '\(bad)' is not an absolute URL (like https://example.com/feed.xml)"), "\(outcome.stderr)")
        }
        let good = try CLI.run(["parse", "--url", "https://example.com/news/feed.xml", feed.path], in: folder)
        #expect(good.status == 0)
        #expect(good.stdout.contains("\"link\" : \"https://example.com/a\""))
    }

    /// A `--header` that is not `Name: value` is refused with `parse`'s usage, as a bad --format
    /// is (it was refused with the top-level usage, `byline <subcommand>`), and nothing is parsed.
    @Test func aParseHeaderWithoutAColonShowsParsesUsage() throws {
        let folder = try CLI.temporaryFolder()
        try Data("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title></item></channel></rss>".utf8)
            .write(to: folder.appendingPathComponent("f.xml"))
        let usage = "Usage: byline parse <FILE> ... [--format <format>] [--header <header> ...] [--url <url>]\n"
            + "  See 'byline parse --help' for more information.\n"
        for arguments in [["parse", "--header", "garbage", "f.xml"], ["parse", "f.xml", "f.xml", "--header", "Content-Type: text/xml", "--header=garbage"]] {
            let outcome = try CLI.run(arguments, in: folder)
            #expect(outcome.status == 64, "\(arguments)")
            #expect(outcome.stdout == "", "\(arguments)")
            #expect(outcome.stderr == "Error: --header 'garbage' is not \"Name: value\"\n" + usage, "\(arguments)")
        }
        let good = try CLI.run(["parse", "--header", "Content-Type: text/xml; charset=utf-8", "--format", "none", "f.xml"], in: folder)
        #expect(good.status == 0)
        #expect(good.stdout == "1 file, 1 entry, 0 with bozo set, 0 failed\n")
    }
}
