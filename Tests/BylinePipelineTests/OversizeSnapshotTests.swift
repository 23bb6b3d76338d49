import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// A user's archive (`arch6`): `big/` holds two snapshots whose one item (guid `big`) has a
/// 50 MiB title, `small/` one ordinary snapshot. Imported whole, every later read took 40 s and
/// 800 MB; pull refuses a body over 16 MiB, and import now refuses such a file the same way.
@Suite struct OversizeSnapshotTests {
    /// The archive as the user wrote it: `small/` from the fixtures, and the two big files
    /// written here byte for byte (50 MiB of `A`, or `Earthquake ` and 50 MiB of `B`, as the
    /// title).
    static func archive() throws -> URL {
        let folder = TestFolders.root.appendingPathComponent("byline-huge-\(UUID().uuidString)")
        let big = folder.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: big, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("huge-title/small"),
            to: folder.appendingPathComponent("small"))
        let head = #"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>"#
        let tail = "</title><guid>big</guid><link>http://x.example/big</link></item></channel></rss>"
        for (name, title, letter) in [("20210918T100000Z.xml", "", UInt8(ascii: "A")), ("20210918T110000Z.xml", "Earthquake ", UInt8(ascii: "B"))] {
            var data = Data((head + title).utf8)
            data.append(Data(repeating: letter, count: 50 << 20))
            data.append(Data(tail.utf8))
            try data.write(to: big.appendingPathComponent(name))
        }
        return folder
    }

    @Test func aSnapshotOverPullsBodyLimitIsAFailedPullNotRead() async throws {
        let folder = try Self.archive()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try temporaryDatabase()
        let store = try Store(path: path)
        let summary = try await ArchiveImporter(store: store).importArchive(at: folder)
        #expect(summary.files == 3)
        #expect(summary.imported == 1)
        #expect(summary.failed.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["20210918T100000Z.xml", "20210918T110000Z.xml"])
        #expect(summary.failed.map(\.reason) == [
            "file exceeds 16 MiB, the limit of a pulled feed's body; not read",
            "file exceeds 16 MiB, the limit of a pulled feed's body; not read",
        ])
        #expect(try store.counts() == ["outlet": 2, "feed": 2, "pull": 3, "item": 1, "item_version": 1])
        let big = try #require(try store.feeds().first { $0.outletID == "big" })
        let log = try store.pullLog(feedID: big.id)
        #expect(log.map(\.status) == [.failed, .failed])
        #expect(log.map(\.at) == [utc("2021-09-18T10:00:00Z"), utc("2021-09-18T11:00:00Z")])
        #expect(log.map(\.error) == summary.failed.map(\.reason))
        // The pull log keeps each file's size in bytes, as pull keeps a body's.
        let bytes = try await DatabaseQueue(path: path).read { db in try Int.fetchAll(db, sql: "SELECT bytes FROM pull ORDER BY at") }
        #expect(bytes == [52_428_958, 407, 52_428_969])
        #expect(try store.items().map(\.guid) == ["=1+2"])

        // A limit given to the importer: the small snapshot (407 bytes) is over 400 bytes.
        let tight = try await ArchiveImporter(store: try Store(path: try temporaryDatabase()), maxFileBytes: 400).importArchive(at: folder)
        #expect(tight.imported == 0)
        #expect(tight.failed.first { $0.path.hasSuffix("small/20210918T100500Z.xml") }?.reason
                == "file exceeds 400 bytes, the limit of a pulled feed's body; not read")
    }
}
