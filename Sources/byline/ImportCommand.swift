import ArgumentParser
import BylinePipeline
import BylineStore
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an archive of captured feed snapshots.",
        discussion: """
            DIR holds one folder per outlet (its name is the outlet id) with snapshot files named \
            by their UTC capture time: DIR/<outlet>/<YYYYMMDDTHHMMSSZ>.xml. Each file counts as a \
            pull at that time. Files that are not feeds are recorded as failed pulls and listed in \
            the summary; importing the same folder again adds nothing.
            """)

    @Argument(help: ArgumentHelp("The archive folder.", valueName: "DIR"))
    var directory: String

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await reportingErrors {
            let store = try Store(path: database.db)
            let importer = ArchiveImporter(store: store)
            let summary = try await importer.importArchive(at: URL(fileURLWithPath: directory))
            print(Self.describe(summary))
            if !summary.failed.isEmpty {
                var byOutlet: [String: Int] = [:]
                for failure in summary.failed {
                    byOutlet[URL(fileURLWithPath: failure.path).deletingLastPathComponent().lastPathComponent, default: 0] += 1
                }
                let reasons = Dictionary(grouping: summary.failed, by: \.reason).sorted { $0.value.count > $1.value.count }
                let perOutlet = byOutlet.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                print("\(summary.failed.count) files were not usable feeds and are recorded as failed pulls (\(perOutlet)); most common: \(reasons[0].key) (\(reasons[0].value.count))")
            }
        }
    }

    static func describe(_ summary: ArchiveImporter.Summary) -> String {
        var line = "imported \(summary.imported) of \(summary.files) snapshots from \(summary.outlets) outlets: \(summary.newItems) new items, \(summary.newVersions) new versions"
        if summary.alreadyStored > 0 { line += "; \(summary.alreadyStored) already stored" }
        if summary.ignored > 0 { line += "; \(summary.ignored) files ignored (name not <YYYYMMDDTHHMMSSZ>.xml)" }
        return line
    }
}
