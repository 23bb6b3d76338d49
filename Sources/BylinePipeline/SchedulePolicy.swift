public import Foundation
public import BylineStore
public import BylineFetch

/// When a feed is next pulled, and what a pull's outcome does to the feed: the rules mature feed
/// readers follow, as one pure value so that they can be tested without a network or a clock.
///
/// - **Interval**: each feed starts at its configured interval (the *base*, seconds). A pull
///   that brought new items shortens the interval by ``shortenFactor``; a pull without new items
///   (or a 304) lengthens it by ``lengthenFactor``; it stays within `base × minimumFactor ...
///   base × maximumFactor`, and within ``floorSeconds`` ... ``ceilingSeconds``.
/// - **Lower bounds**: the next pull is never sooner than the feed's RSS `<ttl>` (minutes), the
///   response's `Cache-Control: max-age` (RFC 9111 §5.2.2.1) or its `Retry-After`
///   (RFC 9110 §10.2.3), each capped at ``ceilingSeconds``.
/// The rules branch on the pull's ``PullFailure`` (nil for a pull that succeeded: a 304, or a
/// 200 that parsed as a feed):
/// - **429 and 503** (``BylineFetch/FetchFailure/status(_:)``) with `Retry-After`: the feed is
///   not pulled before that time, not even by `byline pull --all` (``Store/ScheduledFeed/retryUntil``),
///   but held for at most ``ceilingSeconds`` (a bogus header must not park a feed for ever); a
///   hold cut so is said in the pull log (``retryAfterNote(result:failure:now:)``).
/// - **410 Gone** retires the feed (RFC 9110 §15.5.11): it is never pulled again until the
///   config names it anew (a new URL).
/// - **Every other failure** (timeout, DNS, TLS, connection, other statuses, 429/503 without
///   `Retry-After`, size, redirects, a 200 that is not a feed): the next pull waits
///   `interval × 2^failures`, capped at ``maxBackoffSeconds`` (a day); the next success resets
///   the count.
/// - **301/308**: the stored URL moves to the redirect target once the same move was seen on
///   ``pullsToAdoptMove`` successful pulls in a row; 302/303/307 never move it.
/// - **Validators**: an ETag/Last-Modified that has kept answering 304 for longer than
///   ``validatorMaxAgeSeconds`` (a week) without a 200 is dropped, so that the next pull is an
///   unconditional GET (a server whose validators never change would otherwise hide new items).
public struct SchedulePolicy: Sendable, Hashable {
    /// The adapted interval is at least `base × minimumFactor`. Default 0.25.
    public var minimumFactor: Double
    /// The adapted interval is at most `base × maximumFactor`. Default 4.
    public var maximumFactor: Double
    /// The shortest interval ever, seconds. Default 60.
    public var floorSeconds: Double
    /// The longest interval, backoff or lower bound ever, seconds. Default 86,400 (a day).
    public var ceilingSeconds: Double
    /// The interval is multiplied by this after a pull with new items. Default 0.75.
    public var shortenFactor: Double
    /// The interval is multiplied by this after a pull without new items. Default 1.25.
    public var lengthenFactor: Double
    /// The longest backoff after failures, seconds. Default 86,400 (a day).
    public var maxBackoffSeconds: Double
    /// Validators older than this (seconds since the last 200) are dropped on a 304. Default a week.
    public var validatorMaxAgeSeconds: Double
    /// Successful pulls in a row that must see the same permanent redirect before the stored
    /// URL moves. Default 2.
    public var pullsToAdoptMove: Int

    /// Creates a policy; every parameter has the default documented on its property.
    ///
    /// - Parameters: One per property; see each property.
    public init(
        minimumFactor: Double = 0.25, maximumFactor: Double = 4, floorSeconds: Double = 60,
        ceilingSeconds: Double = 86_400, shortenFactor: Double = 0.75, lengthenFactor: Double = 1.25,
        maxBackoffSeconds: Double = 86_400, validatorMaxAgeSeconds: Double = 7 * 86_400, pullsToAdoptMove: Int = 2
    ) {
        self.minimumFactor = minimumFactor
        self.maximumFactor = maximumFactor
        self.floorSeconds = floorSeconds
        self.ceilingSeconds = ceilingSeconds
        self.shortenFactor = shortenFactor
        self.lengthenFactor = lengthenFactor
        self.maxBackoffSeconds = maxBackoffSeconds
        self.validatorMaxAgeSeconds = validatorMaxAgeSeconds
        self.pullsToAdoptMove = pullsToAdoptMove
    }

    /// Why a feed is not pulled now.
    public enum Hold: Sendable, Hashable, CustomStringConvertible {
        /// Retired by a 410 at this time (UTC).
        case retired(since: Date)
        /// The server's Retry-After runs until this time (UTC).
        case retryAfter(until: Date)
        /// Backing off after this many failures, until this time (UTC).
        case backoff(failures: Int, until: Date)
        /// Not due before this time (UTC).
        case notDue(until: Date)
        /// Being pulled by another worker sharing the store, whose lease runs until this time (UTC).
        case leased(until: Date)

        /// `retired (410) since 2021-09-19T08:30:00Z`, `Retry-After until ...`, `backing off after
        /// 3 failures until ...`, `not due until ...`.
        public var description: String {
            switch self {
            case .retired(let since): "retired (410) since \(Self.iso(since))"
            case .retryAfter(let until): "Retry-After until \(Self.iso(until))"
            case .backoff(let failures, let until): "backing off after \(failures) failure\(failures == 1 ? "" : "s") until \(Self.iso(until))"
            case .notDue(let until): "not due until \(Self.iso(until))"
            case .leased(let until): "being pulled by another worker (lease until \(Self.iso(until)))"
            }
        }

        static func iso(_ date: Date) -> String {
            date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
        }
    }

    /// Why `feed` may not be pulled at `now`, or `nil` when it may.
    ///
    /// - Parameters:
    ///   - feed: The feed and its stored schedule.
    ///   - now: The current time, UTC.
    ///   - ignoringDueTime: `byline pull --all`: pull feeds that are not due and feeds that back
    ///     off, but never a retired feed or one inside its Retry-After.
    /// - Returns: The hold, or `nil` when the feed may be pulled.
    public func hold(_ feed: Store.ScheduledFeed, at now: Date, ignoringDueTime: Bool = false) -> Hold? {
        if let retired = feed.retiredAt { return .retired(since: retired) }
        if let until = feed.retryUntil, until > now { return .retryAfter(until: until) }
        guard !ignoringDueTime, let due = feed.nextDueAt, due > now else { return nil }
        return feed.state.failures > 0 ? .backoff(failures: feed.state.failures, until: due) : .notDue(until: due)
    }

    /// When `feed` may next be pulled: its due time, or the end of its Retry-After if later;
    /// `nil` for a retired feed.
    public func wakeTime(_ feed: Store.ScheduledFeed, now: Date) -> Date? {
        if feed.retiredAt != nil { return nil }
        let due = feed.nextDueAt ?? now
        guard let until = feed.retryUntil else { return due }
        return max(due, until)
    }

    /// The interval bounds for a feed whose configured interval is `base` seconds.
    public func bounds(base: Double) -> ClosedRange<Double> {
        let low = min(max(floorSeconds, base * minimumFactor), ceilingSeconds)
        let high = max(low, min(ceilingSeconds, base * maximumFactor))
        return low...high
    }

    /// The feed's schedule after a pull.
    ///
    /// - Parameters:
    ///   - feed: The feed as stored before the pull.
    ///   - base: The configured interval in seconds.
    ///   - result: What the fetcher returned (its redirects, `Retry-After`, `max-age`).
    ///   - failure: Why the pull failed (the fetch's ``BylineFetch/FetchResult/failure``, or a
    ///     200 that is not a feed), or nil when it succeeded (a 304, or a 200 that parsed).
    ///   - newItems: New items the pull stored.
    ///   - ttlMinutes: The feed's RSS `<ttl>`, when it parsed and had one.
    ///   - now: When the pull started (UTC): the base of every time computed.
    /// - Returns: The new schedule columns.
    public func update(
        _ feed: Store.ScheduledFeed, base: Double, result: FetchResult, failure: PullFailure?, newItems: Int,
        ttlMinutes: Int?, now: Date
    ) -> Store.ScheduleUpdate {
        let range = bounds(base: base)
        var interval = min(max(feed.interval ?? base, range.lowerBound), range.upperBound)
        var update = Store.ScheduleUpdate(
            nextDueAt: now, interval: interval, retryUntil: nil, retiredAt: feed.retiredAt, movedTo: feed.movedTo,
            movedSeen: feed.movedSeen, lastFetchedAt: feed.lastFetchedAt)
        if !result.redirects.isEmpty {
            update.redirects = result.redirects.map { "\($0.statusCode) \($0.from) -> \($0.to)" }.joined(separator: "\n")
        }
        guard let failure else {
            if let target = result.permanentMove, target != feed.state.url {
                let seen = (feed.movedTo == target ? feed.movedSeen : 0) + 1
                if seen >= pullsToAdoptMove {
                    update.newURL = target
                    update.movedTo = nil
                    update.movedSeen = 0
                } else {
                    update.movedTo = target
                    update.movedSeen = seen
                }
            } else {
                update.movedTo = nil
                update.movedSeen = 0
            }
            interval = newItems > 0 ? interval * shortenFactor : interval * lengthenFactor
            interval = min(max(interval, range.lowerBound), range.upperBound)
            update.interval = interval
            var wait = interval
            if let ttlMinutes { wait = max(wait, min(Double(ttlMinutes) * 60, ceilingSeconds)) }
            if let maxAge = result.maxAge { wait = max(wait, min(maxAge, ceilingSeconds)) }
            if let retryAfter = result.retryAfter {
                wait = max(wait, min(retryAfter, ceilingSeconds))
            }
            update.nextDueAt = now.addingTimeInterval(wait)
            if result.outcome == .fetched {
                update.lastFetchedAt = now
            } else if let fetched = feed.lastFetchedAt, now.timeIntervalSince(fetched) > validatorMaxAgeSeconds {
                update.dropValidators = true
            }
            return update
        }
        switch failure.fetchFailure {
        case .status(410):
            update.retiredAt = now
            update.nextDueAt = now.addingTimeInterval(ceilingSeconds)
        case .status(let code) where (code == 429 || code == 503) && result.retryAfter != nil:
            let wait = min(result.retryAfter ?? 0, ceilingSeconds)
            update.retryUntil = now.addingTimeInterval(wait)
            update.nextDueAt = now.addingTimeInterval(max(wait, interval))
        default:
            let failures = feed.state.failures + 1
            update.nextDueAt = now.addingTimeInterval(backoff(interval: interval, failures: failures))
        }
        return update
    }

    /// What the pull log says of a 429 or 503 whose Retry-After runs past ``ceilingSeconds``:
    /// `Retry-After 2099-10-21T07:28:00Z, held for at most a day (until 2021-09-20T08:00:00Z)`
    /// (the time the server asked for, to the second, and the end of the hold); nil for any other
    /// pull, and for a Retry-After within the ceiling (the feed is held that long).
    ///
    /// - Parameters:
    ///   - result: What the fetcher returned (its `Retry-After`, seconds after the response).
    ///   - failure: Why the pull failed, or nil.
    ///   - now: When the pull started (UTC), as given to ``update(_:base:result:failure:newItems:ttlMinutes:now:)``.
    public func retryAfterNote(result: FetchResult, failure: PullFailure?, now: Date) -> String? {
        guard case .status(let code) = failure?.fetchFailure, code == 429 || code == 503,
              let asked = result.retryAfter, asked > ceilingSeconds else { return nil }
        let askedTime = Date(timeIntervalSince1970: now.addingTimeInterval(asked).timeIntervalSince1970.rounded())
        let most = ceilingSeconds == 86_400 ? "a day" : "\(Int(ceilingSeconds)) s"
        return "Retry-After \(Hold.iso(askedTime)), held for at most \(most) (until \(Hold.iso(now.addingTimeInterval(ceilingSeconds))))"
    }

    /// Seconds to wait after `failures` failures in a row: `interval × 2^failures`, at most
    /// ``maxBackoffSeconds``.
    public func backoff(interval: Double, failures: Int) -> Double {
        min(maxBackoffSeconds, interval * pow(2, Double(min(max(failures, 0), 30))))
    }
}
