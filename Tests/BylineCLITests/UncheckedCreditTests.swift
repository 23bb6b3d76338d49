import BylineTestSupport
import Foundation
import Testing

/// `byline stories` marks a first reporter whose credit rests on a pubDate no pull checked (the
/// item was already in its feed at Byline's first pull), as `compare` and the reports do: a
/// fresh user saw plain `bbc` in its first column for credits `compare` warned about.
@Suite struct UncheckedCreditTests {
    /// Writes `archive/OUTLET/STAMP.xml` holding `items` (title, link, pubDate).
    static func snapshot(_ folder: URL, _ outlet: String, _ stamp: String, _ items: [(String, String, String)]) throws {
        let directory = folder.appendingPathComponent("archive/\(outlet)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let entries = items.map { "<item><title>\($0.0)</title><link>\($0.1)</link><pubDate>\($0.2)</pubDate></item>" }
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>\(outlet)</title>\(entries.joined())</channel></rss>
            """.utf8).write(to: directory.appendingPathComponent("\(stamp).xml"))
    }

    @Test func aFirstReporterCreditedByAnUncheckedPubDateIsMarked() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // bbc's item was in its feed at the first pull: its 09:30 pubDate is not checked.
        try Self.snapshot(folder, "bbc", "20210918T100000Z", [
            ("France recalls its ambassadors to the US and Australia over submarine deal", "https://www.bbc.co.uk/news/1", "Sat, 18 Sep 2021 09:30:00 GMT"),
        ])
        // cnn's items appeared between its pulls at 10:00 and 11:00: their pubDates are checked.
        try Self.snapshot(folder, "cnn", "20210918T100000Z", [])
        try Self.snapshot(folder, "cnn", "20210918T110000Z", [
            ("France recalls ambassadors to the US and Australia in submarine deal row", "https://www.cnn.com/1", "Sat, 18 Sep 2021 10:30:00 GMT"),
            ("Gabby Petito search widens in Wyoming national forest", "https://www.cnn.com/2", "Sat, 18 Sep 2021 10:40:00 GMT"),
        ])
        #expect(try CLI.run(["import", "archive", "--db", "a.sqlite"], in: folder).status == 0)
        let shown = try CLI.run(["stories", "--db", "a.sqlite", "--min-outlets", "1"], in: folder)
        #expect(shown.status == 0)
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[1].contains("      2      2  bbc by pubDate "))
        #expect(lines[2].contains("      1      1  cnn                        Gabby Petito search widens in Wyoming national forest"))
        #expect(lines[3] == "by pubDate: the first report's item was already in its feed at Byline's first pull, or its feed's previous pull was a day or more before, so its pubDate is not checked against a pull")
    }

    /// A first report seen after a gap of a day or more in its feed's pulls rests on its pubDate
    /// alone too: a new user imported October's archive into a store holding September's, and
    /// credits resting on windows of 25 days counted as checked.
    @Test func aFirstReporterSeenAfterAGapInItsFeedsPullsIsMarked() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let title = "France recalls its ambassadors to the US and Australia over submarine deal"
        // cnn's previous pull was two days and an hour before the one that saw its item.
        try Self.snapshot(folder, "cnn", "20210916T100000Z", [])
        try Self.snapshot(folder, "cnn", "20210918T110000Z", [(title, "https://www.cnn.com/1", "Sat, 18 Sep 2021 10:30:00 GMT")])
        // bbc's item appeared in the hour between its pulls: its 10:40 pubDate is checked.
        try Self.snapshot(folder, "bbc", "20210918T100000Z", [])
        try Self.snapshot(folder, "bbc", "20210918T110000Z", [(title, "https://www.bbc.co.uk/news/1", "Sat, 18 Sep 2021 10:40:00 GMT")])
        #expect(try CLI.run(["import", "archive", "--db", "a.sqlite", "--no-model"], in: folder).status == 0)
        let shown = try CLI.run(["stories", "--db", "a.sqlite", "--no-model"], in: folder)
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].contains("      2      2  cnn by pubDate "))
        let compared = try CLI.run(["compare", "1", "--db", "a.sqlite", "--no-model"], in: folder)
        #expect(compared.stdout.contains("at 2021-09-18T10:30:00Z (published) (Byline's previous pull of the feed was 2d01h before: its pubDate is not checked against a pull)"))
        // outlets.csv leaves the story out of cnn's rate of first reports.
        #expect(try CLI.run(["report", "--db", "a.sqlite", "--no-model", "--out", "R"], in: folder).status == 0)
        let outlets = try String(contentsOf: folder.appendingPathComponent("R/outlets.csv"), encoding: .utf8)
        let rows = ReissueAndMovedDateTests.csvRows(outlets).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(rows.first?.firstIndex(of: "first_reports_unchecked"))
        let cnn = try #require(rows.first { $0.first == "cnn" })
        #expect(cnn[column] == "1")
    }
}
