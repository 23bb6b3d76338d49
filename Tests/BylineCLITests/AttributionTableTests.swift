import BylineTestSupport
import Foundation
import Testing

/// attributions.csv of a real import and report: an outlet citing its own reporting is no row
/// ("according to Stuff sources" in a Stuff item credited `stuffnz`), and each news
/// organisation is spelt one way ("The Sun" beside "Sunday Times", and "the Sun newspaper" as
/// "Sun newspaper").
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct AttributionTableTests {
    @Test func ownReportingIsNoRowAndEachOrganisationIsSpeltOneWay() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("""
            [[outlet]]
            id = "stuffnz"
            name = "Stuff"
            feeds = ["https://stuff.example/rss"]

            [[outlet]]
            id = "dailymail"
            name = "Daily Mail"
            feeds = ["https://dailymail.example/rss"]
            """.utf8).write(to: folder.appendingPathComponent("outlets.toml"))
        let snapshots = [
            ("stuffnz/20210918T100000Z.xml", [("Lockdown to be extended", "The Government is set to extend the lockdown by a week, according to Stuff sources.", "https://stuff.example/1")]),
            ("dailymail/20210918T120000Z.xml", [
                ("Star's home raided", "The star's London home was raided at dawn, according to the Sun newspaper.", "https://dailymail.example/a"),
                ("Shop survived pandemic", "The owner told The Sunday Times the store was lucky to survive.", "https://dailymail.example/b"),
                ("Author speaks of diagnosis", "The author told the Sunday Times he knew something was wrong.", "https://dailymail.example/c"),
            ]),
        ]
        for (path, items) in snapshots {
            let file = folder.appendingPathComponent("archive/\(path)")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let body = items.map { "<item><title>\($0.0)</title><description>\($0.1)</description><link>\($0.2)</link></item>" }
            try Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\n\(body.joined(separator: "\n"))\n</channel></rss>\n".utf8)
                .write(to: file)
        }
        #expect(try CLI.run(["import", "archive", "--config", "outlets.toml", "--no-model"], in: folder).status == 0)
        #expect(try CLI.run(["report", "--out", "R", "--no-model"], in: folder).status == 0)

        let text = try String(contentsOf: folder.appendingPathComponent("R/attributions.csv"), encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "story_id,outlet,item_guid,kind,credited,phrase,verdict,evidence,credited_followed,first_outlet,first_tied_with")
        // The story ids follow the clustering; the rest of each row is the attribution's.
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().joined(separator: ",") }.sorted()
        #expect(rows == [
            "dailymail,https://dailymail.example/a,accordingTo,The Sun,according to the Sun newspaper,not_a_claim,'The Sun' is not an outlet Byline follows,false,dailymail,",
            "dailymail,https://dailymail.example/b,toldTo,The Sunday Times,told The Sunday Times,not_a_claim,'The Sunday Times' is not an outlet Byline follows,false,dailymail,",
            "dailymail,https://dailymail.example/c,toldTo,The Sunday Times,told the Sunday Times,not_a_claim,'The Sunday Times' is not an outlet Byline follows,false,dailymail,",
        ])
    }
}
