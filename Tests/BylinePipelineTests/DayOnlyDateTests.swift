import BylineFacts
import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// A pubDate that gives only the day (`00:00:00 +0800`, as a content system that knows only the
/// day writes it) is read as the interval of that day, not as its midnight: it neither wins
/// "first" by a time it does not have nor loses the evidence. Run against every back end
/// available.
@Suite struct DayOnlyDateTests {
    /// Three captures of two feeds (2021-09-19T01:00, 02:00 and 03:00Z). harbourpost dates every
    /// item at midnight +0800; gazette gives times. Bridge: both at the feeds' first pull,
    /// harbourpost's day 2021-09-19 +0800 (from 2021-09-18T16:00Z), gazette's 00:30Z. Terminal:
    /// both at the first pull, harbourpost's day 2021-09-18 +0800 (ending 2021-09-18T16:00Z),
    /// gazette's 2021-09-18T20:00Z. Cyclone: harbourpost's from the 02:00 pull (day 2021-09-19
    /// +0800), gazette's from the 03:00 pull at 02:40Z.
    static let archive = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("day-only-dates")

    @Test(arguments: StoreBackend.available)
    func aDayOnlyPubDateIsTheIntervalOfItsDayAndSaysSo(_ backend: StoreBackend) async throws {
        let store = try await backend.freshStore()
        let summary = try await ArchiveImporter(store: store).importArchive(at: Self.archive)
        #expect(summary.imported == 6 && summary.newItems == 6)
        let items = try await store.items()
        let dayOffsets = Dictionary(uniqueKeysWithValues: items.map { ($0.guid, $0.versions.map(\.publishedDayOffset)) })
        #expect(dayOffsets == [
            "harbourpost-bridge": [28_800], "harbourpost-terminal": [28_800], "harbourpost-cyclone": [28_800],
            "gazette-bridge": [nil], "gazette-terminal": [nil], "gazette-cyclone": [nil],
        ])

        try await Analysis.update(store)
        let report = await ReportBuilder.build(analysis: try await Analysis.load(from: store), outletStats: try await store.outletStats(),
                                               now: utc("2021-09-21T00:00:00Z"))
        let storyOf = Dictionary(uniqueKeysWithValues: report.coverage.map { ($0.itemGuid, $0.storyID) })
        let bridge = try #require(report.stories.first { $0.storyID == storyOf["harbourpost-bridge"] })
        let cyclone = try #require(report.stories.first { $0.storyID == storyOf["harbourpost-cyclone"] })
        let terminal = try #require(report.stories.first { $0.storyID == storyOf["harbourpost-terminal"] })
        #expect([bridge, cyclone, terminal].map(\.outlets.count) == [2, 2, 2])

        // Bridge: harbourpost's midnight +0800 (2021-09-18T16:00Z) no longer comes first; its day
        // reaches up to the pull that saw it (01:00Z), past gazette's 00:30Z: a tie.
        #expect(bridge.firstOutlet == "gazette" && bridge.tiedWith == ["harbourpost"])
        #expect(bridge.firstTime == utc("2021-09-19T00:30:00Z") && bridge.timeSource == "published")
        #expect(bridge.firstReportCaveat == "the item was already in the feed at Byline's first pull: its pubDate is not checked against a pull")

        // Cyclone: harbourpost's day meets its window (01:00Z, 02:00Z]: first at 02:00Z, checked.
        #expect(cyclone.firstOutlet == "harbourpost" && cyclone.tiedWith.isEmpty)
        #expect(cyclone.firstTime == utc("2021-09-19T02:00:00Z") && cyclone.timeSource == "published_day")
        #expect(!cyclone.firstReportUnchecked)
        #expect(cyclone.firstReportCaveat
                == "its pubDate gives only the day (2021-09-19 +0800): its time is the earlier of that day's end and the pull that first saw it")

        // Terminal: harbourpost's day ended (2021-09-18T16:00Z) before gazette's 20:00Z: first at
        // the day's end, by pubDate alone.
        #expect(terminal.firstOutlet == "harbourpost" && terminal.tiedWith.isEmpty)
        #expect(terminal.firstTime == utc("2021-09-18T16:00:00Z") && terminal.timeSource == "published_day")
        #expect(terminal.firstReportCaveat == "the item was already in the feed at Byline's first pull: its pubDate is not checked against a pull; "
                + "its pubDate gives only the day (2021-09-18 +0800): its time is the earlier of that day's end and the pull that first saw it")

        // stories.csv: the credited time is first_time; first_seen is the pull that saw the report.
        let folder = TestFolders.root.appendingPathComponent("byline-day-only-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ReportWriter.write(report, to: folder)
        let csv = try String(contentsOf: folder.appendingPathComponent("stories.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("story_id,headline,outlets,items,first_outlet,first_time,time_source,span_hours,tie,tied_with,"
                              + "first_item_guid,first_title,first_window_start,first_seen,events\r\n"))
        let rows = csv.components(separatedBy: "\r\n")
        let terminalRow = try #require(rows.first { $0.hasPrefix("\(terminal.storyID),") })
        #expect(terminalRow.hasSuffix(",harbourpost,2021-09-18T16:00:00Z,published_day,4,false,,harbourpost-terminal,"
                                      + "Council approves budget for new ferry terminal at the old wharf,,2021-09-19T01:00:00Z,0"))
        let cycloneRow = try #require(rows.first { $0.hasPrefix("\(cyclone.storyID),") })
        #expect(cycloneRow.hasSuffix(",2021-09-19T01:00:00Z,2021-09-19T02:00:00Z,0"))

        // The caveat where the other caveats are: summary.txt, compare and the HTML.
        let summaryText = try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8)
        #expect(summaryText.contains("   first: harbourpost at 2021-09-19T02:00:00Z (published_day) (its pubDate gives only the day (2021-09-19 +0800): "
                                     + "its time is the earlier of that day's end and the pull that first saw it)"))
        let detail = try #require(report.details().first { $0.story.storyID == cyclone.storyID })
        #expect(CompareText.render(detail).contains("at 2021-09-19T02:00:00Z (published_day: the pubDate's day, up to its end or first_seen) "
                                                    + "(its pubDate gives only the day (2021-09-19 +0800)"))
        let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<br>its pubDate gives only the day (2021-09-19 +0800): its time is the earlier of that day&#39;s end"))
        await closeStore(store)
    }
}
