public import Foundation
public import BylineStore
import NIOCore
import PostgresNIO

/// The analysis side on PostgreSQL: saved stories, the clusterer's state, embeddings, and the
/// reads of a time range, by the rules of the SQLite store (`Store+Stories.swift`,
/// `Store+Analysis.swift`, `Store+Window.swift`, `Store+Embeddings.swift`). Lists of ids and
/// texts are bound as one array (`= ANY($1)`), bulk writes go in one statement over `unnest` of
/// arrays, and vectors are `bytea` of little-endian Float32.
extension PostgresStore: AnalysisStore {
    /// The session advisory lock key (`pg_try_advisory_lock`) held by the process that runs the
    /// analysis stage: "bylineAN" as bytes.
    public static let analysisLock: Int64 = 0x62796C696E65414E

    /// The transaction advisory lock key (`pg_advisory_xact_lock`) that a save of stories holds
    /// while it checks the stories' state and writes: "bylineST" as bytes.
    static let storiesLock: Int64 = 0x62796C696E655354

    /// Runs `body` while holding the advisory lock ``analysisLock`` on a connection of its own
    /// (`pg_try_advisory_lock`, or `pg_advisory_lock` when `wait`); nil, without running `body`,
    /// when another session holds it and `wait` is false. The connection is closed afterwards,
    /// which releases the lock (so does the server when the process dies).
    ///
    /// - Throws: ``BylineStore/StoreError/postgres(url:message:)`` when the lock's connection
    ///   cannot be made; what `body` throws.
    public func withAnalysisLock<T: Sendable>(wait: Bool, _ body: () async throws(StoreError) -> T) async throws(StoreError) -> T? {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try database.connectionConfiguration(readOnly: false),
                                                              id: 2, logger: logger)
        } catch {
            throw storeError(error)
        }
        do {
            if wait {
                try await execute(connection, "SELECT pg_advisory_lock(\(Self.analysisLock))")
            } else {
                let got: Bool = try await row(connection, "SELECT pg_try_advisory_lock(\(Self.analysisLock)) AS got").map { try $0["got"] } ?? false
                if !got {
                    try? await connection.close()
                    return nil
                }
            }
        } catch {
            try? await connection.close()
            throw storeError(error)
        }
        do {
            let result = try await body()
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    // MARK: Stories

    /// A fingerprint of the stored items and versions (as ``BylineStore/Store/itemsWatermark()``).
    public func itemsWatermark() async throws(StoreError) -> String {
        try await reading { connection in
            guard let row = try await self.row(connection, """
                SELECT (SELECT COUNT(*) FROM item) AS items, (SELECT COUNT(*) FROM item_version) AS versions,
                       (SELECT COALESCE(MAX(id), 0) FROM item_version) AS last
                """) else { return "0:0:0" }
            let items: Int64 = try row["items"], versions: Int64 = try row["versions"], last: Int64 = try row["last"]
            return "\(items):\(versions):\(last)"
        }
    }

    /// The watermark the saved stories were computed at, or nil.
    public func storiesWatermark() async throws(StoreError) -> String? {
        try await reading { connection in
            try await self.row(connection, "SELECT value FROM analysis_state WHERE key = 'stories_watermark'").map { try $0["value"] }
        }
    }

    /// A fingerprint of the saved stories (as ``BylineStore/Store/storiesState()``).
    public func storiesState() async throws(StoreError) -> String {
        try await reading { connection in try await self.storiesState(connection) }
    }

    func storiesState(_ connection: PostgresConnection) async throws -> String {
        guard let row = try await row(connection, """
            SELECT (SELECT value FROM analysis_state WHERE key = 'stories_watermark') AS watermark,
                   (SELECT COALESCE(MAX(id), 0) FROM story) AS max_id, (SELECT COUNT(*) FROM story_item) AS items,
                   (SELECT COUNT(*) FROM story_merge) AS merges, (SELECT COUNT(*) FROM story_split) AS splits
            """) else { return "-|0|0|0|0" }
        let watermark: String? = try row["watermark"]
        let maxID: Int64 = try row["max_id"], items: Int64 = try row["items"], merges: Int64 = try row["merges"]
        let splits: Int64 = try row["splits"]
        return "\(watermark ?? "-")|\(maxID)|\(items)|\(merges)|\(splits)"
    }

    /// Saves the result of a clustering run in one transaction, by the rules of
    /// ``BylineStore/Store/saveStoryChanges(newStories:assignments:merges:splits:watermark:ifStoriesStateIs:snapshot:replacingAll:factsPending:)``:
    /// the state check and the writes hold the transaction lock ``storiesLock`` together, so that
    /// another process cannot save between them. Stories, assignments and merges are written
    /// with one statement each.
    @discardableResult
    public func saveStoryChanges(newStories: [(id: Int64, headline: String)], assignments: [(itemID: Int64, storyID: Int64)],
                                 merges: [(storyID: Int64, intoID: Int64, itemID: Int64)],
                                 splits: [StorySplitRecord] = [], watermark: String,
                                 ifStoriesStateIs expected: String? = nil,
                                 snapshot: ClustererSnapshotUpdate? = nil,
                                 replacingAll: Bool = false, factsPending: [Int64]? = []) async throws(StoreError) -> Bool {
        // The last change of an id wins, as SQLite's upserts row by row.
        var storyOf: [Int64: Int64] = [:]
        for row in assignments { storyOf[row.itemID] = row.storyID }
        var mergeOf: [Int64: (intoID: Int64, itemID: Int64)] = [:]
        for row in merges { mergeOf[row.storyID] = (row.intoID, row.itemID) }
        let itemIDs = storyOf.keys.sorted()
        let storyIDs = itemIDs.map { storyOf[$0] ?? 0 }
        let absorbed = mergeOf.keys.sorted()
        let survivors = absorbed.map { mergeOf[$0]?.intoID ?? 0 }
        let bridges = absorbed.map { mergeOf[$0]?.itemID ?? 0 }
        let snapshotData = snapshot.map { ByteBuffer(bytes: $0.data) }
        let snapshotRows = (snapshot?.stories ?? [:]).sorted { $0.key < $1.key }
        let rowIDs = snapshotRows.map(\.key)
        let rowData = snapshotRows.map { ByteBuffer(bytes: $0.value) }
        let headRows = (snapshot?.storyHeads ?? [:]).sorted { $0.key < $1.key }
        let headIDs = headRows.map(\.key)
        let headData = headRows.map { ByteBuffer(bytes: $0.value) }
        let headsComplete: Int64 = snapshot?.headsComplete == true ? 1 : 0
        return try await transaction { connection in
            try await self.execute(connection, "SELECT pg_advisory_xact_lock(\(Self.storiesLock))")
            if let expected, try await self.storiesState(connection) != expected { return false }
            let firstSave = try await self.row(connection, "SELECT value FROM analysis_state WHERE key = 'stories_watermark'") == nil
            let whole = replacingAll || firstSave
            if replacingAll {
                for table in ["story_split", "story_merge", "story_item", "story"] {
                    try await self.execute(connection, PostgresQuery(unsafeSQL: "DELETE FROM \(table)"))
                }
            }
            if !newStories.isEmpty {
                try await self.execute(connection, """
                    INSERT INTO story(id, headline) SELECT * FROM unnest(\(newStories.map(\.id))::bigint[], \(newStories.map(\.headline))::text[])
                    """)
            }
            if !itemIDs.isEmpty {
                try await self.execute(connection, """
                    INSERT INTO story_item(item_id, story_id) SELECT * FROM unnest(\(itemIDs)::bigint[], \(storyIDs)::bigint[])
                    ON CONFLICT(item_id) DO UPDATE SET story_id = excluded.story_id
                    """)
            }
            if !absorbed.isEmpty {
                try await self.execute(connection, """
                    INSERT INTO story_merge(story_id, into_id, item_id)
                    SELECT * FROM unnest(\(absorbed)::bigint[], \(survivors)::bigint[], \(bridges)::bigint[])
                    ON CONFLICT(story_id) DO UPDATE SET into_id = excluded.into_id, item_id = excluded.item_id
                    """)
            }
            // One at a time: their row ids keep the order they happened in.
            for split in splits {
                try await self.execute(connection, """
                    INSERT INTO story_split(item_id, from_id, into_id, cause_item_id)
                    VALUES (\(split.itemID), \(split.fromID), \(split.intoID), \(split.causeItemID))
                    """)
            }
            try await self.execute(connection, """
                INSERT INTO analysis_state(key, value) VALUES ('stories_watermark', \(watermark))
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """)
            if let factsPending {
                // As SQLite's: a missing record is made only when these are all the stories.
                let pending = try await self.factsPending(connection)
                if pending != nil || whole, pending == nil || !factsPending.isEmpty {
                    try await self.setFactsPending(connection, Set(pending ?? []).union(factsPending))
                }
            } else {
                try await self.execute(connection, "DELETE FROM analysis_state WHERE key = 'facts_pending'")
            }
            if let snapshot, let snapshotData {
                let state = try await self.storiesState(connection)
                try await self.execute(connection, """
                    INSERT INTO clusterer_snapshot(id, settings, stories_state, data, story_heads)
                    VALUES (1, \(snapshot.settings), \(state), \(snapshotData), \(headsComplete))
                    ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, stories_state = excluded.stories_state, data = excluded.data,
                      story_heads = excluded.story_heads
                    """)
                if snapshot.replacingStories {
                    try await self.execute(connection, "DELETE FROM clusterer_story")
                    try await self.execute(connection, "DELETE FROM clusterer_story_head")
                } else if !snapshot.removedStories.isEmpty {
                    try await self.execute(connection, "DELETE FROM clusterer_story WHERE story_id = ANY(\(snapshot.removedStories))")
                    try await self.execute(connection, "DELETE FROM clusterer_story_head WHERE story_id = ANY(\(snapshot.removedStories))")
                }
                if !rowIDs.isEmpty {
                    try await self.execute(connection, """
                        INSERT INTO clusterer_story(story_id, data) SELECT * FROM unnest(\(rowIDs)::bigint[], \(rowData)::bytea[])
                        ON CONFLICT(story_id) DO UPDATE SET data = excluded.data
                        """)
                }
                if !headIDs.isEmpty {
                    try await self.execute(connection, """
                        INSERT INTO clusterer_story_head(story_id, data) SELECT * FROM unnest(\(headIDs)::bigint[], \(headData)::bytea[])
                        ON CONFLICT(story_id) DO UPDATE SET data = excluded.data
                        """)
                }
            } else {
                try await self.execute(connection, "DELETE FROM clusterer_snapshot")
                try await self.execute(connection, "DELETE FROM clusterer_story")
                try await self.execute(connection, "DELETE FROM clusterer_story_head")
            }
            return true
        }
    }

    /// The saved stories whose fact sentences a writer's analysis has still to embed and store,
    /// or nil when the store has no record (as ``BylineStore/Store/factsPending()``).
    public func factsPending() async throws(StoreError) -> [Int64]? {
        try await reading { connection in try await self.factsPending(connection) }
    }

    /// Empties the record of ``factsPending()`` when the stories are still in the state
    /// `expected` (as ``BylineStore/Store/clearFactsPending(ifStoriesStateIs:)``), holding
    /// ``storiesLock`` as a save of stories does.
    @discardableResult
    public func clearFactsPending(ifStoriesStateIs expected: String) async throws(StoreError) -> Bool {
        try await transaction { connection in
            try await self.execute(connection, "SELECT pg_advisory_xact_lock(\(Self.storiesLock))")
            guard try await self.storiesState(connection) == expected else { return false }
            try await self.setFactsPending(connection, [])
            return true
        }
    }

    func factsPending(_ connection: PostgresConnection) async throws -> [Int64]? {
        try await row(connection, "SELECT value FROM analysis_state WHERE key = 'facts_pending'").map { row in
            let value: String = try row["value"]
            return value.split(separator: ",").compactMap { Int64($0) }
        }
    }

    func setFactsPending(_ connection: PostgresConnection, _ storyIDs: Set<Int64>) async throws {
        let value = storyIDs.sorted().map(String.init).joined(separator: ",")
        try await execute(connection, """
            INSERT INTO analysis_state(key, value) VALUES ('facts_pending', \(value))
            ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """)
    }

    /// The highest story id ever saved, 0 when none.
    public func maxStoryID() async throws(StoreError) -> Int64 {
        try await reading { connection in
            try await self.row(connection, "SELECT COALESCE(MAX(id), 0) AS id FROM story").map { try $0["id"] } ?? 0
        }
    }

    /// The recorded merges, by absorbed story id.
    public func storyMerges() async throws(StoreError) -> [(storyID: Int64, intoID: Int64, itemID: Int64?)] {
        try await reading { connection in
            try await self.rows(connection, "SELECT story_id, into_id, item_id FROM story_merge ORDER BY story_id").map {
                (storyID: try $0["story_id"], intoID: try $0["into_id"], itemID: try $0["item_id"])
            }
        }
    }

    /// The recorded splits, oldest first.
    public func storySplits() async throws(StoreError) -> [StorySplitRecord] {
        try await reading { connection in
            try await self.rows(connection, "SELECT item_id, from_id, into_id, cause_item_id FROM story_split ORDER BY id").map {
                StorySplitRecord(itemID: try $0["item_id"], fromID: try $0["from_id"], intoID: try $0["into_id"],
                                 causeItemID: try $0["cause_item_id"])
            }
        }
    }

    /// The saved assignment: item id -> story id.
    public func storyAssignments() async throws(StoreError) -> [Int64: Int64] {
        try await reading { connection in
            try await self.assignments(connection, "SELECT item_id, story_id FROM story_item")
        }
    }

    /// The saved clusterer state: its header and every story row, read in one `REPEATABLE READ`
    /// transaction (so that they agree while another process saves), or nil.
    public func clustererSnapshot() async throws(StoreError) -> ClustererSnapshot? {
        try await readingConsistently { connection in
            guard var snapshot = try await self.row(connection, "SELECT settings, stories_state, data, story_heads FROM clusterer_snapshot WHERE id = 1").map({
                ClustererSnapshot(settings: try $0["settings"], storiesState: try $0["stories_state"], data: try $0["data"],
                                  headsComplete: try ($0["story_heads"] as Int64) == 1)
            }) else { return nil }
            for row in try await self.rows(connection, "SELECT story_id, data FROM clusterer_story") {
                let id: Int64 = try row["story_id"], data: Data = try row["data"]
                snapshot.stories[id] = data
            }
            return snapshot
        }
    }

    /// The saved clusterer state's header and story heads, read in one `REPEATABLE READ`
    /// transaction, or nil when none was saved or its heads are not complete (as
    /// ``BylineStore/Store/clustererSnapshotHeads()``).
    public func clustererSnapshotHeads() async throws(StoreError) -> ClustererSnapshot? {
        try await readingConsistently { connection in
            guard let row = try await self.row(connection, "SELECT settings, stories_state, data, story_heads FROM clusterer_snapshot WHERE id = 1")
            else { return nil }
            let complete: Int64 = try row["story_heads"]
            guard complete == 1 else { return nil }
            var snapshot = ClustererSnapshot(settings: try row["settings"], storiesState: try row["stories_state"], data: try row["data"],
                                             headsComplete: true)
            for row in try await self.rows(connection, "SELECT story_id, data FROM clusterer_story_head") {
                let id: Int64 = try row["story_id"], data: Data = try row["data"]
                snapshot.storyHeads[id] = data
            }
            return snapshot
        }
    }

    /// None: the update reads every story row ahead (``clustererSnapshot()``) instead of one
    /// query per story it reads.
    public func clustererStoryReader() -> (@Sendable (Int64) -> Data?)? { nil }

    /// The saved clusterer state's header alone (no story rows), or nil.
    public func clustererSnapshotHeader() async throws(StoreError) -> ClustererSnapshot? {
        try await reading { connection in
            try await self.row(connection, "SELECT settings, stories_state, data FROM clusterer_snapshot WHERE id = 1").map {
                ClustererSnapshot(settings: try $0["settings"], storiesState: try $0["stories_state"], data: try $0["data"])
            }
        }
    }

    // MARK: Items the analysis places

    /// The ids of the items no story holds yet, ascending.
    /// (As ``BylineStore/Store/unassignedItemIDs()``: when the items up to the highest assigned
    /// id are as many as the assignments, those above it, read as a range of the key; the two
    /// reads in one `REPEATABLE READ` transaction.)
    public func unassignedItemIDs() async throws(StoreError) -> [Int64] {
        try await readingConsistently { connection in
            let row = try await self.row(connection, "SELECT COALESCE(MAX(item_id), 0) AS top, COUNT(*) AS assigned FROM story_item")
            let top: Int64 = try row?["top"] ?? 0, assigned: Int64 = try row?["assigned"] ?? 0
            let below: Int64 = try await self.row(connection, "SELECT COUNT(*) AS n FROM item WHERE id <= \(top)").map { try $0["n"] } ?? -1
            let query: PostgresQuery = below == assigned ? "SELECT id FROM item WHERE id > \(top) ORDER BY id"
                : "SELECT id FROM item WHERE NOT EXISTS (SELECT 1 FROM story_item s WHERE s.item_id = item.id) ORDER BY id"
            return try await connection.query(query, logger: self.logger).collect().map { try $0.makeRandomAccess()[0].decode(Int64.self) }
        }
    }

    /// The ids of the items with a version above `versionID` (of the feed that first carried
    /// the item), ascending.
    public func itemIDs(withVersionsAfter versionID: Int64) async throws(StoreError) -> [Int64] {
        try await ids("""
            SELECT DISTINCT v.item_id FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
            WHERE v.id > \(versionID) ORDER BY v.item_id
            """)
    }

    /// The saved story of each of these items (merges not followed).
    public func storyAssignments(itemIDs: [Int64]) async throws(StoreError) -> [Int64: Int64] {
        guard !itemIDs.isEmpty else { return [:] }
        return try await reading { connection in
            try await self.assignments(connection, "SELECT item_id, story_id FROM story_item WHERE item_id = ANY(\(itemIDs))")
        }
    }

    /// The ids of the items in these stories, ascending.
    public func itemIDs(inStories storyIDs: [Int64]) async throws(StoreError) -> [Int64] {
        guard !storyIDs.isEmpty else { return [] }
        return try await ids("SELECT item_id FROM story_item WHERE story_id = ANY(\(storyIDs)) ORDER BY item_id")
    }

    /// These items with their versions, ordered by first_seen then id; ids not stored are left out.
    public func items(ids: [Int64]) async throws(StoreError) -> [StoredItem] {
        guard !ids.isEmpty else { return [] }
        let unique = Array(Set(ids)).sorted()
        return try await readingConsistently { connection in try await self.items(connection, ids: unique) }
    }

    // MARK: Time ranges

    /// The ids of the items first seen, or with a version published, in `[since, until)` (nil
    /// bounds are open), ascending.
    public func itemIDs(appearingFrom since: Date?, until: Date?) async throws(StoreError) -> [Int64] {
        try await ids("""
            SELECT id FROM item WHERE (\(since)::timestamptz IS NULL OR first_seen >= \(since))
              AND (\(until)::timestamptz IS NULL OR first_seen < \(until))
            UNION SELECT v.item_id FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
              WHERE v.published IS NOT NULL
              AND (\(since)::timestamptz IS NULL OR v.published >= \(since)) AND (\(until)::timestamptz IS NULL OR v.published < \(until))
            ORDER BY 1
            """)
    }

    /// An outlet's `limit` latest items first seen before `until` (all when nil), latest first.
    public func latestItemIDs(outletID: String, before until: Date?, limit: Int) async throws(StoreError) -> [Int64] {
        try await ids("""
            SELECT id FROM item WHERE outlet_id = \(outletID) AND (\(until)::timestamptz IS NULL OR first_seen < \(until))
            ORDER BY first_seen DESC, id DESC LIMIT \(Int64(limit))
            """)
    }

    /// The items of `outletID` whose publisher time as first seen is `published`, by id.
    public func itemsFirstPublished(at published: Date, outletID: String) async throws(StoreError) -> [ItemFirstDate] {
        try await reading { connection in
            try await self.rows(connection, """
                SELECT i.id, i.published,
                  (SELECT w.published FROM item_version w WHERE w.item_id = i.id AND w.feed_id = i.feed_id
                   ORDER BY w.seen_at, w.id LIMIT 1) AS first_published,
                  (SELECT w.seen_at FROM item_version w WHERE w.item_id = i.id AND w.feed_id = i.feed_id
                   ORDER BY w.seen_at, w.id LIMIT 1) AS first_seen_at
                FROM item i
                WHERE i.id IN (SELECT item_id FROM item_version WHERE published = \(published)) AND i.outlet_id = \(outletID)
                ORDER BY i.id
                """).compactMap { row -> ItemFirstDate? in
                let first: Date? = try row["first_published"] ?? row["published"]
                guard let first, first == published, let seen: Date = try row["first_seen_at"] else { return nil }
                return ItemFirstDate(itemID: try row["id"], outletID: outletID, published: first, firstSeen: seen)
            }
        }
    }

    /// How many stored items no saved story holds.
    public func unassignedItemCount() async throws(StoreError) -> Int {
        try await count("SELECT (SELECT COUNT(*) FROM item) - (SELECT COUNT(*) FROM story_item) AS n")
    }

    /// How many saved stories hold items.
    public func savedStoryCount() async throws(StoreError) -> Int {
        try await count("SELECT COUNT(DISTINCT story_id) AS n FROM story_item")
    }

    // MARK: Embeddings

    /// The versions (of the feed that first carried their item) without an embedding of
    /// `model`, oldest first.
    public func versionsWithoutEmbedding(model: String) async throws(StoreError) -> [VersionText] {
        try await reading { connection in
            try await self.rows(connection, """
                SELECT v.id, v.title, v.summary, substr(v.content, 1, 2000) AS content
                FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
                WHERE NOT EXISTS (SELECT 1 FROM version_embedding e WHERE e.version_id = v.id AND e.model = \(model))
                ORDER BY v.id
                """).map {
                VersionText(versionID: try $0["id"], title: (try $0["title"] as String?) ?? "", summary: (try $0["summary"] as String?) ?? "",
                            content: try $0["content"])
            }
        }
    }

    /// Gives each version without an embedding of `model` the stored one of another version of
    /// its item with the same title, summary and first 2,000 characters of content, in one
    /// statement (as ``BylineStore/Store/reuseEmbeddingsOfSameText(model:)``); how many got one.
    @discardableResult
    public func reuseEmbeddingsOfSameText(model: String) async throws(StoreError) -> Int {
        try await transaction { connection in
            try await self.row(connection, """
                WITH added AS (
                  INSERT INTO version_embedding(version_id, model, vector)
                  SELECT id, \(model), vector FROM (
                    SELECT v.id, (SELECT e.vector FROM item_version w
                                  JOIN version_embedding e ON e.version_id = w.id AND e.model = \(model)
                                  WHERE w.item_id = v.item_id AND w.id <> v.id
                                    AND w.title IS NOT DISTINCT FROM v.title AND w.summary IS NOT DISTINCT FROM v.summary
                                    AND substr(w.content, 1, 2000) IS NOT DISTINCT FROM substr(v.content, 1, 2000)
                                  ORDER BY w.id LIMIT 1) AS vector
                    FROM item_version v
                    WHERE NOT EXISTS (SELECT 1 FROM version_embedding e WHERE e.version_id = v.id AND e.model = \(model))
                  ) AS found WHERE vector IS NOT NULL
                  ON CONFLICT DO NOTHING
                  RETURNING 1
                )
                SELECT COUNT(*) AS n FROM added
                """).map { Int(try $0["n"] as Int64) } ?? 0
        }
    }

    /// Saves version embeddings of `model` in one statement; a version that has one keeps it.
    public func saveEmbeddings(_ embeddings: [(versionID: Int64, vector: [Float])], model: String) async throws(StoreError) {
        guard !embeddings.isEmpty else { return }
        let ids = embeddings.map(\.versionID)
        let vectors = embeddings.map { ByteBuffer(bytes: Store.blob($0.vector)) }
        try await transaction { connection in
            try await self.execute(connection, """
                INSERT INTO version_embedding(version_id, model, vector)
                SELECT id, \(model), vector FROM unnest(\(ids)::bigint[], \(vectors)::bytea[]) AS t(id, vector)
                ON CONFLICT DO NOTHING
                """)
        }
    }

    /// Every stored embedding of `model`: version id -> vector.
    public func embeddings(model: String) async throws(StoreError) -> [Int64: [Float]] {
        try await vectors("SELECT version_id AS id, vector FROM version_embedding WHERE model = \(model)")
    }

    /// The embedding of each item's latest version (of the feed that first carried it; latest
    /// by first-seen time, then id): item id -> vector; items whose latest version has none are
    /// left out.
    public func latestEmbeddings(model: String) async throws(StoreError) -> [Int64: [Float]] {
        try await latestVectors(model: model, itemIDs: nil)
    }

    /// The same for these items only.
    public func latestEmbeddings(model: String, itemIDs: [Int64]) async throws(StoreError) -> [Int64: [Float]] {
        guard !itemIDs.isEmpty else { return [:] }
        return try await latestVectors(model: model, itemIDs: itemIDs)
    }

    /// ``latestEmbeddings(model:itemIDs:)`` for these items, or for every item when `itemIDs` is nil.
    private func latestVectors(model: String, itemIDs: [Int64]?) async throws(StoreError) -> [Int64: [Float]] {
        try await vectors("""
            SELECT v.item_id AS id, e.vector FROM item_version v
            JOIN version_embedding e ON e.version_id = v.id AND e.model = \(model)
            WHERE (\(itemIDs)::bigint[] IS NULL OR v.item_id = ANY(\(itemIDs)))
              AND v.id = (SELECT w.id FROM item_version w JOIN item i ON i.id = w.item_id AND i.feed_id = w.feed_id
                          WHERE w.item_id = v.item_id ORDER BY w.seen_at DESC, w.id DESC LIMIT 1)
            """)
    }

    /// The embeddings of `model` of every version of these items (of the feed that first carried
    /// each, as ``BylineStore/StoredItem/versions``): version id -> vector; versions without one
    /// are left out.
    public func versionEmbeddings(model: String, itemIDs: [Int64]) async throws(StoreError) -> [Int64: [Float]] {
        guard !itemIDs.isEmpty else { return [:] }
        return try await vectors("""
            SELECT v.id AS id, e.vector FROM item_version v
            JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
            JOIN version_embedding e ON e.version_id = v.id AND e.model = \(model)
            WHERE v.item_id = ANY(\(itemIDs))
            """)
    }

    /// The stored sentence vectors of these fact sentences, whatever their length: found through
    /// the index of `(model, md5(text))` (migration v14-unit-text-key; a b-tree entry holds at
    /// most about 2,700 bytes, so the sentence itself cannot be the key), the text compared whole.
    public func unitEmbeddings(model: String, texts: [String]) async throws(StoreError) -> [String: [Float]] {
        guard !texts.isEmpty else { return [:] }
        return try await reading { connection in
            var result: [String: [Float]] = [:]
            for row in try await self.rows(connection, """
                SELECT u.text, u.vector FROM unnest(\(texts)::text[]) AS t(text)
                JOIN unit_embedding u ON u.model = \(model) AND md5(u.text) = md5(t.text) AND u.text = t.text
                """) {
                result[try row["text"]] = Store.vector(try row["vector"])
            }
            return result
        }
    }

    /// Saves sentence vectors in one statement; a sentence that has one keeps it (one row per
    /// model and MD5 digest of the sentence: of two sentences with the same digest, the second
    /// is not saved and is embedded again when read).
    public func saveUnitEmbeddings(_ embeddings: [(text: String, vector: [Float])], model: String) async throws(StoreError) {
        guard !embeddings.isEmpty else { return }
        let texts = embeddings.map(\.text)
        let vectors = embeddings.map { ByteBuffer(bytes: Store.blob($0.vector)) }
        try await transaction { connection in
            try await self.execute(connection, """
                INSERT INTO unit_embedding(model, text, vector)
                SELECT \(model), text, vector FROM unnest(\(texts)::text[], \(vectors)::bytea[]) AS t(text, vector)
                ON CONFLICT DO NOTHING
                """)
        }
    }

    /// The stored word-piece embeddings of these sentences (as ``BylineStore/Store/unitTokens(model:texts:)``),
    /// found as ``unitEmbeddings(model:texts:)`` finds vectors.
    public func unitTokens(model: String, texts: [String]) async throws(StoreError) -> [String: (ids: [Int32], vectors: [Float])] {
        guard !texts.isEmpty else { return [:] }
        return try await reading { connection in
            var result: [String: (ids: [Int32], vectors: [Float])] = [:]
            for row in try await self.rows(connection, """
                SELECT u.text, u.ids, u.vectors FROM unnest(\(texts)::text[]) AS t(text)
                JOIN unit_tokens u ON u.model = \(model) AND md5(u.text) = md5(t.text) AND u.text = t.text
                """) {
                let ids = Store.vector(try row["ids"]).map { Int32(bitPattern: $0.bitPattern) }
                if let vectors = Store.dequantized(try row["vectors"], rows: ids.count) { result[try row["text"]] = (ids, vectors) }
            }
            return result
        }
    }

    /// Saves word-piece embeddings in one statement (8 bits a value, as
    /// ``BylineStore/Store/saveUnitTokens(_:model:)``); a sentence that has them keeps them (as
    /// ``saveUnitEmbeddings(_:model:)``).
    public func saveUnitTokens(_ tokens: [(text: String, ids: [Int32], vectors: [Float])], model: String) async throws(StoreError) {
        let kept = tokens.filter { !$0.ids.isEmpty && $0.vectors.count % $0.ids.count == 0 }
        guard !kept.isEmpty else { return }
        let texts = kept.map(\.text)
        let ids = kept.map { ByteBuffer(bytes: Store.blob($0.ids.map { Float(bitPattern: UInt32(bitPattern: $0)) })) }
        let vectors = kept.map { ByteBuffer(bytes: Store.quantized($0.vectors, rows: $0.ids.count)) }
        try await transaction { connection in
            try await self.execute(connection, """
                INSERT INTO unit_tokens(model, text, ids, vectors)
                SELECT \(model), text, ids, vectors FROM unnest(\(texts)::text[], \(ids)::bytea[], \(vectors)::bytea[]) AS t(text, ids, vectors)
                ON CONFLICT DO NOTHING
                """)
        }
    }

    // MARK: Helpers

    /// The first column of each row of `query`, as row ids.
    private func ids(_ query: PostgresQuery) async throws(StoreError) -> [Int64] {
        try await reading { connection in
            try await connection.query(query, logger: self.logger).collect().map { try $0.makeRandomAccess()[0].decode(Int64.self) }
        }
    }

    /// The `n` column of the one row of `query`.
    private func count(_ query: PostgresQuery) async throws(StoreError) -> Int {
        try await reading { connection in
            try await self.row(connection, query).map { Int(try $0["n"] as Int64) } ?? 0
        }
    }

    /// `id -> vector` from the `id` and `vector` columns of `query`.
    private func vectors(_ query: PostgresQuery) async throws(StoreError) -> [Int64: [Float]] {
        try await reading { connection in
            var result: [Int64: [Float]] = [:]
            for row in try await self.rows(connection, query) { result[try row["id"]] = Store.vector(try row["vector"]) }
            return result
        }
    }

    /// `item_id -> story_id` from the rows of `query`.
    private func assignments(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        for row in try await rows(connection, query) { map[try row["item_id"]] = try row["story_id"] }
        return map
    }
}
