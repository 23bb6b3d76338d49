import BylineEmbed
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import Synchronization
import Testing

/// A reading command run while an import is still at work (its items stored, their vectors and
/// stories not yet): it places the items for itself, embedding their texts, and must say that
/// those vectors are for this command only. It said "(once: the vectors are stored for later
/// runs)", which a reader never does.
@Suite(.enabled(if: SharedData.available, SharedData.missingMessage))
struct ReaderEmbeddingTests {
    /// The installed model as the commands load it (64 tokens), or nil.
    static let model: SentenceEmbedder? = {
        guard let directory = ModelLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment) else { return nil }
        return try? SentenceEmbedder(directory: directory, maxTokens: SemanticLayer.tokens)
    }()

    /// An archive of the first capture of every outlet of headlines-2021-09
    /// (2021-09-18T19:13:44Z: 20 snapshots, 575 items, 574 distinct texts), in a new folder.
    static func firstCaptures() throws -> URL {
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("byline-first-captures-\(UUID().uuidString)")
        for outlet in try FileManager.default.contentsOfDirectory(atPath: SharedData.corpus.path) {
            let file = SharedData.corpus.appendingPathComponent("\(outlet)/20210918T191344Z.xml")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            try FileManager.default.createDirectory(at: archive.appendingPathComponent(outlet), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file, to: archive.appendingPathComponent("\(outlet)/20210918T191344Z.xml"))
        }
        return archive
    }

    /// The first capture of every outlet of headlines-2021-09 (2021-09-18T19:13:44Z), imported
    /// without the analysis an import runs after storing, as a reader finds it mid-import.
    static func storeMidImport() async throws -> String {
        let archive = try firstCaptures()
        defer { try? FileManager.default.removeItem(at: archive) }
        let path = try temporaryDatabase()
        let summary = try await ArchiveImporter(store: try Store(path: path)).importArchive(at: archive)
        #expect(summary.imported == 20)
        return path
    }

    @Test(.enabled(if: model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
    func aReaderSaysItsVectorsAreForThisCommandOnly() async throws {
        let model = try #require(Self.model)
        let path = try await Self.storeMidImport()
        let reader = try Store(path: path, readOnly: true)
        let notices = Mutex<[String]>([])
        // A range, as `report --since` reads: with no saved state to go on from, it reads the
        // whole store, and the texts are embedded once, not twice.
        let analysis = try await Analysis.load(from: reader, since: utc("2021-09-18T00:00:00Z"), until: nil, embedder: model,
                                               notice: { line in notices.withLock { $0.append(line) } })
        #expect(analysis.pendingItems == 575)
        #expect(analysis.unsavedItemTexts == 574)
        #expect(notices.withLock { $0 } == [
            "embedding 574 item texts by meaning for this command only: no vectors of theirs are stored yet "
                + "(a reader writes none; an import, pull or run still at work, or `byline analyze`, stores them)",
        ])
        #expect(try reader.latestEmbeddings(model: Analysis.embeddingModelName).isEmpty)
        // (The writer's wording, "(once: the vectors are stored for later runs)", is
        // InterruptedImportTests'.)
    }
}
