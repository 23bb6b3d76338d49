public import Foundation
import GRDB

/// A saved clusterer state: what the analysis goes on from, so that it places only the items
/// added since instead of replaying every stored item. It is kept in parts: a header (table
/// `clusterer_snapshot`, one row: what all stories share) and one row per story the clusterer
/// still holds (table `clusterer_story`, by story id), so that an analysis rewrites the rows of
/// the stories it changed, not the whole state. Beside each story row, its head (table
/// `clusterer_story_head`: what a restore reads of the story before its row, see
/// ``Store/clustererSnapshotHeads()``), so that an update can restore the clusterer from the
/// heads and read the rows of the stories it reads.
public struct ClustererSnapshot: Sendable, Hashable {
    /// The settings the clusterer ran with, as their description: a snapshot of other settings
    /// is not used.
    public var settings: String
    /// The ``Store/storiesState()`` right after the snapshot was saved: when the saved stories
    /// differ from it (another program or an older Byline saved stories without a snapshot), the
    /// snapshot is stale.
    public var storiesState: String
    /// The header (the analysis's binary form).
    public var data: Data
    /// Story id -> that story's part of the state (the analysis's binary form).
    public var stories: [Int64: Data]
    /// Story id -> the head of that story's part (the analysis's binary form); filled by
    /// ``Store/clustererSnapshotHeads()`` only.
    public var storyHeads: [Int64: Data]
    /// Whether every story row has its head saved (``ClustererSnapshotUpdate/headsComplete``).
    public var headsComplete: Bool

    /// Creates a snapshot record (a store back end reads these).
    public init(settings: String, storiesState: String, data: Data, stories: [Int64: Data] = [:], storyHeads: [Int64: Data] = [:],
                headsComplete: Bool = false) {
        self.settings = settings
        self.storiesState = storiesState
        self.data = data
        self.stories = stories
        self.storyHeads = storyHeads
        self.headsComplete = headsComplete
    }
}

/// What a save of stories writes of the clusterer's state (``ClustererSnapshot``): the new
/// header, the story rows that changed or are new, and the story rows to remove (stories the
/// clusterer no longer holds: merged into another, or past its horizon).
public struct ClustererSnapshotUpdate: Sendable, Hashable {
    /// The settings' description (``ClustererSnapshot/settings``).
    public var settings: String
    /// The new header.
    public var data: Data
    /// Story id -> its new row.
    public var stories: [Int64: Data]
    /// Story id -> the new head of its row (written beside `stories`; a removed story's head is
    /// removed with its row).
    public var storyHeads: [Int64: Data]
    /// Whether, once this update is saved, every story row has its head (the heads given here
    /// and those kept): then ``Store/clustererSnapshotHeads()`` reads them; false marks them
    /// incomplete until an update that completes them.
    public var headsComplete: Bool
    /// Story ids whose rows are removed.
    public var removedStories: [Int64]
    /// Whether every saved story row is removed before `stories` are written (a state computed
    /// from scratch), instead of `removedStories` only.
    public var replacingStories: Bool

    /// Creates an update.
    public init(settings: String, data: Data, stories: [Int64: Data] = [:], storyHeads: [Int64: Data] = [:], headsComplete: Bool = false,
                removedStories: [Int64] = [], replacingStories: Bool = true) {
        self.settings = settings
        self.data = data
        self.stories = stories
        self.storyHeads = storyHeads
        self.headsComplete = headsComplete
        self.removedStories = removedStories
        self.replacingStories = replacingStories
    }
}

/// Reading what the analysis needs of the items it places (new ones and those of the stories
/// they touch) without reading the whole store.
extension Store {
    /// The saved clusterer state (its header and every story row, read in one transaction), or
    /// nil when none was saved.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func clustererSnapshot() throws(StoreError) -> ClustererSnapshot? {
        try read { db in
            guard var snapshot = try Row.fetchOne(db, sql: "SELECT settings, stories_state, data, story_heads FROM clusterer_snapshot WHERE id = 1").map({
                ClustererSnapshot(settings: $0["settings"], storiesState: $0["stories_state"], data: $0["data"],
                                  headsComplete: ($0["story_heads"] as Int) == 1)
            }) else { return nil }
            snapshot.stories = try Self.blobs(db, sql: "SELECT story_id, data FROM clusterer_story")
            return snapshot
        }
    }

    /// The rows of `sql` (an id, then a blob) as id -> blob. The blobs are copied into large
    /// shared buffers, each a slice of one (a year of open stories is hundreds of thousands of
    /// rows: one allocation each would cost more than reading them).
    private static func blobs(_ db: Database, sql: String) throws -> [Int64: Data] {
        var result: [Int64: Data] = [:]
        let rows = try Row.fetchCursor(db, sql: sql)
        var buffer = Data(), used = 0, slices: [(id: Int64, range: Range<Int>)] = []
        func keep() {
            let shared = buffer
            for slice in slices { result[slice.id] = shared[slice.range] }
            slices = []
        }
        while let row = try rows.next() {
            let id: Int64 = row[0]
            try row.withUnsafeData(atIndex: 1) { data in
                let data = data ?? Data()
                if used + data.count > buffer.count {
                    keep()
                    // Zeroed on demand by the system; written in place, never appended to.
                    buffer = Data(count: max(Self.snapshotBufferSize, data.count))
                    used = 0
                }
                buffer.withUnsafeMutableBytes { target in
                    data.withUnsafeBytes { source in
                        if let from = source.baseAddress, let to = target.baseAddress { (to + used).copyMemory(from: from, byteCount: source.count) }
                    }
                }
                slices.append((id, used..<(used + data.count)))
                used += data.count
            }
        }
        keep()
        return result
    }

    /// The size of the buffers ``clustererSnapshot()`` copies the story rows into (bytes).
    static let snapshotBufferSize = 64 << 20

    /// The saved clusterer state's header and the head of every story row
    /// (``ClustererSnapshot/storyHeads``; ``ClustererSnapshot/stories`` empty), read in one
    /// transaction: what an update restores the clusterer from before it reads the rows of the
    /// stories it reads (``clustererStoryReader()``). Nil when no state was saved or its heads
    /// are not complete (saved before the heads were kept: the next update reads the rows).
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func clustererSnapshotHeads() throws(StoreError) -> ClustererSnapshot? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT settings, stories_state, data, story_heads FROM clusterer_snapshot WHERE id = 1"),
                  (row["story_heads"] as Int) == 1 else { return nil }
            var snapshot = ClustererSnapshot(settings: row["settings"], storiesState: row["stories_state"], data: row["data"], headsComplete: true)
            snapshot.storyHeads = try Self.blobs(db, sql: "SELECT story_id, data FROM clusterer_story_head")
            return snapshot
        }
    }

    /// A reader of single story rows of the saved clusterer state: story id -> its row, or nil
    /// when there is none (or the read fails). Each call reads the row as the store holds it
    /// then (its own read transaction).
    public func clustererStoryReader() -> (@Sendable (Int64) -> Data?)? {
        { [self] id in
            try? read { db in try Data.fetchOne(db, sql: "SELECT data FROM clusterer_story WHERE story_id = ?", arguments: [id]) }
        }
    }

    /// The saved clusterer state's header alone (no story rows), or nil when none was saved.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func clustererSnapshotHeader() throws(StoreError) -> ClustererSnapshot? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT settings, stories_state, data FROM clusterer_snapshot WHERE id = 1").map {
                ClustererSnapshot(settings: $0["settings"], storiesState: $0["stories_state"], data: $0["data"])
            }
        }
    }

    /// Writes the snapshot's header stamped with the stories' state as it is now in `db` (inside
    /// the transaction that saved the stories) and its story rows (all of them replaced, or those
    /// given written and those removed deleted); nil removes the saved state (it would no longer
    /// match).
    static func saveSnapshot(_ db: Database, _ snapshot: ClustererSnapshotUpdate?) throws {
        guard let snapshot else {
            try db.execute(sql: "DELETE FROM clusterer_snapshot; DELETE FROM clusterer_story; DELETE FROM clusterer_story_head")
            return
        }
        try db.execute(sql: """
            INSERT INTO clusterer_snapshot(id, settings, stories_state, data, story_heads) VALUES (1, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, stories_state = excluded.stories_state, data = excluded.data,
              story_heads = excluded.story_heads
            """, arguments: [snapshot.settings, try storiesState(db), snapshot.data, snapshot.headsComplete ? 1 : 0])
        if snapshot.replacingStories {
            try db.execute(sql: "DELETE FROM clusterer_story; DELETE FROM clusterer_story_head")
        } else {
            let remove = try db.cachedStatement(sql: "DELETE FROM clusterer_story WHERE story_id = ?")
            let removeHead = try db.cachedStatement(sql: "DELETE FROM clusterer_story_head WHERE story_id = ?")
            for id in snapshot.removedStories {
                try remove.execute(arguments: [id])
                try removeHead.execute(arguments: [id])
            }
        }
        let write = try db.cachedStatement(sql: """
            INSERT INTO clusterer_story(story_id, data) VALUES (?, ?) ON CONFLICT(story_id) DO UPDATE SET data = excluded.data
            """)
        for (id, data) in snapshot.stories.sorted(by: { $0.key < $1.key }) { try write.execute(arguments: [id, data]) }
        let writeHead = try db.cachedStatement(sql: """
            INSERT INTO clusterer_story_head(story_id, data) VALUES (?, ?) ON CONFLICT(story_id) DO UPDATE SET data = excluded.data
            """)
        for (id, data) in snapshot.storyHeads.sorted(by: { $0.key < $1.key }) { try writeHead.execute(arguments: [id, data]) }
    }

    /// The ids of the items that no story holds yet, ascending.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func unassignedItemIDs() throws(StoreError) -> [Int64] {
        try read { db in
            // Items are never deleted and every assignment names a stored item, so when the items
            // up to the highest assigned id are as many as the assignments, every one of them is
            // assigned and the unassigned ones are those above it: a range of the key instead of
            // a look-up per stored item (0.6 s of a 1M-item store's update).
            let row = try Row.fetchOne(db, sql: "SELECT COALESCE(MAX(item_id), 0) AS top, COUNT(*) AS assigned FROM story_item")
            let top: Int64 = row?["top"] ?? 0, assigned: Int = row?["assigned"] ?? 0
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item WHERE id <= ?", arguments: [top]) == assigned {
                return try Int64.fetchAll(db, sql: "SELECT id FROM item WHERE id > ? ORDER BY id", arguments: [top])
            }
            return try Int64.fetchAll(db, sql: """
                SELECT id FROM item WHERE NOT EXISTS (SELECT 1 FROM story_item s WHERE s.item_id = item.id) ORDER BY id
                """)
        }
    }

    /// The ids of the items that got a version with a row id above `versionID` (new items and
    /// edits since a watermark's highest version), ascending. Only versions of the feed that first
    /// carried an item count (``Store/record(_:)``): another feed's text changes nothing analysed.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func itemIDs(withVersionsAfter versionID: Int64) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT DISTINCT v.item_id FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
                WHERE v.id > ? ORDER BY v.item_id
                """, arguments: [versionID])
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
        try embeddings(model: model, itemIDs: itemIDs, latestOnly: true)
    }

    /// The embeddings of `model` of every version of these items (of the feed that first carried
    /// each, as ``StoredItem/versions``): version id -> vector; versions without one are left out.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func versionEmbeddings(model: String, itemIDs: [Int64]) throws(StoreError) -> [Int64: [Float]] {
        try embeddings(model: model, itemIDs: itemIDs, latestOnly: false)
    }

    /// The embeddings of these items' versions, by version id, or of their latest versions only,
    /// by item id.
    private func embeddings(model: String, itemIDs: [Int64], latestOnly: Bool) throws(StoreError) -> [Int64: [Float]] {
        try read { db in
            var result: [Int64: [Float]] = [:]
            // The item's latest version of its own feed; every version of that feed.
            let latest = """
                AND v.id = (SELECT w.id FROM item_version w WHERE w.item_id = v.item_id AND w.feed_id = i.feed_id
                            ORDER BY w.seen_at DESC, w.id DESC LIMIT 1)
                """
            for chunk in Self.chunks(itemIDs) {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT \(latestOnly ? "v.item_id" : "v.id") AS key, e.vector FROM item_version v
                    JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
                    JOIN version_embedding e ON e.version_id = v.id AND e.model = ?
                    WHERE v.item_id IN (\(Self.marks(chunk.count))) \(latestOnly ? latest : "")
                    """, arguments: StatementArguments([model]) + StatementArguments(chunk))
                while let row = try rows.next() {
                    let data: Data = row["vector"]
                    result[row["key"]] = Self.vector(data)
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
