public import Foundation

/// The ingest side of a Byline store: outlets, feeds and their schedule, the pull log, items and
/// item versions; what `pull`, `run` and `import` write.
///
/// Two back ends conform: ``Store`` (one SQLite file, the default) and `PostgresStore` (module
/// `BylinePostgres`, a PostgreSQL database shared by several `byline run` workers). Both keep the
/// same schema (the migrations of ``Schema`` and their PostgreSQL twins) and the same rules for
/// recording a pull, so that one test suite runs against both. ``Store``'s synchronous methods
/// satisfy these requirements as they are; callers that hold a concrete ``Store`` keep calling
/// them synchronously.
///
/// Every requirement throws ``StoreError`` only; a failed write is rolled back whole.
public protocol IngestStore: Sendable {
    /// Where the store is, for messages: the SQLite file path, or the PostgreSQL URL without its
    /// password.
    var location: String { get }

    /// Whether several processes may pull from this store at once, each taking due feeds with a
    /// lease (``lease(feedIDs:owner:now:until:isDue:)``): true for PostgreSQL. A store that does
    /// not share its schedule (SQLite) is pulled by one process, which needs no lease.
    var sharesSchedule: Bool { get }

    /// Inserts the outlet, or updates its name, homepage, country and language (non-nil ones)
    /// and its aliases (replaced by the given list).
    func upsertOutlet(_ outlet: OutletInfo) async throws(StoreError)

    /// Inserts the outlet unless its id is already stored.
    func upsertOutletIfMissing(_ outlet: OutletInfo) async throws(StoreError)

    /// All outlets, sorted by id.
    func outlets() async throws(StoreError) -> [OutletInfo]

    /// The stored feed with this URL, created for `outletID` if it is new.
    func feed(outletID: String, url: String) async throws(StoreError) -> FeedState

    /// All stored feeds, by outlet then URL.
    func feeds() async throws(StoreError) -> [FeedState]

    /// The times (UTC) of every recorded pull of the feed.
    func pullTimes(feedID: Int64) async throws(StoreError) -> Set<Date>

    /// Records one pull and, for a successful one, its items and new versions, in one
    /// transaction (the rules are ``Store/record(_:)``'s).
    @discardableResult
    func record(_ pull: PullInput) async throws(StoreError) -> PullSummary

    /// Records one pull and the feed's new schedule in one transaction (the rules are
    /// ``Store/record(_:schedule:)``'s); on a store that shares its schedule this also ends the
    /// feed's lease.
    @discardableResult
    func record(_ pull: PullInput, schedule: @Sendable (PullSummary) -> Store.ScheduleUpdate) async throws(StoreError) -> PullSummary

    /// The feed configured as `configURL` for `outletID`, created if new.
    func scheduledFeed(outletID: String, configURL: String) async throws(StoreError) -> Store.ScheduledFeed

    /// The feed with row id `id` and its schedule, or `nil` when there is none.
    func scheduledFeed(id: Int64) async throws(StoreError) -> Store.ScheduledFeed?

    /// Every feed with its schedule, by outlet then current URL.
    func scheduledFeeds() async throws(StoreError) -> [Store.ScheduledFeed]

    /// The pull log of a feed, oldest first.
    func pullLog(feedID: Int64) async throws(StoreError) -> [Store.PullLogEntry]

    /// The redirects recorded in the pull log for a feed, oldest pull first.
    func pullRedirects(feedID: Int64) async throws(StoreError) -> [String]

    /// Every stored item with its versions (oldest first), ordered by first_seen then id.
    func items() async throws(StoreError) -> [StoredItem]

    /// Items and pull counts per outlet, sorted by outlet id.
    func outletStats() async throws(StoreError) -> [OutletPullStats]

    /// Counts of rows in the main tables: `outlet`, `feed`, `pull`, `item`, `item_version`.
    func counts() async throws(StoreError) -> [String: Int]

    /// Takes the due feeds among `feedIDs` for `owner` until `until` (UTC), so that no other
    /// worker pulls them meanwhile.
    ///
    /// Each feed's row is read afresh (another worker may have pulled it since the caller last
    /// looked); a feed is taken when `isDue` says so of the fresh row and no other owner's lease
    /// on it runs past `now`. A lease ends when the pull is recorded
    /// (``record(_:schedule:)``), or at `until` when the worker dies first: then another worker
    /// takes the feed over.
    ///
    /// - Returns: What happened to each feed; a feed missing from the answer is being leased by
    ///   another worker at this very moment (its row is locked): ask again shortly.
    func lease(
        feedIDs: [Int64], owner: String, now: Date, until: Date, isDue: @Sendable (Store.ScheduledFeed) -> Bool
    ) async throws(StoreError) -> [Int64: FeedLease]
}

/// The answer of ``IngestStore/lease(feedIDs:owner:now:until:isDue:)`` for one feed.
public enum FeedLease: Sendable, Hashable {
    /// Taken: pull it now. The feed as stored now.
    case taken(Store.ScheduledFeed)
    /// Not due after all (another worker pulled it): the feed as stored now.
    case notDue(Store.ScheduledFeed)
    /// Another worker holds it until this time (UTC); the feed as stored now.
    case held(until: Date, Store.ScheduledFeed)
}

extension Store: IngestStore {
    /// The database file path.
    public var location: String { path }

    /// False: one SQLite file is pulled by one process.
    public var sharesSchedule: Bool { false }

    /// Takes every due feed without writing anything: a SQLite store is pulled by one process
    /// (``IngestStore/sharesSchedule`` is false), so there is no other worker to keep out.
    public func lease(
        feedIDs: [Int64], owner: String, now: Date, until: Date, isDue: @Sendable (Store.ScheduledFeed) -> Bool
    ) throws(StoreError) -> [Int64: FeedLease] {
        var leases: [Int64: FeedLease] = [:]
        for id in feedIDs {
            guard let feed = try scheduledFeed(id: id) else { continue }
            leases[id] = isDue(feed) ? .taken(feed) : .notDue(feed)
        }
        return leases
    }
}
