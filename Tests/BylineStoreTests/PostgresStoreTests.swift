import BylineFeed
import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// What only the PostgreSQL store does: leases of the shared schedule, and refusing what is not
/// its database.
@Suite(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
struct PostgresStoreTests {
    /// Six workers opening one new database at the same moment all succeed, and the database
    /// ends with the schema of one opened alone (migrations run under an advisory lock).
    @Test func sixWorkersOpeningOneNewDatabaseAtOnceAllSucceedWithOneSchema() async throws {
        let alone = try await TestPostgres.freshDatabase()
        await (try await PostgresStore(url: alone)).close()
        let expected = try await TestPostgres.tables(in: alone)
        #expect(expected.contains("byline_migrations"))
        let url = try await TestPostgres.freshDatabase()
        let failures = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do {
                        await (try await PostgresStore(url: url)).close()
                        return nil
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
        }
        #expect(failures == [])
        #expect(try await TestPostgres.tables(in: url) == expected)
    }

    /// Two workers lease the same due feeds: each feed goes to one of them; a lease past its end
    /// is taken over; recording the pull ends the lease and the feed is then not due.
    @Test func aDueFeedIsLeasedToOneWorkerAndTakenOverWhenTheLeaseRunsOut() async throws {
        let store = try await PostgresStore(url: try await TestPostgres.freshDatabase())
        try await store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        let a = try await store.scheduledFeed(outletID: "bbc", configURL: "https://feeds.bbci.co.uk/news/rss.xml")
        let b = try await store.scheduledFeed(outletID: "bbc", configURL: "https://feeds.bbci.co.uk/news/world/rss.xml")
        let now = utc("2021-09-19T08:00:00Z")
        let due: @Sendable (Store.ScheduledFeed) -> Bool = { ($0.nextDueAt ?? now) <= now }

        let first = try await store.lease(feedIDs: [a.state.id], owner: "worker-1", now: now,
                                          until: now.addingTimeInterval(120), isDue: due)
        #expect(first == [a.state.id: .taken(a)])
        let second = try await store.lease(feedIDs: [a.state.id, b.state.id], owner: "worker-2", now: now.addingTimeInterval(1),
                                           until: now.addingTimeInterval(121), isDue: due)
        #expect(second == [a.state.id: .held(until: utc("2021-09-19T08:02:00Z"), a), b.state.id: .taken(b)])

        // worker-1 died: after its lease ends, worker-2 takes the feed over.
        let takeover = try await store.lease(feedIDs: [a.state.id], owner: "worker-2", now: utc("2021-09-19T08:02:01Z"),
                                             until: utc("2021-09-19T08:04:01Z"), isDue: due)
        #expect(takeover == [a.state.id: .taken(a)])

        // Recording the pull ends the lease; the feed is not due until its next time.
        try await store.record(PullInput(feedID: a.state.id, at: utc("2021-09-19T08:02:01Z"), status: .notModified, httpStatus: 304)) { _ in
            Store.ScheduleUpdate(nextDueAt: utc("2021-09-19T08:17:01Z"), interval: 900)
        }
        let after = try await store.lease(feedIDs: [a.state.id], owner: "worker-1", now: utc("2021-09-19T08:03:00Z"),
                                          until: utc("2021-09-19T08:05:00Z")) { ($0.nextDueAt ?? now) <= utc("2021-09-19T08:03:00Z") }
        guard case .notDue(let fresh)? = after[a.state.id] else {
            Issue.record("expected not due, got \(String(describing: after[a.state.id]))")
            return
        }
        #expect(fresh.nextDueAt == utc("2021-09-19T08:17:01Z"))
        #expect(fresh.state.lastStatus == .notModified)
        await store.close()
    }

    @Test func anotherProgramsDatabaseIsRefusedUntouched() async throws {
        let url = try await TestPostgres.freshDatabase()
        let store = try await PostgresStore(url: url)
        await store.close()
        // A database with tables and no Byline schema: reuse the fresh one's server through a
        // second fresh database holding one foreign table.
        let foreign = try await TestPostgres.freshDatabase()
        try await TestPostgres.execute("CREATE TABLE notes(x TEXT)", in: foreign)
        let location = try PostgresLocation(url: foreign).description
        await #expect(throws: StoreError.notADatabase(path: location)) { _ = try await PostgresStore(url: foreign) }
        #expect(try await TestPostgres.tables(in: foreign) == ["notes"])
    }

    /// A read-only open writes nothing: an empty database is not taken for a store (and gets no
    /// table), a store is read, and writes are refused.
    @Test func aReadOnlyOpenWritesNothing() async throws {
        let url = try await TestPostgres.freshDatabase()
        let location = try PostgresLocation(url: url).description
        await #expect(throws: StoreError.notADatabase(path: location)) { _ = try await PostgresStore(url: url, readOnly: true) }
        #expect(try await TestPostgres.tables(in: url) == [])

        let writer = try await PostgresStore(url: url)
        try await writer.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        await writer.close()
        let reader = try await PostgresStore(url: url, readOnly: true)
        #expect(try await reader.outlets() == [OutletInfo(id: "rnz", name: "RNZ")])
        await #expect(throws: StoreError.readOnly(path: location)) { try await reader.upsertOutlet(OutletInfo(id: "bbc", name: "BBC")) }
        await reader.close()
    }

    /// A reading command's reads agree with each other while another process writes: every read
    /// of a read-only store sees the database as it was when the store was opened.
    @Test func aReadOnlyStoreReadsTheStateItWasOpenedOnWhileAWriterGoesOn() async throws {
        let url = try await TestPostgres.freshDatabase()
        let writer = try await PostgresStore(url: url)
        try await writer.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        let feed = try await writer.feed(outletID: "rnz", url: "archive:rnz")
        _ = try await writer.record(PullInput(feedID: feed.id, at: utc("2021-09-19T01:00:00Z"), status: .ok,
                                              items: [FeedItem(guid: "a", title: "Covid-19: 22 new cases")]))
        let reader = try await PostgresStore(url: url, readOnly: true)
        let watermark = try await reader.itemsWatermark()
        try await writer.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        _ = try await writer.record(PullInput(feedID: feed.id, at: utc("2021-09-19T02:00:00Z"), status: .ok,
                                              items: [FeedItem(guid: "b", title: "Covid-19: 14 new cases in Auckland")]))
        #expect(try await reader.items().map(\.title) == ["Covid-19: 22 new cases"])
        #expect(try await reader.outlets().map(\.id) == ["rnz"])
        #expect(try await reader.itemsWatermark() == watermark)
        let later = try await PostgresStore(url: url, readOnly: true)
        #expect(try await later.items().map(\.title) == ["Covid-19: 22 new cases", "Covid-19: 14 new cases in Auckland"])
        #expect(try await later.outlets().map(\.id).sorted() == ["bbc", "rnz"])
        await later.close()
        await reader.close()
        await writer.close()
    }

    @Test func aServerThatDoesNotAnswerIsOneLine() async throws {
        // Port 1 on loopback: nothing listens there.
        do {
            _ = try await PostgresStore(url: "postgres://byline:secret@127.0.0.1:1/byline")
            Issue.record("opened a store on a closed port")
        } catch {
            let text = String(describing: error)
            #expect(text.hasPrefix("postgres://byline@127.0.0.1:1/byline: "))
            #expect(!text.contains("secret"))
            #expect(!text.contains("\n"))
        }
    }

    @Test func aURLWithoutAHostIsRefused() {
        #expect(throws: StoreError.postgres(url: "postgres:///byline", message: "not a PostgreSQL URL; use postgres://user@host[:port]/database")) {
            try PostgresLocation(url: "postgres:///byline")
        }
        #expect(PostgresLocation.isURL("postgresql://u@h/d"))
        #expect(!PostgresLocation.isURL("byline.sqlite"))
    }
}
