import BylineFeed
@testable import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// The clusterer kept between updates (``AnalysisCache``, as `byline run` keeps it) parks the
/// stories idle for more than its parking age once their rows are saved: they leave memory, and
/// a later item meets a parked story as it meets one restored from the saved state.
@Suite struct KeptClustererParkingTests {
    /// One pull of `outlet` at `time`: one item of this guid, title and summary.
    private func pull(_ outlet: String, into store: any AnalysisStore, at time: String, guid: String, title: String,
                      summary: String = "") async throws {
        try await store.upsertOutlet(OutletInfo(id: outlet, name: outlet))
        let feed = try await store.feed(outletID: outlet, url: "archive:\(outlet)")
        try await store.record(PullInput(feedID: feed.id, at: utc(time), status: .ok,
                                         items: [FeedItem(guid: guid, title: title, summary: summary)]))
    }

    @Test(arguments: StoreBackend.available)
    func aParkedStoryTakesALaterReportAsTheSavedStateDoes(_ backend: StoreBackend) async throws {
        let kept = try await backend.freshStore(), read = try await backend.freshStore()
        // Stories idle for more than a day (words only) leave memory where the store reads single
        // rows (SQLite); on PostgreSQL every open story stays.
        let parks = kept.clustererStoryReader() != nil
        let cache = AnalysisCache()
        for store in [kept, read] { _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive) }
        _ = try await Analysis.update(kept, cache: cache)
        _ = try await Analysis.update(read)
        // The archive's five stories, their latest reports of 18 September: none idle a day yet.
        #expect(cache.keptStories?.open == 5)
        #expect(cache.keptStories?.inMemory == 5)

        // Two days later, an unrelated report: the five stories of the 18th are parked.
        for store in [kept, read] {
            try await pull("guardian", into: store, at: "2021-09-20T12:00:00Z", guid: "g-1", title: "Guardian columnist wins poetry prize")
        }
        #expect(try await Analysis.update(kept, cache: cache) == (try await Analysis.update(read)))
        #expect(cache.keptStories?.open == 6)
        #expect(cache.keptStories?.inMemory == (parks ? 1 : 6))

        // The WSJ's report of the ambassadors' recall joins the parked recall story, read back
        // from its row, as it joins the story restored from the saved state.
        for store in [kept, read] {
            try await pull("wsj", into: store, at: "2021-09-20T13:00:00Z", guid: "wsj-1",
                           title: "France recalls ambassadors to US and Australia over submarine deal",
                           summary: "France recalled its ambassadors to the United States and Australia after the submarine deal collapsed.")
        }
        let joined = try await Analysis.update(kept, cache: cache)
        #expect(cache.reuses == 2)
        #expect(joined == AnalysisUpdate(placedItems: 1, touchedStories: 1, newStories: 0, merges: 0, splits: 0, continued: true,
                                         saved: true, embeddedSentences: 0))
        #expect(joined == (try await Analysis.update(read)))
        let recall = try #require(try await Analysis.load(from: kept).stories.first { $0.items.contains { $0.guid == "wsj-1" } })
        #expect(recall.outlets == ["bbc", "cnn", "nytimes", "wsj"])
        #expect(try await kept.storyAssignments() == (try await read.storyAssignments()))
        #expect(try await kept.clustererSnapshot() == (try await read.clustererSnapshot()))
        // The recall story, joined at 13:00, stays in memory with the Guardian's.
        #expect(cache.keptStories?.open == 6)
        #expect(cache.keptStories?.inMemory == (parks ? 2 : 6))
        await closeStore(kept)
        await closeStore(read)
    }

    /// October's two captures (16 October 19:41, 17 October 13:18), the clusterer kept with a
    /// parking age of an hour: the stories whose latest report is more than an hour older than
    /// the newest (by the items' times, mostly their publishers') are parked after each update,
    /// and the second places its 409 items as an update restored from the saved state does.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage), arguments: StoreBackend.available)
    func octoberPlacesAsTheSavedStateDoesWithItsFirstCaptureParked(_ backend: StoreBackend) async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-parked-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let october = SharedData.root.appendingPathComponent("corpus/headlines-2021-10")
        let first = try RestoredUpdateTests.archive(of: october, before: "20211017T000000Z.xml", in: folder)
        let kept = try await backend.freshStore(), read = try await backend.freshStore()
        let parks = kept.clustererStoryReader() != nil
        let cache = AnalysisCache(parkingAge: 3_600)
        for store in [kept, read] { _ = try await ArchiveImporter(store: store).importArchive(at: first) }
        #expect(try await Analysis.update(kept, cache: cache) == (try await Analysis.update(read)))
        #expect(cache.keptStories?.open == 355)
        #expect(cache.keptStories?.inMemory == (parks ? 54 : 355))
        for store in [kept, read] { _ = try await ArchiveImporter(store: store).importArchive(at: october) }
        let next = try await Analysis.update(kept, cache: cache)
        #expect(cache.reuses == 1)
        #expect(next == (try await Analysis.update(read)))
        #expect(next == AnalysisUpdate(placedItems: 409, touchedStories: 334, newStories: 282, merges: 1, splits: 1, continued: true,
                                       saved: true, embeddedSentences: 0))
        #expect(try await kept.storyAssignments() == (try await read.storyAssignments()))
        #expect(try await kept.storyMerges().map(\.storyID) == (try await read.storyMerges().map(\.storyID)))
        #expect(try await kept.clustererSnapshot() == (try await read.clustererSnapshot()))
        #expect(cache.keptStories?.open == 636)
        #expect(cache.keptStories?.inMemory == (parks ? 55 : 636))
        await closeStore(kept)
        await closeStore(read)
    }
}
