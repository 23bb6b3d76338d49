public import Foundation
public import BylineStore
import BylineFacts
public import BylineStories
public import BylineEmbed

extension Analysis {
    /// How many of an outlet's latest items (first seen before a range's end) an analysis read
    /// for a time range learns the outlet's boilerplate from, besides the range's stories.
    public static let boilerplateSampleItems = 200

    /// Reads the saved stories whose first report falls in `[since, until)` (nil bounds are
    /// open), reading only the items those stories hold and a bounded sample of others: what
    /// `report`, `stories` and `outlets` with `--since`/`--until` read. Without bounds it is
    /// ``load(from:settings:embedder:notice:)``. Nothing is written.
    ///
    /// The stories are exactly those of ``load(from:settings:embedder:notice:)`` filtered by
    /// ``stories(since:until:)``, with the same items, ids and headlines: an item's time
    /// estimate is its first-seen time or its first publisher time, so the stories are found
    /// through the items either of which falls in the range (indexed), and each is then read
    /// whole. What a report computes over more than its stories is taken from bounded reads:
    ///
    /// - boilerplate (``textHygiene()``) is learned from the range's stories and, for each of
    ///   their outlets, its ``boilerplateSampleItems`` latest items first seen before `until`
    ///   (the latest stored when `until` is nil), instead of every stored item: a segment an
    ///   outlet repeats in 3 or more stories within that sample is boilerplate, so the learned
    ///   set is a subset of what the whole store gives (a segment repeated only in older items is
    ///   kept as text);
    /// - the repeated-date check reads, for each outlet and first publisher time of the range's
    ///   items, every stored item of that outlet with that time (``sameDateItems``), so it finds
    ///   what the whole store gives.
    ///
    /// Items that no saved story holds (or a store whose items changed since its stories were
    /// saved) are placed in memory from the saved clusterer state, as the whole-store read does;
    /// without a usable state the whole store is read and ``stories`` holds every story.
    ///
    /// - Parameters:
    ///   - since: the range's start (UTC), or nil.
    ///   - until: the range's end (UTC, excluded), or nil.
    ///   - settings: the clustering settings (``ClusterSettings/default`` unless tuning).
    ///   - embedder: the sentence-embedding model, or nil (see ``load(from:settings:embedder:notice:)``).
    ///   - notice: called once with one line before a long embedding run.
    /// - Throws: ``StoreError`` when the store cannot be read.
    public static func load(from store: any AnalysisStore, since: Date?, until: Date?, settings: ClusterSettings = .default,
                            embedder: SentenceEmbedder? = nil, notice: ((String) -> Void)? = nil) async throws(StoreError) -> Analysis {
        guard since != nil || until != nil else { return try await load(from: store, settings: settings, embedder: embedder, notice: notice) }
        let state = try await store.storiesState()
        let merged = Dictionary(uniqueKeysWithValues: try await store.storyMerges().map { ($0.storyID, $0.intoID) })
        let stale = try await store.storiesWatermark() != store.itemsWatermark()
        let unassigned = try await store.unassignedItemCount()
        // Items whose story the in-memory placement changed (pending items and the stories they
        // touch), and the vectors computed for versions without a stored one.
        var moved: [Int64: Int64] = [:]
        var allMerges = merged
        var unsaved: [Int64: [Float]] = [:]
        var storiesInStore = try await store.savedStoryCount()
        var unsavedTexts = 0
        if stale || unassigned > 0 {
            // Without a saved state to go on from, every item is replayed, as without a range:
            // known before the model runs, so that the item texts are not embedded twice.
            guard let snapshot = try await store.clustererSnapshot(), snapshot.settings == snapshotKey(settings, semantic: embedder != nil),
                  snapshot.storiesState == state else {
                return try await load(from: store, settings: settings, embedder: embedder, notice: notice)
            }
            if let embedder {
                let run = try await embedVersions(store, embedder: embedder, saving: false, notice: notice)
                unsaved = run.computed
                unsavedTexts = run.embeddedTexts
            }
            guard let going = try await continuePlacement(store, settings: settings, embedder: embedder, unsaved: unsaved, merged: merged,
                                                          state: state, firstNewID: try await store.maxStoryID() + 1) else {
                // No saved state to go on from: every item is replayed, as without a range.
                return try await load(from: store, settings: settings, embedder: embedder, notice: notice)
            }
            for change in going.changed { moved[change.itemID] = change.storyID }
            for merge in going.placement.merges { allMerges[merge.storyID] = merge.intoID }
            storiesInStore += going.placement.newStories.count - going.placement.merges.count
        }
        func stories(of itemIDs: [Int64]) async throws(StoreError) -> [Int64: Int64] {
            var result = try await store.storyAssignments(itemIDs: itemIDs).mapValues { resolve($0, merged) }
            for id in itemIDs { if let story = moved[id] { result[id] = story } }
            return result
        }

        // The stories of the items that appeared in the range, then every item they hold.
        let wanted = Set(try await stories(of: try await store.itemIDs(appearingFrom: since, until: until)).values)
        let absorbed = merged.keys.filter { wanted.contains(resolve($0, merged)) }
        var memberIDs = Set(try await store.itemIDs(inStories: Array(wanted) + absorbed))
        memberIDs.formUnion(moved.filter { wanted.contains($0.value) }.keys)
        let assignment = try await stories(of: memberIDs.sorted()).filter { wanted.contains($0.value) }
        let items = try await store.items(ids: Array(assignment.keys))
        var vectors: [Int64: [Float]] = [:]
        if embedder != nil {
            vectors = try await store.latestEmbeddings(model: embeddingModelName, itemIDs: items.map(\.id))
            for item in items { if let latest = item.versions.last, let vector = unsaved[latest.id] { vectors[item.id] = vector } }
        }
        let versionVectors = try await versionEmbeddings(of: items, assignment: assignment, in: store, itemVectors: vectors,
                                                         unsaved: unsaved)
        var analysis = view(items: items, assignment: assignment, vectors: vectors, merges: allMerges, outlets: try await store.outlets(),
                            versionVectors: versionVectors)
        analysis.stories = analysis.stories(since: since, until: until)
        analysis.recomputed = !moved.isEmpty
        analysis.pendingItems = unassigned
        analysis.unsavedItemTexts = unsavedTexts
        analysis.storiesInStore = storiesInStore

        let reported = Set(analysis.stories.flatMap { $0.items.map(\.id) })
        analysis.boilerplateSample = try await boilerplateSample(of: analysis.stories, until: until, in: store, storyOf: stories(of:))

        // Repeated dates: the other items of each outlet that carry a report item's first date.
        var dates: Set<OutletDate> = []
        for story in analysis.stories {
            for item in story.items { if let published = item.firstPublished { dates.insert(OutletDate(outlet: item.outletID, date: published)) } }
        }
        for key in dates.sorted(by: { ($0.outlet, $0.date) < ($1.outlet, $1.date) }) {
            for other in try await store.itemsFirstPublished(at: key.date, outletID: key.outlet) where !reported.contains(other.itemID) {
                analysis.sameDateItems.append(FactItem(
                    itemID: other.itemID, outlet: other.outletID, guid: "", published: other.published,
                    versions: [FactVersion(seenAt: other.firstSeen, previousPull: nil, title: "", summary: "", published: other.published)]))
            }
        }
        return analysis
    }
}

extension Analysis {
    /// Boilerplate's sample beside `stories`: each of their outlets' ``boilerplateSampleItems``
    /// latest items first seen before `until` (the latest stored when nil) that the stories do
    /// not hold, grouped by story (`storyOf` gives an item's story; an item no story holds counts
    /// as a story of its own), in story order.
    static func boilerplateSample(of stories: [StoryView], until: Date?, in store: any AnalysisStore,
                                  storyOf: ([Int64]) async throws(StoreError) -> [Int64: Int64]) async throws(StoreError) -> [[FactItem]] {
        let reported = Set(stories.flatMap { $0.items.map(\.id) })
        var sampleIDs: [Int64] = []
        for outlet in Set(stories.flatMap(\.outlets)).sorted() {
            sampleIDs += try await store.latestItemIDs(outletID: outlet, before: until, limit: boilerplateSampleItems)
                .filter { !reported.contains($0) }
        }
        let sampleStory = try await storyOf(sampleIDs)
        var sample: [Int64: [FactItem]] = [:]
        for item in try await store.items(ids: sampleIDs) {
            sample[sampleStory[item.id] ?? -item.id, default: []].append(item.factItem)
        }
        return sample.sorted { $0.key < $1.key }.map(\.value)
    }

    /// The saved stories `storyIDs` (merged-away ids followed), each read whole, with the
    /// boilerplate sample of their outlets' latest items (``boilerplateSample(of:until:in:storyOf:)``,
    /// up to now), as a report read for a time range holding just these stories learns it:
    /// what the writers' fact step needs, without reading the rest of the store. Item vectors
    /// are not read.
    static func savedStories(_ storyIDs: [Int64], in store: any AnalysisStore) async throws(StoreError) -> Analysis {
        let merged = Dictionary(uniqueKeysWithValues: try await store.storyMerges().map { ($0.storyID, $0.intoID) })
        let wanted = Set(storyIDs.map { resolve($0, merged) })
        let absorbed = merged.keys.filter { wanted.contains(resolve($0, merged)) }
        func stories(of itemIDs: [Int64]) async throws(StoreError) -> [Int64: Int64] {
            try await store.storyAssignments(itemIDs: itemIDs).mapValues { resolve($0, merged) }
        }
        let members = try await store.itemIDs(inStories: Array(wanted) + absorbed)
        let assignment = try await stories(of: members).filter { wanted.contains($0.value) }
        let items = try await store.items(ids: Array(assignment.keys))
        var analysis = view(items: items, assignment: assignment, vectors: [:], merges: merged, outlets: try await store.outlets())
        analysis.boilerplateSample = try await boilerplateSample(of: analysis.stories, until: nil, in: store, storyOf: stories(of:))
        return analysis
    }
}

/// An outlet and a publisher time: a key of the repeated-date check.
private struct OutletDate: Hashable {
    var outlet: String
    var date: Date
}
