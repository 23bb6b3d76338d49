import ArgumentParser
import BylinePipeline
import BylineReport
import BylineStore

struct FeedsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List feeds: outlet, url (after permanent moves), status, last_status_code, last_success, next_due, failures, last_error.",
        discussion: "status is active, failing (failed pulls in a row), retired (410), or imported for an outlet of `byline import` (url archive:<outlet>, or archive:<outlet>/<extension> for a second file of one capture time; last_success its latest snapshot's capture time, never due). last_error is the last failed pull's error while the feed is failing (such as `redirected to URL, the feed of outlet 'b'`). Times are ISO 8601 UTC.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv
    }

    @OptionGroup var database: DatabaseOption

    @Option(help: "table (aligned columns) or csv (RFC 4180).")
    var format: Format = .table

    func run() async throws {
        try await reportingErrors {
            let store = try await database.openForReading()
            let table: CSVTable
            do {
                table = try await FeedListing.table(store)
            } catch {
                await close(store)
                throw error
            }
            await close(store)
            if format == .csv { printData(table.text()) } else { print(FeedListing.text(table), terminator: "") }
            if table.rows.isEmpty, format == .table {
                printError("no feeds in \(store.location) yet (`byline pull` or `byline import DIR` stores them)")
            }
        }
    }
}
