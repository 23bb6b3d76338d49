import Foundation
import BylineStore
import BylineEmbed
import BylineStories

/// The sentence embeddings of a store's item versions (the semantic layer), brought up to date.
struct ItemEmbeddings: Sendable {
    /// Version id -> its embedding (unit length).
    var byVersion: [Int64: [Float]] = [:]

    /// Each item's latest version's embedding, by item id (items without one are left out).
    func byItem(_ items: [StoredItem]) -> [Int64: [Float]] {
        guard !byVersion.isEmpty else { return [:] }
        var result: [Int64: [Float]] = [:]
        for item in items {
            if let latest = item.versions.last, let vector = byVersion[latest.id] { result[item.id] = vector }
        }
        return result
    }
}

extension Analysis {
    /// The name embeddings are stored under (``Store/embeddings(model:)``).
    public static let embeddingModelName = "all-MiniLM-L6-v2/\(SemanticLayer.tokens)"

    /// How many versions are embedded, and saved, at a time: a kill loses at most one batch.
    static let embeddingBatch = 256

    /// Every version's embedding: those stored, and those computed now for the versions that have
    /// none (saved, unless the store is read-only). Empty without an embedder.
    static func itemEmbeddings(_ store: Store, embedder: SentenceEmbedder?,
                               notice: ((String) -> Void)? = nil) throws(StoreError) -> ItemEmbeddings {
        guard let embedder else { return ItemEmbeddings() }
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
            if store.isReadOnly {
                for pair in pairs { computed[pair.versionID] = pair.vector }
            } else {
                try store.saveEmbeddings(pairs, model: embeddingModelName)
            }
            start += embeddingBatch
        }
        var all = try store.embeddings(model: embeddingModelName)
        all.merge(computed) { stored, _ in stored }
        return ItemEmbeddings(byVersion: all)
    }
}
