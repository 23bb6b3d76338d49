import BylinePipeline
import BylineReport
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// The story's first report by its own title, not only its outlet and time: index.html showed
/// the headline (the most central report's title) and the first outlet and time, so a reader
/// could not see when the report credited first was about something else. The test archive's
/// AUKUS story, credited to the BBC's item.
@Suite struct FirstReportTitleTests {
    static let title = "France recalls ambassadors to US and Australia over submarine deal"
    static let link = "https://www.bbc.co.uk/news/world-europe-58604976"

    static func report() async throws -> Report {
        let store = try Store(path: try temporaryDatabase())
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        return await ReportBuilder.build(analysis: try await Analysis.load(from: store), outletStats: try store.outletStats(),
                                         now: utc("2021-09-21T00:00:00Z"))
    }

    @Test func theIndexCompareAndSummaryNameTheFirstReportsTitle() async throws {
        let report = try await Self.report()
        let story = try #require(report.stories.first)
        let folder = TestFolders.root.appendingPathComponent("byline-first-title-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ReportWriter.write(report, to: folder.appendingPathComponent("R"))

        // index.html: the outlet, then its title linked to the item, then the time.
        let index = try String(contentsOf: folder.appendingPathComponent("R/index.html"), encoding: .utf8)
        let cell = "<td><strong>bbc</strong><br><a href=\"\(Self.link)\" rel=\"noreferrer noopener\">\(Self.title)</a>"
            + "<br><small>2021-09-18T09:30:00Z (published)<br>pubDate not checked: the item was already in the feed at Byline&#39;s first pull</small></td>"
        #expect(index.contains(cell))

        // summary.txt names it on the story's "first report" line.
        let summary = try String(contentsOf: folder.appendingPathComponent("R/summary.txt"), encoding: .utf8)
        #expect(summary.contains("   first report: \"\(Self.title)\"\n"))

        // compare's "First:" line.
        let detail = try #require(report.details().first { $0.story.storyID == story.storyID })
        let first = CompareText.render(detail).split(separator: "\n")[2]
        #expect(first == "First: bbc, \"\(Self.title)\", at 2021-09-18T09:30:00Z (published) (the item was already in the feed at Byline's "
                + "first pull: its pubDate is not checked against a pull)")

        // In a browser: the link is there, with the title as its text.
        guard Chromium.binary != nil else { return }
        let dom = try await Chromium.dumpDOM(folder.appendingPathComponent("R/index.html"), profile: folder.appendingPathComponent("profile"))
        #expect(dom.contains("<strong>bbc</strong><br><a href=\"\(Self.link)\" rel=\"noreferrer noopener\">\(Self.title)</a><br><small>"))
    }
}
