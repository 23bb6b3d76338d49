import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Import keeps each outlet's snapshots in time order: what first-seen times and windows are read
/// from. The inputs that broke it: an archive of earlier captures imported after a later one, and
/// paths that a new user's archive holds (symbolic links, impossible dates in names).
@Suite struct ArchiveOrderTests {
    /// A copy of the fixture archive in a new temporary folder, keeping only the files `keep` accepts.
    static func copyOfFixtures(keep: (String) -> Bool = { _ in true }) throws -> URL {
        let root = TestFolders.root.appendingPathComponent("byline-archive-\(UUID().uuidString)")
        for outlet in ["bbc", "cnn", "nytimes"] {
            let folder = root.appendingPathComponent(outlet)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: fixtureArchive.appendingPathComponent(outlet).path) where keep("\(outlet)/\(name)") {
                try FileManager.default.copyItem(at: fixtureArchive.appendingPathComponent(outlet).appendingPathComponent(name),
                                                 to: folder.appendingPathComponent(name))
            }
        }
        return root
    }

    @Test func earlierCapturesImportedAfterLaterOnesAreListedNotRecorded() async throws {
        let store = try Store(path: try temporaryDatabase())
        let importer = ArchiveImporter(store: store)
        // First only bbc's last capture (12:00), then the whole archive.
        let later = try Self.copyOfFixtures { $0 == "bbc/20210918T120000Z.xml" || !$0.hasPrefix("bbc/") }
        _ = try await importer.importArchive(at: later)
        let before = try store.items().filter { $0.outletID == "bbc" }.map { [$0.guid, ISO8601DateFormatter().string(from: $0.firstSeen)] }
        let whole = try await importer.importArchive(at: fixtureArchive)
        #expect(whole.outOfOrder.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["20210918T100000Z.xml", "20210918T110000Z.xml"])
        #expect(whole.outOfOrder.map(\.reason) == [ArchiveImporter.outOfOrderReason, ArchiveImporter.outOfOrderReason])
        #expect(whole.latestStoredPull == ["bbc": utc("2021-09-18T12:00:00Z")])
        #expect(whole.imported == 0)
        // bbc's items keep the first-seen times of the capture that showed them first here.
        let after = try store.items().filter { $0.outletID == "bbc" }.map { [$0.guid, ISO8601DateFormatter().string(from: $0.firstSeen)] }
        #expect(after == before)
    }

    /// A stop asked for mid-import (SIGINT in `byline import`) ends it before the next snapshot:
    /// those recorded stay, the rest are counted as not reached, and a re-run records them,
    /// ending as one uninterrupted import does.
    @Test func aStoppedImportKeepsWhatItRecordedAndARerunFinishes() async throws {
        let store = try Store(path: try temporaryDatabase())
        let asked = Mutex(0)
        let stopped = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive, shouldStop: {
            asked.withLock { $0 += 1; return $0 > 3 }
        })
        #expect(stopped.stopped)
        #expect(stopped.imported + stopped.failed.count == 2)
        #expect(stopped.notReached == 5)
        let rest = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        #expect(!rest.stopped && rest.alreadyStored == 2 && rest.imported + rest.failed.count == 5)
        let whole = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: whole).importArchive(at: fixtureArchive)
        func seen(_ store: Store) throws -> [String] { try store.items().map { "\($0.guid) \($0.firstSeen) \(String(describing: $0.previousPull))" } }
        #expect(try seen(store) == seen(whole))
    }

    @Test func symbolicLinksAreFollowedAndImpossibleDatesNamed() async throws {
        let root = TestFolders.root.appendingPathComponent("byline-links-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bbc"), withIntermediateDirectories: true)
        // An outlet folder that is a link, and a snapshot file that is a link.
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("cnn"), withDestinationURL: fixtureArchive.appendingPathComponent("cnn"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("bbc/20210918T100000Z.xml"),
                                                   withDestinationURL: fixtureArchive.appendingPathComponent("bbc/20210918T100000Z.xml"))
        try Data("<rss/>".utf8).write(to: root.appendingPathComponent("bbc/20210231T000000Z.xml"))
        let (snapshots, skipped) = try ArchiveImporter.snapshots(in: root)
        #expect(snapshots.map { "\($0.outlet)/\($0.url.lastPathComponent)" } == ["bbc/20210918T100000Z.xml", "cnn/20210918T100000Z.xml", "cnn/20210918T110000Z.xml"])
        #expect(skipped.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["20210231T000000Z.xml"])
        #expect(skipped.map(\.reason) == ["the time in the name is not a valid date"])
    }

    /// What each snapshot-named path is comes from one `stat` (links followed): a folder, a
    /// pipe, a link to a missing file and a loop of links are each named for what they are and
    /// skipped, a regular file is a snapshot, and the archive itself must be a folder that
    /// exists. A link to nothing where an outlet folder would be is named too (it was ignored
    /// as a file beside the outlet folders), and so is a link to nothing given as the archive.
    @Test func pathsThatAreNotRegularFilesAreNamed() throws {
        let root = TestFolders.root.appendingPathComponent("byline-kinds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let bbc = root.appendingPathComponent("bbc")
        try FileManager.default.createDirectory(at: bbc.appendingPathComponent("20210918T090000Z.xml"), withIntermediateDirectories: true)
        #expect(mkfifo(bbc.appendingPathComponent("20210918T093000Z.xml").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: bbc.appendingPathComponent("20210918T094500Z.xml").path,
                                                   withDestinationPath: root.appendingPathComponent("gone.xml").path)
        try FileManager.default.createSymbolicLink(atPath: bbc.appendingPathComponent("20210918T095000Z.xml").path,
                                                   withDestinationPath: "20210918T095000Z.xml")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("cnn").path,
                                                   withDestinationPath: root.appendingPathComponent("moved/cnn").path)
        try Data(contentsOf: fixtureArchive.appendingPathComponent("bbc/20210918T100000Z.xml"))
            .write(to: bbc.appendingPathComponent("20210918T100000Z.xml"))
        let (snapshots, skipped) = try ArchiveImporter.snapshots(in: root)
        #expect(snapshots.map { $0.url.lastPathComponent } == ["20210918T100000Z.xml"])
        #expect(skipped.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent): \($0.reason)" } == [
            "20210918T090000Z.xml: a folder, not a snapshot file",
            "20210918T093000Z.xml: not a regular file (a device, pipe or socket)",
            "20210918T094500Z.xml: a symbolic link to a missing file",
            "20210918T095000Z.xml: a symbolic link in a loop of links (it leads back to itself)",
            "cnn: a symbolic link to a missing file or folder",
        ])
        let link = root.appendingPathComponent("archive-link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: root.appendingPathComponent("gone").path)
        #expect(throws: PipelineError.unreadable(path: link.path, reason: "a symbolic link to a missing folder")) {
            try ArchiveImporter.snapshots(in: link)
        }
        #expect(throws: PipelineError.notAFolder(path: bbc.appendingPathComponent("20210918T100000Z.xml").path)) {
            try ArchiveImporter.snapshots(in: bbc.appendingPathComponent("20210918T100000Z.xml"))
        }
        #expect(throws: PipelineError.missingInput(path: root.appendingPathComponent("gone").path)) {
            try ArchiveImporter.snapshots(in: root.appendingPathComponent("gone"))
        }
    }
}
