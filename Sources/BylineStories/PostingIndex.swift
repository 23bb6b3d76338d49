/// The inverted index of a ``StoryClusterer``: term id -> the active stories whose centroid holds
/// the term.
///
/// A clusterer restored from a saved state gets the postings of every active story at once, in
/// bulk (``init(postings:)``: flat arrays, a few allocations for hundreds of thousands of stories);
/// a term whose stories change afterwards moves to a set of its own. So restoring costs one pass
/// over the stories' terms, not a set insertion per term and story, and a one-shot update pays
/// for the terms it changes. The changes are folded back into the bulk arrays once there are
/// more of them than half the bulk postings (and at least ``foldFloor``), so a clusterer
/// kept for months (`byline run`) holds its postings at 4 bytes each, not as per-term sets.
struct PostingIndex: Sendable {
    /// The fewest changes that fold the index (below it the sets cost less than a fold).
    static let foldFloor = 16_384
    /// Bulk postings as restored: the stories of term `t` are `stories[offsets[t]..<offsets[t + 1]]`,
    /// ascending (terms from `offsets.count - 1` on have none here).
    private var offsets: [Int32] = [0]
    private var bulk: [Int32] = []
    /// Terms changed since (or added to an empty index): the stories added to them and removed
    /// from them (those removed are bulk ones; those added are not), beside their bulk ones.
    private var changes: [Int32: (added: Set<Int>, removed: Set<Int>)] = [:]
    /// Insertions and removals since the last fold (a trigger, not an exact size).
    private var changesSinceFold = 0

    /// An empty index.
    init() {}

    /// An index of `(term, story)` pairs, given per story: `termsOf(position)` calls its second
    /// argument with each term of the centroid of `stories[position]` (ascending stories make
    /// ascending lists).
    ///
    /// - Parameters:
    ///   - termCount: how many terms the vocabulary holds (every term id is below it).
    ///   - stories: the stories, ascending.
    ///   - termsOf: calls its second argument with each term id of the story at a position of `stories`.
    init(termCount: Int, stories: [Int], termsOf: (Int, (Int32) -> Void) -> Void) {
        var counts = [Int32](repeating: 0, count: termCount + 1)
        for position in stories.indices { termsOf(position) { counts[Int($0) + 1] += 1 } }
        for term in 0..<termCount { counts[term + 1] += counts[term] }
        var next = counts
        var bulk = [Int32](repeating: 0, count: Int(counts[termCount]))
        for (position, story) in stories.enumerated() {
            termsOf(position) { term in
                bulk[Int(next[Int(term)])] = Int32(story)
                next[Int(term)] += 1
            }
        }
        offsets = counts
        self.bulk = bulk
    }

    /// How many stories hold `term`.
    func count(of term: Int32) -> Int {
        guard let change = changes[term] else { return bulkCount(of: term) }
        return bulkCount(of: term) - change.removed.count + change.added.count
    }

    /// Calls `body` with each story holding `term`, in no particular order.
    func forEachStory(of term: Int32, _ body: (Int) -> Void) {
        let change = changes[term]
        if Int(term) + 1 < offsets.count, term >= 0 {
            for index in Int(offsets[Int(term)])..<Int(offsets[Int(term) + 1]) {
                let story = Int(bulk[index])
                if change?.removed.contains(story) != true { body(story) }
            }
        }
        if let change { for story in change.added { body(story) } }
    }

    /// The stories holding `term`, ascending.
    func sortedStories(of term: Int32) -> [Int] {
        var stories: [Int] = []
        forEachStory(of: term) { stories.append($0) }
        return changes[term]?.added.isEmpty == false ? stories.sorted() : stories
    }

    /// Adds `story` to the postings of `term`.
    mutating func insert(_ story: Int, term: Int32) {
        // Taken out while changed, so that its sets are not copied.
        var change = changes.removeValue(forKey: term) ?? ([], [])
        if bulkHolds(story, term: term) { change.removed.remove(story) } else { change.added.insert(story) }
        changes[term] = change.added.isEmpty && change.removed.isEmpty ? nil : change
        noteChange()
    }

    /// Removes `story` from the postings of `term`.
    mutating func remove(_ story: Int, term: Int32) {
        guard var change = changes.removeValue(forKey: term) ?? (bulkCount(of: term) > 0 ? ([], []) : nil) else { return }
        if bulkHolds(story, term: term) { change.removed.insert(story) } else { change.added.remove(story) }
        changes[term] = change.added.isEmpty && change.removed.isEmpty ? nil : change
        noteChange()
    }

    /// How many postings the bulk arrays hold (for tests: a fold moves the changes there).
    var bulkPostings: Int { bulk.count }

    /// Folds the changes into the bulk arrays: each term's stories ascending, no sets left.
    /// Costs one pass over every posting and term; what the index lists is unchanged.
    mutating func fold() {
        changesSinceFold = 0
        guard let highest = changes.keys.max() else { return }
        let termCount = max(offsets.count - 1, Int(highest) + 1)
        var counts = [Int32](repeating: 0, count: termCount + 1)
        for term in 0..<termCount { counts[term + 1] = counts[term] + Int32(count(of: Int32(term))) }
        var folded = [Int32](repeating: 0, count: Int(counts[termCount]))
        for term in 0..<termCount {
            var next = Int(counts[term])
            if changes[Int32(term)] == nil {
                guard term + 1 < offsets.count else { continue }
                for index in Int(offsets[term])..<Int(offsets[term + 1]) {
                    folded[next] = bulk[index]
                    next += 1
                }
            } else {
                for story in sortedStories(of: Int32(term)) {
                    folded[next] = Int32(truncatingIfNeeded: story)
                    next += 1
                }
            }
        }
        offsets = counts
        bulk = folded
        changes = [:]
    }

    private mutating func noteChange() {
        changesSinceFold += 1
        if changesSinceFold > max(Self.foldFloor, bulk.count / 2) { fold() }
    }

    /// Whether the bulk arrays list `story` for `term` (a binary search: they ascend).
    private func bulkHolds(_ story: Int, term: Int32) -> Bool {
        guard term >= 0, Int(term) + 1 < offsets.count else { return false }
        var low = Int(offsets[Int(term)]), high = Int(offsets[Int(term) + 1])
        let target = Int32(truncatingIfNeeded: story)
        while low < high {
            let middle = (low + high) / 2
            if bulk[middle] == target { return true }
            if bulk[middle] < target { low = middle + 1 } else { high = middle }
        }
        return false
    }

    /// How many stories the bulk arrays list for `term`.
    private func bulkCount(of term: Int32) -> Int {
        guard term >= 0, Int(term) + 1 < offsets.count else { return 0 }
        return Int(offsets[Int(term) + 1] - offsets[Int(term)])
    }
}
