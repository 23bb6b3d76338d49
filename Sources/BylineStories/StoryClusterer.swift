import BylineText
import Foundation

/// Groups items of different outlets about the same event into stories, one item at a time.
///
/// Method (single-pass clustering in the manner of Miranda et al. 2018, "Multilingual Clustering
/// of Streaming News", first version):
/// 1. The title loses outlet labels ("Opinion |", "- BBC News"); title, summary and content are
///    tokenised (lowercase Unicode letters and digits, stop words out, light stemming).
/// 2. Each field becomes a sublinear term-frequency vector (`1 + ln tf`, times
///    ``ClusterSettings/nameWeight`` for terms written as proper names), L2-normalised and
///    weighted by ``ClusterSettings/titleWeight`` etc.; the item's vector is their sum.
/// 3. Document frequencies are updated with the item's terms, and similarity uses TF-IDF with
///    `idf = ln((N + 1) / df)` over the N items added so far, so the IDF is learned
///    incrementally and boilerplate that every item carries weighs almost nothing.
/// 4. Candidate stories are those sharing a term with the item in an inverted index of *active*
///    stories (a story leaves it once its last item is more than ``ClusterSettings/horizon``
///    older than the newest item seen).
/// 5. Score = cosine(item, story centroid) `* exp(-gap / timeDecay)`, where the centroid is the
///    sum of the members' vectors and `gap` the seconds between the item's time and the story's
///    time span. The item joins the best story scoring at least ``ClusterSettings/threshold``
///    (ties: the older story), else starts a new one.
///
/// All arithmetic runs over sorted term-id arrays, so the same sequence of `add` calls gives the
/// same stories on every run.
public struct StoryClusterer: Sendable {
    /// The settings in use.
    public let settings: ClusterSettings

    private var vocabulary: [String: Int32] = [:]
    private var documentFrequency: [Int] = []
    private var documentCount = 0
    private var members: [[Int64]] = []
    private var centroids: [SparseVector] = []
    private var firstTimes: [Date] = []
    private var lastTimes: [Date] = []
    private var postings: [Int32: Set<Int>] = [:]
    private var active: Set<Int> = []
    private var expiry = ExpiryQueue()
    private var newestTime: Date = .distantPast

    /// Creates an empty clusterer.
    ///
    /// - Parameter settings: thresholds, weights and time constants; ``ClusterSettings/default``
    ///   unless tuning.
    public init(settings: ClusterSettings = .default) {
        self.settings = settings
    }

    /// Story index -> the ids of its items, in the order they were added. Indices are in order of
    /// story creation.
    public var stories: [[Int64]] { members }

    /// Adds one item and assigns it to a story.
    ///
    /// - Parameter item: the item; its `id` should be unique among the items added.
    /// - Returns: the 0-based index of the story it joined or started.
    public mutating func add(_ item: StoryItem) -> Int {
        let vector = vectorise(item)
        if item.time > newestTime {
            newestTime = item.time
            expireStories()
        }

        var best: (story: Int, score: Double)?
        if !vector.isEmpty {
            let idf = idfTable()
            let itemNorm = vector.norm { idf[Int($0)] }
            var candidates: Set<Int> = []
            for term in vector.terms {
                if let stories = postings[term] { candidates.formUnion(stories) }
            }
            if itemNorm > 0 {
                for story in candidates.sorted() {
                    let centroid = centroids[story]
                    let centroidNorm = centroid.norm { idf[Int($0)] }
                    guard centroidNorm > 0 else { continue }
                    let cosine = vector.dot(centroid) { idf[Int($0)] } / (itemNorm * centroidNorm)
                    let score = cosine * decay(item.time, story: story)
                    if score >= settings.threshold, score > (best?.score ?? -1) {
                        best = (story, score)
                    }
                }
            }
        }

        let story: Int
        if let best {
            story = best.story
            members[story].append(item.id)
            centroids[story] = centroids[story].adding(vector)
            firstTimes[story] = min(firstTimes[story], item.time)
            if item.time > lastTimes[story] {
                lastTimes[story] = item.time
                expiry.push(item.time, story: story)
            }
        } else {
            story = members.count
            members.append([item.id])
            centroids.append(vector)
            firstTimes.append(item.time)
            lastTimes.append(item.time)
            expiry.push(item.time, story: story)
            if item.time >= newestTime.addingTimeInterval(-settings.horizon) {
                active.insert(story)
            }
        }
        if active.contains(story) {
            for term in vector.terms { postings[term, default: []].insert(story) }
        }
        return story
    }

    /// Clusters a batch: sorts by `(time, id)` and adds each item to a fresh clusterer.
    ///
    /// Deterministic: the same items in any order give the same stories.
    ///
    /// - Parameters:
    ///   - items: the items, in any order.
    ///   - settings: the settings to use.
    /// - Returns: story index -> item ids, as ``stories``.
    public static func cluster(_ items: [StoryItem], settings: ClusterSettings = .default) -> [[Int64]] {
        var clusterer = StoryClusterer(settings: settings)
        let ordered = items.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        for item in ordered { _ = clusterer.add(item) }
        return clusterer.stories
    }

    // MARK: - Internals

    /// The item's weighted term vector; also records its terms in the document frequencies.
    private mutating func vectorise(_ item: StoryItem) -> SparseVector {
        var fields: [(text: String, weight: Double)] = [
            (HeadlineCleaner.clean(item.title), settings.titleWeight),
            (item.summary, settings.summaryWeight),
        ]
        if let content = item.content, !content.isEmpty {
            fields.append((content, settings.contentWeight))
        }
        var total = SparseVector()
        var seen: Set<Int32> = []
        for field in fields where field.weight > 0 {
            var counts: [Int32: Double] = [:]
            var names: Set<Int32> = []
            for token in TextTokenizer.tokens(field.text) {
                let id = termID(token.term)
                counts[id, default: 0] += 1
                if token.isName { names.insert(id) }
            }
            guard !counts.isEmpty else { continue }
            var weighted: [Int32: Double] = [:]
            for (id, count) in counts {
                weighted[id] = (1 + log(count)) * (names.contains(id) ? settings.nameWeight : 1)
            }
            let vector = SparseVector(weighted)
            let norm = vector.norm { _ in 1 }
            total = total.adding(vector, times: field.weight / norm)
            seen.formUnion(counts.keys)
        }
        documentCount += 1
        for term in seen { documentFrequency[Int(term)] += 1 }
        return total
    }

    private mutating func termID(_ term: String) -> Int32 {
        if let id = vocabulary[term] { return id }
        let id = Int32(documentFrequency.count)
        vocabulary[term] = id
        documentFrequency.append(0)
        return id
    }

    private func idfTable() -> [Double] {
        let total = Double(documentCount + 1)
        return documentFrequency.map { $0 > 0 ? log(total / Double($0)) : 0 }
    }

    private func decay(_ time: Date, story: Int) -> Double {
        let gap: TimeInterval
        if time < firstTimes[story] {
            gap = firstTimes[story].timeIntervalSince(time)
        } else if time > lastTimes[story] {
            gap = time.timeIntervalSince(lastTimes[story])
        } else {
            gap = 0
        }
        guard settings.timeDecay > 0 else { return 1 }
        return exp(-gap / settings.timeDecay)
    }

    /// Takes stories whose last item is older than the horizon out of the candidate index.
    private mutating func expireStories() {
        let limit = newestTime.addingTimeInterval(-settings.horizon)
        while let entry = expiry.popEarlier(than: limit) {
            let story = entry.story
            guard entry.time == lastTimes[story], active.contains(story) else { continue }
            active.remove(story)
            for term in centroids[story].terms {
                postings[term]?.remove(story)
                if postings[term]?.isEmpty == true { postings[term] = nil }
            }
        }
    }
}
