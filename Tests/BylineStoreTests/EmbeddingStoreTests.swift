@testable import BylineStore
import BylineFeed
import Foundation
import Testing

/// Sentence embeddings stored per item version (migration v4-embeddings).
@Suite struct EmbeddingStoreTests {
    /// A store with one RNZ item seen in two versions (its title was edited).
    private func storeWithTwoVersions() throws -> (TemporaryDatabase, Store) {
        let database = try TemporaryDatabase()
        let store = try Store(path: database.path)
        try store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        let feed = try store.feed(outletID: "rnz", url: "archive:rnz")
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T01:00:00Z"), status: .ok,
                                   items: [FeedItem(guid: "a", title: "Covid-19: 22 new cases", summary: "In Auckland.")]))
        try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T02:00:00Z"), status: .ok,
                                   items: [FeedItem(guid: "a", title: "Covid-19: 24 new cases", summary: "In Auckland.")]))
        return (database, store)
    }

    @Test func versionsWithoutAnEmbeddingAreListedUntilOneIsSavedForThatModel() throws {
        let (database, store) = try storeWithTwoVersions()
        _ = database
        let missing = try store.versionsWithoutEmbedding(model: "all-MiniLM-L6-v2")
        #expect(missing.map(\.title) == ["Covid-19: 22 new cases", "Covid-19: 24 new cases"])
        #expect(missing.map(\.summary) == ["In Auckland.", "In Auckland."])
        try store.saveEmbeddings([(versionID: missing[0].versionID, vector: [0.6, -0.8, 1e-7])], model: "all-MiniLM-L6-v2")
        #expect(try store.versionsWithoutEmbedding(model: "all-MiniLM-L6-v2").map(\.versionID) == [missing[1].versionID])
        // Another model's vectors are its own.
        #expect(try store.versionsWithoutEmbedding(model: "other").count == 2)
        // Float32 round trip, bit for bit; saving again keeps the first vector.
        try store.saveEmbeddings([(versionID: missing[0].versionID, vector: [1, 0, 0])], model: "all-MiniLM-L6-v2")
        #expect(try store.embeddings(model: "all-MiniLM-L6-v2") == [missing[0].versionID: [0.6, -0.8, 1e-7]])
    }

    @Test func latestEmbeddingsReadOneVectorPerItemItsLatestVersions() throws {
        let (database, store) = try storeWithTwoVersions()
        _ = database
        let versions = try store.versionsWithoutEmbedding(model: "m")
        let itemID = try #require(try store.items().first?.id)
        // Only the first version embedded: the latest has none, so the item is left out.
        try store.saveEmbeddings([(versionID: versions[0].versionID, vector: [1, 0])], model: "m")
        #expect(try store.latestEmbeddings(model: "m").isEmpty)
        try store.saveEmbeddings([(versionID: versions[1].versionID, vector: [0, 1])], model: "m")
        #expect(try store.latestEmbeddings(model: "m") == [itemID: [0, 1]])
        #expect(try store.latestEmbeddings(model: "other").isEmpty)
    }

    @Test func aVersionWithTheTextOfAnEmbeddedVersionOfItsItemTakesThatVector() throws {
        let database = try TemporaryDatabase()
        let store = try Store(path: database.path)
        try store.upsertOutlet(OutletInfo(id: "rnz", name: "RNZ"))
        let feed = try store.feed(outletID: "rnz", url: "archive:rnz")
        // The publisher moves the pubDate (a version of its own, same text), then edits the title.
        for (hour, title, published) in [(1, "Covid-19: 22 new cases", "2021-09-19T00:30:00Z"),
                                         (2, "Covid-19: 22 new cases", "2021-09-19T01:30:00Z"),
                                         (3, "Covid-19: 24 new cases", "2021-09-19T01:30:00Z")] {
            try store.record(PullInput(feedID: feed.id, at: utc("2021-09-19T0\(hour):00:00Z"), status: .ok,
                                       items: [FeedItem(guid: "a", title: title, summary: "In Auckland.", published: utc(published))]))
        }
        let versions = try store.versionsWithoutEmbedding(model: "m")
        #expect(versions.map(\.title) == ["Covid-19: 22 new cases", "Covid-19: 22 new cases", "Covid-19: 24 new cases"])
        #expect(try store.reuseEmbeddingsOfSameText(model: "m") == 0)
        try store.saveEmbeddings([(versionID: versions[0].versionID, vector: [0.6, -0.8])], model: "m")
        // Only the version with the same text takes it; the edited title ("24 new cases") does not.
        #expect(try store.reuseEmbeddingsOfSameText(model: "m") == 1)
        #expect(try store.embeddings(model: "m") == [versions[0].versionID: [0.6, -0.8], versions[1].versionID: [0.6, -0.8]])
        #expect(try store.versionsWithoutEmbedding(model: "m").map(\.versionID) == [versions[2].versionID])
        // Another model's vectors are not reused.
        #expect(try store.reuseEmbeddingsOfSameText(model: "other") == 0)
    }

    @Test func wordPieceEmbeddingsRoundTripInEightBitsPerValue() throws {
        let database = try TemporaryDatabase()
        let store = try Store(path: database.path)
        let vectors: [Float] = [0.6, -0.8, 0, 0.1, 0.2, -0.97]
        try store.saveUnitTokens([(text: "Police are treating it as a terrorist incident.", ids: [2610, 2024], vectors: vectors)], model: "m")
        let stored = try store.unitTokens(model: "m", texts: ["Police are treating it as a terrorist incident.", "other"])
        #expect(stored.count == 1)
        let read = try #require(stored["Police are treating it as a terrorist incident."])
        #expect(read.ids == [2610, 2024])
        #expect(read.vectors.count == 6)
        // Each row within half a step of its largest value / 127.
        let largest: [Float] = [0.8, 0.97]
        for index in 0..<6 {
            let error = abs(read.vectors[index] - vectors[index])
            #expect(error <= largest[index / 3] / 254 + 1e-7)
        }
        #expect(read.vectors[1] == -0.8 && read.vectors[2] == 0)
        #expect(try store.unitTokens(model: "other", texts: ["Police are treating it as a terrorist incident."]).isEmpty)
    }

    @Test func blobsAreLittleEndianFloat32() {
        #expect(Array(Store.blob([1, -2])) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
        #expect(Store.vector(Data([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00])) == [1])
    }

    @Test func aReadOnlyStoreRefusesToSaveEmbeddings() throws {
        let (database, store) = try storeWithTwoVersions()
        let versionID = try #require(try store.versionsWithoutEmbedding(model: "m").first?.versionID)
        let readOnly = try Store(path: database.path, readOnly: true)
        #expect(throws: StoreError.readOnly(path: database.path)) {
            try readOnly.saveEmbeddings([(versionID: versionID, vector: [1])], model: "m")
        }
    }
}
