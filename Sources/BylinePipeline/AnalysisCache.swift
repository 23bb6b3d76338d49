import BylineStories
import Foundation

/// The clusterer of the last update, kept in memory between the updates of one long-running
/// process (`byline run`), so that the next update goes on from it instead of reading and
/// restoring the saved state (``Analysis/update(_:settings:embedder:rebuild:waitForLock:cache:notice:shouldStop:)``).
///
/// It is used only while the store still holds what that update saved: the same settings, the
/// same stories' state and the same header of the clusterer's state, compared by its length and
/// a 64-bit digest of its bytes (another process that saved stories since, or `byline analyze
/// --rebuild`, changes them; the update then reads the saved state as without a cache).
///
/// On a store that reads single story rows (SQLite, ``BylineStore/AnalysisStore/clustererStoryReader()``),
/// the stories whose latest item is more than ``parkingAge`` older than the newest item are
/// parked after each save (``BylineStories/StoryClusterer/park(idleFor:records:)``): their
/// centroids, member samples and embedding sums leave memory, and a later update reads a
/// story's row back when it reads the story (a candidate of a new item, a merge, its horizon
/// passing), so that the process holds the recent stories, not every story of the horizon
/// (365 days by default), and places items as without parking. On PostgreSQL every open story
/// stays in memory as the update read it. Figures: docs/benchmarks.md.
public final class AnalysisCache: @unchecked Sendable {
    /// What one update left.
    struct Entry {
        var key: String
        var storiesState: String
        /// The saved header's length and digest, not its bytes: the clusterer holds what they
        /// encode (its vocabulary, read from the header it was restored from and the terms
        /// added since), and a second copy of the header (about 40 bytes a term) would stay in
        /// memory for as long as the process runs.
        var header: HeaderDigest
        var placement: StoryPlacement
    }

    /// The length of a clusterer state's header and a 64-bit digest of its bytes, to tell
    /// whether the store still holds the header an update saved.
    struct HeaderDigest: Equatable {
        var count: Int
        var digest: UInt64

        /// The digest of `bytes`: 8 bytes at a time (little-endian words, the last one padded
        /// with zeros), each mixed in by a multiply and a rotation.
        init(_ bytes: Data) {
            count = bytes.count
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset + 8 <= raw.count {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    hash = ((hash ^ word) &* 0x9E37_79B9_7F4A_7C15).rotatedLeft(by: 29)
                    offset += 8
                }
                var last: UInt64 = 0
                for (shift, byte) in raw[offset...].enumerated() { last |= UInt64(byte) << (8 * UInt64(shift)) }
                hash = ((hash ^ last) &* 0x9E37_79B9_7F4A_7C15).rotatedLeft(by: 29)
            }
            digest = hash ^ (hash >> 32)
        }
    }

    /// Seconds a story may stay without a new item before it is parked, or nil: the clustering
    /// settings' ``BylineStories/ClusterSettings/semanticWindow`` (3 days by default) when the
    /// items carry embeddings (the semantic scan reads every story of that window for each new
    /// item), else ``lexicalParkingAge``.
    public let parkingAge: TimeInterval?

    /// The parking age on words only (no embeddings), seconds: a day. Only a story that shares
    /// heavy terms with a new item is read then, whatever its age.
    public static let lexicalParkingAge: TimeInterval = 86_400

    /// Guards `entry`, `reused` and `counts`.
    private let lock = NSLock()
    private var entry: Entry?
    private var reused = 0
    private var counts: (open: Int, inMemory: Int)?

    /// An empty cache.
    ///
    /// - Parameter parkingAge: seconds a story may stay without a new item before it leaves
    ///   memory (see ``parkingAge``); nil: the default.
    public init(parkingAge: TimeInterval? = nil) {
        self.parkingAge = parkingAge
    }

    /// How many updates went on from the kept clusterer (instead of the saved state).
    public var reuses: Int { lock.withLock { reused } }

    /// The open stories (those in the candidate index) of the clusterer the last saving update
    /// kept, and how many of them it holds in memory (not parked), or nil when none was kept.
    public var keptStories: (open: Int, inMemory: Int)? { lock.withLock { counts } }

    /// The parking age for these settings, with or without embeddings.
    func parkingAge(_ settings: ClusterSettings, semantic: Bool) -> TimeInterval {
        parkingAge ?? (semantic ? settings.semanticWindow : Self.lexicalParkingAge)
    }

    /// The entry, removed (an update that fails leaves none).
    func take() -> Entry? {
        lock.withLock {
            defer { entry = nil }
            return entry
        }
    }

    /// The length of the saved header that the kept entry compares with (its bytes are not
    /// kept), or nil when none is kept.
    var keptHeaderCount: Int? { lock.withLock { entry?.header.count } }

    /// Keeps what an update saved.
    func keep(_ kept: Entry) {
        let stories = (kept.placement.clusterer.activeStoryCount, kept.placement.clusterer.decodedStoryCount)
        lock.withLock {
            entry = kept
            counts = stories
        }
    }

    /// Counts an update that went on from the kept clusterer.
    func countReuse() { lock.withLock { reused += 1 } }
}

extension UInt64 {
    /// The bits rotated left by `count` (below 64).
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
