import BylineReport
import Foundation
import Testing

@Suite struct ReportWriterTests {
    static func date(_ text: String) -> Date { try! Date.ISO8601FormatStyle().parse(text) }

    static let tiny = Report(
        stories: [StoryRow(storyID: 3, headline: "France recalls envoys, \"a stab in the back\"", outlets: ["bbc", "nytimes"],
                           items: 2, firstOutlet: "bbc", tiedWith: [], firstSeen: date("2021-09-17T21:14:05Z"),
                           timeSource: "published", spanHours: 1.5)],
        coverage: [
            CoverageRow(storyID: 3, outlet: "bbc", itemGuid: "https://www.bbc.co.uk/news/world-europe-58604976",
                        itemLink: "https://www.bbc.co.uk/news/world-europe-58604976", title: "France recalls envoys",
                        published: date("2021-09-17T21:14:05Z"), firstSeen: date("2021-09-18T19:15:29Z"), windowStart: nil,
                        lagSeconds: 0, timeSource: "published"),
            CoverageRow(storyID: 3, outlet: "nytimes", itemGuid: "=HYPERLINK(\"http://evil\")", itemLink: nil,
                        title: "-5 degrees, line one\nline two", published: nil, firstSeen: date("2021-09-18T22:44:05Z"),
                        windowStart: date("2021-09-18T21:00:00Z"), lagSeconds: -120, timeSource: "window"),
        ],
        facts: [FactRow(storyID: 3, factID: 1, text: "France recalled its ambassadors.", outlets: ["bbc", "nytimes"],
                        firstOutlet: "bbc", firstTime: date("2021-09-17T21:14:05Z"), timeSource: "published", tiedWith: ["nytimes"])],
        outlets: [OutletRow(outlet: "bbc", stories: 1, sharedStories: 1, firstReports: 1, firstOrTied: 1, medianLagSeconds: nil,
                            items: 1, pulls: 2, pullsFailed: 0)],
        generatedAt: date("2021-09-21T00:00:00Z"))

    @Test func csvBytesForATinyReport() throws {
        let tables = Dictionary(uniqueKeysWithValues: ReportWriter.tables(Self.tiny).map { ($0.file, $0.table.text()) })
        #expect(tables["stories.csv"] == crlf(
            "story_id,headline,outlets,items,first_outlet,first_seen,time_source,span_hours,tie,tied_with",
            #"3,"France recalls envoys, ""a stab in the back""",bbc|nytimes,2,bbc,2021-09-17T21:14:05Z,published,1.5,false,"#))
        #expect(tables["coverage.csv"] == crlf(
            "story_id,outlet,item_guid,item_link,title,published,first_seen,window_start,lag_seconds,time_source",
            "3,bbc,https://www.bbc.co.uk/news/world-europe-58604976,https://www.bbc.co.uk/news/world-europe-58604976,France recalls envoys,2021-09-17T21:14:05Z,2021-09-18T19:15:29Z,,0,published",
            #"3,nytimes,"'=HYPERLINK(""http://evil"")",,"'-5 degrees, line one"# + "\n" + #"line two",,2021-09-18T22:44:05Z,2021-09-18T21:00:00Z,-120,window"#))
        #expect(tables["facts.csv"] == crlf(
            "story_id,fact_id,text,outlets,first_outlet,first_time,tie,tied_with,time_source",
            "3,1,France recalled its ambassadors.,bbc|nytimes,bbc,2021-09-17T21:14:05Z,true,nytimes,published"))
        #expect(tables["outlets.csv"] == crlf(
            "outlet,stories,first_reports,median_lag_seconds,items,pulls_failed,shared_stories,first_or_tied,pulls",
            "bbc,1,1,,1,0,1,1,2"))
    }

    /// Records joined and ended by CRLF, as RFC 4180 writes them.
    func crlf(_ records: String...) -> String { records.map { $0 + "\r\n" }.joined() }

    @Test(arguments: [
        ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("-120", "-120"), ("+3.5", "+3.5"), ("plain", "plain"), ("", ""), ("-", "'-"),
    ])
    func formulaCellsAreNeutralised(cell: String, expected: String) {
        #expect(CSVTable.neutralised(cell) == expected)
    }

    @Test func writesAllFilesAndTheSummaryNamesTheFirstReporter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("byline-report-\(UUID().uuidString)/R")
        let written = try ReportWriter.write(Self.tiny, to: folder)
        #expect(written.map(\.lastPathComponent) == ["stories.csv", "coverage.csv", "facts.csv", "outlets.csv", "summary.txt"])
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8)
        #expect(summary.contains("1. [story 3] France recalls envoys, \"a stab in the back\"\n   first: bbc at 2021-09-17T21:14:05Z (published)\n"))
        #expect(summary.contains("   fact: \"France recalled its ambassadors.\" - 2 outlets, first bbc (tie: nytimes)\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["coverage.csv", "facts.csv", "outlets.csv", "stories.csv", "summary.txt"])
    }

    @Test func durationsAreShort() {
        #expect([45, 720, 11_100, 187_200].map(SummaryText.duration) == ["45s", "12m", "3h05m", "2d04h"])
    }
}
