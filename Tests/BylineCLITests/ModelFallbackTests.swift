import BylineTestSupport
import Foundation
import Testing

/// The installed embedding model's folder, or nil.
private let installedModel: URL? = {
    let environment = ProcessInfo.processInfo.environment
    let folder = environment["BYLINE_MODEL"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: environment["XDG_DATA_HOME"] ?? (NSHomeDirectory() + "/.local/share"))
            .appendingPathComponent("byline/models/all-MiniLM-L6-v2")
    return FileManager.default.fileExists(atPath: folder.appendingPathComponent("tokenizer.json").path) ? folder : nil
}()

/// Without a usable embedding model, the commands say so in one line and group stories lexically;
/// nothing stored is lost.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct ModelFallbackTests {
    /// An archive of two outlets' reports of one event, imported into `a.sqlite`.
    private func importedFolder() throws -> URL {
        let folder = try CLI.temporaryFolder()
        for (outlet, title) in [("bbc", "France recalls ambassadors to US and Australia over submarine deal"),
                                ("cnn", "France recalls its ambassadors to the US and Australia")] {
            let dir = folder.appendingPathComponent("archive/\(outlet)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data("""
                <?xml version="1.0"?><rss version="2.0"><channel><title>\(outlet)</title>
                <item><title>\(title)</title><link>https://\(outlet).example/aukus</link></item></channel></rss>
                """.utf8).write(to: dir.appendingPathComponent("20210918T100000Z.xml"))
        }
        #expect(try CLI.run(["import", "archive", "--db", "a.sqlite"], in: folder).status == 0)
        return folder
    }

    @Test func aMissingModelFolderIsOneLineAndStoriesOnWords() throws {
        let folder = try importedFolder()
        let outcome = try CLI.run(["stories", "--db", "a.sqlite", "--model", "no-such-model"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "byline: --model: embedding model not found: no directory at \(folder.path)/no-such-model; stories and facts are grouped on words, names and time only\n")
        #expect(outcome.stdout.contains("France recalls"))
        #expect(outcome.stdout.contains("     2      2  bbc"))
    }

    @Test(.enabled(if: installedModel != nil, "skipped: no embedding model installed (scripts/install-model)"))
    func aTruncatedModelIsOneLineNamingTheFileAndNothingIsLost() throws {
        let folder = try importedFolder()
        let model = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        let source = try #require(installedModel)
        try FileManager.default.copyItem(at: source.appendingPathComponent("tokenizer.json"), to: model.appendingPathComponent("tokenizer.json"))
        let weights = try FileHandle(forReadingFrom: source.appendingPathComponent("model.safetensors"))
        try weights.readData(ofLength: 1_000_000).write(to: model.appendingPathComponent("model.safetensors"))
        try weights.close()

        let outcome = try CLI.run(["stories", "--db", "a.sqlite", "--model", "model"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "byline: --model: truncated file \(model.path)/model.safetensors: expected at least 90868376 bytes, found 1000000; stories and facts are grouped on words, names and time only\n")
        let again = try CLI.run(["stories", "--db", "a.sqlite", "--model", "model"], in: folder)
        #expect(again.stdout == outcome.stdout)
        // With the real model, the same stories (saved ids kept) and both items still there.
        let real = try CLI.run(["stories", "--db", "a.sqlite", "--model", source.path], in: folder)
        #expect(real.stderr == "")
        #expect(real.stdout == outcome.stdout)
    }
}
