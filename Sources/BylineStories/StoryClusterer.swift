import BylineText
import Foundation

/// Groups items of different outlets about the same event into stories, one item at a time.
///
/// Method (single-pass centroid clustering in the manner of Miranda et al. 2018, "Multilingual
/// Clustering of Streaming News"):
/// 1. The title loses outlet labels ("Opinion |", "- BBC News", see
///    ``BylineText/HeadlineCleaner``), the summary its boilerplate ("Click here to read more",
///    ``BylineText/SummaryCleaner``); title, summary and content are tokenised (lowercase
///    Unicode letters and digits, stop words out, light stemming).
/// 2. Each field becomes a sublinear term-frequency vector (`1 + ln tf`), with names (words
///    capitalised inside a sentence; in Title Case text, words the clusterer has mostly seen
///    capitalised elsewhere) times ``ClusterSettings/nameWeight`` and numbers times
///    ``ClusterSettings/numberWeight``; each field vector is L2-normalised and weighted by
///    ``ClusterSettings/titleWeight`` etc.; the item's vector is their sum.
/// 3. Document frequencies are updated with the item's terms, and similarity uses TF-IDF with
///    `idf = ln((N + 1) / df)` over the N items added so far plus, when the caller learned the
///    collection first (``learn(_:)``), its frequencies weighted as
///    ``ClusterSettings/collectionPrior`` documents; so the IDF is learned incrementally and
///    boilerplate that every item carries weighs almost nothing.
/// 4. Candidate stories come from an inverted index (term -> *active* stories) looked up with
///    the item's ``ClusterSettings/candidateTerms`` heaviest terms; a term held by more than
///    ``ClusterSettings/maxPostings`` stories finds none, and a story must be found by
///    ``ClusterSettings/minSharedTerms`` look-up terms. A story leaves the index, and its centroid
///    and member sample are freed, once its last item is more than ``ClusterSettings/horizon``
///    (``ClusterSettings/singletonHorizon`` for a story of one item) older than the newest item
///    seen. Memory thus follows the active stories, not the history
///    (apart from the vocabulary and 8 bytes per item id), and the work per item is bounded.
/// 5. For each candidate whose centroid cosine reaches ``ClusterSettings/threshold``, the
///    ``JoinFeatures``: cosines of the item to the story's centroid (the sum of its members'
///    vectors, cut to its ``ClusterSettings/centroidTerms`` heaviest terms), title centroid and
///    names centroid, the member score (the mean of the item's best
///    ``ClusterSettings/memberVotes`` cosines to the story's sampled members, its first and
///    latest, each without the strongest shared term), the best member cosine, the time gap
///    between the item and the story's time span, and the story size. Terms in the centroids of
///    more than ``ClusterSettings/topicalStories`` active stories are discounted in every dot
///    product (topical in this stream, not evidence of one event).
/// 6. ``ClusterSettings/joinModel`` (a logistic regression fitted on the gold set, see
///    ``ClusterSettings``) gives each candidate a join probability; the item joins the most
///    probable story at or above ``ClusterSettings/joinProbability`` that passes the member
///    check (``ClusterSettings/memberThreshold``, or on meaning, or with a key term of the story
///    in the item's title and its meaning close to the story's: ``ClusterSettings/keyTermShare``)
///    and the name checks
///    (``ClusterSettings/sharedNameStorySize``, ``ClusterSettings/sharedNameOrNumberStorySize``)
///    and, when the two share no word but names and numbers, agree in meaning
///    (``ClusterSettings/nameOnlySemanticFloor``), and holds no sampled report of the item's
///    outlet that is another day's instance of the
///    same recurring report (``ClusterSettings/recurringReportGap``), and is not a story of the
///    item's outlet alone whose latest report is a week or more older
///    (``ClusterSettings/ownOutletGap``), else starts a new one
///    (ties: the older story).
/// 7. Any other candidate that the item could also join is merged into the older of the two
///    stories (the item bridges them; never two holding instances of one recurring report) when the item's probability for it reaches
///    ``ClusterSettings/mergeThreshold`` or the other story's sampled reports, each measured as a
///    candidate against the item's story, would join it with a mean probability of at least
///    ``ClusterSettings/storyMergeProbability``; ``merges`` records it.
/// 8. In the story the item joined (3 to ``ClusterSettings/memberSample`` items), the member the
///    rest of the story would least take (measured like a candidate against the story without
///    it) moves out when it falls below ``ClusterSettings/strayProbability`` (or its member score
///    below ``ClusterSettings/strayMemberShare`` of the member threshold, unless its title holds
///    a key term of the story and its meaning is close to the rest's): to the best other
///    story that takes it, or to a story of its own; ``splits`` records it.
///
/// All arithmetic runs over sorted term-id arrays, so the same sequence of `add` calls gives the
/// same stories on every run.
public struct StoryClusterer: Sendable {
    /// The settings in use.
    public let settings: ClusterSettings

    private var vocabulary = Vocabulary()
    private var documentFrequency: [Int32] = []
    /// Per term: times seen capitalised / in lower case inside sentences of mixed-case text.
    private var capitalisedCount: [Int32] = []
    private var lowercaseCount: [Int32] = []
    private var documentCount = 0
    /// Per term: how many items of the collection given to ``learn(_:)`` hold it, and how many
    /// items that was (the prior of the IDF, see ``ClusterSettings/collectionPrior``).
    private var priorFrequency: [Int32] = []
    private var priorDocuments = 0
    private var members: [[Int64]] = []
    /// Per story: the outlets of its items.
    private var storyOutlets: [Set<String>] = []
    private var centroids: [SparseVector] = []
    /// Per active story: the sum of its members' title vectors, and of their names-and-numbers
    /// vectors (see ``JoinFeatures``).
    private var titleCentroids: [SparseVector] = []
    private var nameCentroids: [SparseVector] = []
    /// Per story: whether a cut (``ClusterSettings/centroidTerms``) ever dropped terms from its
    /// centroids, which then no longer equal the sums of its members' vectors.
    private var centroidsCut: [Bool] = []
    /// Per active story: a sample of its members (the first, then the latest), at most
    /// ``ClusterSettings/memberSample``.
    private var memberSamples: [[Member]] = []
    /// Per story: the TF-IDF norms of its centroids and sampled members, and the document count
    /// they were computed at (0: to compute).
    private var cachedNorms: [StoryNorms] = []
    private var firstTimes: [Date] = []
    private var lastTimes: [Date] = []
    private var postings = PostingIndex()
    private var active: Set<Int> = []
    private var expiry = ExpiryQueue()
    private var newestTime: Date = .distantPast
    /// Items whose terms ``learn(_:)`` counted, until they are added.
    private var learned: Set<Int64> = []
    /// Per active story: the sum of its members' embeddings (empty when none has one) and how
    /// many members it adds up.
    private var semanticSums: [[Float]] = []
    private var semanticCounts: [Int] = []
    /// Per story: the norm of its embedding sum (negative: to compute), and the scan that last
    /// looked at it (``semanticCandidates(_:time:)``).
    private var semanticNorms: [Float] = []
    private var scanStamps: [Int] = []
    private var scans = 0
    /// Stories in order of their last join or start, with that item's time: the scan for
    /// semantic candidates (``ClusterSettings/semanticWindow``) walks it back from the end.
    private var recent: [(story: Int, time: Date)] = []
    /// How many joins the scan list of recent joins holds (for tests).
    var recentJoinCount: Int { recent.count }
    /// Active stories restored from a saved state (``init(state:settings:)``,
    /// ``init(header:storyHeads:settings:records:)``) whose records are not decoded yet, and
    /// where their records come from. Their items, first and last times and postings are in
    /// place; the rest (centroids, member sample, norms, embedding sum) is decoded when the story
    /// is first read (``materialize(_:)``), so that restoring a year of open stories costs what
    /// the update reads of them.
    private var pending = PendingRecords()
    /// Restored stories whose record could not be decoded when first read.
    private var unreadable = 0
    private var mergeLog: [StoryMerge] = []
    private var splitLog: [StorySplit] = []

    /// Creates an empty clusterer.
    ///
    /// - Parameter settings: thresholds, weights and time constants; ``ClusterSettings/default``
    ///   unless tuning.
    public init(settings: ClusterSettings = .default) {
        self.settings = settings
    }

    /// Story index -> the ids of its items, in the order they were added. Indices are in order of
    /// story creation; a story merged into another (see ``merges``) is empty.
    public var stories: [[Int64]] { members }

    /// The merges made so far, in order.
    public var merges: [StoryMerge] { mergeLog }

    /// The items moved out of their stories so far (see ``ClusterSettings/strayProbability``),
    /// in order.
    public var splits: [StorySplit] { splitLog }

    /// How many stories are in the candidate index now.
    public var activeStoryCount: Int { active.count }

    /// Whether an item of this time (UTC) comes too late for this state: it is older than the
    /// newest item added by more than ``ClusterSettings/horizon`` (or
    /// ``ClusterSettings/singletonHorizon``, when set and shorter), so the stories of its time
    /// have left the candidate index and it could join none of them (an archive of 2021 imported
    /// into a store that pulled today's feeds). Such items are placed right by a replay of every
    /// item in time order (the analysis replays for those of two or more outlets).
    public func predatesCandidates(_ time: Date) -> Bool {
        guard newestTime != .distantPast else { return false }
        let window = settings.singletonHorizon > 0 ? min(settings.singletonHorizon, settings.horizon) : settings.horizon
        return time < newestTime.addingTimeInterval(-window)
    }

    /// How many active stories restored from a saved state were not read yet (their records
    /// wait undecoded).
    var undecodedStoryCount: Int { pending.count }

    /// Whether the record of `story` waits undecoded (parked, or restored and not read yet).
    func isUndecoded(_ story: Int) -> Bool { pending.isWaiting(story) }

    /// The active stories whose centroid holds `term` (a term as the tokeniser makes it),
    /// ascending.
    func storiesHolding(_ term: String) -> [Int] {
        vocabulary.id(of: term).map { postings.sortedStories(of: $0) } ?? []
    }

    /// Counts the items' terms as the prior of the IDF (and their capitalisation, for telling
    /// names), before they are added.
    ///
    /// A streaming clusterer learns its IDF as items arrive, so the first items of a stream are
    /// compared with the IDF of a handful of documents, in which any shared word looks rare. A
    /// caller that holds the collection (a report over a store, a batch) learns it first: its
    /// document frequencies, weighted as ``ClusterSettings/collectionPrior`` documents, are added
    /// to those of the items added so far (see there). Decisions still follow the items' time
    /// order, and an item's capitalisation is counted once whether it was learned or not. What
    /// learning first was measured to gain on the gold set is in docs/clustering-settings.md.
    ///
    /// Call it before the first ``add(_:)``: items already added would be counted again.
    ///
    /// - Parameter items: the items to be added later; ids learned before are skipped.
    /// - Precondition: no item was added yet.
    public mutating func learn(_ items: [StoryItem]) {
        precondition(documentCount == 0, "StoryClusterer.learn(_:) is called before the first add")
        for item in items where learned.insert(item.id).inserted { _ = vectorise(item, counting: .prior) }
    }

    /// Adds one item and assigns it to a story.
    ///
    /// - Parameter item: the item; its `id` should be unique among the items added.
    /// - Returns: the 0-based index of the story it joined or started (after any merge it caused:
    ///   the surviving story). Joining can also move another member out of that story (see
    ///   ``splits``).
    public mutating func add(_ item: StoryItem) -> Int {
        let vector = vectorise(item, counting: learned.remove(item.id) == nil ? .stream : .streamOnly)
        advanceClock(to: item.time)
        let scored = score(vector, time: item.time, outlet: item.outlet)
        let best = scored.first { $0.joinable(settings) }
        var story: Int
        let mergesBefore = mergeLog.count
        if let best {
            story = best.story
            join(item, vector: vector, story: story)
            for other in scored where other.story != best.story && other.joinable(settings)
                && (other.mergeable(settings) || reportsWouldJoin(other.story, story)) {
                guard !members[other.story].isEmpty, !members[story].isEmpty,
                      !holdRecurringInstances(story, other.story) else { continue }
                story = merge(story, other.story, itemID: item.id)
            }
            // Not right after a merge: the members it brought in were measured against their own
            // story, and one must not leave the story it was just merged into.
            if settings.strayProbability > 0, merges.count == mergesBefore { removeStray(from: story, newcomer: item.id) }
        } else {
            story = startStory(item, vector: vector)
        }
        return story
    }

    /// Adds one item to a story chosen by the caller (replaying a saved assignment).
    ///
    /// The clusterer learns from the item as from ``add(_:)`` (document frequencies, centroid,
    /// activity) but does not score it.
    ///
    /// - Parameters:
    ///   - item: the item.
    ///   - story: an existing story index, or ``stories``.count to start a new story. An index
    ///     beyond that starts a new story too (the returned index says which).
    /// - Returns: the index of the story the item is now in.
    @discardableResult
    public mutating func add(_ item: StoryItem, toStory story: Int) -> Int {
        let vector = vectorise(item, counting: learned.remove(item.id) == nil ? .stream : .streamOnly)
        advanceClock(to: item.time)
        guard story < members.count, !members[story].isEmpty else { return startStory(item, vector: vector) }
        join(item, vector: vector, story: story)
        return story
    }

    /// Explains where ``add(_:)`` would put `item` now, without adding it.
    ///
    /// - Returns: the item's heaviest terms, the best candidates with cosine, time gap, score and
    ///   top shared terms, and the story it would join (nil: a new story).
    public func explain(_ item: StoryItem) -> StoryExplanation {
        explain(item, candidateLimit: 5)
    }

    /// ``explain(_:)`` with up to `candidateLimit` candidates (all of them for `Int.max`), for
    /// fitting the join model on labelled pairs.
    public func explain(_ item: StoryItem, candidateLimit: Int) -> StoryExplanation {
        var copy = self
        let vector = copy.vectorise(item, counting: copy.learned.remove(item.id) == nil ? .stream : .streamOnly)
        copy.advanceClock(to: item.time)
        let scored = copy.score(vector, time: item.time, outlet: item.outlet)
        let idf = copy.idfFunction()
        let itemTerms = zip(vector.full.terms, vector.full.weights)
            .map { WeightedTerm(term: copy.vocabulary.term($0.0), weight: $0.1 * idf($0.0)) }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
        let candidates = scored.prefix(candidateLimit).map { entry in
            let centroid = copy.centroids[entry.story]
            let vector = vector.full
            var shares: [WeightedTerm] = []
            var total = 0.0
            var i = 0, j = 0
            while i < vector.terms.count, j < centroid.terms.count {
                if vector.terms[i] < centroid.terms[j] { i += 1 } else if centroid.terms[j] < vector.terms[i] { j += 1 } else {
                    let w = idf(vector.terms[i])
                    let part = vector.weights[i] * centroid.weights[j] * w * w
                    shares.append(WeightedTerm(term: copy.vocabulary.term(vector.terms[i]), weight: part))
                    total += part
                    i += 1; j += 1
                }
            }
            let top = shares.map { WeightedTerm(term: $0.term, weight: total > 0 ? $0.weight / total : 0) }
                .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
            return StoryExplanation.Candidate(story: entry.story, cosine: entry.cosine, gap: entry.gap, score: entry.score,
                                              memberScore: entry.features.memberScore * (settings.timeDecay > 0 ? exp(-entry.gap / settings.timeDecay) : 1),
                                              topTerms: Array(top.prefix(8)), features: entry.features,
                                              probability: entry.probability, joinable: entry.joinable(settings),
                                              keyTerm: entry.keyTerm.map { copy.vocabulary.term($0) })
        }
        var explanation = StoryExplanation(itemTerms: Array(itemTerms.prefix(12)), candidates: candidates, threshold: settings.threshold,
                                           memberThreshold: settings.memberThreshold,
                                           joinProbability: settings.joinModel == nil ? nil : settings.joinProbability,
                                           joined: scored.first { $0.joinable(settings) }?.story)
        if settings.semanticJoinModel != nil { explanation.semanticMemberThreshold = settings.semanticMemberThreshold }
        if settings.keyTermShare > 0 { explanation.keyTermSemanticFloor = settings.keyTermSemanticFloor }
        return explanation
    }

    /// Clusters a batch: sorts by `(time, id)` and adds each item to a fresh clusterer.
    ///
    /// Deterministic: the same items in any order give the same stories.
    ///
    /// - Parameters:
    ///   - items: the items, in any order.
    ///   - settings: the settings to use.
    /// - Returns: the non-empty stories (merged ones left out), each as item ids in order added,
    ///   in order of story creation.
    public static func cluster(_ items: [StoryItem], settings: ClusterSettings = .default) -> [[Int64]] {
        var clusterer = StoryClusterer(settings: settings)
        let ordered = items.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        clusterer.learn(ordered)
        for item in ordered { _ = clusterer.add(item) }
        return clusterer.stories.filter { !$0.isEmpty }
    }

    // MARK: - Internals

    /// An item's vectors: all fields (weighted, see ``ClusterSettings``), the title alone
    /// (L2-normalised), and the names and numbers of all fields (weighted like in `full`).
    struct ItemVectors {
        var full: SparseVector
        var title: SparseVector
        var names: SparseVector
        /// The item's sentence embedding (unit length), or nil.
        var embedding: [Float]? = nil
        /// The words of its title with numbers and day and month names masked
        /// (``titleTemplate(_:)``), for ``isRecurringInstance(_:_:)``.
        var template: [String] = []
    }

    /// A sampled member of a story: what the stray check (``ClusterSettings/strayProbability``)
    /// needs to measure it against the rest and to move it out.
    struct Member {
        var id: Int64
        var outlet: String
        var time: Date
        var vectors: ItemVectors
        /// The embedding in 8 bits once the member is stored in a story's sample (its
        /// `vectors.embedding` is then nil): a quarter of the memory.
        var quantized: QuantizedEmbedding? = nil

        /// The member as a story's sample keeps it.
        var compacted: Member {
            var member = self
            if let embedding = member.vectors.embedding {
                member.quantized = QuantizedEmbedding(embedding)
                member.vectors.embedding = nil
            }
            return member
        }

        /// Its vectors with the embedding as floats, to measure it as a candidate.
        var expanded: ItemVectors {
            var vectors = self.vectors
            if vectors.embedding == nil { vectors.embedding = quantized?.floats }
            return vectors
        }
    }

    private struct Scored {
        var story: Int
        var cosine: Double
        var gap: Double
        /// The centroid score `cosine * exp(-gap / timeDecay)`.
        var score: Double
        var features: JoinFeatures
        /// The join model's probability (the centroid score when there is no model).
        var probability: Double
        /// Whether the guards passed: the member check, the name check for one-item stories and
        /// the name-or-number check for small stories with another outlet (with or without a
        /// join model).
        var memberPassed: Bool
        /// The story's key term that passed the member check, when only it did.
        var keyTerm: Int32?

        func joinable(_ settings: ClusterSettings) -> Bool {
            settings.joinModel == nil ? score >= settings.threshold && memberPassed
                : probability >= (features.hasSemantic && settings.semanticJoinModel != nil ? settings.semanticJoinProbability
                                  : settings.joinProbability) && memberPassed
        }

        func mergeable(_ settings: ClusterSettings) -> Bool {
            settings.joinModel == nil ? score >= max(settings.mergeThreshold, settings.threshold)
                : probability >= settings.mergeThreshold
        }
    }

    /// Candidates scored, best first (ties: the older story).
    private mutating func score(_ item: ItemVectors, time: Date, outlet: String) -> [Scored] {
        let vector = item.full
        guard !vector.isEmpty else { return [] }
        let idf = idfFunction()
        let itemNorm = vector.norm(idf)
        guard itemNorm > 0 else { return [] }
        let titleNorm = item.title.norm(idf)
        let namesNorm = item.names.norm(idf)
        // The item's names (not numbers: outlets round and update counts).
        let itemNames = settings.sharedNameStorySize > 0 ? item.names.terms.filter { !vocabulary.startsWithNumber($0) } : []
        // Look-up terms: the item's heaviest TF-IDF terms.
        var lookup = Array(vector.terms.indices)
        if lookup.count > settings.candidateTerms {
            let weights = lookup.map { vector.weights[$0] * idf(vector.terms[$0]) }
            lookup.sort { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
            lookup = Array(lookup.prefix(settings.candidateTerms))
        }
        // A term in more than `maxPostings` active stories is topical, not evidence of an event:
        // it finds no candidates (it still counts in the cosine). A story must be found by at
        // least `minSharedTerms` look-up terms (it could not pass the member check otherwise).
        var hits: [Int: Int] = [:]
        for index in lookup {
            let term = vector.terms[index], count = postings.count(of: term)
            guard count > 0, count <= settings.maxPostings else { continue }
            postings.forEachStory(of: term) { hits[$0, default: 0] += 1 }
        }
        let needed = max(1, min(settings.minSharedTerms, lookup.count))
        var candidates = Set(hits.compactMap { $0.value >= needed ? $0.key : nil })
        // Reports of one event worded differently share few words: the stories closest in
        // meaning are candidates too.
        if let embedding = item.embedding, settings.semanticJoinModel != nil {
            candidates.formUnion(semanticCandidates(embedding, time: time))
        }
        // Topical terms: a term in the centroids of more than `topicalStories` active stories
        // ("covid", "cases", "Kabul") is what many current stories are about, not evidence of
        // one event; its part of every dot product shrinks by `topicalStories / stories`
        // (norms keep the plain IDF, so a discounted cosine is at most the plain one).
        let weight = discountedWeight(for: vector, idf)
        var scored: [Scored] = []
        for story in candidates.sorted() {
            materialize(story)
            let norms = storyNorms(story, idf)
            let centroidNorm = norms.centroid
            guard centroidNorm > 0 else { continue }
            let cosine = min(1, vector.dot(centroids[story], weight) / (itemNorm * centroidNorm))
            let gap = gap(time, story: story)
            let factor = settings.timeDecay > 0 ? exp(-gap / settings.timeDecay) : 1
            var features = JoinFeatures(cosine: cosine, titleCosine: 0, nameCosine: 0, memberScore: 0, bestMember: 0,
                                        gapDays: gap / 86_400, storySize: members[story].count)
            measureSemantic(item.embedding, sum: semanticSums[story], count: semanticCounts[story], norm: semanticNorm(story),
                            members: memberSamples[story], into: &features)
            var probability = 0.0
            var memberPassed = false
            var passingKey: Int32?
            let prefilter = settings.joinModel == nil ? cosine * factor : cosine
            if prefilter >= settings.threshold || (features.hasSemantic && features.semantic >= settings.semanticFloor) {
                measure(item, itemNorm: itemNorm, titleNorm: titleNorm, namesNorm: namesNorm, centroidOf: story,
                        norms: norms, weight: weight, into: &features)
                memberPassed = settings.memberThreshold <= 0 || features.memberScore * factor >= settings.memberThreshold
                    || (features.hasSemantic && features.semanticBest * factor >= settings.semanticMemberThreshold)
                // The story's own subject ("Emmys") in the title, with a meaning close to the
                // story's: the member score left it out as one shared word.
                if !memberPassed, features.hasSemantic, features.semantic >= settings.keyTermSemanticFloor,
                   let key = keyTerm(in: item.title, time: time, story: story) {
                    memberPassed = true
                    passingKey = key
                }
                // Both name people or places, but none in common: two events of one kind ("floods
                // kill 12 in Brazil", "floods kill 9 in Assam"). Checked against small stories,
                // whose few reports are all the evidence there is.
                if members[story].count <= settings.sharedNameStorySize, itemNames.count >= 2,
                   !sharesName(itemNames, item: vector, story: story) { memberPassed = false }
                // Another outlet's report of the same event shares a name or a number with the
                // item; common words alone ("school return", "hit", "boost") are a topic. Checked
                // against small stories, whose few reports are all the evidence there is.
                if members[story].count <= settings.sharedNameOrNumberStorySize,
                   storyOutlets[story].contains(where: { $0 != outlet }),
                   !sharesNameOrNumber(item.names.terms, item: vector, story: story) { memberPassed = false }
                // A person or a place in common, nothing else said alike: two events.
                if features.hasSemantic, features.semanticBest < settings.nameOnlySemanticFloor,
                   !sharesWordBesidesNames(item, story: story) { memberPassed = false }
                // An outlet's own report a week after the latest of a story no other outlet
                // carried: its recurring column or programme (one presenter or format, another
                // subject), not a follow-up. Its meaning is no evidence here: one outlet's
                // programme is alike in meaning from week to week.
                if settings.ownOutletGap > 0, gap >= settings.ownOutletGap, storyOutlets[story].allSatisfy({ $0 == outlet }) {
                    memberPassed = false
                }
                // Yesterday's instance of the outlet's recurring report is another event.
                if settings.recurringReportGap > 0, storyOutlets[story].contains(outlet),
                   memberSamples[story].contains(where: { isAnotherInstance(outlet, time, item.template, of: $0) }) {
                    memberPassed = false
                }
                probability = joinProbability(features) ?? cosine * factor
            }
            scored.append(Scored(story: story, cosine: cosine, gap: gap, score: cosine * factor, features: features,
                                 probability: probability, memberPassed: memberPassed, keyTerm: passingKey))
        }
        scored.sort { $0.probability != $1.probability ? $0.probability > $1.probability : $0.story < $1.story }
        return scored
    }

    /// The join model's probability for the features: ``ClusterSettings/semanticJoinModel`` when
    /// both sides have embeddings and it is set, else ``ClusterSettings/joinModel``; nil without
    /// a model.
    private func joinProbability(_ features: JoinFeatures) -> Double? {
        if features.hasSemantic, let model = settings.semanticJoinModel { return model.probability(features.semanticValues) }
        return settings.joinModel?.probability(features)
    }

    /// Active stories whose last item is within ``ClusterSettings/semanticWindow`` of `time` (at
    /// most ``ClusterSettings/semanticScanLimit``, the most recently joined first) and
    /// whose mean embedding has a cosine of at least ``ClusterSettings/semanticFloor`` with the
    /// item's: the ``ClusterSettings/semanticCandidates`` closest.
    private mutating func semanticCandidates(_ embedding: [Float], time: Date) -> [Int] {
        guard settings.semanticCandidates > 0 else { return [] }
        let earliest = time.addingTimeInterval(-settings.semanticWindow)
        scans += 1
        var scanned = 0
        var found: [(story: Int, cosine: Double)] = []
        var index = recent.count - 1
        var stale = 0
        while index >= 0 {
            let entry = recent[index]
            index -= 1
            if entry.time < earliest {
                // Entries are in order of joins, nearly in time order: stop after a run of old ones.
                stale += 1
                if stale > 64 { break }
                continue
            }
            stale = 0
            let story = entry.story
            materialize(story)
            // A story freed or merged away has no embeddings left.
            guard scanStamps[story] != scans, semanticCounts[story] > 0 else { continue }
            scanStamps[story] = scans
            scanned += 1
            // Bounded work per item: the most recently joined stories only.
            if scanned > settings.semanticScanLimit { break }
            let norm = semanticNorm(story)
            guard norm > 0 else { continue }
            let cosine = Double(DenseVector.dot(embedding, semanticSums[story]) / norm)
            if cosine >= settings.semanticFloor { found.append((story, cosine)) }
        }
        found.sort { $0.cosine != $1.cosine ? $0.cosine > $1.cosine : $0.story < $1.story }
        return found.prefix(settings.semanticCandidates).map(\.story)
    }

    /// The norm of the story's embedding sum, computed once after each change of the sum.
    private mutating func semanticNorm(_ story: Int) -> Float {
        if semanticNorms[story] < 0 { semanticNorms[story] = DenseVector.norm(semanticSums[story]) }
        return semanticNorms[story]
    }

    /// Fills in ``JoinFeatures/semantic`` and ``JoinFeatures/semanticBest`` of an item embedding
    /// against a story's embedding sum (of `count` members, with its `norm` when the caller has it
    /// cached) and sampled members, leaving out member `skipped`; nothing when either side has no
    /// embedding.
    private func measureSemantic(_ embedding: [Float]?, sum: [Float], count: Int, norm: Float? = nil, members: [Member],
                                 skipping skipped: Int? = nil, into features: inout JoinFeatures) {
        guard let embedding, count > 0, sum.count == embedding.count else { return }
        let norm = norm ?? DenseVector.norm(sum)
        guard norm > 0 else { return }
        features.semantic = Double(DenseVector.dot(embedding, sum) / norm)
        var best = -1.0
        // Sampled members keep their embeddings in 8 bits (``Member/compacted``).
        for (index, member) in members.enumerated() where index != skipped {
            guard let other = member.quantized, other.values.count == embedding.count else { continue }
            best = max(best, Double(other.dot(embedding)))
        }
        features.semanticBest = best > -1 ? best : features.semantic
        features.hasSemantic = true
    }

    /// Fills in the features of `item` against a story's title centroid, names centroid and
    /// sampled members, leaving out member `skipped` (``JoinFeatures``; `cosine`, `gapDays` and
    /// `storySize` are the caller's). `norms.members` are the members' norms, in their order.
    private func measure(_ item: ItemVectors, itemNorm: Double, titleNorm: Double, namesNorm: Double,
                         title: SparseVector, names: SparseVector, members: [Member], skipping skipped: Int? = nil,
                         norms: StoryNorms, weight: (Int32) -> Double, into features: inout JoinFeatures) {
        var cosines: [Double] = []
        for (index, norm) in zip(members.indices, norms.members) where index != skipped {
            guard norm > 0 else { cosines.append(0); continue }
            let (dot, shared, largest) = item.full.dotAndSharedCount(members[index].vectors.full, weight)
            features.bestMember = max(features.bestMember, min(1, dot / (itemNorm * norm)))
            let evidence = settings.memberIgnoresTopTerm ? dot - largest : dot
            cosines.append(shared >= settings.minSharedTerms ? min(1, evidence / (itemNorm * norm)) : 0)
        }
        cosines.sort(by: >)
        let votes = min(max(1, settings.memberVotes), cosines.count)
        if votes > 0 { features.memberScore = cosines.prefix(votes).reduce(0, +) / Double(votes) }
        if titleNorm > 0, norms.title > 0 { features.titleCosine = min(1, item.title.dot(title, weight) / (titleNorm * norms.title)) }
        if namesNorm > 0, norms.names > 0 { features.nameCosine = min(1, item.names.dot(names, weight) / (namesNorm * norms.names)) }
    }

    /// ``measure(_:itemNorm:titleNorm:namesNorm:title:names:members:skipping:norms:weight:into:)``
    /// against an active story.
    private func measure(_ item: ItemVectors, itemNorm: Double, titleNorm: Double, namesNorm: Double, centroidOf story: Int,
                         norms: StoryNorms, weight: (Int32) -> Double, into features: inout JoinFeatures) {
        measure(item, itemNorm: itemNorm, titleNorm: titleNorm, namesNorm: namesNorm, title: titleCentroids[story],
                names: nameCentroids[story], members: memberSamples[story], norms: norms,
                weight: weight, into: &features)
    }

    /// The features of a story's member (or another story's report) measured as a candidate
    /// against the given story vectors, as ``score(_:time:outlet:)`` measures a new item: the
    /// cosine to `centroid`, then the rest by ``measure(_:itemNorm:titleNorm:namesNorm:title:names:members:skipping:norms:weight:into:)``,
    /// with topical terms discounted for the member's own terms.
    private func candidateFeatures(of vectors: ItemVectors, itemNorm: Double, centroid: SparseVector, title: SparseVector,
                                   names: SparseVector, semantic: (sum: [Float], count: Int), members: [Member],
                                   skipping skipped: Int? = nil, norms: StoryNorms,
                                   idf: @escaping (Int32) -> Double, gap: TimeInterval, storySize: Int) -> JoinFeatures {
        let weight = discountedWeight(for: vectors.full, idf)
        var features = JoinFeatures(cosine: min(1, vectors.full.dot(centroid, weight) / (itemNorm * norms.centroid)),
                                    titleCosine: 0, nameCosine: 0, memberScore: 0, bestMember: 0,
                                    gapDays: gap / 86_400, storySize: storySize)
        measureSemantic(vectors.embedding, sum: semantic.sum, count: semantic.count, members: members, skipping: skipped,
                        into: &features)
        measure(vectors, itemNorm: itemNorm, titleNorm: vectors.title.norm(idf), namesNorm: vectors.names.norm(idf),
                title: title, names: names, members: members, skipping: skipped, norms: norms, weight: weight, into: &features)
        return features
    }

    /// A key term of the story (``ClusterSettings/keyTermShare``) that `title` (an item's title
    /// vector, at `time`) holds, or nil.
    private mutating func keyTerm(in title: SparseVector, time: Date, story: Int) -> Int32? {
        let share = settings.keyTermShare
        guard share > 0, members[story].count >= settings.keyTermMinReports, storyOutlets[story].count >= 2 else { return nil }
        let titles = titleCentroids[story]
        let earliest = time.addingTimeInterval(-settings.semanticWindow)
        for term in title.terms where titles.weight(of: term) > 0 && !vocabulary.startsWithNumber(term) {
            let own = centroids[story].weight(of: term)
            guard own > 0 else { continue }
            var total = 0.0
            // In story order: a sum in a set's order (its hash seed's, one per process) could
            // round differently from run to run and flip a share at the bound.
            for other in postings.sortedStories(of: term) where other == story || lastTimes[other] >= earliest {
                materialize(other)
                total += centroids[other].weight(of: term)
            }
            if own >= share * total { return term }
        }
        return nil
    }

    /// Every term weighted by `idf`, a topical one (in the centroids of more than
    /// ``ClusterSettings/topicalStories`` active stories) discounted by
    /// `sqrt(topicalStories / stories)`, for the terms of `vector`.
    private func discountedWeight(for vector: SparseVector, _ idf: @escaping (Int32) -> Double) -> (Int32) -> Double {
        var discounted: [Int32: Double] = [:]
        if settings.topicalStories > 0 {
            for term in vector.terms {
                let count = postings.count(of: term)
                if count > settings.topicalStories { discounted[term] = (Double(settings.topicalStories) / Double(count)).squareRoot() }
            }
        }
        return discounted.isEmpty ? idf : { term in idf(term) * (discounted[term] ?? 1) }
    }

    /// Whether the item and the story share a name: one of the item's `names` (sorted term ids)
    /// occurs in the story's text (its centroid), or one of the story's names in the item's text;
    /// also true when the story names nobody (it cannot tell). A Title Case headline hides its
    /// names, so each side's names are looked for in the other's words, not only its names.
    private func sharesName(_ names: [Int32], item: SparseVector, story: Int) -> Bool {
        if Self.intersects(names, centroids[story].terms) { return true }
        let storyNames = nameCentroids[story].terms.filter { !vocabulary.startsWithNumber($0) }
        return storyNames.isEmpty || Self.intersects(storyNames, item.terms)
    }

    /// Whether the item and the story share a name or a number: one of the item's `namesAndNumbers`
    /// (sorted term ids) occurs in the story's text (its centroid), or one of the story's names
    /// and numbers in the item's text; also true when either side has none (it cannot tell).
    private func sharesNameOrNumber(_ namesAndNumbers: [Int32], item: SparseVector, story: Int) -> Bool {
        let storyNames = nameCentroids[story].terms
        if namesAndNumbers.isEmpty || storyNames.isEmpty { return true }
        return Self.intersects(namesAndNumbers, centroids[story].terms) || Self.intersects(storyNames, item.terms)
    }

    /// Whether two ascending arrays share an element.
    private static func intersects(_ a: [Int32], _ b: [Int32]) -> Bool {
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// TF-IDF norms of a story's vectors, and the document count they were computed at.
    struct StoryNorms {
        var centroid = 0.0
        var title = 0.0
        var names = 0.0
        var members: [Double] = []
        var documents = 0
    }

    /// The story's TF-IDF norms, recomputed when the story changed or the collection grew by more
    /// than 2% since (the IDF drifts slowly).
    private mutating func storyNorms(_ story: Int, _ idf: (Int32) -> Double) -> StoryNorms {
        let cached = cachedNorms[story]
        if cached.documents > 0, Double(documentCount - cached.documents) <= 0.02 * Double(cached.documents) {
            return cached
        }
        let norms = StoryNorms(centroid: centroids[story].norm(idf), title: titleCentroids[story].norm(idf),
                               names: nameCentroids[story].norm(idf), members: memberSamples[story].map { $0.vectors.full.norm(idf) },
                               documents: documentCount)
        cachedNorms[story] = norms
        return norms
    }

    /// Keeps the scan list of recent joins bounded, with or without embeddings: drops the entries
    /// older than twice ``ClusterSettings/semanticWindow`` before the newest item once they are
    /// more than half of a list of over 4,096 (the semantic scan never reads them for an item
    /// less than a window older than the newest).
    private mutating func trimRecent() {
        let horizon = newestTime.addingTimeInterval(-2 * settings.semanticWindow)
        if recent.count > 4_096, let first = recent.firstIndex(where: { $0.time >= horizon }), first > recent.count / 2 {
            recent.removeFirst(first)
        }
    }

    private mutating func advanceClock(to time: Date) {
        if time > newestTime {
            newestTime = time
            trimRecent()
            expireStories()
        }
    }

    private mutating func startStory(_ item: StoryItem, vector: ItemVectors) -> Int {
        startStory(Member(id: item.id, outlet: item.outlet, time: item.time, vectors: vector))
    }

    private mutating func startStory(_ member: Member) -> Int {
        let vector = member.vectors.full
        let story = members.count
        members.append([member.id])
        storyOutlets.append([member.outlet])
        centroids.append(vector)
        titleCentroids.append(member.vectors.title)
        nameCentroids.append(member.vectors.names)
        centroidsCut.append(false)
        memberSamples.append([member.compacted])
        if let embedding = member.vectors.embedding ?? member.quantized?.floats {
            semanticSums.append(embedding)
            semanticCounts.append(1)
        } else {
            semanticSums.append([])
            semanticCounts.append(0)
        }
        semanticNorms.append(-1)
        scanStamps.append(0)
        recent.append((story, member.time))
        cachedNorms.append(StoryNorms())
        firstTimes.append(member.time)
        lastTimes.append(member.time)
        expiry.push(deadline(story), story: story)
        if deadline(story) >= newestTime {
            active.insert(story)
            for term in vector.terms { postings.insert(story, term: term) }
        } else {
            freeVectors(story)
        }
        return story
    }

    private mutating func join(_ item: StoryItem, vector: ItemVectors, story: Int) {
        join(Member(id: item.id, outlet: item.outlet, time: item.time, vectors: vector), story: story)
    }

    private mutating func join(_ item: Member, story: Int) {
        materialize(story)
        let item_ = item.vectors
        let vector = item_.full
        members[story].append(item.id)
        storyOutlets[story].insert(item.outlet)
        firstTimes[story] = min(firstTimes[story], item.time)
        if item.time > lastTimes[story] || members[story].count == 2 {
            // A later last item, or a second item (the longer horizon): a later deadline.
            lastTimes[story] = max(lastTimes[story], item.time)
            expiry.push(deadline(story), story: story)
        }
        if !active.contains(story), deadline(story) >= newestTime {
            // Replayed into a story that had expired: it is active again. Its freed centroid
            // restarts from this item.
            active.insert(story)
            freeVectors(story)
        }
        guard active.contains(story) else { return }
        addMember(item, story: story)
        if let embedding = item_.embedding ?? item.quantized?.floats,
           semanticCounts[story] == 0 || semanticSums[story].count == embedding.count {
            semanticSums[story] = semanticCounts[story] > 0 ? DenseVector.adding(embedding, to: semanticSums[story]) : embedding
            semanticCounts[story] += 1
            semanticNorms[story] = -1
        }
        recent.append((story, item.time))
        titleCentroids[story] = pruned(titleCentroids[story].adding(item_.title), story: story)
        nameCentroids[story] = pruned(nameCentroids[story].adding(item_.names), story: story)
        let before = centroids[story]
        centroids[story] = pruned(before.adding(vector), story: story)
        cachedNorms[story] = StoryNorms()
        updatePostings(story, from: before, to: centroids[story])
    }

    /// Whether the sampled reports of story `other` would join `story`, on average, with a
    /// probability of at least ``ClusterSettings/storyMergeProbability`` (each measured as a
    /// candidate against `story`, like a new item): the story-level test of a merge that an item
    /// joinable to both suggests.
    private mutating func reportsWouldJoin(_ other: Int, _ story: Int) -> Bool {
        let minimum = settings.storyMergeProbability
        guard let model = settings.joinModel, minimum > 0, minimum <= 1,
              !memberSamples[other].isEmpty, active.contains(story) else { return false }
        let idf = idfFunction()
        let norms = storyNorms(story, idf)
        guard norms.centroid > 0 else { return false }
        var total = 0.0, counted = 0
        for (member, itemNorm) in zip(memberSamples[other], storyNorms(other, idf).members) where itemNorm > 0 {
            counted += 1
            let features = candidateFeatures(of: member.expanded, itemNorm: itemNorm, centroid: centroids[story],
                                             title: titleCentroids[story], names: nameCentroids[story],
                                             semantic: (semanticSums[story], semanticCounts[story]), members: memberSamples[story],
                                             norms: norms, idf: idf, gap: gap(member.time, story: story),
                                             storySize: members[story].count)
            total += joinProbability(features) ?? model.probability(features)
        }
        return counted > 0 && total / Double(counted) >= minimum
    }

    /// How many members (least similar to the rest of their story first) the stray check
    /// measures in full.
    private static let strayCandidates = 2

    /// Moves out of `story` the member that the rest of it would no longer take: of the
    /// ``strayCandidates`` members least similar to the others (a screen by cosine), the one
    /// whose join probability against the story without it (the others' centroids and reports,
    /// the time gap to their span, one item fewer) is the lowest, when that is below
    /// ``ClusterSettings/strayProbability`` (or its member score is below
    /// ``ClusterSettings/strayMemberShare`` of the member threshold). The member goes to the best
    /// other story that would take it, or starts a story of its own, and ``splits`` records it.
    /// Only stories of 3 to ``ClusterSettings/memberSample`` items (every member sampled) are
    /// checked, and never the `newcomer` that has just joined: a story whose first item shared one
    /// word with the event that then joined it ("Tottenham to host net zero game" seeding the
    /// Jimmy Greaves story) loses that item once the event's own reports outweigh it.
    private mutating func removeStray(from story: Int, newcomer: Int64) {
        guard let model = settings.joinModel, active.contains(story) else { return }
        let sample = memberSamples[story]
        let size = members[story].count
        guard size >= 3, sample.count == size else { return }
        let idf = idfFunction()
        let memberNorms = storyNorms(story, idf).members
        // Every member is sampled, so the story without one member is the sum of the others'
        // vectors: its centroids less the member's, unless a cut dropped terms from them (then a
        // term of the member that a later member brought back would be lost): the sums then.
        var full = centroids[story], title = titleCentroids[story], names = nameCentroids[story]
        if centroidsCut[story] {
            full = SparseVector(); title = SparseVector(); names = SparseVector()
            for member in sample {
                full = full.adding(member.vectors.full)
                title = title.adding(member.vectors.title)
                names = names.adding(member.vectors.names)
            }
        }
        let fullNorm = full.norm(idf)
        // A cheap screen: each member's cosine to the sum of the others, by algebra on dot
        // products (`|S - m|^2 = |S|^2 - 2 S.m + |m|^2`); the full features (the member against
        // the others' centroids and reports) are measured only for the `strayCandidates` least
        // similar.
        var screened: [(index: Int, cosine: Double)] = []
        for (index, member) in sample.enumerated() where member.id != newcomer {
            let norm = memberNorms[index]
            guard norm > 0 else { continue }
            let dot = member.vectors.full.dot(full, idf)
            let rest = max(0, fullNorm * fullNorm - 2 * dot + norm * norm).squareRoot()
            guard rest > 1e-9 else { continue }
            screened.append((index, (dot - norm * norm) / (norm * rest)))
        }
        screened.sort { $0.cosine != $1.cosine ? $0.cosine < $1.cosine : $0.index < $1.index }
        var stray: (index: Int, probability: Double, centroid: SparseVector, title: SparseVector, names: SparseVector, cut: Bool)?
        for index in screened.prefix(Self.strayCandidates).map(\.index) {
            let member = sample[index]
            let vectors = member.expanded
            let itemNorm = memberNorms[index]
            guard itemNorm > 0 else { continue }
            let rest = (full.removing(vectors.full), title.removing(vectors.title), names.removing(vectors.names))
            let centroid = pruned(rest.0), title = pruned(rest.1), names = pruned(rest.2)
            let cut = centroid.terms.count < rest.0.terms.count || title.terms.count < rest.1.terms.count
                || names.terms.count < rest.2.terms.count
            let norms = StoryNorms(centroid: centroid.norm(idf), title: title.norm(idf), names: names.norm(idf),
                                   members: memberNorms, documents: documentCount)
            guard norms.centroid > 0 else { continue }
            var first = Date.distantFuture, last = Date.distantPast
            for (other, entry) in sample.enumerated() where other != index {
                first = min(first, entry.time)
                last = max(last, entry.time)
            }
            let gap = Self.gap(member.time, first: first, last: last)
            let semanticRest = restSemantic(story, without: member.expanded.embedding)
            let features = candidateFeatures(of: vectors, itemNorm: itemNorm, centroid: centroid, title: title, names: names,
                                             semantic: semanticRest, members: sample, skipping: index, norms: norms, idf: idf,
                                             gap: gap, storySize: size - 1)
            var probability = joinProbability(features) ?? model.probability(features)
            let factor = settings.timeDecay > 0 ? exp(-gap / settings.timeDecay) : 1
            let memberBar = settings.memberThreshold * min(1, max(0, settings.strayMemberShare))
            if features.memberScore * factor < memberBar,
               !(features.hasSemantic && features.semantic >= settings.keyTermSemanticFloor
                 && keyTerm(in: vectors.title, time: member.time, story: story) != nil) {
                // Below the member bar with margin: a stray whatever the model says (ranked after
                // those with a probability below the bar, by how far below the member bar).
                probability = min(probability, settings.strayProbability) - (memberBar - features.memberScore * factor)
            }
            if probability < (stray?.probability ?? min(1, settings.strayProbability)) {
                stray = (index, probability, centroid, title, names, cut)
            }
        }
        guard let stray else { return }
        let member = sample[stray.index]
        members[story].removeAll { $0 == member.id }
        memberSamples[story].remove(at: stray.index)
        storyOutlets[story] = Set(memberSamples[story].map(\.outlet))
        firstTimes[story] = memberSamples[story].map(\.time).min() ?? firstTimes[story]
        lastTimes[story] = memberSamples[story].map(\.time).max() ?? lastTimes[story]
        expiry.push(deadline(story), story: story)
        let before = centroids[story]
        centroids[story] = stray.centroid
        titleCentroids[story] = stray.title
        nameCentroids[story] = stray.names
        centroidsCut[story] = stray.cut
        (semanticSums[story], semanticCounts[story]) = restSemantic(story, without: member.expanded.embedding)
        semanticNorms[story] = -1
        cachedNorms[story] = StoryNorms()
        updatePostings(story, from: before, to: centroids[story])
        // The member goes where it would go now: the best other story that would take it, or a
        // story of its own.
        let placed = score(member.vectors, time: member.time, outlet: member.outlet).first { $0.story != story && $0.joinable(settings) }
        let target: Int
        if let placed {
            target = placed.story
            join(member, story: target)
        } else {
            target = startStory(member)
        }
        splitLog.append(StorySplit(story: story, newStory: target, itemID: member.id, causeItemID: newcomer))
    }

    /// The story's embedding sum and count without one member's embedding.
    private func restSemantic(_ story: Int, without embedding: [Float]?) -> (sum: [Float], count: Int) {
        let sum = semanticSums[story], count = semanticCounts[story]
        guard let embedding, count > 0, sum.count == embedding.count else { return (sum, count) }
        return count == 1 ? ([], 0) : (DenseVector.subtracting(embedding, from: sum), count - 1)
    }

    /// Merges the two stories into the older one; returns the survivor.
    private mutating func merge(_ a: Int, _ b: Int, itemID: Int64) -> Int {
        materialize(a)
        materialize(b)
        let (survivor, absorbed) = a < b ? (a, b) : (b, a)
        members[survivor].append(contentsOf: members[absorbed])
        members[absorbed] = []
        storyOutlets[survivor].formUnion(storyOutlets[absorbed])
        storyOutlets[absorbed] = []
        firstTimes[survivor] = min(firstTimes[survivor], firstTimes[absorbed])
        lastTimes[survivor] = max(lastTimes[survivor], lastTimes[absorbed])
        expiry.push(deadline(survivor), story: survivor)
        for term in centroids[absorbed].terms { postings.remove(absorbed, term: term) }
        let before = centroids[survivor]
        centroidsCut[survivor] = centroidsCut[survivor] || centroidsCut[absorbed]
        centroids[survivor] = pruned(before.adding(centroids[absorbed]), story: survivor)
        updatePostings(survivor, from: before, to: centroids[survivor])
        for member in memberSamples[absorbed] { addMember(member, story: survivor) }
        titleCentroids[survivor] = pruned(titleCentroids[survivor].adding(titleCentroids[absorbed]), story: survivor)
        nameCentroids[survivor] = pruned(nameCentroids[survivor].adding(nameCentroids[absorbed]), story: survivor)
        if semanticCounts[absorbed] > 0 {
            semanticSums[survivor] = semanticCounts[survivor] > 0 ? DenseVector.adding(semanticSums[absorbed], to: semanticSums[survivor])
                : semanticSums[absorbed]
            semanticCounts[survivor] += semanticCounts[absorbed]
            semanticNorms[survivor] = -1
        }
        recent.append((survivor, lastTimes[survivor]))
        freeVectors(absorbed)
        cachedNorms[survivor] = StoryNorms()
        active.remove(absorbed)
        active.insert(survivor)
        mergeLog.append(StoryMerge(survivor: survivor, absorbed: absorbed, itemID: itemID))
        return survivor
    }

    /// What ``vectorise(_:counting:)`` records of an item besides its vectors (new terms get ids
    /// in every case).
    enum Counting {
        /// Its terms in the stream's document frequencies, and its capitalisation.
        case stream
        /// Its terms in the stream's document frequencies only (``learn(_:)`` counted its
        /// capitalisation).
        case streamOnly
        /// Its terms in the collection's document frequencies (the prior), and its
        /// capitalisation.
        case prior
    }

    /// The item's weighted term vector, recording what `counting` says.
    private mutating func vectorise(_ item: StoryItem, counting: Counting) -> ItemVectors {
        let learn = counting == .stream || counting == .prior
        var fields: [(text: String, weight: Double)] = [
            (HeadlineCleaner.clean(item.title), settings.titleWeight),
            (SummaryCleaner.clean(item.summary), settings.summaryWeight),
        ]
        if let content = item.content, !content.isEmpty {
            fields.append((content, settings.contentWeight))
        }
        var total = SparseVector()
        var title = SparseVector()
        var nameVector = SparseVector()
        var seen: Set<Int32> = []
        for (position, field) in fields.enumerated() where field.weight > 0 {
            let tokens = TextTokenizer.tokens(field.text)
            guard !tokens.isEmpty else { continue }
            // Mixed-case text: its capitals are evidence of names. Title Case text: they are not.
            let mixedCase = tokens.contains { $0.isName } || !tokens.contains { $0.isCapitalised }
            var counts: [Int32: Double] = [:]
            var names: Set<Int32> = []
            for token in tokens {
                let id = termID(token.term)
                counts[id, default: 0] += 1
                if mixedCase {
                    if token.isName { names.insert(id) }
                    if learn, !token.opensSentence {
                        if token.isCapitalised { capitalisedCount[Int(id)] += 1 } else { lowercaseCount[Int(id)] += 1 }
                    }
                } else if token.isCapitalised || token.opensSentence {
                    let capitals = capitalisedCount[Int(id)], lowers = lowercaseCount[Int(id)]
                    if capitals >= 2, capitals >= 2 * lowers { names.insert(id) }
                }
            }
            var weighted: [Int32: Double] = [:]
            var nameWeights: [Int32: Double] = [:]
            for (id, count) in counts {
                var factor = 1.0
                if names.contains(id) {
                    factor = settings.nameWeight
                } else if vocabulary.startsWithNumber(id) {
                    factor = settings.numberWeight
                }
                weighted[id] = (1 + log(count)) * factor
                if names.contains(id) || vocabulary.startsWithNumber(id) {
                    nameWeights[id] = weighted[id]
                }
            }
            let vector = SparseVector(weighted)
            let norm = vector.norm { _ in 1 }
            total = total.adding(vector, times: field.weight / norm)
            if !nameWeights.isEmpty { nameVector = nameVector.adding(SparseVector(nameWeights), times: field.weight / norm) }
            if position == 0 { title = vector.scaled(by: 1 / norm) }
            seen.formUnion(counts.keys)
        }
        switch counting {
        case .stream, .streamOnly:
            documentCount += 1
            for term in seen { documentFrequency[Int(term)] += 1 }
        case .prior:
            priorDocuments += 1
            for term in seen { priorFrequency[Int(term)] += 1 }
        }
        // An item with its full text is compared on that text: an embedding of its first tokens
        // adds little to it (the semantic model is fitted on feed items without it).
        let embedding = settings.semanticWithContent || item.content?.isEmpty ?? true ? item.embedding.flatMap { $0.isEmpty ? nil : $0 } : nil
        return ItemVectors(full: total, title: title, names: nameVector, embedding: embedding,
                           template: settings.recurringReportGap > 0 ? Self.titleTemplate(item.title) : [])
    }

    private mutating func termID(_ term: String) -> Int32 {
        if let id = vocabulary.id(of: term) { return id }
        let id = vocabulary.add(term)
        documentFrequency.append(0)
        priorFrequency.append(0)
        capitalisedCount.append(0)
        lowercaseCount.append(0)
        return id
    }

    /// `term -> ln((N + 1) / df)` over the documents added so far, with the learned collection
    /// (``learn(_:)``) counted as ``ClusterSettings/collectionPrior`` documents of its term
    /// frequencies (all of them when it holds fewer); 0 for unseen terms.
    private func idfFunction() -> (Int32) -> Double {
        let prior = priorDocuments > 0 ? min(1, max(0, settings.collectionPrior) / Double(priorDocuments)) : 0
        let total = Double(documentCount) + prior * Double(priorDocuments) + 1
        let frequencies = documentFrequency
        let priorFrequencies = priorFrequency
        return { term in
            let df = Double(frequencies[Int(term)]) + prior * Double(priorFrequencies[Int(term)])
            return df > 0 ? log(total / df) : 0
        }
    }

    private func gap(_ time: Date, story: Int) -> TimeInterval {
        Self.gap(time, first: firstTimes[story], last: lastTimes[story])
    }

    /// Seconds from `time` to the span `[first, last]` (0 inside it).
    private static func gap(_ time: Date, first: Date, last: Date) -> TimeInterval {
        if time < first { return first.timeIntervalSince(time) }
        if time > last { return time.timeIntervalSince(last) }
        return 0
    }

    /// When the story leaves the candidate index unless it gets another item: its last item's
    /// time plus ``ClusterSettings/horizon``, or ``ClusterSettings/singletonHorizon`` while it
    /// has one item.
    private func deadline(_ story: Int) -> Date {
        let single = members[story].count < 2 && settings.singletonHorizon > 0
        return lastTimes[story].addingTimeInterval(single ? min(settings.singletonHorizon, settings.horizon) : settings.horizon)
    }

    /// Takes stories past their deadline (see ``deadline(_:)``) out of the candidate index and
    /// frees their centroids.
    private mutating func expireStories() {
        while let entry = expiry.popEarlier(than: newestTime) {
            let story = entry.story
            guard entry.time == deadline(story), active.contains(story) else { continue }
            materialize(story)
            active.remove(story)
            for term in centroids[story].terms { postings.remove(story, term: term) }
            freeVectors(story)
        }
    }

    /// Frees the story's centroids and member sample (it left the index).
    private mutating func freeVectors(_ story: Int) {
        centroids[story] = SparseVector()
        titleCentroids[story] = SparseVector()
        nameCentroids[story] = SparseVector()
        memberSamples[story] = []
        semanticSums[story] = []
        semanticCounts[story] = 0
        semanticNorms[story] = -1
    }

    /// Keeps the story's first member and its latest ones, at most
    /// ``ClusterSettings/memberSample`` in all.
    private mutating func addMember(_ member: Member, story: Int) {
        memberSamples[story].append(member.compacted)
        if memberSamples[story].count > max(1, settings.memberSample) { memberSamples[story].remove(at: min(1, memberSamples[story].count - 1)) }
    }

    /// Whether the item shares a term other than a name or a number (``ItemVectors/names``) with
    /// one of the story's sampled reports.
    private func sharesWordBesidesNames(_ item: ItemVectors, story: Int) -> Bool {
        let words = Set(item.full.terms).subtracting(item.names.terms)
        guard !words.isEmpty else { return false }
        return memberSamples[story].contains { member in
            member.vectors.full.terms.contains { words.contains($0) && !member.vectors.names.terms.contains($0) }
        }
    }

    /// Whether the two stories' sampled reports hold two instances of one outlet's recurring
    /// report (``ClusterSettings/recurringReportGap``): such stories do not merge.
    private func holdRecurringInstances(_ a: Int, _ b: Int) -> Bool {
        guard settings.recurringReportGap > 0, !storyOutlets[a].isDisjoint(with: storyOutlets[b]) else { return false }
        return memberSamples[a].contains { x in
            memberSamples[b].contains { isAnotherInstance(x.outlet, x.time, x.vectors.template, of: $0) }
        }
    }

    /// Whether a report (`outlet`, `time`, title `template`) and `member` are two instances of
    /// one outlet's recurring report: the same outlet, at least
    /// ``ClusterSettings/recurringReportGap`` apart, templates alike (``isRecurringInstance``).
    private func isAnotherInstance(_ outlet: String, _ time: Date, _ template: [String], of member: Member) -> Bool {
        member.outlet == outlet && abs(member.time.timeIntervalSince(time)) >= settings.recurringReportGap
            && Self.isRecurringInstance(member.vectors.template, template, overlap: settings.recurringTemplateOverlap)
    }

    /// Day and month names and relative days, masked in a title's template: a dated column
    /// ("Best of cartoons, Saturday, October 16") names its day in words.
    private static let calendarWords: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today", "tonight", "yesterday", "tomorrow",
    ]

    /// A title's template: its words (outlet labels stripped, see ``BylineText/HeadlineCleaner``),
    /// lower-cased, a word with a digit as `#` and a day or month name as `@`.
    static func titleTemplate(_ title: String) -> [String] {
        let words = HeadlineCleaner.clean(title).lowercased()
            .split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "’") }
        return words.map { word in
            if word.contains(where: \.isNumber) { return "#" }
            return calendarWords.contains(String(word)) ? "@" : String(word)
        }
    }

    /// Whether two titles' templates (``titleTemplate(_:)``) are two instances of one recurring
    /// report: at least four words each and a Dice overlap of their words of at least `overlap`
    /// (the same title counts: a daily live page keeps its title).
    static func isRecurringInstance(_ a: [String], _ b: [String], overlap: Double) -> Bool {
        guard a.count >= 4, b.count >= 4 else { return false }
        var counts: [String: Int] = [:]
        for word in a { counts[word, default: 0] += 1 }
        var shared = 0
        for word in b where counts[word, default: 0] > 0 {
            counts[word]! -= 1
            shared += 1
        }
        return 2 * Double(shared) / Double(a.count + b.count) >= overlap
    }

    /// The centroid cut to its ``ClusterSettings/centroidTerms`` heaviest TF-IDF terms once it
    /// has twice that many (so the cut runs rarely and the size stays bounded).
    private mutating func pruned(_ centroid: SparseVector, story: Int) -> SparseVector {
        let result = pruned(centroid)
        if result.terms.count < centroid.terms.count { centroidsCut[story] = true }
        return result
    }

    private func pruned(_ centroid: SparseVector) -> SparseVector {
        let limit = settings.centroidTerms
        guard limit > 0, centroid.terms.count > 2 * limit else { return centroid }
        let idf = idfFunction()
        let weights = centroid.terms.indices.map { centroid.weights[$0] * idf(centroid.terms[$0]) }
        var keep = Array(centroid.terms.indices)
        keep.sort { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
        var pairs: [Int32: Double] = [:]
        for index in keep.prefix(limit) { pairs[centroid.terms[index]] = centroid.weights[index] }
        return SparseVector(pairs)
    }

    /// Moves the story's postings from the terms of `old` to those of `new` centroid.
    private mutating func updatePostings(_ story: Int, from old: SparseVector, to new: SparseVector) {
        var i = 0, j = 0
        while i < old.terms.count || j < new.terms.count {
            if j >= new.terms.count || (i < old.terms.count && old.terms[i] < new.terms[j]) {
                postings.remove(story, term: old.terms[i])
                i += 1
            } else if i >= old.terms.count || new.terms[j] < old.terms[i] {
                postings.insert(story, term: new.terms[j])
                j += 1
            } else {
                postings.insert(story, term: new.terms[j])
                i += 1; j += 1
            }
        }
    }
}

// MARK: - Snapshot

extension StoryClusterer {
    /// The version of the layout of ``state()`` (and ``snapshot()``); a state of another version
    /// is not restored.
    public static let snapshotFormat = 3

    /// The clusterer's whole state in a compact binary form, so that a later process can go on
    /// adding items where this one stopped (``init(snapshot:settings:)``) instead of replaying
    /// every item before: ``state()`` as one block of bytes (``ClustererState/data``).
    public func snapshot() -> Data { state().data }

    /// A clusterer in the state a ``snapshot()`` kept (see ``init(state:settings:)``); nil when
    /// the data is not a snapshot of this ``snapshotFormat`` (or is cut short).
    public init?(snapshot: Data, settings: ClusterSettings) {
        guard let state = ClustererState(data: snapshot) else { return nil }
        self.init(state: state, settings: settings)
    }

    /// The clusterer's state in parts: a header and one record per active story
    /// (``ClustererState``), so that a store can rewrite only the records that changed.
    ///
    /// Every value that a later ``add(_:)`` reads is kept exactly (numbers as their bit patterns):
    /// a restored clusterer places the next items as this one would. What is not kept: the logs
    /// ``merges`` and ``splits`` (a restored clusterer starts with empty logs), the settings (the
    /// restoring caller gives them), and the items of stories that left the candidate index
    /// (expired or merged away; nothing reads them again).
    public func state() -> ClustererState {
        var stories: [Int: Data] = [:]
        for story in active { stories[story] = pending.record(story) ?? record(of: story) }
        return ClustererState(header: header(), stories: stories)
    }

    /// ``state()`` with records only for the active stories that may differ from what they were
    /// at `baseline` (taken from this clusterer, or the one it was copied from, earlier): those
    /// not active then and those whose state changed since. An active story left out is exactly
    /// as it was (the comparison is of the values' bits, and of storage that is still shared);
    /// one put in may be unchanged (a changed copy of equal values). What a store that holds the
    /// records of `baseline`'s time must rewrite; the cost follows the active stories' count,
    /// not their size, for the records left out.
    public func state(changedSince baseline: Baseline) -> ClustererState {
        var stories: [Int: Data] = [:]
        for story in active where !baseline.holds(story, as: self) { stories[story] = pending.record(story) ?? record(of: story) }
        return ClustererState(header: header(), stories: stories)
    }

    /// The active stories' indices (those with a record in ``state()``), ascending.
    public var activeStories: [Int] { active.sorted() }

    /// The record of an active story as ``state()`` gives it, or nil for another story.
    public func record(ofStory story: Int) -> Data? {
        active.contains(story) ? pending.record(story) ?? record(of: story) : nil
    }

    /// What the stories were at one moment (``baseline``), for ``state(changedSince:)``: the
    /// per-story values, shared with the clusterer until it changes them (copy on write), so
    /// taking one costs nothing and keeping one costs the stories that changed since.
    public struct Baseline: Sendable {
        fileprivate let members: [[Int64]]
        fileprivate let storyOutlets: [Set<String>]
        fileprivate let centroids: [SparseVector]
        fileprivate let titleCentroids: [SparseVector]
        fileprivate let nameCentroids: [SparseVector]
        fileprivate let centroidsCut: [Bool]
        fileprivate let memberSamples: [[Member]]
        fileprivate let cachedNorms: [StoryNorms]
        fileprivate let firstTimes: [Date]
        fileprivate let lastTimes: [Date]
        fileprivate let semanticSums: [[Float]]
        fileprivate let semanticCounts: [Int]
        fileprivate let active: Set<Int>
        /// The stories not decoded then (``StoryClusterer/pending``).
        fileprivate let pending: PendingRecords

        /// Whether `story` was active then and every value its record holds is the same now in
        /// `clusterer`.
        fileprivate func holds(_ story: Int, as clusterer: StoryClusterer) -> Bool {
            guard active.contains(story), story < members.count else { return false }
            if pending.isWaiting(story) {
                // Not decoded then: the same when still not decoded (a record is never put back),
                // else when it encodes to the same bytes as the record then.
                if clusterer.pending.isWaiting(story) { return true }
                return pending.record(story).map { clusterer.record(of: story) == $0 } ?? false
            }
            let norms = cachedNorms[story], now = clusterer.cachedNorms[story]
            return Self.same(members[story], clusterer.members[story]) && storyOutlets[story] == clusterer.storyOutlets[story]
                && Self.same(centroids[story], clusterer.centroids[story]) && Self.same(titleCentroids[story], clusterer.titleCentroids[story])
                && Self.same(nameCentroids[story], clusterer.nameCentroids[story]) && centroidsCut[story] == clusterer.centroidsCut[story]
                && Self.same(memberSamples[story], clusterer.memberSamples[story])
                && norms.centroid.bitPattern == now.centroid.bitPattern && norms.title.bitPattern == now.title.bitPattern
                && norms.names.bitPattern == now.names.bitPattern && Self.same(norms.members, now.members) && norms.documents == now.documents
                && firstTimes[story].timeIntervalSinceReferenceDate.bitPattern == clusterer.firstTimes[story].timeIntervalSinceReferenceDate.bitPattern
                && lastTimes[story].timeIntervalSinceReferenceDate.bitPattern == clusterer.lastTimes[story].timeIntervalSinceReferenceDate.bitPattern
                && Self.same(semanticSums[story], clusterer.semanticSums[story]) && semanticCounts[story] == clusterer.semanticCounts[story]
        }

        private static func same(_ a: SparseVector, _ b: SparseVector) -> Bool { same(a.terms, b.terms) && same(a.weights, b.weights) }

        /// Whether two arrays hold the same bytes: at once when they share storage; else compared
        /// byte by byte (elements that hold references are the same only when they refer to the
        /// same storage, which no one changes while it is shared).
        private static func same<T>(_ a: [T], _ b: [T]) -> Bool {
            guard a.count == b.count else { return false }
            guard !a.isEmpty else { return true }
            return a.withUnsafeBytes { x in
                b.withUnsafeBytes { y in x.baseAddress == y.baseAddress || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
            }
        }
    }

    /// The stories as they are now, for a later ``state(changedSince:)``.
    public var baseline: Baseline {
        Baseline(members: members, storyOutlets: storyOutlets, centroids: centroids, titleCentroids: titleCentroids,
                 nameCentroids: nameCentroids, centroidsCut: centroidsCut, memberSamples: memberSamples, cachedNorms: cachedNorms,
                 firstTimes: firstTimes, lastTimes: lastTimes, semanticSums: semanticSums, semanticCounts: semanticCounts, active: active,
                 pending: pending)
    }

    /// The header of ``state()``.
    private func header() -> Data {
        // Its size, near enough (the restored terms as they were, 16 bytes per term for its counts,
        // 16 per entry of the scan list), so that the bytes are not copied as they grow.
        var out = SnapshotWriter(capacity: 128 + vocabulary.encodedSize + 16 * vocabulary.count + 8 * learned.count + 16 * recent.count)
        out.int(Self.snapshotFormat)
        out.int(vocabulary.count)
        vocabulary.write(to: &out)
        out.int32s(documentFrequency)
        out.int32s(capitalisedCount)
        out.int32s(lowercaseCount)
        out.int(documentCount)
        out.int32s(priorFrequency)
        out.int(priorDocuments)
        out.int(members.count)
        out.date(newestTime)
        out.int64s(learned.sorted())
        out.int(scans)
        out.pairs(recent) { (Int64($0.story), $0.time.timeIntervalSinceReferenceDate) }
        return out.data
    }

    /// The record of one active story in ``state()``.
    private func record(of story: Int) -> Data {
        var out = SnapshotWriter()
        out.int64s(members[story])
        let outlets = storyOutlets[story].sorted()
        out.int(outlets.count)
        for outlet in outlets { out.string(outlet) }
        Self.write(centroids[story], to: &out)
        Self.write(titleCentroids[story], to: &out)
        Self.write(nameCentroids[story], to: &out)
        out.bool(centroidsCut[story])
        out.int(memberSamples[story].count)
        for member in memberSamples[story] { Self.write(member, to: &out) }
        let norms = cachedNorms[story]
        out.double(norms.centroid); out.double(norms.title); out.double(norms.names)
        out.doubles(norms.members); out.int(norms.documents)
        out.date(firstTimes[story]); out.date(lastTimes[story])
        // Not kept: the norm of the embedding sum (a cache, computed again from the sum) and the
        // scan stamp (it only tells a story met twice in one scan; every scan after a restore has
        // a number above every stamp), so that a semantic scan does not change the records.
        out.floats(semanticSums[story]); out.int(semanticCounts[story])
        return out.data
    }

    /// A clusterer in the state ``state()`` kept, with empty ``merges`` and ``splits`` logs;
    /// nil when the parts are not a state of this ``snapshotFormat`` (or one is cut short).
    ///
    /// The stories without a record (those that had left the candidate index) are kept as empty
    /// places, so that story indices stay what they were: ``stories`` lists them empty, and
    /// ``add(_:toStory:)`` starts a new story for them. The inverted index and the expiry queue
    /// are rebuilt from the active stories, as they stood. Every record is checked whole here
    /// (a malformed one makes the result nil), but only its head (``storyHead(ofRecord:)``) is
    /// read: the rest is decoded when the clusterer first reads the story, so that restoring
    /// costs what the items added afterwards read, not every open story's state.
    ///
    /// - Parameters:
    ///   - state: what ``state()`` returned.
    ///   - settings: the settings the state's clusterer ran with (the caller keeps them with
    ///     the state: other settings would place items differently from then on).
    public init?(state: ClustererState, settings: ClusterSettings) {
        var heads: [Int: Data] = [:]
        heads.reserveCapacity(state.stories.count)
        for (story, record) in state.stories {
            guard let head = Self.storyHead(ofRecord: record) else { return nil }
            heads[story] = head
        }
        let records = state.stories
        self.init(header: state.header, storyHeads: heads, settings: settings) { records[$0] }
    }

    /// A clusterer in the state ``state()`` kept, restored from its header and the head of each
    /// active story's record (``storyHead(ofRecord:)``: its items, first and last times and
    /// centroid terms) alone: the records are asked of `records` when the clusterer first reads
    /// each story (a candidate scored, a story joined, merged or past its horizon), so that
    /// restoring reads the heads, not every open story's state. Otherwise as
    /// ``init(state:settings:)``; nil when the header or a head is malformed.
    ///
    /// A record that `records` does not give, or that is malformed or disagrees with its head,
    /// leaves its story as the head has it and counts in ``unreadableRecords``: what the
    /// clusterer places after that is not to be kept (the caller restores again, or replays).
    ///
    /// - Parameters:
    ///   - header: the header of ``state()``.
    ///   - storyHeads: story index -> the head of its record.
    ///   - settings: the settings the state's clusterer ran with.
    ///   - records: story index -> its record as ``state()`` gave it, or nil.
    public init?(header: Data, storyHeads: [Int: Data], settings: ClusterSettings, records: @escaping @Sendable (Int) -> Data?) {
        self.init(settings: settings)
        var input = SnapshotReader(header)
        do {
            guard try input.int() == Self.snapshotFormat else { return nil }
            let termCount = try input.count(elementSize: 8)
            let termsStart = input.position
            for _ in 0..<termCount { try input.skipString() }
            let base = header.startIndex
            vocabulary = try Vocabulary(restoring: header[(base + termsStart)..<(base + input.position)], count: termCount)
            documentFrequency = try input.int32s()
            capitalisedCount = try input.int32s()
            lowercaseCount = try input.int32s()
            documentCount = try input.int()
            priorFrequency = try input.int32s()
            priorDocuments = try input.int()
            guard [documentFrequency, capitalisedCount, lowercaseCount, priorFrequency].allSatisfy({ $0.count == termCount }) else {
                return nil
            }
            let storyCount = try input.int()
            // Each story was started by an item added (or moved out of its story): at most two per item.
            guard storyCount >= 0, storyCount <= 2 * (documentCount + 1), storyHeads.keys.allSatisfy({ $0 >= 0 && $0 < storyCount }) else {
                return nil
            }
            newestTime = try input.date()
            learned = Set(try input.int64s())
            scans = try input.int()
            recent = try input.pairs { (story: Int($0), time: Date(timeIntervalSinceReferenceDate: $1)) }
            guard input.isAtEnd, recent.allSatisfy({ $0.story >= 0 && $0.story < storyCount }) else { return nil }
            members = Array(repeating: [], count: storyCount)
            storyOutlets = Array(repeating: [], count: storyCount)
            centroids = Array(repeating: SparseVector(), count: storyCount)
            titleCentroids = centroids
            nameCentroids = centroids
            centroidsCut = Array(repeating: false, count: storyCount)
            memberSamples = Array(repeating: [], count: storyCount)
            cachedNorms = Array(repeating: StoryNorms(), count: storyCount)
            firstTimes = Array(repeating: .distantPast, count: storyCount)
            lastTimes = firstTimes
            semanticSums = Array(repeating: [], count: storyCount)
            semanticCounts = Array(repeating: 0, count: storyCount)
            semanticNorms = Array(repeating: -1, count: storyCount)
            scanStamps = Array(repeating: 0, count: storyCount)
            // Only the heads are read: the rest of a record is decoded when the story is first
            // read (``materialize(_:)``).
            let heads = storyHeads.sorted { $0.key < $1.key }
            let restored = heads.map(\.key)
            var centroidTerms: [(start: Int, count: Int)] = []
            centroidTerms.reserveCapacity(restored.count)
            active.reserveCapacity(restored.count)
            for (story, head) in heads {
                let scanned = try Self.scanHead(head, termCount: termCount)
                members[story] = scanned.members
                firstTimes[story] = scanned.first
                lastTimes[story] = scanned.last
                centroidTerms.append(scanned.centroidTerms)
                active.insert(story)
            }
            pending = PendingRecords(stories: restored, storyCount: storyCount, source: records)
            // What follows from the active stories: the inverted index of their centroids' terms,
            // and the queue of their deadlines (each active story has its current deadline queued;
            // an entry that no longer is a story's deadline would be skipped when it came out).
            postings = PostingIndex(termCount: termCount, stories: restored) { position, body in
                let terms = centroidTerms[position]
                heads[position].value.withUnsafeBytes { raw in
                    for index in 0..<terms.count {
                        body(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: terms.start + 4 * index, as: Int32.self)))
                    }
                }
            }
            for story in restored { expiry.push(deadline(story), story: story) }
        } catch {
            return nil
        }
    }

    /// The head of a story's record (``record(ofStory:)``): what a clusterer restored from heads
    /// (``init(header:storyHeads:settings:records:)``) reads of a story before its record: the
    /// story's items, its first and last times and its centroid's term ids (binary,
    /// little-endian: the items as a count and 64-bit ids, the two times as seconds since
    /// 2001-01-01 in 64-bit floats, the terms as a count and 32-bit ids, ascending). Nil when
    /// `record` is not a story record of this ``snapshotFormat`` (it is checked whole).
    public static func storyHead(ofRecord record: Data) -> Data? {
        guard let scanned = try? scanRecord(record, termCount: Int(Int32.max)) else { return nil }
        var out = SnapshotWriter(capacity: 32 + 8 * scanned.members.count + 4 * scanned.centroidTerms.count)
        out.int64s(scanned.members)
        out.date(scanned.first)
        out.date(scanned.last)
        let terms = record.withUnsafeBytes { raw in
            (0..<scanned.centroidTerms.count).map {
                Int32(littleEndian: raw.loadUnaligned(fromByteOffset: scanned.centroidTerms.start + 4 * $0, as: Int32.self))
            }
        }
        out.int32s(terms)
        return out.data
    }

    /// Reads a head (``storyHead(ofRecord:)``): the story's items, first and last times, and
    /// where its centroid's term ids lie in `head` (ascending, each below `termCount`).
    private static func scanHead(_ head: Data, termCount: Int) throws(SnapshotReader.Malformed)
        -> (members: [Int64], first: Date, last: Date, centroidTerms: (start: Int, count: Int)) {
        let result = head.withUnsafeBytes { raw -> Result<(members: [Int64], first: Date, last: Date, centroidTerms: (start: Int, count: Int)), SnapshotReader.Malformed> in
            var input = SnapshotScanner(raw)
            do throws(SnapshotReader.Malformed) {
                let members = try input.int64s()
                guard !members.isEmpty else { throw SnapshotReader.Malformed() }
                let first = Date(timeIntervalSinceReferenceDate: try input.double())
                let last = Date(timeIntervalSinceReferenceDate: try input.double())
                let terms = try input.int32s()
                var index = 0
                while index < terms.count {
                    let term = input.int32(at: terms.start, index)
                    guard term >= 0, term < Int32(clamping: termCount), index == 0 || input.int32(at: terms.start, index - 1) < term else {
                        throw SnapshotReader.Malformed()
                    }
                    index += 1
                }
                guard input.isAtEnd else { throw SnapshotReader.Malformed() }
                return .success((members, first, last, terms))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parks the active stories whose latest item is more than `age` older than the newest item
    /// added: each is left as a clusterer restored from the story heads
    /// (``init(header:storyHeads:settings:records:)``) holds a story it has not read yet (its
    /// items, first and last times, and its place in the inverted index and the expiry queue),
    /// and the rest of its state (centroids, member sample, norms, embedding sum) is decoded from
    /// `records` when the clusterer next reads the story (a candidate scored, a story joined,
    /// merged or past its horizon). So a clusterer kept between updates holds in memory the
    /// stories of the last `age` and those an update read, not every story of the horizon, and
    /// places the next items as one restored from the saved state would.
    ///
    /// Call it only when `records` gives, for every active story, the record ``state()`` gives
    /// now (a store right after it saved this state), and for the stories that wait undecoded
    /// already, theirs: a record it does not give, or a different one, counts in
    /// ``unreadableRecords`` when it is read.
    ///
    /// - Parameters:
    ///   - age: seconds; a story whose latest item is exactly `age` older stays.
    ///   - records: story index -> its record as ``state()`` gives it, or nil.
    /// - Returns: how many stories were parked now.
    @discardableResult
    public mutating func park(idleFor age: TimeInterval, records: @escaping @Sendable (Int) -> Data?) -> Int {
        let limit = newestTime.addingTimeInterval(-age)
        let idle = active.filter { lastTimes[$0] < limit && !pending.isWaiting($0) }.sorted()
        pending.park(idle, storyCount: members.count, source: records)
        for story in idle {
            freeVectors(story)
            storyOutlets[story] = []
            centroidsCut[story] = false
            cachedNorms[story] = StoryNorms()
        }
        return idle.count
    }

    /// How many active stories are held in memory (decoded): those neither parked
    /// (``park(idleFor:records:)``) nor restored and left unread since.
    public var decodedStoryCount: Int { active.count - pending.count }

    /// Restored stories whose record, when the clusterer first read it, was missing, malformed or
    /// not the one its head was made from (see ``init(header:storyHeads:settings:records:)``).
    public var unreadableRecords: Int { unreadable }

    /// Decodes the record of a story restored but not read yet (``pending``) into its place.
    private mutating func materialize(_ story: Int) {
        guard pending.isWaiting(story) else { return }
        let record = pending.take(story)
        // The record is checked whole, and against the head the story was restored from.
        guard let record, let scanned = try? Self.scanRecord(record, termCount: vocabulary.count), scanned.members == members[story],
              scanned.first == firstTimes[story], scanned.last == lastTimes[story] else {
            unreadable += 1
            return
        }
        do {
            try readRecord(record, story: story)
        } catch {
            unreadable += 1
        }
    }

    /// Checks a story's record (``record(of:)``) as ``readRecord(_:story:)`` would read it, without
    /// decoding it: its items, its first and last times, and where its centroid's term ids lie (each
    /// below `termCount`).
    private static func scanRecord(_ record: Data, termCount: Int) throws(SnapshotReader.Malformed)
        -> (members: [Int64], first: Date, last: Date, centroidTerms: (start: Int, count: Int)) {
        let result = record.withUnsafeBytes { raw -> Result<(members: [Int64], first: Date, last: Date, centroidTerms: (start: Int, count: Int)), SnapshotReader.Malformed> in
            var input = SnapshotScanner(raw)
            do throws(SnapshotReader.Malformed) {
                let members = try input.int64s()
                guard !members.isEmpty else { throw SnapshotReader.Malformed() }
                let outlets = try input.count(elementSize: 8)
                for _ in 0..<outlets { try input.skipArray(elementSize: 1) }
                let centroid = try scanVector(&input)
                guard centroid.count == 0 || (input.int32(at: centroid.start, 0) >= 0
                                              && input.int32(at: centroid.start, centroid.count - 1) < Int32(clamping: termCount)) else {
                    throw SnapshotReader.Malformed()
                }
                _ = try scanVector(&input)
                _ = try scanVector(&input)
                try input.skip(1)
                let sample = try input.count(elementSize: 8)
                for _ in 0..<sample { try scanMember(&input) }
                try input.skip(24)
                try input.skipArray(elementSize: 8)
                try input.skip(8)
                let first = Date(timeIntervalSinceReferenceDate: try input.double())
                let last = Date(timeIntervalSinceReferenceDate: try input.double())
                try input.skipArray(elementSize: 4)
                try input.skip(8)
                guard input.isAtEnd else { throw SnapshotReader.Malformed() }
                return .success((members, first, last, centroid))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Checks a vector as ``readVector(_:)`` reads it (ascending term ids, as many weights);
    /// returns where its term ids lie.
    private static func scanVector(_ input: inout SnapshotScanner) throws(SnapshotReader.Malformed) -> (start: Int, count: Int) {
        let terms = try input.int32s()
        guard try input.skipArray(elementSize: 8) == terms.count else { throw SnapshotReader.Malformed() }
        var index = 1
        while index < terms.count {
            guard input.int32(at: terms.start, index - 1) < input.int32(at: terms.start, index) else { throw SnapshotReader.Malformed() }
            index += 1
        }
        return terms
    }

    /// Checks a sampled member as ``readMember(_:)`` reads it.
    private static func scanMember(_ input: inout SnapshotScanner) throws(SnapshotReader.Malformed) {
        try input.skip(8)
        try input.skipArray(elementSize: 1)
        try input.skip(8)
        for _ in 0..<3 { _ = try scanVector(&input) }
        let words = try input.count(elementSize: 8)
        for _ in 0..<words { try input.skipArray(elementSize: 1) }
        if try input.bool() { try input.skipArray(elementSize: 4) }
        if try input.bool() {
            try input.skip(4)
            let values = try input.int32s()
            for index in 0..<values.count where !(-127...127).contains(input.int32(at: values.start, index)) {
                throw SnapshotReader.Malformed()
            }
        }
    }

    /// Reads one story's record (``record(of:)``) into its place.
    private mutating func readRecord(_ record: Data, story: Int) throws(SnapshotReader.Malformed) {
        var input = SnapshotReader(record)
        members[story] = try input.int64s()
        let outletCount = try input.count(elementSize: 8)
        var outlets: Set<String> = []
        for _ in 0..<outletCount { outlets.insert(try input.string()) }
        storyOutlets[story] = outlets
        centroids[story] = try Self.readVector(&input)
        titleCentroids[story] = try Self.readVector(&input)
        nameCentroids[story] = try Self.readVector(&input)
        centroidsCut[story] = try input.bool()
        let sampleCount = try input.count(elementSize: 8)
        var sample: [Member] = []
        for _ in 0..<sampleCount { sample.append(try Self.readMember(&input)) }
        memberSamples[story] = sample
        cachedNorms[story] = StoryNorms(centroid: try input.double(), title: try input.double(), names: try input.double(),
                                        members: try input.doubles(), documents: try input.int())
        firstTimes[story] = try input.date()
        lastTimes[story] = try input.date()
        semanticSums[story] = try input.floats()
        semanticCounts[story] = try input.int()
        guard input.isAtEnd, !members[story].isEmpty else { throw SnapshotReader.Malformed() }
    }

    private static func write(_ vector: SparseVector, to out: inout SnapshotWriter) {
        out.int32s(vector.terms)
        out.doubles(vector.weights)
    }

    private static func readVector(_ input: inout SnapshotReader) throws(SnapshotReader.Malformed) -> SparseVector {
        let terms = try input.int32s()
        let weights = try input.doubles()
        // Written as kept: ascending, unique term ids.
        guard let vector = SparseVector(sortedTerms: terms, weights: weights) else { throw SnapshotReader.Malformed() }
        return vector
    }

    private static func write(_ member: Member, to out: inout SnapshotWriter) {
        out.int64(member.id)
        out.string(member.outlet)
        out.date(member.time)
        write(member.vectors.full, to: &out)
        write(member.vectors.title, to: &out)
        write(member.vectors.names, to: &out)
        out.int(member.vectors.template.count)
        for word in member.vectors.template { out.string(word) }
        out.bool(member.vectors.embedding != nil)
        if let embedding = member.vectors.embedding { out.floats(embedding) }
        out.bool(member.quantized != nil)
        if let quantized = member.quantized {
            out.float(quantized.scale)
            out.int32s(quantized.values.map { Int32($0) })
        }
    }

    private static func readMember(_ input: inout SnapshotReader) throws(SnapshotReader.Malformed) -> Member {
        let id = try input.int64()
        let outlet = try input.string()
        let time = try input.date()
        var vectors = ItemVectors(full: try readVector(&input), title: try readVector(&input), names: try readVector(&input))
        let words = try input.count(elementSize: 8)
        for _ in 0..<words { vectors.template.append(try input.string()) }
        if try input.bool() { vectors.embedding = try input.floats() }
        var member = Member(id: id, outlet: outlet, time: time, vectors: vectors)
        if try input.bool() {
            var quantized = QuantizedEmbedding([])
            quantized.scale = try input.float()
            let values = try input.int32s()
            guard values.allSatisfy({ $0 >= -127 && $0 <= 127 }) else { throw SnapshotReader.Malformed() }
            quantized.values = values.map { Int8($0) }
            member.quantized = quantized
        }
        return member
    }
}
