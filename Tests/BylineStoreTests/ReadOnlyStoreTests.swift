@testable import BylineStore
import BylineFeed
import GRDB
import Foundation
import Testing

/// A database file the user may read but not write (a shared archive, `chmod 444`).
@Suite struct ReadOnlyStoreTests {
    /// A database with one RNZ item, closed, then made read-only.
    private func readOnlyDatabase() throws -> TemporaryDatabase {
        let database = try TemporaryDatabase()
        do {
            let store = try Store(path: database.path)
            try store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
            let feed = try store.feed(outletID: "rnz", url: "archive:rnz")
            try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T01:00:00Z"), status: .ok,
                                       items: [FeedItem(guid: "a", title: "Covid-19: 22 new cases")]))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database.path)
        return database
    }

    @Test func readsEverythingAndRefusesWritesWithItsOwnError() throws {
        let database = try readOnlyDatabase()
        let before = try Data(contentsOf: URL(fileURLWithPath: database.path))
        let store = try Store(path: database.path, readOnly: true)
        #expect(store.isReadOnly)
        #expect(try store.items().map(\.title) == ["Covid-19: 22 new cases"])
        #expect(try store.outlets().map(\.name) == ["RNZ"])
        #expect(throws: StoreError.readOnly(path: database.path)) {
            try store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        }
        #expect(StoreError.readOnly(path: database.path).description == "\(database.path): opened read-only; this command needs write access to the database")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == before)
    }

    /// A reading command's reads agree with each other while another process writes: every read
    /// of a read-only store sees the database as it was when the store was opened.
    @Test func aReadOnlyStoreReadsTheStateItWasOpenedOnWhileAWriterGoesOn() throws {
        let database = try TemporaryDatabase()
        let writer = try Store(path: database.path)
        try writer.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        let feed = try writer.feed(outletID: "rnz", url: "archive:rnz")
        try writer.record(PullInput(feedID: feed.id, at: utc("2021-09-19T01:00:00Z"), status: .ok,
                                    items: [FeedItem(guid: "a", title: "Covid-19: 22 new cases")]))
        let reader = try Store(path: database.path, readOnly: true)
        let watermark = try reader.itemsWatermark()
        try writer.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        try writer.record(PullInput(feedID: feed.id, at: utc("2021-09-19T02:00:00Z"), status: .ok,
                                    items: [FeedItem(guid: "b", title: "Covid-19: 14 new cases in Auckland")]))
        #expect(try reader.items().map(\.title) == ["Covid-19: 22 new cases"])
        #expect(try reader.outlets().map(\.id) == ["rnz"])
        #expect(try reader.itemsWatermark() == watermark)
        let later = try Store(path: database.path, readOnly: true)
        #expect(try later.items().map(\.title) == ["Covid-19: 22 new cases", "Covid-19: 14 new cases in Auckland"])
        #expect(try later.outlets().map(\.id).sorted() == ["bbc", "rnz"])
    }

    @Test func aMissingOrEmptyFileIsNotCreatedOrTakenForADatabase() throws {
        let database = try TemporaryDatabase()
        #expect(throws: StoreError.self) { try Store(path: database.path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: database.path))
        #expect(FileManager.default.createFile(atPath: database.path, contents: Data()))
        #expect(throws: StoreError.notADatabase(path: database.path)) { try Store(path: database.path, readOnly: true) }
    }

    @Test func aReadOnlyOpenCreatesNoFileUnlessAWriterIndexIsThere() throws {
        let database = try readOnlyDatabase()
        // No -shm (no writer): SQLite's immutable URI (percent-encoded path), which creates nothing.
        #expect(Store.readOnlyLocation(database.path) == URL(fileURLWithPath: database.path).absoluteString + "?immutable=1")
        #expect(Store.readOnlyLocation("/tmp/byline test/b.sqlite") == "file:///tmp/byline%20test/b.sqlite?immutable=1")
        let store = try Store(path: database.path, readOnly: true)
        #expect(try store.items().count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: database.folder.path) == ["byline.sqlite"])
        // A writer's WAL index is shared.
        #expect(FileManager.default.createFile(atPath: database.path + "-shm", contents: Data()))
        #expect(Store.readOnlyLocation(database.path) == database.path)
    }
}

/// Another program's SQLite file is refused before anything is written to it: the bytes stay
/// the same, and so does its journal mode (a first version switched it to WAL, then refused it).
@Suite struct ForeignDatabaseTests {
    @Test func anotherProgramsRollbackJournalDatabaseIsLeftByteIdentical() throws {
        let database = try TemporaryDatabase()
        try DatabaseQueue(path: database.path).write { try $0.execute(sql: "CREATE TABLE t(x); INSERT INTO t VALUES (1)") }
        let before = try Data(contentsOf: URL(fileURLWithPath: database.path))
        #expect(throws: StoreError.notADatabase(path: database.path)) { try Store(path: database.path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: database.folder.path) == ["byline.sqlite"])
    }

    @Test func aBylineDatabaseSwitchedToARollbackJournalStillOpens() throws {
        let database = try TemporaryDatabase()
        do {
            let store = try Store(path: database.path)
            try store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        }
        try DatabaseQueue(path: database.path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        #expect(try Store(path: database.path).outlets().map(\.name) == ["RNZ"])
    }

    @Test func aFolderGivenAsTheDatabaseIsNamedAsOne() throws {
        let database = try TemporaryDatabase()
        #expect(throws: StoreError.sqlite(path: database.folder.path, message: "a folder, not a database file")) {
            try Store(path: database.folder.path)
        }
    }
}
