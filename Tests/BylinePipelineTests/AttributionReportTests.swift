import BylineFacts
import BylineFetch
import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// The outlet list of these tests: names and an alias, as in Feeds/outlets.toml.
private let outletList = """
    [[outlet]]
    id = "cnn"
    name = "CNN"
    feeds = ["http://rss.cnn.com/rss/edition.rss"]

    [[outlet]]
    id = "abcnews"
    name = "ABC News"
    feeds = ["https://abcnews.go.com/abcnews/topstories"]

    [[outlet]]
    id = "nytimes"
    name = "The New York Times"
    aliases = ["NYT"]
    feeds = ["https://rss.nytimes.com/services/xml/rss/nyt/US.xml"]
    """

/// An RSS snapshot holding `items` (guid, title, description, RFC 822 pubDate or nil).
private func rss(_ items: [(guid: String, title: String, summary: String, published: String?)]) -> Data {
    var xml = #"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://example.org/</link><description>test archive</description>"#
    for item in items {
        xml += "<item><guid>\(item.guid)</guid><title>\(item.title)</title><description>\(item.summary)</description>"
        if let published = item.published { xml += "<pubDate>\(published)</pubDate>" }
        xml += "</item>"
    }
    return Data((xml + "</channel></rss>").utf8)
}

/// A two-outlet archive of the 2024-02-21 asylum story: CNN's report published 13:45 and seen
/// at the 14:00 pull; ABC News's, crediting CNN, first seen at the 16:00 pull (previous pull
/// 15:00) with no publisher time, also citing the Department of Homeland Security. Each
/// outlet's first snapshot holds an unrelated item.
private func writeAsylumArchive() throws -> URL {
    let root = TestFolders.root.appendingPathComponent("byline-attr-\(UUID().uuidString)")
    let cnn = root.appendingPathComponent("cnn")
    let abc = root.appendingPathComponent("abcnews")
    try FileManager.default.createDirectory(at: cnn, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: abc, withIntermediateDirectories: true)
    let senate = (guid: "cnn-senate", title: "Senate leaders strike deal on stopgap spending bill",
                  summary: "Congressional leaders agreed to extend government funding into March.", published: String?.none)
    let cnnAsylum = (guid: "cnn-asylum", title: "Biden administration considering executive action to restrict asylum at the southern border",
                     summary: "The Biden administration is considering executive action that would restrict migrants from seeking asylum at the southern border, sources said.",
                     published: Optional("Wed, 21 Feb 2024 13:45:00 GMT"))
    let navalny = (guid: "abc-navalny", title: "Navalny's mother says she was shown her son's body",
                   summary: "Lyudmila Navalnaya said investigators were pressing her to agree to a secret burial.", published: String?.none)
    let abcAsylum = (guid: "abc-asylum", title: "Biden weighs tightening asylum restrictions at the southern border",
                     summary: "President Joe Biden is weighing executive action that would restrict asylum at the southern border, sources said. CNN was first to report the consideration. Crossings fell by half last month, according to the Department of Homeland Security.",
                     published: String?.none)
    try rss([senate]).write(to: cnn.appendingPathComponent("20240221T130000Z.xml"))
    try rss([senate, cnnAsylum]).write(to: cnn.appendingPathComponent("20240221T140000Z.xml"))
    try rss([navalny]).write(to: abc.appendingPathComponent("20240221T150000Z.xml"))
    try rss([navalny, abcAsylum]).write(to: abc.appendingPathComponent("20240221T160000Z.xml"))
    return root
}

/// An attribution that names an outlet, from an imported archive to the report: the import
/// names the outlets from the outlet list, the credited name is matched, and the claim gets its
/// verdict from the observed times; an attribution to a source that is no news organisation
/// is left out of the report.
@Suite struct AttributionReportTests {
    @Test func the_abc_item_crediting_cnn_is_checked_and_reported_with_both_outlets() async throws {
        let store = try Store(path: try temporaryDatabase())
        let list = try FeedList.parse(toml: outletList, path: "outlets.toml")
        _ = try await ArchiveImporter(store: store, outlets: list).importArchive(at: try writeAsylumArchive())
        // The archive's outlets are stored with the list's names, and the list's other outlet
        // (The New York Times, no folder here) as a followed outlet with no feed.
        #expect(try store.outlets().map(\.id) == ["abcnews", "cnn", "nytimes"])
        #expect(try store.outlets().map(\.name) == ["ABC News", "CNN", "The New York Times"])
        #expect(try store.feeds().map(\.outletID).sorted() == ["abcnews", "cnn"])

        let analysis = try await Analysis.load(from: store)
        let story = try #require(analysis.stories.first)
        #expect(story.outlets == ["cnn", "abcnews"])
        let facts = await Analysis.facts(of: story, hygiene: analysis.textHygiene(), outlets: analysis.outlets)
        let claim = try #require(facts.attributions.first)
        #expect(facts.attributions.count == 2)
        #expect(claim.kind == .wasFirstToReport)
        #expect(claim.outlet == "abcnews")
        #expect(claim.creditedOutlet == "cnn")
        #expect(claim.verdict == .confirmed)
        #expect(claim.evidence == "first reports: cnn at 2024-02-21T13:45:00Z (published) before abcnews at 2024-02-21T16:00:00Z (window)")
        // The outlet Byline saw first is the story's own credit.
        #expect(claim.firstReport == story.credit)
        // The department is a source, not an outlet: no claim about one, and no row of the report.
        let source = try #require(facts.attributions.last)
        #expect(source.kind == .accordingTo)
        #expect(source.credited == "Department of Homeland Security")
        #expect(source.creditedKind == .source)
        #expect(source.evidence == "'Department of Homeland Security' is a source, not a news outlet")

        let report = await ReportBuilder.build(analysis: analysis, outletStats: try store.outletStats(), now: utc("2024-02-22T00:00:00Z"))
        let row = try #require(report.attributions.first)
        #expect(report.attributions.count == 1)
        let csv = try #require(ReportWriter.tables(report).first { $0.file == "attributions.csv" }?.table.text())
        #expect(csv == "story_id,outlet,item_guid,kind,credited,phrase,verdict,evidence,credited_followed,first_outlet,first_tied_with\r\n"
            + "\(row.storyID),abcnews,abc-asylum,wasFirstToReport,cnn,CNN was first to report,confirmed,"
            + "first reports: cnn at 2024-02-21T13:45:00Z (published) before abcnews at 2024-02-21T16:00:00Z (window),true,cnn,\r\n")
        let summary = SummaryText.render(report)
        #expect(summary.contains("\n  [story \(row.storyID)] abcnews: wasFirstToReport \"CNN was first to report\" credits cnn; Byline saw cnn first"
            + " - confirmed: first reports: cnn at 2024-02-21T13:45:00Z (published) before abcnews at 2024-02-21T16:00:00Z (window)\n"))
    }

    @Test func without_the_outlet_list_the_outlets_keep_their_ids_and_cnn_still_matches_by_id() async throws {
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: try writeAsylumArchive())
        #expect(try store.outlets().map(\.name) == ["abcnews", "cnn"])
        let analysis = try await Analysis.load(from: store)
        let story = try #require(analysis.stories.first)
        let claim = try #require(await Analysis.facts(of: story, outlets: analysis.outlets).attributions.first)
        #expect(claim.creditedOutlet == "cnn")
        #expect(claim.verdict == .confirmed)
    }

    @Test func importing_again_with_the_list_names_outlets_stored_under_their_ids() async throws {
        let store = try Store(path: try temporaryDatabase())
        let archive = try writeAsylumArchive()
        _ = try await ArchiveImporter(store: store).importArchive(at: archive)
        let list = try FeedList.parse(toml: outletList.replacingOccurrences(of: "name = \"CNN\"", with: "name = \"CNN\"\naliases = [\"Cable News Network\"]"),
                                      path: "outlets.toml")
        let again = try await ArchiveImporter(store: store, outlets: list).importArchive(at: archive)
        #expect(again.newItems == 0)
        #expect(try store.outlets() == [OutletInfo(id: "abcnews", name: "ABC News"),
                                        OutletInfo(id: "cnn", name: "CNN", aliases: ["Cable News Network"]),
                                        OutletInfo(id: "nytimes", name: "The New York Times", aliases: ["NYT"])])
    }
}

/// Two snapshots of each outlet; the second of cnntv's holds its video of 2021-09-16 on the
/// Murdaugh case (headlines-2021-09, cnntv/20210918T191344Z.xml, its description's first
/// paragraph), whose lawyer "told CNN".
private func writeCNNArchive() throws -> URL {
    let root = TestFolders.root.appendingPathComponent("byline-org-\(UUID().uuidString)")
    let cnn = root.appendingPathComponent("cnn")
    let cnntv = root.appendingPathComponent("cnntv")
    try FileManager.default.createDirectory(at: cnn, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: cnntv, withIntermediateDirectories: true)
    let senate = (guid: "cnn-senate", title: "Senate leaders strike deal on stopgap spending bill",
                  summary: "Congressional leaders agreed to extend government funding into March.", published: String?.none)
    let video = (guid: "yt:video:R_V8RV6WibY", title: "A dead housekeeper and a hitman: Murdaugh family mystery gets more strange",
                 summary: "Alex Murdaugh, the South Carolina lawyer whose wife and son were shot and killed in June, plans to voluntarily "
                    + "surrender to police  on charges related to a subsequent insurance fraud scheme, his lawyer told CNN.",
                 published: Optional("Thu, 16 Sep 2021 16:04:17 GMT"))
    let weather = (guid: "yt:video:weather", title: "Tropical storm forms in the Atlantic",
                   summary: "Forecasters are watching a new tropical storm far out in the Atlantic.", published: String?.none)
    try rss([senate]).write(to: cnn.appendingPathComponent("20210918T130000Z.xml"))
    try rss([senate]).write(to: cnn.appendingPathComponent("20210918T140000Z.xml"))
    try rss([weather]).write(to: cnntv.appendingPathComponent("20210918T150000Z.xml"))
    try rss([weather, video]).write(to: cnntv.appendingPathComponent("20210918T191344Z.xml"))
    return root
}

@Suite struct OrganisationAttributionReportTests {
    /// "told CNN" in a CNN video is CNN citing its own reporting: no row of attributions.csv
    /// (it was a row crediting `cnn`), once the import has stored `cnntv`'s organisation.
    @Test func told_CNN_in_a_CNN_video_is_no_attribution_row() async throws {
        let store = try Store(path: try temporaryDatabase())
        let list = try FeedList.parse(toml: OutletLists.cnnAndItsYouTubeChannel, path: "outlets.toml")
        _ = try await ArchiveImporter(store: store, outlets: list).importArchive(at: try writeCNNArchive())
        #expect(try store.outlets() == [OutletInfo(id: "cnn", name: "CNN"),
                                        OutletInfo(id: "cnntv", name: "CNN (YouTube)", organisation: "cnn")])
        let analysis = try await Analysis.load(from: store)
        let story = try #require(analysis.stories.first { $0.items.contains { $0.guid == "yt:video:R_V8RV6WibY" } })
        let told = try #require(await Analysis.facts(of: story, outlets: analysis.outlets).attributions.first)
        #expect(told.phrase == "told CNN")
        #expect(told.creditedOutlet == "cnn")
        #expect(told.citesOwnReporting)
        let report = await ReportBuilder.build(analysis: analysis, outletStats: try store.outletStats(), now: utc("2021-09-19T00:00:00Z"))
        #expect(report.attributions.map(\.phrase) == [])

        // The same archive with a list that gives no organisation: a row crediting cnn.
        let unorganised = try Store(path: try temporaryDatabase())
        let plain = try FeedList.parse(toml: OutletLists.cnnAndItsYouTubeChannel.replacingOccurrences(of: "organisation = \"cnn\"\n", with: ""), path: "outlets.toml")
        _ = try await ArchiveImporter(store: unorganised, outlets: plain).importArchive(at: try writeCNNArchive())
        let other = try await Analysis.load(from: unorganised)
        let credits = await ReportBuilder.build(analysis: other, outletStats: try unorganised.outletStats(), now: utc("2021-09-19T00:00:00Z"))
        #expect(credits.attributions.map { "\($0.outlet) \($0.credited) \($0.phrase)" } == ["cnntv cnn told CNN"])
    }
}
