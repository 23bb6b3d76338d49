import BylineReport
import BylineTestSupport
import Foundation
import Testing

@Suite struct ReportWriterTests {
    static func date(_ text: String) -> Date { try! Date.ISO8601FormatStyle().parse(text) }

    static let score: OutletScore = {
        var score = OutletScore()
        score.factsFirst = 3
        score.factsCorroborated = 2
        score.exclusiveFacts = 1
        score.itemsSeenTwice = 1
        score.itemsSilentlyEdited = 1
        score.itemsChecked = 1
        score.scoopClaims = 1
        score.scoopConfirmed = 1
        return score
    }()

    static let tiny = Report(
        stories: [StoryRow(storyID: 3, headline: "France recalls envoys, \"a stab in the back\"", outlets: ["bbc", "nytimes"],
                           items: 2, firstOutlet: "bbc", tiedWith: [], firstTime: date("2021-09-17T21:14:05Z"),
                           timeSource: "published", spanHours: 1.5,
                           firstItemGuid: "https://www.bbc.co.uk/news/world-europe-58604976", firstTitle: "France recalls envoys")],
        coverage: [
            CoverageRow(storyID: 3, outlet: "bbc", itemGuid: "https://www.bbc.co.uk/news/world-europe-58604976",
                        itemLink: "https://www.bbc.co.uk/news/world-europe-58604976", title: "France recalls envoys",
                        published: date("2021-09-17T21:14:05Z"), firstSeen: date("2021-09-18T19:15:29Z"), windowStart: nil,
                        lagSeconds: 0, timeSource: "published", time: date("2021-09-17T21:14:05Z")),
            CoverageRow(storyID: 3, outlet: "nytimes", itemGuid: "=HYPERLINK(\"http://evil\")", itemLink: nil,
                        title: "-5 degrees, line one\nline two", published: nil, firstSeen: date("2021-09-18T22:44:05Z"),
                        windowStart: date("2021-09-18T21:00:00Z"), lagSeconds: -120, timeSource: "window"),
        ],
        facts: [
            FactRow(storyID: 3, factID: 1, text: "France recalled its ambassadors.", outlets: ["bbc", "nytimes"],
                    firstOutlet: "bbc", firstTime: date("2021-09-17T21:14:05Z"), timeSource: "published", tiedWith: ["nytimes"]),
            FactRow(storyID: 3, factID: 4, text: "More than 9,500 migrants are under the bridge", outlets: ["bbc", "nytimes"],
                    firstOutlet: "bbc", firstTime: date("2021-09-17T21:14:05Z"), timeSource: "published", tiedWith: [],
                    kind: "quantity", values: ["9500@bbc", "14000@nytimes"], trend: "update", mentionCount: 2,
                    firstWindowStart: date("2021-09-17T20:00:00Z")),
        ],
        mentions: [MentionRow(storyID: 3, factID: 4, outlet: "nytimes", itemGuid: "ny-1", sentence: "An estimated 14,000 migrants, many from Haiti, wait.",
                              time: date("2021-09-18T22:44:05Z"), windowStart: date("2021-09-18T21:00:00Z"), timeSource: "window",
                              value: "14000")],
        edits: [EditRow(storyID: 3, outlet: "bbc", itemGuid: "bbc-1", field: "title", from: date("2021-09-18T19:15:29Z"),
                        to: date("2021-09-18T20:15:29Z"), kind: "substantive", reason: "number", silent: true, removed: "6", added: "8")],
        anomalies: [AnomalyRow(storyID: nil, outlet: "nytimes", itemGuid: "ny-2", kind: "future_date", published: date("2021-09-19T03:00:00Z"),
                               firstSeen: date("2021-09-18T22:44:05Z"), detail: "15355 s after first seen")],
        attributions: [
            AttributionRow(storyID: 3, outlet: "bbc", itemGuid: "bbc-1", kind: "exclusive", credited: "bbc", phrase: "EXCLUSIVE",
                           verdict: "confirmed", evidence: "fact 1: bbc at 2021-09-17T21:14:05Z (published) before nytimes",
                           creditedFollowed: true, firstOutlet: "bbc"),
            AttributionRow(storyID: 3, outlet: "nytimes", itemGuid: "ny-1", kind: "firstReportedBy", credited: "Le Monde",
                           phrase: "first reported by Le Monde", verdict: "not_decidable",
                           evidence: "'Le Monde' is not an outlet Byline follows", creditedFollowed: false, firstOutlet: "bbc"),
            AttributionRow(storyID: 3, outlet: "nytimes", itemGuid: "ny-1", kind: "toldTo", credited: "Reuters", phrase: "told Reuters",
                           verdict: "not_a_claim", evidence: "'Reuters' is not an outlet Byline follows", creditedFollowed: false,
                           firstOutlet: "bbc", firstTiedWith: ["cnn", "nytimes"]),
        ],
        outlets: [OutletRow(outlet: "bbc", stories: 1, sharedStories: 1, firstReports: 1, firstOrTied: 1, medianLagSeconds: nil,
                            items: 1, pulls: 2, pullsFailed: 0, score: score)],
        generatedAt: date("2021-09-21T00:00:00Z"))

    @Test func csvBytesForATinyReport() throws {
        let tables = Dictionary(uniqueKeysWithValues: ReportWriter.tables(Self.tiny).map { ($0.file, $0.table.text()) })
        #expect(tables["stories.csv"] == crlf(
            "story_id,headline,outlets,items,first_outlet,first_time,time_source,span_hours,tie,tied_with,first_item_guid,first_title,first_window_start,first_seen,events",
            #"3,"France recalls envoys, ""a stab in the back""",bbc|nytimes,2,bbc,2021-09-17T21:14:05Z,published,1.5,false,,https://www.bbc.co.uk/news/world-europe-58604976,France recalls envoys,,,0"#))
        #expect(tables["coverage.csv"] == crlf(
            "story_id,outlet,item_guid,item_link,title,published,first_seen,window_start,lag_seconds,time_source,latest_title",
            "3,bbc,https://www.bbc.co.uk/news/world-europe-58604976,https://www.bbc.co.uk/news/world-europe-58604976,France recalls envoys,2021-09-17T21:14:05Z,2021-09-18T19:15:29Z,,0,published,",
            #"3,nytimes,"'=HYPERLINK(""http://evil"")",,"'-5 degrees, line one"# + "\n" + #"line two",,2021-09-18T22:44:05Z,2021-09-18T21:00:00Z,-120,window,"#))
        #expect(tables["facts.csv"] == crlf(
            "fact_id,story_id,text,kind,outlets,first_outlet,first_time,time_source,tie,values,tied_with,trend,disagreeing,wire_outlets,mentions,first_window_start",
            "1,3,France recalled its ambassadors.,statement,bbc|nytimes,bbc,2021-09-17T21:14:05Z,published,true,,nytimes,single,,,0,",
            #"4,3,"More than 9,500 migrants are under the bridge",quantity,bbc|nytimes,bbc,2021-09-17T21:14:05Z,published,false,9500@bbc|14000@nytimes,,update,,,2,2021-09-17T20:00:00Z"#))
        #expect(tables["mentions.csv"] == crlf(
            "fact_id,story_id,outlet,item_guid,sentence,time,window_start,time_source,value,wire_copy_of",
            #"4,3,nytimes,ny-1,"An estimated 14,000 migrants, many from Haiti, wait.",2021-09-18T22:44:05Z,2021-09-18T21:00:00Z,window,14000,"#))
        #expect(tables["edits.csv"] == crlf(
            "story_id,outlet,item_guid,field,from,to,class,reason,silent,removed,added",
            "3,bbc,bbc-1,title,2021-09-18T19:15:29Z,2021-09-18T20:15:29Z,substantive,number,true,6,8"))
        #expect(tables["anomalies.csv"] == crlf(
            "story_id,outlet,item_guid,kind,published,first_seen,detail",
            ",nytimes,ny-2,future_date,2021-09-19T03:00:00Z,2021-09-18T22:44:05Z,15355 s after first seen"))
        #expect(tables["attributions.csv"] == crlf(
            "story_id,outlet,item_guid,kind,credited,phrase,verdict,evidence,credited_followed,first_outlet,first_tied_with",
            "3,bbc,bbc-1,exclusive,bbc,EXCLUSIVE,confirmed,fact 1: bbc at 2021-09-17T21:14:05Z (published) before nytimes,true,bbc,",
            "3,nytimes,ny-1,firstReportedBy,Le Monde,first reported by Le Monde,not_decidable,'Le Monde' is not an outlet Byline follows,false,bbc,",
            "3,nytimes,ny-1,toldTo,Reuters,told Reuters,not_a_claim,'Reuters' is not an outlet Byline follows,false,bbc,cnn|nytimes"))
        #expect(tables["outlets.csv"] == crlf(
            "outlet,stories,first_reports,median_lag_seconds,items,pulls_failed,shared_stories,first_or_tied,pulls,"
                + "first_ties,first_report_rate,first_report_low,first_report_high,lag_p25_seconds,lag_p75_seconds,lag_count,"
                + "facts_first,facts_corroborated,corroboration_rate,corroboration_low,corroboration_high,exclusive_facts,disagreements,"
                + "items_seen_twice,items_silently_edited,silent_edit_rate,silent_edit_low,silent_edit_high,"
                + "items_with_anomaly,anomaly_rate,anomaly_low,anomaly_high,scoop_claims,scoop_confirmed,scoop_contradicted,first_reports_unchecked",
            "bbc,1,1,,1,0,1,1,2,0,1.0000,0.2065,1.0000,,,0,3,2,0.6667,0.2077,0.9385,1,0,1,1,1.0000,0.2065,1.0000,"
                + "0,0.0000,0.0000,0.7935,1,1,0,0"))
    }

    /// Records joined and ended by CRLF, as RFC 4180 writes them.
    func crlf(_ records: String...) -> String { records.map { $0 + "\r\n" }.joined() }

    @Test func tableTextQuotesOnlyFieldsThatNeedIt() {
        let table = CSVTable(header: ["id", "title", "note"], rows: [
            ["1", "France recalls envoys, \"a stab in the back\"", "plain"],
            ["2", "Zürich – 5 °C 🌧", ""],
            ["3", "two\r\nlines", "one\nline"],
            ["4", "=1+2", "carriage\rreturn"],
        ])
        #expect(table.text() == crlf(
            "id,title,note",
            "1,\"France recalls envoys, \"\"a stab in the back\"\"\",plain",
            "2,Zürich – 5 °C 🌧,",
            "3,\"two\r\nlines\",\"one\nline\"",
            "4,'=1+2,\"carriage\rreturn\""))
        #expect(CSVTable(header: ["a", "b"]).text() == "a,b\r\n")
    }

    /// Formula-like cells get a leading `'`; plain numbers (signed, decimal, with an exponent as
    /// Swift prints small doubles) and a lone `-` stay as written (a lone `-` was `'-`).
    @Test(arguments: [
        ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("=cmd", "'=cmd"), ("+1+2", "'+1+2"), ("-1+A1", "'-1+A1"), ("@SUM(A1:A3)", "'@SUM(A1:A3)"), ("\r=1", "'\r=1"),
        ("--", "'--"), ("- item", "'- item"), ("-1e", "'-1e"), ("-1.2.3", "'-1.2.3"), ("-.", "'-."), ("+", "'+"),
        ("-0001-11-30T00:00:00+00:00", "'-0001-11-30T00:00:00+00:00"),
        ("-120", "-120"), ("+3.5", "+3.5"), ("-3", "-3"), ("-0.5", "-0.5"), ("-.5", "-.5"), ("-1.5e-3", "-1.5e-3"),
        ("+2E10", "+2E10"), ("plain", "plain"), ("", ""), ("-", "-"),
    ])
    func formulaCellsAreNeutralised(cell: String, expected: String) {
        #expect(CSVTable.neutralised(cell) == expected)
    }

    @Test func aLateInFeedLeadReadsAsADuration() {
        let row = AnomalyRow(storyID: 3, outlet: "nzherald", itemGuid: "nz-1", kind: "late_in_feed", published: Self.date("2021-09-20T09:30:00Z"),
                             firstSeen: Self.date("2021-09-20T12:00:00Z"),
                             detail: "5400 s before the feed's previous pull at 2021-09-20T11:00:00Z, which did not list it")
        #expect(row.readableDetail == "1h30m before the feed's previous pull at 2021-09-20T11:00:00Z, which did not list it")
        // Another kind's detail that starts with a number stays as written.
        var other = row
        other.kind = "repeated_date"
        other.detail = "3 items carry this time"
        #expect(other.readableDetail == "3 items carry this time")
    }

    /// A feed that writes `<pubDate>-</pubDate>` gets an `unreadable_date` anomaly whose detail
    /// is that `-`: `anomalies.csv` gives it as written (it was `'-`), while a date text that a
    /// spreadsheet would run stays guarded.
    @Test func anomalyDetailsThatAreNoFormulaStayAsWritten() throws {
        var report = Self.tiny
        report.anomalies = [
            AnomalyRow(storyID: 3, outlet: "bbc", itemGuid: "https://www.bbc.co.uk/news/world-europe-58604976", kind: "unreadable_date",
                       published: nil, firstSeen: Self.date("2021-09-17T21:14:05Z"), detail: "-"),
            AnomalyRow(storyID: 3, outlet: "nytimes", itemGuid: "nyt-1", kind: "unreadable_date",
                       published: nil, firstSeen: Self.date("2021-09-17T21:14:05Z"), detail: "=HYPERLINK(\"x\")"),
        ]
        let table = try #require(ReportWriter.tables(report).first { $0.file == "anomalies.csv" }?.table)
        #expect(table.text() == crlf(
            "story_id,outlet,item_guid,kind,published,first_seen,detail",
            "3,bbc,https://www.bbc.co.uk/news/world-europe-58604976,unreadable_date,,2021-09-17T21:14:05Z,-",
            "3,nytimes,nyt-1,unreadable_date,,2021-09-17T21:14:05Z,\"'=HYPERLINK(\"\"x\"\")\""))
    }

    @Test func writesAllFilesAndTheSummaryNamesTheFirstReporter() throws {
        let folder = TestFolders.root.appendingPathComponent("byline-report-\(UUID().uuidString)/R")
        let written = try ReportWriter.write(Self.tiny, to: folder)
        #expect(written.map(\.lastPathComponent) == ["stories.csv", "events.csv", "coverage.csv", "facts.csv", "mentions.csv", "edits.csv",
                                                     "anomalies.csv", "attributions.csv", "outlets.csv", "summary.txt",
                                                     "stories.json", "index.html", "outlets.html", "story-3.html"])
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8)
        // The tiny report's story has no first window: its pubDate is not checked against a pull.
        let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<strong>bbc</strong><br><a href=\"https://www.bbc.co.uk/news/world-europe-58604976\" rel=\"noreferrer noopener\">"
                               + "France recalls envoys</a><br><small>2021-09-17T21:14:05Z (published)<br>pubDate not checked: the item was already in the feed at Byline&#39;s first pull"))
        #expect(summary.contains("1. [story 3] France recalls envoys, \"a stab in the back\"\n   first: bbc at 2021-09-17T21:14:05Z (published) (the item was already in the feed at Byline's first pull: its pubDate is not checked against a pull)\n   first report: \"France recalls envoys\"\n"))
        #expect(summary.contains("""
               facts stated by 2+ outlets (2, most outlets first):
               fact  outlets  first               at                              values                text
               F1    2        bbc (tie: nytimes)  2021-09-17T21:14:05Z published  -                     "France recalled its ambassadors."
               F4    2        bbc                 2021-09-17T21:14:05Z published  9500 → 14000, update  "More than 9,500 migrants are under the bridge"

            Claims of who reported first in the texts (2): the outlet a text credits (an id when Byline follows it,
            else the news organisation's name) against the outlet Byline saw first, with the verdict of the times; source
            edges to news organisations ("according to X", "told X") are in attributions.csv:
              [story 3] bbc: exclusive "EXCLUSIVE" credits bbc; Byline saw bbc first - confirmed: fact 1: bbc at 2021-09-17T21:14:05Z (published) before nytimes
              [story 3] nytimes: firstReportedBy "first reported by Le Monde" credits "Le Monde"; Byline saw bbc first - not_decidable: 'Le Monde' is not an outlet Byline follows

            Outlets
            """))
        #expect(summary.hasSuffix("""
            bbc         1        1       1      1     0           -        -  2/3 67% [21-94]          1         0  1/1 100% [21-100]   0/1 0% [0-79]               1/1           0/2

            """))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["anomalies.csv", "attributions.csv", "coverage.csv", "edits.csv", "events.csv", "facts.csv", "index.html", "mentions.csv",
                    "outlets.csv", "outlets.html", "stories.csv", "stories.json", "story-3.html", "summary.txt"])
    }

    /// `report --out` names a file: refused before any analysis, with the path and the reason.
    @Test func aFileAsTheDestinationIsRefusedUpFront() throws {
        let folder = TestFolders.root.appendingPathComponent("byline-dest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("afile.txt")
        try Data("x".utf8).write(to: file)
        #expect(throws: ReportError.cannotWrite(path: file.path, reason: "a file is in the way; --out must be a folder")) {
            try ReportWriter.checkDestination(file)
        }
        // A folder of other files and no report (here afile.txt) is refused too (ReportFolderTests).
        #expect(throws: ReportError.cannotWrite(path: folder.path, reason: "the folder holds other files (afile.txt) and no Byline "
                + "report; name a new or empty folder, or one a report was written to")) {
            try ReportWriter.checkDestination(folder)
        }
        try ReportWriter.checkDestination(folder.appendingPathComponent("not-yet"))
    }

    @Test func durationsAreShort() {
        #expect([45, 720, 11_100, 187_200].map(SummaryText.duration) == ["45s", "12m", "3h05m", "2d04h"])
    }
}

@Suite struct ParseTimeTests {
    /// Times print in the proleptic Gregorian calendar for every year, fractions cut.
    @Test(arguments: [
        (1_631_992_424.0, "2021-09-18T19:13:44Z"), (951_782_400, "2000-02-29T00:00:00Z"), (1.9, "1970-01-01T00:00:01Z"),
        (-0.5, "1969-12-31T23:59:59Z"), (-62_135_596_800, "0001-01-01T00:00:00Z"), (-62_167_219_200, "0000-01-01T00:00:00Z"),
        (-62_167_305_600, "-0001-12-31T00:00:00Z"), (-12_219_292_800, "1582-10-15T00:00:00Z"),
        (-12_219_379_200, "1582-10-14T00:00:00Z"), (253_402_300_800, "+10000-01-01T00:00:00Z"),
    ])
    func timesArePrintedProlepticGregorian(seconds: Double, expected: String) {
        #expect(ReportFormat.time(Date(timeIntervalSince1970: seconds)) == expected)
    }


    @Test(arguments: [
        ("2021-09-19", "2021-09-19T00:00:00Z"), ("2021-09-19T12:00:00Z", "2021-09-19T12:00:00Z"),
        ("2021-09-19T12:00Z", "2021-09-19T12:00:00Z"), ("2021-09-19T14:30:05+02:00", "2021-09-19T12:30:05Z"),
        ("2021-09-19T07:00:00-05:00", "2021-09-19T12:00:00Z"), ("2020-02-29", "2020-02-29T00:00:00Z"),
    ])
    func acceptsTheDocumentedForms(text: String, expected: String) {
        #expect(ReportFormat.parseTime(text).map(ReportFormat.time) == expected)
    }

    @Test(arguments: ["2021-09-19T12:00:00", "2021-09-19 12:00:00Z", "2021-09-19T25:00:00Z", "2021-09-19T23:59:60Z",
                      "2021-02-30", "2021-13-45", "yesterday", "2021-09-19T12:00:00Zjunk", "2021-9-19", ""])
    func rejectsEverythingElse(text: String) {
        #expect(ReportFormat.parseTime(text) == nil)
    }
}

/// Story pages belong to the report that wrote them: the next report drops those it does not
/// write again, and keeps the folder's other files.
@Suite struct StoryPageReplacementTests {
    static func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: [false, true])
    func aNewReportDropsThePreviousStoryPages(withSubfolder: Bool) throws {
        let root = TestFolders.root.appendingPathComponent("byline-pages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("R")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try ReportWriter.write(StoryFixtures.twoOutletReport, to: folder)
        #expect(try Self.names(folder).contains("story-12.html"))
        // Files of the user's beside the report (a folder without a report would be refused).
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("story-notes.html"))
        // A subfolder stops the exchange: the files are then renamed into place one by one.
        if withSubfolder { try FileManager.default.createDirectory(at: folder.appendingPathComponent("2021"), withIntermediateDirectories: true) }
        _ = try ReportWriter.write(ReportWriterTests.tiny, to: folder)
        let names = try Self.names(folder)
        #expect(names.contains("story-3.html"))
        #expect(!names.contains("story-12.html"))
        #expect(names.contains("story-notes.html"))
        #expect(names.contains("2021") == withSubfolder)
    }
}
