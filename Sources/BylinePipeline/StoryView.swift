public import Foundation
public import BylineStore
public import BylineFacts

/// One story as the commands show it: its items in order of appearance, who was first and on
/// what evidence.
public struct StoryView: Sendable {
    /// The story id.
    public var id: Int64
    /// The title of the story's earliest item.
    public var headline: String
    /// The items, ordered by their time estimate (then id).
    public var items: [StoredItem]
    /// Each item's time evidence, by item id.
    public var times: [Int64: ObservedTime]
    /// Outlet ids in order of first appearance.
    public var outlets: [String]
    /// Who was first (the earliest item per outlet competes), with ties.
    public var credit: Credit
    /// Seconds from the first to the last item's time estimate.
    public var span: TimeInterval

    /// Builds the view of a story from its items.
    ///
    /// - Precondition: `items` is not empty.
    init(id: Int64, items: [StoredItem]) {
        var times: [Int64: ObservedTime] = [:]
        for item in items { times[item.id] = item.observedTime }
        let ordered = items.sorted { lhs, rhs in
            let (l, r) = (times[lhs.id]!.estimate, times[rhs.id]!.estimate)
            return l != r ? l < r : lhs.id < rhs.id
        }
        var outlets: [String] = []
        for item in ordered where !outlets.contains(item.outletID) { outlets.append(item.outletID) }
        self.id = id
        self.items = ordered
        self.times = times
        self.outlets = outlets
        self.headline = ordered.first?.title ?? ""
        self.credit = Credit.first(of: ordered.map { ($0.outletID, times[$0.id]!) })!
        let estimates = ordered.map { times[$0.id]!.estimate }
        self.span = (estimates.max() ?? .distantPast).timeIntervalSince(estimates.min() ?? .distantPast)
    }

    /// The time estimate of an item of this story.
    public func time(of item: StoredItem) -> ObservedTime { times[item.id] ?? item.observedTime }

    /// Seconds from the story's first report to `item`'s time estimate (never negative).
    public func lag(of item: StoredItem) -> Int {
        max(0, Int(time(of: item).estimate.timeIntervalSince(credit.time.estimate).rounded()))
    }
}

extension StoredItem {
    /// The item's time evidence: `(prev_pull, first_seen]` and the publisher time as first seen.
    public var observedTime: ObservedTime {
        ObservedTime(firstSeen: firstSeen, previousPull: previousPull, published: versions.first?.published ?? published)
    }
}
