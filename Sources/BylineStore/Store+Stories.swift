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

    /// Replaces the saved stories in one transaction.
    ///
    /// - Parameters:
    ///   - stories: each story's id, headline and item ids; ids must be unique and positive.
    ///   - watermark: the ``itemsWatermark()`` the stories were computed from.
    /// - Throws: ``StoreError`` when the write fails; the old stories then stay as they were.
    public func saveStories(_ stories: [(id: Int64, headline: String, itemIDs: [Int64])], watermark: String) throws(StoreError) {
        let rows = stories.map { StoryRow(id: $0.id, headline: $0.headline, itemIDs: $0.itemIDs) }
        try write { db in
            try db.execute(sql: "DELETE FROM story_item; DELETE FROM story;")
            let insertStory = try db.cachedStatement(sql: "INSERT INTO story(id, headline) VALUES (?, ?)")
            let insertItem = try db.cachedStatement(sql: "INSERT INTO story_item(item_id, story_id) VALUES (?, ?)")
            for story in rows {
                try insertStory.execute(arguments: [story.id, story.headline])
                for item in story.itemIDs { try insertItem.execute(arguments: [item, story.id]) }
            }
            try db.execute(sql: "INSERT INTO analysis_state(key, value) VALUES ('stories_watermark', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [watermark])
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

private struct StoryRow: Sendable {
    var id: Int64
    var headline: String
    var itemIDs: [Int64]
}
