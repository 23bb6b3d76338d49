import BylineFacts
import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// A publication date no date rule reads is not a missing one: the text the feed wrote is stored
/// with the item's version and reported as `unreadable_date` with that text; an item with no
/// date element stays `missing_date`. Run against every back end available.
@Suite struct UnreadableDateTests {
    /// One capture of a feed (gazette, 2021-09-18T10:00:00Z): a `pubDate` of
    /// `Thursday, the 5th of never`, no date, and a `dc:date` of `32/13/2021 25:61`.
    static let archive = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("unreadable-dates")

    @Test(arguments: StoreBackend.available)
    func anUnreadableDateIsStoredAsWrittenAndReportedWithItsText(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        let summary = try await ArchiveImporter(store: store).importArchive(at: Self.archive)
        #expect(summary.imported == 1 && summary.newItems == 3)
        let items = try await store.items()
        #expect(items.map(\.guid) == ["gazette-ferry", "gazette-library", "gazette-trees"])
        #expect(items.map(\.published) == [nil, nil, nil])
        #expect(items.map { $0.versions.map(\.publishedText) } == [["Thursday, the 5th of never"], [nil], ["32/13/2021 25:61"]])

        try await Analysis.update(store)
        let report = await ReportBuilder.build(analysis: try await Analysis.load(from: store), outletStats: try await store.outletStats(),
                                               now: utc("2021-09-21T00:00:00Z"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("byline-unreadable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ReportWriter.write(report, to: folder)
        let csv = try String(contentsOf: folder.appendingPathComponent("anomalies.csv"), encoding: .utf8)
        let storyOf = Dictionary(uniqueKeysWithValues: report.coverage.map { ($0.itemGuid, $0.storyID) })
        let rows = csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.sorted()
        #expect(rows == [
            "\(storyOf["gazette-ferry"] ?? 0),gazette,gazette-ferry,unreadable_date,,2021-09-18T10:00:00Z,\"Thursday, the 5th of never\"",
            "\(storyOf["gazette-library"] ?? 0),gazette,gazette-library,missing_date,,2021-09-18T10:00:00Z,no publisher time",
            "\(storyOf["gazette-trees"] ?? 0),gazette,gazette-trees,unreadable_date,,2021-09-18T10:00:00Z,32/13/2021 25:61",
        ].sorted())
        #expect(csv.hasPrefix("story_id,outlet,item_guid,kind,published,first_seen,detail\r\n"))
        let outlet = try #require(report.outlets.first { $0.outlet == "gazette" })
        #expect(outlet.score.itemsWithAnomaly == 3 && outlet.score.itemsChecked == 3)
        await closeStore(store)
    }
}
