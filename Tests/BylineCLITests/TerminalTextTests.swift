import BylineTestSupport
import Foundation
import Testing

/// A feed's bidirectional formatting characters do not reach a terminal raw (a title with U+202E
/// reversed the rest of its line in `byline stories`), while the data formats keep them.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct TerminalTextTests {
    @Test func bidiControlsAreMadeVisibleInTextOutputAndKeptInData() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outlet = folder.appendingPathComponent("archive/bbc")
        try FileManager.default.createDirectory(at: outlet, withIntermediateDirectories: true)
        // U+202E (RLO) in the title, U+2067 (RLI) and U+2069 (PDI) in the summary; U+200F (RLM) kept.
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>bbc</title>
            <item><guid>g1</guid><title>Bidi \u{202E} evil txt.exe</title><description>Isolated \u{2067}text\u{2069} and a mark\u{200F}.</description>
            <link>https://bbc.example/bidi</link></item></channel></rss>
            """.utf8).write(to: outlet.appendingPathComponent("20210918T100000Z.xml"))
        let cnn = folder.appendingPathComponent("archive/cnn")
        try FileManager.default.createDirectory(at: cnn, withIntermediateDirectories: true)
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>cnn</title>
            <item><guid>c1</guid><title>Bidi \u{202E} evil txt.exe</title><link>https://cnn.example/bidi</link></item></channel></rss>
            """.utf8).write(to: cnn.appendingPathComponent("20210918T110000Z.xml"))
        #expect(try CLI.run(["import", "archive", "--no-model"], in: folder).status == 0)

        let stories = try CLI.run(["stories", "--min-outlets", "1", "--no-model"], in: folder)
        #expect(stories.status == 0)
        #expect(stories.stdout == """
            story  outlets  items  first                      headline
                1        2      2  bbc +1 tied                Bidi <U+202E> evil txt.exe

            """)
        let explain = try CLI.run(["stories", "--explain", "g1", "--no-model"], in: folder)
        #expect(explain.stdout.hasPrefix("item 1 (bbc): Bidi <U+202E> evil txt.exe\n  guid g1\n  in story 1: Bidi <U+202E> evil txt.exe (2 outlets, 2 items)\n"),
                "\(explain.stdout)")
        let compare = try CLI.run(["compare", "1", "--no-model"], in: folder)
        #expect(compare.stdout.hasPrefix("Story 1: Bidi <U+202E> evil txt.exe\n"), "\(compare.stdout)")
        #expect(!compare.stdout.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })

        #expect(try CLI.run(["report", "--out", "R", "--no-model"], in: folder).status == 0)
        let csv = try String(contentsOf: folder.appendingPathComponent("R/coverage.csv"), encoding: .utf8)
        #expect(csv.contains(",Bidi \u{202E} evil txt.exe,"), "\(csv)")
        let summary = try String(contentsOf: folder.appendingPathComponent("R/summary.txt"), encoding: .utf8)
        #expect(summary.contains("\n1. [story 1] Bidi <U+202E> evil txt.exe\n"), "\(summary)")
        #expect(!summary.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })

        // parse's JSON is data: the title as the feed has it.
        let parsed = try CLI.run(["parse", "archive/bbc/20210918T100000Z.xml"], in: folder)
        #expect(parsed.stdout.contains("\"title\" : \"Bidi \u{202E} evil txt.exe\""), "\(parsed.stdout)")
        #expect(parsed.stdout.contains("Isolated \u{2067}text\u{2069} and a mark\u{200F}."))
    }
}
