import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// A disk that fills during `byline import`: the error says what is stored and how to go on,
/// and running the same import again after freeing space, as the error line prints it (with
/// its `--db` and `--model`, the archive's name shell-quoted), goes on from there.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct FullDiskTests {
    /// An archive of one outlet, `wire`: 40 hourly snapshots from 2021-09-18 00:00 UTC, each
    /// with 40 items of its own (a 1 KB description each), so that a 1 MiB disk fills part-way.
    static func writeArchive(in folder: URL, named name: String = "archive") throws -> [String] {
        let outlet = folder.appendingPathComponent(name).appendingPathComponent("wire")
        try FileManager.default.createDirectory(at: outlet, withIntermediateDirectories: true)
        var names: [String] = []
        for hour in 0..<40 {
            let name = String(format: "202109%02dT%02d0000Z.xml", 18 + hour / 24, hour % 24)
            let items = (0..<40).map { n in
                let text = (0..<100).map { "s\(hour)i\(n)w\($0)" }.joined(separator: " ")
                return "<item><guid>wire-\(hour)-\(n)</guid><title>Story \(hour)-\(n)</title><description>\(text)</description></item>"
            }
            try Data("<rss version=\"2.0\"><channel><title>Wire</title>\(items.joined())</channel></rss>".utf8)
                .write(to: outlet.appendingPathComponent(name))
            names.append(name)
        }
        return names
    }

    @Test func aDiskFullDuringImportSaysWhatIsKeptAndTheSameImportGoesOnAfterwards() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A name with a space and a quote: the command to run again quotes it for the shell.
        let names = try Self.writeArchive(in: folder, named: "sep's archive")
        guard let disk = try SmallDisk.mounted("disk", in: folder, size: "1m", untested: "a full disk during import") else { return }
        defer { SmallDisk.unmount(disk) }
        let arguments = ["import", "sep's archive", "--db", "disk/full.sqlite", "--no-model"]

        let first = try CLI.run(arguments, in: folder)
        #expect(first.status == 1)
        // "imported N of 40 snapshots from 1 outlet: ...; stopped before M snapshots"
        let words = first.stdout.split(separator: " ")
        let recorded = try #require(words.count > 1 ? Int(words[1]) : nil, "stdout: \(first.stdout)")
        try #require(recorded > 0 && recorded < 40, "stdout: \(first.stdout)")
        #expect(first.stdout == "imported \(recorded) of 40 snapshots from 1 outlet: \(recorded * 40) new items, 0 new versions; "
                + "stopped before \(40 - recorded) snapshots\n")
        let lastLine = first.stderr.split(separator: "\n").last.map(String.init)
        #expect(lastLine == "byline: disk/full.sqlite: database or disk is full; stopped at wire/\(names[recorded]): "
                + "\(recorded) snapshots recorded before it are kept, \(40 - recorded) not recorded, and no story brought up to date; "
                + "after freeing space, `byline import 'sep'\\''s archive' --db disk/full.sqlite --no-model` again records the rest and then analyses")

        #expect(SmallDisk.resize(disk, to: "64m"))
        let stored = try Store(path: disk.appendingPathComponent("full.sqlite").path)
        #expect(try stored.counts()["pull"] == recorded)
        #expect(try stored.counts()["item"] == recorded * 40)

        // The command as printed, run by the shell (`byline` being the binary under test).
        let hint = try #require(lastLine?.split(separator: "`").dropFirst().first.map(String.init))
        let second = try CLI.run([], in: folder, launcher: ["/bin/sh", "-c", "bin=$1; byline() { \"$bin\" \"$@\"; }; " + hint, "sh"])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(second.stdout.hasPrefix("imported \(40 - recorded) of 40 snapshots from 1 outlet: \((40 - recorded) * 40) new items, "
                                        + "0 new versions; \(recorded) already stored\n"))
        #expect(try stored.counts()["pull"] == 40)
        #expect(try stored.counts()["item"] == 1600)
    }
}
