public import BylineStore
public import BylineStories

/// Why one item is in its story (`byline stories --explain ITEM`), with story ids in place of the
/// clusterer's indices.
public struct ItemExplanation: Sendable {
    /// The item.
    public var item: StoredItem
    /// The story the item is saved in (after merges), or nil when the store was not analysed.
    public var storyID: Int64?
    /// The clusterer's evidence: the item's heaviest terms, the candidates and their scores.
    public var explanation: StoryExplanation
    /// The story id of each of `explanation.candidates`, in the same order (-1 when unknown).
    public var candidateStoryIDs: [Int64]
}
