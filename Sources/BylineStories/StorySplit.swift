/// An item moved out of its story, into another story that takes it or a story of its own.
///
/// Recorded by ``StoryClusterer`` when, after an item joins a story, another member's join
/// probability against the rest of the story falls below ``ClusterSettings/strayProbability``:
/// the story's own reports no longer vouch for it (typically the first item, which shared one
/// word with the event that then joined it).
public struct StorySplit: Sendable, Hashable {
    /// The story index the item left.
    public var story: Int
    /// The story index the item went to: a new story it starts, or an existing one that took it.
    public var newStory: Int
    /// The id of the item moved.
    public var itemID: Int64
    /// The id of the item whose joining showed the moved one to be a stray.
    public var causeItemID: Int64
    /// Creates a split record.
    public init(story: Int, newStory: Int, itemID: Int64, causeItemID: Int64) {
        self.story = story
        self.newStory = newStory
        self.itemID = itemID
        self.causeItemID = causeItemID
    }
}
