import Foundation
import BylineStore
import BylineStories

/// A ``StoryClusterer`` with the story ids it stands for: replays saved assignments and places
/// new items, recording the stories, merges and splits that the store is to save.
///
/// Its state can be kept between runs (``snapshotUpdate(settings:replacingStories:)``,
/// ``init(snapshot:settings:firstNewID:)``), a row per active story, so that an analysis after
/// one pull places the pull's items against the stories as the last analysis left them, without
/// replaying every stored item, and rewrites the rows of the stories that changed.
struct StoryPlacement {
    var clusterer: StoryClusterer
    /// Story id -> clusterer story index, and back.
    private(set) var indexOf: [Int64: Int] = [:]
    private(set) var idOf: [Int: Int64] = [:]
    private(set) var nextID: Int64
    private(set) var newStories: [(id: Int64, headline: String)] = []
    private(set) var merges: [(storyID: Int64, intoID: Int64, itemID: Int64)] = []
    private(set) var splits: [StorySplitRecord] = []
    /// Story ids merged away in this run -> the surviving id.
    private(set) var mergedInto: [Int64: Int64] = [:]
    /// Clusterer story indices that an item placed in this run joined, started, merged into or
    /// moved out of or into.
    private(set) var touched: Set<Int> = []
    /// Stories started by an item moved out of another whose title `place` was not given:
    /// story id -> item id (see ``name(_:)``).
    private(set) var untitled: [Int64: Int64] = [:]
    /// The stories as the saved state held them (nil when the clusterer did not start from a
    /// saved state), their ids then, and the ids of the saved rows: what
    /// ``snapshotUpdate(settings:replacingStories:)`` compares with.
    private var base: StoryClusterer.Baseline?
    private var baseIDs: [Int: Int64] = [:]
    private var loadedIDs: Set<Int64> = []
    /// Whether the saved state had no complete heads (saved before they were kept): the next
    /// ``snapshotUpdate(settings:replacingStories:)`` writes the head of every row.
    private var headsMissing = false

    init(settings: ClusterSettings, firstNewID: Int64) {
        clusterer = StoryClusterer(settings: settings)
        nextID = firstNewID
    }

    /// Replays a saved assignment: the item joins the story it was saved in (into the surviving
    /// story when this run merged that one away).
    mutating func replay(_ stored: StoredItem, savedStory: Int64, embedding: [Float]?) {
        let story = Analysis.resolve(savedStory, mergedInto)
        let index = clusterer.add(stored.storyItem(embedding: embedding), toStory: indexOf[story] ?? clusterer.stories.count)
        indexOf[story] = index
        idOf[index] = story
    }

    /// Places a new item where the clusterer puts it: an existing story (its id stays), a new
    /// story (the next id), with the merges and splits its arrival causes.
    ///
    /// - Parameter title: the title of an item by id (the headline of a story that a moved item
    ///   starts; the item may be a saved one that this run did not load: nil then, and the story
    ///   is listed in ``untitled`` until ``name(_:)`` gives it its headline).
    mutating func place(_ stored: StoredItem, embedding: [Float]?, title: (Int64) -> String?) {
        let count = clusterer.stories.count
        let mergesBefore = clusterer.merges.count
        let splitsBefore = clusterer.splits.count
        let index = clusterer.add(stored.storyItem(embedding: embedding))
        touched.insert(index)
        if index == count, idOf[index] == nil {
            idOf[index] = nextID
            indexOf[nextID] = index
            newStories.append((nextID, stored.title))
            nextID += 1
        }
        for merge in clusterer.merges[mergesBefore...] {
            touched.insert(merge.survivor)
            guard let a = idOf[merge.survivor], let b = idOf[merge.absorbed] else { continue }
            let (keep, gone) = a < b ? (a, b) : (b, a)
            merges.append((gone, keep, stored.id))
            mergedInto[gone] = keep
            idOf[merge.survivor] = keep
            idOf[merge.absorbed] = nil
            indexOf[keep] = merge.survivor
            indexOf[gone] = nil
        }
        // A member the story's reports no longer vouch for moved out (possibly a saved item:
        // the story keeps its id, the item goes to a new story or one that takes it).
        for split in clusterer.splits[splitsBefore...] {
            touched.insert(split.story)
            touched.insert(split.newStory)
            guard let from = idOf[split.story] else { continue }
            let into: Int64
            if let id = idOf[split.newStory] {
                into = id
            } else {
                into = nextID
                idOf[split.newStory] = nextID
                indexOf[nextID] = split.newStory
                if let headline = title(split.itemID) {
                    newStories.append((nextID, headline))
                } else {
                    newStories.append((nextID, ""))
                    untitled[nextID] = split.itemID
                }
                nextID += 1
            }
            splits.append(StorySplitRecord(itemID: split.itemID, fromID: from, intoID: into, causeItemID: split.causeItemID))
        }
    }

    /// Gives the ``untitled`` stories their headlines: `titles` holds the titles of their items
    /// (item id -> title).
    mutating func name(_ titles: [Int64: String]) {
        for index in newStories.indices {
            if let item = untitled[newStories[index].id], let headline = titles[item] { newStories[index].headline = headline }
        }
        untitled = [:]
    }

    /// Item id -> story id for every item the clusterer holds.
    var assignment: [Int64: Int64] {
        var assignment: [Int64: Int64] = [:]
        for (index, members) in clusterer.stories.enumerated() {
            guard let id = idOf[index] else { continue }
            for item in members { assignment[item] = id }
        }
        return assignment
    }

    /// Item id -> story id for the items of the stories this run touched.
    var touchedAssignment: [Int64: Int64] {
        var assignment: [Int64: Int64] = [:]
        let stories = clusterer.stories
        for index in touched where index < stories.count {
            guard let id = idOf[index] else { continue }
            for item in stories[index] { assignment[item] = id }
        }
        return assignment
    }

    /// The ids of the stories this run touched (merged-away ones left out).
    var touchedStoryIDs: [Int64] {
        Set(touched.compactMap { idOf[$0] }).sorted()
    }

    // MARK: Snapshot

    /// The clusterer's state for the store (``BylineStore/ClustererSnapshotUpdate``): its header,
    /// and a row per active story keyed by story id (the story's clusterer index, 8 bytes
    /// little-endian, then its record, see ``BylineStories/ClustererState``). With
    /// `replacingStories` (or when the placement did not start from a saved state) every row is
    /// written and the saved ones replaced; else only the rows of the stories whose state or id
    /// changed since the state was read (``BylineStories/StoryClusterer/state(changedSince:)``:
    /// the others are not even encoded), and the rows of stories it no longer holds (merged away,
    /// past their horizon) are removed. Nil when an active story has no id (then no state is
    /// saved, and the next analysis replays the stored items).
    ///
    /// Each row written gets its head (``BylineStories/StoryClusterer/storyHead(ofRecord:)``, after
    /// the same 8 bytes of index), and every row its head when the saved state had none.
    func snapshotUpdate(settings key: String, replacingStories: Bool) -> ClustererSnapshotUpdate? {
        let whole = replacingStories || base == nil
        let state: ClustererState
        if !replacingStories, let base { state = clusterer.state(changedSince: base) } else { state = clusterer.state() }
        var rows: [Int64: Data] = [:]
        var heads: [Int64: Data] = [:]
        var complete = true
        var held: Set<Int64> = []
        for index in clusterer.activeStories {
            guard let id = idOf[index] else { return nil }
            held.insert(id)
            guard let record = state.stories[index] ?? (baseIDs[index] != id || headsMissing ? clusterer.record(ofStory: index) : nil) else {
                continue
            }
            if let head = StoryClusterer.storyHead(ofRecord: record) { heads[id] = Self.row(index, record: head) } else { complete = false }
            if state.stories[index] != nil || baseIDs[index] != id { rows[id] = Self.row(index, record: record) }
        }
        let removed = whole ? [] : loadedIDs.subtracting(held).sorted()
        return ClustererSnapshotUpdate(settings: key, data: state.header, stories: rows, storyHeads: heads, headsComplete: complete,
                                       removedStories: removed, replacingStories: whole)
    }

    /// A row of the saved state: the story's clusterer index (8 bytes, little-endian), then `record`.
    private static func row(_ index: Int, record: Data) -> Data {
        var row = Data(capacity: 8 + record.count)
        withUnsafeBytes(of: Int64(index).littleEndian) { row.append(contentsOf: $0) }
        row.append(record)
        return row
    }

    /// A row's clusterer index and the rest of the row; nil when it is too short or the index is
    /// out of range.
    private static func split(_ row: Data) -> (index: Int, rest: Data)? {
        guard row.count >= 8 else { return nil }
        var index: Int64 = 0
        for shift in 0..<8 { index |= Int64(row[row.startIndex + shift]) << (8 * Int64(shift)) }
        guard index >= 0, index < Int64(Int32.max) else { return nil }
        return (Int(index), row.dropFirst(8))
    }

    /// This placement, after its state was saved, ready to place the items of a later update as
    /// one restored from that saved state would (``AnalysisCache``): the run's records emptied,
    /// new stories numbered from `firstNewID`, and the saved rows (one per active story) what
    /// ``snapshotUpdate(settings:replacingStories:)`` compares with.
    func goingOn(firstNewID: Int64) -> StoryPlacement {
        var next = self
        next.nextID = firstNewID
        next.newStories = []
        next.merges = []
        next.splits = []
        next.mergedInto = [:]
        next.touched = []
        next.untitled = [:]
        next.base = clusterer.baseline
        next.baseIDs = idOf
        next.loadedIDs = Set(clusterer.activeStories.compactMap { idOf[$0] })
        next.headsMissing = false
        return next
    }

    /// A placement in the state a ``snapshotUpdate(settings:replacingStories:)`` saved (the
    /// header and every story row, by story id), giving new stories ids from `firstNewID`; nil
    /// when the data is not such a state.
    init?(snapshot: ClustererSnapshot, settings: ClusterSettings, firstNewID: Int64) {
        var records: [Int: Data] = [:]
        var idOf: [Int: Int64] = [:]
        for (id, row) in snapshot.stories {
            guard let parts = Self.split(row), records[parts.index] == nil else { return nil }
            records[parts.index] = parts.rest
            idOf[parts.index] = id
        }
        guard let clusterer = StoryClusterer(state: ClustererState(header: snapshot.data, stories: records), settings: settings) else {
            return nil
        }
        self.init(clusterer, idOf: idOf, firstNewID: firstNewID)
        // A state saved before the heads were kept: the next save writes them all.
        headsMissing = !snapshot.headsComplete
    }

    /// A placement in the state a ``snapshotUpdate(settings:replacingStories:)`` saved, restored
    /// from the header and the story heads (``BylineStore/ClustererSnapshot/storyHeads``): the
    /// clusterer reads a story's row through `reader` (story id -> row) when it first reads the
    /// story. Nil when the data is not such a state.
    init?(heads snapshot: ClustererSnapshot, reader: @escaping @Sendable (Int64) -> Data?, settings: ClusterSettings, firstNewID: Int64) {
        var heads: [Int: Data] = [:]
        var idOf: [Int: Int64] = [:]
        heads.reserveCapacity(snapshot.storyHeads.count)
        idOf.reserveCapacity(snapshot.storyHeads.count)
        for (id, row) in snapshot.storyHeads {
            guard let parts = Self.split(row), heads[parts.index] == nil else { return nil }
            heads[parts.index] = parts.rest
            idOf[parts.index] = id
        }
        guard let clusterer = StoryClusterer(header: snapshot.data, storyHeads: heads, settings: settings,
                                             records: Self.records(reader: reader, idOf: idOf)) else { return nil }
        self.init(clusterer, idOf: idOf, firstNewID: firstNewID)
    }

    /// Story records by clusterer index, read through `reader` (story id -> row): the record of
    /// the row of the story `idOf` gives the index, if that row still holds the index.
    private static func records(reader: @escaping @Sendable (Int64) -> Data?, idOf: [Int: Int64]) -> @Sendable (Int) -> Data? {
        { index in
            guard let id = idOf[index], let row = reader(id), let parts = split(row), parts.index == index else { return nil }
            return parts.rest
        }
    }

    /// Parks the clusterer's stories idle for more than `age` seconds
    /// (``BylineStories/StoryClusterer/park(idleFor:records:)``), their records to be read back
    /// through `reader` (story id -> the saved row), and forgets the state the run started from
    /// (``goingOn(firstNewID:)`` takes it anew), which would hold the parked stories' vectors.
    /// Only right after ``snapshotUpdate(settings:replacingStories:)``'s rows were saved, for a
    /// placement that goes on (``AnalysisCache``). Returns how many stories were parked now.
    @discardableResult
    mutating func park(idleFor age: TimeInterval, reader: @escaping @Sendable (Int64) -> Data?) -> Int {
        base = nil
        return clusterer.park(idleFor: age, records: Self.records(reader: reader, idOf: idOf))
    }

    /// A placement of a restored clusterer whose stories have these ids (clusterer index -> id).
    private init(_ clusterer: StoryClusterer, idOf: [Int: Int64], firstNewID: Int64) {
        self.clusterer = clusterer
        self.idOf = idOf
        indexOf = Dictionary(idOf.map { ($0.value, $0.key) }, uniquingKeysWith: { max($0, $1) })
        nextID = firstNewID
        base = clusterer.baseline
        baseIDs = idOf
        loadedIDs = Set(idOf.values)
    }
}
