import Foundation
public import BylineStore
import PostgresNIO

extension PostgresStore {
    /// Copies every row of a SQLite store into this (empty) PostgreSQL store, in one transaction:
    /// `byline migrate`.
    ///
    /// Tables are copied in ``BylineStore/Store/tablesInCopyOrder`` with their row ids, each
    /// value cast to its PostgreSQL column type (SQLite's times, UTC text, become `timestamptz`);
    /// the identity sequences then continue after the largest copied id.
    ///
    /// - Parameters:
    ///   - source: The SQLite store (read-only is enough).
    ///   - progress: Called after each table with its name and the rows copied.
    /// - Returns: Rows copied per table.
    /// - Throws: ``BylineStore/StoreError/postgres(url:message:)`` when this store already holds
    ///   outlets, feeds or items (nothing is copied), or a statement fails (nothing is kept);
    ///   ``BylineStore/StoreError`` when the source cannot be read.
    public func copy(from source: Store, progress: @Sendable (String, Int) -> Void = { _, _ in }) async throws(StoreError) -> [String: Int] {
        let existing = try await counts()
        if existing.values.contains(where: { $0 > 0 }) {
            throw StoreError.postgres(url: location, message: "already holds a store (\(existing["item"] ?? 0) item\(existing["item"] == 1 ? "" : "s")); migrate copies into an empty database only")
        }
        return try await transaction { connection in
            try await self.execute(connection, "SET LOCAL TimeZone = 'UTC'")
            var copied: [String: Int] = [:]
            for table in Store.tablesInCopyOrder {
                let types = Dictionary(uniqueKeysWithValues: try await self.rows(connection, """
                    SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(table)
                    """).map { (try $0["name"] as String, try $0["type"] as String) })
                var offset = 0
                while true {
                    let chunk = try source.rows(of: table, offset: offset, limit: 500)
                    if chunk.rows.isEmpty { break }
                    try await self.execute(connection, try Self.insert(into: table, columns: chunk.columns, types: types, rows: chunk.rows))
                    offset += chunk.rows.count
                }
                copied[table] = offset
                if types["id"] == "bigint", ["feed", "pull", "item", "item_version", "story", "story_split"].contains(table) {
                    try await self.execute(connection, PostgresQuery(unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM \(table)
                        """))
                }
                progress(table, offset)
            }
            return copied
        }
    }

    /// One multi-row `INSERT` of `rows` into `table`, each value bound and cast to its column's
    /// type.
    static func insert(into table: String, columns: [String], types: [String: String], rows: [[StoredValue]]) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: rows.count * columns.count)
        var tuples: [String] = []
        for row in rows {
            var cells: [String] = []
            for (column, value) in zip(columns, row) {
                switch value {
                case .null: binds.appendNull()
                case .integer(let number): binds.append(number)
                case .real(let number): binds.append(number)
                case .text(let text): binds.append(text)
                case .blob(let data): try binds.append(data)
                }
                cells.append("$\(binds.count)::\(types[column] ?? "text")")
            }
            tuples.append("(" + cells.joined(separator: ", ") + ")")
        }
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: "INSERT INTO \(table)(\(names)) VALUES " + tuples.joined(separator: ", "), binds: binds)
    }
}
