import ArgumentParser
import BylinePostgres
import BylineStore
import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite store into an empty PostgreSQL database.",
        discussion: """
            Every table is copied with its row ids (outlets, feeds and their schedule, the pull \
            log, items and versions, stories, merges and splits, embeddings, the clusterer \
            state) in one transaction: a failure keeps nothing. The SQLite file is opened \
            read-only and left as it was; the PostgreSQL database must hold no store yet (an \
            empty one, or one only migrated). One line per table goes to standard error.
            """)

    @Option(help: ArgumentHelp("The SQLite database file to copy.", valueName: "path"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database: postgres://user[:password]@host[:port]/database.", valueName: "url"))
    var to: String

    func validate() throws {
        guard !from.isEmpty else { throw ValidationError("--from is empty: give the path of the SQLite database file to copy") }
        guard PostgresLocation.isURL(to) else { throw ValidationError("--to must be a postgres:// or postgresql:// URL") }
    }

    func run() async throws {
        try await reportingErrors {
            guard !PostgresLocation.isURL(from) else {
                throw ValidationError("--from must be a SQLite database file (migrate copies SQLite into PostgreSQL)")
            }
            var database = DatabaseOption()
            database.db = from
            let source = try database.openExisting()
            let target = try await PostgresStore(url: to)
            let copied: [String: Int]
            do {
                copied = try await target.copy(from: source) { table, rows in printError("\(table): \(counted(rows, "row"))") }
            } catch {
                await target.close()
                throw error
            }
            await target.close()
            let total = copied.values.reduce(0, +)
            print("copied \(counted(total, "row")) of \(counted(copied.count, "table")) from \(from) to \(target.location): "
                  + "\(counted(copied["item"] ?? 0, "item")), \(counted(copied["item_version"] ?? 0, "version")), "
                  + "\(counted(copied["pull"] ?? 0, "pull")), \(counted(copied["story"] ?? 0, "story", plural: "stories"))")
        }
    }
}
