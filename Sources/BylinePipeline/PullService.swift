import Foundation
import BylineStore
public import BylineFetch
public import ServiceLifecycle

/// `byline run`: pulls each feed of a list whenever it is due, until graceful shutdown.
///
/// A lifecycle `Service` (run it in a `ServiceGroup` with SIGINT and SIGTERM as graceful shutdown
/// signals). The loop starts every feed whose due time has come (``SchedulePolicy/wakeTime(_:now:)``)
/// as its own task, within the fetcher's limits (``BylineFetch/FetchSettings/maxConcurrent``
/// overall, ``BylineFetch/FetchSettings/perHostLimit`` per host: a due feed whose host is busy
/// waits here, not started, so that a slow host holds up only its own feeds and a shutdown never
/// starts it), then sleeps on the injected ``PullClock`` until the next due time or until a pull
/// finishes, whichever is first. Due times are stored with every pull, so a
/// restart continues the schedule.
///
/// After a pull that stored new items or versions, the `analysis` callback runs (one at a time,
/// on a thread of its own rather than the cooperative pool, so that the pulls in flight go on:
/// pulls that finish meanwhile are covered by the next run, started as soon as this one ends),
/// so that stories follow the pulls and each run costs what is new (see
/// ``Analysis/update(_:settings:embedder:rebuild:waitForLock:cache:notice:shouldStop:)``).
/// After each analysis the free pages inside malloc's arenas go back to the system (glibc's
/// `malloc_trim`), so that the process does not keep every page the analyses freed.
///
/// On a store that shares its schedule (PostgreSQL), several services (in one process or many)
/// pull the same feeds: a due feed starts only once this worker leases it
/// (``BylineStore/IngestStore/lease(feedIDs:owner:now:until:isDue:)``: the row is read afresh
/// under `FOR UPDATE SKIP LOCKED`, so a feed another worker pulled meanwhile is not due, and one it
/// is pulling waits for that worker's lease to end). The pull's record ends the lease; a killed
/// worker's lease runs out after `leaseSeconds` and another worker takes the feed over. No feed is
/// pulled twice in one interval. Each worker scans the list from a random place of its own
/// (``scanOrder(_:shared:start:)``), so that workers started together reach for different due
/// feeds instead of racing each other for the same ones.
///
/// On graceful shutdown no new pull starts and the pulls in flight finish (each is bounded by
/// the fetcher's total timeout) and are recorded; ``run()`` then returns. If the task is cancelled
/// instead (a second signal, or the group's deadline), in-flight pulls are abandoned unrecorded:
/// every recorded pull is one transaction, so the database holds whole pulls only, and the
/// abandoned feeds are still due at the next start.
public struct PullService: Service {
    /// One finished pull, as passed to the `onPull` callback.
    public typealias Observer = @Sendable (FeedPuller.Report) -> Void
    /// A pull that could not be recorded (the database refused the write: full disk, a lock
    /// held past the busy timeout, permissions), with the feed and the error, as passed to the
    /// `onUnrecorded` callback. The feed is tried again after its base interval.
    public typealias FailureObserver = @Sendable (FeedPuller.Target, any Error) -> Void
    /// Graceful shutdown has begun, as passed to the `onStopping` callback: how many pulls are in
    /// flight (each ends within the fetcher's total timeout) and whether the stories are still
    /// to be brought up to date (an analysis in progress, or the last one, for pulls that stored
    /// something since the previous analysis) before ``run()`` returns.
    public typealias StoppingObserver = @Sendable (_ pullsInFlight: Int, _ analysing: Bool) -> Void

    let puller: FeedPuller
    let list: FeedList
    let policy: SchedulePolicy
    let clock: any PullClock
    let onPull: Observer
    let onUnrecorded: FailureObserver
    let onStopping: StoppingObserver
    let analysis: (@Sendable () async -> Void)?
    let owner: String
    let leaseSeconds: Double

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - puller: Pulls and records one feed (its clock should be `clock`).
    ///   - list: The outlets and feeds to keep pulling.
    ///   - policy: The schedule rules (the puller's).
    ///   - clock: The time source for due times and sleeping.
    ///   - onPull: Called after each pull is recorded (for logging and progress), from the
    ///     service's task, one call at a time.
    ///   - onUnrecorded: Called for each pull that could not be recorded (not for pulls
    ///     abandoned at cancellation), from the service's task, one call at a time.
    ///   - onStopping: Called once, from the service's task, when graceful shutdown begins, with
    ///     what the service waits for before it returns (so that a command can say so at once).
    ///   - analysis: Brings the stories up to date with what the pulls stored (it reports its
    ///     own errors); run after pulls that stored something, one run at a time, and once more
    ///     at graceful shutdown when pulls stored something since the last run. Nil: none.
    ///   - owner: This worker's name in leases (a store that shares its schedule).
    ///   - leaseSeconds: How long a lease lasts, in seconds of `clock`: a killed worker's feeds are
    ///     pulled by the others after this. Longer than a pull (the fetcher's total timeout).
    public init(
        puller: FeedPuller, list: FeedList, policy: SchedulePolicy = .init(), clock: any PullClock = SystemPullClock(),
        onPull: @escaping Observer = { _ in },
        onUnrecorded: @escaping FailureObserver = { _, _ in },
        onStopping: @escaping StoppingObserver = { _, _ in },
        analysis: (@Sendable () async -> Void)? = nil,
        owner: String = FeedPuller.workerID, leaseSeconds: Double = FeedPuller.leaseSeconds
    ) {
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.puller = puller
        self.list = list
        self.policy = policy
        self.clock = clock
        self.onPull = onPull
        self.onUnrecorded = onUnrecorded
        self.onStopping = onStopping
        self.analysis = analysis
    }

    /// The order a worker scans its feeds in: the list's on a private store; on a shared one
    /// (several workers), the list rotated to begin at `start` (a random place by default), so
    /// that each worker reaches first for feeds the others reach for last. A worker that scans
    /// from the top with the others leases what they lease (one of them wins each feed; the
    /// others' leases are round trips for nothing).
    static func scanOrder(_ targets: [FeedPuller.Target], shared: Bool,
                          start: Int = Int.random(in: 0..<Int.max)) -> [FeedPuller.Target] {
        guard shared, targets.count > 1 else { return targets }
        let offset = start % targets.count
        return Array(targets[offset...] + targets[..<offset])
    }

    /// Leases `feedIDs` for this worker (a shared schedule), or nil when the store did not answer.
    func lease(_ feedIDs: [Int64], now: Date) async -> [Int64: FeedLease]? {
        let policy = self.policy
        return try? await puller.store.lease(feedIDs: feedIDs, owner: owner, now: now,
                                             until: now.addingTimeInterval(leaseSeconds)) { feed in
            policy.wakeTime(feed, now: now).map { $0 <= now } ?? false
        }
    }

    enum Event: Sendable {
        case pulled(index: Int, report: Result<FeedPuller.Report, any Error>)
        case woke(generation: Int)
        case analysed
        case shutdown
    }

    /// The thread the `analysis` callback runs on: an analysis works synchronously for as long as
    /// it takes, and on the cooperative pool (one thread per core) it would hold up the pulls.
    static let analysisThread = DedicatedThreads(name: "byline-analysis", limit: 1)

    /// Pulls on schedule until graceful shutdown, then waits for in-flight pulls and returns.
    ///
    /// - Throws: ``BylineStore/StoreError`` when the database cannot be written at all (the
    ///   outlets and feeds cannot be stored at start).
    public func run() async throws {
        let shared = puller.store.sharesSchedule
        var targets = Self.scanOrder(try await puller.targets(list), shared: shared)
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let clock = self.clock
        let puller = self.puller
        await withGracefulShutdownHandler {
            // A discarding group: a finished pull's task is freed at once. A plain task group
            // keeps every finished child until `next()` takes its result, which this loop never
            // asks for (the children report through `events`): each pull's task, about 14 KB,
            // stayed for as long as `run` ran.
            await withDiscardingTaskGroup { group in
                var inFlight = Set<Int>()
                // Host (``Fetcher/hostKey(_:)``) of each pull in flight, and how many per host.
                var hostOf: [Int: String] = [:]
                var perHost: [String: Int] = [:]
                // ``Fetcher/hostKey(_:)`` of each feed URL seen (parsing a URL is the costly part of a scan).
                var hostKeys: [String: String] = [:]
                let limits = puller.fetcher.settings
                var stopping = false
                var sleeper: Task<Void, Never>?
                var generation = 0
                var iterator = events.makeAsyncIterator()
                // Stored since the last analysis began; an analysis in progress.
                var pending = false
                var analysing = false
                // Shared schedule: not before this time (another worker's lease, a busy row).
                var notBefore: [Int: Date] = [:]
                let analysis = self.analysis
                defer { sleeper?.cancel() }
                while true {
                    if pending, !analysing, let analysis, !Task.isCancelled {
                        pending = false
                        analysing = true
                        // Off the cooperative pool: the pulls in flight go on reading their
                        // responses while the analysis works.
                        group.addTask(executorPreference: Self.analysisThread) {
                            await analysis()
                            // The pages the analysis freed, on its thread and the others, go back
                            // to the system instead of staying resident (``FreeMemory``).
                            FreeMemory.release()
                            continuation.yield(.analysed)
                        }
                    }
                    if !stopping {
                        let now = clock.now()
                        var nextWake: Date?
                        var starting: [Int] = []
                        // One pass on a private store; on a shared one, passes until nothing more
                        // is due (a feed another worker holds is set aside, and the next pass
                        // looks at the feeds after it).
                        while true {
                            nextWake = nil
                            var candidates: [Int] = []
                            for index in targets.indices where !inFlight.contains(index) {
                                guard var wake = policy.wakeTime(targets[index].feed, now: now) else { continue }
                                if let notBefore = notBefore[index], notBefore > wake { wake = notBefore }
                                if wake <= now {
                                    // Due, but the fetcher would only queue it: it starts when a pull
                                    // of its host (or any pull, at the overall limit) finishes. The
                                    // overall limit is checked first and host keys are kept: this
                                    // scan runs after every pull, over every feed.
                                    guard inFlight.count < max(1, limits.maxConcurrent) else { continue }
                                    let url = targets[index].feed.state.url
                                    let host = hostKeys[url] ?? Fetcher.hostKey(url)
                                    hostKeys[url] = host
                                    guard perHost[host, default: 0] < max(1, limits.perHostLimit) else { continue }
                                    inFlight.insert(index)
                                    hostOf[index] = host
                                    perHost[host, default: 0] += 1
                                    candidates.append(index)
                                } else if nextWake.map({ wake < $0 }) ?? true {
                                    nextWake = wake
                                }
                            }
                            guard shared, !candidates.isEmpty else {
                                starting += candidates
                                break
                            }
                            // Another worker may have pulled these meanwhile, or be pulling them:
                            // only the feeds this worker now leases start.
                            let leases = await lease(candidates.map { targets[$0].feed.state.id }, now: now)
                            for index in candidates {
                                switch leases?[targets[index].feed.state.id] {
                                case .taken(let feed):
                                    targets[index].feed = feed
                                    notBefore[index] = nil
                                    starting.append(index)
                                    continue
                                case .notDue(let feed):
                                    targets[index].feed = feed
                                    notBefore[index] = nil
                                case .held(let until, let feed):
                                    targets[index].feed = feed
                                    notBefore[index] = until
                                case nil:
                                    // Locked this very moment by another worker, or the store
                                    // did not answer: look again shortly.
                                    notBefore[index] = now.addingTimeInterval(leases == nil ? 5 : 1)
                                }
                                inFlight.remove(index)
                                if let host = hostOf.removeValue(forKey: index) {
                                    let left = perHost[host, default: 1] - 1
                                    perHost[host] = left > 0 ? left : nil
                                }
                            }
                        }
                        for index in starting {
                            let target = targets[index]
                            group.addTask {
                                do {
                                    let report = try await puller.pull(target)
                                    continuation.yield(.pulled(index: index, report: .success(report)))
                                } catch {
                                    continuation.yield(.pulled(index: index, report: .failure(error)))
                                }
                            }
                        }
                        sleeper?.cancel()
                        sleeper = nil
                        if let nextWake {
                            generation += 1
                            let mine = generation
                            sleeper = Task {
                                // A sleeper cancelled because the loop went round again says
                                // nothing: its wake-up would be stale, and answering a stale one
                                // with a new sleeper (cancelling this one's successor) spun the
                                // loop forever.
                                do { try await clock.sleep(until: nextWake) } catch { return }
                                guard !Task.isCancelled else { return }
                                continuation.yield(.woke(generation: mine))
                            }
                        }
                    }
                    if stopping && inFlight.isEmpty && !analysing && (!pending || analysis == nil || Task.isCancelled) { break }
                    guard let event = await iterator.next() else { break }  // nil: cancelled
                    switch event {
                    case .pulled(let index, let report):
                        inFlight.remove(index)
                        if let host = hostOf.removeValue(forKey: index) {
                            let left = perHost[host, default: 1] - 1
                            perHost[host] = left > 0 ? left : nil
                        }
                        switch report {
                        case .success(let report):
                            targets[index] = report.target
                            if report.newItems > 0 || report.newVersions > 0 { pending = true }
                            onPull(report)
                        case .failure(let error):
                            if !(error is CancellationError) && !Task.isCancelled { onUnrecorded(targets[index], error) }
                            // Abandoned or not recordable: try again after the base interval.
                            var feed = targets[index].feed
                            feed.nextDueAt = clock.now().addingTimeInterval(targets[index].baseInterval)
                            targets[index].feed = feed
                        }
                    case .woke(let woken):
                        if woken != generation { continue }
                    case .analysed:
                        analysing = false
                    case .shutdown:
                        stopping = true
                        onStopping(inFlight.count, analysing || (pending && analysis != nil))
                    }
                }
                if Task.isCancelled { group.cancelAll() }
            }
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
        continuation.finish()
    }
}
