public import Foundation

/// Items of one story that carry substantially the same agency copy (AP, Reuters, AFP...) under
/// different outlets: one wire report, to be counted once for corroboration.
public struct WireGroup: Sendable, Hashable {
    /// The items, earliest first (by time, then id); at least two, from at least two outlets.
    public var itemIDs: [Int64]
    /// The outlets carrying the copy, in order of their first item.
    public var outlets: [String]
    /// The earliest carrier's outlet (the first of ``outlets``).
    public var earliestOutlet: String { outlets[0] }
    /// The earliest carrier's item (the first of ``itemIDs``).
    public var earliestItemID: Int64 { itemIDs[0] }
    /// When the earliest carrier's item appeared, UTC.
    public var earliestTime: Date

    /// Creates a group.
    ///
    /// - Precondition: `itemIDs` and `outlets` are not empty.
    public init(itemIDs: [Int64], outlets: [String], earliestTime: Date) {
        self.itemIDs = itemIDs
        self.outlets = outlets
        self.earliestTime = earliestTime
    }
}
