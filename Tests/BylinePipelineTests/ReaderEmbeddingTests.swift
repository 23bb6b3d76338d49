import BylineEmbed
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
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

    /// The first capture of every outlet of headlines-2021-09 (2021-09-18T19:13:44Z), imported
    /// without the analysis an import runs after storing, as a reader finds it mid-import.
    static func storeMidImport() async throws -> String {
        let archive = try SharedData.firstCaptures()
        defer { try? FileManager.default.removeItem(at: archive) }
        let path = try temporaryDatabase()
        let summary = try await ArchiveImporter(store: try Store(path: path)).importArchive(at: archive)
        #expect(summary.imported == 20)
        return path
    }

    /// `byline stories --since` as a process (its model run does not hold this test process's
    /// threads, which the load-sensitive suites beside it need): one notice, for this command
    /// only; the note counts the texts; the store gets no vector.
    @Test(.enabled(if: model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"),
          .enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
    func aReaderSaysItsVectorsAreForThisCommandOnly() async throws {
        let path = try await Self.storeMidImport()
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = ["stories", "--db", path, "--since", "2021-09-18", "--limit", "1"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readToEndClosing(), as: UTF8.self)
        #expect(try await process.exitStatus(within: 600) == 0)
        // With a range and no saved state to go on from, it reads the whole store: the texts
        // are embedded once, not twice.
        #expect(stderr == """
            byline: embedding 574 item texts by meaning for this command only: no vectors of theirs are stored yet \
            (a reader writes none; an import, pull or run still at work, or `byline analyze --db \(path)`, stores them)
            byline: note: \(path): 575 items not in saved stories yet, placed for this command only with 574 item texts embedded now, \
            not stored; the analysis of an import, pull or run still at work, or `byline analyze --db \(path)`, saves them

            """)
        let reader = try Store(path: path, readOnly: true)
        #expect(try reader.latestEmbeddings(model: Analysis.embeddingModelName).isEmpty)
        // (The writer's wording, "(once: the vectors are stored for later runs)", is
        // InterruptedImportTests'.)
    }
}
