import BylineEmbed
import BylineFacts
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// A reader without the embedding model (`compare --model /nonexistent`) showed other facts than
/// one with it from the same database: it aligned every story on words, though the sentence
/// vectors and word pieces the facts are aligned by are stored. It now reads them, with the
/// clause-marker ids of the stored model's vocabulary, and gives the same facts.
@Suite(.enabled(if: SharedData.available, SharedData.missingMessage),
       .enabled(if: ReaderEmbeddingTests.model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
struct ModellessReaderFactsTests {
    /// The clause markers a reader without the model uses are those the model's vocabulary gives.
    @Test func theStoredClauseMarkersAreTheModels() throws {
        let model = try #require(ReaderEmbeddingTests.model)
        let store = try Store(path: try temporaryDatabase())
        #expect(FactEmbedder(store: store, embedder: model).clauseMarkers == Analysis.storedClauseMarkers)
        #expect(FactEmbedder(store: store, embedder: nil).clauseMarkers == Analysis.storedClauseMarkers)
    }

    /// The first capture of every outlet of headlines-2021-09, imported and analysed with the
    /// model: each story of 2+ outlets has the same facts for a reader with the model and one
    /// without it; those aligned by meaning differ from the alignment on words.
    @Test func aReaderWithoutTheModelGivesTheFactsOfOneWithIt() async throws {
        let model = try #require(ReaderEmbeddingTests.model)
        let path = try await AnalysedFirstCaptures.path.value
        let reader = try Store(path: path, readOnly: true)
        let analysis = try await Analysis.load(from: reader)
        let hygiene = analysis.textHygiene()
        let notices = NoticeLog()
        let withModel = FactEmbedder(store: reader, embedder: model, saving: false)
        let without = FactEmbedder(store: reader, embedder: nil, notice: { notices.append($0) }, saving: false)
        var shared = 0
        var differFromWords: [Int64] = []
        for story in analysis.stories where story.outlets.count >= 2 {
            shared += 1
            let expected = await Analysis.facts(of: story, hygiene: hygiene, outlets: analysis.outlets, embedder: withModel)
            let read = await Analysis.facts(of: story, hygiene: hygiene, outlets: analysis.outlets, embedder: without)
            #expect(read == expected, "story \(story.id): \(story.headline)")
            let onWords = await Analysis.facts(of: story, hygiene: hygiene, outlets: analysis.outlets, embedder: nil)
            if onWords != expected { differFromWords.append(story.id) }
        }
        #expect(shared == 42)
        #expect(differFromWords.count == 37)
        // Every sentence is stored: nothing to say.
        #expect(notices.lines.isEmpty)

        // A sentence no analysis stored: without the model it cannot be embedded, and one line says so.
        let read = await without.embeddings(for: ["Perm State University was closed on Tuesday."])
        #expect(read.vectors.isEmpty && read.tokens.isEmpty)
        #expect(notices.lines == ["1 fact sentence has no stored vector and there is no model to embed it: the story that holds it is "
                                  + "aligned on words, unlike with the model; `byline analyze` with the model stores it"])
        // Told to use none (`report --no-model`), it says so (not that there is no model), and
        // that the same command without the option embeds them, not to run an analysis with the
        // model the user declined.
        let declinedNotices = NoticeLog()
        let declined = FactEmbedder(store: reader, embedder: nil, notice: { declinedNotices.append($0) }, saving: false, modelDeclined: true)
        _ = await declined.embeddings(for: ["Perm State University was closed on Tuesday.", "The campus was closed on Wednesday."])
        #expect(declinedNotices.lines == ["2 fact sentences have no stored vector and --no-model embeds none of them: the stories that hold "
                                          + "them are aligned on words, unlike with the model; the same command with the model (without "
                                          + "--no-model) embeds them for itself"])
    }
}

/// The first capture of every outlet of headlines-2021-09, imported and analysed with the
/// model as `byline import` does (575 items; 3 merges: 16 into 15, 18 into 16, 141 into 86),
/// once for the suites that read it.
enum AnalysedFirstCaptures {
    static let path = Task<String, any Error> {
        guard let model = ReaderEmbeddingTests.model else { throw CancellationError() }
        let archive = try SharedData.firstCaptures()
        defer { try? FileManager.default.removeItem(at: archive) }
        let path = try temporaryDatabase()
        let store = try Store(path: path)
        _ = try await ArchiveImporter(store: store).importArchive(at: archive)
        _ = try await Analysis.update(store, embedder: model)
        return path
    }
}

/// The notices a test's embedder gives, in order.
final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
