public import Foundation
import GRDB

/// One value of a stored row exactly as SQLite holds it, for copying a store to another back end.
public enum StoredValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    /// Text; times are GRDB's `YYYY-MM-DD HH:MM:SS.SSS`, UTC.
    case text(String)
    case blob(Data)
}

extension Store {
    /// Every table of the schema, each after the tables it references: the order in which
    /// `byline migrate` copies them.
    public static let tablesInCopyOrder = [
        "outlet", "feed", "pull", "item", "item_version", "story", "story_item", "story_merge", "story_split",
        "analysis_state", "version_embedding", "unit_embedding", "unit_tokens", "clusterer_snapshot",
        "clusterer_story", "clusterer_story_head",
    ]

    /// Up to `limit` rows of `table` from `offset` on, in primary-key order, with the column
    /// names; for copying a store.
    ///
    /// - Parameters:
    ///   - table: One of ``tablesInCopyOrder``.
    ///   - offset: Rows to skip.
    ///   - limit: Most rows to return.
    /// - Returns: The column names and the rows, each value as stored.
    /// - Throws: ``StoreError`` when the read fails (or the table is not one of the schema's).
    public func rows(of table: String, offset: Int, limit: Int) throws(StoreError) -> (columns: [String], rows: [[StoredValue]]) {
        guard Self.tablesInCopyOrder.contains(table) else { throw StoreError.sqlite(path: path, message: "no table \(table)") }
        return try read { db in
            let info = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
            let columns: [String] = info.map { $0["name"] }
            let keys = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
            let order = (keys.isEmpty ? ["rowid"] : keys).map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: [limit, offset])
            return (columns, rows.map { row in
                row.databaseValues.map { value -> StoredValue in
                    switch value.storage {
                    case .null: .null
                    case .int64(let number): .integer(number)
                    case .double(let number): .real(number)
                    case .string(let text): .text(text)
                    case .blob(let data): .blob(data)
                    }
                }
            })
        }
    }
}
