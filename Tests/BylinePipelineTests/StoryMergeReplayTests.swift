import BylineStories
import Foundation
import Testing
@testable import BylinePipeline
@testable import BylineStore

/// 2021-09-19T12:00:00Z, the base of the times below.
private let base = Date(timeIntervalSince1970: 1_632_052_800)

private func stored(_ id: Int64, _ outlet: String, _ title: String, _ summary: String, minutes: Double) -> StoredItem {
    let time = base.addingTimeInterval(minutes * 60)
    return StoredItem(id: id, outletID: outlet, feedID: 1, guid: "guid-\(id)", link: nil, title: title, summary: summary,
                      content: nil, published: nil, firstSeen: time, lastSeen: time, previousPull: nil, versions: [])
}

/// Placing new items among saved stories when a new item merges two of them.
@Suite struct StoryMergeReplayTests {
    @Test func a_saved_item_after_the_merging_item_is_replayed_into_the_surviving_story() throws {
        let items = [
            stored(101, "bbc", "Emmy Awards: The Crown wins best drama series", "Netflix's royal drama took the top prize in Los Angeles.", minutes: -300),
            stored(102, "cnn", "Stock markets fall as investors weigh interest rate rises", "Shares in Asia and Europe dropped sharply.", minutes: -240),
            stored(103, "rnz", "All Blacks beat Argentina in Rugby Championship", "The team won 36-13 on the Gold Coast.", minutes: -180),
            stored(1, "bbc", "Volcano erupts on La Palma in the Canary Islands",
                   "Lava forced the evacuation of 5,000 people on the Spanish island of La Palma.", minutes: 0),
            stored(2, "cnn", "La Palma volcano: 5,000 evacuated as lava flows towards homes",
                   "Spanish authorities moved residents of the Canary island as the volcano erupted.", minutes: 10),
            // New: it joins one of the two saved stories and merges the other into it.
            stored(3, "smh", "La Palma volcano erupts, 5,000 evacuated from Canary Islands homes",
                   "Lava from the volcano on the Spanish island of La Palma forced evacuations.", minutes: 20),
            // Saved in the story that item 3 merges away, and later than item 3.
            stored(4, "dailymail", "Canary Islands volcano: lava reaches homes on La Palma as 5,000 flee",
                   "The eruption on the Spanish island of La Palma forced evacuations.", minutes: 30),
        ]
        let saved: [Int64: Int64] = [101: 1, 102: 2, 103: 3, 1: 10, 2: 11, 4: 11]
        // Any second story the item could join is merged (the default asks for a probability of
        // 0.95), so that the merge does not depend on fine scores.
        let settings = ClusterSettings(mergeThreshold: 0.3)
        let result = Analysis.assign(items, saved: saved, firstNewID: 12, settings: settings)
        #expect(result.merges.map { [$0.storyID, $0.intoID, $0.itemID] } == [[11, 10, 3]])
        #expect(result.newStories.isEmpty)
        #expect(result.assignment[1] == 10)
        #expect(result.assignment[2] == 10)
        #expect(result.assignment[3] == 10)
        // Before the fix, item 4 restarted story 11 under its old id: a half-done merge.
        #expect(result.assignment[4] == 10)
        #expect(result.assignment[101] == 1 && result.assignment[102] == 2 && result.assignment[103] == 3)
    }
}
