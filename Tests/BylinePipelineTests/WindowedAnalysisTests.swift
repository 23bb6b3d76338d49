import BylineFacts
import BylineFeed
import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// The reading path for a time range (``Analysis/load(from:since:until:settings:embedder:notice:)``):
/// the same stories as the whole store's, read through the items of the range.
@Suite struct WindowedAnalysisTests {
    /// Story id -> (guids of its items, headline, first outlet).
    private func shape(_ stories: [StoryView]) -> [Int64: [String]] {
        Dictionary(uniqueKeysWithValues: stories.map { ($0.id, $0.items.map(\.guid) + [$0.headline, $0.credit.outlet]) })
    }

    /// Checks that a range read gives the whole store's stories of the range, and the same
    /// story, coverage and anomaly rows.
    private func expectSameAsWhole(_ store: any AnalysisStore, since: Date?, until: Date?, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let whole = try await Analysis.load(from: store)
        let ranged = try await Analysis.load(from: store, since: since, until: until)
        #expect(shape(ranged.stories) == shape(whole.stories(since: since, until: until)), sourceLocation: sourceLocation)
        #expect(ranged.storiesInStore == whole.stories.count, sourceLocation: sourceLocation)
        #expect(ranged.pendingItems == whole.pendingItems, sourceLocation: sourceLocation)
        let stats = try await store.outletStats()
        let a = await ReportBuilder.build(analysis: ranged, outletStats: stats, since: since, until: until, now: Date(timeIntervalSince1970: 0))
        let b = await ReportBuilder.build(analysis: whole, outletStats: stats, since: since, until: until, now: Date(timeIntervalSince1970: 0))
        #expect(a.stories == b.stories && a.coverage == b.coverage && a.anomalies == b.anomalies, sourceLocation: sourceLocation)
    }

    /// An RNZ feed whose items all carry the publisher time 2021-01-01T00:00:00Z (a fake date),
    /// pulled on 17, 19 (twice), 20 and 21 September 2021; each item its own story, and each
    /// ends with the outlet's sign-off.
    private func rnzStore(_ backend: StoreBackend) async throws -> any AnalysisStore {
        let store = try await backend.freshStore()
        try await store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        let feed = try await store.feed(outletID: "rnz", url: "archive:rnz")
        let fake = utc("2021-01-01T00:00:00Z")
        let signOff = " Get the RNZ app for ad-free news and current affairs."
        let pulls: [(String, [FeedItem])] = [
            ("2021-09-17T00:00:00Z", [FeedItem(guid: "kauri", title: "Kauri dieback spreads in the Waitakere Ranges",
                                               summary: "Rangers closed three more tracks." + signOff, published: fake)]),
            ("2021-09-19T12:00:00Z", [FeedItem(guid: "ferry", title: "Interislander ferry breaks down in Cook Strait",
                                               summary: "Passengers waited six hours off Wellington." + signOff, published: fake)]),
            ("2021-09-19T18:00:00Z", []),
            // Published inside the range, first seen after it.
            ("2021-09-20T06:00:00Z", [FeedItem(guid: "budget", title: "Auckland council adopts a rates freeze for pensioners",
                                               summary: "The vote was eleven to nine." + signOff,
                                               published: utc("2021-09-19T23:00:00Z"))]),
            ("2021-09-21T00:00:00Z", [FeedItem(guid: "whio", title: "Whio ducklings hatch at Tongariro for the first time in years",
                                               summary: "Ten ducklings were counted by volunteers." + signOff, published: fake)]),
        ]
        for (time, items) in pulls {
            try await store.record(PullInput(feedID: feed.id, at: utc(time), status: .ok, items: items))
        }
        try await Analysis.update(store)
        return store
    }

    @Test(arguments: StoreBackend.available)
    func aRangeReadsItsStoriesThroughFirstSeenAndPublisherTimes(_ backend: StoreBackend) async throws {
        let store = try await rnzStore(backend)
        let since = utc("2021-09-19T00:00:00Z"), until = utc("2021-09-20T00:00:00Z")
        let ranged = try await Analysis.load(from: store, since: since, until: until)
        // The ferry (first seen in the range) and the budget vote (published in it, seen after).
        #expect(ranged.stories.map { $0.items.map(\.guid) }.sorted { $0[0] < $1[0] } == [["budget"], ["ferry"]])
        #expect(ranged.storiesInStore == 4)
        try await expectSameAsWhole(store, since: since, until: until)
        try await expectSameAsWhole(store, since: utc("2021-09-20T12:00:00Z"), until: nil)
        try await expectSameAsWhole(store, since: nil, until: utc("2021-09-18T00:00:00Z"))
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func theRepeatedDateCheckSeesTheOutletsItemsOutsideTheRange(_ backend: StoreBackend) async throws {
        let store = try await rnzStore(backend)
        let report = await ReportBuilder.build(analysis: try await Analysis.load(from: store, since: utc("2021-09-19T00:00:00Z"), until: utc("2021-09-20T00:00:00Z")),
                                         outletStats: try await store.outletStats(), since: utc("2021-09-19T00:00:00Z"), until: utc("2021-09-20T00:00:00Z"))
        let repeated = report.anomalies.filter { $0.kind == "repeated_date" }
        // Three items carry 2021-01-01T00:00:00Z, first seen four days apart; only the ferry is in the range.
        #expect(repeated.map(\.itemGuid) == ["ferry"])
        #expect(repeated.map(\.detail) == ["3 items carry this time"])
        await closeStore(store)
    }

    @Test(arguments: StoreBackend.available)
    func boilerplateIsLearnedFromTheOutletsLatestItemsUpToTheRangesEnd(_ backend: StoreBackend) async throws {
        let store = try await rnzStore(backend)
        let key = TextHygiene.key("Get the RNZ app for ad-free news and current affairs.")
        // The range holds two stories with the sign-off (the ferry and the budget vote), the
        // outlet's earlier items one more (the kauri): three. The whio item, first seen after the
        // range, is not read.
        let ranged = try await Analysis.load(from: store, since: utc("2021-09-19T00:00:00Z"), until: utc("2021-09-20T12:00:00Z"))
        #expect(ranged.stories.count == 2)
        #expect(ranged.textHygiene().boilerplate["rnz"]?.contains(key) == true)
        // Up to the ferry only two stories carry it: kept as text.
        let ferry = try await Analysis.load(from: store, since: utc("2021-09-19T00:00:00Z"), until: utc("2021-09-19T13:00:00Z"))
        #expect(ferry.stories.count == 1 && ferry.textHygiene().boilerplate["rnz"] == nil)
        // Up to the 18th there is one such story only: the sign-off is kept as text.
        let early = try await Analysis.load(from: store, since: nil, until: utc("2021-09-18T00:00:00Z"))
        #expect(early.textHygiene().boilerplate["rnz"] == nil)
        #expect(try await Analysis.load(from: store).textHygiene().boilerplate["rnz"]?.contains(key) == true)
        await closeStore(store)
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func aDayOfTheSharedCorpusReportsAsTheWholeStoreDoes() async throws {
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: SharedData.corpus)
        try await Analysis.update(store)
        let since = utc("2021-09-19T00:00:00Z"), until = utc("2021-09-20T00:00:00Z")
        let stats = try store.outletStats()
        let whole = await ReportBuilder.build(analysis: try await Analysis.load(from: store), outletStats: stats, since: since, until: until,
                                        now: Date(timeIntervalSince1970: 0))
        let ranged = await ReportBuilder.build(analysis: try await Analysis.load(from: store, since: since, until: until), outletStats: stats,
                                         since: since, until: until, now: Date(timeIntervalSince1970: 0))
        // The boilerplate of the day's outlets learned from their 200 latest items (the Daily Mail
        // has 318 before the 20th) is the whole store's: every row is the same.
        #expect(ranged.stories.count == whole.stories.count && ranged.stories == whole.stories)
        #expect(ranged.coverage == whole.coverage && ranged.facts == whole.facts && ranged.mentions == whole.mentions)
        #expect(ranged.edits == whole.edits && ranged.anomalies == whole.anomalies && ranged.attributions == whole.attributions)
        #expect(ranged.outlets == whole.outlets)
    }

    @Test func itemsNotInSavedStoriesArePlacedForARangeAsForTheWholeStore() async throws {
        let path = try temporaryDatabase()
        do {
            let writer = try Store(path: path)
            _ = try await ArchiveImporter(store: writer).importArchive(at: fixtureArchive)
            try await Analysis.update(writer)
            // Stored without an analysis (an older Byline): not in saved stories.
            try writer.upsertOutlet(OutletInfo(id: "wsj", name: "wsj"))
            let feed = try writer.feed(outletID: "wsj", url: "archive:wsj")
            try writer.record(PullInput(feedID: feed.id, at: utc("2021-09-18T13:00:00Z"), status: .ok, items: [
                FeedItem(guid: "wsj-1", title: "France recalls ambassadors to US and Australia over submarine deal",
                         summary: "France recalled its ambassadors to the United States and Australia after the submarine deal collapsed."),
                FeedItem(guid: "wsj-2", title: "Emmy Awards: The Crown wins best drama series", summary: "Netflix's royal drama took the top prize."),
            ]))
        }
        let reader = try Store(path: path, readOnly: true)
        let ranged = try await Analysis.load(from: reader, since: utc("2021-09-18T12:30:00Z"), until: nil)
        #expect(ranged.pendingItems == 2 && ranged.recomputed)
        #expect(ranged.stories.map { $0.items.map(\.guid) } == [["wsj-2"]])
        try await expectSameAsWhole(reader, since: utc("2021-09-18T12:30:00Z"), until: nil)
        try await expectSameAsWhole(reader, since: utc("2021-09-18T09:00:00Z"), until: utc("2021-09-18T10:30:00Z"))
    }
}
