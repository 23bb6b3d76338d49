import Foundation

/// The restored or parked stories of a ``StoryClusterer`` whose records are not decoded yet, and
/// where their records come from: the records in memory (a state restored whole) or a reader
/// that fetches one story's record when it is first read (a state restored from its story heads,
/// or stories parked after a save, the records left in the store).
struct PendingRecords: Sendable {
    /// Per story index: whether its record waits undecoded (stories started later are past the end).
    private var waiting: [Bool] = []
    /// How many records wait.
    private(set) var count = 0
    /// Story index -> its record as saved (nil when there is none or it cannot be read).
    private var source: (@Sendable (Int) -> Data?)?

    /// No record waits.
    init() { source = nil }

    /// The records of `stories` wait, read from `source` when needed.
    init(stories: [Int], storyCount: Int, source: @escaping @Sendable (Int) -> Data?) {
        waiting = Array(repeating: false, count: storyCount)
        for story in stories { waiting[story] = true }
        count = stories.count
        self.source = source
    }

    /// Adds `stories` (none of them waiting) to those waiting, and reads every waiting record from
    /// `source` from now on (it must give the records of those waiting already too).
    mutating func park(_ stories: [Int], storyCount: Int, source: @escaping @Sendable (Int) -> Data?) {
        if waiting.count < storyCount { waiting += Array(repeating: false, count: storyCount - waiting.count) }
        for story in stories where !waiting[story] {
            waiting[story] = true
            count += 1
        }
        self.source = source
    }

    /// Whether the record of `story` waits undecoded.
    func isWaiting(_ story: Int) -> Bool { story >= 0 && story < waiting.count && waiting[story] }

    /// The record of `story` as saved, when it waits undecoded (nil otherwise, or when the
    /// source has none).
    func record(_ story: Int) -> Data? { isWaiting(story) ? source?(story) : nil }

    /// Marks the record of `story` decoded and returns it as saved: nil when it did not wait,
    /// or when the source has none.
    mutating func take(_ story: Int) -> Data? {
        guard isWaiting(story) else { return nil }
        waiting[story] = false
        count -= 1
        return source?(story)
    }
}
