// Scale benchmark of the store and the analysis: a synthetic year of 50 outlets built from real
// corpus texts, then one more pull of the 50 feeds, and what bringing stories up to date costs.
//
// Input: a store with the real corpus imported (the texts recombined), e.g.
//   byline import ../shared/corpus/headlines-2021-09 --db /tmp/corpus.sqlite
// Run (release, own scratch path):
//   .build-bench/release/ScaleBench build /tmp/scale.sqlite /tmp/corpus.sqlite 1000000
//   .build-bench/release/ScaleBench pull /tmp/scale.sqlite /tmp/corpus.sqlite 1000000
// then time the reports with the byline executable (no model: the store is analysed on words):
//   /usr/bin/time -v byline report --db /tmp/scale.sqlite --model /nonexistent --since 2022-06-01 --until 2022-06-02 --out /tmp/r1
//   /usr/bin/time -v byline report --db /tmp/scale.sqlite --model /nonexistent --out /tmp/rall
//
// The year: ITEMS items from 2022-01-01T00:00:00Z over 365 days, evenly spaced; item i is
// outlet i mod 50's; events as in ClusterBenchmark (16 events in each window of 64 items, sizes
// skewed), each a real corpus item whose names and numbers are the event's and each outlet's
// wording drops 15% of the words. Every feed is pulled every 6 hours (outlet k at k seconds past
// the block's end) and carries the items of the block just ended, published at their time.
// `build` records the year's pulls and runs the first analysis (Analysis.update, on words);
// `pull` records the next block's 50 pulls (the day after the year: 2023-01-01T06:00Z; BLOCK n
// the n-th block after that one) and times Analysis.update. `run` does what a running `byline run` does: blocks BLOCK and
// BLOCK + 1 one after the other in one process, each pull followed by Analysis.update with the clusterer kept in memory
// (AnalysisCache), and times the second update. Reported: seconds (wall and CPU) and the process's peak resident memory;
// after `pull` and `run`, the clusterer's saved state (header and story rows) and the rows the last update rewrote or removed
// (read outside the timing; SCALEBENCH_NO_STATE=1 leaves them out, for a profile of the update alone).
import BenchSynthetic
import BylineFeed
import BylinePipeline
import BylineStore
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 5, ["build", "pull", "run"].contains(arguments[1]), let size = Int(arguments[4]), size > 0 else {
    print("usage: ScaleBench build|pull|run DB CORPUS_DB ITEMS [BLOCK]")
    exit(2)
}
/// `pull`: which block past the year (0: the first; a later one for another measurement).
let later = arguments.count > 5 ? Int(arguments[5]) ?? 0 : 0
let outlets = 50
let blockSeconds = 6 * 3600.0
let blocks = 365 * 4
let start = Date(timeIntervalSince1970: 1_640_995_200)  // 2022-01-01T00:00:00Z
let spacing = 365 * 86_400.0 / Double(size)

let corpus = try Store(path: arguments[3], readOnly: true).items().filter { !$0.title.isEmpty }
let words: [Substring] = corpus.flatMap { ($0.title + " " + $0.summary).split(separator: " ") }
    .filter { $0.count >= 4 && $0.allSatisfy { $0.isLowercase } }

/// Item `index` of the stream: its outlet, time and texts (drawn from the index alone, so that
/// any part of the stream can be made without the rest).
func item(_ index: Int) -> (outlet: Int, time: Date, item: FeedItem) {
    var rng = Generator(state: UInt64(index / 64) &* 0x2545_F491_4F6C_DD1D &+ UInt64(index % 64))
    let event = (index / 64) * 16 + skewedEvent(&rng)
    var eventRNG = Generator(state: UInt64(event))
    let source = corpus[Int(eventRNG.next() % UInt64(corpus.count))]
    let time = start.addingTimeInterval(Double(index) * spacing)
    let title = reword(vary(source.title, event: event, words: words), item: index)
    let summary = reword(vary(source.summary, event: event, words: words), item: index)
    return (index % outlets, time, FeedItem(guid: "synthetic-\(index)", link: "https://outlet\(index % outlets).example/\(index)",
                                           title: title, summary: summary, published: time))
}

/// The items `range` of the stream by block: `body` gets each block's number and its items per
/// outlet (a block's items are those of the 6 hours before its end).
func blocks(of range: Range<Int>, _ body: (Int, [[FeedItem]]) throws -> Void) rethrows {
    var block = -1
    var perOutlet = [[FeedItem]](repeating: [], count: outlets)
    for index in range {
        let made = item(index)
        let number = max(0, Int((made.time.timeIntervalSince(start) / blockSeconds).rounded(.up)) - 1)
        if number != block {
            if block >= 0 { try body(block, perOutlet) }
            block = number
            perOutlet = [[FeedItem]](repeating: [], count: outlets)
        }
        perOutlet[made.outlet].append(made.item)
    }
    if block >= 0 { try body(block, perOutlet) }
}

/// Records one block's pulls: each outlet's feed at the block's end plus the outlet's number in
/// seconds, with its items.
func record(_ store: Store, feeds: [Int64], block: Int, items perOutlet: [[FeedItem]]) throws {
    let end = start.addingTimeInterval(Double(block + 1) * blockSeconds)
    for outlet in 0..<outlets {
        try store.record(PullInput(feedID: feeds[outlet], at: end.addingTimeInterval(Double(outlet)), status: .ok, items: perOutlet[outlet]))
    }
}

func measure<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let wall = Date(), cpu = cpuSeconds()
    let result = try body()
    print(String(format: "%@: %.2f s (CPU %.2f s), peak memory %.0f MB", label, Date().timeIntervalSince(wall), cpuSeconds() - cpu, peakMemoryMB()))
    return result
}

func measure<T>(_ label: String, _ body: () async throws -> T) async rethrows -> T {
    let wall = Date(), cpu = cpuSeconds()
    let result = try await body()
    print(String(format: "%@: %.2f s (CPU %.2f s), peak memory %.0f MB", label, Date().timeIntervalSince(wall), cpuSeconds() - cpu, peakMemoryMB()))
    return result
}

let store = try Store(path: arguments[2])
var feeds: [Int64] = []
for outlet in 0..<outlets {
    let id = String(format: "outlet%02d", outlet)
    try store.upsertOutlet(OutletInfo(id: id, name: "Outlet \(outlet)"))
    feeds.append(try store.feed(outletID: id, url: "https://\(id).example/feed").id)
}
if arguments[1] == "build" {
    var pulls = 0
    try measure("made and recorded \(size) items") {
        try blocks(of: 0..<size) { block, items in
            try record(store, feeds: feeds, block: block, items: items)
            pulls += outlets
        }
    }
    print("pulls recorded: \(pulls)")
    let update = try await measure("first analysis") { try await Analysis.update(store) }
    print("  \(update.placedItems) items placed, \(update.newStories) stories")
} else {
    /// The items of block `number` past the year (ITEMS / 1460 of them), recorded as the 50 pulls.
    func pullBlock(_ number: Int) throws {
        var next: [(Int, [[FeedItem]])] = []
        let first = size + number * (size / blocks)
        blocks(of: first..<(first + size / blocks)) { next.append(($0, $1)) }
        try measure("one more pull of \(outlets) feeds, \(next.map { $0.1.map(\.count).reduce(0, +) }.reduce(0, +)) new items") {
            for (block, items) in next { try record(store, feeds: feeds, block: block, items: items) }
        }
    }
    let cache = arguments[1] == "run" ? AnalysisCache() : nil
    if cache != nil {
        try pullBlock(later)
        let first = try await measure("Analysis.update after it (the clusterer kept after it)") { try await Analysis.update(store, cache: cache) }
        print("  \(first.placedItems) items placed, continued: \(first.continued)")
        try pullBlock(later + 1)
    } else {
        try pullBlock(later)
    }
    // SCALEBENCH_NO_STATE=1: no reading of the saved state around the update (a profile then
    // holds the update alone).
    let statistics = ProcessInfo.processInfo.environment["SCALEBENCH_NO_STATE"] != "1"
    let before = statistics ? try store.clustererSnapshot() : nil
    let update = try await measure("Analysis.update after it") { try await Analysis.update(store, cache: cache) }
    if let cache { print("  went on from the kept clusterer: \(cache.reuses == 1)") }
    print("  \(update.placedItems) items placed, \(update.touchedStories) stories touched, \(update.newStories) new, continued: \(update.continued)")
    // The clusterer's saved state (read again, outside the timing): its size, and what the update rewrote.
    if statistics, let after = try store.clustererSnapshot() {
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1e6) }
        let rewritten = after.stories.filter { before?.stories[$0.key] != $0.value }
        let removed = (before?.stories.keys).map { Set($0).subtracting(after.stories.keys).count } ?? 0
        print("  state: header \(megabytes(after.data.count)), \(after.stories.count) story rows (\(megabytes(after.stories.values.map(\.count).reduce(0, +))));"
              + " rewritten \(rewritten.count) rows (\(megabytes(rewritten.values.map(\.count).reduce(0, +)))), removed \(removed)")
    }
}
