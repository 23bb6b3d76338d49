import BylineFeed
import BylineStore
import BylineTestSupport
import GRDB
import Foundation
import Testing

/// A fresh database file in a temporary folder, removed with the folder.
struct TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("byline.sqlite").path }

    init() throws {
        folder = TestFolders.root.appendingPathComponent("byline-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
}

func utc(_ text: String) -> Date {
    try! Date.ISO8601FormatStyle().parse(text)
}

@Suite struct StoreTests {
    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAsItWas() throws {
        let database = try TemporaryDatabase()
        let text = Data("this is a text file, not a database\n".utf8)
        try text.write(to: URL(fileURLWithPath: database.path))
        #expect(throws: StoreError.notADatabase(path: database.path)) { try Store(path: database.path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == text)
        #expect(StoreError.notADatabase(path: database.path).description.hasPrefix("\(database.path): not a Byline database"))
    }

    @Test func anotherProgramsSQLiteDatabaseIsRefused() throws {
        let database = try TemporaryDatabase()
        try DatabaseQueue(path: database.path).write { try $0.execute(sql: "CREATE TABLE notes(x)") }
        #expect(throws: StoreError.notADatabase(path: database.path)) { try Store(path: database.path) }
    }

    @Test func reopeningKeepsEverything() throws {
        let database = try TemporaryDatabase()
        do {
            let store = try Store(path: database.path)
            try store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
            let feed = try store.feed(outletID: "rnz", url: "archive:rnz")
            try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T01:00:00Z"), status: .ok,
                                       items: [FeedItem(guid: "a", title: "Covid-19: 22 new cases")]))
        }
        let reopened = try Store(path: database.path)
        #expect(try reopened.items().map(\.title) == ["Covid-19: 22 new cases"])
        #expect(try reopened.outlets().map(\.name) == ["RNZ"])
    }
}
