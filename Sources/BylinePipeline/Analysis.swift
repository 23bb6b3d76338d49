public import Foundation
public import BylineStore
public import BylineFacts
import BylineStories

/// Stories, credits and facts derived from everything stored, brought up to date on load.
///
/// Loading compares the store's item watermark with the one the saved stories were computed
/// from; when items or versions were added since, the stories are recomputed (deterministic:
/// items are clustered in order of time estimate, then id, and stories are numbered in order of
/// creation) and saved, so a report never shows stale stories.
public struct Analysis: Sendable {
    /// Every story, largest first: by outlets, then items, then id.
    public var stories: [StoryView]
    /// Whether loading recomputed the stories.
    public var recomputed: Bool

    /// Loads the analysis of `store`, recomputing and saving the stories when stale.
    ///
    /// - Throws: ``StoreError`` when the store cannot be read or written.
    public static func load(from store: Store) throws(StoreError) -> Analysis {
        let items = try store.items()
        let watermark = try store.itemsWatermark()
        var assignment: [Int64: [Int64]] = [:]
        var recomputed = false
        let itemsByID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        if try store.storiesWatermark() == watermark {
            for (item, story) in try store.storyAssignments() { assignment[story, default: []].append(item) }
        }
        if assignment.values.reduce(0, { $0 + $1.count }) != items.count {
            let clusters = StoryClusterer.cluster(items.map(\.storyItem))
            assignment = [:]
            var saved: [(id: Int64, headline: String, itemIDs: [Int64])] = []
            for (index, members) in clusters.enumerated() {
                let id = Int64(index + 1)
                assignment[id] = members
                saved.append((id, itemsByID[members[0]]?.title ?? "", members))
            }
            try store.saveStories(saved, watermark: watermark)
            recomputed = true
        }
        let stories = assignment.compactMap { id, members -> StoryView? in
            let storyItems = members.compactMap { itemsByID[$0] }
            return storyItems.isEmpty ? nil : StoryView(id: id, items: storyItems)
        }.sorted { lhs, rhs in
            if lhs.outlets.count != rhs.outlets.count { return lhs.outlets.count > rhs.outlets.count }
            if lhs.items.count != rhs.items.count { return lhs.items.count > rhs.items.count }
            return lhs.id < rhs.id
        }
        return Analysis(stories: stories, recomputed: recomputed)
    }

    /// The story with this id, or nil.
    public func story(id: Int64) -> StoryView? { stories.first { $0.id == id } }

    /// Stories whose first report falls in `[since, until)`; nil bounds are open.
    public func stories(since: Date?, until: Date?) -> [StoryView] {
        stories.filter { story in
            let time = story.credit.time.estimate
            if let since, time < since { return false }
            if let until, time >= until { return false }
            return true
        }
    }

    /// The facts of one story: its items' sentences aligned across outlets, with credits and
    /// the explicit attributions found in the texts.
    public static func facts(of story: StoryView) -> StoryFacts {
        FactEngine.analyze(story.items.map(\.factItem))
    }
}

extension StoredItem {
    /// The clustering input: latest texts, time estimate.
    var storyItem: StoryItem {
        StoryItem(id: id, outlet: outletID, title: title, summary: summary, content: content, time: observedTime.estimate)
    }

    /// The fact engine input: every version with its own observed window.
    var factItem: FactItem {
        FactItem(itemID: id, outlet: outletID, guid: guid, published: versions.first?.published ?? published,
                 versions: versions.map {
                     FactVersion(seenAt: $0.seenAt, previousPull: $0.previousPull, title: $0.title, summary: $0.summary)
                 })
    }
}
