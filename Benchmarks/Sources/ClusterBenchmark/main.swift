// Scaling benchmark of StoryClusterer on a synthetic stream built from real headlines.
//
// Input: a TSV of real items, one per line: id, outlet, guid, title, summary, ... (the first five
// columns are used), e.g. exported from an imported store:
//   sqlite3 -separator $'\t' /tmp/c.sqlite "SELECT id, outlet_id, guid, replace(title, char(9), ' '),
//     replace(replace(summary, char(9), ' '), char(10), ' ') FROM item" > /tmp/corpus_items.tsv
// Run (release, own scratch path):
//   swift run -c release --scratch-path .build-bench ClusterBenchmark /tmp/corpus_items.tsv 25000 100000 1000000
// With `vectors=FILE` (the corpus items' embeddings, `ClusterBenchmark embed FILE items.json`), each
// item also carries its source item's embedding with noise: the semantic layer over stored vectors.
//
// The stream: many distinct events (16 per window of 64 items, sizes skewed: a few large, many of
// one or two items), each event a random real item (seeded) whose capitalised words (80%) become
// synthetic names and whose numbers become random numbers, the same for all items of the event;
// outlets cycle over 20; items arrive 8.64 s apart (10,000 a day, so 300,000 items and about
// 100,000 events inside the 30-day horizon). Run one
// size per process; reported: items/s and the process's peak resident memory (VmHWM).
import BenchSynthetic
import BylineStories
import Foundation

let arguments = CommandLine.arguments
if arguments.count >= 4, arguments[1] == "embed" {
    try runEmbed(Array(arguments.dropFirst(2)))
    exit(0)
}
if arguments.count >= 5, arguments[1] == "fit" {
    try runFit(Array(arguments.dropFirst(2)))
    exit(0)
}
guard arguments.count >= 3 else {
    print("usage: ClusterBenchmark ITEMS.tsv SIZE [SIZE...]")
    exit(2)
}
let lines = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n")
let base: [(key: String, title: String, summary: String)] = lines.compactMap { line in
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
    return fields.count >= 5 ? (fields[1] + "\t" + fields[2], String(fields[3]), String(fields[4])) : nil
}
// `vectors=FILE` (from `ClusterBenchmark embed`): each item gets an embedding made from its
// source item's (see itemEmbedding), as stored vectors would be read.
let baseVectors: [String: [Float]] = try arguments.first { $0.hasPrefix("vectors=") }.map {
    try JSONDecoder().decode([String: [Float]].self, from: Data(contentsOf: URL(fileURLWithPath: String($0.dropFirst(8)))))
} ?? [:]
if !baseVectors.isEmpty { print("vectors: \(baseVectors.count)") }

/// The vector with Gaussian noise of `sigma` a dimension (seeded by `seed`), unit length.
func noisy(_ vector: [Float], sigma: Double, seed: UInt64) -> [Float] {
    var local = Generator(state: seed &* 7_368_787 &+ 3)
    var result = vector.map { value -> Float in
        let u1 = max(1e-12, Double(local.next() % 1_000_000) / 1_000_000), u2 = Double(local.next() % 1_000_000) / 1_000_000
        return value + Float(sigma * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }
    let norm = result.reduce(0) { $0 + $1 * $1 }.squareRoot()
    for index in result.indices { result[index] /= norm }
    return result
}

/// An item's embedding: its event's (the source item's, moved by 0.05 a dimension, so that two
/// events made from one source item have a cosine of about 0.5, like two events of one kind),
/// then its own noise (0.02 a dimension: about 0.9 to the event's).
func itemEmbedding(_ source: [Float], event: Int, item: Int) -> [Float] {
    noisy(noisy(source, sigma: 0.05, seed: UInt64(event) &+ 1_000_003), sigma: 0.02, seed: UInt64(item))
}

/// Lower-case words of 4+ letters of the corpus, for the event variations.
let words: [Substring] = base.flatMap { ($0.title + " " + $0.summary).split(separator: " ") }
    .filter { $0.count >= 4 && $0.allSatisfy { $0.isLowercase } }
print("base items: \(base.count), words: \(words.count)")
let start = Date(timeIntervalSince1970: 1_630_454_400)
// Optional settings after the sizes, as `key=value` (see parseSettings in FitHarness.swift).
let benchSettings = parseSettings(Array(arguments.dropFirst(2)), base: .default)
for size in arguments.dropFirst(2).compactMap({ Int($0) }) {
    var rng = Generator(state: 42)
    var eventOf = [Int32](repeating: 0, count: size)
    var clusterer = StoryClusterer(settings: benchSettings)
    let began = Date()
    let cpuBegan = cpuSeconds()
    var checkpoint = began
    for index in 0..<size {
        // Many distinct events of skewed sizes, interleaved: each window of 64 items holds 16
        // events, event k of the window taking a share proportional to 1 / (k + 1) (a few big
        // events, many of one or two items), about 3,600 events a day.
        let event = (index / 64) * 16 + skewedEvent(&rng)
        eventOf[index] = Int32(event)
        var eventRNG = Generator(state: UInt64(event))
        let source = base[Int(eventRNG.next() % UInt64(base.count))]
        let item = StoryItem(id: Int64(index), outlet: "outlet\(index % 20)",
                             title: reword(vary(source.title, event: event, words: words), item: index),
                             summary: reword(vary(source.summary, event: event, words: words), item: index),
                             time: start.addingTimeInterval(Double(index) * 8.64),
                             embedding: baseVectors[source.key].map { itemEmbedding($0, event: event, item: index) })
        _ = clusterer.add(item)
        if (index + 1) % 100_000 == 0 {
            let now = Date()
            // Unbuffered, so that progress shows when the output goes to a file.
            let line = String(format: "  %d items: last 100k at %.0f items/s, CPU %.0f s so far, active stories %d, peak %.0f MB\n", index + 1,
                              100_000 / now.timeIntervalSince(checkpoint), cpuSeconds() - cpuBegan, clusterer.activeStoryCount, peakMemoryMB())
            FileHandle.standardError.write(Data(line.utf8))
            checkpoint = now
        }
    }
    let elapsed = Date().timeIntervalSince(began)
    let cpu = cpuSeconds() - cpuBegan
    let peak = peakMemoryMB()
    let stories = clusterer.stories.filter { !$0.isEmpty }
    // Purity: the share of items in their story's most common event; completeness: the share of
    // items in their event's most common story.
    var purity = 0, storyOf = [Int32](repeating: 0, count: size)
    for (number, story) in stories.enumerated() {
        var counts: [Int32: Int] = [:]
        for item in story {
            counts[eventOf[Int(item)], default: 0] += 1
            storyOf[Int(item)] = Int32(number)
        }
        purity += counts.values.max() ?? 0
    }
    var byEvent: [Int32: [Int32: Int]] = [:]
    for index in 0..<size { byEvent[eventOf[index], default: [:]][storyOf[index], default: 0] += 1 }
    let completeness = byEvent.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
    let events = byEvent
    print(String(format: "%d items: %.1f s, %.0f items/s (CPU %.1f s, %.0f items per CPU second), %d stories (%d events), %d active, peak memory %.0f MB",
                 size, elapsed, Double(size) / elapsed, cpu, Double(size) / cpu, stories.count, events.count, clusterer.activeStoryCount, peak))
    print(String(format: "  purity %.3f, completeness %.3f", Double(purity) / Double(size), Double(completeness) / Double(size)))
}
