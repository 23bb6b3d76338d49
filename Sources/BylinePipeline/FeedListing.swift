import Foundation
public import BylineStore
public import BylineReport

/// The table `byline feeds` prints: one row per stored feed with its current URL and schedule.
///
/// Columns: `outlet`, `url` (the current one, after permanent moves), `status` (`active`,
/// `failing` after one or more failed pulls in a row, `retired` after a 410, `imported` for the
/// feed of an outlet of `byline import`), `last_status_code`, `last_success` and `next_due`
/// (ISO 8601 UTC, empty when unknown), `failures` (in a row), `last_error` (the pull log's
/// one line for the last failed pull while the feed is failing, such as `HTTP 500` or
/// `redirected to http://b.example/feed.xml, the feed of outlet 'b'`; empty otherwise). An imported outlet's feed is
/// `archive:<outlet>`: its `last_success` is the capture time of its latest snapshot that was a
/// feed, its `failures` the snapshots after that which were not, and it has no status code and
/// is never due (it is never pulled).
public enum FeedListing {
    /// The column names.
    public static let header = ["outlet", "url", "status", "last_status_code", "last_success", "next_due", "failures", "last_error"]

    /// The `status` of an imported outlet's feed.
    public static let importedStatus = "imported"

    /// The rows for every feed of `store` (SQLite or PostgreSQL), pulled or imported, by outlet
    /// then URL.
    ///
    /// - Throws: ``BylineStore/StoreError`` when the database cannot be read.
    public static func table(_ store: any IngestStore) async throws -> CSVTable {
        let iso = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
        var rows: [[String]] = []
        for feed in try await store.scheduledFeeds() {
            // Only a failing feed's log is read: its last entry is the failure that made it so.
            let lastError = feed.state.failures > 0 ? try await store.pullLog(feedID: feed.state.id).last?.error ?? "" : ""
            let imported = feed.state.url.hasPrefix("archive:")
            let status = imported ? importedStatus : feed.retiredAt != nil ? "retired" : feed.state.failures > 0 ? "failing" : "active"
            let due = feed.retiredAt == nil && !imported ? SchedulePolicy().wakeTime(feed, now: feed.nextDueAt ?? Date()) : nil
            rows.append([
                feed.state.outletID, feed.state.url, status, feed.state.lastStatusCode.map(String.init) ?? "",
                feed.state.lastSuccessAt.map { $0.formatted(iso) } ?? "",
                (feed.nextDueAt == nil ? nil : due).map { $0.formatted(iso) } ?? "",
                String(feed.state.failures), lastError,
            ])
        }
        return CSVTable(header: header, rows: rows)
    }

    /// `table` as aligned plain-text columns (two spaces apart), header first, one line per row,
    /// without trailing spaces (an empty last cell leaves none).
    public static func text(_ table: CSVTable) -> String {
        var widths = table.header.map(\.count)
        for row in table.rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(table.header)] + table.rows.map(line)).joined(separator: "\n") + "\n"
    }
}
