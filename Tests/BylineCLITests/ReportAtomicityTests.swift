import BylineTestSupport
import Foundation
import Testing

/// `byline report` replaces the previous report as a whole, even when killed at the one rename
/// that publishes it or right after, and removes staging folders that killed runs left.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct ReportAtomicityTests {
    static let reportFiles = ["anomalies.csv", "attributions.csv", "coverage.csv", "edits.csv", "events.csv", "facts.csv", "index.html",
                              "mentions.csv", "outlets.csv", "outlets.html", "stories.csv", "stories.json", "summary.txt"]

    /// A folder with an imported one-item archive.
    static func importedFolder() throws -> URL {
        let folder = try CLI.temporaryFolder()
        try BadInputTests.writeArchive(in: folder)
        #expect(try CLI.run(["import", "archive"], in: folder).status == 0)
        return folder
    }

    static func contents(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return result
    }

    /// Whether strace can run a traced child here (a container may forbid ptrace).
    static let straceWorks: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        process.arguments = ["-f", "-qq", "-o", "/dev/null", "/bin/true"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        return (try? process.exitStatus(within: 60)) == 0
    }()

    @Test func theFolderKeepsItsOtherFilesAndLosesStaleStagingFolders() throws {
        let folder = try Self.importedFolder()
        let reports = folder.appendingPathComponent("R")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data("Reports are written here.\n".utf8).write(to: reports.appendingPathComponent("README.md"))
        // Left by runs killed while writing: one beside the folder, one inside (the earlier layout).
        for stale in [folder.appendingPathComponent(".byline-report-4242-1"), reports.appendingPathComponent(".byline-report-4242-2")] {
            try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
            try Data("partial".utf8).write(to: stale.appendingPathComponent("stories.csv"))
        }
        let outcome = try CLI.run(["report", "--out", "R"], in: folder)
        #expect(outcome.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted() == ["README.md"] + Self.reportFiles)
        #expect(try String(contentsOf: reports.appendingPathComponent("README.md"), encoding: .utf8) == "Reports are written here.\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["R", "archive", "byline.sqlite", "byline.sqlite-analysis.lock"])
    }

    /// A disk that fills while the report is written (a user's `report --out DIR` said only
    /// `.../story-283.html: cannot write report: No space left on device`): the line says the
    /// previous report is left as it was, and it is, file for file (the same inodes and times).
    @Test func aFullDiskLeavesThePreviousReportAndSaysSo() throws {
        let folder = try Self.importedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let disk = try SmallDisk.mounted("disk", in: folder, size: "4m", untested: "a full disk during report") else { return }
        defer { SmallDisk.unmount(disk) }
        let reports = disk.appendingPathComponent("R")
        #expect(try CLI.run(["report", "--out", "disk/R"], in: folder).status == 0)
        func files() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted().map { name in
                let attributes = try FileManager.default.attributesOfItem(atPath: reports.appendingPathComponent(name).path)
                return "\(name) \(attributes[.systemFileNumber] ?? "") \(attributes[.modificationDate] ?? "") \(attributes[.size] ?? "")"
            }
        }
        let before = try files()
        #expect(before.count >= Self.reportFiles.count, "\(before)")
        // Every free byte taken.
        _ = try OutputErrorTests.shell("dd if=/dev/zero of=disk/filler bs=4k 2>/dev/null; true", in: folder)
        let full = try CLI.run(["report", "--out", "disk/R"], in: folder)
        #expect(full.status == 1)
        let line = full.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(line.hasPrefix("byline: \(reports.path)/"), "\(full.stderr)")
        #expect(line.hasSuffix(": cannot write report: No space left on device; the previous report in \(reports.path) is left as it was"),
                "\(full.stderr)")
        #expect(try files() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == ["R", "filler"])
    }

    @Test func aFolderWithASubfolderIsWrittenFileByFile() throws {
        let folder = try Self.importedFolder()
        let reports = folder.appendingPathComponent("R")
        // A folder that holds a report and, beside it, a subfolder of the user's.
        #expect(try CLI.run(["report", "--out", "R"], in: folder).status == 0)
        try FileManager.default.createDirectory(at: reports.appendingPathComponent("2021"), withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: reports.appendingPathComponent("2021/stories.csv"))
        #expect(try CLI.run(["report", "--out", "R"], in: folder).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted() == ["2021"] + Self.reportFiles)
        #expect(try String(contentsOf: reports.appendingPathComponent("2021/stories.csv"), encoding: .utf8) == "kept")
    }

    /// A kill at the exchange leaves the previous report whole (and a staging folder, removed by
    /// the next run); a kill right after it, while the previous report is being removed, leaves
    /// the new report whole.
    @Test(.enabled(if: straceWorks, "skipped: strace is missing or may not trace here"))
    func aKillAtTheSwapLeavesOneWholeReport() throws {
        let folder = try Self.importedFolder()
        let reports = folder.appendingPathComponent("R")
        #expect(try CLI.run(["report", "--out", "R"], in: folder).status == 0)
        // Mark the previous report so that old and new files can be told apart (stories.json
        // stays Byline's: it is what shows the folder holds a report).
        for name in Self.reportFiles where name != "stories.json" {
            try Data("previous \(name)\n".utf8).write(to: reports.appendingPathComponent(name))
        }
        let previous = try Self.contents(reports)

        let atSwap = try CLI.run(["report", "--out", "R"], in: folder, launcher: Self.strace(killingAt: "renameat2"))
        #expect(atSwap.status != 0)
        #expect(try Self.contents(reports) == previous)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".byline-report-") }
        #expect(left.count == 1)

        // The next run removes the staging folder; its report is marked as the previous one again.
        #expect(try CLI.run(["report", "--out", "R"], in: folder).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["R", "archive", "byline.sqlite", "byline.sqlite-analysis.lock"])
        for name in Self.reportFiles where name != "stories.json" {
            try Data("previous \(name)\n".utf8).write(to: reports.appendingPathComponent(name))
        }

        // The first unlink comes after the exchange: it removes the previous report's first file.
        let afterSwap = try CLI.run(["report", "--out", "R"], in: folder, launcher: Self.strace(killingAt: "unlink"))
        #expect(afterSwap.status != 0)
        let new = try Self.contents(reports)
        #expect(new.keys.sorted() == Self.reportFiles)
        #expect(new.values.allSatisfy { !$0.hasPrefix("previous ") })
        #expect(new["stories.csv"]?.hasPrefix("story_id,headline,") == true)

        #expect(try CLI.run(["report", "--out", "R"], in: folder).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["R", "archive", "byline.sqlite", "byline.sqlite-analysis.lock"])
    }

    /// strace as a launcher that kills the process with SIGKILL at its first `syscall`.
    static func strace(killingAt syscall: String) -> [String] {
        ["/usr/bin/strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=\(syscall)", "-e", "inject=\(syscall):signal=SIGKILL:when=1"]
    }
}
