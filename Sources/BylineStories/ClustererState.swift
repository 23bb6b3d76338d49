public import Foundation

/// A ``StoryClusterer``'s state in parts (``StoryClusterer/state()``), so that a store can keep
/// one record per story and rewrite only the records that changed.
///
/// - ``header``: what all stories share: the vocabulary with its document frequencies,
///   capitalisation counts and the IDF's prior, how many stories there have been, the latest item
///   time, the items learned but not added yet, and the scan list of recently joined stories.
/// - ``stories``: one record per story in the candidate index (an *active* story: its items,
///   outlets, centroids, member sample, norms, first and last times, embedding sum).
///
/// A story that left the candidate index (past its ``ClusterSettings/horizon``, or merged into
/// another) has no record: nothing a later ``StoryClusterer/add(_:)`` reads of it is kept, so
/// the state follows the active stories and the vocabulary, not the history. What the clusterer
/// derives from the active stories (the inverted index of their centroid terms, the queue of
/// their deadlines) is rebuilt on restore, not stored.
public struct ClustererState: Sendable, Hashable {
    /// The shared part (binary, little-endian; see ``StoryClusterer/snapshotFormat``).
    public var header: Data
    /// Story index -> that active story's record (binary).
    public var stories: [Int: Data]

    /// A state of these parts (read back from a store).
    public init(header: Data, stories: [Int: Data]) {
        self.header = header
        self.stories = stories
    }

    /// The state as one block of bytes: the header, then each story's index and record in
    /// order of index.
    public var data: Data {
        var out = SnapshotWriter()
        out.int(header.count)
        out.raw(header)
        out.int(stories.count)
        for (story, record) in stories.sorted(by: { $0.key < $1.key }) {
            out.int(story)
            out.int(record.count)
            out.raw(record)
        }
        return out.data
    }

    /// The state that ``data`` wrote; nil when `data` is not such a block (or is cut short).
    public init?(data: Data) {
        var input = SnapshotReader(data)
        do {
            let header = try input.raw()
            let count = try input.count(elementSize: 16)
            var stories: [Int: Data] = [:]
            for _ in 0..<count {
                let story = try input.int()
                guard stories[story] == nil else { return nil }
                stories[story] = try input.raw()
            }
            guard input.isAtEnd else { return nil }
            self.init(header: header, stories: stories)
        } catch {
            return nil
        }
    }
}
