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
        let folder = TestFolders.root.appendingPathComponent("byline-unreadable-\(UUID().uuidString)")
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

    /// A snapshot with six pubDates no rule reads: its pull's warning names the first three and
    /// counts the rest, pointing at anomalies.csv, which lists all six (it named three and said
    /// nothing of the others).
    @Test func aPullWarningNamesThreeUnreadableDatesAndCountsTheRest() async throws {
        let archive = TestFolders.root.appendingPathComponent("byline-six-dates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: archive) }
        try FileManager.default.createDirectory(at: archive.appendingPathComponent("gazette"), withIntermediateDirectories: true)
        let dates = ["31 Feb 2021 10:00:00 GMT", "Sat, 18 Sep 2021 25:61:00 GMT", "99999", "18/09/2021 10:00", "+9999", "Thursday, the 5th of never"]
        let items = dates.enumerated().map { index, date in
            "<item><title>Ferry timetable change \(index + 1)</title><link>https://gazette.example/\(index + 1)</link><pubDate>\(date)</pubDate></item>"
        }
        try Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\(items.joined())</channel></rss>".utf8)
            .write(to: archive.appendingPathComponent("gazette/20210918T100000Z.xml"))

        let store = try await StoreBackend.sqlite.freshStore()
        let summary = try await ArchiveImporter(store: store).importArchive(at: archive)
        #expect(summary.imported == 1 && summary.newItems == 6)
        let feed = try #require(try await store.feeds().first)
        #expect(try await store.pullLog(feedID: feed.id).map(\.error) == [
            "item 1: unparseable date '31 Feb 2021 10:00:00 GMT'; item 2: unparseable date 'Sat, 18 Sep 2021 25:61:00 GMT'; "
                + "item 3: unparseable date '99999'; and 3 more unparseable dates; see anomalies.csv",
        ])
        #expect(try await store.items().map { $0.versions.map(\.publishedText) } == dates.map { [$0] })

        // Other warnings past the third are counted as warnings.
        #expect(ArchiveImporter.pullWarning(["a", "b", "c", "item 4: unparseable date 'x'", "undefined entity &foo; kept as text"], cutOff: "cut")
                == "cut; a; b; c; and 2 more warnings; byline parse of the snapshot lists them all")
        #expect(ArchiveImporter.pullWarning(["a", "b", "c"], cutOff: nil) == "a; b; c")
        #expect(ArchiveImporter.pullWarning([], cutOff: nil) == nil)
        await closeStore(store)
    }
}
