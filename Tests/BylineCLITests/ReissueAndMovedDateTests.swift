import BylineTestSupport
import Foundation
import Testing

/// Two earlier testers' findings, through `byline import` and `byline report`: a `moved_date`
/// anomaly named only one pubDate, and an article re-issued under a new guid counted as a second
/// report of its outlet, silently.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct ReissueAndMovedDateTests {
    static let article = "https://www.bbc.co.uk/news/world-europe-58600000"
    static let live = "https://www.bbc.co.uk/news/live/world-58600001"
    static let france = "France recalls its ambassadors to the US and Australia over submarine deal"

    static func item(_ guid: String, _ title: String, _ link: String, _ pubDate: String) -> String {
        "<item><guid isPermaLink=\"false\">\(guid)</guid><title>\(title)</title><link>\(link)</link>"
            + "<description>\(title).</description><pubDate>Sat, 18 Sep 2021 \(pubDate) GMT</pubDate></item>"
    }

    /// Three snapshots of BBC's feed: bbc-1's pubDate moves 09:30, 10:30, 11:45; at 12:00 the
    /// same article comes again as bbc-1b (same link, same title); a live page keeps one link
    /// under two days' titles, and two items with one title both link the homepage. CNN
    /// carries the story at 10:30.
    static func writeArchive(in folder: URL) throws {
        let bbc = folder.appendingPathComponent("archive/bbc")
        try FileManager.default.createDirectory(at: bbc, withIntermediateDirectories: true)
        let snapshots: [(String, [String])] = [
            ("20210918T100000Z", [item("bbc-1", france, article, "09:30:00"),
                                  item("live-1", "Covid live: Auckland cases rise, 18 September", live, "09:00:00"),
                                  item("home-1", "Storm warning for the Scottish Highlands", "https://www.bbc.co.uk/", "09:10:00")]),
            ("20210918T110000Z", [item("bbc-1", france, article, "10:30:00"),
                                  item("live-1", "Covid live: Auckland cases rise, 18 September", live, "09:00:00"),
                                  item("home-1", "Storm warning for the Scottish Highlands", "https://www.bbc.co.uk/", "09:10:00")]),
            ("20210918T120000Z", [item("bbc-1", france, article, "11:45:00"),
                                  item("bbc-1b", france, article, "11:50:00"),
                                  item("live-2", "Covid live: vaccination milestone passed, 19 September", live, "11:55:00"),
                                  item("home-2", "Storm warning for the Scottish Highlands", "https://www.bbc.co.uk/", "11:40:00")]),
        ]
        for (name, items) in snapshots {
            try Data(("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>BBC</title>"
                      + items.joined() + "</channel></rss>").utf8).write(to: bbc.appendingPathComponent(name + ".xml"))
        }
        // CNN's report of the same story, so that it has two outlets and a page of its own.
        let cnn = folder.appendingPathComponent("archive/cnn")
        try FileManager.default.createDirectory(at: cnn, withIntermediateDirectories: true)
        try Data(("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>CNN</title>"
                  + item("cnn-1", france, "https://edition.cnn.com/2021/09/18/europe/france-recalls-ambassadors/index.html", "10:20:00")
                  + "</channel></rss>").utf8).write(to: cnn.appendingPathComponent("20210918T103000Z.xml"))
    }

    static func csvRows(_ text: String) -> [String] {
        text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func aMovedDateNamesEveryPubDateAndAReissueIsFlaggedNotCounted() async throws {
        let folder = try CLI.temporaryFolder()
        try Self.writeArchive(in: folder)
        let imported = try await CLI.runAwaiting(["import", "archive"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try await CLI.runAwaiting(["report", "--out", "R"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let reports = folder.appendingPathComponent("R")
        func read(_ name: String) throws -> String { try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8) }

        let anomalies = Self.csvRows(try read("anomalies.csv"))
        let moved = anomalies.filter { $0.contains(",moved_date,") }
        #expect(moved.count == 1)
        #expect(moved.first?.hasSuffix(",bbc,bbc-1,moved_date,2021-09-18T09:30:00Z,2021-09-18T10:00:00Z,moved from "
                                       + "2021-09-18T09:30:00Z to 2021-09-18T10:30:00Z to 2021-09-18T11:45:00Z") == true)
        let reissued = anomalies.filter { $0.contains(",new_guid,") }
        #expect(reissued.count == 1)
        #expect(reissued.first?.hasSuffix(",bbc,bbc-1b,new_guid,2021-09-18T11:50:00Z,2021-09-18T12:00:00Z,\"re-issue of bbc-1, "
                                          + "first seen 2021-09-18T10:00:00Z, same link \(Self.article)\"") == true)
        // Both are on the story page and in stories.json too.
        let storyID = try #require(reissued.first?.split(separator: ",").first.map(String.init))
        let page = try read("story-\(storyID).html")
        #expect(page.contains("bbc: new_guid, published 2021-09-18T11:50:00Z, first seen 2021-09-18T12:00:00Z: re-issue of bbc-1, "
                              + "first seen 2021-09-18T10:00:00Z, same link \(Self.article)"))
        #expect(page.contains("moved from 2021-09-18T09:30:00Z to 2021-09-18T10:30:00Z to 2021-09-18T11:45:00Z"))
        let json = try read("stories.json")
        #expect(json.contains("moved from 2021-09-18T09:30:00Z to 2021-09-18T10:30:00Z to 2021-09-18T11:45:00Z"))
        #expect(json.contains("re-issue of bbc-1, first seen 2021-09-18T10:00:00Z, same link \(Self.article)"))

        // The re-issue is no second report: no coverage row, one item in its story, and BBC's
        // items count it once. The live page's two days and the homepage links stay apart.
        let coverage = Self.csvRows(try read("coverage.csv"))
        let guids = coverage.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] }.sorted()
        #expect(guids == ["bbc-1", "cnn-1", "home-1", "home-2", "live-1", "live-2"])
        let stories = Self.csvRows(try read("stories.csv"))
        let france = try #require(stories.first { $0.hasPrefix("\(storyID),") })
        #expect(france.hasPrefix("\(storyID),\(Self.france),bbc|cnn,2,bbc,"))
        let outlets = Self.csvRows(try read("outlets.csv"))
        let header = outlets[0].split(separator: ",").map(String.init)
        let bbc = try #require(outlets.first { $0.hasPrefix("bbc,") }).split(separator: ",", omittingEmptySubsequences: false)
        #expect(bbc[try #require(header.firstIndex(of: "items"))] == "5")
        #expect(bbc[try #require(header.firstIndex(of: "items_with_anomaly"))] == "1")
    }
}
