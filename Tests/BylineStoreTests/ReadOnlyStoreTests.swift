@testable import BylineStore
import BylineFeed
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

    @Test func aMissingOrEmptyFileIsNotCreatedOrTakenForADatabase() throws {
        let database = try TemporaryDatabase()
        #expect(throws: StoreError.self) { try Store(path: database.path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: database.path))
        #expect(FileManager.default.createFile(atPath: database.path, contents: Data()))
        #expect(throws: StoreError.notADatabase(path: database.path)) { try Store(path: database.path, readOnly: true) }
    }

    @Test func aFileInAFolderNobodyWritesIsReadAsImmutable() throws {
        let database = try TemporaryDatabase()
        // A writable folder lets a reader create the WAL index: the plain path.
        #expect(Store.readOnlyLocation(database.path) == database.path)
        // No writable folder, no -shm file: SQLite's immutable URI (percent-encoded path).
        let locked = "/proc/byline test/byline.sqlite"
        #expect(Store.readOnlyLocation(locked) == "file:///proc/byline%20test/byline.sqlite?immutable=1")
    }
}
