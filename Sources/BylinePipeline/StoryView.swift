public import Foundation
public import BylineStore
public import BylineFacts
public import BylineStories
import BylineReport

/// One story as the commands show it: its items in order of appearance, who was first and on
/// what evidence.
public struct StoryView: Sendable {
    /// The story id.
    public var id: Int64
    /// The title (latest version) of the story's most central item, the one that represents it
    /// (``BylineStories/CentralHeadline``: closest in meaning to the others with embeddings,
    /// sharing the most words with the other titles without); the earliest item's when the story
    /// has one or two. As shown (``BylineReport/ShownText/headline(title:summary:link:)``): cut
    /// to 300 characters and marked; from the summary when the item has no title.
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
    /// this story are all copies of a wire report that an earlier outlet carried
    /// (``wireCopyOf(_:)``). Use it to
    /// count corroboration; in order of first appearance.
    public var independentOutlets: [String]
    /// Items whose earlier versions were about something else (a live page that moved on to this
    /// story, a recurring programme whose description changed): item id -> the index of the first
    /// of its versions that counts in this story (see ``firstVersionAbout(_:latest:rest:versionEmbeddings:)``).
    /// Such an item's time, title as first seen and facts are those of that version on. Items
    /// not listed count from their first version.
    public var countedFrom: [Int64: Int]

    /// Builds the view of a story from its items.
    ///
    /// - Parameters:
    ///   - embeddings: item id -> the embedding of its latest version (for the headline, and as
    ///     the story's meaning for ``countedFrom``).
    ///   - versionEmbeddings: version id -> embedding, for the versions of items seen in two or
    ///     more versions; without them every item counts from its first version.
    /// - Precondition: `items` is not empty.
    init(id: Int64, items: [StoredItem], embeddings: [Int64: [Float]] = [:], versionEmbeddings: [Int64: [Float]] = [:]) {
        var countedFrom: [Int64: Int] = [:]
        if items.count >= 2, !versionEmbeddings.isEmpty, items.contains(where: { $0.versions.count >= 2 }) {
            // The story's meaning: the sum of its items' latest embeddings, in item id order.
            let dimension = embeddings.values.first?.count ?? 0
            var sum = [Double](repeating: 0, count: dimension)
            for item in items.sorted(by: { $0.id < $1.id }) {
                guard let vector = embeddings[item.id], vector.count == dimension else { continue }
                for index in 0..<dimension { sum[index] += Double(vector[index]) }
            }
            for item in items where item.versions.count >= 2 {
                guard let latest = embeddings[item.id], latest.count == dimension else { continue }
                let rest = zip(sum, latest).map { $0 - Double($1) }
                if let first = Self.firstVersionAbout(item, latest: latest, rest: rest, versionEmbeddings: versionEmbeddings), first > 0 {
                    countedFrom[item.id] = first
                }
            }
        }
        self.countedFrom = countedFrom
        var times: [Int64: ObservedTime] = [:]
        for item in items {
            if let first = countedFrom[item.id] {
                let version = item.versions[first]
                times[item.id] = ObservedTime(firstSeen: version.seenAt, previousPull: version.previousPull, published: version.published,
                                              publishedDayOffset: version.publishedDayOffset)
            } else {
                times[item.id] = item.observedTime
            }
        }
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
        self.headline = ordered.isEmpty ? "" : ShownText.headline(title: ordered[central].title, summary: ordered[central].summary,
                                                                  link: ordered[central].link)
        self.credit = Credit.first(of: ordered.map { ($0.outletID, times[$0.id]!) })!
        let estimates = ordered.map { times[$0.id]!.estimate }
        self.span = (estimates.max() ?? .distantPast).timeIntervalSince(estimates.min() ?? .distantPast)
        let groups = WireCopyDetector.groups(ordered.map {
            StoryItem(id: $0.id, outlet: $0.outletID, title: $0.title, summary: $0.summary, content: $0.content, time: times[$0.id]!.estimate)
        })
        self.wireGroups = groups
        self.independentOutlets = []
        self.independentOutlets = outlets.filter { outlet in ordered.contains { $0.outletID == outlet && wireCopyOf($0.id) == nil } }
    }

    /// Below this cosine, in `[-1, 1]`, to the rest of the story (the sum of its other items'
    /// latest embeddings), a version is about something else: 0.3. Chosen between the cosines of
    /// the first versions of live pages and programmes that later joined a story and those of
    /// rewritten first versions of the story's own reports on the headlines-2021-09 corpus; see
    /// docs/clustering-settings.md.
    public static let offStoryCosine = 0.3
    /// How much closer (a cosine difference) to the rest of the story the item's latest version
    /// must be than an earlier version for that one not to count: 0.15, so that a reworded
    /// version of a report loosely tied to its story stays. Chosen on the same corpus; see
    /// docs/clustering-settings.md.
    public static let offStoryMargin = 0.15

    /// The index of the first version of `item` that is about the story: the first whose cosine
    /// to the rest of the story reaches ``offStoryCosine``, or comes within ``offStoryMargin`` of
    /// the latest version's (the one the story was built on). A version without an embedding
    /// counts (nothing tells otherwise). Nil when there is no rest of the story to compare with.
    ///
    /// - Parameters:
    ///   - latest: the embedding of the item's latest version.
    ///   - rest: the sum of the other items' latest embeddings.
    ///   - versionEmbeddings: version id -> embedding.
    static func firstVersionAbout(_ item: StoredItem, latest: [Float], rest: [Double],
                                  versionEmbeddings: [Int64: [Float]]) -> Int? {
        let restNorm = rest.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard restNorm > 1e-9 else { return nil }
        func toRest(_ vector: [Float]) -> Double {
            var dot = 0.0
            for position in vector.indices { dot += Double(vector[position]) * rest[position] }
            return dot / restNorm
        }
        let bar = min(offStoryCosine, toRest(latest) - offStoryMargin)
        for (index, version) in item.versions.enumerated() {
            guard let vector = versionEmbeddings[version.id], vector.count == latest.count else { return index }
            if toRest(vector) >= bar { return index }
        }
        return nil
    }

    /// The version of `item` from which it counts in this story (``countedFrom``), or nil when it
    /// has no versions.
    public func countedVersion(of item: StoredItem) -> StoredVersion? {
        guard !item.versions.isEmpty else { return nil }
        return item.versions[min(countedFrom[item.id] ?? 0, item.versions.count - 1)]
    }

    /// The story's items as the fact engine reads them: each from the version it counts from
    /// (``countedFrom``), so that what a live page said before it turned to this story is not
    /// among the story's facts.
    public var factItems: [FactItem] {
        items.map { item in
            var factItem = item.factItem
            if let first = countedFrom[item.id], first < factItem.versions.count {
                factItem.versions.removeFirst(first)
                factItem.published = factItem.versions.first?.published
                factItem.publishedDayOffset = factItem.versions.first?.publishedDayOffset
            }
            return factItem
        }
    }

    /// The wire group an item belongs to, or nil when it is its outlet's own report.
    public func wireGroup(of itemID: Int64) -> WireGroup? { wireGroups.first { $0.itemIDs.contains(itemID) } }

    /// The item an item copies: the earliest item of its wire group, when the item's time is
    /// later than that one's (``BylineFacts/ObservedTime/overlaps(_:)`` false). Nil for an item
    /// in no group, the earliest itself, and a member whose time ties with the earliest (it may
    /// have come first: a copy can only be a copy of an earlier report).
    public func wireCopyOf(_ itemID: Int64) -> Int64? {
        guard let group = wireGroup(of: itemID), group.earliestItemID != itemID,
              let time = times[itemID], let first = times[group.earliestItemID], !time.overlaps(first) else { return nil }
        return group.earliestItemID
    }

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

    /// The precision of ``firstPublished``: its day's zone offset when it gives only the day
    /// (``StoredVersion/publishedDayOffset``), nil for a time of day.
    public var firstPublishedDayOffset: Int? { versions.first?.published != nil ? versions.first?.publishedDayOffset : nil }

    /// The latest title when it differs from the first one, else nil.
    public var changedTitle: String? { title == firstTitle ? nil : title }

    /// The item's time evidence: `(prev_pull, first_seen]` and the publisher time as first seen.
    public var observedTime: ObservedTime {
        ObservedTime(firstSeen: firstSeen, previousPull: previousPull, published: firstPublished,
                     publishedDayOffset: firstPublishedDayOffset)
    }
}
