// PullBench: one `byline pull` of N feeds served by a loopback HTTP server in the same process.
//
//     swift build -c release --package-path Benchmarks --scratch-path .build-bench --product PullBench
//     .build-bench/release/PullBench [feeds=1000] [concurrency=32] [items=20]
//
// Pull 1 fetches every feed (200, N distinct RSS documents of `items` items each, stored); pull 2
// (`--all`) sends the stored ETags and gets 304 from every feed. Prints wall time, pulls per
// second and the process's peak and current resident memory after each pull. All feeds are on
// one host (127.0.0.1), so the per-host limit is raised to the concurrency: the global limit is
// what is measured.
import BylineFetch
import BylinePipeline
import BylineStore
import Foundation
import Hummingbird
import Logging
import NIOCore

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let feedCount = arguments.count > 0 ? arguments[0] : 1000
let concurrency = arguments.count > 1 ? arguments[1] : 32
let itemsPerFeed = arguments.count > 2 ? arguments[2] : 20

/// An RSS 2.0 document for feed `n`: `itemsPerFeed` items with distinct guids.
func rss(_ n: Int) -> ByteBuffer {
    var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Bench feed \(n)</title><link>http://127.0.0.1/\(n)</link><description>PullBench</description>
        """
    for item in 0..<itemsPerFeed {
        text += """
            <item><title>Feed \(n) story \(item): council approves harbour budget after long debate</title>
            <link>http://127.0.0.1/\(n)/\(item)</link><guid isPermaLink="false">bench-\(n)-\(item)</guid>
            <pubDate>Sun, 19 Sep 2021 08:\(String(format: "%02d", item % 60)):00 GMT</pubDate>
            <description>The council voted 7 to 2 on Tuesday to approve the harbour budget of 12.5 million dollars, item \(item).</description></item>
            """
    }
    text += "</channel></rss>"
    return ByteBuffer(string: text)
}

/// Peak resident memory of this process in MiB (getrusage `ru_maxrss`, KiB on Linux).
func peakMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Current resident memory in MiB (`/proc/self/statm`, second field, pages).
func currentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / (1024 * 1024)
}

let bodies = (0..<feedCount).map(rss)
let router = Router()
router.get("/feed/{n}") { request, context -> Response in
    let n = try context.parameters.require("n", as: Int.self)
    let etag = "\"bench-\(n)\""
    if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: [.eTag: etag]) }
    return Response(status: .ok, headers: [.contentType: "application/rss+xml", .eTag: etag], body: .init(byteBuffer: bodies[n]))
}
var serverLogger = Logger(label: "bench.server")
serverLogger.logLevel = .critical
let (ports, portContinuation) = AsyncStream<Int>.makeStream()
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), backlog: 1024),
    onServerRunning: { channel in
        portContinuation.yield(channel.localAddress?.port ?? 0)
        portContinuation.finish()
    },
    logger: serverLogger)
let serverTask = Task { try await app.run() }
/// The first port the server reports.
func firstPort(_ stream: AsyncStream<Int>) async -> Int {
    var iterator = stream.makeAsyncIterator()
    return await iterator.next() ?? 0
}
let port = await firstPort(ports)
guard port > 0 else { fatalError("the server did not start") }

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pullbench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let store = try Store(path: folder.appendingPathComponent("bench.sqlite").path)
let list = FeedList(outlets: stride(from: 0, to: feedCount, by: 10).map { first in
    OutletConfig(id: "outlet\(first / 10)", name: "Outlet \(first / 10)",
                 feeds: (first..<min(first + 10, feedCount)).map { FeedConfig(url: "http://127.0.0.1:\(port)/feed/\($0)") })
})
var fetchLogger = Logger(label: "bench.fetch")
fetchLogger.logLevel = .warning
let fetcher = Fetcher(settings: FetchSettings(maxConcurrent: concurrency, perHostLimit: concurrency), logger: fetchLogger)
let puller = FeedPuller(store: store, fetcher: fetcher)

print("PullBench: \(feedCount) feeds x \(itemsPerFeed) items, concurrency \(concurrency), \(bodies.map(\.readableBytes).reduce(0, +) / feedCount) bytes per feed")
for (label, all) in [("pull 1 (200s)", false), ("pull 2 (304s)", true)] {
    let start = ContinuousClock.now
    let summary = try await puller.pull(list, all: all)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "%@: %.2f s, %.0f pulls/s; %d fetched, %d not modified, %d failed, %d new items; RSS peak %.1f MiB, now %.1f MiB",
                 label, seconds, Double(summary.feeds) / seconds, summary.fetched, summary.notModified, summary.failed.count,
                 summary.newItems, peakMiB(), currentMiB()))
    if let failure = summary.failed.first { print("  first failure: \(failure.url): \(failure.reason)") }
}
try await fetcher.shutdown()
serverTask.cancel()
try? FileManager.default.removeItem(at: folder)
