import BylineTestSupport
import Foundation
import Testing

/// `stories --explain` for an item that got into its story through a later merge said "started
/// a new story (now story 86)", as if it had started story 86: it now says which story it
/// started, which story that merged into, when, and by which item.
@Suite(.enabled(if: SharedData.available, SharedData.missingMessage),
       .enabled(if: ReaderEmbeddingTests.model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct ExplainMergeTests {
    static func explain(_ item: String, in path: String) throws -> [String] {
        let process = Process()
        process.executableURL = bylineBinary
        process.arguments = ["stories", "--db", path, "--explain", item]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readToEndClosing(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  =>") }
    }

    @Test func anItemBroughtByAMergeSaysTheMerge() async throws {
        let path = try await AnalysedFirstCaptures.path.value
        #expect(try Self.explain("574", in: path) == [
            "  => started a new story (story 141), which a later merge brought into story 86:",
            "  => story 141 merged into story 86 on 2021-09-18T19:13:44Z, when item 207 (dailymail: Britain is warned it WON'T escape "
                + "being targeted by France in ambassador row) scored high against both",
        ])
        // Two stories merged into its story after it (18 into 16, then 16 into 15): the store
        // keeps no record of which of them it started, and says so.
        #expect(try Self.explain("408", in: path) == [
            "  => started a new story (story 16 or 18; the store does not record which), which later merges brought into story 15:",
            "  => story 18 merged into story 16 on 2021-09-18T19:13:44Z, when item 399 (latimes: More than 9.5 million Californians "
                + "have voted, a sign of hope for Newsom) scored high against both",
            "  => story 16 merged into story 15 on 2021-09-18T19:13:44Z, when item 391 (latimes: French Laundry. Pandemic. Trump. "
                + "Chaos. All played big as voters cast recall ballots) scored high against both",
        ])
        // An item that joined its story says so, as before.
        #expect(try Self.explain("207", in: path) == ["  => joined story 86"])
    }
}
