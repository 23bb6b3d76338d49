public import Foundation

/// The analysis side of a Byline store: saved stories (assignments, merges, splits, the
/// clusterer's state), sentence embeddings of item versions and of fact sentences, and the
/// bounded reads that a time range needs; what the analysis stage of the writers saves and the
/// reading commands (`stories`, `compare`, `report`, `outlets`) read.
///
/// Two back ends conform: ``Store`` (SQLite) and `PostgresStore` (module `BylinePostgres`), on
/// the same schema and with the same rules, so that one analysis runs on either and gives the
/// same stories, facts and reports. ``Store``'s synchronous methods satisfy these requirements
/// as they are.
///
/// Every requirement throws ``StoreError`` only; a failed write is rolled back whole. Vectors are
/// stored as little-endian Float32 bytes (`BLOB` in SQLite, `bytea` in PostgreSQL).
public protocol AnalysisStore: IngestStore {
    /// Whether the store was opened read-only: every write throws ``StoreError/readOnly(path:)``,
    /// and a reader that would only cache derived data (vectors) keeps it in memory instead.
    var isReadOnly: Bool { get }

    /// Runs `body` while this process holds the store's analysis lock, so that one process at a
    /// time brings the stories up to date; returns nil without running it when another holder
    /// (another process, or another open store of the same database) has the lock and `wait` is
    /// false (with `wait`, waits for it, however long). PostgreSQL: a session advisory lock;
    /// SQLite: `flock` on `<database>-analysis.lock` (``Store/analysisLockPath(forDatabase:)``).
    /// Either is released when `body` ends, or the process does, however it ends.
    func withAnalysisLock<T: Sendable>(wait: Bool, _ body: () async throws(StoreError) -> T) async throws(StoreError) -> T?

    // MARK: Stories (see Store+Stories.swift for the rules)

    /// A fingerprint of the stored items and versions: `items:versions:highest version id`.
    func itemsWatermark() async throws(StoreError) -> String
    /// The watermark the saved stories were computed at, or nil when none were saved.
    func storiesWatermark() async throws(StoreError) -> String?
    /// A fingerprint of the saved stories: `watermark|highest story id|assignments|merges|splits`.
    func storiesState() async throws(StoreError) -> String
    /// Saves the result of a clustering run in one transaction (the rules are
    /// ``Store/saveStoryChanges(newStories:assignments:merges:splits:watermark:ifStoriesStateIs:snapshot:replacingAll:factsPending:)``'s),
    /// with the stories whose fact sentences are now to be embedded (``factsPending()``);
    /// whether it was saved (false: the stories' state was no longer `expected`).
    func saveStoryChanges(newStories: [(id: Int64, headline: String)], assignments: [(itemID: Int64, storyID: Int64)],
                          merges: [(storyID: Int64, intoID: Int64, itemID: Int64)], splits: [StorySplitRecord], watermark: String,
                          ifStoriesStateIs expected: String?, snapshot: ClustererSnapshotUpdate?,
                          replacingAll: Bool, factsPending: [Int64]?) async throws(StoreError) -> Bool
    /// The saved stories whose fact sentences a writer's analysis has still to embed and store,
    /// ascending, or nil when the store has no record (any story may lack vectors); the rules are
    /// ``Store/factsPending()``'s.
    func factsPending() async throws(StoreError) -> [Int64]?
    /// Empties the record of ``factsPending()`` when the stories are still in the state
    /// `expected` (``storiesState()``); whether it was emptied.
    @discardableResult
    func clearFactsPending(ifStoriesStateIs expected: String) async throws(StoreError) -> Bool
    /// The highest story id ever saved, 0 when none.
    func maxStoryID() async throws(StoreError) -> Int64
    /// The recorded merges, by absorbed story id.
    func storyMerges() async throws(StoreError) -> [(storyID: Int64, intoID: Int64, itemID: Int64?)]
    /// The recorded splits, oldest first.
    func storySplits() async throws(StoreError) -> [StorySplitRecord]
    /// The saved assignment: item id -> story id.
    func storyAssignments() async throws(StoreError) -> [Int64: Int64]
    /// The saved clusterer state (header and story rows, read together), or nil.
    func clustererSnapshot() async throws(StoreError) -> ClustererSnapshot?
    /// The saved clusterer state's header alone (its ``ClustererSnapshot/stories`` empty), or nil.
    func clustererSnapshotHeader() async throws(StoreError) -> ClustererSnapshot?
    /// The saved clusterer state's header and story heads (``ClustererSnapshot/storyHeads``, read
    /// together; its ``ClustererSnapshot/stories`` empty), or nil when none was saved or its heads
    /// are not complete.
    func clustererSnapshotHeads() async throws(StoreError) -> ClustererSnapshot?
    /// A synchronous reader of single story rows of the saved clusterer state (story id -> its
    /// row, nil when there is none or the read fails), or nil when the back end has none (then
    /// an update reads every row with ``clustererSnapshot()``).
    func clustererStoryReader() -> (@Sendable (Int64) -> Data?)?

    // MARK: Items the analysis places (Store+Analysis.swift)

    /// The ids of the items no story holds yet, ascending.
    func unassignedItemIDs() async throws(StoreError) -> [Int64]
    /// The ids of the items with a version whose row id is above `versionID`, ascending.
    func itemIDs(withVersionsAfter versionID: Int64) async throws(StoreError) -> [Int64]
    /// The saved story of each of these items (merges not followed).
    func storyAssignments(itemIDs: [Int64]) async throws(StoreError) -> [Int64: Int64]
    /// The ids of the items the saved assignment puts in these stories, ascending.
    func itemIDs(inStories storyIDs: [Int64]) async throws(StoreError) -> [Int64]
    /// These items with their versions, ordered by first_seen then id.
    func items(ids: [Int64]) async throws(StoreError) -> [StoredItem]

    // MARK: Time ranges (Store+Window.swift)

    /// The ids of the items first seen, or with a version published, in `[since, until)`, ascending.
    func itemIDs(appearingFrom since: Date?, until: Date?) async throws(StoreError) -> [Int64]
    /// An outlet's `limit` latest items first seen before `until`, latest first.
    func latestItemIDs(outletID: String, before until: Date?, limit: Int) async throws(StoreError) -> [Int64]
    /// The items of `outletID` whose first publisher time is `published`, by id.
    func itemsFirstPublished(at published: Date, outletID: String) async throws(StoreError) -> [ItemFirstDate]
    /// How many stored items no saved story holds.
    func unassignedItemCount() async throws(StoreError) -> Int
    /// How many saved stories hold items.
    func savedStoryCount() async throws(StoreError) -> Int

    // MARK: Embeddings (Store+Embeddings.swift)

    /// The versions without an embedding of `model`, oldest first.
    func versionsWithoutEmbedding(model: String) async throws(StoreError) -> [VersionText]
    /// Gives each version without an embedding the one of another version of its item with the
    /// same embedded text; how many got one.
    @discardableResult
    func reuseEmbeddingsOfSameText(model: String) async throws(StoreError) -> Int
    /// Saves version embeddings in one transaction; a version that has one keeps it.
    func saveEmbeddings(_ embeddings: [(versionID: Int64, vector: [Float])], model: String) async throws(StoreError)
    /// Every stored embedding of `model`: version id -> vector.
    func embeddings(model: String) async throws(StoreError) -> [Int64: [Float]]
    /// The embedding of each item's latest version: item id -> vector.
    func latestEmbeddings(model: String) async throws(StoreError) -> [Int64: [Float]]
    /// The same for these items only.
    func latestEmbeddings(model: String, itemIDs: [Int64]) async throws(StoreError) -> [Int64: [Float]]
    /// The embeddings of every version of these items: version id -> vector; versions without
    /// one are left out.
    func versionEmbeddings(model: String, itemIDs: [Int64]) async throws(StoreError) -> [Int64: [Float]]
    /// The stored sentence vectors of these fact sentences.
    func unitEmbeddings(model: String, texts: [String]) async throws(StoreError) -> [String: [Float]]
    /// Saves sentence vectors in one transaction; a sentence that has one keeps it.
    func saveUnitEmbeddings(_ embeddings: [(text: String, vector: [Float])], model: String) async throws(StoreError)
    /// The stored word-piece embeddings of these sentences.
    func unitTokens(model: String, texts: [String]) async throws(StoreError) -> [String: (ids: [Int32], vectors: [Float])]
    /// Saves word-piece embeddings in one transaction (8 bits a value); a sentence that has them keeps them.
    func saveUnitTokens(_ tokens: [(text: String, ids: [Int32], vectors: [Float])], model: String) async throws(StoreError)
}

extension AnalysisStore {
    /// ``saveStoryChanges(newStories:assignments:merges:splits:watermark:ifStoriesStateIs:snapshot:replacingAll:factsPending:)``
    /// adding no story to ``factsPending()``.
    public func saveStoryChanges(newStories: [(id: Int64, headline: String)], assignments: [(itemID: Int64, storyID: Int64)],
                                 merges: [(storyID: Int64, intoID: Int64, itemID: Int64)], splits: [StorySplitRecord], watermark: String,
                                 ifStoriesStateIs expected: String?, snapshot: ClustererSnapshotUpdate?,
                                 replacingAll: Bool) async throws(StoreError) -> Bool {
        try await saveStoryChanges(newStories: newStories, assignments: assignments, merges: merges, splits: splits, watermark: watermark,
                                   ifStoriesStateIs: expected, snapshot: snapshot, replacingAll: replacingAll, factsPending: [])
    }
}

/// ``Store/withAnalysisLock(wait:_:)`` is in Store+AnalysisLock.swift.
extension Store: AnalysisStore {}
