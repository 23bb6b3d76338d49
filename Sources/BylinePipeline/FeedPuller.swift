import Foundation
public import BylineStore
public import BylineFetch
public import BylineFeed

/// Pulls feeds and records each pull with the feed's new schedule.
///
/// Outlets and feeds from the list are upserted into the store first (a feed is found again by
/// the URL its config names, also after it moved). Each feed is fetched with its stored validators
/// (conditional GET), concurrently within the fetcher's global and per-host limits, and recorded
/// as soon as it finishes (one transaction per pull, so a slow host delays only its own rows). A
/// 200 is parsed (with the response's Content-Type charset, and its final URL as the base for
/// relative links) and its items stored; a 304 is recorded as `not_modified`; a failed fetch or
/// parse is a failed pull with its one-line reason, and so is a pull redirected to the URL of
/// another stored feed (``PullFailure/redirectedToFeed(url:outlet:sameOutlet:)``). ``SchedulePolicy`` decides what the outcome
/// does to the feed (next due time, backoff, Retry-After, retirement, permanent moves). One
/// feed's failure never stops the others.
public struct FeedPuller: Sendable {
    /// What one pull run did.
    public struct Summary: Sendable, Hashable {
        /// Feeds pulled (not counting skipped ones).
        public var feeds = 0
        /// 200 responses that parsed.
        public var fetched = 0
        /// 304 responses.
        public var notModified = 0
        /// Failed pulls, each named.
        public var failed: [Failure] = []
        /// Feeds not pulled, each with the reason (retired, Retry-After, backoff, not due).
        public var skipped: [Skipped] = []
        /// New items stored.
        public var newItems = 0
        /// New versions of known items.
        public var newVersions = 0
        /// Feeds whose stored URL moved in this run: `(outlet, old URL, new URL)`.
        public var moved: [Moved] = []
        /// Feeds retired in this run (410).
        public var retired: [String] = []
        /// Feeds whose document was cut off (``Report/cutOff``): `(outlet, URL)`; their pulls
        /// are recorded as successful, with ``FeedPuller/cutOffWarning``.
        public var cutOff: [Pulled] = []
        /// The warnings of the pulls (``Report/warnings``), each with its feed, in the order the
        /// pulls were recorded.
        public var warnings: [Warning] = []
        /// Due feeds not pulled because the run was asked to stop (`shouldStart` said no, or
        /// the task was cancelled) before their pull started: nothing of them is recorded, and
        /// they stay due.
        public var notStarted: [Pulled] = []
        /// Pulls in flight when the task was cancelled, abandoned before they were recorded:
        /// nothing of them is kept, and their feeds stay due.
        public var abandoned: [Pulled] = []

        /// One warning of one successful pull.
        public struct Warning: Sendable, Hashable {
            /// The outlet id.
            public var outlet: String
            /// The feed URL.
            public var url: String
            /// The warning, as the pull log's `error` column has it (among others, `; `-separated).
            public var text: String
        }

        /// One failed feed.
        public struct Failure: Sendable, Hashable {
            /// The outlet id.
            public var outlet: String
            /// The feed URL.
            public var url: String
            /// Why it failed.
            public var failure: PullFailure
            /// Why it failed, one line (as the pull log has it).
            public var reason: String { failure.description }
        }

        /// One feed not pulled.
        public struct Skipped: Sendable, Hashable {
            /// The outlet id.
            public var outlet: String
            /// The feed URL.
            public var url: String
            /// Why it was not pulled.
            public var hold: SchedulePolicy.Hold
        }

        /// One feed pulled.
        public struct Pulled: Sendable, Hashable {
            /// The outlet id.
            public var outlet: String
            /// The feed URL.
            public var url: String
        }

        /// One feed whose URL moved (301/308 seen on enough pulls).
        public struct Moved: Sendable, Hashable {
            /// The outlet id.
            public var outlet: String
            /// The URL before.
            public var from: String
            /// The URL pulled from now on.
            public var to: String
        }

        /// Adds one feed's report.
        mutating func add(_ report: Report) {
            feeds += 1
            switch report.outcome {
            case .fetched: fetched += 1
            case .notModified: notModified += 1
            case .failed(let failure):
                failed.append(Failure(outlet: report.target.outlet, url: report.pulledURL, failure: failure))
            }
            newItems += report.newItems
            newVersions += report.newVersions
            if let to = report.movedTo {
                moved.append(Moved(outlet: report.target.outlet, from: report.pulledURL, to: to))
            }
            if report.retired { retired.append(report.pulledURL) }
            if report.cutOff {
                cutOff.append(Pulled(outlet: report.target.outlet, url: report.pulledURL))
            }
            for text in report.warnings {
                warnings.append(Warning(outlet: report.target.outlet, url: report.pulledURL, text: text))
            }
        }
    }

    /// One configured feed ready to pull: its outlet, its stored schedule and its base interval.
    public struct Target: Sendable, Hashable {
        /// The outlet id.
        public var outlet: String
        /// The feed as stored.
        public var feed: Store.ScheduledFeed
        /// The configured interval in seconds (the feed's own, or the list's default).
        public var baseInterval: Double

        /// Creates a target.
        ///
        /// - Parameters:
        ///   - outlet: The outlet id.
        ///   - feed: The feed as stored.
        ///   - baseInterval: The configured interval in seconds.
        public init(outlet: String, feed: Store.ScheduledFeed, baseInterval: Double) {
            self.outlet = outlet
            self.feed = feed
            self.baseInterval = baseInterval
        }
    }

    /// What one pull of one feed did.
    public struct Report: Sendable, Hashable {
        /// How a pull ended, for counting.
        public enum Outcome: Sendable, Hashable {
            /// A 200 that parsed.
            case fetched
            /// A 304.
            case notModified
            /// Anything else, with why.
            case failed(PullFailure)
        }

        /// The feed after the pull (its new schedule).
        public var target: Target
        /// The URL that was pulled.
        public var pulledURL: String
        /// How the pull ended.
        public var outcome: Outcome
        /// The final HTTP status, when a response arrived.
        public var statusCode: Int?
        /// Body bytes received (after decompression).
        public var bytes: Int
        /// How long the fetch took, in seconds (wall time, without the wait for a free slot).
        public var seconds: Double
        /// New items stored.
        public var newItems: Int
        /// New versions of known items stored.
        public var newVersions: Int
        /// The new URL when this pull adopted a permanent move.
        public var movedTo: String?
        /// Whether this pull retired the feed (410).
        public var retired: Bool
        /// Whether the document was cut off before its root element closed
        /// (``BylineFeed/Feed/isTruncated``): the items read are stored, the pull is recorded as
        /// successful with ``FeedPuller/cutOffWarning`` and is no evidence that missing items
        /// left the feed (``BylineStore/PullInput/cutOff``).
        public var cutOff = false
        /// What the pull log's `error` column keeps for a successful pull, one warning each:
        /// the document's (``FeedPuller/warnings(of:listedBy:)``: it was cut off, the first
        /// parse warnings such as an unparseable date or what a limit left out, a count of the
        /// rest), entries repeated a guid (``BylineStore/PullInput/repeatedKeyWarning``); for a
        /// failed pull, a Retry-After cut to
        /// the policy's ceiling (``SchedulePolicy/retryAfterNote(result:failure:now:)``). Empty
        /// for a clean pull.
        public var warnings: [String] = []
    }

    /// The warning recorded with (and printed for) a pull of a feed document that was cut off,
    /// when where it was cut is not known.
    public static let cutOffWarning = cutOffWarning(stoppedBy: nil)

    /// How many of a document's parse warnings a pull's warnings name: 3, so that the pull log
    /// keeps a short line per pull (a feed can carry a warning per entry); the rest are counted.
    public static let warningsNamed = 3

    /// Where a pull over HTTP points for the warnings it counts but does not name
    /// (``warnings(of:listedBy:)``): `byline parse` of the feed's document.
    public static let feedLister = "byline parse of the feed's document"

    /// The warnings of a pull of `feed` (as ``BylineFeed/FeedParser`` read it), which the pull
    /// log's `error` keeps joined by `; ` and `pull` prints; empty for a clean document. The
    /// same for a pull over HTTP and an imported snapshot of the same bytes:
    ///
    /// 1. ``cutOffWarning(stoppedBy:cutOff:)`` when the document was cut off
    ///    (``BylineFeed/Feed/isTruncated``);
    /// 2. the first ``warningsNamed`` of the parser's ``BylineFeed/Feed/warnings`` (an item's
    ///    unparseable date, an undefined entity, what a limit left out), in document order,
    ///    without the reason a limit stopped the reading or where the document was cut off
    ///    (the cut-off warning names them);
    /// 3. one counting the rest: `and 3 more unparseable dates; see anomalies.csv` when each is
    ///    an item's date (the report lists every one as `unreadable_date`), else `and 3 more
    ///    warnings; <listedBy> lists them all`.
    ///
    /// - Parameters:
    ///   - feed: The parsed document.
    ///   - listedBy: What lists every warning, for the count of the others: ``feedLister`` for a
    ///     pull, `byline parse of the snapshot` for an import.
    /// - Returns: The warnings, each one line.
    public static func warnings(of feed: Feed, listedBy: String) -> [String] {
        var parsed = feed.warnings
        if feed.isTruncated, let named = feed.stoppedBy ?? feed.cutOff, let at = parsed.firstIndex(of: named) { parsed.remove(at: at) }
        return warnings(parsed, cutOff: feed.isTruncated ? cutOffWarning(stoppedBy: feed.stoppedBy, cutOff: feed.cutOff) : nil,
                        listedBy: listedBy)
    }

    /// ``warnings(of:listedBy:)`` of the parser's `warnings` and a cut-off warning `cutOff`.
    static func warnings(_ warnings: [String], cutOff: String?, listedBy: String) -> [String] {
        var parts = (cutOff.map { [$0] } ?? []) + warnings.prefix(warningsNamed)
        let more = warnings.dropFirst(warningsNamed)
        if !more.isEmpty {
            let dates = more.allSatisfy { $0.hasPrefix("item ") && $0.contains(": unparseable date '") }
            parts.append(dates
                ? "and \(more.count) more unparseable \(more.count == 1 ? "date" : "dates"); see anomalies.csv"
                : "and \(more.count) more \(more.count == 1 ? "warning" : "warnings"); \(listedBy) lists them all")
        }
        return parts
    }

    /// The warning recorded with (and printed for) a pull of a feed document whose root element
    /// did not close: the document ends early (`stoppedBy` nil: `the feed is cut off (line 3:
    /// the document ends before its root element closes, inside an item, which is left out):
    /// ...`, with the parser's ``BylineFeed/Feed/cutOff`` when given), or a limit stopped the
    /// reading (``BylineFeed/Feed/stoppedBy``: `the reading stopped before the root element
    /// closed (line 3: elements nested deeper than 256; the rest was skipped): ...`).
    public static func cutOffWarning(stoppedBy: String?, cutOff: String? = nil) -> String {
        let cause = stoppedBy.map { "the reading stopped before the root element closed (\($0))" }
            ?? "the feed is cut off (\(cutOff ?? "the document ends before its root element closes"))"
        return cause + ": the items read are kept, and the pull is not taken to show which items left the feed"
    }

    let store: any IngestStore
    let fetcher: Fetcher
    let policy: SchedulePolicy
    let clock: any PullClock

    /// Creates a puller recording into `store` through `fetcher`.
    ///
    /// - Parameters:
    ///   - store: Where pulls, items and schedules are recorded (SQLite or PostgreSQL).
    ///   - fetcher: The HTTP side (its `now` should read `clock`).
    ///   - policy: The schedule rules.
    ///   - clock: The time used for due decisions and stored due times.
    public init(store: any IngestStore, fetcher: Fetcher, policy: SchedulePolicy = .init(), clock: any PullClock = SystemPullClock()) {
        self.store = store
        self.fetcher = fetcher
        self.policy = policy
        self.clock = clock
    }

    /// How long a lease on a feed lasts, in seconds: past the fetcher's longest pull (30 s total
    /// timeout) with room for recording it; a killed worker's feeds are taken over after this.
    public static let leaseSeconds: Double = 120

    /// This process's name as a lease owner: host, process id and a random part.
    public static let workerID: String = {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }()

    /// Upserts the list's outlets and feeds and returns every feed with its stored schedule, in
    /// list order.
    ///
    /// The whole list is checked against the stored feeds before anything is written: a list
    /// refused for a feed of another outlet stores none of its outlets and feeds (not those
    /// listed before the refused feed either).
    ///
    /// - Throws: ``StoreError`` when the database cannot be written;
    ///   ``PipelineError/feedOfAnotherOutlet(url:stored:listed:)`` when a feed of the list is
    ///   stored under another outlet (the first such feed in list order).
    public func targets(_ list: FeedList) async throws -> [Target] {
        var targets: [Target] = []
        // The outlet of each stored feed by its normalised URLs (current and configured), so that
        // `HTTP://x/rss` in this list is not made a second feed of `http://x/rss` stored for
        // another outlet.
        var storedOwners: [String: String] = [:]
        for feed in try await store.scheduledFeeds() {
            for url in feed.comparableURLs { storedOwners[url] = feed.state.outletID }
        }
        for outlet in list.outlets {
            for feed in outlet.feeds {
                if let owner = storedOwners[FeedURL.comparable(feed.url)], owner != outlet.id {
                    throw PipelineError.feedOfAnotherOutlet(url: feed.url, stored: owner, listed: outlet.id)
                }
            }
        }
        for outlet in list.outlets {
            try await store.upsertOutlet(OutletInfo(id: outlet.id, name: outlet.name, homepage: outlet.homepage,
                                                    country: outlet.country, language: outlet.language, aliases: outlet.aliases,
                                                    organisation: outlet.organisation))
            for feed in outlet.feeds {
                // Checked above; this catches a feed another process stored meanwhile.
                let scheduled = try await store.scheduledFeed(outletID: outlet.id, configURL: feed.url)
                guard scheduled.state.outletID == outlet.id else {
                    throw PipelineError.feedOfAnotherOutlet(url: feed.url, stored: scheduled.state.outletID, listed: outlet.id)
                }
                targets.append(Target(outlet: outlet.id, feed: scheduled, baseInterval: Double(list.intervalSeconds(of: feed))))
            }
        }
        return targets
    }

    /// Pulls the feeds of `list` that are due (all of them with `all`, except retired ones and
    /// those inside a Retry-After), concurrently, recording each as it finishes.
    ///
    /// A pull starts only when the fetcher would run it at once (fewer than
    /// ``BylineFetch/FetchSettings/maxConcurrent`` pulls in flight, and fewer than
    /// ``BylineFetch/FetchSettings/perHostLimit`` to its host), in list order, skipping feeds whose
    /// host is busy; `shouldStart` is asked before each. Once it says no (a command asked to
    /// stop), or the task is cancelled, no other pull starts: the pulls in flight finish and are
    /// recorded, and the due feeds not started are listed in ``Summary/notStarted``. When the
    /// task is cancelled, the pulls in flight are abandoned unrecorded (``Summary/abandoned``;
    /// each recorded pull is one transaction, so nothing half-written is kept).
    ///
    /// On a store that shares its schedule (PostgreSQL), the due feeds are leased first
    /// (``BylineStore/IngestStore/lease(feedIDs:owner:now:until:isDue:)``, for ``leaseSeconds``):
    /// a feed another worker is pulling is skipped as ``SchedulePolicy/Hold/leased(until:)``, one
    /// it pulled meanwhile as not due.
    ///
    /// - Parameters:
    ///   - list: The outlets and feeds.
    ///   - all: Ignore due times and backoff (`byline pull --all`); never Retry-After or retirement.
    ///   - progress: Called after each feed is recorded, one call at a time, with (feeds done,
    ///     feeds to pull, the summary so far).
    ///   - onReport: Called with each feed's report once it is recorded (its outcome known:
    ///     parsed, not modified or failed), one call at a time, before `progress`.
    ///   - shouldStart: Asked before each pull starts, one call at a time; false starts none
    ///     from then on.
    /// - Returns: Counts of what happened, with each failure, skipped, not started and
    ///   abandoned feed named.
    /// - Throws: ``StoreError`` only when the database cannot be written (that pull is rolled
    ///   back; pulls recorded before it stay); ``PipelineError/feedOfAnotherOutlet(url:stored:listed:)``
    ///   before any pull when a feed of the list is stored under another outlet.
    public func pull(
        _ list: FeedList, all: Bool = false,
        progress: @Sendable (Int, Int, Summary) -> Void = { _, _, _ in },
        onReport: @Sendable (Report) -> Void = { _ in },
        shouldStart: @Sendable () -> Bool = { true }
    ) async throws -> Summary {
        let now = clock.now()
        var summary = Summary()
        var due: [Target] = []
        for target in try await targets(list) {
            if let hold = policy.hold(target.feed, at: now, ignoringDueTime: all) {
                summary.skipped.append(.init(outlet: target.outlet, url: target.feed.state.url, hold: hold))
            } else {
                due.append(target)
            }
        }
        if store.sharesSchedule && !due.isEmpty {
            let policy = self.policy
            let leases = try await store.lease(feedIDs: due.map(\.feed.state.id), owner: Self.workerID, now: now,
                                               until: now.addingTimeInterval(Self.leaseSeconds)) { feed in
                policy.hold(feed, at: now, ignoringDueTime: all) == nil
            }
            var taken: [Target] = []
            for var target in due {
                switch leases[target.feed.state.id] {
                case .taken(let feed):
                    target.feed = feed
                    taken.append(target)
                case .notDue(let feed):
                    let hold = policy.hold(feed, at: now, ignoringDueTime: all) ?? .notDue(until: feed.nextDueAt ?? now)
                    summary.skipped.append(.init(outlet: target.outlet, url: feed.state.url, hold: hold))
                case .held(let until, let feed):
                    summary.skipped.append(.init(outlet: target.outlet, url: feed.state.url, hold: .leased(until: until)))
                case nil:
                    summary.skipped.append(.init(outlet: target.outlet, url: target.feed.state.url, hold: .leased(until: now)))
                }
            }
            due = taken
        }
        let total = due.count
        let limits = fetcher.settings
        let maxConcurrent = max(1, limits.maxConcurrent)
        let perHost = max(1, limits.perHostLimit)
        // The due feeds in list order, each with its host (``BylineFetch/Fetcher/hostKey(_:)``),
        // and which have started: marked, not removed, so that a list of 10,000 feeds is not
        // copied down once per pull. Feeds before `firstWaiting` have all started.
        let waiting = due.map { (target: $0, host: Fetcher.hostKey($0.feed.state.url)) }
        var started = [Bool](repeating: false, count: waiting.count)
        var firstWaiting = 0
        try await withThrowingTaskGroup(of: Finished.self) { group in
            var running: [String: Int] = [:]
            var inFlight = 0
            var stopping = false
            while true {
                while firstWaiting < waiting.count, started[firstWaiting] { firstWaiting += 1 }
                var index = firstWaiting
                while !stopping, index < waiting.count, inFlight < maxConcurrent {
                    let host = waiting[index].host
                    guard !started[index], running[host, default: 0] < perHost else {
                        index += 1
                        continue
                    }
                    if Task.isCancelled || !shouldStart() {
                        stopping = true
                        break
                    }
                    started[index] = true
                    let target = waiting[index].target
                    index += 1
                    running[host, default: 0] += 1
                    inFlight += 1
                    group.addTask {
                        do {
                            return .recorded(try await self.pull(target), host: host)
                        } catch is CancellationError {
                            return .abandoned(target, host: host)
                        }
                    }
                }
                guard let finished = try await group.next() else { break }
                inFlight -= 1
                switch finished {
                case .recorded(let report, let host):
                    running[host, default: 1] -= 1
                    summary.add(report)
                    onReport(report)
                    progress(summary.feeds, total, summary)
                case .abandoned(let target, let host):
                    running[host, default: 1] -= 1
                    summary.abandoned.append(Summary.Pulled(outlet: target.outlet, url: target.feed.state.url))
                }
            }
        }
        summary.notStarted = zip(waiting, started).filter { !$0.1 }.map { Summary.Pulled(outlet: $0.0.target.outlet, url: $0.0.target.feed.state.url) }
        return summary
    }

    /// A pull of ``pull(_:all:progress:onReport:shouldStart:)`` that ended: recorded, or
    /// abandoned by cancellation; with its host.
    private enum Finished: Sendable {
        case recorded(Report, host: String)
        case abandoned(Target, host: String)
    }

    /// The failure of a pull whose redirects led to the URL of another feed the store holds
    /// (its current or its config URL; every hop is checked, in order): that feed's items would
    /// be stored again under this one. `nil` when no hop did (or there was no redirect).
    ///
    /// A redirect to another feed of the same outlet is refused too: its items would be counted
    /// under two feeds of the outlet, and a 301 to it could not be adopted anyway (the store
    /// keeps one feed per URL).
    ///
    /// - Throws: ``StoreError`` when the store's feeds cannot be read.
    func redirectToAnotherFeed(_ redirects: [FetchResult.Redirect], of feed: Store.ScheduledFeed) async throws -> PullFailure? {
        guard !redirects.isEmpty else { return nil }
        // The other feeds by their normalised URLs, each normalised once; of two feeds with one
        // URL, the first in the store's order.
        var others: [String: Store.ScheduledFeed] = [:]
        for other in try await store.scheduledFeeds() where other.state.id != feed.state.id {
            for url in other.comparableURLs where others[url] == nil { others[url] = other }
        }
        for hop in redirects {
            if let other = others[FeedURL.comparable(hop.to)] {
                return .redirectedToFeed(url: hop.to, outlet: other.state.outletID,
                                         sameOutlet: other.state.outletID == feed.state.outletID)
            }
        }
        return nil
    }

    /// Pulls one feed now and records the pull and the feed's new schedule in one transaction.
    ///
    /// - Parameter target: The feed (as returned by ``targets(_:)`` or a previous report).
    /// - Returns: What happened, with the feed's new schedule.
    /// - Throws: ``StoreError`` when the database cannot be written; `CancellationError` when the
    ///   task was cancelled during the fetch (nothing is recorded: the pull is abandoned and the
    ///   feed stays due).
    public func pull(_ target: Target) async throws -> Report {
        let feed = target.feed
        let result = await fetcher.fetch(FetchRequest(url: feed.state.url, etag: feed.state.etag, lastModified: feed.state.lastModified))
        try Task.checkCancellation()
        var pull = PullInput(feedID: feed.state.id, at: result.startedAt, status: .ok, httpStatus: result.statusCode,
                             bytes: result.bytes, source: result.finalURL, elapsed: result.elapsed)
        // A redirect to another stored feed fails the pull before anything is read: what came
        // back is that feed's, and its items would be stored again under this one.
        var failure: PullFailure? = try await redirectToAnotherFeed(result.redirects, of: feed)
        var ttl: Int?
        var warnings: [String] = []
        switch failure == nil ? result.outcome : .failed {
        case .fetched:
            do throws(FeedError) {
                let document = try FeedParser().parse(Data(result.body), url: result.finalURL, contentType: result.contentType)
                pull.items = document.items
                if document.isTruncated {
                    // No validators: the next conditional GET must not be answered 304 for
                    // a document only part of which was read.
                    pull.cutOff = true
                } else {
                    pull.etag = result.etag
                    pull.lastModified = result.lastModified
                }
                // What `import` records for a snapshot of the same bytes: the parser's warnings
                // (unparseable dates, entities, what a limit left out), the first few named.
                warnings = Self.warnings(of: document, listedBy: Self.feedLister)
                if !warnings.isEmpty { pull.error = warnings.joined(separator: "; ") }
                // The store appends it to the pull's `error` (``BylineStore/PullInput/keyedItems``).
                if let repeated = pull.repeatedKeyWarning { warnings.append(repeated) }
                ttl = document.ttl
            } catch {
                failure = .notAFeed(error)
            }
        case .notModified:
            pull.status = .notModified
        case .failed:
            failure = failure ?? .fetch(result.failure ?? .other("failed"), after: result.redirects)
        }
        if let failure {
            pull.status = .failed
            pull.error = failure.description
            // A Retry-After past the policy's ceiling is cut to it: said, not hidden.
            warnings = self.policy.retryAfterNote(result: result, failure: failure, now: result.startedAt).map { [$0] } ?? []
            if !warnings.isEmpty { pull.error = ([failure.description] + warnings).joined(separator: "; ") }
        }
        let outcome: Report.Outcome = failure.map { .failed($0) } ?? (result.outcome == .notModified ? .notModified : .fetched)
        let policy = self.policy
        let feedBefore = feed
        let base = target.baseInterval
        let pullFailure = failure
        let ttlMinutes = ttl
        let recorded = try await store.record(pull) { summary in
            policy.update(feedBefore, base: base, result: result, failure: pullFailure, newItems: summary.newItems,
                          ttlMinutes: ttlMinutes, now: result.startedAt)
        }
        var updated = target
        if let stored = try await store.scheduledFeed(id: feed.state.id) { updated.feed = stored }
        return Report(
            target: updated, pulledURL: feed.state.url, outcome: outcome, statusCode: result.statusCode,
            bytes: result.bytes, seconds: result.elapsed, newItems: recorded.newItems, newVersions: recorded.newVersions,
            movedTo: updated.feed.state.url != feed.state.url ? updated.feed.state.url : nil,
            retired: feed.retiredAt == nil && updated.feed.retiredAt != nil, cutOff: pull.cutOff,
            warnings: warnings)
    }
}

extension Store.ScheduledFeed {
    /// Its current URL and its config URL (when it has one), normalised (``BylineFetch/FeedURL/comparable(_:)``).
    var comparableURLs: [String] {
        ([state.url] + (configURL.map { [$0] } ?? [])).map(FeedURL.comparable)
    }
}
