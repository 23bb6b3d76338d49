import Foundation
import BylineStore
import BylineEmbed
import BylineStories

/// The sentence embeddings that clustering reads: each item's latest version's.
struct ItemEmbeddings: Sendable {
    /// Item id -> the stored embedding of its latest version.
    var stored: [Int64: [Float]] = [:]
    /// Version id -> an embedding computed but not saved (a read-only store).
    var unsaved: [Int64: [Float]] = [:]
    /// How many item texts were run through the model for ``unsaved``.
    var unsavedTexts = 0

    /// Each item's latest version's embedding, by item id (items without one are left out).
    func byItem(_ items: [StoredItem]) -> [Int64: [Float]] {
        guard !unsaved.isEmpty else { return stored }
        var result = stored
        for item in items {
            if let latest = item.versions.last, let vector = unsaved[latest.id] { result[item.id] = vector }
        }
        return result
    }
}

extension Analysis {
    /// The name embeddings are stored under (``Store/embeddings(model:)``).
    public static let embeddingModelName = "all-MiniLM-L6-v2/\(SemanticLayer.tokens)"

    /// The command a reader's notices name as the one that stores what it computed for itself,
    /// `` `byline analyze` ``: a command-line reader puts its own in its place (with `--db`).
    public static let analyzeCommand = "`byline analyze`"

    /// The word-piece ids of ``BylineFacts/FactEngine/clauseMarkerWords`` in the vocabulary of the
    /// model whose vectors are stored (``embeddingModelName``, all-MiniLM-L6-v2, whose vocabulary
    /// is BERT's uncased one): a reader without the model aligns the stored word pieces with these,
    /// as one with the model does with those it looks up (``FactEmbedder/clauseMarkers``).
    public static let storedClauseMarkers: Set<Int32> = [2044, 2206, 13463, 2058, 2073, 2004, 2043, 2096, 2077, 2138, 2144, 2750]

    /// How many item texts are embedded, and saved, at a time: a kill loses at most one batch,
    /// and a stop (`shouldStop`) waits for at most one (about 1 s on 2 idle cores, 3 s under a
    /// load of 10). The model runs 64 texts per forward pass anyway, so the batch size does not
    /// change the vectors (checked bit for bit on headlines-2021-09).
    static let embeddingBatch = 64

    /// Embeds every version that has no embedding yet (saved when `saving` and the store is
    /// writable, else kept in memory), and returns the embeddings of the items' latest versions.
    /// Empty without an embedder.
    static func itemEmbeddings(_ store: any AnalysisStore, embedder: SentenceEmbedder?, saving: Bool,
                               notice: ((String) -> Void)? = nil) async throws(StoreError) -> ItemEmbeddings {
        guard let embedder else { return ItemEmbeddings() }
        let run = try await embedVersions(store, embedder: embedder, saving: saving, notice: notice)
        return ItemEmbeddings(stored: try await store.latestEmbeddings(model: embeddingModelName), unsaved: run.computed,
                              unsavedTexts: run.saved ? 0 : run.embeddedTexts)
    }

    /// What ``embedVersions(_:embedder:saving:notice:shouldStop:)`` did.
    struct VersionEmbeddingRun: Sendable {
        /// Version id -> vector, for vectors not saved (empty when they were).
        var computed: [Int64: [Float]] = [:]
        /// Whether the vectors were saved in the store as each batch was done.
        var saved: Bool
        /// Item texts the run had to embed (each distinct text once).
        var texts = 0
        /// Item texts embedded (and saved, when ``saved``) before the run ended: all of them
        /// unless `shouldStop` ended it.
        var embeddedTexts = 0
        /// Whether every text was embedded.
        var complete: Bool { embeddedTexts >= texts }
    }

    /// Embeds every version that has no embedding yet: saved when `saving` and the store is
    /// writable (``VersionEmbeddingRun/computed`` is then empty), else returned by version id.
    /// Each embedding text is computed once: a version with the same text as a stored version of
    /// its item takes that vector, and versions sharing a text share one run of the model. Texts
    /// go to the model ``embeddingBatch`` at a time, each batch saved before the next;
    /// `shouldStop` is asked after each batch, and true ends the run there. The `notice` before
    /// a long run says whether the vectors are stored or computed for this command only.
    static func embedVersions(_ store: any AnalysisStore, embedder: SentenceEmbedder, saving: Bool, notice: ((String) -> Void)? = nil,
                              shouldStop: (() -> Bool)? = nil) async throws(StoreError) -> VersionEmbeddingRun {
        let writing = saving && !store.isReadOnly
        if writing { try await store.reuseEmbeddingsOfSameText(model: embeddingModelName) }
        let missing = try await store.versionsWithoutEmbedding(model: embeddingModelName)
        // Versions often repeat a text (a changed pubDate or full text): each text once, in the
        // order of its first version.
        var versionsOfText: [String: [Int64]] = [:]
        var order: [String] = []
        for version in missing {
            let text = StoryItem.embeddingText(title: AnalysedText.title(version.title), summary: AnalysedText.summary(version.summary),
                                               content: version.content)
            if versionsOfText[text] == nil { order.append(text) }
            versionsOfText[text, default: []].append(version.versionID)
        }
        if order.count >= 500 {
            notice?(writing ? "embedding \(order.count) item texts by meaning (once: the vectors are stored for later runs)"
                            : "embedding \(order.count) item texts by meaning for this command only: no vectors of theirs are stored yet "
                              + "(a reader writes none; an import, pull or run still at work, or \(Analysis.analyzeCommand), stores them)")
        }
        var run = VersionEmbeddingRun(saved: writing, texts: order.count)
        var computed: [Int64: [Float]] = [:]
        var start = 0
        while start < order.count {
            let batch = Array(order[start..<min(order.count, start + embeddingBatch)])
            let vectors = embedder.embed(batch)
            var pairs: [(versionID: Int64, vector: [Float])] = []
            // A vector that is not a unit vector of numbers is not stored (nor used).
            for (text, vector) in zip(batch, vectors) where !vector.isEmpty && vector.allSatisfy(\.isFinite) {
                for versionID in versionsOfText[text] ?? [] { pairs.append((versionID: versionID, vector: vector)) }
            }
            if writing {
                try await store.saveEmbeddings(pairs, model: embeddingModelName)
            } else {
                for pair in pairs { computed[pair.versionID] = pair.vector }
            }
            start += embeddingBatch
            run.embeddedTexts += batch.count
            if start < order.count, shouldStop?() == true { break }
        }
        run.computed = computed
        return run
    }
}
