// RunWeekBench: the memory of `byline run` over a simulated week.
//
//     swift build -c release --package-path Benchmarks --scratch-path .build-bench --product RunWeekBench
//     byline import ../shared/corpus/headlines-2021-09 --db /tmp/corpus.sqlite     # the texts
//     .build-bench/release/RunWeekBench /tmp/corpus.sqlite /tmp/week.sqlite [days=7] [feeds=50] [speed=1200] [model=DIR|none] [analysis=none] [cache=none] [park=SECONDS|none]
//
// What `byline run` does (a `PullService` with the same analysis after each pull that stored
// something, `Analysis.update`), on an `AcceleratedPullClock` running `speed` times faster than
// the wall clock, against `feeds` loopback RSS feeds served from this process. Each feed
// publishes one item an hour (item i is feed i mod `feeds`'s, published at the week's start plus
// i × 3600 / `feeds` seconds) and carries its latest 20; the items are made from the texts of
// CORPUS_DB as in ScaleBench (events of skewed sizes, each outlet's wording). Every feed is pulled
// every 30 minutes (the schedule's own rules adapt that). The model: Byline's default place unless
// `model=` says otherwise (`model=none`: words only); `analysis=none` pulls without analysing;
// the analyses go on from the clusterer the last one kept in memory (``AnalysisCache``), as in
// `byline run`, unless `cache=none` (then each reads the saved state). The kept clusterer parks
// the stories idle for longer than its default parking age (``AnalysisCache/parkingAge``) unless
// `park=` gives one in seconds (`park=none`: it parks none, every open story stays in memory).
//
// At the end of each simulated day it prints the pulls and items stored so far, the wall and CPU
// seconds, the resident memory then and the day's peak (VmHWM, reset at the start of each day
// through /proc/self/clear_refs), malloc's heap in use and free inside its arenas (`mallinfo2`), the part of it SQLite holds (`sqlite3_memory_used`: its page caches over every connection), and the kept clusterer's open stories and how many of them are
// in memory (not parked). Flat means day 7's figures about those of day 1.
import BenchMalloc
import BenchSynthetic
import BylineEmbed
import BylineFeed
import BylineFetch
import BylinePipeline
import BylineStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Prints a line at once (a pipe would hold `print`'s lines until the end).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = Array(CommandLine.arguments.dropFirst())
let options = Dictionary(arguments.compactMap { argument -> (String, String)? in
    let parts = argument.split(separator: "=", maxSplits: 1)
    return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
}, uniquingKeysWith: { $1 })
let paths = arguments.filter { !$0.contains("=") }
guard paths.count == 2 else {
    say("usage: RunWeekBench CORPUS_DB DB [days=7] [feeds=50] [speed=1200] [model=DIR|none] [analysis=none] [cache=none] [park=SECONDS|none]")
    exit(2)
}
let days = Int(options["days"] ?? "") ?? 7
let feedCount = Int(options["feeds"] ?? "") ?? 50
let speed = Double(options["speed"] ?? "") ?? 1200
let origin = Date(timeIntervalSince1970: 1_672_531_200)  // 2023-01-01T00:00:00Z
let spacing = 3600.0 / Double(feedCount)

let corpus = try Store(path: paths[0], readOnly: true).items().filter { !$0.title.isEmpty }
guard !corpus.isEmpty else {
    say("\(paths[0]) holds no items with a title: import a corpus into it first")
    exit(2)
}
let words: [Substring] = corpus.flatMap { ($0.title + " " + $0.summary).split(separator: " ") }
    .filter { $0.count >= 4 && $0.allSatisfy { $0.isLowercase } }

/// The feeds' documents over the week, from the corpus texts.
struct FeedMaker: Sendable {
    let sources: [(title: String, summary: String)]
    let words: [Substring]
    let feedCount: Int
    let origin: Date
    let spacing: Double

    /// Item `index` of the week: its title and summary (drawn from the index alone).
    func texts(_ index: Int) -> (title: String, summary: String) {
        var rng = Generator(state: UInt64(index / 64) &* 0x2545_F491_4F6C_DD1D &+ UInt64(index % 64))
        let event = (index / 64) * 16 + skewedEvent(&rng)
        var eventRNG = Generator(state: UInt64(event))
        let source = sources[Int(eventRNG.next() % UInt64(sources.count))]
        return (reword(vary(source.title, event: event, words: words), item: index),
                reword(vary(source.summary, event: event, words: words), item: index))
    }

    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// RFC 822 date, UTC.
    func rfc822(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", days[Int(parts.tm_wday)], parts.tm_mday, months[Int(parts.tm_mon)],
                      parts.tm_year + 1900, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// Feed `feed`'s document at virtual time `now`: its latest 20 items published by then.
    func document(feed: Int, now: Date) -> String {
        let latest = Int((now.timeIntervalSince(origin) / spacing).rounded(.down))
        var newest = latest - ((latest - feed) % feedCount + feedCount) % feedCount
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Outlet \(feed)</title><link>https://outlet\(feed).example/</link><description>RunWeekBench</description>
            """
        var count = 0
        while newest >= 0, count < 20 {
            let (title, summary) = texts(newest)
            let published = origin.addingTimeInterval(Double(newest) * spacing)
            text += """
                <item><title>\(escaped(title))</title><link>https://outlet\(feed).example/\(newest)</link>
                <guid isPermaLink="false">week-\(newest)</guid><pubDate>\(rfc822(published))</pubDate>
                <description>\(escaped(summary))</description></item>
                """
            newest -= feedCount
            count += 1
        }
        return text + "</channel></rss>"
    }
}
let maker = FeedMaker(sources: corpus.map { ($0.title, $0.summary) }, words: words, feedCount: feedCount, origin: origin, spacing: spacing)

/// Resident memory now (VmRSS) and the peak since the last reset (VmHWM), MB.
func memory() -> (now: Double, peak: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return (Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0) / 1024
        }
        return 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

/// malloc's heap now (glibc's `mallinfo2`, summed over its arenas), MB: the bytes in use
/// (small blocks and mmapped ones) and the bytes free inside the arenas (kept by malloc, counted
/// in the resident set once touched).
func heap() -> (inUse: Double, free: Double) {
    var inUse = 0, free = 0
    bench_malloc_heap(&inUse, &free)
    return (Double(inUse) / 1_048_576, Double(free) / 1_048_576)
}

/// Resets VmHWM to the current resident set (Linux 4.0 and later).
func resetPeak() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

let clock = AcceleratedPullClock(origin: origin, speed: speed)
let router = Router()
router.get("/feed/{n}") { _, context -> Response in
    let feed = try context.parameters.require("n", as: Int.self)
    guard feed >= 0, feed < feedCount else { return Response(status: .notFound) }
    return Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                    body: .init(byteBuffer: ByteBuffer(string: maker.document(feed: feed, now: clock.now()))))
}
var serverLogger = Logger(label: "bench.server")
serverLogger.logLevel = .critical
let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in portBox.set(channel.localAddress?.port ?? 0) }, logger: serverLogger)

/// The port the server bound, once it is running.
final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port = 0
    func set(_ value: Int) { lock.withLock { port = value } }
    var value: Int { lock.withLock { port } }
}
let portBox = PortBox()

let store = try Store(path: paths[1])
let modelOption = options["model"]
let embedder: SentenceEmbedder? = modelOption == "none" ? nil
    : SemanticLayer.embedder(explicit: modelOption, environment: ProcessInfo.processInfo.environment) { say($0) }
var logger = Logger(label: "bench.run")
logger.logLevel = .critical

let serverTask = Task { try await application.runService() }
while portBox.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
let list = FeedList(outlets: (0..<feedCount).map {
    OutletConfig(id: "outlet\($0)", name: "Outlet \($0)", feeds: [FeedConfig(url: "http://127.0.0.1:\(portBox.value)/feed/\($0)")])
}, defaultIntervalSeconds: 1800)
let fetcher = Fetcher(settings: FetchSettings(totalTimeout: 120, maxConcurrent: 16, perHostLimit: 16), logger: logger, now: { clock.now() })
let pulls = PortBox()
let analyses = PortBox()
// The clusterer kept in memory between the analyses, as `byline run` keeps it (`cache=none`:
// each analysis reads and restores the saved state instead, as the benchmark did at first).
let parkingAge: TimeInterval? = options["park"] == "none" ? .infinity : options["park"].flatMap { TimeInterval($0) }
let cache: AnalysisCache? = options["cache"] == "none" ? nil : AnalysisCache(parkingAge: parkingAge)
let analyse: (@Sendable () async -> Void)? = options["analysis"] == "none" ? nil : { @Sendable in
    _ = try? await Analysis.update(store, embedder: embedder, cache: cache)
    analyses.set(analyses.value + 1)
}
let service = PullService(
    puller: FeedPuller(store: store, fetcher: fetcher, clock: clock), list: list, clock: clock,
    onPull: { _ in pulls.set(pulls.value + 1) },
    analysis: analyse)
let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
say("RunWeekBench: \(feedCount) feeds, one item an hour each, pulled every 30 min; \(days) days at \(Int(speed))x; "
      + (embedder == nil ? "words only" : "with the embedding model")
      + (cache == nil ? "" : "; parking age " + (options["park"] == "none" ? "none" : "\(Int(cache?.parkingAge ?? -1)) s (-1: the default)")))
say("day  pulls  analyses  items  stories  wall_s  cpu_s  rss_mb  day_peak_mb  heap_mb  free_mb  sqlite_mb  open  in_memory")
let wallStart = ContinuousClock.now
resetPeak()
try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }
    for day in 1...days {
        try await clock.sleep(until: origin.addingTimeInterval(Double(day) * 86_400))
        let counts = try store.counts()
        let stories = try store.maxStoryID()
        let (now, peak) = memory()
        let (inUse, free) = heap()
        let wall = ContinuousClock.now - wallStart
        let kept = cache?.keptStories
        say(String(format: "%3d  %5d  %8d  %5d  %7d  %6.0f  %5.0f  %6.0f  %11.0f  %7.1f  %7.1f  %9.1f  %4d  %9d", day, pulls.value, analyses.value,
                     counts["item"] ?? 0, stories, Double(wall.components.seconds), cpuSeconds(), now, peak, inUse, free,
                     Double(sqlite3_memory_used()) / 1_048_576, kept?.open ?? -1, kept?.inMemory ?? -1))
        resetPeak()
    }
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
}
try await fetcher.shutdown()
serverTask.cancel()
