public import Foundation
public import BylineStore
public import BylineFacts
public import BylineStories
public import BylineEmbed
import BylineReport

/// Stories, credits and facts derived from everything stored, brought up to date on load.
///
/// Story ids are stable: each item's story is saved in the store, and loading only assigns the
/// items that have none yet. To do so it replays the saved assignment through a
/// ``StoryClusterer`` (items in order of time estimate, then id; the clusterer learns the IDF and
/// centroids from them) and lets the clusterer place each new item: into an existing story (whose
/// id stays), into a new story (id = the highest id ever saved + 1, in order of creation), or,
/// when the item bridges two stories, into the older of them, the younger story's items moving
/// to it and the merge recorded (``Store/storyMerges()``). A new item can also show that a saved
/// member does not belong to the story it joins (the clusterer's stray check,
/// ``ClusterSettings/strayProbability``): that member moves to a new story id or to another story
/// that takes it, the story keeps its id, and the move is recorded (``Store/storySplits()``).
/// Loading the same store again changes nothing; adding items never renumbers a story.
///
/// Wire copy: each ``StoryView`` lists its ``StoryView/wireGroups`` (near-duplicate agency copy
/// under several outlets, see ``WireCopyDetector``); reports that count corroboration should
/// count each group once (``StoryView/independentOutlets``) and credit its earliest carrier.
public struct Analysis: Sendable {
    /// Every story, largest first: by outlets, then items, then id.
    public var stories: [StoryView]
    /// Whether loading placed any item in memory (items that no saved story holds yet, or a
    /// store whose items changed since its stories were saved).
    public var recomputed: Bool
    /// How many items no saved story held: placed in memory only (see
    /// ``load(from:settings:embedder:notice:)``); 0 when the stored stories are up to date.
    public var pendingItems = 0
    /// How many item texts this load ran through the model for items placed in memory (their
    /// vectors were not stored yet): kept for this read only, never stored (a reader writes
    /// nothing).
    public var unsavedItemTexts = 0
    /// Story ids merged into another (see ``Store/storyMerges()``) -> the id of the story that
    /// holds their items now (merges followed to the end).
    public var mergedInto: [Int64: Int64] = [:]
    /// Item id -> the embedding of its latest version (empty without a model): what the headlines
    /// of stories shown together (``combined(storyIDs:)``) are chosen by.
    var itemEmbeddings: [Int64: [Float]] = [:]
    /// Version id -> embedding, for the versions of items seen in two or more versions (empty
    /// without a model): what tells which version an item counts from in its story
    /// (``StoryView/countedFrom``).
    var versionEmbeddings: [Int64: [Float]] = [:]
    /// The outlets of the store, with their names and aliases: what the names that attributions
    /// credit are matched against (``facts(of:hygiene:wireGroups:outlets:)``).
    public var outlets = OutletDirectory()
    /// How many stories the store holds; ``stories`` holds them all unless the analysis was
    /// read for a time range (``load(from:since:until:settings:embedder:notice:)``).
    public var storiesInStore = 0
    /// Items of other stories that the boilerplate is learned from besides ``stories`` (an
    /// analysis read for a time range: each outlet's latest items), grouped by story.
    var boilerplateSample: [[FactItem]] = []
    /// Items of no story in ``stories`` that share an outlet and a first publisher time with one
    /// of their items (an analysis read for a time range): what the repeated-date check needs
    /// beyond the report's own items.
    var sameDateItems: [FactItem] = []

    /// Reads the analysis of `store`: its saved stories, with every item in the story the last
    /// analysis (``update(_:settings:embedder:rebuild:notice:)``, run by `pull`, `run`, `import`
    /// and `analyze`) saved it in. Nothing is written.
    ///
    /// Items that no saved story holds yet (added by a program that did not analyse, or by an
    /// older Byline) and a store whose items changed since its stories were saved are placed in
    /// memory as the analysis would place them (``pendingItems`` says how many), so that what a
    /// reader sees does not depend on when stories were last saved; the next update saves them.
    ///
    /// Items are compared by meaning too when an `embedder` is given: each item is clustered with
    /// the stored embedding of its latest version; one without (only when placing in memory) is
    /// computed and kept in memory.
    ///
    /// - Parameters:
    ///   - settings: the clustering settings (``ClusterSettings/default`` unless tuning).
    ///   - embedder: the sentence-embedding model, or nil: stories on words, names and time only.
    ///   - notice: called once with one line before a long embedding run (500 versions or more,
    ///     about 6 s and up), so that a command can say why it takes a while.
    /// - Throws: ``StoreError`` when the store cannot be read.
    public static func load(from store: any AnalysisStore, settings: ClusterSettings = .default,
                            embedder: SentenceEmbedder? = nil, notice: ((String) -> Void)? = nil) async throws(StoreError) -> Analysis {
        let state = try await store.storiesState()
        let items = try await store.items()
        var saved = try await store.storyAssignments()
        let merged = Dictionary(uniqueKeysWithValues: try await store.storyMerges().map { ($0.storyID, $0.intoID) })
        for (item, story) in saved { saved[item] = resolve(story, merged) }
        let stale = try await store.storiesWatermark() != store.itemsWatermark()
        let unassigned = items.filter { saved[$0.id] == nil }.count
        var assignment = saved
        var allMerges = merged
        var vectors: [Int64: [Float]] = [:]
        var unsavedTexts = 0
        var unsavedVersions: [Int64: [Float]] = [:]
        if stale || unassigned > 0 {
            // Not saved: placed in memory as the next update will place them (from the saved
            // clusterer state when there is one, else replaying every item).
            let embeddings = try await itemEmbeddings(store, embedder: embedder, saving: false, notice: notice)
            unsavedTexts = embeddings.unsavedTexts
            unsavedVersions = embeddings.unsaved
            vectors = embeddings.byItem(items)
            let firstNewID = try await store.maxStoryID() + 1
            if let going = try await continuePlacement(store, settings: settings, embedder: embedder, unsaved: embeddings.unsaved,
                                                       merged: merged, state: state, firstNewID: firstNewID) {
                for change in going.changed { assignment[change.itemID] = change.storyID }
                for merge in going.placement.merges { allMerges[merge.storyID] = merge.intoID }
            } else {
                let update = assign(items, saved: saved, firstNewID: firstNewID, settings: settings, embeddings: vectors)
                assignment = update.assignment
                for merge in update.merges { allMerges[merge.storyID] = merge.intoID }
            }
        } else {
            // The stories are saved: their headlines come from the stored vectors whether or not
            // this reader has the model, so that every reader of one store sees the same ones.
            vectors = try await store.latestEmbeddings(model: embeddingModelName)
        }
        let recomputed = assignment.contains { saved[$0.key] != $0.value }
        let versionVectors = try await versionEmbeddings(of: items, assignment: assignment, in: store, itemVectors: vectors,
                                                         unsaved: unsavedVersions)
        var analysis = view(items: items, assignment: assignment, vectors: vectors, merges: allMerges,
                            outlets: try await store.outlets(), versionVectors: versionVectors)
        analysis.recomputed = recomputed
        analysis.pendingItems = unassigned
        analysis.unsavedItemTexts = unsavedTexts
        return analysis
    }

    /// The embeddings of the versions of those `items` that were seen in two or more versions
    /// and share their story (`assignment`: item id -> story id) with another item, stored or
    /// among `unsaved` (version id -> vector): what ``StoryView/countedFrom`` reads. None when no
    /// item has a vector (no model).
    static func versionEmbeddings(of items: [StoredItem], assignment: [Int64: Int64], in store: any AnalysisStore,
                                  itemVectors: [Int64: [Float]], unsaved: [Int64: [Float]]) async throws(StoreError) -> [Int64: [Float]] {
        guard !itemVectors.isEmpty else { return [:] }
        var storySizes: [Int64: Int] = [:]
        for story in assignment.values { storySizes[story, default: 0] += 1 }
        let changed = items.filter { item in
            item.versions.count >= 2 && assignment[item.id].map { storySizes[$0, default: 0] >= 2 } == true
        }
        guard !changed.isEmpty else { return [:] }
        var result = try await store.versionEmbeddings(model: embeddingModelName, itemIDs: changed.map(\.id))
        for item in changed { for version in item.versions { if let vector = unsaved[version.id] { result[version.id] = vector } } }
        return result
    }

    /// The analysis of these items in these stories.
    static func view(items: [StoredItem], assignment: [Int64: Int64], vectors: [Int64: [Float]], merges: [Int64: Int64],
                     outlets: [OutletInfo], versionVectors: [Int64: [Float]] = [:]) -> Analysis {
        let itemsByID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        var members: [Int64: [StoredItem]] = [:]
        for (item, story) in assignment {
            if let stored = itemsByID[item] { members[story, default: []].append(stored) }
        }
        let stories = members.map {
            StoryView(id: $0.key, items: $0.value, embeddings: vectors, versionEmbeddings: versionVectors)
        }.sorted { lhs, rhs in
            if lhs.outlets.count != rhs.outlets.count { return lhs.outlets.count > rhs.outlets.count }
            if lhs.items.count != rhs.items.count { return lhs.items.count > rhs.items.count }
            return lhs.id < rhs.id
        }
        let directory = OutletDirectory(outlets.map {
            OutletDirectory.Outlet(id: $0.id, name: $0.name, aliases: $0.aliases, organisation: $0.organisation)
        })
        return Analysis(stories: stories, recomputed: false, mergedInto: merges.mapValues { resolve($0, merges) },
                        itemEmbeddings: vectors, versionEmbeddings: versionVectors, outlets: directory, storiesInStore: stories.count)
    }

    /// Why an item is in its story: the clusterer's evidence when the item was placed.
    ///
    /// The saved stories are replayed up to (not including) the item, in the order ``load(from:settings:)``
    /// uses, and the clusterer explains the item against that state: the candidate stories (by
    /// id) with cosine, time gap and score, and the shared terms that weigh most. The state can
    /// differ slightly from the one at the item's first assignment: items that came in later
    /// with earlier times are part of the replay, and the IDF's prior is today's whole store
    /// (``StoryClusterer/learn(_:)``), not the store of the day the item was placed.
    ///
    /// - Parameters:
    ///   - item: the item's guid, its row id (as text), or its guid as the CSV reports write it
    ///     (a guid a spreadsheet would run as a formula gets a leading `'` there).
    ///   - store: the store, already analysed with ``load(from:settings:)``.
    /// - Returns: the explanation, or nil when no stored item has that guid or id.
    /// - Throws: ``StoreError`` when the store cannot be read.
    public static func explain(item: String, in store: any AnalysisStore, settings: ClusterSettings = .default,
                               embedder: SentenceEmbedder? = nil) async throws(StoreError) -> ItemExplanation? {
        let items = try await store.items()
        let vectors = try await itemEmbeddings(store, embedder: embedder, saving: false).byItem(items)
        // The CSV form of a guid that starts like a formula (`'=1+2` for `=1+2`).
        let unneutralised = item.hasPrefix("'") ? String(item.dropFirst()) : nil
        guard let target = items.first(where: { $0.guid == item }) ?? Int64(item).flatMap({ id in items.first { $0.id == id } })
                ?? unneutralised.flatMap({ guid in items.first { $0.guid == guid && CSVTable.neutralised(guid) == item } }) else {
            return nil
        }
        var saved = try await store.storyAssignments()
        let merged = Dictionary(uniqueKeysWithValues: try await store.storyMerges().map { ($0.storyID, $0.intoID) })
        for (item, story) in saved { saved[item] = resolve(story, merged) }
        let savedNow = saved
        var clusterer = StoryClusterer(settings: settings)
        let inOrder = ordered(items)
        // An item that a later item moved out of its story (a split) was still in the story it
        // left when the target was placed (the earliest such split counts).
        let position = Dictionary(uniqueKeysWithValues: inOrder.enumerated().map { ($0.element.id, $0.offset) })
        let splits = try await store.storySplits()
        if let targetPosition = position[target.id] {
            for split in splits.reversed() where (split.causeItemID.flatMap { position[$0] } ?? Int.max) > targetPosition {
                saved[split.itemID] = resolve(split.fromID, merged)
            }
        }
        // The store as the IDF's prior, as `assign` does (today's store: see the doc above).
        clusterer.learn(inOrder.map { $0.storyItem(embedding: vectors[$0.id]) })
        var indexOf: [Int64: Int] = [:]
        var idOf: [Int: Int64] = [:]
        for stored in inOrder {
            if stored.id == target.id { break }
            guard let story = saved[stored.id] else { continue }
            let index = clusterer.add(stored.storyItem(embedding: vectors[stored.id]), toStory: indexOf[story] ?? clusterer.stories.count)
            indexOf[story] = index
            idOf[index] = story
        }
        let explanation = clusterer.explain(target.storyItem(embedding: vectors[target.id]))
        let moves = splits.filter { $0.itemID == target.id }.map { split in
            ItemExplanation.Move(split: split, cause: split.causeItemID.flatMap { id in items.first { $0.id == id } })
        }
        var result = ItemExplanation(item: target, storyID: savedNow[target.id], explanation: explanation,
                                     candidateStoryIDs: explanation.candidates.map { idOf[$0.story] ?? -1 }, moves: moves)
        // An item that started a story and is now in one that held earlier items got there by a merge.
        if explanation.joined == nil, moves.isEmpty, let now = savedNow[target.id], indexOf[now] != nil {
            (result.startedStories, result.merges) = mergesBringing(target: target, into: now, merges: try await store.storyMerges(),
                                                                    items: items, position: position)
        }
        return result
    }

    /// The stories `target` may have started and the merges that brought them into story `now`:
    /// every story whose recorded merges lead to `now` through merges whose bridging item came at
    /// or after `target` in placement order (a merge before the item was placed cannot have
    /// taken its story), and those merges in placement order of their bridging items. The store
    /// keeps a merge's two stories, not their items, so more than one story may be named.
    static func mergesBringing(target: StoredItem, into now: Int64, merges: [(storyID: Int64, intoID: Int64, itemID: Int64?)],
                               items: [StoredItem], position: [Int64: Int]) -> (started: [Int64], merges: [ItemExplanation.Merge]) {
        guard let targetPosition = position[target.id] else { return ([], []) }
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        func place(_ merge: (storyID: Int64, intoID: Int64, itemID: Int64?)) -> Int {
            merge.itemID.flatMap { position[$0] } ?? Int.max
        }
        // Back from `now`, through the merges after the item.
        var started: [Int64] = []
        var used: [(storyID: Int64, intoID: Int64, itemID: Int64?)] = []
        var frontier = [now]
        while let current = frontier.popLast() {
            for merge in merges where merge.intoID == current && place(merge) >= targetPosition && !started.contains(merge.storyID) {
                started.append(merge.storyID)
                used.append(merge)
                frontier.append(merge.storyID)
            }
        }
        let steps = used.sorted { place($0) < place($1) }.map { merge in
            ItemExplanation.Merge(storyID: merge.storyID, intoID: merge.intoID, bridge: merge.itemID.flatMap { byID[$0] })
        }
        return (started.sorted(), steps)
    }

    /// The story with this id, or nil.
    public func story(id: Int64) -> StoryView? { stories.first { $0.id == id } }

    /// Stories whose first report falls in `[since, until)`; nil bounds are open.
    public func stories(since: Date?, until: Date?) -> [StoryView] {
        stories.filter { story in
            let time = story.credit.time.estimate
            if let since, time < since { return false }
            if let until, time >= until { return false }
            return true
        }
    }

    /// The facts of one story: its items' sentences aligned across outlets, with credits and
    /// the explicit attributions found in the texts, their credited names matched to `outlets`
    /// and first-report credits checked against the story's times (``AttributionCheck``).
    ///
    /// - Parameters:
    ///   - story: the story.
    ///   - hygiene: what to strip from the texts; ``textHygiene()`` learns each outlet's
    ///     boilerplate from all stories (the fixed rules only when omitted).
    ///   - wireGroups: sets of item ids that are one agency report, each counted once; nil
    ///     (the default) takes the story's ``StoryView/wireGroups``.
    ///   - outlets: the outlets Byline follows (an analysis's ``outlets``).
    ///   - embedder: the sentence embeddings of fact units, or nil. With them, a story of two or
    ///     more outlets and at most ``BylineFacts/FactEngine/maximumSentencesByMeaning`` sentences
    ///     has its facts aligned by meaning; other stories, or any story without them, on words.
    public static func facts(of story: StoryView, hygiene: TextHygiene = .fixedRulesOnly, wireGroups: [[Int64]]? = nil,
                             outlets: OutletDirectory, embedder: FactEmbedder? = nil) async -> StoryFacts {
        let items = story.factItems
        var vectors: [String: [Float]] = [:]
        var tokens: [String: TokenVectors] = [:]
        var clauseMarkers: Set<Int32> = []
        if let embedder, story.outlets.count >= 2 {
            let texts = FactEngine.unitTexts(of: items, hygiene: hygiene)
            if texts.count <= FactEngine.maximumSentencesByMeaning {
                (vectors, tokens) = await embedder.embeddings(for: texts)
                clauseMarkers = embedder.clauseMarkers
            }
        }
        return facts(of: story, items: items, hygiene: hygiene, wireGroups: wireGroups, outlets: outlets, vectors: vectors,
                     tokens: tokens, clauseMarkers: clauseMarkers)
    }

    /// ``facts(of:hygiene:wireGroups:outlets:embedder:)`` with the unit vectors already read.
    static func facts(of story: StoryView, items: [FactItem], hygiene: TextHygiene, wireGroups: [[Int64]]?,
                      outlets: OutletDirectory, vectors: [String: [Float]], tokens: [String: TokenVectors] = [:],
                      clauseMarkers: Set<Int32> = []) -> StoryFacts {
        var facts = FactEngine.analyze(items, hygiene: hygiene, wireGroups: wireGroups ?? story.wireGroups.map(\.itemIDs),
                                       vectors: story.outlets.count >= 2 ? vectors : [:], tokens: story.outlets.count >= 2 ? tokens : [:],
                                       clauseMarkers: clauseMarkers, outlets: outlets)
        facts.attributions = AttributionCheck.checked(facts.attributions, items: items, outlets: outlets)
        return facts
    }

    /// Each outlet's boilerplate, learned from the repetition of its text across all stories
    /// (``TextHygiene/learn(from:)``); for an analysis read for a time range, across its stories
    /// and each of their outlets' latest items up to the range's end
    /// (``load(from:since:until:settings:embedder:notice:)``).
    public func textHygiene() -> TextHygiene {
        TextHygiene.learn(from: stories.map { $0.items.map(\.factItem) } + boilerplateSample)
    }
}

extension Analysis {
    /// Follows recorded merges to the surviving story id.
    static func resolve(_ story: Int64, _ merged: [Int64: Int64]) -> Int64 {
        var story = story
        var steps = 0
        while let next = merged[story], steps < 1_000 { story = next; steps += 1 }
        return story
    }

    /// Items in clustering order: time estimate, then id.
    static func ordered(_ items: [StoredItem]) -> [StoredItem] {
        items.map { ($0, $0.observedTime.estimate) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.id < $1.0.id }.map(\.0)
    }

    /// Replays the saved assignment and places the unassigned items.
    static func assign(_ items: [StoredItem], saved: [Int64: Int64], firstNewID: Int64, settings: ClusterSettings,
                       embeddings: [Int64: [Float]] = [:])
        -> (assignment: [Int64: Int64], newStories: [(id: Int64, headline: String)], merges: [(storyID: Int64, intoID: Int64, itemID: Int64)],
            splits: [StorySplitRecord]) {
        let placement = replayed(items, saved: saved, firstNewID: firstNewID, settings: settings, embeddings: embeddings)
        return (placement.assignment, placement.newStories, placement.merges, placement.splits)
    }

    /// A placement that learned every item, replayed the saved ones and placed the others, in
    /// clustering order.
    static func replayed(_ items: [StoredItem], saved: [Int64: Int64], firstNewID: Int64, settings: ClusterSettings,
                         embeddings: [Int64: [Float]]) -> StoryPlacement {
        var placement = StoryPlacement(settings: settings, firstNewID: firstNewID)
        let inOrder = ordered(items)
        // The whole store is the prior of the IDF (StoryClusterer.learn); saved assignments are
        // replayed (into the surviving story when this run merged theirs away), so this changes
        // only where new items go.
        placement.clusterer.learn(inOrder.map { $0.storyItem(embedding: embeddings[$0.id]) })
        let titles = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0.title) })
        for stored in inOrder {
            if let savedStory = saved[stored.id] {
                placement.replay(stored, savedStory: savedStory, embedding: embeddings[stored.id])
            } else {
                placement.place(stored, embedding: embeddings[stored.id]) { titles[$0] ?? "" }
            }
        }
        return placement
    }
}

extension StoredItem {
    /// The clustering input: latest texts, time estimate, and the latest version's embedding.
    /// Its content is the stored content only when that is more than the summary repeated
    /// (``AnalysedText/fullText(_:summary:)``).
    func storyItem(embedding: [Float]? = nil) -> StoryItem {
        StoryItem(id: id, outlet: outletID, title: AnalysedText.title(title), summary: AnalysedText.summary(summary),
                  content: AnalysedText.fullText(content, summary: summary).map(AnalysedText.content), time: observedTime.estimate,
                  embedding: embedding)
    }

    /// The fact engine input: every version with its own observed window, texts cut as the
    /// analysis reads them (a title to 1,000 characters, a summary to 20,000).
    public var factItem: FactItem {
        FactItem(itemID: id, outlet: outletID, guid: guid, published: firstPublished,
                 versions: versions.map {
                     FactVersion(seenAt: $0.seenAt, previousPull: $0.previousPull, title: AnalysedText.title($0.title),
                                 summary: AnalysedText.summary($0.summary), content: $0.content.map(AnalysedText.content),
                                 published: $0.published, publishedText: $0.publishedText,
                                 publishedDayOffset: $0.publishedDayOffset)
                 }, lastSeen: lastSeen, publishedDayOffset: firstPublishedDayOffset)
    }
}

/// How much of an item's text clustering and the fact engine read: a title of more than 1,000
/// characters is not a headline, and a feed that puts megabytes into one field (broken or
/// hostile) would otherwise make every analysis slow (a 50 MB title: 125 s per report). The store
/// and the reports keep the whole text; only the analysis reads the start.
enum AnalysedText {
    /// Characters of a title read (the longest title of headlines-2021-09: 191).
    static let titleLimit = 1_000
    /// Characters of a summary read (the longest of headlines-2021-09: 2,166).
    static let summaryLimit = 20_000
    /// Characters of full content read (the longest article of the gold set: 23,304).
    static let contentLimit = 200_000

    /// An item's content as the clustering reads it: nil when it is missing, empty, or, spaces
    /// aside, the summary or a part of it. Some feeds repeat the description in
    /// `content:encoded` (every item of the Los Angeles Times feed in headlines-2021-09); taken
    /// for full text, such an item would be compared on its words alone, its embedding unused.
    static func fullText(_ content: String?, summary: String) -> String? {
        guard let content, !content.isEmpty else { return nil }
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let text = words(content)
        if text.isEmpty { return nil }
        if text.utf8.count <= summary.utf8.count, words(summary).contains(text) { return nil }
        return content
    }

    static func title(_ text: String) -> String { cut(text, titleLimit) }
    static func summary(_ text: String) -> String { cut(text, summaryLimit) }
    static func content(_ text: String) -> String { cut(text, contentLimit) }

    /// The first `limit` characters (the text itself when shorter; counted in UTF-8 bytes first,
    /// so that an ordinary text costs no character walk).
    static func cut(_ text: String, _ limit: Int) -> String {
        text.utf8.count <= limit ? text : String(text.prefix(limit))
    }
}
