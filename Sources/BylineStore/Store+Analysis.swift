public import Foundation
import GRDB

/// A saved clusterer state (table `clusterer_snapshot`): what the analysis goes on from, so that
/// it places only the items added since instead of replaying every stored item.
public struct ClustererSnapshot: Sendable, Hashable {
    /// The settings the clusterer ran with, as their description: a snapshot of other settings
    /// is not used.
    public var settings: String
    /// The ``Store/storiesState()`` right after the snapshot was saved: when the saved stories
    /// differ from it (another program or an older Byline saved stories without a snapshot), the
    /// snapshot is stale.
    public var storiesState: String
    /// The state itself (the analysis's binary form).
    public var data: Data

    /// Creates a snapshot record (a store back end reads these).
    public init(settings: String, storiesState: String, data: Data) {
        self.settings = settings
        self.storiesState = storiesState
        self.data = data
    }
}

/// Reading what the analysis needs of the items it places (new ones and those of the stories
/// they touch) without reading the whole store.
extension Store {
    /// The saved clusterer state, or nil when none was saved.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func clustererSnapshot() throws(StoreError) -> ClustererSnapshot? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT settings, stories_state, data FROM clusterer_snapshot WHERE id = 1").map {
                ClustererSnapshot(settings: $0["settings"], storiesState: $0["stories_state"], data: $0["data"])
            }
        }
    }

    /// Writes (or, for nil, removes) the snapshot stamped with the stories' state as it is now
    /// in `db` (inside the transaction that saved the stories).
    static func saveSnapshot(_ db: Database, _ snapshot: (settings: String, data: Data)?) throws {
        guard let snapshot else {
            try db.execute(sql: "DELETE FROM clusterer_snapshot")
            return
        }
        try db.execute(sql: """
            INSERT INTO clusterer_snapshot(id, settings, stories_state, data) VALUES (1, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, stories_state = excluded.stories_state, data = excluded.data
            """, arguments: [snapshot.settings, try storiesState(db), snapshot.data])
    }

    /// The ids of the items that no story holds yet, ascending.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func unassignedItemIDs() throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM item WHERE NOT EXISTS (SELECT 1 FROM story_item s WHERE s.item_id = item.id) ORDER BY id
                """)
        }
    }

    /// The ids of the items that got a version with a row id above `versionID` (new items and
    /// edits since a watermark's highest version), ascending.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func itemIDs(withVersionsAfter versionID: Int64) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT DISTINCT item_id FROM item_version WHERE id > ? ORDER BY item_id",
                               arguments: [versionID])
        }
    }

    /// The saved story of each of these items (merges not followed): item id -> story id; items
    /// without one are left out.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func storyAssignments(itemIDs: [Int64]) throws(StoreError) -> [Int64: Int64] {
        try read { db in
            var map: [Int64: Int64] = [:]
            for chunk in Self.chunks(itemIDs) {
                let rows = try Row.fetchCursor(db, sql: "SELECT item_id, story_id FROM story_item WHERE item_id IN (\(Self.marks(chunk.count)))",
                                               arguments: StatementArguments(chunk))
                while let row = try rows.next() { map[row["item_id"]] = row["story_id"] }
            }
            return map
        }
    }

    /// The ids of the items the saved assignment puts in these stories, ascending.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func itemIDs(inStories storyIDs: [Int64]) throws(StoreError) -> [Int64] {
        try read { db in
            var ids: [Int64] = []
            for chunk in Self.chunks(storyIDs) {
                ids += try Int64.fetchAll(db, sql: "SELECT item_id FROM story_item WHERE story_id IN (\(Self.marks(chunk.count)))",
                                          arguments: StatementArguments(chunk))
            }
            return ids.sorted()
        }
    }

    /// These items with their versions (oldest first), ordered by first_seen then id, as
    /// ``items()`` gives them; ids that are not stored are left out.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func items(ids: [Int64]) throws(StoreError) -> [StoredItem] {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var result: [StoredItem] = []
            for chunk in Self.chunks(Array(Set(ids)).sorted()) {
                result += try Self.items(db, where: "IN (\(Self.marks(chunk.count)))", arguments: StatementArguments(chunk))
            }
            return result.sorted { $0.firstSeen != $1.firstSeen ? $0.firstSeen < $1.firstSeen : $0.id < $1.id }
        }
    }

    /// The stored embedding of `model` of each of these items' latest version (see
    /// ``latestEmbeddings(model:)``): item id -> vector; items without one are left out.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func latestEmbeddings(model: String, itemIDs: [Int64]) throws(StoreError) -> [Int64: [Float]] {
        try read { db in
            var result: [Int64: [Float]] = [:]
            for chunk in Self.chunks(itemIDs) {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT v.item_id, e.vector FROM item_version v
                    JOIN version_embedding e ON e.version_id = v.id AND e.model = ?
                    WHERE v.item_id IN (\(Self.marks(chunk.count)))
                      AND v.id = (SELECT w.id FROM item_version w WHERE w.item_id = v.item_id ORDER BY w.seen_at DESC, w.id DESC LIMIT 1)
                    """, arguments: StatementArguments([model]) + StatementArguments(chunk))
                while let row = try rows.next() {
                    let data: Data = row["vector"]
                    result[row["item_id"]] = Self.vector(data)
                }
            }
            return result
        }
    }

    /// Lists of at most 500 values (SQLite's limit on bound parameters is far above).
    static func chunks(_ values: [Int64]) -> [[Int64]] {
        stride(from: 0, to: values.count, by: 500).map { Array(values[$0..<min(values.count, $0 + 500)]) }
    }

    /// `?, ?, ?` for `count` parameters.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
