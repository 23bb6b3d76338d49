import BylineFeed
@testable import BylinePipeline
import BylineStore
import BylineStories
import BylineTestSupport
import Foundation
import Testing

/// An update that restores the clusterer from the store (its story records decoded only as the
/// update reads them) places the items as the clusterer that never left memory does.
@Suite struct RestoredUpdateTests {
    /// The October archive's snapshots captured before `cut` (an outlet folder each, as links).
    private func archive(before cut: String, in folder: URL) throws -> URL {
        try Self.archive(of: SharedData.root.appendingPathComponent("corpus/headlines-2021-10"), before: cut, in: folder)
    }

    /// The snapshots of `october` (an archive folder) captured before `cut` (an outlet folder
    /// each, as links).
    static func archive(of october: URL, before cut: String, in folder: URL) throws -> URL {
        let fileManager = FileManager.default
        for outlet in try fileManager.contentsOfDirectory(atPath: october.path) {
            let source = october.appendingPathComponent(outlet)
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: source.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            let target = folder.appendingPathComponent(outlet)
            try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
            for name in try fileManager.contentsOfDirectory(atPath: source.path) where name < cut {
                try fileManager.createSymbolicLink(at: target.appendingPathComponent(name), withDestinationURL: source.appendingPathComponent(name))
            }
        }
        return folder
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage), arguments: StoreBackend.available)
    func aRestoredUpdateOfOctoberPlacesAsTheKeptClustererDoes(_ backend: StoreBackend) async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-restored-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try archive(before: "20211017T000000Z.xml", in: folder)
        let october = SharedData.root.appendingPathComponent("corpus/headlines-2021-10")
        let kept = try await backend.freshStore(), restored = try await backend.freshStore(), upgraded = try await backend.freshStore()
        let cache = AnalysisCache()
        for store in [kept, restored, upgraded] { _ = try await ArchiveImporter(store: store).importArchive(at: first) }
        // The first analysis of the first snapshots: replayed whole on each, one kept in memory.
        let firstKept = try await Analysis.update(kept, cache: cache)
        let firstRestored = try await Analysis.update(restored)
        #expect(firstKept == firstRestored)
        #expect(try await Analysis.update(upgraded) == firstKept)
        // The third store's state as a Byline that kept no heads left it: its heads marked
        // incomplete (the same header and rows), so that its next update reads every row.
        let saved = try #require(try await upgraded.clustererSnapshot())
        let state = try await upgraded.storiesState()
        #expect(try await upgraded.saveStoryChanges(newStories: [], assignments: [], merges: [], splits: [],
                                                   watermark: try #require(try await upgraded.storiesWatermark()), ifStoriesStateIs: state,
                                                   snapshot: ClustererSnapshotUpdate(settings: saved.settings, data: saved.data, replacingStories: false),
                                                   replacingAll: false))
        #expect(try await upgraded.clustererSnapshotHeads() == nil)
        #expect(try await upgraded.clustererSnapshot()?.stories == saved.stories)
        #expect(firstKept == AnalysisUpdate(placedItems: 478, touchedStories: 355, newStories: 358, merges: 3, splits: 0, continued: false,
                                            saved: true, embeddedSentences: 0))
        // The later snapshots: the kept clusterer goes on in memory, the other is restored from
        // the store.
        for store in [kept, restored, upgraded] { _ = try await ArchiveImporter(store: store).importArchive(at: october) }
        let nextKept = try await Analysis.update(kept, cache: cache)
        // SQLite: restored from the heads, each story's row read as the clusterer reads the story.
        let headsBefore = try #require(try await restored.clustererSnapshotHeads())
        #expect(headsBefore.storyHeads.count == 355)
        let nextRestored = try await Analysis.update(restored)
        #expect(try await Analysis.update(upgraded) == nextKept)
        #expect(cache.reuses == 1)
        #expect(nextRestored == nextKept)
        #expect(nextRestored == AnalysisUpdate(placedItems: 409, touchedStories: 334, newStories: 282, merges: 1, splits: 1, continued: true,
                                               saved: true, embeddedSentences: 0))
        #expect(try await restored.storyAssignments() == (try await kept.storyAssignments()))
        #expect(try await restored.storyMerges().map(\.storyID) == (try await kept.storyMerges().map(\.storyID)))
        #expect(try await restored.clustererSnapshot() == (try await kept.clustererSnapshot()))
        #expect(try await upgraded.storyAssignments() == (try await kept.storyAssignments()))
        #expect(try await upgraded.clustererSnapshot() == (try await kept.clustererSnapshot()))
        // Beside each row its head, as the clusterer makes it from the row's record (after the
        // same 8 bytes of the story's index); the upgraded store's heads complete again.
        let rows = try #require(try await restored.clustererSnapshot()).stories
        let heads = try #require(try await restored.clustererSnapshotHeads()).storyHeads
        #expect(heads.count == rows.count)
        #expect(rows.count == 636)
        for (id, row) in rows { #expect(heads[id] == Data(row.prefix(8)) + StoryClusterer.storyHead(ofRecord: Data(row.dropFirst(8)))!) }
        #expect(try await kept.clustererSnapshotHeads()?.storyHeads == heads)
        #expect(try await upgraded.clustererSnapshotHeads()?.storyHeads == heads)
        await closeStore(kept)
        await closeStore(restored)
        await closeStore(upgraded)
    }
}
