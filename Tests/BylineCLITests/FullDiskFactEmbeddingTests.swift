import BylineEmbed
@testable import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// A disk that fills while the fact sentences of the stories are embedded: the writer says what
/// it stored (the count printed is the count in `unit_embedding`), exits 1 with a line saying
/// what is kept and how to go on, and keeps the record of the stories still to embed, so that
/// the next writer embeds them once space is freed. Before, the save error was swallowed: the
/// import exited 0 and printed every sentence as embedded.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"),
       .enabled(if: SharedData.available, SharedData.missingMessage),
       .enabled(if: EmbeddingModel.folder != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
struct FullDiskFactEmbeddingTests {
    /// The first row's first column of `sql` on the database at `path`.
    static func count(_ sql: String, in path: String) throws -> Int? {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: sql) }
    }

    /// Checkpoints the WAL of the database at `path` into it and vacuums it (no free pages left).
    static func vacuum(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "VACUUM")
        }
    }

    @Test func aDiskFullWhileFactSentencesAreEmbeddedSaysWhatIsStoredAndExits1() async throws {
        let model = try #require(EmbeddingModel.folder)
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try SharedData.firstCaptures(in: folder)
        guard let disk = try SmallDisk.mounted("disk", in: folder, size: "64m", untested: "a full disk while fact sentences are embedded") else { return }
        defer { SmallDisk.unmount(disk) }
        let path = disk.appendingPathComponent("full.sqlite").path

        // An import whose analysis was stopped after the first batch of fact sentences (as
        // SIGINT stops it): 128 of the 424 sentences stored, the stories saved with the record
        // of those still to embed.
        do {
            let embedder = try SentenceEmbedder(directory: model, maxTokens: SemanticLayer.tokens)
            let store = try Store(path: path)
            _ = try await ArchiveImporter(store: store).importArchive(at: archive)
            let items = try await Analysis.embedVersions(store, embedder: embedder, saving: true)
            #expect(items.complete && items.embeddedTexts == 574)
            let stopped = try await Analysis.update(store, embedder: embedder, shouldStop: { true })
            #expect(stopped.stopped && stopped.embeddedSentences == 128 && stopped.factSentencesLeft == 296)
        }
        // Closed (the WAL checkpointed away) and vacuumed, so that a write needs new pages of
        // the disk; then the disk is filled to 100 KiB short of full: less than one batch of
        // 128 sentence vectors (196 KiB of Floats).
        try Self.vacuum(path)
        #expect(try Self.count("SELECT COUNT(*) FROM unit_embedding", in: path) == 128)
        let free = try #require(try FileManager.default.attributesOfFileSystem(forPath: disk.path)[.systemFreeSize] as? Int)
        let filler = disk.appendingPathComponent("filler")
        try Data(count: free - 100 * 1024).write(to: filler)

        let arguments = ["import", "archive", "--db", "disk/full.sqlite", "--model", model.path]
        let full = try CLI.run(arguments, in: folder)
        #expect(full.status == 1, "stderr: \(full.stderr)")
        #expect(full.stdout == "imported 0 of 20 snapshots from 20 outlets: 0 new items, 0 new versions; 20 already stored\n"
                + "stories: 0 items placed: 0 new stories, 0 merges, 0 splits; 0 stories touched\n")
        #expect(full.stderr.split(separator: "\n").last.map(String.init)
                == "byline: disk/full.sqlite: database or disk is full; every snapshot is recorded and the stories are saved (0 items placed), "
                + "with 0 fact sentences embedded and stored and 296 not stored (reports compute those in memory meanwhile); "
                + "after freeing space, `byline analyze --db disk/full.sqlite --model \(model.path)` (or this import again) embeds them")
        #expect(try Self.count("SELECT COUNT(*) FROM unit_embedding", in: path) == 128)
        let pending = try #require(try Store(path: path, readOnly: true).factsPending())
        #expect(!pending.isEmpty)

        // Space freed: the next writer embeds the 296 sentences left, of 36 stories.
        try FileManager.default.removeItem(at: filler)
        let again = try CLI.run(["analyze", "--db", "disk/full.sqlite", "--model", model.path], in: folder)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout == "stories: 0 items placed: 0 new stories, 0 merges, 0 splits; 0 stories touched; "
                + "296 fact sentences embedded (of 36 stories that an earlier analysis left unembedded)\n")
        #expect(try Self.count("SELECT COUNT(*) FROM unit_embedding", in: path) == 424)
        #expect(try Store(path: path, readOnly: true).factsPending() == [])
    }
}

/// The embedding model's folder as the CLI finds it (`BYLINE_MODEL`, else the default), or nil.
enum EmbeddingModel {
    static let folder: URL? = ModelLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment)
}
