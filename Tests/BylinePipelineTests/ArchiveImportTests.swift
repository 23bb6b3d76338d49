import BylineFacts
import BylineFetch
import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import Testing

func utc(_ text: String) -> Date { try! Date.ISO8601FormatStyle().parse(text) }

func temporaryDatabase() throws -> String {
    let folder = TestFolders.root.appendingPathComponent("byline-pipeline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("byline.sqlite").path
}

/// The small archive written for these tests: bbc, cnn and nytimes, two or three snapshots each,
/// one story (France recalling its ambassadors) carried by all three, and one HTML error page.
let fixtureArchive = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("archive")

@Suite struct ArchiveImportTests {
    @Test func importingTheSameArchiveTwiceAddsNothing() async throws {
        let store = try Store(path: try temporaryDatabase())
        let importer = ArchiveImporter(store: store)
        let first = try await importer.importArchive(at: fixtureArchive)
        #expect(first.files == 7)
        #expect(first.imported == 6)
        #expect(first.skipped.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["notes.txt"])
        #expect(first.skipped.map(\.reason) == ["name is not <YYYYMMDDTHHMMSSZ>.xml"])
        #expect(first.failed.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["20210918T110000Z.xml"])
        #expect(first.failed.first?.reason.hasPrefix("not a feed") == true)
        #expect(first.newItems == 7)
        let countsAfterFirst = try store.counts()
        #expect(countsAfterFirst == ["outlet": 3, "feed": 3, "pull": 7, "item": 7, "item_version": 7])

        let second = try await importer.importArchive(at: fixtureArchive)
        #expect(second.alreadyStored == 7)
        #expect(second.imported == 0)
        #expect(second.newItems == 0)
        #expect(try store.counts() == countsAfterFirst)
    }

    @Test func aFailedPullDoesNotBoundTheWindow() async throws {
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        let petito = try #require(try store.items().first { $0.title.hasPrefix("Gabby Petito") })
        #expect(petito.firstSeen == utc("2021-09-18T12:00:00Z"))
        // 11:00 was an HTML error page: a failed pull, so the window starts at 10:00.
        #expect(petito.previousPull == utc("2021-09-18T10:00:00Z"))
        #expect(petito.published == utc("2021-09-18T11:50:00Z"))
        #expect(petito.observedTime.source == .published)
    }

    @Test func theSharedStoryHasItsOutletsInOrderAndAClearFirstReporter() async throws {
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        let update = try await Analysis.update(store)
        #expect(update.placedItems == 7 && update.newStories == 5 && !update.continued)
        let analysis = try await Analysis.load(from: store)
        #expect(!analysis.recomputed)
        let story = try #require(analysis.stories.first)
        #expect(story.outlets == ["bbc", "cnn", "nytimes"])
        #expect(story.headline == "France recalls ambassadors to US and Australia over submarine deal")
        #expect(story.credit.outlet == "bbc")
        #expect(story.credit.tiedWith == [])
        #expect(story.credit.time.source == .published)
        #expect(story.credit.time.estimate == utc("2021-09-18T09:30:00Z"))
        #expect(story.items.map { story.lag(of: $0) } == [0, 5400, 6000])
        #expect(story.items.map { story.time(of: $0).source } == [.published, .window, .published])
        // Every other item is a story of its own.
        #expect(analysis.stories.count == 5)
        #expect(analysis.stories.dropFirst().allSatisfy { $0.items.count == 1 })

        // Updating again places nothing; loading again reads the saved stories, with the same ids.
        #expect(try await Analysis.update(store).placedItems == 0)
        let again = try await Analysis.load(from: store)
        #expect(!again.recomputed)
        #expect(again.stories.map(\.id) == analysis.stories.map(\.id))
        #expect(again.stories.map { $0.items.map(\.id) } == analysis.stories.map { $0.items.map(\.id) })
    }

    @Test func theReportCreditsBBCAndRecordsTheAttribution() async throws {
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        let report = await ReportBuilder.build(analysis: try await Analysis.load(from: store), outletStats: try store.outletStats(),
                                         now: utc("2021-09-21T00:00:00Z"))
        let story = try #require(report.stories.first)
        #expect(story.firstOutlet == "bbc")
        // The credited report itself, as coverage.csv names it.
        #expect(story.firstItemGuid == "bbc-58604976")
        #expect(story.firstTitle == "France recalls ambassadors to US and Australia over submarine deal")
        #expect(story.outlets == ["bbc", "cnn", "nytimes"])
        #expect(story.spanHours == 6000.0 / 3600)
        let cnn = try #require(report.coverage.first { $0.outlet == "cnn" && $0.storyID == story.storyID })
        #expect(cnn.itemGuid == "https://edition.cnn.com/2021/09/17/politics/france-recalls-ambassadors/index.html")
        #expect(cnn.windowStart == utc("2021-09-18T10:00:00Z"))
        #expect(cnn.firstSeen == utc("2021-09-18T11:00:00Z"))
        #expect(cnn.lagSeconds == 5400)
        #expect(cnn.timeSource == "window")
        #expect(report.coverage.count == 7)
        let bbc = try #require(report.outlets.first { $0.outlet == "bbc" })
        #expect(bbc.firstReports == 1)
        // BBC's item was in its feed at Byline's first pull of it: a first report on its pubDate alone.
        #expect(story.timeSource == "published" && story.firstWindowStart == nil)
        #expect(bbc.score.firstReportsUnchecked == 1)
        // Whether BBC was first there is not known: its first-report rate counts that story
        // neither for it nor against it (no trials left: empty cells), and its count stays.
        #expect(bbc.checkedFirstReports.firsts == 0 && bbc.checkedFirstReports.stories == 0)
        let outlets = try #require(ReportWriter.tables(report).first { $0.file == "outlets.csv" }?.table)
        let bbcRow = try #require(outlets.rows.first { $0.first == "bbc" })
        let column = { (name: String) in bbcRow[outlets.header.firstIndex(of: name)!] }
        #expect(column("first_reports") == "1" && column("first_reports_unchecked") == "1")
        #expect(column("first_report_rate") == "" && column("first_report_low") == "" && column("first_report_high") == "")
        #expect(bbc.pullsFailed == 1)
        #expect(bbc.pulls == 3)
        let nytimes = try #require(report.outlets.first { $0.outlet == "nytimes" })
        #expect(nytimes.medianLagSeconds == 6000)
        #expect(nytimes.firstReports == 0)
        let analysis = try await Analysis.load(from: store)
        let facts = await Analysis.facts(of: try #require(analysis.stories.first), outlets: analysis.outlets)
        #expect(facts.attributions.map(\.credited) == ["Le Monde"])
        #expect(facts.attributions.map(\.outlet) == ["nytimes"])
        // "The move, first reported by Le Monde, ...": a claim about an outlet Byline does not follow.
        #expect(facts.attributions.map(\.kind) == [.firstReportedBy])
        #expect(facts.attributions.map(\.creditedOutlet) == [nil])
        #expect(facts.attributions.map(\.verdict) == [.undecidable])
        #expect(facts.attributions.map(\.evidence) == ["'Le Monde' is not an outlet Byline follows"])
        #expect(facts.attributions.map { $0.firstReport?.outlet } == ["bbc"])
        #expect(report.attributions.map(\.credited) == ["Le Monde"])
        #expect(report.attributions.map(\.creditedFollowed) == [false])
        #expect(report.attributions.map(\.firstOutlet) == ["bbc"])
    }

    @Test func anOutletOfTheListAbsentFromTheArchiveIsFollowedNotUnknown() async throws {
        // The list follows Le Monde too, which the archive has no folder for: "first reported by
        // Le Monde" names a followed outlet that has no report in the story.
        let list = FeedList(outlets: [
            OutletConfig(id: "bbc", name: "BBC News", feeds: [FeedConfig(url: "https://feeds.bbci.co.uk/news/rss.xml")]),
            OutletConfig(id: "lemonde", name: "Le Monde", feeds: [FeedConfig(url: "https://www.lemonde.fr/rss/une.xml")],
                         aliases: ["Le Monde.fr"]),
        ])
        let store = try Store(path: try temporaryDatabase())
        let summary = try await ArchiveImporter(store: store, outlets: list).importArchive(at: fixtureArchive)
        #expect(summary.outlets == 3)
        #expect(try store.outlets().map(\.id) == ["bbc", "cnn", "lemonde", "nytimes"])
        #expect(try store.outlets().first { $0.id == "lemonde" }?.aliases == ["Le Monde.fr"])
        #expect(try store.counts()["feed"] == 3)
        _ = try await Analysis.update(store)
        let analysis = try await Analysis.load(from: store)
        let facts = await Analysis.facts(of: try #require(analysis.stories.first), outlets: analysis.outlets)
        #expect(facts.attributions.map(\.kind) == [.firstReportedBy])
        #expect(facts.attributions.map(\.creditedOutlet) == ["lemonde"])
        #expect(facts.attributions.map(\.verdict) == [.undecidable])
        #expect(facts.attributions.map(\.evidence) == ["lemonde has no report in this story"])
        // With no item and no pull, Le Monde has no scorecard row.
        let report = await ReportBuilder.build(analysis: analysis, outletStats: try store.outletStats())
        #expect(report.outlets.map(\.outlet) == ["bbc", "cnn", "nytimes"])
        #expect(report.attributions.map(\.creditedFollowed) == [true])
    }

    @Test func aMissingFolderIsAClearError() async throws {
        let store = try Store(path: try temporaryDatabase())
        await #expect(throws: PipelineError.missingInput(path: "/nonexistent/archive")) {
            try await ArchiveImporter(store: store).importArchive(at: URL(fileURLWithPath: "/nonexistent/archive"))
        }
        #expect(PipelineError.missingInput(path: "/nonexistent/archive").description == "/nonexistent/archive: no such folder")
    }

    @Test(arguments: [
        ("20210918T191344Z.xml", "2021-09-18T19:13:44Z"), ("20200229T000000Z.json", "2020-02-29T00:00:00Z"),
    ])
    func captureTimesComeFromFileNames(name: String, expected: String) {
        #expect(ArchiveImporter.captureTime(fileName: name) == utc(expected))
    }

    @Test(arguments: ["notes.txt", "20210918T191344.xml", "20210230T000000Z.xml", "20211318T000000Z.xml", "2021091xT191344Z.xml"])
    func otherNamesAreNotSnapshots(name: String) {
        #expect(ArchiveImporter.captureTime(fileName: name) == nil)
    }
}

/// A publisher time a day ahead of the pull that first saw the item (`future_date`): the story
/// page says it as a duration, anomalies.csv keeps the seconds (it printed raw seconds where a
/// reader reads hours and days).
@Suite struct FutureDateReportTests {
    @Test func aFutureDateReadsAsADurationOnTheStoryPageAndInSecondsInTheCSV() async throws {
        let archive = try ArchiveOrderTests.copyOfFixtures()
        defer { try? FileManager.default.removeItem(at: archive) }
        // CNN's item of the shared story, first captured at 11:00, dated 11:00 the next day.
        let link = "<link>https://edition.cnn.com/2021/09/17/politics/france-recalls-ambassadors/index.html</link>"
        let file = archive.appendingPathComponent("cnn/20210918T110000Z.xml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(link))
        try text.replacingOccurrences(of: link, with: link + "<pubDate>Sun, 19 Sep 2021 11:00:00 GMT</pubDate>")
            .write(to: file, atomically: true, encoding: .utf8)
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: archive)
        try await Analysis.update(store)
        let report = await ReportBuilder.build(analysis: try await Analysis.load(from: store), outletStats: try store.outletStats(),
                                               now: utc("2021-09-21T00:00:00Z"))
        let anomaly = try #require(report.anomalies.first { $0.kind == "future_date" })
        #expect(anomaly.outlet == "cnn")
        #expect(anomaly.published == utc("2021-09-19T11:00:00Z"))
        #expect(anomaly.firstSeen == utc("2021-09-18T11:00:00Z"))
        #expect(anomaly.detail == "86400 s after first seen")
        #expect(anomaly.readableDetail == "1d00h after first seen")
        let storyID = try #require(anomaly.storyID)
        let page = try #require(HTMLReport.pages(report).first { $0.name == HTMLReport.storyFile(storyID) })
        #expect(page.text.contains("<li>cnn: future_date, published 2021-09-19T11:00:00Z, first seen 2021-09-18T11:00:00Z: 1d00h after first seen</li>"))
        let folder = TestFolders.root.appendingPathComponent("byline-future-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ReportWriter.write(report, to: folder)
        let csv = try String(contentsOf: folder.appendingPathComponent("anomalies.csv"), encoding: .utf8)
        #expect(csv.contains(",cnn,https://edition.cnn.com/2021/09/17/politics/france-recalls-ambassadors/index.html,future_date,2021-09-19T11:00:00Z,2021-09-18T11:00:00Z,86400 s after first seen\r\n"))
    }
}

/// An item whose pubDate lies hours before the feed's previous successful pull, which did not
/// list it (`late_in_feed`): a row of anomalies.csv with the lead in seconds and that pull, a
/// duration as the story pages say it, and an item with an anomaly in the outlet's scorecard.
@Suite struct LateInFeedReportTests {
    @Test func aPubDateBeforeThePreviousPullIsLateInFeed() async throws {
        let archive = try ArchiveOrderTests.copyOfFixtures()
        defer { try? FileManager.default.removeItem(at: archive) }
        // BBC's item first captured at 12:00 (the 11:00 capture is an error page, so the feed's
        // previous successful pull is 10:00's, which did not list it), dated 08:30.
        let file = archive.appendingPathComponent("bbc/20210918T120000Z.xml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let written = text.replacingOccurrences(of: "<pubDate>Sat, 18 Sep 2021 11:50:00 GMT</pubDate>",
                                                with: "<pubDate>Sat, 18 Sep 2021 08:30:00 GMT</pubDate>")
        #expect(written != text)
        try written.write(to: file, atomically: true, encoding: .utf8)
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: archive)
        try await Analysis.update(store)
        let report = await ReportBuilder.build(analysis: try await Analysis.load(from: store), outletStats: try store.outletStats(),
                                               now: utc("2021-09-21T00:00:00Z"))
        let late = report.anomalies.filter { $0.kind == "late_in_feed" }
        #expect(late.map(\.itemGuid) == ["https://www.bbc.co.uk/news/world-us-canada-2"])
        let anomaly = try #require(late.first)
        #expect(anomaly.published == utc("2021-09-18T08:30:00Z"))
        #expect(anomaly.firstSeen == utc("2021-09-18T12:00:00Z"))
        #expect(anomaly.detail == "5400 s before the feed's previous pull at 2021-09-18T10:00:00Z, which did not list it")
        #expect(anomaly.readableDetail == "1h30m before the feed's previous pull at 2021-09-18T10:00:00Z, which did not list it")
        let bbc = try #require(report.outlets.first { $0.outlet == "bbc" })
        #expect(bbc.score.itemsWithAnomaly == 1)  // its only item with an anomaly
        // Its credited time is its window, not the pubDate.
        let row = try #require(report.coverage.first { $0.itemGuid == "https://www.bbc.co.uk/news/world-us-canada-2" })
        #expect(row.timeSource == "window")
        #expect(row.windowStart == utc("2021-09-18T10:00:00Z"))
    }
}
