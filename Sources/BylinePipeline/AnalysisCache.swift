import Foundation

/// The clusterer of the last update, kept in memory between the updates of one long-running
/// process (`byline run`), so that the next update goes on from it instead of reading and
/// restoring the saved state (``Analysis/update(_:settings:embedder:rebuild:waitForLock:cache:notice:shouldStop:)``).
///
/// It is used only while the store still holds what that update saved: the same settings, the
/// same stories' state and the same header bytes of the clusterer's state (another process that
/// saved stories since, or `byline analyze --rebuild`, changes them; the update then reads the
/// saved state as without a cache). It holds every open story in memory for as long as the
/// process runs: on SQLite the head of each story restored from the store, its record read and
/// decoded once an update reads the story (on PostgreSQL the records as they were read); see
/// the README for figures.
public final class AnalysisCache: @unchecked Sendable {
    /// What one update left.
    struct Entry {
        var key: String
        var storiesState: String
        var header: Data
        var placement: StoryPlacement
    }

    /// Guards `entry` and `reused`.
    private let lock = NSLock()
    private var entry: Entry?
    private var reused = 0

    /// An empty cache.
    public init() {}

    /// How many updates went on from the kept clusterer (instead of the saved state).
    public var reuses: Int { lock.withLock { reused } }

    /// The entry, removed (an update that fails leaves none).
    func take() -> Entry? {
        lock.withLock {
            defer { entry = nil }
            return entry
        }
    }

    /// Keeps what an update saved.
    func keep(_ kept: Entry) { lock.withLock { entry = kept } }

    /// Counts an update that went on from the kept clusterer.
    func countReuse() { lock.withLock { reused += 1 } }
}
