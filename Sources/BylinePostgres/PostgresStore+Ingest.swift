public import Foundation
public import BylineStore
import BylineFeed
import PostgresNIO

extension PostgresStore {
    // MARK: Outlets and feeds

    /// Inserts the outlet, or updates its name, homepage, country and language (non-nil ones),
    /// its aliases and its organisation, as ``BylineStore/Store/upsertOutlet(_:)``.
    public func upsertOutlet(_ outlet: OutletInfo) async throws(StoreError) {
        let aliases = OutletInfo.aliasesText(outlet.aliases)
        try await transaction { connection in
            try await self.execute(connection, """
                INSERT INTO outlet(id, name, homepage, country, language, aliases, organisation)
                VALUES (\(outlet.id), \(outlet.name), \(outlet.homepage), \(outlet.country), \(outlet.language), \(aliases),
                        \(outlet.organisation))
                ON CONFLICT(id) DO UPDATE SET name = excluded.name,
                  homepage = COALESCE(excluded.homepage, outlet.homepage),
                  country = COALESCE(excluded.country, outlet.country),
                  language = COALESCE(excluded.language, outlet.language),
                  aliases = excluded.aliases,
                  organisation = excluded.organisation
                """)
        }
    }

    /// Inserts the outlet unless its id is already stored.
    public func upsertOutletIfMissing(_ outlet: OutletInfo) async throws(StoreError) {
        let aliases = OutletInfo.aliasesText(outlet.aliases)
        try await transaction { connection in
            try await self.execute(connection, """
                INSERT INTO outlet(id, name, homepage, country, language, aliases, organisation)
                VALUES (\(outlet.id), \(outlet.name), \(outlet.homepage), \(outlet.country), \(outlet.language), \(aliases),
                        \(outlet.organisation))
                ON CONFLICT(id) DO NOTHING
                """)
        }
    }

    /// All outlets, sorted by id.
    public func outlets() async throws(StoreError) -> [OutletInfo] {
        try await reading { connection in
            try await self.rows(connection, "SELECT * FROM outlet ORDER BY id COLLATE \"C\"").map { row in
                OutletInfo(id: try row["id"], name: try row["name"], homepage: try row["homepage"], country: try row["country"],
                           language: try row["language"], aliases: OutletInfo.aliases(fromText: try row["aliases"]),
                           organisation: try row["organisation"])
            }
        }
    }

    /// The stored feed with this URL, created for `outletID` if it is new.
    public func feed(outletID: String, url: String) async throws(StoreError) -> FeedState {
        try await transaction { connection in
            // Looked up first: an insert that conflicts would still use up an id of the sequence.
            if let row = try await self.row(connection, "SELECT * FROM feed WHERE url = \(url)") { return try Self.feedState(row) }
            try await self.execute(connection, "INSERT INTO feed(outlet_id, url) VALUES (\(outletID), \(url)) ON CONFLICT(url) DO NOTHING")
            guard let row = try await self.row(connection, "SELECT * FROM feed WHERE url = \(url)") else {
                throw StoreError.postgres(url: self.location, message: "feed \(url) vanished")
            }
            return try Self.feedState(row)
        }
    }

    /// All stored feeds, by outlet then URL.
    public func feeds() async throws(StoreError) -> [FeedState] {
        try await reading { connection in
            try await self.rows(connection, "SELECT * FROM feed ORDER BY outlet_id COLLATE \"C\", url COLLATE \"C\"").map(Self.feedState)
        }
    }

    static func feedState(_ row: Row) throws -> FeedState {
        FeedState(
            id: try row["id"], outletID: try row["outlet_id"], url: try row["url"], etag: try row["etag"],
            lastModified: try row["last_modified"],
            lastStatus: (try row["last_status"] as String?).flatMap(PullStatus.init(rawValue:)),
            lastStatusCode: try row["last_status_code"], lastPullAt: try row["last_pull_at"],
            lastSuccessAt: try row["last_success_at"], failures: try row["failures"])
    }

    static func scheduledFeed(_ row: Row) throws -> Store.ScheduledFeed {
        Store.ScheduledFeed(
            state: try feedState(row), configURL: try row["config_url"], nextDueAt: try row["next_due_at"],
            interval: try row["interval"], retryUntil: try row["retry_until"], retiredAt: try row["retired_at"],
            movedTo: try row["moved_to"], movedSeen: try row["moved_seen"], lastFetchedAt: try row["last_fetched_at"])
    }

    /// The times of every recorded pull of the feed.
    public func pullTimes(feedID: Int64) async throws(StoreError) -> Set<Date> {
        try await reading { connection in
            Set(try await self.rows(connection, "SELECT at FROM pull WHERE feed_id = \(feedID)").map { try $0["at"] as Date })
        }
    }

    // MARK: Pulls

    /// Records one pull and its items and new versions in one transaction, by the rules of
    /// ``BylineStore/Store/record(_:)``.
    @discardableResult
    public func record(_ pull: PullInput) async throws(StoreError) -> PullSummary {
        try await transaction { connection in try await self.record(pull, on: connection) }
    }

    func record(_ pull: PullInput, on connection: PostgresConnection) async throws -> PullSummary {
        if let existing = try await row(connection, "SELECT id FROM pull WHERE feed_id = \(pull.feedID) AND at = \(pull.at)") {
            return PullSummary(pullID: try existing["id"], items: 0, newItems: 0, newVersions: 0, alreadyStored: true)
        }
        guard let feedRow = try await row(connection, "SELECT outlet_id FROM feed WHERE id = \(pull.feedID)") else {
            throw StoreError.postgres(url: location, message: "no feed with id \(pull.feedID)")
        }
        let outletID: String = try feedRow["outlet_id"]
        let (items, repeated, error) = pull.keyedItems
        let inserted = try await row(connection, """
            INSERT INTO pull(feed_id, at, status, http_status, bytes, items, error, source, elapsed, cut_off)
            VALUES (\(pull.feedID), \(pull.at), \(pull.status.rawValue), \(pull.httpStatus), \(pull.bytes),
                    \(pull.items.count), \(error), \(pull.source), \(pull.elapsed), \(pull.cutOff ? 1 : 0))
            RETURNING id
            """)
        let pullID: Int64 = try inserted.map { try $0["id"] } ?? 0
        let previousPull: Date? = try await row(connection, """
            SELECT MAX(at) AS previous FROM pull
            WHERE feed_id = \(pull.feedID) AND at < \(pull.at) AND status IN ('ok', 'not_modified') AND cut_off = 0
            """).flatMap { try $0["previous"] }

        var newItems = 0
        var newVersions = 0
        for item in items {
            let hash = item.versionHash
            let title = item.title ?? ""
            let summary = item.summary ?? ""
            if let found = try await row(connection, "SELECT id, first_seen, feed_id FROM item WHERE outlet_id = \(outletID) AND guid = \(item.key)") {
                let itemID: Int64 = try found["id"]
                let firstSeen: Date = try found["first_seen"]
                try await execute(connection, "UPDATE item SET last_seen = GREATEST(last_seen, \(pull.at)) WHERE id = \(itemID)")
                if pull.at < firstSeen {
                    // An older snapshot imported after newer ones: the item was there earlier.
                    try await execute(connection, """
                        UPDATE item SET first_seen = \(pull.at), prev_pull = \(previousPull), first_pull_id = \(pullID),
                          feed_id = \(pull.feedID) WHERE id = \(itemID)
                        """)
                }
                // The feed's version in effect at the pull (the latest seen before it), as
                // ``BylineStore/Store/record(_:)``.
                let before = try await row(connection, """
                    SELECT hash, published FROM item_version WHERE item_id = \(itemID) AND feed_id = \(pull.feedID) AND seen_at < \(pull.at)
                    ORDER BY seen_at DESC, id DESC LIMIT 1
                    """)
                let beforeHash: String? = try before.map { try $0["hash"] }
                if let beforeHash, beforeHash == hash || beforeHash.hasPrefix(hash + "@") {
                    // The text in effect: unchanged, unless the publisher moved its date (a
                    // version of its own, hash + "@" + the new date).
                    if let published = item.published, let beforePublished = try before?["published"] as Date?, beforePublished != published {
                        _ = try await insertVersion(connection, itemID: itemID, feedID: pull.feedID,
                                                    hash: hash + "@" + String(Int64(published.timeIntervalSince1970)),
                                                    at: pull.at, previousPull: previousPull, pullID: pullID, title: title,
                                                    summary: summary, content: item.content, published: published,
                                                    publishedDayOffset: item.publishedDayOffset)
                        newVersions += 1
                        try await refreshLatestText(connection, itemID: itemID)
                    }
                } else if let after = try await row(connection, """
                              SELECT id, hash FROM item_version WHERE item_id = \(itemID) AND feed_id = \(pull.feedID) AND seen_at > \(pull.at)
                              ORDER BY seen_at, id LIMIT 1
                              """), try after["hash"] as String == hash {
                    // The text a later pull first saw was there already at this one.
                    let afterID: Int64 = try after["id"]
                    try await execute(connection, """
                        UPDATE item_version SET seen_at = \(pull.at), prev_pull = \(previousPull), pull_id = \(pullID) WHERE id = \(afterID)
                        """)
                    try await refreshLatestText(connection, itemID: itemID)
                } else {
                    // Another text than the one in effect (a revert included): a new version, an
                    // edit only when this feed gave the item a text before.
                    let added = try await insertVersion(connection, itemID: itemID, feedID: pull.feedID, hash: hash, at: pull.at,
                                                        previousPull: previousPull, pullID: pullID, title: title, summary: summary,
                                                        content: item.content, published: item.published,
                                                        publishedText: item.publishedText, publishedDayOffset: item.publishedDayOffset)
                    if try await row(connection, """
                        SELECT 1 AS found FROM item_version WHERE item_id = \(itemID) AND feed_id = \(pull.feedID) AND id <> \(added) LIMIT 1
                        """) != nil {
                        newVersions += 1
                    }
                    try await refreshLatestText(connection, itemID: itemID)
                }
            } else {
                let authors = item.authors.joined(separator: "\n")
                let categories = item.categories.joined(separator: "\n")
                let created = try await row(connection, """
                    INSERT INTO item(outlet_id, feed_id, guid, link, title, summary, content, authors, categories,
                                     published, updated, first_seen, last_seen, prev_pull, first_pull_id)
                    VALUES (\(outletID), \(pull.feedID), \(item.key), \(item.link), \(title), \(summary), \(item.content),
                            \(authors), \(categories), \(item.published), \(item.updated), \(pull.at), \(pull.at),
                            \(previousPull), \(pullID))
                    RETURNING id
                    """)
                let itemID: Int64 = try created.map { try $0["id"] } ?? 0
                _ = try await insertVersion(connection, itemID: itemID, feedID: pull.feedID, hash: hash, at: pull.at, previousPull: previousPull,
                                            pullID: pullID, title: title, summary: summary, content: item.content,
                                            published: item.published, publishedText: item.publishedText,
                                            publishedDayOffset: item.publishedDayOffset)
                newItems += 1
            }
        }
        try await execute(connection, "UPDATE pull SET new_items = \(newItems), new_versions = \(newVersions) WHERE id = \(pullID)")
        switch pull.status {
        case .ok:
            try await execute(connection, """
                UPDATE feed SET last_status = 'ok', last_status_code = \(pull.httpStatus), last_pull_at = \(pull.at),
                  last_success_at = \(pull.at), failures = 0, etag = COALESCE(\(pull.etag), etag),
                  last_modified = COALESCE(\(pull.lastModified), last_modified)
                WHERE id = \(pull.feedID) AND (last_pull_at IS NULL OR last_pull_at <= \(pull.at))
                """)
        case .notModified:
            try await execute(connection, """
                UPDATE feed SET last_status = 'not_modified', last_status_code = \(pull.httpStatus), last_pull_at = \(pull.at),
                  last_success_at = \(pull.at), failures = 0
                WHERE id = \(pull.feedID) AND (last_pull_at IS NULL OR last_pull_at <= \(pull.at))
                """)
        case .failed:
            try await execute(connection, """
                UPDATE feed SET last_status = 'failed', last_status_code = \(pull.httpStatus), last_pull_at = \(pull.at),
                  failures = failures + 1
                WHERE id = \(pull.feedID) AND (last_pull_at IS NULL OR last_pull_at <= \(pull.at))
                """)
        }
        return PullSummary(pullID: pullID, items: pull.items.count, newItems: newItems, newVersions: newVersions, repeatedKeys: repeated)
    }

    /// Inserts a version of the item from this feed; the new version's id.
    private func insertVersion(
        _ connection: PostgresConnection, itemID: Int64, feedID: Int64, hash: String, at: Date, previousPull: Date?, pullID: Int64,
        title: String, summary: String, content: String?, published: Date?, publishedText: String? = nil, publishedDayOffset: Int? = nil
    ) async throws -> Int64 {
        try await row(connection, """
            INSERT INTO item_version(item_id, feed_id, hash, seen_at, prev_pull, pull_id, title, summary, content, published, published_text,
                                     published_day_offset)
            VALUES (\(itemID), \(feedID), \(hash), \(at), \(previousPull), \(pullID), \(title), \(summary), \(content), \(published),
                    \(publishedText), \(publishedDayOffset))
            RETURNING id
            """).map { try $0["id"] } ?? 0
    }

    /// Makes the item row carry the texts of the most recently first-seen version of the feed that
    /// first carried it, as ``BylineStore/Store/record(_:)``.
    private func refreshLatestText(_ connection: PostgresConnection, itemID: Int64) async throws {
        try await execute(connection, """
            UPDATE item SET (title, summary, content) = (
              SELECT v.title, v.summary, v.content FROM item_version v
              WHERE v.item_id = \(itemID) AND v.feed_id = item.feed_id ORDER BY v.seen_at DESC, v.id DESC LIMIT 1)
            WHERE id = \(itemID)
            """)
    }

    // MARK: Schedule

    /// The feed configured as `configURL` for `outletID`, created if new (as
    /// ``BylineStore/Store/scheduledFeed(outletID:configURL:)``).
    public func scheduledFeed(outletID: String, configURL: String) async throws(StoreError) -> Store.ScheduledFeed {
        try await transaction { connection in
            if let row = try await self.row(connection, "SELECT * FROM feed WHERE config_url = \(configURL)") {
                return try Self.scheduledFeed(row)
            }
            if try await self.row(connection, "SELECT id FROM feed WHERE url = \(configURL)") != nil {
                try await self.execute(connection, """
                    UPDATE feed SET config_url = COALESCE(config_url, \(configURL)) WHERE url = \(configURL)
                    """)
            } else {
                try await self.execute(connection, """
                    INSERT INTO feed(outlet_id, url, config_url) VALUES (\(outletID), \(configURL), \(configURL))
                    ON CONFLICT(url) DO UPDATE SET config_url = COALESCE(feed.config_url, excluded.config_url)
                    """)
            }
            guard let row = try await self.row(connection, "SELECT * FROM feed WHERE url = \(configURL)") else {
                throw StoreError.postgres(url: self.location, message: "feed \(configURL) vanished")
            }
            return try Self.scheduledFeed(row)
        }
    }

    /// The feed with row id `id` and its schedule, or `nil`.
    public func scheduledFeed(id: Int64) async throws(StoreError) -> Store.ScheduledFeed? {
        try await reading { connection in
            try await self.row(connection, "SELECT * FROM feed WHERE id = \(id)").map(Self.scheduledFeed)
        }
    }

    /// Every feed with its schedule, by outlet then current URL.
    public func scheduledFeeds() async throws(StoreError) -> [Store.ScheduledFeed] {
        try await reading { connection in
            try await self.rows(connection, "SELECT * FROM feed ORDER BY outlet_id COLLATE \"C\", url COLLATE \"C\"").map(Self.scheduledFeed)
        }
    }

    /// Records one pull and the feed's new schedule in one transaction (as
    /// ``BylineStore/Store/record(_:schedule:)``), and ends the feed's lease.
    @discardableResult
    public func record(
        _ pull: PullInput, schedule makeSchedule: @Sendable (PullSummary) -> Store.ScheduleUpdate
    ) async throws(StoreError) -> PullSummary {
        try await transaction { connection in
            let summary = try await self.record(pull, on: connection)
            let schedule = makeSchedule(summary)
            var url = schedule.newURL
            var movedTo = schedule.movedTo
            if let target = url,
               try await self.row(connection, "SELECT id FROM feed WHERE url = \(target) AND id <> \(pull.feedID)") != nil {
                url = nil
                movedTo = target
            }
            try await self.execute(connection, """
                UPDATE feed SET url = COALESCE(\(url), url), next_due_at = \(schedule.nextDueAt), "interval" = \(schedule.interval),
                  retry_until = \(schedule.retryUntil), retired_at = \(schedule.retiredAt),
                  moved_to = \(movedTo), moved_seen = \(schedule.movedSeen), last_fetched_at = \(schedule.lastFetchedAt),
                  etag = CASE WHEN \(schedule.dropValidators) THEN NULL ELSE etag END,
                  last_modified = CASE WHEN \(schedule.dropValidators) THEN NULL ELSE last_modified END,
                  lease_owner = NULL, lease_until = NULL
                WHERE id = \(pull.feedID)
                """)
            if let redirects = schedule.redirects {
                try await self.execute(connection, "UPDATE pull SET redirects = \(redirects) WHERE id = \(summary.pullID)")
            }
            return summary
        }
    }

    /// Takes the due feeds among `feedIDs` for `owner` until `until`: their rows are locked with
    /// `FOR UPDATE SKIP LOCKED` (a row another worker is leasing right now is left out of the
    /// answer), read afresh, and each one that `isDue` and that no other owner holds past `now`
    /// gets `lease_owner` and `lease_until`, all in one transaction. A lost connection throws at
    /// once (no retry).
    public func lease(
        feedIDs: [Int64], owner: String, now: Date, until: Date, isDue: @Sendable (Store.ScheduledFeed) -> Bool
    ) async throws(StoreError) -> [Int64: FeedLease] {
        if feedIDs.isEmpty { return [:] }
        // Not retried after a lost connection: the caller asks again shortly (a worker's loop
        // must stay free to hear a shutdown).
        return try await transaction(retries: false) { connection in
            var leases: [Int64: FeedLease] = [:]
            var taken: [Int64] = []
            let rows = try await self.rows(connection, "SELECT * FROM feed WHERE id = ANY(\(feedIDs)) ORDER BY id FOR UPDATE SKIP LOCKED")
            for row in rows {
                let feed = try Self.scheduledFeed(row)
                let holder: String? = try row["lease_owner"]
                let heldUntil: Date? = try row["lease_until"]
                if let heldUntil, heldUntil > now, holder != owner {
                    leases[feed.state.id] = .held(until: heldUntil, feed)
                } else if isDue(feed) {
                    leases[feed.state.id] = .taken(feed)
                    taken.append(feed.state.id)
                } else {
                    leases[feed.state.id] = .notDue(feed)
                }
            }
            if !taken.isEmpty {
                try await self.execute(connection, "UPDATE feed SET lease_owner = \(owner), lease_until = \(until) WHERE id = ANY(\(taken))")
            }
            return leases
        }
    }

    /// The pull log of a feed, oldest first.
    public func pullLog(feedID: Int64) async throws(StoreError) -> [Store.PullLogEntry] {
        try await reading { connection in
            try await self.rows(connection, "SELECT at, status, http_status, error FROM pull WHERE feed_id = \(feedID) ORDER BY at, id").map {
                Store.PullLogEntry(at: try $0["at"], status: PullStatus(rawValue: try $0["status"]) ?? .failed,
                                   httpStatus: try $0["http_status"], error: try $0["error"])
            }
        }
    }

    /// The redirects recorded in the pull log for a feed, oldest pull first.
    public func pullRedirects(feedID: Int64) async throws(StoreError) -> [String] {
        try await reading { connection in
            try await self.strings(connection, """
                SELECT redirects FROM pull WHERE feed_id = \(feedID) AND redirects IS NOT NULL ORDER BY at
                """)
        }
    }

    // MARK: Reading

    /// Every stored item with its versions (oldest first), ordered by first_seen then id.
    public func items() async throws(StoreError) -> [StoredItem] {
        try await readingConsistently { connection in try await self.items(connection, ids: nil) }
    }

    /// The items of these ids (every item when nil) with their versions (oldest first), ordered
    /// by first_seen then id.
    func items(_ connection: PostgresConnection, ids: [Int64]?) async throws -> [StoredItem] {
        let versionQuery: PostgresQuery, itemQuery: PostgresQuery
        if let ids {
            versionQuery = """
                SELECT v.id, v.item_id, v.seen_at, v.prev_pull, v.title, v.summary, v.content, v.published, v.published_text,
                       v.published_day_offset
                FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
                WHERE v.item_id = ANY(\(ids)) ORDER BY v.item_id, v.seen_at, v.id
                """
            itemQuery = """
                SELECT id, outlet_id, feed_id, guid, link, title, summary, content, published, first_seen, last_seen, prev_pull
                FROM item WHERE id = ANY(\(ids)) ORDER BY first_seen, id
                """
        } else {
            versionQuery = """
                SELECT v.id, v.item_id, v.seen_at, v.prev_pull, v.title, v.summary, v.content, v.published, v.published_text,
                       v.published_day_offset
                FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
                ORDER BY v.item_id, v.seen_at, v.id
                """
            itemQuery = """
                SELECT id, outlet_id, feed_id, guid, link, title, summary, content, published, first_seen, last_seen, prev_pull
                FROM item ORDER BY first_seen, id
                """
        }
        var versions: [Int64: [StoredVersion]] = [:]
        for row in try await rows(connection, versionQuery) {
            versions[try row["item_id"], default: []].append(StoredVersion(
                id: try row["id"], seenAt: try row["seen_at"], previousPull: try row["prev_pull"],
                title: (try row["title"] as String?) ?? "", summary: (try row["summary"] as String?) ?? "", content: try row["content"],
                published: try row["published"], publishedText: try row["published_text"],
                publishedDayOffset: try row["published_day_offset"]))
        }
        return try await rows(connection, itemQuery).map { row in
            let id: Int64 = try row["id"]
            return StoredItem(
                id: id, outletID: try row["outlet_id"], feedID: try row["feed_id"], guid: try row["guid"],
                link: try row["link"], title: (try row["title"] as String?) ?? "", summary: (try row["summary"] as String?) ?? "",
                content: try row["content"], published: try row["published"], firstSeen: try row["first_seen"],
                lastSeen: try row["last_seen"], previousPull: try row["prev_pull"], versions: versions[id] ?? [])
        }
    }

    /// Items and pull counts per outlet, sorted by outlet id.
    public func outletStats() async throws(StoreError) -> [OutletPullStats] {
        try await reading { connection in
            try await self.rows(connection, """
                SELECT o.id AS outlet,
                  (SELECT COUNT(*) FROM item i WHERE i.outlet_id = o.id) AS items,
                  (SELECT COUNT(*) FROM pull p JOIN feed f ON f.id = p.feed_id WHERE f.outlet_id = o.id) AS pulls,
                  (SELECT COUNT(*) FROM pull p JOIN feed f ON f.id = p.feed_id WHERE f.outlet_id = o.id AND p.status = 'failed') AS failed
                FROM outlet o ORDER BY o.id COLLATE "C"
                """).map {
                OutletPullStats(outletID: try $0["outlet"], items: try $0["items"], pulls: try $0["pulls"], pullsFailed: try $0["failed"])
            }
        }
    }

    /// Counts of rows in the main tables: outlets, feeds, pulls, items, versions.
    public func counts() async throws(StoreError) -> [String: Int] {
        try await reading { connection in
            var counts: [String: Int] = [:]
            for table in ["outlet", "feed", "pull", "item", "item_version"] {
                let row = try await self.row(connection, PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM \(table)"))
                counts[table] = try row.map { try $0["n"] } ?? 0
            }
            return counts
        }
    }
}
