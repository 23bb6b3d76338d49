import Foundation
public import BylineStore
import BylineFacts
public import BylineStories
public import BylineEmbed

/// What one ``Analysis/update(_:settings:embedder:rebuild:waitForLock:cache:notice:shouldStop:)`` did.
public struct AnalysisUpdate: Sendable, Hashable {
    /// Items placed in stories (those no saved story held).
    public var placedItems: Int
    /// Stories that got, lost or merged items, or whose items got new versions.
    public var touchedStories: Int
    /// Stories started.
    public var newStories: Int
    /// Stories merged into another.
    public var merges: Int
    /// Items moved out of a story.
    public var splits: Int
    /// Whether the clusterer went on from the state the last update saved (false: it replayed
    /// every stored item: the first analysis, `--rebuild`, other settings or a changed model, or
    /// stories saved by a program that keeps no state).
    public var continued: Bool
    /// Whether the stories were saved (false: other processes kept saving stories meanwhile,
    /// three times; the next update places what this one could not save).
    public var saved: Bool
    /// Fact sentences of the touched stories embedded and saved, vector and word pieces (0
    /// without a model): of the sentences that lacked either, which the notice before a long run
    /// counts, those this update stored both of. One that had a stored vector but no word pieces
    /// is embedded again and counted; those computed but not saved (``factsNotStored``) are not.
    public var embeddedSentences: Int
    /// Whether `shouldStop` ended the update early: after a batch of item texts (nothing was
    /// placed; the next update places the items, with the vectors saved so far) or after a batch
    /// of fact sentences (the stories were saved, and recorded as having facts to embed,
    /// ``BylineStore/AnalysisStore/factsPending()``: the next update embeds the sentences left,
    /// and the reading commands compute them in memory until then).
    public var stopped: Bool
    /// Fact sentences left without a stored vector or word pieces when `shouldStop` ended the update while
    /// embedding them (``stopped``), or when saving them failed (``factsNotStored``): the next
    /// update embeds them.
    public var factSentencesLeft = 0
    /// The error that stopped the fact sentences' vectors from being saved (a full disk,
    /// ``BylineStore/StoreError/full(path:message:)``), or nil. The stories are saved;
    /// ``embeddedSentences`` counts the sentences stored before it and ``factSentencesLeft``
    /// those not stored, which stay recorded (``BylineStore/AnalysisStore/factsPending()``) so
    /// that the next update embeds them. The writers report it as an error (exit 1).
    public var factsNotStored: StoreError?
    /// Stories this update did not touch whose fact sentences lacked stored vectors or word pieces, left by an
    /// earlier update (stopped or killed before it stored them, or, on a store without a record
    /// of them, an older Byline's or one without the model): this update embedded them.
    public var earlierStories = 0
    /// Item texts (the title and summary each version is grouped by) embedded and saved by
    /// this update, each distinct text once (0 without a model).
    public var embeddedItemTexts = 0
    /// Item texts left without a vector when `shouldStop` ended the update while embedding
    /// them (``stopped``): the next update embeds them, going on from the saved ones.
    public var itemTextsLeft = 0
    /// Whether another process held the store's analysis lock
    /// (``BylineStore/AnalysisStore/withAnalysisLock(wait:_:)``), so that this update did
    /// nothing: that process's analysis, or the next one, places the items.
    public var busy: Bool

    /// Creates a record of an update (the analysis makes these; tests compare with them).
    public init(placedItems: Int, touchedStories: Int, newStories: Int, merges: Int, splits: Int, continued: Bool, saved: Bool,
                embeddedSentences: Int, stopped: Bool = false, busy: Bool = false) {
        self.placedItems = placedItems
        self.touchedStories = touchedStories
        self.newStories = newStories
        self.merges = merges
        self.splits = splits
        self.continued = continued
        self.saved = saved
        self.embeddedSentences = embeddedSentences
        self.stopped = stopped
        self.busy = busy
    }
}

extension Analysis {
    /// Brings the saved stories of `store` up to date with its items, and saves them: the
    /// analysis stage of the writers (`pull`, `run`, `import`) and of `byline analyze`.
    ///
    /// Every item version without an embedding gets one (with an `embedder`). Then the items
    /// that no saved story holds are placed, in order of time estimate then id, by the
    /// clusterer in the state the last update left it in (kept in the store, see
    /// ``BylineStore/ClustererSnapshot``): the cost follows the new items and the stories they
    /// touch, not the history. Story ids are stable: an item joins an existing story (its id
    /// stays) or starts one (the highest id ever saved + 1); a merge keeps the older id and is
    /// recorded (``BylineStore/Store/storyMerges()``), as is an item moved out of its story
    /// (``BylineStore/Store/storySplits()``). When there is no usable state (the first
    /// analysis, other settings, the model found or lost since, stories saved by an older Byline)
    /// every stored item is replayed first, as ``load(from:settings:embedder:notice:)`` places
    /// items in memory: the stored collection is the IDF's prior and saved assignments are kept.
    /// Last, with an `embedder`, the fact sentences of the touched stories of two or more outlets
    /// are embedded and saved, so that the reading commands find them; with them those of the
    /// stories an earlier update left (``BylineStore/AnalysisStore/factsPending()``: the stories
    /// are saved with that record, which is cleared once their sentences are stored, so that a
    /// stop or a kill in between leaves them to the next update; every saved story is checked
    /// once when the store has no record).
    ///
    /// One process at a time runs it on a store
    /// (``BylineStore/AnalysisStore/withAnalysisLock(wait:_:)``: a PostgreSQL advisory lock, or
    /// `flock` on `<database>-analysis.lock` beside a SQLite file); another process saving
    /// stories meanwhile without it (an older Byline) makes this one load again and place what is
    /// still unplaced (three attempts).
    ///
    /// - Parameters:
    ///   - store: a writable store.
    ///   - settings: the clustering settings (``BylineStories/ClusterSettings/default`` unless tuning).
    ///   - embedder: the sentence-embedding model, or nil: stories on words, names and time only.
    ///   - rebuild: recompute every story from scratch (new ids from 1; every saved story,
    ///     merge and split is replaced), as a first analysis of the same items would.
    ///   - waitForLock: wait for the analysis lock when another process holds it (`analyze`);
    ///     false (the writers' stage): return at once with ``AnalysisUpdate/busy`` set, so that a
    ///     worker goes on pulling.
    ///   - cache: where a long-running process keeps the clusterer between its updates
    ///     (``AnalysisCache``): the update goes on from it while the store holds what it saved,
    ///     instead of reading and restoring the saved state; nil: the saved state is read.
    ///   - notice: called with one line before a long embedding run.
    ///   - shouldStop: asked after each batch the model embeds (64 item texts or 128 fact
    ///     sentences, under a second to a few seconds); true ends the update there (``AnalysisUpdate/stopped``), so
    ///     that `run` stops soon after SIGTERM whatever the analysis is doing.
    /// - Returns: what was done.
    /// - Throws: ``BylineStore/StoreError/readOnly(path:)`` on a read-only store, another
    ///   ``BylineStore/StoreError`` when the store cannot be read or written.
    @discardableResult
    public static func update(_ store: any AnalysisStore, settings: ClusterSettings = .default, embedder: SentenceEmbedder? = nil,
                              rebuild: Bool = false, waitForLock: Bool = false, cache: AnalysisCache? = nil,
                              notice: (@Sendable (String) -> Void)? = nil,
                              shouldStop: (() -> Bool)? = nil) async throws(StoreError) -> AnalysisUpdate {
        if store.isReadOnly { throw StoreError.readOnly(path: store.location) }
        let update = try await store.withAnalysisLock(wait: waitForLock) { () async throws(StoreError) -> AnalysisUpdate in
            try await updateHoldingLock(store, settings: settings, embedder: embedder, rebuild: rebuild, cache: cache, notice: notice,
                                        shouldStop: shouldStop)
        }
        return update ?? AnalysisUpdate(placedItems: 0, touchedStories: 0, newStories: 0, merges: 0, splits: 0, continued: false,
                                        saved: false, embeddedSentences: 0, busy: true)
    }

    /// ``update(_:settings:embedder:rebuild:waitForLock:cache:notice:shouldStop:)`` once the analysis lock is held.
    private static func updateHoldingLock(_ store: any AnalysisStore, settings: ClusterSettings, embedder: SentenceEmbedder?,
                                          rebuild: Bool, cache: AnalysisCache?, notice: (@Sendable (String) -> Void)?,
                                          shouldStop: (() -> Bool)?) async throws(StoreError) -> AnalysisUpdate {
        var embeddedTexts = 0
        if let embedder {
            let run = try await embedVersions(store, embedder: embedder, saving: true, notice: notice, shouldStop: shouldStop)
            if !run.complete {
                var update = AnalysisUpdate(placedItems: 0, touchedStories: 0, newStories: 0, merges: 0, splits: 0, continued: false,
                                            saved: true, embeddedSentences: 0, stopped: true)
                update.embeddedItemTexts = run.embeddedTexts
                update.itemTextsLeft = run.texts - run.embeddedTexts
                return update
            }
            embeddedTexts = run.embeddedTexts
        }
        var attempt = 0
        while true {
            attempt += 1
            if var result = try await updateOnce(store, settings: settings, embedder: embedder, rebuild: rebuild, cache: cache,
                                                 lastAttempt: attempt >= 3) {
                result.update.embeddedItemTexts = embeddedTexts
                guard let embedder else { return result.update }
                return try await embedPendingFacts(store, touched: result.touchedStoryIDs, update: result.update, embedder: embedder,
                                                   notice: notice, shouldStop: shouldStop)
            }
        }
    }

    /// Embeds the fact sentences of the `touched` stories and of those the store records as
    /// still to embed (``BylineStore/AnalysisStore/factsPending()``: an earlier update stopped
    /// or killed before it stored them; every saved story when there is no record), then
    /// clears the record when every one was stored and no other process saved stories meanwhile.
    private static func embedPendingFacts(_ store: any AnalysisStore, touched: [Int64], update: AnalysisUpdate, embedder: SentenceEmbedder,
                                          notice: (@Sendable (String) -> Void)?,
                                          shouldStop: (() -> Bool)?) async throws(StoreError) -> AnalysisUpdate {
        // The state is read before the record, so that a save by another process after it
        // (whose stories the record then holds) keeps the record.
        let state = try await store.storiesState()
        let merged = Dictionary(uniqueKeysWithValues: try await store.storyMerges().map { ($0.storyID, $0.intoID) })
        let record = try await store.factsPending()
        var recorded = record ?? []
        if record == nil { recorded = Array(Set(try await store.storyAssignments().values)) }
        let touchedIDs = Set(touched.map { resolve($0, merged) })
        let earlier = Set(recorded.map { resolve($0, merged) }).subtracting(touchedIDs)
        var update = update
        guard !touchedIDs.isEmpty || !earlier.isEmpty else {
            if record == nil { try await store.clearFactsPending(ifStoriesStateIs: state) }
            return update
        }
        let run = try await embedFacts(of: touchedIDs.union(earlier).sorted(), in: store, embedder: embedder, counting: earlier,
                                       notice: notice, shouldStop: shouldStop)
        update.embeddedSentences = run.embedded
        update.earlierStories = run.lacking
        update.factSentencesLeft = run.left
        update.stopped = run.failure == nil && run.left > 0
        update.factsNotStored = run.failure
        if run.stored { try await store.clearFactsPending(ifStoriesStateIs: state) }
        return update
    }

    /// What the snapshot's settings are compared by: the settings' description, whether items
    /// carry embeddings, and ``clusteringInput``.
    static func snapshotKey(_ settings: ClusterSettings, semantic: Bool) -> String {
        "\(StoryClusterer.snapshotFormat)|input\(clusteringInput)|\(semantic ? embeddingModelName : "lexical")|\(settings)"
    }

    /// The version of what the analysis hands the clusterer for each item
    /// (``StoredItem/storyItem(embedding:)``); a state saved under another one is rebuilt by
    /// replaying the saved stories. 2: content that repeats the summary is not full text.
    static let clusteringInput = 2

    /// One attempt of ``update(_:settings:embedder:rebuild:notice:)``'s stories: nil when another
    /// process saved stories meanwhile (and `lastAttempt` is false).
    private static func updateOnce(_ store: any AnalysisStore, settings: ClusterSettings, embedder: SentenceEmbedder?, rebuild: Bool,
                                   cache: AnalysisCache?, lastAttempt: Bool) async throws(StoreError) -> (update: AnalysisUpdate, touchedStoryIDs: [Int64])? {
        let state = try await store.storiesState()
        let watermark = try await store.itemsWatermark()
        let previous = try await store.storiesWatermark()
        let key = snapshotKey(settings, semantic: embedder != nil)
        let merged = Dictionary(uniqueKeysWithValues: try await store.storyMerges().map { ($0.storyID, $0.intoID) })
        let firstNewID = rebuild ? 1 : try await store.maxStoryID() + 1
        // The clusterer this process kept, while the store holds what it saved (the same
        // settings, stories' state and header).
        var kept: StoryPlacement?
        if !rebuild, let entry = cache?.take(), entry.key == key, entry.storiesState == state,
           let header = try await store.clustererSnapshotHeader(), header.settings == key, header.storiesState == state,
           AnalysisCache.HeaderDigest(header.data) == entry.header {
            kept = entry.placement.goingOn(firstNewID: firstNewID)
            cache?.countReuse()
        }
        var placement: StoryPlacement
        var changed: [(itemID: Int64, storyID: Int64)]
        var placed: Int
        let continued: Bool
        let going = rebuild ? nil : try await continuePlacement(store, settings: settings, embedder: embedder, unsaved: [:], merged: merged,
                                                                state: state, firstNewID: firstNewID, kept: kept, placingUnreadable: true)
        if let going, going.placement.clusterer.unreadableRecords > 0, !lastAttempt {
            // A story row read as the clusterer asked for it was not the one its head was saved
            // with (another process saved stories meanwhile): load again.
            return nil
        }
        if let going, going.placement.clusterer.unreadableRecords == 0 {
            // Go on from the saved state: only the new items.
            (placement, placed, changed) = going
            continued = true
        } else {
            // Replay everything: the first analysis, or no usable state.
            continued = false
            let items = try await store.items()
            let vectors = embedder == nil ? [:] : try await store.latestEmbeddings(model: embeddingModelName)
            var saved: [Int64: Int64] = [:]
            if !rebuild {
                saved = try await store.storyAssignments()
                for (item, story) in saved { saved[item] = resolve(story, merged) }
            }
            placement = replayed(items, saved: saved, firstNewID: firstNewID, settings: settings, embeddings: vectors)
            placed = items.count - saved.count
            changed = placement.assignment.filter { saved[$0.key] != $0.value }.map { (itemID: $0.key, storyID: $0.value) }
        }
        changed.sort { $0.itemID < $1.itemID }
        // Stories whose items got new versions (edits) since the last update have new sentences:
        // their stories as this save leaves them (the saved ones, with this run's changes).
        var touched = Set(placement.touchedStoryIDs)
        if !rebuild, let last = previous?.split(separator: ":").last.flatMap({ Int64($0) }) {
            let edited = try await store.itemIDs(withVersionsAfter: last)
            var storyOf = try await store.storyAssignments(itemIDs: edited)
            let isEdited = Set(edited)
            for change in changed where isEdited.contains(change.itemID) { storyOf[change.itemID] = change.storyID }
            for story in storyOf.values { touched.insert(resolve(story, merged)) }
        } else if rebuild || previous == nil {
            touched.formUnion(placement.assignment.values)
        }
        let snapshot = placement.snapshotUpdate(settings: key, replacingStories: !continued)
        // The touched stories are recorded as having facts to embed with the stories themselves,
        // so that a stop or a kill before their sentences are stored leaves them to the next
        // update; without the model, the record is dropped (any story may then lack vectors).
        let stored = try await store.saveStoryChanges(newStories: placement.newStories, assignments: changed, merges: placement.merges,
                                                      splits: placement.splits, watermark: watermark, ifStoriesStateIs: state,
                                                      snapshot: snapshot, replacingAll: rebuild,
                                                      factsPending: embedder != nil || touched.isEmpty ? touched.sorted() : nil)
        if stored, let cache, let snapshot {
            // The store holds every open story's row as it is now: the idle ones leave memory,
            // read back from their rows when an update reads them.
            if let reader = store.clustererStoryReader() {
                placement.park(idleFor: cache.parkingAge(settings, semantic: embedder != nil), reader: reader)
            }
            cache.keep(AnalysisCache.Entry(key: key, storiesState: try await store.storiesState(), header: AnalysisCache.HeaderDigest(snapshot.data),
                                           placement: placement))
        }
        if !stored && !lastAttempt { return nil }
        let update = AnalysisUpdate(placedItems: placed, touchedStories: touched.count, newStories: placement.newStories.count,
                                    merges: placement.merges.count, splits: placement.splits.count, continued: continued,
                                    saved: stored, embeddedSentences: 0)
        return (update, touched.sorted())
    }

    /// Places the items that no saved story holds, going on from the saved clusterer state
    /// (``BylineStore/ClustererSnapshot``); nil when there is none usable (none saved, other
    /// settings or model, or saved stories that differ from the state it was saved with) or when
    /// new items of two or more outlets predate it
    /// (``BylineStories/StoryClusterer/predatesCandidates(_:)``), and when the saved state holds no
    /// story (an analysis that placed nothing saved it).
    ///
    /// The clusterer is restored from the saved heads when the store has them and reads rows one
    /// at a time (``BylineStore/AnalysisStore/clustererStoryReader()``, SQLite): each story's row
    /// is read when the clusterer first reads the story. Otherwise every row is read first.
    ///
    /// - Parameters:
    ///   - unsaved: embeddings computed but not stored, by version id (a reader's).
    ///   - merged: the saved merges (absorbed id -> surviving id).
    ///   - state: the ``BylineStore/Store/storiesState()`` read before the saved stories were.
    ///   - kept: the placement to go on from instead of the saved state (``AnalysisCache``).
    ///   - placingUnreadable: whether a placement whose clusterer met an unreadable story row
    ///     (``BylineStories/StoryClusterer/unreadableRecords``) is returned (for the caller to
    ///     tell it from no saved state); false: nil then.
    /// - Returns: the placement, how many items it placed, and the items whose story changed.
    static func continuePlacement(_ store: any AnalysisStore, settings: ClusterSettings, embedder: SentenceEmbedder?, unsaved: [Int64: [Float]],
                                  merged: [Int64: Int64], state: String, firstNewID: Int64, kept: StoryPlacement? = nil,
                                  placingUnreadable: Bool = false)
        async throws(StoreError) -> (placement: StoryPlacement, placed: Int, changed: [(itemID: Int64, storyID: Int64)])? {
        var placement: StoryPlacement
        let key = snapshotKey(settings, semantic: embedder != nil)
        if let kept {
            placement = kept
        } else if let reader = store.clustererStoryReader(), let heads = try await store.clustererSnapshotHeads() {
            guard heads.settings == key, heads.storiesState == state,
                  let restored = StoryPlacement(heads: heads, reader: reader, settings: settings, firstNewID: firstNewID) else { return nil }
            placement = restored
        } else {
            guard let snapshot = try await store.clustererSnapshot(), snapshot.settings == key, snapshot.storiesState == state,
                  let restored = StoryPlacement(snapshot: snapshot, settings: settings, firstNewID: firstNewID) else { return nil }
            placement = restored
        }
        // A state that holds no story was saved by an analysis that placed nothing (a first
        // `pull` whose every feed failed): there is nothing to go on from, and going on would
        // place the first items without the collection learned first (``BylineStories/StoryClusterer/learn(_:)``),
        // unlike the first analysis of a store without it. The caller replays instead.
        guard !placement.clusterer.stories.isEmpty else { return nil }
        let newIDs = try await store.unassignedItemIDs()
        let newItems = ordered(try await store.items(ids: newIDs))
        // Items older than the state's horizon from two or more outlets (an archive imported after
        // today's pulls) would meet none of the stories of their time, which have left the
        // candidate index, nor each other: every item is replayed in time order instead, the
        // saved ones into their stories. One outlet's (a feed added with its own old items, a
        // channel's videos of past years) are placed as they come, without a whole replay.
        let predating = Set(newItems.prefix { placement.clusterer.predatesCandidates($0.observedTime.estimate) }.map(\.outletID))
        if predating.count >= 2 { return nil }
        var vectors = embedder == nil ? [:] : try await store.latestEmbeddings(model: embeddingModelName, itemIDs: newIDs)
        for item in newItems { if let latest = item.versions.last, let vector = unsaved[latest.id] { vectors[item.id] = vector } }
        let titles = Dictionary(uniqueKeysWithValues: newItems.map { ($0.id, $0.title) })
        for stored in newItems {
            placement.place(stored, embedding: vectors[stored.id]) { titles[$0] }
        }
        if !placement.untitled.isEmpty {
            // Saved items moved out of their stories: their titles are read now.
            let moved = try await store.items(ids: Array(placement.untitled.values))
            placement.name(Dictionary(moved.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first }))
        }
        if placement.clusterer.unreadableRecords > 0, !placingUnreadable { return nil }
        let now = placement.touchedAssignment
        var saved = try await store.storyAssignments(itemIDs: Array(now.keys))
        for (item, story) in saved { saved[item] = resolve(story, merged) }
        let changed = now.filter { saved[$0.key] != $0.value }.map { (itemID: $0.key, storyID: $0.value) }
        return (placement, newItems.count, changed)
    }

    /// Embeds and saves the fact sentences of these stories (those of two or more outlets and at
    /// most ``BylineFacts/FactEngine/maximumSentencesByMeaning`` sentences, as the report reads
    /// them); returns how many sentences were embedded and stored (of those that lacked a stored
    /// vector or stored word pieces, the ones whose vector and word pieces this run stored), how
    /// many of the stories `counting` had sentences lacking either, how many of the
    /// sentences lacking either `shouldStop` or a failed save left so (it asks after each batch), whether every sentence is stored (false
    /// after a stop, or when the store could not be written), and the error of a save that
    /// failed (a full disk), or nil.
    ///
    /// The sentences are cut by the boilerplate learned from these stories and their outlets'
    /// latest items (``savedStories(_:in:)``), as a report of a range holding them cuts them; a
    /// whole-store report can learn a few more segments of an outlet as boilerplate (repeated
    /// only in its older items), and embeds such a story's sentences in memory. The read follows
    /// the touched stories, not the store's size.
    static func embedFacts(of storyIDs: [Int64], in store: any AnalysisStore, embedder: SentenceEmbedder, counting: Set<Int64> = [],
                           notice: (@Sendable (String) -> Void)?, shouldStop: (() -> Bool)? = nil)
        async throws(StoreError) -> (embedded: Int, lacking: Int, left: Int, stored: Bool, failure: StoreError?) {
        // The touched stories and their outlets' latest items, not the whole store: the update's
        // cost follows what changed.
        let analysis = try await savedStories(storyIDs, in: store)
        let hygiene = analysis.textHygiene()
        let wanted = Set(storyIDs)
        var texts: [String] = []
        var counted: [[String]] = []
        for story in analysis.stories where wanted.contains(story.id) && story.outlets.count >= 2 {
            let sentences = FactEngine.unitTexts(of: story.items.map(\.factItem), hygiene: hygiene)
            guard sentences.count <= FactEngine.maximumSentencesByMeaning else { continue }
            texts += sentences
            if counting.contains(story.id) { counted.append(sentences) }
        }
        guard !texts.isEmpty else { return (0, 0, 0, true, nil) }
        let facts = FactEmbedder(store: store, embedder: embedder, notice: notice)
        let run = await facts.embedded(texts, shouldStop: shouldStop)
        let lacking = counted.count(where: { $0.contains(where: run.lacking.contains) })
        // Counted as the notice before a long run counts them ("embedding 2267 sentences of
        // facts"): the sentences that lacked a stored vector or stored word pieces, of which
        // those whose vector and word pieces this run saved are embedded and the rest left (a
        // sentence whose vector alone was stored, a writer killed between the two saves, is
        // embedded again and counted). After a failed save (a full disk), the vectors computed
        // are in memory only: left to the next writer.
        let left = run.stopped || run.failure != nil ? run.lacking.count - run.saved : 0
        return (run.saved, lacking, left, run.stored, run.failure)
    }
}
