/// The inverted index of a ``StoryClusterer``: term id -> the active stories whose centroid holds
/// the term.
///
/// A clusterer restored from a saved state gets the postings of every active story at once, in
/// bulk (``init(postings:)``: flat arrays, a few allocations for hundreds of thousands of stories);
/// a term whose stories change afterwards moves to a set of its own. So restoring costs one pass
/// over the stories' terms, not a set insertion per term and story, and a one-shot update pays
/// for the terms it changes.
struct PostingIndex: Sendable {
    /// Bulk postings as restored: the stories of term `t` are `stories[offsets[t]..<offsets[t + 1]]`,
    /// ascending (terms from `offsets.count - 1` on have none here).
    private var offsets: [Int32] = [0]
    private var bulk: [Int32] = []
    /// Terms changed since (or added to an empty index): their stories, in place of the bulk ones.
    private var changed: [Int32: Set<Int>] = [:]

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
        if let set = changed[term] { return set.count }
        return bulkCount(of: term)
    }

    /// Calls `body` with each story holding `term`, in no particular order.
    func forEachStory(of term: Int32, _ body: (Int) -> Void) {
        if let set = changed[term] {
            for story in set { body(story) }
            return
        }
        guard term >= 0, Int(term) + 1 < offsets.count else { return }
        for index in Int(offsets[Int(term)])..<Int(offsets[Int(term) + 1]) { body(Int(bulk[index])) }
    }

    /// The stories holding `term`, ascending.
    func sortedStories(of term: Int32) -> [Int] {
        var stories: [Int] = []
        forEachStory(of: term) { stories.append($0) }
        return changed[term] == nil ? stories : stories.sorted()
    }

    /// Adds `story` to the postings of `term`.
    mutating func insert(_ story: Int, term: Int32) {
        modify(term) { $0.insert(story) }
    }

    /// Removes `story` from the postings of `term`.
    mutating func remove(_ story: Int, term: Int32) {
        guard count(of: term) > 0 else { return }
        modify(term) { $0.remove(story) }
    }

    /// Changes the stories of `term`, moving them from the bulk arrays to a set first.
    private mutating func modify(_ term: Int32, _ change: (inout Set<Int>) -> Void) {
        if changed[term] == nil {
            var set: Set<Int> = []
            forEachStory(of: term) { set.insert($0) }
            changed[term] = set
        }
        change(&changed[term]!)
        // An emptied term keeps its empty set only where it shadows bulk postings.
        if changed[term]!.isEmpty, bulkCount(of: term) == 0 { changed[term] = nil }
    }

    /// How many stories the bulk arrays list for `term`.
    private func bulkCount(of term: Int32) -> Int {
        guard term >= 0, Int(term) + 1 < offsets.count else { return 0 }
        return Int(offsets[Int(term) + 1] - offsets[Int(term)])
    }
}
