import BylineFeed
import BylineFetch
import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

/// A feed's parse warnings (an unparseable date, an undefined entity) are recorded the same for
/// a pull over HTTP (`pull`, `run`) as for an imported snapshot of the same bytes: `import`
/// named the first three and counted the rest in the pull log's `error`, while a pull over HTTP
/// recorded and printed nothing of them.
@Suite struct PullWarningTests {
    /// Six items whose pubDates no date rule reads.
    static let dates = ["31 Feb 2021 10:00:00 GMT", "Sat, 18 Sep 2021 25:61:00 GMT", "99999", "18/09/2021 10:00", "+9999",
                        "Thursday, the 5th of never"]

    /// The gazette's feed of the six items: pubDates from ``dates``.
    static let sixDates: String = {
        let items = dates.enumerated().map { index, date in
            "<item><title>Ferry timetable change \(index + 1)</title><link>https://gazette.example/\(index + 1)</link>"
                + "<pubDate>\(date)</pubDate></item>"
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\(items.joined())</channel></rss>"
    }()

    /// What both record for ``sixDates`` (as the import test of the same feed in
    /// ``UnreadableDateTests`` has it).
    static let sixDatesWarning = "item 1: unparseable date '31 Feb 2021 10:00:00 GMT'; item 2: unparseable date 'Sat, 18 Sep 2021 25:61:00 GMT'; "
        + "item 3: unparseable date '99999'; and 3 more unparseable dates; see anomalies.csv"

    /// Four undefined entities, then an unparseable date.
    static let mixed = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
        <item><title>Ferry &timetable; change</title><link>https://gazette.example/1</link><pubDate>yesterday</pubDate></item>
        <item><title>Library &closed; for works</title><link>https://gazette.example/2</link></item>
        <item><title>Trees &felled; on the &quay;</title><link>https://gazette.example/3</link></item>
        </channel></rss>
        """

    /// The first three warnings of ``mixed`` (the byte normaliser's, which come first); the
    /// fourth and the date are counted.
    static let mixedNamed = ["undefined entity &timetable; kept as text", "undefined entity &closed; kept as text",
                             "undefined entity &felled; kept as text"]

    /// The warnings of ``sixDates``.
    static let sixDatesParts = ["item 1: unparseable date '31 Feb 2021 10:00:00 GMT'", "item 2: unparseable date 'Sat, 18 Sep 2021 25:61:00 GMT'",
                                "item 3: unparseable date '99999'", "and 3 more unparseable dates; see anomalies.csv"]

    static func serve(_ router: Router<BasicRequestContext>) {
        for (path, body) in [("/dates.xml", sixDates), ("/mixed.xml", mixed)] {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }
    }

    /// The pull log's `error` of the one snapshot `body` imported as the gazette's capture at
    /// 2021-09-18T10:00:00Z.
    static func importedWarning(_ body: String) async throws -> String? {
        let archive = TestFolders.root.appendingPathComponent("byline-warnings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: archive) }
        try FileManager.default.createDirectory(at: archive.appendingPathComponent("gazette"), withIntermediateDirectories: true)
        try Data(body.utf8).write(to: archive.appendingPathComponent("gazette/20210918T100000Z.xml"))
        let store = try Store(path: try temporaryDatabase())
        let summary = try await ArchiveImporter(store: store).importArchive(at: archive)
        #expect(summary.imported == 1)
        let feed = try #require(try store.feeds().first)
        return try #require(try store.pullLog(feedID: feed.id).first).error
    }

    @Test(arguments: [
        ("/dates.xml", PullWarningTests.sixDates, PullWarningTests.sixDatesParts, PullWarningTests.sixDatesWarning, 6),
        ("/mixed.xml", PullWarningTests.mixed, PullWarningTests.mixedNamed + ["and 2 more warnings; byline parse of the feed's document lists them all"],
         (PullWarningTests.mixedNamed + ["and 2 more warnings; byline parse of the snapshot lists them all"]).joined(separator: "; "), 3),
    ])
    func aPullRecordsAndReportsTheWarningsImportRecords(path: String, body: String, pulled: [String], imported: String, items: Int) async throws {
        let harness = try PullHarness()
        try await LoopbackServer.with(Self.serve) { server in
            let url = server.url(path)
            let list = FeedList(outlets: [OutletConfig(id: "gazette", name: "Gazette", feeds: [FeedConfig(url: url)])])
            let summary = try await harness.puller.pull(list, all: true)
            try await harness.shutdown()
            #expect(summary.fetched == 1 && summary.newItems == items)
            // What `pull` prints, one `warning:` line each.
            #expect(summary.warnings.map { "\($0.outlet) \($0.url): \($0.text)" } == pulled.map { "gazette \(url): \($0)" })
            let log = try harness.store.pullLog(feedID: try harness.feed(url).state.id)
            #expect(log.map(\.status) == [.ok])
            #expect(log.map(\.error) == [pulled.joined(separator: "; ")])
        }
        #expect(try await Self.importedWarning(body) == imported)
    }

    /// `byline run`'s service records and reports the same warnings for its pull of the feed.
    @Test func aRunRecordsAndReportsTheWarnings() async throws {
        let store = try Store(path: try temporaryDatabase())
        let clock = TestPullClock(PullHarness.start)
        try await LoopbackServer.with(Self.serve) { server in
            let url = server.url("/dates.xml")
            let list = FeedList(outlets: [OutletConfig(id: "gazette", name: "Gazette", feeds: [FeedConfig(url: url)])])
            var logger = Logger(label: "byline.test")
            logger.logLevel = .critical
            let fetcher = Fetcher(settings: FetchSettings(totalTimeout: 120), logger: logger, now: { clock.now() })
            let reports = Mutex<[FeedPuller.Report]>([])
            let service = PullService(puller: FeedPuller(store: store, fetcher: fetcher, clock: clock), list: list, clock: clock) { report in
                reports.withLock { $0.append(report) }
            }
            let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let end = ContinuousClock.now + .seconds(120)
                while ContinuousClock.now < end, reports.withLock({ $0.isEmpty }) {
                    try await Task.sleep(for: .milliseconds(5))
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            try await fetcher.shutdown()
            let report = try #require(reports.withLock { $0.first })
            #expect(report.warnings == Self.sixDatesParts)
            let feed = try #require(try store.feeds().first)
            #expect(try store.pullLog(feedID: feed.id).map(\.error) == [Self.sixDatesWarning])
            #expect(try store.items().map { $0.versions.map(\.publishedText) } == Self.dates.map { [$0] })
        }
    }

    /// The parser's reason for stopping is named once, in the cut-off warning (an import
    /// recorded it twice: in that warning and again as the parser's first warning; then three
    /// times, with libxml2's own "elements nested deeper than 256; read in recovery mode").
    @Test func aStoppedReadingNamesItsReasonOnce() throws {
        let nested = String(repeating: "<a>", count: 300) + "x" + String(repeating: "</a>", count: 300)
        let body = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY d \"\(nested)\">]><rss version=\"2.0\"><channel><title>d</title>"
            + "<item><title>one</title><guid>1</guid><pubDate>yesterday</pubDate></item>"
            + "<item><title>two</title><guid>2</guid><description>&d;</description></item></channel></rss>"
        let feed = try FeedParser().parse(Data(body.utf8))
        #expect(feed.isTruncated)
        #expect(feed.warnings.contains("line 1: elements nested deeper than 256; the rest was skipped"))
        #expect(FeedPuller.warnings(of: feed, listedBy: FeedPuller.feedLister) == [
            "the reading stopped before the root element closed (line 1: elements nested deeper than 256; the rest was skipped): "
                + "the items read are kept, and the pull is not taken to show which items left the feed",
            "item 1: unparseable date 'yesterday'", "the last item was cut off and is left out",
        ])
    }
}

/// `byline pull` of a feed with six unparseable dates prints the warnings that `byline import`
/// of the same bytes records, and records them the same.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct PullWarningCommandTests {
    @Test func pullPrintsAndRecordsWhatImportRecords() async throws {
        try await PullLineTests.withOneFeedConfig(outlet: "gazette", path: "/dates.xml", serve: PullWarningTests.serve) { folder, url in
            let pull = try await PullLineTests.run(["pull", "--timeout", "300", "--config", "gazette.toml", "--db", "pulled.sqlite"], in: folder)
            #expect(pull.status == 0)
            let warnings = pull.stderr.split(separator: "\n").filter { $0.hasPrefix("byline: warning: ") }
            #expect(warnings == [
                "byline: warning: gazette \(url): item 1: unparseable date '31 Feb 2021 10:00:00 GMT'",
                "byline: warning: gazette \(url): item 2: unparseable date 'Sat, 18 Sep 2021 25:61:00 GMT'",
                "byline: warning: gazette \(url): item 3: unparseable date '99999'",
                "byline: warning: gazette \(url): and 3 more unparseable dates; see anomalies.csv",
            ])
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("archive/gazette"), withIntermediateDirectories: true)
            try Data(PullWarningTests.sixDates.utf8).write(to: folder.appendingPathComponent("archive/gazette/20210918T100000Z.xml"))
            let imported = try await PullLineTests.run(["import", "archive", "--db", "imported.sqlite"], in: folder)
            #expect(imported.status == 0)
            var errors: [String?] = []
            for name in ["pulled.sqlite", "imported.sqlite"] {
                let store = try Store(path: folder.appendingPathComponent(name).path, readOnly: true)
                let feed = try #require(try store.feeds().first)
                errors += try store.pullLog(feedID: feed.id).map(\.error)
            }
            #expect(errors == [PullWarningTests.sixDatesWarning, PullWarningTests.sixDatesWarning])
        }
    }
}
