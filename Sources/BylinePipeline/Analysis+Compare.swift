import BylineStore

extension Analysis {
    /// Several stories shown as one: their items together, under the first id given.
    ///
    /// For an analyst who sees that clustering split one event in two (`byline compare 81
    /// 313`). Wire groups are recomputed over the combined items.
    ///
    /// - Parameter ids: story ids; unknown ids are ignored.
    /// - Returns: nil when no id is known.
    public func combined(storyIDs ids: [Int64]) -> StoryView? {
        let known = ids.compactMap { story(id: $0) }
        guard let first = known.first else { return nil }
        var seen = Set<Int64>()
        let items: [StoredItem] = known.flatMap(\.items).filter { seen.insert($0.id).inserted }
        return StoryView(id: first.id, items: items, embeddings: itemEmbeddings, versionEmbeddings: versionEmbeddings)
    }
}
