import BylineFeed
@testable import BylinePipeline
import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing

/// The clusterer kept between updates (``AnalysisCache``) is used only while the store holds
/// the header its update saved; the cache keeps that header's length and digest, not a second
/// copy of its bytes beside the clusterer's vocabulary.
@Suite struct KeptHeaderDigestTests {
    @Test func theCacheKeepsTheHeadersLengthAndAChangedByteStopsTheReuse() async throws {
        let path = try temporaryDatabase()
        let store = try Store(path: path)
        let cache = AnalysisCache()
        _ = try await ArchiveImporter(store: store).importArchive(at: fixtureArchive)
        _ = try await Analysis.update(store, cache: cache)
        let saved = try #require(try store.clustererSnapshotHeader()).data
        #expect(cache.keptHeaderCount == saved.count)

        // One more item: the kept clusterer goes on.
        try await pull(into: store, at: "2021-09-19T09:00:00Z", guid: "g-1", title: "France recalls ambassadors from Washington and Canberra")
        let second = try await Analysis.update(store, cache: cache)
        #expect(second.continued && second.placedItems == 1)
        #expect(cache.reuses == 1)
        #expect(cache.keptHeaderCount == (try #require(try store.clustererSnapshotHeader()).data.count))

        // A letter of the saved header's first term changed (the header starts with its format
        // and its term count, 8 bytes each, then the first term's byte count, 8 bytes, and its
        // UTF-8; the length and the stories' state stay the same):
        // the update reads the saved state instead of going on from the kept clusterer.
        try await DatabaseQueue(path: path).write { db in
            let data = try #require(try Data.fetchOne(db, sql: "SELECT data FROM clusterer_snapshot WHERE id = 1"))
            var changed = data
            changed[changed.startIndex + 24] ^= 0x01
            try db.execute(sql: "UPDATE clusterer_snapshot SET data = ? WHERE id = 1", arguments: [changed])
        }
        try await pull(into: store, at: "2021-09-19T10:00:00Z", guid: "g-2", title: "Emmys: The Crown and Ted Lasso win top awards")
        _ = try await Analysis.update(store, cache: cache)
        #expect(cache.reuses == 1)
    }

    @Test func theDigestTellsAChangedByteAndATrailingZero() {
        let bytes = Data((0..<1_001).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        var flipped = bytes
        flipped[500] ^= 0x80
        #expect(AnalysisCache.HeaderDigest(bytes) == AnalysisCache.HeaderDigest(Data(bytes)))
        #expect(AnalysisCache.HeaderDigest(bytes) != AnalysisCache.HeaderDigest(flipped))
        #expect(AnalysisCache.HeaderDigest(bytes) != AnalysisCache.HeaderDigest(bytes + [0]))
        #expect(AnalysisCache.HeaderDigest(bytes).count == 1_001)
    }

    /// One pull of the Guardian at `time`: one item of this guid and title.
    private func pull(into store: Store, at time: String, guid: String, title: String) async throws {
        try store.upsertOutlet(OutletInfo(id: "guardian", name: "guardian"))
        let feed = try store.feed(outletID: "guardian", url: "archive:guardian")
        try store.record(PullInput(feedID: feed.id, at: utc(time), status: .ok, items: [FeedItem(guid: guid, title: title)]))
    }
}
