// SharedPullBench: N loopback feeds pulled by 1 and by 4 `byline run` workers (separate
// processes) sharing one PostgreSQL database.
//
//     swift build -c release --product byline
//     swift build -c release --package-path Benchmarks --scratch-path .build-bench --product SharedPullBench
//     URL=$(scripts/start-test-postgres /tmp/bench-pg 54350)
//     .build-bench/release/SharedPullBench .build/release/byline "$URL" [feeds=10000] [workers=1,4] [hosts=50]
//
// The feeds are served by this process from `hosts` loopback addresses (127.0.1.1, 127.0.1.2,
// ...; a worker pulls at most two feeds per host at once, so one address would measure the
// per-host limit) by a small threaded HTTP/1.1 server (keep-alive, one thread per connection;
// Foundation only, so that this benchmark builds in seconds), each feed an RSS document of 5
// items with their own guids. For each worker count a new database is made on the server of URL
// (with `psql`); the workers run `byline run --concurrency 16` on an outlet list of every feed
// with an interval of a day, so that each feed is due once, and are stopped (SIGTERM) once the
// database holds one pull per feed. Printed per worker count: the start-up (launch to first
// request: each worker stores the outlets and feeds of the list), the pulls (first request to
// the last pull recorded) and pulls per second, each worker's peak memory, and the check: the
// requests each feed got and the pulls each feed has in the database (`1×10000` for both: no
// feed pulled twice in its interval, none lost).
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: SharedPullBench BYLINE POSTGRES_URL [feeds=10000] [workers=1,4] [hosts=50]\n".utf8))
    exit(2)
}
let byline = arguments[0]
let serverURL = arguments[1]
let feedCount = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
let workerCounts = arguments.count > 3 ? arguments[3].split(separator: ",").compactMap { Int($0) } : [1, 4]
let hostCount = arguments.count > 4 ? Int(arguments[4]) ?? 50 : 50
let itemsPerFeed = 5

/// Requests per feed and the time of the first one, shared by the connection threads.
final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]
    private var first: ContinuousClock.Instant?

    init(feeds: Int) { counts = Array(repeating: 0, count: feeds) }

    func add(_ feed: Int) {
        lock.withLock {
            if first == nil { first = .now }
            if counts.indices.contains(feed) { counts[feed] += 1 }
        }
    }

    /// Forgets every request (before the next worker count).
    func reset() { lock.withLock { counts = Array(repeating: 0, count: counts.count); first = nil } }

    var snapshot: (counts: [Int], first: ContinuousClock.Instant?) { lock.withLock { (counts, first) } }
}

/// Feed `n`'s whole HTTP response.
func response(_ n: Int) -> [UInt8] {
    var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Shared bench feed \(n)</title><link>http://127.0.0.1/\(n)</link>
        """
    for item in 0..<itemsPerFeed {
        text += """
            <item><title>Feed \(n) story \(item): council approves harbour budget</title>
            <guid isPermaLink="false">shared-\(n)-\(item)</guid><pubDate>Sun, 19 Sep 2021 08:0\(item):00 GMT</pubDate>
            <description>The council voted 7 to 2 on Tuesday to approve the harbour budget, item \(item).</description></item>
            """
    }
    let body = Array((text + "</channel></rss>").utf8)
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(body.count)\r\nConnection: keep-alive\r\n\r\n"
    return Array(head.utf8) + body
}

let responses = (0..<feedCount).map(response)
let log = RequestLog(feeds: feedCount)

/// Serves one keep-alive connection: `GET /feed/<n>` requests, one after another, answered
/// from `responses` and counted in `log`.
@Sendable func serve(_ connection: Int32, responses: [[UInt8]], log: RequestLog) {
    defer { close(connection) }
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    let end: [UInt8] = [13, 10, 13, 10]
    while true {
        // A whole request head (GET has no body).
        var headEnd: Int?
        while true {
            if pending.count >= 4, let found = (0...(pending.count - 4)).first(where: { pending[$0..<($0 + 4)].elementsEqual(end) }) {
                headEnd = found + 4
                break
            }
            let read = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, 4096, 0) }
            if read <= 0 { return }
            pending += chunk[0..<read]
        }
        guard let headEnd else { return }
        let line = String(decoding: pending[0..<(pending.firstIndex(of: 13) ?? headEnd)], as: UTF8.self)
        pending.removeFirst(headEnd)
        let path = line.split(separator: " ").dropFirst().first ?? ""
        var reply = Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)
        if path.hasPrefix("/feed/"), let n = Int(path.dropFirst(6)), responses.indices.contains(n) {
            log.add(n)
            reply = responses[n]
        }
        var sent = 0
        while sent < reply.count {
            let written = reply.withUnsafeBytes { send(connection, $0.baseAddress! + sent, reply.count - sent, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            sent += written
        }
    }
}

/// Listens on `address` (an IPv4 loopback address) on a port the kernel picks, accepting on a
/// thread of its own; the port.
func listen(on address: String, responses: [[UInt8]], log: RequestLog) -> Int {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var yes: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_addr.s_addr = inet_addr(address)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ready = withUnsafeMutablePointer(to: &socketAddress) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(listener, $0, length) == 0 && Glibc.listen(listener, 512) == 0 && getsockname(listener, $0, &length) == 0
        }
    }
    guard ready else {
        FileHandle.standardError.write(Data("SharedPullBench: cannot listen on \(address)\n".utf8))
        exit(1)
    }
    Thread.detachNewThread {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { continue }
            Thread.detachNewThread { serve(connection, responses: responses, log: log) }
        }
    }
    return Int(UInt16(bigEndian: socketAddress.sin_port))
}

/// Runs `psql` with `sql` on the database at `url`; its output lines.
func psql(_ sql: String, in url: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", "-X", "-q", "-A", "-t", "-d", url, "-c", sql]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

/// `url` with another database name and TLS off.
func database(_ name: String, on url: String) -> String {
    var components = URLComponents(string: url)!
    components.path = "/" + name
    components.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
    return components.string!
}

/// Peak resident memory of a process in MiB (`VmHWM` of /proc/PID/status), or 0.
func peakMiB(_ pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kib / 1024
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

/// `1×9998 2×2`: how many feeds had each count.
func histogram(_ values: [Int]) -> String {
    let counts = Dictionary(grouping: values, by: { $0 }).mapValues(\.count)
    return counts.keys.sorted().map { "\($0)×\(counts[$0]!)" }.joined(separator: " ")
}

let hostURLs = (1...hostCount).map { host -> String in
    let address = "127.0.1.\(host)"
    return "http://\(address):\(listen(on: address, responses: responses, log: log))"
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shared-pull-bench-\(UUID().uuidString.prefix(8))")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
// 100 feeds per outlet; feed n on host n % hosts.
var config = "default_interval = 86400\n"
for outlet in stride(from: 0, to: feedCount, by: 100) {
    let feeds = (outlet..<min(outlet + 100, feedCount)).map { "\"\(hostURLs[$0 % hostCount])/feed/\($0)\"" }
    config += "\n[[outlet]]\nid = \"o\(outlet / 100)\"\nname = \"Outlet \(outlet / 100)\"\nfeeds = [\(feeds.joined(separator: ", "))]\n"
}
let configPath = folder.appendingPathComponent("outlets.toml").path
try config.write(toFile: configPath, atomically: true, encoding: .utf8)

print("\(feedCount) feeds on \(hostCount) loopback hosts, \(itemsPerFeed) items each; byline run --concurrency 16 per worker")
print("workers  start-up s  pulls s  pulls/s  peak MiB per worker  requests per feed  pulls per feed")
for workers in workerCounts {
    log.reset()
    let name = "shared_bench_\(workers)_\(UUID().uuidString.prefix(8).lowercased())"
    _ = try psql("CREATE DATABASE \(name)", in: serverURL)
    let url = database(name, on: serverURL)
    let launched = ContinuousClock.now
    var processes: [Process] = []
    for number in 0..<workers {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: byline)
        process.arguments = ["run", "--config", configPath, "--db", url, "--no-model",
                             "--concurrency", "16"]
        process.currentDirectoryURL = folder
        let logFile = folder.appendingPathComponent("worker\(workers)-\(number).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        processes.append(process)
    }
    var pulls = 0
    while pulls < feedCount {
        try await Task.sleep(for: .milliseconds(200))
        pulls = Int((try? psql("SELECT COUNT(*) FROM pull", in: url))?.first ?? "0") ?? 0
        if processes.contains(where: { !$0.isRunning }) {
            print("a worker exited early; see \(folder.path)/worker*.log")
            exit(1)
        }
    }
    let done = ContinuousClock.now
    let peaks = processes.map { peakMiB($0.processIdentifier) }
    for process in processes { process.terminate() }
    for process in processes { process.waitUntilExit() }
    let (requests, first) = log.snapshot
    let startup = (first ?? done) - launched
    let pulling = done - (first ?? launched)
    let perFeed = try psql("SELECT COUNT(p.id) FROM feed f LEFT JOIN pull p ON p.feed_id = f.id GROUP BY f.id", in: url).compactMap { Int($0) }
    print("\(workers)  \(fixed(seconds(startup), 1))  \(fixed(seconds(pulling), 1))  \(fixed(Double(feedCount) / seconds(pulling), 0))  "
          + peaks.map { fixed($0, 0) }.joined(separator: ",") + "  " + histogram(requests) + "  " + histogram(perFeed))
    let ok = requests.allSatisfy { $0 == 1 } && perFeed.count == feedCount && perFeed.allSatisfy { $0 == 1 }
    print(ok ? "  check: every feed requested once and pulled once" : "  check FAILED: a feed was pulled twice or not at all")
}
try? FileManager.default.removeItem(at: folder)
