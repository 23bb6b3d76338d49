@testable import BylineStories
import BylineTestSupport
import Foundation
import Testing

/// A clusterer that parks its idle stories (``StoryClusterer/park(idleFor:records:)``) reads a
/// parked story back when it reads it, and places every item as one that keeps every story.
@Suite struct StoryParkingTests {
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func aParkingClustererPlacesAsOneThatKeepsEveryStory() throws {
        let items = try StoryClustererSnapshotTests.octoberItems()
        // The first capture (478 items of 16 October, 19:41) and the first item of the second
        // (17 October, 13:18): every story but that item's is idle for more than the hour.
        let cut = 479
        var whole = LazyRestoreTests.clusterer(placing: items.prefix(cut))
        var parking = whole
        // Parked after each "save" of 50 items: the records then, as a store would hold them.
        func park() {
            let state = parking.state()
            parking.park(idleFor: 3_600) { state.stories[$0] }
        }
        park()
        #expect(whole.activeStoryCount == 362)
        #expect(parking.activeStoryCount == 362)
        #expect(whole.decodedStoryCount == 362)
        #expect(parking.decodedStoryCount == 1)
        var joinedParked = 0
        for (offset, item) in items.dropFirst(cut).enumerated() {
            let parked = Set((0..<parking.stories.count).filter { parking.isUndecoded($0) })
            let story = parking.add(item)
            #expect(story == whole.add(item))
            if parked.contains(story) { joinedParked += 1 }
            if offset % 50 == 49 { park() }
        }
        // Items that met a parked story: read back, joined, as in the clusterer that kept it.
        #expect(joinedParked == 21)
        #expect(parking.unreadableRecords == 0)
        #expect(parking.stories == whole.stories)
        #expect(parking.merges == whole.merges)
        #expect(parking.splits == whole.splits)
        #expect(parking.state() == whole.state())
        // In memory: the stories of 13:18 and those of 19:41 read since the last parking.
        #expect(parking.activeStoryCount == 641)
        #expect(parking.decodedStoryCount == 359)
        #expect(whole.decodedStoryCount == 641)
    }
}
