@testable import BylinePipeline
import BylineStore
import Testing

/// The order a `run` worker scans its feeds in (`PullService.scanOrder`): the list's on a
/// private store; on a shared one, rotated to a place of the worker's own.
@Suite struct ScanOrderTests {
    static let targets = (1...5).map { id in
        FeedPuller.Target(outlet: "outlet\(id)",
                          feed: Store.ScheduledFeed(state: FeedState(id: Int64(id), outletID: "outlet\(id)", url: "https://example.org/\(id)",
                                                                     failures: 0), configURL: "https://example.org/\(id)"),
                          baseInterval: 900)
    }

    @Test func aPrivateStoreScansTheListInItsOrder() {
        #expect(PullService.scanOrder(Self.targets, shared: false, start: 3).map(\.feed.state.id) == [1, 2, 3, 4, 5])
    }

    @Test func aSharedStoreScansFromTheWorkersOwnPlaceAndReachesEveryFeedOnce() {
        #expect(PullService.scanOrder(Self.targets, shared: true, start: 7).map(\.feed.state.id) == [3, 4, 5, 1, 2])
        #expect(PullService.scanOrder(Self.targets, shared: true, start: 5).map(\.feed.state.id) == [1, 2, 3, 4, 5])
        #expect(PullService.scanOrder([], shared: true, start: 7).isEmpty)
        // Four workers with random places: each scans every feed once.
        for _ in 0..<4 {
            #expect(PullService.scanOrder(Self.targets, shared: true).map(\.feed.state.id).sorted() == [1, 2, 3, 4, 5])
        }
    }
}
