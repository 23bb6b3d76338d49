public import Foundation
import GRDB

/// The first version's publisher time and first-seen time of an item: what the repeated-date
/// check (the same publisher time on several items of an outlet) reads of items outside a report.
public struct ItemFirstDate: Sendable, Hashable {
    /// The item's row id.
    public var itemID: Int64
    /// The outlet id.
    public var outletID: String
    /// The publisher time as first seen (UTC): the first version's, else the item's.
    public var published: Date
    /// When the first version was seen (UTC).
    public var firstSeen: Date

    /// Creates a record (a store back end reads these).
    public init(itemID: Int64, outletID: String, published: Date, firstSeen: Date) {
        self.itemID = itemID
        self.outletID = outletID
        self.published = published
        self.firstSeen = firstSeen
    }
}

/// Reading the part of the store a time range needs (a report or listing of the stories first
/// reported in `[since, until)`), through indices, without reading every item.
extension Store {
    /// The ids of the items whose first-seen time, or the publisher time of any of their
    /// versions, falls in `[since, until)` (nil bounds are open), ascending.
    ///
    /// An item's time estimate is its first-seen time or its first publisher time, so every
    /// story whose first report falls in the range has that report among these items.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func itemIDs(appearingFrom since: Date?, until: Date?) throws(StoreError) -> [Int64] {
        let (seen, seenArguments) = Self.range("first_seen", since, until)
        let (published, publishedArguments) = Self.range("v.published", since, until)
        return try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM item WHERE \(seen)
                UNION SELECT v.item_id FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
                  WHERE v.published IS NOT NULL AND \(published)
                ORDER BY 1
                """, arguments: seenArguments + publishedArguments)
        }
    }

    /// The ids of an outlet's `limit` latest items first seen before `until` (all times when
    /// nil), latest first.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func latestItemIDs(outletID: String, before until: Date?, limit: Int) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM item WHERE outlet_id = ? \(until == nil ? "" : "AND first_seen < ?")
                ORDER BY first_seen DESC, id DESC LIMIT ?
                """, arguments: StatementArguments([outletID]) + StatementArguments(until.map { [$0] } ?? []) + [limit])
        }
    }

    /// The items of `outletID` whose publisher time as first seen is `published`: the first
    /// version's publisher time, or the item's when the first version has none (as
    /// `StoredItem`'s `firstPublished` reads it).
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func itemsFirstPublished(at published: Date, outletID: String) throws(StoreError) -> [ItemFirstDate] {
        try read { db in
            // `+i.outlet_id`: the items are found through the versions' publisher time (a few
            // rows), not through the outlet's index (every item of the outlet, for each call).
            let statement = try db.cachedStatement(sql: """
                SELECT i.id, i.published,
                  (SELECT w.published FROM item_version w WHERE w.item_id = i.id AND w.feed_id = i.feed_id
                   ORDER BY w.seen_at, w.id LIMIT 1) AS first_published,
                  (SELECT w.seen_at FROM item_version w WHERE w.item_id = i.id AND w.feed_id = i.feed_id
                   ORDER BY w.seen_at, w.id LIMIT 1) AS first_seen_at
                FROM item i
                WHERE i.id IN (SELECT item_id FROM item_version WHERE published = ?) AND +i.outlet_id = ?
                ORDER BY i.id
                """)
            let rows = try Row.fetchAll(statement, arguments: [published, outletID])
            return rows.compactMap { row -> ItemFirstDate? in
                let first: Date? = row["first_published"] ?? row["published"]
                guard let first, first == published, let seen: Date = row["first_seen_at"] else { return nil }
                return ItemFirstDate(itemID: row["id"], outletID: outletID, published: first, firstSeen: seen)
            }
        }
    }

    /// How many stored items no saved story holds (0 when the saved stories hold every item).
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func unassignedItemCount() throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM item) - (SELECT COUNT(*) FROM story_item)") ?? 0
        }
    }

    /// How many saved stories hold items (merged-away ids hold none).
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func savedStoryCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT story_id) FROM story_item") ?? 0 }
    }

    /// `column >= ? AND column < ?` for the bounds given (`1` for none), with its arguments.
    static func range(_ column: String, _ since: Date?, _ until: Date?) -> (String, StatementArguments) {
        var terms: [String] = []
        var arguments = StatementArguments()
        if let since {
            terms.append("\(column) >= ?")
            arguments += [since]
        }
        if let until {
            terms.append("\(column) < ?")
            arguments += [until]
        }
        return (terms.isEmpty ? "1" : terms.joined(separator: " AND "), arguments)
    }
}
