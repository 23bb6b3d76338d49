@testable import BylineStories
import BylineTestSupport
import Foundation
import Testing

/// A clusterer restored from its parts decodes a story's record only when it reads the story,
/// and finds candidates through postings restored in bulk.
@Suite struct LazyRestoreTests {
    /// A clusterer that learned from `items` and placed them.
    static func clusterer(placing items: ArraySlice<StoryItem>) -> StoryClusterer {
        var clusterer = StoryClusterer()
        clusterer.learn(Array(items))
        for item in items { _ = clusterer.add(item) }
        return clusterer
    }

    @Test func bulkPostingsThenChangedTerms() {
        // Story 2 holds terms 0 and 1, story 5 terms 1 and 2; three terms in the vocabulary.
        let terms: [Int: [Int32]] = [2: [0, 1], 5: [1, 2]]
        var index = PostingIndex(termCount: 3, stories: [2, 5]) { position, body in
            for term in terms[[2, 5][position]]! { body(term) }
        }
        #expect(index.sortedStories(of: 0) == [2])
        #expect(index.sortedStories(of: 1) == [2, 5])
        #expect(index.count(of: 2) == 1)
        #expect(index.count(of: 3) == 0)
        index.insert(9, term: 1)
        index.remove(2, term: 1)
        #expect(index.sortedStories(of: 1) == [5, 9])
        // A term emptied of its bulk stories lists none (not the bulk ones again).
        index.remove(2, term: 0)
        #expect(index.count(of: 0) == 0)
        #expect(index.sortedStories(of: 0) == [])
        // A bulk story put back, and inserted twice: held once.
        index.insert(2, term: 0)
        index.insert(2, term: 0)
        #expect(index.count(of: 0) == 1)
        #expect(index.sortedStories(of: 0) == [2])
        // A term added after the restore.
        index.insert(7, term: 4)
        #expect(index.sortedStories(of: 4) == [7])
        index.remove(7, term: 4)
        #expect(index.count(of: 4) == 0)
    }

    @Test func foldingKeepsWhatTheIndexLists() {
        // Story 2 holds terms 0 and 1, story 5 terms 1 and 2; then term 1 loses story 2 and gains
        // 9, term 4 (new) gains 7 and 3, term 0 loses its only story.
        let terms: [Int: [Int32]] = [2: [0, 1], 5: [1, 2]]
        var index = PostingIndex(termCount: 3, stories: [2, 5]) { position, body in
            for term in terms[[2, 5][position]]! { body(term) }
        }
        index.insert(9, term: 1)
        index.remove(2, term: 1)
        index.insert(7, term: 4)
        index.insert(3, term: 4)
        index.remove(2, term: 0)
        index.fold()
        #expect(index.bulkPostings == 5)
        #expect(index.sortedStories(of: 0) == [])
        #expect(index.sortedStories(of: 1) == [5, 9])
        #expect(index.sortedStories(of: 2) == [5])
        #expect(index.sortedStories(of: 3) == [])
        #expect(index.sortedStories(of: 4) == [3, 7])
        // Changes after a fold are kept beside the folded lists as before.
        index.remove(5, term: 1)
        index.insert(1, term: 1)
        #expect(index.sortedStories(of: 1) == [1, 9])
        #expect(index.count(of: 4) == 2)
    }

    @Test func anIndexBuiltByInsertionsFoldsItself() {
        // A clusterer kept by `run` starts empty: every posting arrives as a change.
        var index = PostingIndex()
        let stories = PostingIndex.foldFloor + 1
        for story in 0..<stories { index.insert(story, term: Int32(story % 7)) }
        #expect(index.bulkPostings == stories)
        #expect(index.count(of: 3) == (0..<stories).filter { $0 % 7 == 3 }.count)
        #expect(index.sortedStories(of: 6).prefix(3) == [6, 13, 20])
    }

    @Test func theIndexListsWhatItsChangesSayThroughMergesAndFolds() {
        // 60,000 seeded insertions and removals over 40 terms (10 of them new) and 2,000 stories,
        // from a bulk of about 9,000 postings, checked against sets after every 5,000: the index
        // folds on the way (the changes outnumber the floor) and goes on changing.
        var model: [Int32: Set<Int>] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let bulkStories = Array(stride(from: 0, to: 2_000, by: 2))
        var termsOf: [[Int32]] = []
        for story in bulkStories {
            let terms = Set((0..<10).map { _ in Int32(next(30)) }).sorted()
            termsOf.append(terms)
            for term in terms { model[term, default: []].insert(story) }
        }
        var index = PostingIndex(termCount: 30, stories: bulkStories) { position, body in termsOf[position].forEach(body) }
        let restored = index.bulkPostings
        var folded = false
        for step in 1...60_000 {
            let term = Int32(next(40)), story = next(2_000)
            if next(3) == 0 {
                index.remove(story, term: term)
                model[term, default: []].remove(story)
            } else {
                index.insert(story, term: term)
                model[term, default: []].insert(story)
            }
            if index.bulkPostings != restored { folded = true }
            guard step % 5_000 == 0 else { continue }
            for term in Int32(0)..<42 {
                let expected = (model[term] ?? []).sorted()
                #expect(index.sortedStories(of: term) == expected, "term \(term) at step \(step)")
                #expect(index.count(of: term) == expected.count, "term \(term) at step \(step)")
            }
        }
        #expect(folded)
        #expect(index.bulkPostings > 10_000)
        index.fold()
        #expect(index.bulkPostings == model.values.reduce(0) { $0 + $1.count })
        #expect(index.sortedStories(of: 7) == (model[7] ?? []).sorted())
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func aRestoredClustererDecodesTheStoriesItReadsOnly() throws {
        let items = try StoryClustererSnapshotTests.octoberItems()
        let cut = 500
        var original = Self.clusterer(placing: items.prefix(cut))
        let state = original.state()
        var restored = try #require(StoryClusterer(state: state, settings: .default))
        // Every record waits, and what was read of them (items, postings) is the original's.
        #expect(restored.undecodedStoryCount == 377)
        #expect(original.activeStoryCount == 377)
        #expect(restored.stories == original.stories)
        // The state read back whole is the records as they came in.
        #expect(restored.state() == state)
        // The next item (Tigray's hunger crisis) reads two stories of the 377 and starts one.
        let next = items[cut]
        #expect(next.title == "Ethiopia’s Tigray racked by world's worst hunger crisis in decade")
        #expect(restored.add(next) == original.add(next))
        #expect(restored.undecodedStoryCount == 377 - 2)
        #expect(restored.activeStoryCount == 378)
        // The postings of the following item's terms ("Deadly violence erupts in Bangladesh after
        // Quran ‘disrespected’"): as the original's, restored in bulk.
        let terms = ["violenc", "muslim", "erupt", "deadly", "bangladesh"]
        #expect(terms.map { restored.storiesHolding($0) } == [[24, 241], [114, 202], [24], [20], []])
        #expect(terms.map { restored.storiesHolding($0) } == terms.map { original.storiesHolding($0) })
        for item in items.dropFirst(cut + 1) { #expect(restored.add(item) == original.add(item)) }
        #expect(restored.state() == original.state())
        #expect(restored.undecodedStoryCount > 0)
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func aDamagedRecordIsRefusedOnRestore() throws {
        let items = try StoryClustererSnapshotTests.octoberItems()
        var original = StoryClusterer()
        for item in items.prefix(100) { _ = original.add(item) }
        let state = original.state()
        let story = try #require(state.stories.keys.min())
        // The record's first term id of its centroid (after the items and outlets) raised above
        // the next one: not ascending. The record cut short by a byte.
        var cutShort = state
        cutShort.stories[story] = state.stories[story]!.dropLast()
        #expect(StoryClusterer(state: cutShort, settings: .default) == nil)
        var wrongTerms = state
        var record = state.stories[story]!
        // members (8 + 8n), outlets (8 + each 8 + bytes), then the centroid's count and its ids.
        var offset = 8 + 8 * original.stories[story].count
        let outlets = Int(record[offset])
        offset += 8
        for _ in 0..<outlets { offset += 8 + Int(record[offset]) }
        let count = Int(record[offset])
        try #require(count >= 2)
        record[offset + 8] = 0xFF
        record[offset + 9] = 0xFF
        record[offset + 10] = 0xFF
        record[offset + 11] = 0x7F
        wrongTerms.stories[story] = record
        #expect(StoryClusterer(state: wrongTerms, settings: .default) == nil)
        #expect(StoryClusterer(state: state, settings: .default) != nil)
    }

    /// Records asked for by story index, counted (a store's reader stands behind them).
    private final class RecordShelf: @unchecked Sendable {
        private let lock = NSLock()
        private var records: [Int: Data]
        private var asked: [Int] = []
        init(_ records: [Int: Data]) { self.records = records }
        func record(_ story: Int) -> Data? { lock.withLock { asked.append(story); return records[story] } }
        func replace(_ story: Int, with record: Data?) { lock.withLock { records[story] = record } }
        var askedFor: [Int] { lock.withLock { asked } }
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func aClustererRestoredFromHeadsReadsTheRecordsOfTheStoriesItReads() throws {
        let items = try StoryClustererSnapshotTests.octoberItems()
        let cut = 500
        var original = Self.clusterer(placing: items.prefix(cut))
        let state = original.state()
        let heads = try state.stories.mapValues { try #require(StoryClusterer.storyHead(ofRecord: $0)) }
        // A head: the items (count, ids), the first and last times, the centroid's terms (count, ids).
        let first = try #require(state.stories.keys.min())
        #expect(first == 0)
        #expect(original.stories[0] == [1])
        let head = heads[0]!
        #expect(head.prefix(16) == Data([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]))
        let termCount = Int(head[32]) | Int(head[33]) << 8
        #expect(head.count == 40 + 4 * termCount)
        let headBytes: Int = heads.values.reduce(0) { $0 + $1.count }
        let recordBytes: Int = state.stories.values.reduce(0) { $0 + $1.count }
        #expect(headBytes < recordBytes / 5)
        let shelf = RecordShelf(state.stories)
        var restored = try #require(StoryClusterer(header: state.header, storyHeads: heads, settings: .default, records: shelf.record))
        #expect(shelf.askedFor.isEmpty)
        #expect(restored.undecodedStoryCount == 377)
        #expect(restored.stories == original.stories)
        // The next item (Tigray's hunger crisis) reads two stories' records and starts a story.
        let next = items[cut]
        #expect(restored.add(next) == original.add(next))
        #expect(shelf.askedFor.count == 2)
        #expect(restored.undecodedStoryCount == 377 - 2)
        let terms = ["violenc", "muslim", "erupt", "deadly", "bangladesh"]
        #expect(terms.map { restored.storiesHolding($0) } == [[24, 241], [114, 202], [24], [20], []])
        for item in items.dropFirst(cut + 1) { #expect(restored.add(item) == original.add(item)) }
        // The rest of October read 284 of the 377 restored stories (candidates scored, stories
        // joined, merged or past their horizon), each record once; the other 93 were never read.
        #expect(restored.undecodedStoryCount == 93)
        #expect(shelf.askedFor.count == 284)
        #expect(Set(shelf.askedFor).count == 284)
        #expect(restored.unreadableRecords == 0)
        // The state read back whole (the undecoded records asked for now) is the original's.
        #expect(restored.state() == original.state())
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func aRecordMissingOrNotItsHeadsIsCountedUnreadable() throws {
        let items = try StoryClustererSnapshotTests.octoberItems()
        var original = StoryClusterer()
        for item in items.prefix(500) { _ = original.add(item) }
        let state = original.state()
        let heads = try state.stories.mapValues { try #require(StoryClusterer.storyHead(ofRecord: $0)) }
        // A head of its own is malformed: the restore is refused.
        var damaged = heads
        damaged[0] = heads[0]!.dropLast()
        #expect(StoryClusterer(header: state.header, storyHeads: damaged, settings: .default, records: { _ in nil }) == nil)
        // The two stories the Tigray item reads: one's record gone, the other's another story's.
        let shelf = RecordShelf(state.stories)
        var restored = try #require(StoryClusterer(header: state.header, storyHeads: heads, settings: .default, records: shelf.record))
        var probe = restored
        _ = probe.add(items[500])
        let read = shelf.askedFor
        #expect(read.count == 2)
        shelf.replace(read[0], with: nil)
        let other = try #require(state.stories.keys.sorted().first { !read.contains($0) })
        shelf.replace(read[1], with: state.stories[other])
        _ = restored.add(items[500])
        #expect(restored.unreadableRecords == 2)
    }

    /// The scan list of recent joins stays bounded on words too (it used to be trimmed only by the
    /// semantic scan, so a store analysed without the model kept every join: 16 MB of state at
    /// 1M items). 6,000 items of words of their own, 100 a day over 60 days, each a story: when
    /// the 4,098th item arrives the list of 4,097 joins drops all but the 600 of the last 6 days
    /// (twice the 3-day semantic window), then grows by one per item, and a saved and restored
    /// clusterer holds the same list.
    @Test func theRecentJoinsListIsTrimmedWithoutEmbeddings() throws {
        var clusterer = StoryClusterer()
        let start = Date(timeIntervalSince1970: 1_630_000_000)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func word(_ n: Int) -> String {
            var n = n, text = ""
            for _ in 0..<4 { text.append(letters[n % 26]); n /= 26 }
            return "zq" + text
        }
        for index in 0..<6_000 {
            let item = StoryItem(id: Int64(index + 1), outlet: "o\(index % 5)", title: "\(word(index)) \(word(index + 7_000))",
                                 summary: "", content: nil, time: start.addingTimeInterval(Double(index) * 864), embedding: nil)
            _ = clusterer.add(item)
        }
        #expect(clusterer.stories.count == 6_000)
        #expect(clusterer.recentJoinCount == 600 + (6_000 - 4_097))
        let restored = try #require(StoryClusterer(snapshot: clusterer.snapshot(), settings: .default))
        #expect(restored.recentJoinCount == 2_503)
    }
}
