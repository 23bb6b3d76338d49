import BylineTestSupport
import Foundation
import Testing

/// An archive folder with no snapshot at all: the error line says what to give instead when the
/// folder is one outlet's folder or the folder above an archive, and the paths it skipped are
/// listed by reason under it, as after the summary line of an import that stored something (it
/// was the bare "no snapshots found" line, whatever the folder held). Nothing is created.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct EmptyArchiveTests {
    static let expected = "no snapshots found (expected <outlet>/<YYYYMMDDTHHMMSSZ>.xml)"

    /// Only paths that are not snapshots, one of each reason: each is listed with its reason.
    @Test func everySkippedPathIsListedByReason() throws {
        let folder = try CLI.temporaryFolder()
        let bbc = folder.appendingPathComponent("archive/bbc"), named = folder.appendingPathComponent("archive/BBC News")
        try FileManager.default.createDirectory(at: bbc, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: named, withIntermediateDirectories: true)
        let feed = Data("<rss version=\"2.0\"><channel><title>BBC</title><item><title>A</title></item></channel></rss>".utf8)
        for name in ["bbc-2021-09-18.xml", "20990101T000000Z.xml", "20210231T100000Z.xml"] {
            try feed.write(to: bbc.appendingPathComponent(name))
        }
        try feed.write(to: named.appendingPathComponent("20210918T100000Z.xml"))
        try FileManager.default.createSymbolicLink(atPath: bbc.appendingPathComponent("20210918T110000Z.xml").path, withDestinationPath: "gone.xml")

        let outcome = try CLI.run(["import", "archive", "--db", "a.sqlite"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == """
            byline: \(folder.path)/archive: \(Self.expected); 5 paths skipped (not snapshots)
              skipped: a symbolic link to a missing file: 1 (bbc 1): bbc/20210918T110000Z.xml
              skipped: capture time 2099-01-01T00:00:00Z is impossible (before 1997 or in the future): 1 (bbc 1): bbc/20990101T000000Z.xml
              skipped: folder name is not an outlet id ([a-z0-9_.-]+): 1 (BBC News 1): BBC News
              skipped: name is not <YYYYMMDDTHHMMSSZ>.xml: 1 (bbc 1): bbc/bbc-2021-09-18.xml
              skipped: the time in the name is not a valid date: 1 (bbc 1): bbc/20210231T100000Z.xml

            """)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("a.sqlite").path))
    }

    /// Files straight in the folder given: with snapshot names, it is one outlet's folder (give
    /// its parent); with other names, they are said not to be read.
    @Test func filesDirectlyInsideAreNamedWithWhatToGive() throws {
        let folder = try CLI.temporaryFolder()
        let bbc = folder.appendingPathComponent("archive/bbc"), loose = folder.appendingPathComponent("loose")
        try FileManager.default.createDirectory(at: bbc, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: loose, withIntermediateDirectories: true)
        for name in ["20210918T100000Z.xml", "20210918T110000Z.xml"] { try Data("x".utf8).write(to: bbc.appendingPathComponent(name)) }
        for name in ["bbc-2021-09-18.xml", "bbc-2021-09-19.xml"] { try Data("x".utf8).write(to: loose.appendingPathComponent(name)) }

        let outlet = try CLI.run(["import", "archive/bbc"], in: folder)
        #expect(outlet.status == 1)
        #expect(outlet.stderr == "byline: \(folder.path)/archive/bbc: \(Self.expected); it looks like one outlet's folder "
                + "(2 snapshot files directly inside): give its parent, \(folder.path)/archive, where 'bbc' is the outlet id\n")

        let files = try CLI.run(["import", "loose"], in: folder)
        #expect(files.status == 1)
        #expect(files.stderr == "byline: \(folder.path)/loose: \(Self.expected); the 2 files directly inside are not read (snapshots go in its <outlet>/ folders)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("byline.sqlite").path))
    }

    /// The shared corpus given a level too low (one outlet's folder) and a level too high (the
    /// folder of the two months' archives).
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func theCorpusALevelOffSaysWhatToGive() throws {
        let folder = try CLI.temporaryFolder()
        let month = SharedData.corpus.path, corpus = SharedData.root.appendingPathComponent("corpus").path

        let low = try CLI.run(["import", month + "/bbc"], in: folder)
        #expect(low.status == 1)
        #expect(low.stdout == "")
        #expect(low.stderr == "byline: \(month)/bbc: \(Self.expected); it looks like one outlet's folder "
                + "(82 snapshot files directly inside): give its parent, \(month), where 'bbc' is the outlet id\n")

        let high = try CLI.run(["import", corpus], in: folder)
        #expect(high.status == 1)
        #expect(high.stdout == "")
        #expect(high.stderr == """
            byline: \(corpus): \(Self.expected); it looks like the folder above archives (headlines-2021-09, headlines-2021-10 \
            hold <outlet>/<YYYYMMDDTHHMMSSZ>.xml): give one of them, such as \(corpus)/headlines-2021-09; 45 paths skipped (not snapshots)
              skipped: name is not <YYYYMMDDTHHMMSSZ>.xml: 45 (headlines-2021-09 23, headlines-2021-10 22): \
            headlines-2021-09/MANIFEST.tsv, headlines-2021-09/README.md, headlines-2021-09/abscbnnews, ...

            """)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }
}
