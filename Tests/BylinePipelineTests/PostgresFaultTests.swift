import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

/// Faults under `byline run` workers sharing one PostgreSQL store, with real processes, a real
/// server and a loopback HTTP server of feeds: a worker killed with SIGKILL in the middle of its
/// pulls, and the database server restarted under a running worker. Nothing stored is lost or
/// doubled: the counts of pulls, items and versions are exact.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: bylineBinary.path), "skipped: .build/debug/byline is not built"))
struct PostgresFaultTests {
    /// Feed `n` as RSS: three items, `feed<n>-item<k>`, the same on every request.
    static func rss(_ n: Int) -> ByteBuffer {
        let items = (1...3).map { "<item><title>Item \($0) of feed \(n)</title><guid isPermaLink=\"false\">feed\(n)-item\($0)</guid></item>" }
        return ByteBuffer(string: """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Feed \(n)</title><link>http://127.0.0.1/</link>
            \(items.joined(separator: "\n"))
            </channel></rss>
            """)
    }

    /// Serves `/feed/<n>`, counting each request in `requests` and holding it until `release`
    /// is released.
    static func routes(_ router: Router<BasicRequestContext>, requests: FeedRequests, release: Recorder) {
        router.get("/feed/:n") { _, context in
            let n = Int(context.parameters.get("n") ?? "") ?? -1
            await requests.add(n)
            await release.waitForRelease(upTo: 150)
            return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: rss(n)))
        }
    }

    /// An outlet list of `feeds` outlets, one feed each, pulled hourly (once in a test).
    static func writeConfig(feeds: Int, server: LoopbackServer, in folder: URL) throws {
        let outlets = (0..<feeds).map { "[[outlet]]\nid = \"o\($0)\"\nname = \"Outlet \($0)\"\nfeeds = [\"\(server.url("/feed/\($0)"))\"]\n" }
        try ("default_interval = 3600\n\n" + outlets.joined(separator: "\n"))
            .write(to: folder.appendingPathComponent("outlets.toml"), atomically: true, encoding: .utf8)
    }

    /// Polls `condition` every 100 ms for up to `seconds` (an error, such as a table the workers
    /// have not created yet, counts as false); whether it came true.
    static func wait(seconds: Int, for condition: () async throws -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < end {
            if (try? await condition()) == true { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (try? await condition()) == true
    }

    /// The number of rows of `table` in the database at `url`.
    static func count(_ table: String, in url: String) async throws -> Int {
        let value = try await TestPostgres.rows("SELECT COUNT(*)::text FROM \(table)", in: url).first?.first ?? nil
        return value.flatMap { Int($0) } ?? -1
    }

    static func folder() throws -> URL {
        let folder = TestFolders.root.appendingPathComponent("byline-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Three workers share nine feeds of one host (two pulls in flight per worker, the per-host
    /// limit), every request held by the server: six feeds are leased and in flight. One worker
    /// is killed with SIGKILL; the held requests are then answered. The two live workers record
    /// their four pulls and pull the three free feeds, and the dead worker's two feeds once its
    /// lease (100 s, `--lease`) has run out: nine pulls, one per feed, 27 items, 27 versions. The
    /// lease and the pull timeout (90 s, `--timeout`) leave a loaded machine time to start the
    /// three workers before the first lease ends (45 s and 30 s did not, at a load of 6).
    @Test(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
    func aKilledWorkersLeasedFeedsArePulledOnceByTheOthersAfterItsLease() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try await TestPostgres.freshDatabase()
        let requests = FeedRequests()
        let release = Recorder()
        try await LoopbackServer.with({ Self.routes($0, requests: requests, release: release) }) { server in
            try Self.writeConfig(feeds: 9, server: server, in: folder)
            var workers: [(process: Process, stderr: LineCollector)] = []
            defer {
                for worker in workers where worker.process.isAlive { kill(worker.process.processIdentifier, SIGKILL) }
            }
            for _ in 0..<3 {
                workers.append(try RunCommandTests.launch(
                    ["run", "--config", "outlets.toml", "--db", url, "--lease", "100", "--timeout", "90",
                     "--no-model"],
                    in: folder))
            }
            let leasedSQL = "SELECT id::text, lease_owner, lease_until::text FROM feed WHERE lease_owner IS NOT NULL ORDER BY id"
            let inFlight = try await Self.wait(seconds: 120) {
                try await TestPostgres.rows(leasedSQL, in: url).count == 6
            }
            try #require(inFlight, "six feeds were not leased: \(workers.map(\.stderr.text))")
            let arrived = try await Self.wait(seconds: 30) { await requests.total == 6 }
            try #require(arrived, "the six leased feeds were not all requested")
            let leases = try await TestPostgres.rows(leasedSQL, in: url)
            // The owner is `host:pid:random`.
            func pid(_ owner: String?) -> Int32? { owner.flatMap { Int32($0.split(separator: ":").dropFirst().first ?? "") } }
            let victim = try #require(workers.first { worker in leases.filter { pid($0[1]) == worker.process.processIdentifier }.count == 2 })
            let victimFeeds = leases.filter { pid($0[1]) == victim.process.processIdentifier }.compactMap { $0[0].flatMap { Int64($0) } }
            kill(victim.process.processIdentifier, SIGKILL)
            #expect(try await victim.process.exitStatus(within: 60) == 128 + SIGKILL)
            // The live workers' leases must still hold when their pulls are answered (a machine
            // too loaded to start three workers within their 100 s leases cannot run this test).
            let held = try await TestPostgres.rows("SELECT COUNT(*)::text FROM feed WHERE lease_until > now()", in: url)
            try #require(held.first?.first == "6", "a lease ran out before the pulls were answered")
            let victimLeaseEnd = try await TestPostgres.rows(
                "SELECT MAX(lease_until)::text FROM feed WHERE id IN (\(victimFeeds.map(String.init).joined(separator: ",")))", in: url)
            await release.release()

            let allPulled = try await Self.wait(seconds: 240) { try await Self.count("pull", in: url) >= 9 }
            try #require(allPulled, "not every feed was pulled: \(workers.map(\.stderr.text))")
            let live = workers.filter { $0.process !== victim.process }
            for worker in live { worker.process.terminate() }
            for worker in live {
                let ended = try #require(try await RunCommandTests.waitForExit(worker.process, seconds: 120), "a worker did not exit on SIGTERM")
                #expect(ended == .exit(0), "stderr: \(worker.stderr.text)")
                #expect(worker.stderr.text.hasSuffix("byline: stopped; every finished pull is recorded\n"), "\(worker.stderr.text)")
                #expect(!worker.stderr.text.contains("not recorded"))
            }

            // One pull per feed, every item and version once.
            #expect(try await Self.count("pull", in: url) == 9)
            #expect(try await Self.count("item", in: url) == 27)
            #expect(try await Self.count("item_version", in: url) == 27)
            let perFeed = try await TestPostgres.rows(
                "SELECT f.id::text, COUNT(p.id)::text, MIN(p.status) FROM feed f LEFT JOIN pull p ON p.feed_id = f.id GROUP BY f.id ORDER BY f.id",
                in: url)
            #expect(perFeed.count == 9)
            #expect(perFeed.allSatisfy { $0[1] == "1" && $0[2] == "ok" }, "\(perFeed)")
            #expect(try await TestPostgres.rows("SELECT id FROM feed WHERE lease_owner IS NOT NULL", in: url).isEmpty)
            // The dead worker's feeds were asked for twice (by it, then by a live worker after
            // its lease ran out) and recorded once, at or after the lease's end.
            let requested = await requests.counts
            let victimURLs = try await TestPostgres.rows(
                "SELECT url FROM feed WHERE id IN (\(victimFeeds.map(String.init).joined(separator: ",")))", in: url).compactMap { $0[0] }
            let victimNumbers = Set(victimURLs.compactMap { Int($0.split(separator: "/").last ?? "") })
            #expect(victimNumbers.count == 2)
            #expect(requested == Dictionary(uniqueKeysWithValues: (0..<9).map { ($0, victimNumbers.contains($0) ? 2 : 1) }))
            let takenOver = try await TestPostgres.rows("""
                SELECT COUNT(*)::text FROM pull WHERE feed_id IN (\(victimFeeds.map(String.init).joined(separator: ",")))
                  AND at >= '\(victimLeaseEnd.first?.first.flatMap { $0 } ?? "infinity")'::timestamptz
                """, in: url)
            #expect(takenOver.first?.first == "2")
        }
    }

    /// The database server is stopped while a worker's two pulls are in flight and started
    /// again a few seconds later: the worker says the connection was lost, records both pulls
    /// once the server is back (retried on new connections), and goes on to pull the other two
    /// feeds: four requests, four pulls, twelve items.
    /// The outage line says that the store tries again whichever operation meets the outage
    /// first: a worker's lease (not retried by the store; the worker asks again) printed
    /// `connection lost (...)` without the documented `; trying again for up to 300 s`.
    @Test(.enabled(if: ThrowawayPostgres.available, ThrowawayPostgres.missingMessage))
    func anOutageMetByALeaseSaysItIsTriedAgain() async throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.stop() }
        let url = try await TestPostgres.freshDatabase(on: postgres.url)
        let notices = NoticeLines()
        let store = try await PostgresStore(url: url, notice: { line in notices.add(line) })
        try await store.upsertOutlet(OutletInfo(id: "bbc", name: "BBC News"))
        let feed = try await store.scheduledFeed(outletID: "bbc", configURL: "https://bbc.example/rss")
        try postgres.halt()
        let now = Date()
        await #expect(throws: StoreError.self) {
            _ = try await store.lease(feedIDs: [feed.state.id], owner: "test", now: now, until: now.addingTimeInterval(60)) { _ in true }
        }
        _ = try await Self.wait(seconds: 60) { !notices.lines.isEmpty }
        let lines = notices.lines
        #expect(lines.count == 1, "\(lines)")
        let line = try #require(lines.first)
        #expect(line.hasPrefix("\(store.location): connection lost ("), "\(line)")
        #expect(line.hasSuffix("); trying again for up to 300 s"), "\(line)")
        await store.close()
    }

    @Test(.enabled(if: ThrowawayPostgres.available, ThrowawayPostgres.missingMessage))
    func aRestartedServerIsReconnectedAndThePullsInFlightAreRecordedOnce() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let postgres = try ThrowawayPostgres()
        defer { postgres.stop() }
        let url = try await TestPostgres.freshDatabase(on: postgres.url)
        let requests = FeedRequests()
        let release = Recorder()
        try await LoopbackServer.with({ Self.routes($0, requests: requests, release: release) }) { server in
            try Self.writeConfig(feeds: 4, server: server, in: folder)
            let (process, stderr) = try RunCommandTests.launch(
                ["run", "--config", "outlets.toml", "--db", url, "--no-model"], in: folder)
            defer { if process.isAlive { kill(process.processIdentifier, SIGKILL) } }
            try #require(try await Self.wait(seconds: 120) { await requests.total == 2 }, "two pulls were not in flight: \(stderr.text)")
            try postgres.halt()
            await release.release()
            let lost = try await Self.wait(seconds: 60) { stderr.text.contains(": connection lost (") }
            try #require(lost, "the lost connection was not said: \(stderr.text)")
            try postgres.start()
            let allPulled = try await Self.wait(seconds: 120) { try await Self.count("pull", in: url) >= 4 }
            try #require(allPulled, "stderr: \(stderr.text)")
            process.terminate()
            let ended = try #require(try await RunCommandTests.waitForExit(process, seconds: 120), "byline run did not exit on SIGTERM")
            let errors = stderr.text
            #expect(ended == .exit(0), "stderr: \(errors)")
            let location = try PostgresLocation(url: url).description
            #expect(errors.contains("byline: \(location): connection lost ("))
            #expect(errors.contains("; trying again for up to 300 s\n"))
            #expect(errors.contains("byline: \(location): reconnected after "))
            #expect(!errors.contains("not recorded"), "\(errors)")
            #expect(errors.hasSuffix("byline: stopped; every finished pull is recorded\n"))
            #expect(await requests.counts == [0: 1, 1: 1, 2: 1, 3: 1])
            #expect(try await Self.count("pull", in: url) == 4)
            #expect(try await Self.count("item", in: url) == 12)
            #expect(try await Self.count("item_version", in: url) == 12)
            let statuses = try await TestPostgres.rows("SELECT status FROM pull ORDER BY feed_id", in: url).map { $0[0] }
            #expect(statuses == ["ok", "ok", "ok", "ok"])
        }
    }
}

/// Requests a test server saw, per feed number.
actor FeedRequests {
    private(set) var counts: [Int: Int] = [:]

    func add(_ feed: Int) { counts[feed, default: 0] += 1 }

    var total: Int { counts.values.reduce(0, +) }
}

/// Lines a store's `notice` sent, in order.
/// Notice lines, kept as they are given (a task started to add one could wait behind a busy
/// cooperative pool longer than the test looks).
final class NoticeLines: Sendable {
    private let kept = Mutex<[String]>([])
    var lines: [String] { kept.withLock { $0 } }
    func add(_ line: String) { kept.withLock { $0.append(line) } }
}
