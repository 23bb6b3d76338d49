public import Foundation

/// Everything `byline report` writes, as plain rows; ``ReportWriter`` turns it into files.
public struct Report: Sendable, Hashable {
    /// One row per story (single-outlet stories included), largest first.
    public var stories: [StoryRow]
    /// One row per item, every item in exactly one story.
    public var coverage: [CoverageRow]
    /// One row per fact carried by two or more outlets.
    public var facts: [FactRow]
    /// One row per outlet: the scorecard.
    public var outlets: [OutletRow]
    /// When the report was made (UTC).
    public var generatedAt: Date
    /// The time range the report covers (items first seen inside it), when restricted.
    public var since: Date?
    /// The end of the time range, when restricted.
    public var until: Date?

    /// Creates a report.
    public init(stories: [StoryRow], coverage: [CoverageRow], facts: [FactRow], outlets: [OutletRow],
                generatedAt: Date, since: Date? = nil, until: Date? = nil) {
        self.stories = stories
        self.coverage = coverage
        self.facts = facts
        self.outlets = outlets
        self.generatedAt = generatedAt
        self.since = since
        self.until = until
    }
}

/// A `stories.csv` row.
public struct StoryRow: Sendable, Hashable {
    /// The story id (stable for the same stored items).
    public var storyID: Int64
    /// The headline: the title of the story's first item.
    public var headline: String
    /// Outlet ids in order of first appearance.
    public var outlets: [String]
    /// Items in the story.
    public var items: Int
    /// The outlet credited with the first report.
    public var firstOutlet: String
    /// Outlets tied with the first (overlapping windows), sorted; empty when the first is clear.
    public var tiedWith: [String]
    /// The first report's time estimate (UTC).
    public var firstSeen: Date
    /// The evidence behind `firstSeen`: `published`, `window` or `first_seen`.
    public var timeSource: String
    /// Hours from the first to the last item's time estimate.
    public var spanHours: Double

    /// Creates a row.
    public init(storyID: Int64, headline: String, outlets: [String], items: Int, firstOutlet: String,
                tiedWith: [String], firstSeen: Date, timeSource: String, spanHours: Double) {
        self.storyID = storyID
        self.headline = headline
        self.outlets = outlets
        self.items = items
        self.firstOutlet = firstOutlet
        self.tiedWith = tiedWith
        self.firstSeen = firstSeen
        self.timeSource = timeSource
        self.spanHours = spanHours
    }
}

/// A `coverage.csv` row: one item and where it stands in its story.
public struct CoverageRow: Sendable, Hashable {
    /// The item's story.
    public var storyID: Int64
    /// The outlet id.
    public var outlet: String
    /// The guid exactly as the feed gives it, else the link.
    public var itemGuid: String
    /// The item's absolute link.
    public var itemLink: String?
    /// The latest title.
    public var title: String
    /// The publisher time (UTC), as the feed gave it.
    public var published: Date?
    /// When Byline first saw the item (UTC).
    public var firstSeen: Date
    /// The feed's previous successful pull before `firstSeen` (UTC); nil at its first pull.
    public var windowStart: Date?
    /// Seconds from the story's first report to this item's time estimate (0 for the first).
    public var lagSeconds: Int
    /// The evidence behind this item's time: `published`, `window` or `first_seen`.
    public var timeSource: String

    /// Creates a row.
    public init(storyID: Int64, outlet: String, itemGuid: String, itemLink: String?, title: String,
                published: Date?, firstSeen: Date, windowStart: Date?, lagSeconds: Int, timeSource: String) {
        self.storyID = storyID
        self.outlet = outlet
        self.itemGuid = itemGuid
        self.itemLink = itemLink
        self.title = title
        self.published = published
        self.firstSeen = firstSeen
        self.windowStart = windowStart
        self.lagSeconds = lagSeconds
        self.timeSource = timeSource
    }
}

/// A `facts.csv` row: one fact shared by several outlets of a story.
public struct FactRow: Sendable, Hashable {
    /// The story.
    public var storyID: Int64
    /// The fact's number within its story (1-based, in order of first appearance).
    public var factID: Int
    /// The fact as first worded.
    public var text: String
    /// Outlets carrying it, in order of first mention.
    public var outlets: [String]
    /// The outlet credited first.
    public var firstOutlet: String
    /// Its time estimate (UTC).
    public var firstTime: Date
    /// The evidence behind `firstTime`.
    public var timeSource: String
    /// Outlets tied with the first; empty when the first is clear.
    public var tiedWith: [String]

    /// Creates a row.
    public init(storyID: Int64, factID: Int, text: String, outlets: [String], firstOutlet: String,
                firstTime: Date, timeSource: String, tiedWith: [String]) {
        self.storyID = storyID
        self.factID = factID
        self.text = text
        self.outlets = outlets
        self.firstOutlet = firstOutlet
        self.firstTime = firstTime
        self.timeSource = timeSource
        self.tiedWith = tiedWith
    }
}

/// An `outlets.csv` row: one outlet's behaviour.
public struct OutletRow: Sendable, Hashable {
    /// The outlet id.
    public var outlet: String
    /// Stories the outlet has items in.
    public var stories: Int
    /// Stories of two or more outlets it has items in.
    public var sharedStories: Int
    /// Shared stories where it was first, clearly (no tie).
    public var firstReports: Int
    /// Shared stories where it was first or tied for first.
    public var firstOrTied: Int
    /// Median seconds behind the first report over its shared stories where it was not first;
    /// nil when there are none.
    public var medianLagSeconds: Int?
    /// Items stored.
    public var items: Int
    /// Pulls of its feeds.
    public var pulls: Int
    /// Failed pulls.
    public var pullsFailed: Int

    /// Creates a row.
    public init(outlet: String, stories: Int, sharedStories: Int, firstReports: Int, firstOrTied: Int,
                medianLagSeconds: Int?, items: Int, pulls: Int, pullsFailed: Int) {
        self.outlet = outlet
        self.stories = stories
        self.sharedStories = sharedStories
        self.firstReports = firstReports
        self.firstOrTied = firstOrTied
        self.medianLagSeconds = medianLagSeconds
        self.items = items
        self.pulls = pulls
        self.pullsFailed = pullsFailed
    }
}
