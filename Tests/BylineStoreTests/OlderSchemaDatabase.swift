@testable import BylineStore
import GRDB

extension TemporaryDatabase {
    /// A database file of the SQLite schema up to migration `last` (``Schema/migrator``'s
    /// identifiers, such as `v16-clusterer-story-heads`) with `rows` (SQL statements) run: a store
    /// made before a later migration, for that migration's test. The file is closed; opening a
    /// ``Store`` on it migrates it.
    static func migrated(upTo last: String, rows: [String]) async throws -> TemporaryDatabase {
        let database = try TemporaryDatabase()
        let queue = try DatabaseQueue(path: database.path)
        try Schema.migrator.migrate(queue, upTo: last)
        try await queue.write { db in
            for statement in rows { try db.execute(sql: statement) }
        }
        try queue.close()
        return database
    }
}
