import BylineStories
import BylineTestSupport
import Foundation
import Testing

/// A clusterer restored from its snapshot goes on exactly as the one that made it.
@Suite struct StoryClustererSnapshotTests {
    /// The October corpus's 887 items (`clustering/headlines-2021-10/items.jsonl`): titles,
    /// summaries and first-seen times, in clustering order.
    static func octoberItems() throws -> [StoryItem] {
        let url = SharedData.root.appendingPathComponent("clustering/headlines-2021-10/items.jsonl")
        let formatter = ISO8601DateFormatter()
        var items: [StoryItem] = []
        for (index, line) in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let seen = try #require(object["first_seen"] as? String)
            let time = try #require(formatter.date(from: seen))
            items.append(StoryItem(id: Int64(index + 1), outlet: object["outlet"] as? String ?? "", title: object["title"] as? String ?? "",
                                   summary: object["summary"] as? String ?? "", time: time))
        }
        return items.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func aRestoredClustererPlacesTheRestAsTheOriginalDoes() throws {
        let items = try Self.octoberItems()
        #expect(items.count == 887)
        let cut = 500
        var original = StoryClusterer()
        original.learn(Array(items.prefix(cut)))
        for item in items.prefix(cut) { _ = original.add(item) }
        let snapshot = original.snapshot()
        var restored = try #require(StoryClusterer(snapshot: snapshot, settings: .default))
        #expect(restored.stories == original.stories)
        #expect(restored.activeStoryCount == original.activeStoryCount)
        // The snapshot of the restored clusterer is the same bytes.
        #expect(restored.snapshot() == snapshot)
        let baseline = restored.baseline
        let before = restored.state()
        var placedByOriginal: [Int] = [], placedByRestored: [Int] = []
        for item in items.dropFirst(cut) {
            placedByOriginal.append(original.add(item))
            placedByRestored.append(restored.add(item))
        }
        #expect(placedByRestored == placedByOriginal)
        #expect(restored.stories == original.stories)
        // What changed since the restore: exactly the records that differ from those restored
        // (new stories, stories joined, and those scored whose norms were computed again: the
        // collection grew by three quarters), not the stories the last 387 items left alone.
        let after = restored.state(), changes = restored.state(changedSince: baseline)
        let differing = after.stories.filter { before.stories[$0.key] != $0.value }
        #expect(changes.stories == differing)
        #expect(changes.stories.count < after.stories.count)
        #expect(restored.merges == original.merges.filter { !$0.isBefore(cut, in: items) })
        #expect(restored.stories.filter { !$0.isEmpty }.count > 200)
    }

    /// With a 1-hour horizon most October stories leave the candidate index: their records leave
    /// the state, and a clusterer restored from its parts three times (as the analysis restores
    /// it after each pull) still places every item as one that never stopped, and ends in the
    /// same state, byte for byte.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func expiredStoriesLeaveTheStateAndARestoredClustererGoesOnTheSame() throws {
        let items = try Self.octoberItems()
        let settings = ClusterSettings(horizon: 3_600)
        var original = StoryClusterer(settings: settings)
        var restored = StoryClusterer(settings: settings)
        var placedByOriginal: [Int] = [], placedByRestored: [Int] = []
        var splits = 0
        // As a store keeps the parts: the header and the records by story, of which each save
        // rewrites those that changed since the last restore and drops those of inactive stories.
        var header = Data(), records: [Int: Data] = [:]
        var baseline = restored.baseline
        for (start, end) in [(0, 300), (300, 550), (550, 700), (700, items.count)] {
            if start > 0 {
                let state = restored.state()
                #expect(state.stories.count == restored.activeStoryCount)
                let changes = restored.state(changedSince: baseline)
                #expect(changes.header == state.header)
                let active = Set(restored.activeStories)
                records = records.filter { active.contains($0.key) }.merging(changes.stories) { $1 }
                header = changes.header
                // The records left out were saved before and are what they were.
                #expect(records == state.stories)
                restored = try #require(StoryClusterer(state: ClustererState(header: header, stories: records), settings: settings))
                #expect(restored.state() == state)
                baseline = restored.baseline
            }
            for item in items[start..<end] {
                placedByOriginal.append(original.add(item))
                placedByRestored.append(restored.add(item))
            }
            splits += restored.splits.count
        }
        #expect(placedByRestored == placedByOriginal)
        #expect(restored.state() == original.state())
        #expect(splits == original.splits.count)
        // Most stories left the index (the items span 18 hours): only the active ones
        // have records, and the restored clusterer keeps the items of those alone.
        let live = original.stories.filter { !$0.isEmpty }.count
        #expect(original.activeStoryCount < live / 2)
        #expect(original.state().stories.count == original.activeStoryCount)
        for story in original.state().stories.keys { #expect(restored.stories[story] == original.stories[story]) }
    }

    @Test func dataThatIsNotASnapshotIsRefused() {
        var clusterer = StoryClusterer()
        _ = clusterer.add(StoryItem(id: 1, outlet: "bbc", title: "Volcano erupts on La Palma", summary: "", time: Date(timeIntervalSince1970: 0)))
        let snapshot = clusterer.snapshot()
        #expect(StoryClusterer(snapshot: snapshot, settings: .default)?.stories == [[1]])
        #expect(StoryClusterer(snapshot: snapshot.dropLast(3), settings: .default) == nil)
        #expect(StoryClusterer(snapshot: Data("not a snapshot".utf8), settings: .default) == nil)
        #expect(StoryClusterer(snapshot: Data(), settings: .default) == nil)
        // The header (after its 8-byte length) starts with the format.
        var otherFormat = snapshot
        otherFormat[8] = 99
        #expect(StoryClusterer(snapshot: otherFormat, settings: .default) == nil)
    }
}

extension StoryMerge {
    /// Whether the item that caused the merge is among the first `count` items.
    fileprivate func isBefore(_ count: Int, in items: [StoryItem]) -> Bool {
        items.prefix(count).contains { $0.id == itemID }
    }
}
