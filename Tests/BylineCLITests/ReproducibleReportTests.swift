import BylineTestSupport
import Foundation
import Testing

/// `byline report` on copies of one database gives byte-identical files, each report in its own
/// process (Swift seeds Set and Dictionary hashing per process and per instance). Before facts
/// summed similarities in sorted order, 11 of 12 reports of headlines-2021-09 differed from the
/// first in facts.csv, mentions.csv, outlets.csv and summary.txt; a subset of 8 outlets did not
/// show it, so the whole corpus is imported (about 40 s in a debug build). Lexical stories (no
/// model): embedding 3,946 versions in a debug build would take minutes, and the stored vectors
/// are shared by the copies anyway. `scripts/check-reproducible-report` is the same check with
/// the model and more runs.
@Suite(.enabled(if: CLI.available && SharedData.available, "skipped: needs .build/debug/byline and ../shared"))
struct ReproducibleReportTests {
    static func run(_ arguments: [String], in folder: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_DETERMINISTIC_HASHING"] = nil
        // No model asked for: none named, none at the default folder.
        environment["BYLINE_MODEL"] = nil
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("no-data").path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return try process.exitStatus(within: 900)
    }

    /// The report's files, with the generation line of summary.txt left out.
    static func files(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            var data = try Data(contentsOf: folder.appendingPathComponent(name))
            if name == "summary.txt" {
                let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                data = Data(lines.filter { !$0.hasPrefix("Byline report, generated ") }.joined(separator: "\n").utf8)
            }
            result[name] = data
        }
        return result
    }

    @Test func threeReportsOfCopiesOfTheCorpusAreIdentical() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.run(["import", SharedData.corpus.path, "--db", "base.sqlite"], in: folder) == 0)
        // Stories computed and saved once, as on a database in use.
        #expect(try Self.run(["stories", "--db", "base.sqlite", "--limit", "1"], in: folder) == 0)
        var reports: [[String: Data]] = []
        for run in 1...3 {
            try FileManager.default.copyItem(at: folder.appendingPathComponent("base.sqlite"),
                                             to: folder.appendingPathComponent("copy\(run).sqlite"))
            #expect(try Self.run(["report", "--db", "copy\(run).sqlite", "--out", "R\(run)"], in: folder) == 0)
            reports.append(try Self.files(folder.appendingPathComponent("R\(run)")))
        }
        // 9 CSV files, summary.txt, stories.json, index.html, outlets.html and a page per story of 2+ outlets.
        #expect(reports[0].count > 13)
        #expect(reports[0].keys.filter { $0.hasPrefix("story-") }.count == reports[0].count - 13)
        #expect((reports[0]["facts.csv"]?.count ?? 0) > 10_000)
        for run in 1..<reports.count {
            let differing = reports[0].keys.sorted().filter { reports[run][$0] != reports[0][$0] }
            #expect(differing == [], "report \(run + 1) differs from report 1")
        }
    }
}
