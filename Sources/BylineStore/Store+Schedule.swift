public import Foundation
import GRDB

extension Store {
    /// A feed with its pull schedule: the state of ``FeedState`` plus when it is due, its adapted
    /// interval, Retry-After, retirement and a pending permanent move.
    ///
    /// Stored in the `feed` table (migration `v2-schedule`), so that a restart of `byline run` or
    /// the next `byline pull` continues the schedule where it was.
    public struct ScheduledFeed: Sendable, Hashable {
        /// The feed's row and last pull.
        public var state: FeedState
        /// The URL as written in the config (the key that finds this row again after the feed
        /// moved); `nil` for feeds made by `byline import`.
        public var configURL: String?
        /// When the feed is next due (UTC); `nil` when it was never scheduled (due now).
        public var nextDueAt: Date?
        /// The current adapted pull interval in seconds; `nil` before the first scheduled pull.
        public var interval: Double?
        /// Until when the server asked not to be pulled (Retry-After with 429/503), UTC; a pull
        /// never goes out before it, not even with `byline pull --all`.
        public var retryUntil: Date?
        /// When the feed was retired (410 Gone, RFC 9110 §15.5.11); a retired feed is never pulled.
        public var retiredAt: Date?
        /// The URL a permanent redirect (301/308) pointed to, while the move is not yet adopted.
        public var movedTo: String?
        /// On how many consecutive pulls the move to ``movedTo`` was seen.
        public var movedSeen: Int
        /// When the last 200 arrived (UTC): the age of the stored validators.
        public var lastFetchedAt: Date?

        /// Creates a value.
        ///
        /// - Parameters: One per property; see each property.
        public init(
            state: FeedState, configURL: String?, nextDueAt: Date? = nil, interval: Double? = nil,
            retryUntil: Date? = nil, retiredAt: Date? = nil, movedTo: String? = nil, movedSeen: Int = 0,
            lastFetchedAt: Date? = nil
        ) {
            self.state = state
            self.configURL = configURL
            self.nextDueAt = nextDueAt
            self.interval = interval
            self.retryUntil = retryUntil
            self.retiredAt = retiredAt
            self.movedTo = movedTo
            self.movedSeen = movedSeen
            self.lastFetchedAt = lastFetchedAt
        }
    }

    /// The schedule columns of a feed after a pull, written with the pull in one transaction.
    ///
    /// Every field is the new value (not a change): the pipeline's schedule policy computes it
    /// from the feed's ``ScheduledFeed`` and the pull's outcome.
    public struct ScheduleUpdate: Sendable, Hashable {
        /// The URL to pull from now on (a permanent move adopted), or `nil` to keep the stored one.
        public var newURL: String?
        /// When the feed is next due, UTC.
        public var nextDueAt: Date
        /// The adapted interval in seconds.
        public var interval: Double
        /// Retry-After in force until this time, or `nil`.
        public var retryUntil: Date?
        /// When the feed was retired, or `nil` while it is active.
        public var retiredAt: Date?
        /// A pending permanent move, or `nil`.
        public var movedTo: String?
        /// How many consecutive pulls saw ``movedTo``.
        public var movedSeen: Int
        /// When the last 200 arrived, UTC.
        public var lastFetchedAt: Date?
        /// Whether to forget the stored ETag and Last-Modified (they answered 304 for too long).
        public var dropValidators: Bool
        /// The pull's redirects for the pull log, one `status from -> to` per line, or `nil`.
        public var redirects: String?

        /// Creates an update.
        ///
        /// - Parameters: One per property; see each property.
        public init(
            newURL: String? = nil, nextDueAt: Date, interval: Double, retryUntil: Date? = nil,
            retiredAt: Date? = nil, movedTo: String? = nil, movedSeen: Int = 0, lastFetchedAt: Date? = nil,
            dropValidators: Bool = false, redirects: String? = nil
        ) {
            self.newURL = newURL
            self.nextDueAt = nextDueAt
            self.interval = interval
            self.retryUntil = retryUntil
            self.retiredAt = retiredAt
            self.movedTo = movedTo
            self.movedSeen = movedSeen
            self.lastFetchedAt = lastFetchedAt
            self.dropValidators = dropValidators
            self.redirects = redirects
        }
    }

    /// The feed configured as `configURL` for `outletID`, created if new.
    ///
    /// Found by its config URL first (so that a feed that moved is found under the URL the
    /// config still names), then by its current URL; a feed made before `v2-schedule` gets its
    /// config URL set. The outlet must exist (``upsertOutlet(_:)``).
    ///
    /// - Throws: ``StoreError`` when the write fails.
    public func scheduledFeed(outletID: String, configURL: String) throws(StoreError) -> ScheduledFeed {
        try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE config_url = ?", arguments: [configURL]) {
                return Self.scheduledFeed(row)
            }
            try db.execute(sql: """
                INSERT INTO feed(outlet_id, url, config_url) VALUES (?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET config_url = COALESCE(config_url, excluded.config_url)
                """, arguments: [outletID, configURL, configURL])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE url = ?", arguments: [configURL])!
            return Self.scheduledFeed(row)
        }
    }

    /// The feed with row id `id` and its schedule, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError`` when the read fails.
    public func scheduledFeed(id: Int64) throws(StoreError) -> ScheduledFeed? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE id = ?", arguments: [id]).map(Self.scheduledFeed)
        }
    }

    /// Every feed with its schedule, by outlet then current URL (archive feeds of `byline import`
    /// included; their URLs start with `archive:`).
    ///
    /// - Throws: ``StoreError`` when the read fails.
    public func scheduledFeeds() throws(StoreError) -> [ScheduledFeed] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM feed ORDER BY outlet_id, url").map(Self.scheduledFeed)
        }
    }

    /// Records one pull (exactly as ``record(_:)``) and the feed's new schedule, in one
    /// transaction: a kill part-way leaves neither.
    ///
    /// `schedule` is called inside the transaction with the pull's counts (the new-item count
    /// adapts the interval) and returns the feed's new schedule.
    ///
    /// When ``ScheduleUpdate/newURL`` names a URL that another stored feed already has, the move
    /// is kept pending (``ScheduleUpdate/movedTo``) instead of adopted.
    ///
    /// - Returns: The counts of what changed.
    /// - Throws: ``StoreError`` when SQLite fails (nothing is written then).
    @discardableResult
    public func record(
        _ pull: PullInput, schedule makeSchedule: @Sendable (PullSummary) -> ScheduleUpdate
    ) throws(StoreError) -> PullSummary {
        try write { db in
            let summary = try Self.record(pull, in: db)
            let schedule = makeSchedule(summary)
            var url = schedule.newURL
            var movedTo = schedule.movedTo
            if let target = url,
               try Int64.fetchOne(db, sql: "SELECT id FROM feed WHERE url = ? AND id <> ?", arguments: [target, pull.feedID]) != nil {
                url = nil
                movedTo = target
            }
            try db.execute(sql: """
                UPDATE feed SET url = COALESCE(?, url), next_due_at = ?, interval = ?, retry_until = ?, retired_at = ?,
                  moved_to = ?, moved_seen = ?, last_fetched_at = ?,
                  etag = CASE WHEN ? THEN NULL ELSE etag END,
                  last_modified = CASE WHEN ? THEN NULL ELSE last_modified END
                WHERE id = ?
                """, arguments: [url, schedule.nextDueAt, schedule.interval, schedule.retryUntil, schedule.retiredAt,
                                 movedTo, schedule.movedSeen, schedule.lastFetchedAt,
                                 schedule.dropValidators, schedule.dropValidators, pull.feedID])
            if let redirects = schedule.redirects {
                try db.execute(sql: "UPDATE pull SET redirects = ? WHERE id = ?", arguments: [redirects, summary.pullID])
            }
            return summary
        }
    }

    /// The redirects recorded in the pull log for a feed, oldest pull first (one string per
    /// pull that had any), for `byline feeds` and tests.
    ///
    /// - Throws: ``StoreError`` when the read fails.
    public func pullRedirects(feedID: Int64) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT redirects FROM pull WHERE feed_id = ? AND redirects IS NOT NULL ORDER BY at",
                                arguments: [feedID])
        }
    }

    /// The pull log of a feed, oldest first: `(at, status, http_status, error)`, for tests and
    /// diagnostics.
    ///
    /// - Throws: ``StoreError`` when the read fails.
    public func pullLog(feedID: Int64) throws(StoreError) -> [PullLogEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT at, status, http_status, error FROM pull WHERE feed_id = ? ORDER BY at, id",
                             arguments: [feedID]).map {
                PullLogEntry(at: $0["at"], status: PullStatus(rawValue: $0["status"]) ?? .failed,
                             httpStatus: $0["http_status"], error: $0["error"])
            }
        }
    }

    /// One row of the pull log.
    public struct PullLogEntry: Sendable, Hashable {
        /// When the pull started, UTC.
        public var at: Date
        /// How it ended.
        public var status: PullStatus
        /// The final HTTP status, when a response arrived.
        public var httpStatus: Int?
        /// Why it failed, one line.
        public var error: String?

        /// Creates an entry.
        ///
        /// - Parameters: One per property; see each property.
        public init(at: Date, status: PullStatus, httpStatus: Int?, error: String?) {
            self.at = at
            self.status = status
            self.httpStatus = httpStatus
            self.error = error
        }
    }

    static func scheduledFeed(_ row: Row) -> ScheduledFeed {
        ScheduledFeed(
            state: feedState(row), configURL: row["config_url"], nextDueAt: row["next_due_at"],
            interval: row["interval"], retryUntil: row["retry_until"], retiredAt: row["retired_at"],
            movedTo: row["moved_to"], movedSeen: row["moved_seen"] ?? 0, lastFetchedAt: row["last_fetched_at"])
    }
}

extension FeedState {
    /// Creates the state of a feed that was never pulled, or has failed `failures` times in a
    /// row (the store makes these; schedule tests do too).
    ///
    /// - Parameters:
    ///   - id: The row id.
    ///   - outletID: The outlet.
    ///   - url: The feed URL.
    ///   - failures: Failed pulls in a row.
    public init(id: Int64, outletID: String, url: String, failures: Int) {
        self.init(id: id, outletID: outletID, url: url, etag: nil, lastModified: nil, lastStatus: nil,
                  lastStatusCode: nil, lastPullAt: nil, lastSuccessAt: nil, failures: failures)
    }
}
