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

    /// How many versions are embedded, and saved, at a time: a kill loses at most one batch.
    static let embeddingBatch = 256

    /// Embeds every version that has no embedding yet (saved when `saving` and the store is
    /// writable, else kept in memory), and returns the embeddings of the items' latest versions.
    /// Empty without an embedder.
    static func itemEmbeddings(_ store: Store, embedder: SentenceEmbedder?, saving: Bool,
                               notice: ((String) -> Void)? = nil) throws(StoreError) -> ItemEmbeddings {
        guard let embedder else { return ItemEmbeddings() }
        let computed = try embedVersions(store, embedder: embedder, saving: saving, notice: notice)
        return ItemEmbeddings(stored: try store.latestEmbeddings(model: embeddingModelName), unsaved: computed)
    }

    /// Embeds every version that has no embedding yet, in batches of ``embeddingBatch``: saved
    /// when `saving` and the store is writable (the result is then empty), else returned by
    /// version id.
    @discardableResult
    static func embedVersions(_ store: Store, embedder: SentenceEmbedder, saving: Bool,
                              notice: ((String) -> Void)? = nil) throws(StoreError) -> [Int64: [Float]] {
        let missing = try store.versionsWithoutEmbedding(model: embeddingModelName)
        if missing.count >= 500 {
            notice?("embedding \(missing.count) item versions by meaning (once: the vectors are stored for later runs)")
        }
        var computed: [Int64: [Float]] = [:]
        var start = 0
        while start < missing.count {
            let batch = missing[start..<min(missing.count, start + embeddingBatch)]
            // Versions often repeat a text (a changed pubDate or full text): each text once.
            let texts = batch.map { StoryItem.embeddingText(title: AnalysedText.title($0.title), summary: AnalysedText.summary($0.summary),
                                                            content: $0.content) }
            var unique: [String: Int] = [:]
            var order: [String] = []
            for text in texts where unique[text] == nil {
                unique[text] = order.count
                order.append(text)
            }
            let vectors = embedder.embed(order)
            // A vector that is not a unit vector of numbers is not stored (nor used).
            let pairs = zip(batch, texts).map { (versionID: $0.0.versionID, vector: vectors[unique[$0.1]!]) }
                .filter { $0.vector.allSatisfy(\.isFinite) && !$0.vector.isEmpty }
            if store.isReadOnly || !saving {
                for pair in pairs { computed[pair.versionID] = pair.vector }
            } else {
                try store.saveEmbeddings(pairs, model: embeddingModelName)
            }
            start += embeddingBatch
        }
        return computed
    }
}
