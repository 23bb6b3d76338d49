public import Foundation

/// One event of a story: its items that the facts they state together join, of two or more
/// news organisations, with its own first report (a story whose facts show two or more events lists them;
/// the analysis tells them, see `StoryEvents` in BylineFacts). The first report is credited as a
/// story's is, over the event's items alone: its time with its evidence, the outlets tied with
/// it (overlapping windows) and the caveats of its time (``FirstReportEvidence``).
public struct EventRow: FirstReportEvidence, Sendable, Hashable {
    /// One item of an event.
    public struct Item: Sendable, Hashable {
        /// The outlet id.
        public var outlet: String
        /// The guid as `coverage.csv` shows it.
        public var itemGuid: String

        /// Creates an item.
        public init(outlet: String, itemGuid: String) {
            self.outlet = outlet
            self.itemGuid = itemGuid
        }
    }

    /// The story.
    public var storyID: Int64
    /// The event's number in its story, from 1, in order of first report.
    public var event: Int
    /// Its items, in order of appearance.
    public var items: [Item]
    /// The outlet credited with its first report.
    public var firstOutlet: String
    /// Outlets of the event tied with the first (overlapping windows), sorted; empty when the
    /// first is clear.
    public var tiedWith: [String]
    /// The first report's credited time (UTC), its time estimate.
    public var firstTime: Date
    /// The evidence behind `firstTime`: `published`, `published_day`, `window` or `first_seen`.
    public var timeSource: String
    /// The start of the first report's observed window (the feed's previous pull), nil when it
    /// was seen at its feed's first pull.
    public var firstWindowStart: Date?
    /// The pull that first saw the first report (the end of its observed window); nil when not known.
    public var firstPulled: Date?
    /// Whether the first report rests on its pubDate alone (as ``StoryRow/firstReportUnchecked``).
    public var firstReportUnchecked: Bool
    /// The first report's publisher day as written when its pubDate gives only the day, else empty.
    public var firstPublishedDay: String
    /// The first report's guid as `coverage.csv` shows it.
    public var firstItemGuid: String
    /// The first report's title as `coverage.csv` shows it (the version it counts from).
    public var firstTitle: String

    /// Creates a row.
    public init(storyID: Int64, event: Int, items: [Item], firstOutlet: String, tiedWith: [String], firstTime: Date,
                timeSource: String, firstWindowStart: Date?, firstPulled: Date?, firstReportUnchecked: Bool,
                firstPublishedDay: String = "", firstItemGuid: String, firstTitle: String) {
        self.storyID = storyID
        self.event = event
        self.items = items
        self.firstOutlet = firstOutlet
        self.tiedWith = tiedWith
        self.firstTime = firstTime
        self.timeSource = timeSource
        self.firstWindowStart = firstWindowStart
        self.firstPulled = firstPulled
        self.firstReportUnchecked = firstReportUnchecked
        self.firstPublishedDay = firstPublishedDay
        self.firstItemGuid = firstItemGuid
        self.firstTitle = firstTitle
    }

    /// Its outlets, in order of their first item.
    public var outlets: [String] {
        var outlets: [String] = []
        for item in items where !outlets.contains(item.outlet) { outlets.append(item.outlet) }
        return outlets
    }
}
