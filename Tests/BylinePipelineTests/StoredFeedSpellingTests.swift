import BylineFetch
import BylinePipeline
import BylineStore
import Foundation
import Testing

/// A feed the database holds for one outlet, listed in a later config under another outlet in
/// another spelling (`HTTP://...`, a `#fragment`): refused as the same feed, as the exact
/// spelling is, rather than made a second feed of the same URL.
@Suite struct StoredFeedSpellingTests {
    @Test(arguments: ["HTTP://127.0.0.1:8765/good.xml", "http://127.0.0.1:8765/good.xml#frag", "http://127.0.0.1:8765/feeds/../good.xml"])
    func aStoredFeedInAnotherSpellingIsNotAnotherOutletsFeed(spelling: String) async throws {
        let store = try Store(path: try temporaryDatabase())
        let fetcher = Fetcher()
        let puller = FeedPuller(store: store, fetcher: fetcher)
        let first = FeedList(outlets: [OutletConfig(id: "a", name: "A", feeds: [FeedConfig(url: "http://127.0.0.1:8765/good.xml")])])
        #expect(try await puller.targets(first).map(\.outlet) == ["a"])
        let later = FeedList(outlets: [OutletConfig(id: "b", name: "B", feeds: [FeedConfig(url: spelling)])])
        await #expect(throws: PipelineError.feedOfAnotherOutlet(url: spelling, stored: "a", listed: "b")) {
            try await puller.targets(later)
        }
        #expect(try store.feeds().map(\.url) == ["http://127.0.0.1:8765/good.xml"])
        try await fetcher.shutdown()
    }
}
