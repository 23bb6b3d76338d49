import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// Two snapshot files of one outlet with one capture time (a user's archive, `solo/`: an RSS
/// file `20210918T100000Z.xml` with items a and b, and `20210918T100000Z.json` holding item d):
/// both are pulls, each of a feed of its own, and a second import adds nothing.
@Suite struct SameCaptureTimeTests {
    static let archive = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("same-time")

    @Test func bothFilesOfOneCaptureTimeAreRecordedAsTwoFeeds() async throws {
        let store = try Store(path: try temporaryDatabase())
        let importer = ArchiveImporter(store: store)
        let first = try await importer.importArchive(at: Self.archive)
        #expect(first.files == 2)
        #expect(first.imported == 2)
        #expect(first.alreadyStored == 0)
        #expect(first.outlets == 1)
        #expect(first.newItems == 3)
        #expect(first.repeatedGuids == 2)
        let feeds = try store.feeds()
        #expect(feeds.map(\.url) == ["archive:solo", "archive:solo/xml"])
        #expect(feeds.map(\.lastSuccessAt) == [utc("2021-09-18T10:00:00Z"), utc("2021-09-18T10:00:00Z")])
        #expect(try store.counts() == ["outlet": 1, "feed": 2, "pull": 2, "item": 3, "item_version": 3])
        let items = try store.items().sorted { $0.guid < $1.guid }
        #expect(items.map(\.guid) == ["a", "b", "d"])
        #expect(items.map(\.title) == ["Earthquake hits city, 5 dead", "Second item", "First text"])
        #expect(items.map(\.feedID) == [feeds[1].id, feeds[1].id, feeds[0].id])
        #expect(items.map(\.firstSeen) == [utc("2021-09-18T10:00:00Z"), utc("2021-09-18T10:00:00Z"), utc("2021-09-18T10:00:00Z")])

        let second = try await importer.importArchive(at: Self.archive)
        #expect(second.alreadyStored == 2)
        #expect(second.imported == 0)
        #expect(second.newItems == 0)
        #expect(try store.counts() == ["outlet": 1, "feed": 2, "pull": 2, "item": 3, "item_version": 3])
    }

    /// A database where an earlier import recorded only the first file by name (what every
    /// import did before: the second was absorbed as a pull at a time already stored): the same
    /// import records the missing one now, and keeps the stored one as it was.
    @Test func aDatabaseThatLostTheSecondFileGetsItOnReimport() async throws {
        let partial = TestFolders.root.appendingPathComponent("byline-same-time-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: partial) }
        try FileManager.default.createDirectory(at: partial.appendingPathComponent("solo"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.archive.appendingPathComponent("solo/20210918T100000Z.json"),
                                         to: partial.appendingPathComponent("solo/20210918T100000Z.json"))
        let store = try Store(path: try temporaryDatabase())
        let importer = ArchiveImporter(store: store)
        let before = try await importer.importArchive(at: partial)
        #expect(before.imported == 1 && before.newItems == 1)

        let after = try await importer.importArchive(at: Self.archive)
        #expect(after.alreadyStored == 1)
        #expect(after.imported == 1)
        #expect(after.newItems == 2)
        #expect(try store.feeds().map(\.url) == ["archive:solo", "archive:solo/xml"])
        #expect(try store.items().map(\.guid).sorted() == ["a", "b", "d"])
    }

    /// An outlet's feeds are told apart by extension at every capture time, not by which file
    /// came first at that time: a new user's archive had `.json` and `.xml` files at some times
    /// and `.xml` alone at others, and the lone `.xml` files were recorded as pulls of the JSON
    /// feed (its item counts jumped 1, 54, 1, 58).
    @Test func aFileAloneAtItsCaptureTimeIsAPullOfItsOwnExtensionsFeed() async throws {
        let archive = TestFolders.root.appendingPathComponent("byline-mixed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: archive) }
        let solo = archive.appendingPathComponent("solo")
        try FileManager.default.createDirectory(at: solo, withIntermediateDirectories: true)
        for (name, from) in [("20210918T100000Z.json", "json"), ("20210918T100000Z.xml", "xml"), ("20210918T110000Z.xml", "xml"),
                             ("20210918T120000Z.json", "json")] {
            try FileManager.default.copyItem(at: Self.archive.appendingPathComponent("solo/20210918T100000Z.\(from)"),
                                             to: solo.appendingPathComponent(name))
        }
        let store = try Store(path: try temporaryDatabase())
        let summary = try await ArchiveImporter(store: store).importArchive(at: archive)
        #expect(summary.imported == 4 && summary.newItems == 3)
        let feeds = try store.feeds()
        #expect(feeds.map(\.url) == ["archive:solo", "archive:solo/xml"])
        #expect(try store.pullTimes(feedID: feeds[0].id) == [utc("2021-09-18T10:00:00Z"), utc("2021-09-18T12:00:00Z")])
        #expect(try store.pullTimes(feedID: feeds[1].id) == [utc("2021-09-18T10:00:00Z"), utc("2021-09-18T11:00:00Z")])
        let items = try store.items().sorted { $0.guid < $1.guid }
        #expect(items.map(\.feedID) == [feeds[1].id, feeds[1].id, feeds[0].id])
    }

    /// The store itself says when a pull's time is already stored for its feed, so that no
    /// caller counts an absorbed pull as recorded.
    @Test func recordingAPullAtAStoredTimeSaysSo() throws {
        let store = try Store(path: try temporaryDatabase())
        try store.upsertOutletIfMissing(OutletInfo(id: "solo", name: "solo"))
        let feed = try store.feed(outletID: "solo", url: "archive:solo")
        let pull = PullInput(feedID: feed.id, at: utc("2021-09-18T10:00:00Z"), status: .ok, source: "x")
        let first = try store.record(pull)
        let again = try store.record(pull)
        #expect(!first.alreadyStored)
        #expect(again.alreadyStored)
        #expect(again.pullID == first.pullID)
    }
}
