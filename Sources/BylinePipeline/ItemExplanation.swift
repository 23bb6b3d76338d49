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
    /// Each time a later run moved the item out of a story whose own reports no longer vouched
    /// for it (``BylineStories/ClusterSettings/strayProbability``), oldest first, with the item
    /// whose joining that story showed it.
    public var moves: [Move] = []
    /// The recorded merges that brought the story the item started into the one it is in now
    /// (``storyID``), in the order they happened: empty when the item joined a story, or when
    /// its story was never merged.
    public var merges: [Merge] = []
    /// The story the item started, when ``merges`` is not empty: one id, or several when more
    /// than one story merged into its story after the item was placed (the store keeps a
    /// merge's two stories, not the items each held then), in order.
    public var startedStories: [Int64] = []

    /// One recorded merge (see ``merges``).
    public struct Merge: Sendable {
        /// The story that merged (it is empty from then on).
        public var storyID: Int64
        /// The story it merged into.
        public var intoID: Int64
        /// The item whose placement merged the two (it scored high against both), nil only
        /// for a record without one; its first-seen time is when the merge happened.
        public var bridge: StoredItem?
    }

    /// One move of the item out of a story (see ``moves``).
    public struct Move: Sendable {
        /// The stored record: the story left, the story joined, the item that caused it.
        public var split: StorySplitRecord
        /// The item whose joining showed that this one did not belong (nil only for a record
        /// without one).
        public var cause: StoredItem?
    }
}
