public import Foundation

/// Something wrong with an item's publisher time, found by comparing it with what Byline saw.
public struct TimeAnomaly: Sendable, Hashable {
    /// What is wrong.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// No publisher time in any version: no date element (or only empty ones).
        case missingDate = "missing_date"
        /// No publisher time in any version, but a date element whose text no date rule reads
        /// (`Thursday, the 5th of never`); the detail is that text as the feed wrote it (of the
        /// first version that has one).
        case unreadableDate = "unreadable_date"
        /// The publisher time is later than the pull that first saw the item, beyond
        /// ``ObservedTime/clockSkew``.
        case futureDate = "future_date"
        /// The publisher time changed between versions (by more than a minute); the detail names
        /// every pubDate in the order seen.
        case movedDate = "moved_date"
        /// The same publisher time on ``TimeAnomalyDetector/repeatedItems`` or more items of
        /// the outlet that Byline first saw more than a day apart: a fixed, fake date.
        case repeatedDate = "repeated_date"
        /// The publisher time is before 1997 (``ObservedTime/earliestPlausible``), before any
        /// feed existed: a placeholder such as year 1 or the Unix epoch. It is not used as the
        /// item's time.
        case impossibleDate = "impossible_date"
        /// The publisher time is more than ``TimeAnomalyDetector/lateInFeedGap`` before the feed's
        /// previous successful pull, which did not list the item (for a day-only pubDate, the
        /// day's end is): the outlet put the item in its feed hours after the time it gives it (a
        /// backdated pubDate, or an item held back from the feed). The item's time is then its
        /// observed window, not the pubDate; the detail gives the lead in seconds and that pull.
        case lateInFeed = "late_in_feed"
    }

    /// The item.
    public var itemID: Int64
    /// Its outlet id.
    public var outlet: String
    /// What is wrong.
    public var kind: Kind
    /// The publisher time in question (UTC), nil for a missing or unreadable date.
    public var published: Date?
    /// When Byline first saw the item (UTC).
    public var firstSeen: Date
    /// Details: the size of the gap, the pubDates an item moved through, how many items share
    /// the date, or the date text that could not be read, as written.
    public var detail: String

    /// Creates an anomaly.
    public init(itemID: Int64, outlet: String, kind: Kind, published: Date?, firstSeen: Date, detail: String) {
        self.itemID = itemID
        self.outlet = outlet
        self.kind = kind
        self.published = published
        self.firstSeen = firstSeen
        self.detail = detail
    }
}
