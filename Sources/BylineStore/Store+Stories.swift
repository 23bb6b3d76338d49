import Foundation
import GRDB

/// The persisted story assignment: which story each item belongs to.
///
/// Stories are derived data. The store remembers the state of the items (a watermark: item and
/// version counts and the highest version id) that the saved stories were computed from, so
/// that a command can tell whether they are stale and recompute them.
extension Store {
    /// A fingerprint of the stored items and versions; it changes whenever a pull adds an item
    /// or a version. Compared with ``storiesWatermark()`` to detect stale stories.
    public func itemsWatermark() throws(StoreError) -> String {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM item) AS items, (SELECT COUNT(*) FROM item_version) AS versions,
                       (SELECT COALESCE(MAX(id), 0) FROM item_version) AS last
                """)!
            let items: Int = row["items"], versions: Int = row["versions"], last: Int64 = row["last"]
            return "\(items):\(versions):\(last)"
        }
    }

    /// The watermark the saved stories were computed at, or nil when none were saved.
    public func storiesWatermark() throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM analysis_state WHERE key = 'stories_watermark'")
        }
    }

    /// Saves the result of an incremental clustering run in one transaction, leaving every
    /// earlier story id as it was.
    ///
    /// - Parameters:
    ///   - newStories: stories created by this run: id (above every id saved before) and headline.
    ///   - assignments: item id → story id for items assigned or moved by this run (moved: the
    ///     items of a story merged into another); replaces an item's earlier row.
    ///   - merges: stories absorbed by this run: the absorbed id, the surviving id and the item
    ///     that bridged them.
    ///   - splits: items this run moved out of a story (their new story is in `assignments`):
    ///     the item, the story it left, the story it went to, and the item whose arrival showed
    ///     it did not belong.
    ///   - watermark: the ``itemsWatermark()`` the stories are now up to date with.
    ///   - expected: the ``storiesState()`` the changes were computed from; when another process
    ///     has saved stories since (the state differs), nothing is written and the result is
    ///     false, so that the caller can load again and place only what is still unplaced. Nil:
    ///     no check.
    ///   - snapshot: what changed of the clusterer's state (``ClustererSnapshotUpdate``: the
    ///     header, the changed story rows, the removed ones), saved with these changes and
    ///     stamped with the stories' state they lead to; nil removes a saved state (it would no
    ///     longer match).
    ///   - replacingAll: whether the changes replace every saved story, assignment, merge and
    ///     split (a recomputation from scratch) instead of adding to them.
    ///   - factsPending: stories whose fact sentences are now to be embedded, added to
    ///     ``factsPending()`` with these changes; a store without that record gets one only when
    ///     these changes are all its stories (the first save, or `replacingAll`): otherwise no
    ///     record already stands for every story. Nil drops the record (an analysis without the
    ///     model changed stories: any story may lack vectors).
    /// - Returns: whether the changes were saved.
    /// - Throws: ``StoreError`` when the write fails; nothing is saved then.
    @discardableResult
    public func saveStoryChanges(newStories: [(id: Int64, headline: String)], assignments: [(itemID: Int64, storyID: Int64)],
                                 merges: [(storyID: Int64, intoID: Int64, itemID: Int64)],
                                 splits: [StorySplitRecord] = [], watermark: String,
                                 ifStoriesStateIs expected: String? = nil,
                                 snapshot: ClustererSnapshotUpdate? = nil,
                                 replacingAll: Bool = false, factsPending: [Int64]? = []) throws(StoreError) -> Bool {
        let stories = newStories.map { StoryHeadline(id: $0.id, headline: $0.headline) }
        let rows = assignments.map { StoryAssignment(itemID: $0.itemID, storyID: $0.storyID) }
        let mergeRows = merges.map { StoryMergeRow(storyID: $0.storyID, intoID: $0.intoID, itemID: $0.itemID) }
        if isReadOnly { throw StoreError.readOnly(path: path) }
        do {
            return try pool.writeWithoutTransaction { db in
                var saved = false
                // IMMEDIATE: the check and the writes hold the write lock together, so another
                // process cannot save its own stories in between.
                try db.inTransaction(.immediate) {
                    if let expected, try Self.storiesState(db) != expected { return .rollback }
                    let whole = try replacingAll || String.fetchOne(db, sql: "SELECT value FROM analysis_state WHERE key = 'stories_watermark'") == nil
                    if replacingAll {
                        try db.execute(sql: """
                            DELETE FROM story_split; DELETE FROM story_merge; DELETE FROM story_item; DELETE FROM story;
                            """)
                    }
                    try Self.insert(db, stories: stories, rows: rows, mergeRows: mergeRows, splits: splits, watermark: watermark)
                    try Self.saveSnapshot(db, snapshot)
                    try Self.markFactsPending(db, factsPending, creating: whole)
                    saved = true
                    return .commit
                }
                return saved
            }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// A fingerprint of the saved stories (their watermark, the highest story id, and how many
    /// assignments, merges and splits are saved), for
    /// ``saveStoryChanges(newStories:assignments:merges:splits:watermark:ifStoriesStateIs:)``:
    /// it changes whenever another process saves stories.
    public func storiesState() throws(StoreError) -> String {
        try read { db in try Self.storiesState(db) }
    }

    static func storiesState(_ db: Database) throws -> String {
        let row = try Row.fetchOne(db, sql: """
            SELECT (SELECT value FROM analysis_state WHERE key = 'stories_watermark') AS watermark,
                   (SELECT COALESCE(MAX(id), 0) FROM story) AS max_id, (SELECT COUNT(*) FROM story_item) AS items,
                   (SELECT COUNT(*) FROM story_merge) AS merges, (SELECT COUNT(*) FROM story_split) AS splits
            """)!
        let watermark: String? = row["watermark"]
        let maxID: Int64 = row["max_id"], items: Int = row["items"], merges: Int = row["merges"], splits: Int = row["splits"]
        return "\(watermark ?? "-")|\(maxID)|\(items)|\(merges)|\(splits)"
    }

    private static func insert(_ db: Database, stories: [StoryHeadline], rows: [StoryAssignment], mergeRows: [StoryMergeRow],
                               splits: [StorySplitRecord], watermark: String) throws {
        let insertStory = try db.cachedStatement(sql: "INSERT INTO story(id, headline) VALUES (?, ?)")
        for story in stories { try insertStory.execute(arguments: [story.id, story.headline]) }
        let assign = try db.cachedStatement(sql: """
            INSERT INTO story_item(item_id, story_id) VALUES (?, ?)
            ON CONFLICT(item_id) DO UPDATE SET story_id = excluded.story_id
            """)
        for row in rows { try assign.execute(arguments: [row.itemID, row.storyID]) }
        let merge = try db.cachedStatement(sql: "INSERT OR REPLACE INTO story_merge(story_id, into_id, item_id) VALUES (?, ?, ?)")
        for row in mergeRows { try merge.execute(arguments: [row.storyID, row.intoID, row.itemID]) }
        let split = try db.cachedStatement(sql: "INSERT INTO story_split(item_id, from_id, into_id, cause_item_id) VALUES (?, ?, ?, ?)")
        for row in splits { try split.execute(arguments: [row.itemID, row.fromID, row.intoID, row.causeItemID]) }
        try db.execute(sql: "INSERT INTO analysis_state(key, value) VALUES ('stories_watermark', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [watermark])
    }

    /// The saved stories whose fact sentences a writer's analysis has still to embed and store,
    /// ascending: the analysis records the stories it changes with them
    /// (``saveStoryChanges(newStories:assignments:merges:splits:watermark:ifStoriesStateIs:snapshot:replacingAll:factsPending:)``)
    /// and clears the record once their sentences are stored (``clearFactsPending(ifStoriesStateIs:)``),
    /// so that a stop or a kill in between leaves them to the next analysis. Ids may name stories
    /// merged away since (follow ``storyMerges()``) or none. Nil when the store has no record (a
    /// store an older Byline analysed, or one analysed without the model since): any saved story
    /// may then lack vectors.
    public func factsPending() throws(StoreError) -> [Int64]? {
        try read { db in try Self.factsPending(db) }
    }

    /// Empties ``factsPending()`` (a missing record included) when the stories are still in the
    /// state `expected` (``storiesState()``): the fact sentences of every story it held were
    /// embedded and stored at that state. Whether it was emptied (false: another process saved
    /// stories meanwhile, and the record stays for the next analysis).
    ///
    /// - Throws: ``StoreError`` when the write fails.
    @discardableResult
    public func clearFactsPending(ifStoriesStateIs expected: String) throws(StoreError) -> Bool {
        try write { db in
            guard try Self.storiesState(db) == expected else { return false }
            try Self.setFactsPending(db, [])
            return true
        }
    }

    static func factsPending(_ db: Database) throws -> [Int64]? {
        try String.fetchOne(db, sql: "SELECT value FROM analysis_state WHERE key = 'facts_pending'")
            .map { $0.split(separator: ",").compactMap { Int64($0) } }
    }

    /// Adds `storyIDs` to the record of ``factsPending()`` when there is one, or `creating` it;
    /// nil drops it.
    static func markFactsPending(_ db: Database, _ storyIDs: [Int64]?, creating: Bool) throws {
        guard let storyIDs else {
            try db.execute(sql: "DELETE FROM analysis_state WHERE key = 'facts_pending'")
            return
        }
        let pending = try factsPending(db)
        guard pending != nil || creating, pending == nil || !storyIDs.isEmpty else { return }
        try setFactsPending(db, Set(pending ?? []).union(storyIDs))
    }

    static func setFactsPending(_ db: Database, _ storyIDs: Set<Int64>) throws {
        try db.execute(sql: "INSERT INTO analysis_state(key, value) VALUES ('facts_pending', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [storyIDs.sorted().map(String.init).joined(separator: ",")])
    }

    /// The highest story id ever saved (merged stories included), 0 when none.
    public func maxStoryID() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM story") ?? 0 }
    }

    /// The recorded merges, in order of the absorbed story id: absorbed id, surviving id and the
    /// item that bridged them.
    public func storyMerges() throws(StoreError) -> [(storyID: Int64, intoID: Int64, itemID: Int64?)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT story_id, into_id, item_id FROM story_merge ORDER BY story_id").map {
                (storyID: $0["story_id"], intoID: $0["into_id"], itemID: $0["item_id"])
            }
        }
    }

    /// The recorded splits, oldest first: items moved out of a story (see
    /// ``saveStoryChanges(newStories:assignments:merges:splits:watermark:)``).
    public func storySplits() throws(StoreError) -> [StorySplitRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT item_id, from_id, into_id, cause_item_id FROM story_split ORDER BY id").map {
                StorySplitRecord(itemID: $0["item_id"], fromID: $0["from_id"], intoID: $0["into_id"], causeItemID: $0["cause_item_id"])
            }
        }
    }

    /// The saved assignment: item id → story id.
    public func storyAssignments() throws(StoreError) -> [Int64: Int64] {
        try read { db in
            var map: [Int64: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT item_id, story_id FROM story_item") {
                map[row["item_id"]] = row["story_id"]
            }
            return map
        }
    }
}

private struct StoryHeadline: Sendable {
    var id: Int64
    var headline: String
}

private struct StoryAssignment: Sendable {
    var itemID: Int64
    var storyID: Int64
}

/// An item moved out of a story by a clustering run (the clusterer's stray check): stored in
/// `story_split`.
public struct StorySplitRecord: Sendable, Hashable {
    /// The item moved.
    public var itemID: Int64
    /// The story id it left.
    public var fromID: Int64
    /// The story id it went to (a new story, or another that took it).
    public var intoID: Int64
    /// The item whose joining the story showed that the moved one did not belong.
    public var causeItemID: Int64?
    /// Creates a record.
    public init(itemID: Int64, fromID: Int64, intoID: Int64, causeItemID: Int64?) {
        self.itemID = itemID
        self.fromID = fromID
        self.intoID = intoID
        self.causeItemID = causeItemID
    }
}

private struct StoryMergeRow: Sendable {
    var storyID: Int64
    var intoID: Int64
    var itemID: Int64
}

