import BylineText
public import Foundation

/// Which evidence an item's (or a fact's) time rests on.
///
/// See "Time is evidence" in the README: feeds lie about time, so a credit always says what it
/// is based on.
public enum TimeSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// The publisher's time (pubDate, dc:date, atom:published), used because it falls inside the
    /// observed window: after the feed's previous pull without the item, and no later than the
    /// pull that first saw it (plus ``ObservedTime/clockSkew``).
    case published
    /// The publisher's date gave only the day (no time of day, or 00:00 in its own zone), and
    /// that day meets the observed window: the item appeared in the part of the day inside the
    /// window, at the latest at the earlier of the day's end and `first_seen`.
    case publishedDay = "published_day"
    /// The observed window `(previous pull, first_seen]`; the publisher gave no time or one
    /// that contradicts the window.
    case window
    /// Only `first_seen`: the item was already there at the first pull of its feed, so nothing
    /// bounds it from below, and the publisher time is absent or later than `first_seen`.
    case firstSeen = "first_seen"
}

/// When an item (or the version of it that first carried a fact) appeared, with its evidence.
///
/// The item appeared inside `(previousPull, firstSeen]`. A publisher time inside that window
/// narrows it to a point. All times are UTC `Date`s; comparisons are to the second.
public struct ObservedTime: Sendable, Hashable, Codable {
    /// How far past `firstSeen` a publisher time may lie and still count as consistent: clocks of
    /// feed servers and of Byline differ by a little. 120 seconds.
    public static let clockSkew: TimeInterval = 120

    /// The earliest publisher time that can be true: 1997-01-01T00:00:00Z, before any RSS or
    /// Atom feed existed. An earlier one (year 1, the Unix epoch, a zero date) is a placeholder
    /// or a mistake, and is not evidence.
    public static let earliestPlausible = Date(timeIntervalSince1970: 852_076_800)

    /// When Byline first saw the item (the pull time, or the capture time of an archive file).
    public var firstSeen: Date
    /// The last successful pull of the same feed before `firstSeen`, which did not have the
    /// item; nil when `firstSeen` is the feed's first pull.
    public var previousPull: Date?
    /// What the publisher says (pubDate, dc:date, atom:published), possibly wrong or absent.
    public var published: Date?
    /// Nil when `published` gives a time of day (or is absent). When it gives only the day (its
    /// text had no time, or 00:00 in its own zone; `FeedItem.publishedDayOffset` of BylineFeed),
    /// the offset of the zone it was written in, in seconds east of UTC: `published` is then
    /// the start of that day, and the publisher says only that the item appeared in
    /// `[published, published + 86,400 s)`.
    public var publishedDayOffset: Int?

    /// Creates the evidence for one appearance.
    ///
    /// - Parameters:
    ///   - firstSeen: the pull that first saw it.
    ///   - previousPull: the feed's pull before, nil at its first pull.
    ///   - published: the publisher time.
    ///   - publishedDayOffset: see ``publishedDayOffset``; nil for a time of day.
    public init(firstSeen: Date, previousPull: Date?, published: Date?, publishedDayOffset: Int? = nil) {
        self.firstSeen = firstSeen
        self.previousPull = previousPull
        self.published = published
        self.publishedDayOffset = publishedDayOffset
    }

    /// Whether the publisher gave only a day (``publishedDayOffset`` set with a `published`).
    public var publishedIsDayOnly: Bool { published != nil && publishedDayOffset != nil }

    /// The end (exclusive) of the publisher's day when it gave only a day: `published` plus
    /// 86,400 seconds; nil otherwise.
    public var publishedDayEnd: Date? {
        guard publishedIsDayOnly, let published else { return nil }
        return published.addingTimeInterval(86_400)
    }

    /// The publisher's day as written, `2021-09-19 +0800` (the date in its own zone, and the
    /// zone's offset), when it gave only a day; nil otherwise.
    public var publishedDayText: String? {
        guard let published, let offset = publishedDayOffset,
              let local = UTCTime.fields(published.addingTimeInterval(TimeInterval(offset))) else { return nil }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(local.year).count)) + String(local.year)
        return "\(yearText)-\(two(local.month))-\(two(local.day)) \(sign)\(two(minutes / 60))\(two(minutes % 60))"
    }

    /// Whether `published` is consistent with the observed window, and not before
    /// ``earliestPlausible``.
    ///
    /// A time of day is consistent when it lies after `previousPull` (when there is one) and at
    /// most ``clockSkew`` after `firstSeen`. A day (``publishedIsDayOnly``) is consistent when
    /// it meets the window: it starts at most ``clockSkew`` after `firstSeen` and ends after
    /// `previousPull`.
    public var publishedIsConsistent: Bool {
        guard let published, published >= Self.earliestPlausible else { return false }
        if published > firstSeen.addingTimeInterval(Self.clockSkew) { return false }
        if let previousPull, (publishedDayEnd ?? published) <= previousPull { return false }
        return true
    }

    /// The length of observed window from which on it no longer checks a publisher time: 24
    /// hours (86,400 seconds).
    ///
    /// A feed's previous pull a day or more before the pull that first saw an item is a gap in
    /// Byline's record (an outage, a feed paused, or two archives imported into one store), not
    /// a check: within a day a feed turns over many of its items, so another outlet's report of
    /// the story may have come and gone unseen, as before a feed's first pull; and a pubDate
    /// wrong by hours (a wrong time zone) still falls inside such a window.
    public static let recordGap: TimeInterval = 86_400

    /// Whether a pull checks the publisher time: it is consistent (``source`` is `.published`)
    /// with a window shorter than ``recordGap``. False when the item was in its feed at the
    /// feed's first pull (no window) or appeared after a gap in Byline's pulls.
    public var pullChecksPublished: Bool {
        guard publishedIsConsistent, let previousPull else { return false }
        return firstSeen.timeIntervalSince(previousPull) < Self.recordGap
    }

    /// Whether this time rests on the publisher's word alone: ``source`` is `.published` or
    /// `.publishedDay` but no pull checks it (``pullChecksPublished``). Reports mark such a
    /// first report "by pubDate" and leave it out of the outlet's rate of first reports. A day
    /// without a pull to check it bounds the item by the publisher's word alone as a time does
    /// (the day's start from below, and its end from above when that comes before `firstSeen`).
    public var restsOnPubDateAlone: Bool { publishedIsConsistent && !pullChecksPublished }

    /// The evidence this time rests on.
    public var source: TimeSource {
        if publishedIsConsistent { return publishedIsDayOnly ? .publishedDay : .published }
        return previousPull == nil ? .firstSeen : .window
    }

    /// The earliest moment the item can have appeared (exclusive for a window), or nil when
    /// unbounded. A consistent publisher time gives a point, so `earliest == latest`; a
    /// consistent day gives the later of its start and `previousPull` (no later than
    /// ``latest``).
    public var earliest: Date? {
        if publishedIsConsistent, let published {
            if publishedIsDayOnly { return min(max(published, previousPull ?? published), latest) }
            return min(published, firstSeen)
        }
        return previousPull
    }

    /// The latest moment the item can have appeared: the publisher time when consistent (capped
    /// at `firstSeen`); for a consistent day, the earlier of the day's end and `firstSeen` (a
    /// day-only date never stands for its midnight); else `firstSeen`.
    public var latest: Date {
        if publishedIsConsistent, let published {
            if let end = publishedDayEnd { return min(end, firstSeen) }
            return min(published, firstSeen)
        }
        return firstSeen
    }

    /// The single best estimate of when the item appeared: ``latest``. Lags in reports are
    /// differences of these estimates.
    public var estimate: Date { latest }

    /// Whether the two appearances cannot be ordered: their intervals overlap.
    ///
    /// Two publisher points are ordered unless equal to the second; a window `(a, b]` and a point
    /// `p` overlap when `a < p <= b`; two windows overlap when each starts before the other ends.
    public func overlaps(_ other: ObservedTime) -> Bool {
        let (first, second) = latest <= other.latest ? (self, other) : (other, self)
        // `first` ends no later than `second`; they overlap unless `second` starts at or after
        // the end of `first`.
        guard let secondStart = second.earliest else { return true }
        if second.earliest == second.latest {
            // `second` is a point: overlap when it is not after `first` ends.
            if first.earliest == first.latest { return secondStart == first.latest }
            return secondStart <= first.latest
        }
        return secondStart < first.latest
    }
}

/// Who was first among several appearances of the same story or fact.
public struct Credit: Sendable, Hashable, Codable {
    /// The outlet with the earliest appearance (smallest ``ObservedTime/latest``; ties on that
    /// broken by outlet id so that the result is deterministic).
    public var outlet: String
    /// The evidence of the first appearance.
    public var time: ObservedTime
    /// Other outlets whose appearance cannot be ordered against the first one (overlapping
    /// windows), sorted by id. Non-empty means the credit is a tie, never a silent pick.
    public var tiedWith: [String]

    /// Creates a credit.
    public init(outlet: String, time: ObservedTime, tiedWith: [String]) {
        self.outlet = outlet
        self.time = time
        self.tiedWith = tiedWith
    }

    /// Whether the first place is shared.
    public var isTie: Bool { !tiedWith.isEmpty }

    /// Credits the first of `appearances`, one or more per outlet.
    ///
    /// The first is the outlet whose earliest appearance (the smallest latest bound) is the
    /// earliest of all. Another outlet is tied with it when any of its appearances cannot be
    /// ordered against the first's (``ObservedTime/overlaps(_:)``): an outlet whose report seen
    /// in a window that holds the first's time may have come before it, even when another of its
    /// reports, later but with an exact time, is its earliest.
    ///
    /// - Parameter appearances: `(outlet id, evidence)` pairs, in any order.
    /// - Returns: nil when `appearances` is empty.
    public static func first(of appearances: [(outlet: String, time: ObservedTime)]) -> Credit? {
        let ordered = earliestByOutlet(appearances).sorted { lhs, rhs in
            if lhs.value.latest != rhs.value.latest { return lhs.value.latest < rhs.value.latest }
            return lhs.key < rhs.key
        }
        guard let winner = ordered.first else { return nil }
        let tied = Set(appearances.filter { $0.outlet != winner.key && $0.time.overlaps(winner.value) }.map(\.outlet)).sorted()
        return Credit(outlet: winner.key, time: winner.value, tiedWith: tied)
    }

    /// Each outlet's earliest appearance, the one ``first(of:)`` lets compete: the smallest
    /// latest bound, then the smallest earliest bound.
    static func earliestByOutlet(_ appearances: [(outlet: String, time: ObservedTime)]) -> [String: ObservedTime] {
        var earliest: [String: ObservedTime] = [:]
        for appearance in appearances {
            if let known = earliest[appearance.outlet],
               (known.latest, known.earliest ?? .distantPast) <= (appearance.time.latest, appearance.time.earliest ?? .distantPast) {
                continue
            }
            earliest[appearance.outlet] = appearance.time
        }
        return earliest
    }
}
