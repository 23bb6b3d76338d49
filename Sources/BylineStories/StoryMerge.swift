/// Two stories that one item bridged, merged into one.
///
/// Recorded by ``StoryClusterer`` when an item scores at least
/// ``ClusterSettings/mergeThreshold`` against a second candidate story besides the one it
/// joined: the two stories are then one event covered in two waves of wording.
public struct StoryMerge: Sendable, Hashable {
    /// The story index that lives on (the older story: the lower index).
    public var survivor: Int
    /// The story index whose items moved to ``survivor``; it is empty from then on.
    public var absorbed: Int
    /// The id of the item that bridged the two stories.
    public var itemID: Int64

    /// Creates a merge record.
    public init(survivor: Int, absorbed: Int, itemID: Int64) {
        self.survivor = survivor
        self.absorbed = absorbed
        self.itemID = itemID
    }
}
