import Foundation

/// A binary min-heap of `(time, story index)` entries: when each story leaves the activity
/// horizon (its deadline), so that those stories are found without scanning every story.
///
/// A story whose deadline moves on gets a new entry; the old one is recognised as stale when it
/// comes out (its time is no longer the story's deadline).
struct ExpiryQueue: Sendable {
    private var heap: [(time: Date, story: Int)] = []

    /// An empty queue.
    init() {}

    /// A queue of these entries, in heap order as ``entries`` gave them (a clusterer snapshot).
    init(entries: [(time: Date, story: Int)]) { heap = entries }

    /// The entries in heap order.
    var entries: [(time: Date, story: Int)] { heap }

    /// Adds an entry.
    mutating func push(_ time: Date, story: Int) {
        heap.append((time, story))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry whose time is before `limit`, or nil.
    mutating func popEarlier(than limit: Date) -> (time: Date, story: Int)? {
        guard let top = heap.first, top.time < limit else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, Self.less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, Self.less(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }

    private static func less(_ lhs: (time: Date, story: Int), _ rhs: (time: Date, story: Int)) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.story < rhs.story
    }
}
