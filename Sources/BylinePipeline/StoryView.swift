public import Foundation
public import BylineStore
public import BylineFacts
public import BylineStories

/// One story as the commands show it: its items in order of appearance, who was first and on
/// what evidence.
public struct StoryView: Sendable {
    /// The story id.
    public var id: Int64
    /// The title (latest version) of the story's most central item, the one that represents it
    /// (``BylineStories/CentralHeadline``: closest in meaning to the others with embeddings,
    /// sharing the most words with the other titles without); the earliest item's when the story
    /// has one or two.
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
    /// Near-duplicate agency copy among the items: each group is one wire report carried by
    /// several outlets, earliest carrier first (see ``WireCopyDetector``). Items in no group are
    /// the outlets' own reports.
    public var wireGroups: [WireGroup]
    /// The outlets counted once per wire report: ``outlets`` minus every outlet whose items in
    /// this story are all copies of a wire report that an earlier outlet carried. Use it to
    /// count corroboration; in order of first appearance.
    public var independentOutlets: [String]

    /// Builds the view of a story from its items.
    ///
    /// - Parameters:
    ///   - embeddings: item id -> the embedding of its latest version (for the headline).
    /// - Precondition: `items` is not empty.
    init(id: Int64, items: [StoredItem], embeddings: [Int64: [Float]] = [:]) {
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
        let central = CentralHeadline.index(of: ordered.map { (title: $0.title, embedding: embeddings[$0.id]) }) ?? 0
        self.headline = ordered.isEmpty ? "" : ordered[central].title
        self.credit = Credit.first(of: ordered.map { ($0.outletID, times[$0.id]!) })!
        let estimates = ordered.map { times[$0.id]!.estimate }
        self.span = (estimates.max() ?? .distantPast).timeIntervalSince(estimates.min() ?? .distantPast)
        let groups = WireCopyDetector.groups(ordered.map {
            StoryItem(id: $0.id, outlet: $0.outletID, title: $0.title, summary: $0.summary, content: $0.content, time: times[$0.id]!.estimate)
        })
        self.wireGroups = groups
        var copies: Set<Int64> = []
        for group in groups { copies.formUnion(group.itemIDs.filter { $0 != group.earliestItemID }) }
        self.independentOutlets = outlets.filter { outlet in ordered.contains { $0.outletID == outlet && !copies.contains($0.id) } }
    }

    /// The wire group an item belongs to, or nil when it is its outlet's own report.
    public func wireGroup(of itemID: Int64) -> WireGroup? { wireGroups.first { $0.itemIDs.contains(itemID) } }

    /// The time estimate of an item of this story.
    public func time(of item: StoredItem) -> ObservedTime { times[item.id] ?? item.observedTime }

    /// Seconds from the story's first report to `item`'s time estimate (never negative).
    public func lag(of item: StoredItem) -> Int {
        max(0, Int(time(of: item).estimate.timeIntervalSince(credit.time.estimate).rounded()))
    }
}

extension StoredItem {
    /// The title as first seen: the text that `first_seen` and the item's lag refer to.
    public var firstTitle: String { versions.first?.title ?? title }

    /// The publisher time the item carried when first seen (UTC), the one its first-seen time is
    /// checked against; later moves of it are versions of their own.
    public var firstPublished: Date? { versions.first?.published ?? published }

    /// The latest title when it differs from the first one, else nil.
    public var changedTitle: String? { title == firstTitle ? nil : title }

    /// The item's time evidence: `(prev_pull, first_seen]` and the publisher time as first seen.
    public var observedTime: ObservedTime {
        ObservedTime(firstSeen: firstSeen, previousPull: previousPull, published: firstPublished)
    }
}
