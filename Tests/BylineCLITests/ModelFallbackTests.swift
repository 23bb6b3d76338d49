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

/// A model folder `model` with the real `tokenizer.json` of `source` beside its
/// `model.safetensors` cut to 1 MB (a truncated download).
private func writeTruncatedModel(from source: URL, to model: URL) throws {
    try FileManager.default.copyItem(at: source.appendingPathComponent("tokenizer.json"), to: model.appendingPathComponent("tokenizer.json"))
    let weights = try FileHandle(forReadingFrom: source.appendingPathComponent("model.safetensors"))
    try weights.readData(ofLength: 1_000_000).write(to: model.appendingPathComponent("model.safetensors"))
    try weights.close()
}

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
        #expect(outcome.stderr == "byline: --model: embedding model not found: no directory at \(folder.path)/no-such-model; the saved stories and the stored vectors of their facts are shown as with the model (only what no analysis saved yet is grouped on words, names and time)\n")
        #expect(outcome.stdout.contains("France recalls"))
        #expect(outcome.stdout.contains("     2      2  bbc"))
    }

    @Test(.enabled(if: installedModel != nil, "skipped: no embedding model installed (scripts/install-model)"))
    func aTruncatedModelIsOneLineNamingTheFileAndNothingIsLost() throws {
        let folder = try importedFolder()
        let model = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        let source = try #require(installedModel)
        try writeTruncatedModel(from: source, to: model)

        let outcome = try CLI.run(["stories", "--db", "a.sqlite", "--model", "model"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "byline: --model: truncated file \(model.path)/model.safetensors: expected at least 90868376 bytes, found 1000000; the saved stories and the stored vectors of their facts are shown as with the model (only what no analysis saved yet is grouped on words, names and time)\n")
        let again = try CLI.run(["stories", "--db", "a.sqlite", "--model", "model"], in: folder)
        #expect(again.stdout == outcome.stdout)
        // With the real model, the same stories (saved ids kept) and both items still there.
        let real = try CLI.run(["stories", "--db", "a.sqlite", "--model", source.path], in: folder)
        #expect(real.stderr == "")
        #expect(real.stdout == outcome.stdout)
    }

    /// A writer given a model it cannot load stops before it writes anything, naming the file and
    /// the problem (it said so in a note, exited 0 and saved stories built without the model in
    /// place of those built with it); `--no-model` is the way to group on words only.
    @Test func aWriterRefusesAModelItCannotLoadAndWritesNothing() throws {
        let folder = try importedFolder()
        let model = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try Data(#"{"model": {"type": "WordPiece"}}"#.utf8).write(to: model.appendingPathComponent("tokenizer.json"))
        try Data(repeating: 0, count: 100).write(to: model.appendingPathComponent("model.safetensors"))
        let later = folder.appendingPathComponent("later/bbc")
        try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
        try Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>bbc</title>
            <item><title>Australia says it regrets France's decision</title><link>https://bbc.example/regret</link></item></channel></rss>
            """.utf8).write(to: later.appendingPathComponent("20210918T120000Z.xml"))
        try Data("[[outlet]]\nid = \"bbc\"\nname = \"BBC\"\nfeeds = [\"http://127.0.0.1:9/feed.xml\"]\n".utf8)
            .write(to: folder.appendingPathComponent("outlets.toml"))
        let database = try Data(contentsOf: folder.appendingPathComponent("a.sqlite"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let advice = "; nothing was written (stories grouped without the model would replace those built with it): "
            + "give a usable model (scripts/install-model [DIR] installs one), or --no-model to group on words, names and time only\n"
        let problem = "embedding model not found: no directory at \(folder.path)/no-such-model"
        for command in [["import", "later"], ["analyze"], ["pull", "--config", "outlets.toml"], ["run", "--config", "outlets.toml"]] {
            let outcome = try CLI.run(command + ["--db", "a.sqlite", "--model", "no-such-model"], in: folder)
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stdout == "", "\(command)")
            #expect(outcome.stderr == "byline: --model: \(problem)" + advice, "\(command)")
        }
        let broken = try CLI.run(["import", "later", "--db", "a.sqlite", "--model", "model"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stdout == "")
        #expect(broken.stderr == "byline: --model: malformed file \(model.path)/tokenizer.json: not a tokenizer.json this loader understands (missing key model.vocab)" + advice)
        if let source = installedModel {
            try FileManager.default.removeItem(at: model.appendingPathComponent("tokenizer.json"))
            try writeTruncatedModel(from: source, to: model)
            let truncated = try CLI.run(["analyze", "--db", "a.sqlite", "--model", "model"], in: folder)
            #expect(truncated.status == 1)
            #expect(truncated.stderr == "byline: --model: truncated file \(model.path)/model.safetensors: expected at least 90868376 bytes, found 1000000" + advice)
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("a.sqlite")) == database)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == files)

        // Asked for no model, the import stores the snapshot and places it on words.
        let lexical = try CLI.run(["import", "later", "--db", "a.sqlite", "--no-model"], in: folder)
        #expect(lexical.status == 0)
        #expect(lexical.stderr == "byline: note: no Feeds/outlets.toml here: outlets are named by their folder names (give --config to name them)\n")
        #expect(lexical.stdout.hasSuffix("stories: 1 item placed: 1 new story, 0 merges, 0 splits; 1 story touched\n"), "\(lexical.stdout)")
        let both = try CLI.run(["import", "later", "--model", "model", "--no-model"], in: folder)
        #expect(both.status == 64)
        #expect(both.stderr.hasPrefix("Error: --model and --no-model exclude each other\n"))
    }
}

/// `byline outlets` shows the figures of the report's outlets.csv and summary.txt.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct OutletsCommandTests {
    /// The pipeline tests' archive of the France recall (bbc, cnn, nytimes). With the model, the
    /// report aligns its facts by meaning; `outlets` built its scorecard on words and gave cnn a
    /// first-reported fact (corroborated 0/1, exclusive 1) that the report does not have.
    @Test(.enabled(if: installedModel != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
    func theScorecardIsTheReportsOne() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = SharedData.packageRoot.appendingPathComponent("Tests/BylinePipelineTests/Fixtures/archive")
        #expect(try CLI.run(["import", archive.path, "--db", "a.sqlite"], in: folder).status == 0)
        let report = try CLI.run(["report", "--db", "a.sqlite", "--out", "R"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let outlets = try CLI.run(["outlets", "--db", "a.sqlite"], in: folder)
        #expect(outlets.status == 0, "\(outlets.stderr)")
        let summary = try String(contentsOf: folder.appendingPathComponent("R/summary.txt"), encoding: .utf8)
        func table(_ text: String) -> [Substring] {
            let lines = text.split(separator: "\n")
            return Array(lines.drop { !$0.hasPrefix("outlet ") }.prefix(4))
        }
        #expect(table(outlets.stdout).count == 4)
        #expect(table(outlets.stdout) == table(summary))
        let cnn = try #require(table(outlets.stdout).first { $0.hasPrefix("cnn ") })
        #expect(cnn.split(separator: " ", omittingEmptySubsequences: true).prefix(10).joined(separator: " ")
                == "cnn 2 2 1 0 0 1h30m 1h30m-1h30m 0/0 0")
    }
}
