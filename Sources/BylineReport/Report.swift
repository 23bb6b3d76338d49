public import Foundation

/// Everything `byline report` writes, as plain rows; ``ReportWriter`` turns it into files.
public struct Report: Sendable, Hashable {
    /// One row per story (single-outlet stories included), largest first.
    public var stories: [StoryRow]
    /// One row per item, every item in exactly one story.
    public var coverage: [CoverageRow]
    /// One row per fact carried by two or more outlets.
    public var facts: [FactRow]
    /// One row per mention of a fact in `facts`.
    public var mentions: [MentionRow]
    /// One row per edit between versions of an item.
    public var edits: [EditRow]
    /// One row per publisher-time anomaly of an item.
    public var anomalies: [AnomalyRow]
    /// One row per attribution or scoop claim found in a story's texts.
    public var attributions: [AttributionRow]
    /// The events of the stories whose facts split their reports into two or more, each with
    /// its own first report, by story and in order of first report (``EventRow``).
    public var events: [EventRow]
    /// One row per outlet: the scorecard.
    public var outlets: [OutletRow]
    /// When the report was made (UTC).
    public var generatedAt: Date
    /// The time range the report covers (items first seen inside it), when restricted.
    public var since: Date?
    /// The end of the time range, when restricted.
    public var until: Date?

    /// Creates a report.
    public init(stories: [StoryRow], coverage: [CoverageRow], facts: [FactRow], mentions: [MentionRow] = [],
                edits: [EditRow] = [], anomalies: [AnomalyRow] = [], attributions: [AttributionRow] = [], events: [EventRow] = [],
                outlets: [OutletRow], generatedAt: Date, since: Date? = nil, until: Date? = nil) {
        self.stories = stories
        self.events = events
        self.coverage = coverage
        self.facts = facts
        self.mentions = mentions
        self.edits = edits
        self.anomalies = anomalies
        self.attributions = attributions
        self.outlets = outlets
        self.generatedAt = generatedAt
        self.since = since
        self.until = until
    }
}

/// A `stories.csv` row.
public struct StoryRow: FirstReportEvidence, Sendable, Hashable {
    /// The story id (stable for the same stored items).
    public var storyID: Int64
    /// The headline: the title of the story's most central item (see the README's stories).
    public var headline: String
    /// Outlet ids in order of first appearance.
    public var outlets: [String]
    /// Items in the story.
    public var items: Int
    /// The outlet credited with the first report.
    public var firstOutlet: String
    /// Outlets tied with the first (overlapping windows), sorted; empty when the first is clear.
    public var tiedWith: [String]
    /// The first report's credited time (UTC), its time estimate: the `first_time` column of
    /// `stories.csv` (the pull that first saw the report is ``firstPulled``, `first_seen`).
    public var firstTime: Date
    /// ``firstTime`` under its earlier name (it never held the pull that first saw the report).
    @available(*, deprecated, renamed: "firstTime")
    public var firstSeen: Date { firstTime }
    /// The evidence behind `firstTime`: `published`, `published_day`, `window` or `first_seen`.
    public var timeSource: String
    /// Hours from the first to the last item's time estimate.
    public var spanHours: Double
    /// The start of the first report's observed window (the feed's previous pull), nil when it
    /// was seen at its feed's first pull; not a column of `stories.csv`.
    public var firstWindowStart: Date?
    /// The pull that first saw the credited first report (the end of its observed window): the
    /// `first_seen` column of `stories.csv`; nil when not known.
    public var firstPulled: Date?
    /// The first report's publisher day as written, `2021-09-19 +0800`, when its credit rests
    /// on a pubDate that gives only the day (`timeSource` `published_day`); empty otherwise.
    public var firstPublishedDay: String = ""
    /// Whether the first report rests on its pubDate alone: its time is the publisher's and no
    /// pull checks it, because the item was already in its feed at Byline's first pull of that
    /// feed (`firstWindowStart` nil: the story may have begun before Byline's records) or
    /// because the feed's previous pull came a day or more before (a gap in the record; see
    /// `ObservedTime.recordGap` in BylineFacts).
    public var firstReportUnchecked: Bool
    /// The credited first report's guid (its `item_guid` in `coverage.csv`); empty when the
    /// story has no row there.
    public var firstItemGuid: String = ""
    /// The credited first report's title as `coverage.csv` shows it (the version it counts
    /// from in the story, cut as ``ShownText`` cuts titles), so that a reader sees what the
    /// credit rests on; empty when the story has no row there.
    public var firstTitle: String = ""

    /// Creates a row.
    public init(storyID: Int64, headline: String, outlets: [String], items: Int, firstOutlet: String,
                tiedWith: [String], firstTime: Date, timeSource: String, spanHours: Double, firstWindowStart: Date? = nil,
                firstPulled: Date? = nil, firstReportUnchecked: Bool? = nil, firstItemGuid: String = "", firstTitle: String = "",
                firstPublishedDay: String = "") {
        self.firstWindowStart = firstWindowStart
        self.firstPulled = firstPulled
        self.firstPublishedDay = firstPublishedDay
        // Without the caller's verdict, what the row tells alone: a publisher time with no window.
        self.firstReportUnchecked = firstReportUnchecked
            ?? ((timeSource == "published" || timeSource == "published_day") && firstWindowStart == nil)
        self.firstItemGuid = firstItemGuid
        self.firstTitle = firstTitle
        self.storyID = storyID
        self.headline = headline
        self.outlets = outlets
        self.items = items
        self.firstOutlet = firstOutlet
        self.tiedWith = tiedWith
        self.firstTime = firstTime
        self.timeSource = timeSource
        self.spanHours = spanHours
    }

    /// The row's initialiser under the earlier label of `firstTime`.
    @available(*, deprecated, renamed: "init(storyID:headline:outlets:items:firstOutlet:tiedWith:firstTime:timeSource:spanHours:firstWindowStart:firstPulled:firstReportUnchecked:firstItemGuid:firstTitle:firstPublishedDay:)")
    public init(storyID: Int64, headline: String, outlets: [String], items: Int, firstOutlet: String,
                tiedWith: [String], firstSeen: Date, timeSource: String, spanHours: Double, firstWindowStart: Date? = nil,
                firstPulled: Date? = nil, firstReportUnchecked: Bool? = nil, firstItemGuid: String = "", firstTitle: String = "",
                firstPublishedDay: String = "") {
        self.init(storyID: storyID, headline: headline, outlets: outlets, items: items, firstOutlet: firstOutlet, tiedWith: tiedWith,
                  firstTime: firstSeen, timeSource: timeSource, spanHours: spanHours, firstWindowStart: firstWindowStart,
                  firstPulled: firstPulled, firstReportUnchecked: firstReportUnchecked, firstItemGuid: firstItemGuid,
                  firstTitle: firstTitle, firstPublishedDay: firstPublishedDay)
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
    /// The title as first seen, the text that `first_seen` and the lag refer to.
    public var title: String
    /// The latest title when the outlet changed it later, else nil.
    public var latestTitle: String?
    /// The publisher time (UTC), as the feed gave it in the version the item counts from in
    /// its story (its first, unless that was about something else), like `firstSeen` and
    /// `windowStart`.
    public var published: Date?
    /// When Byline first saw the item (UTC), in the version it counts from.
    public var firstSeen: Date
    /// The feed's previous successful pull before `firstSeen` (UTC); nil at its first pull.
    public var windowStart: Date?
    /// Seconds from the story's first report to this item's time estimate (0 for the first).
    public var lagSeconds: Int
    /// The evidence behind this item's time: `published`, `window` or `first_seen`.
    public var timeSource: String
    /// This item's time estimate (UTC): the publisher time when it lies inside the observed
    /// window, else `firstSeen`; `lagSeconds` is measured to it. Not a column of `coverage.csv`.
    public var time: Date
    /// How many distinct versions of the item were stored (1 when never edited); not a column
    /// of `coverage.csv`.
    public var versions: Int
    /// The item is a wire copy of an earlier item of the story (the guid of that item), or
    /// empty; not a column of `coverage.csv`.
    public var wireCopyOf: String

    /// Creates a row.
    public init(storyID: Int64, outlet: String, itemGuid: String, itemLink: String?, title: String,
                published: Date?, firstSeen: Date, windowStart: Date?, lagSeconds: Int, timeSource: String,
                latestTitle: String? = nil, versions: Int = 1, wireCopyOf: String = "", time: Date? = nil) {
        self.time = time ?? firstSeen
        self.versions = versions
        self.wireCopyOf = wireCopyOf
        self.storyID = storyID
        self.outlet = outlet
        self.itemGuid = itemGuid
        self.itemLink = itemLink
        self.title = title
        self.latestTitle = latestTitle
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
    /// The start of the first mention's observed window, nil at its feed's first pull; not a
    /// column of `facts.csv`.
    public var firstWindowStart: Date?
    /// Outlets tied with the first; empty when the first is clear.
    public var tiedWith: [String]
    /// `quantity`, `quote` or `statement`.
    public var kind: String
    /// For a quantity: each outlet's values in order of time, `value@outlet`; empty otherwise.
    public var values: [String]
    /// `single`, `update` (values move with time) or `disagreement`.
    public var trend: String
    /// Outlets that gave a different value within 6 hours of another outlet's, sorted.
    public var disagreeing: [String]
    /// Outlets that carry the fact only through wire copy.
    public var wireOutlets: [String]
    /// How many mentions the fact has (rows of `mentions.csv`).
    public var mentionCount: Int

    /// Creates a row.
    public init(storyID: Int64, factID: Int, text: String, outlets: [String], firstOutlet: String,
                firstTime: Date, timeSource: String, tiedWith: [String], kind: String = "statement",
                values: [String] = [], trend: String = "single", disagreeing: [String] = [], wireOutlets: [String] = [],
                mentionCount: Int = 0, firstWindowStart: Date? = nil) {
        self.firstWindowStart = firstWindowStart
        self.storyID = storyID
        self.factID = factID
        self.text = text
        self.outlets = outlets
        self.firstOutlet = firstOutlet
        self.firstTime = firstTime
        self.timeSource = timeSource
        self.tiedWith = tiedWith
        self.kind = kind
        self.values = values
        self.trend = trend
        self.disagreeing = disagreeing
        self.wireOutlets = wireOutlets
        self.mentionCount = mentionCount
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
    /// The behaviour figures beyond the first nine columns.
    public var score: OutletScore

    /// The counts of its first-report rate: its clear first reports whose time a pull checks, out
    /// of its shared stories less those it was first in by pubDate alone
    /// (``OutletScore/firstReportsUnchecked``). Whether it was first there is not known (the item
    /// was already in its feed at Byline's first pull), so such a story counts neither for it nor
    /// against it.
    public var checkedFirstReports: (firsts: Int, stories: Int) {
        (firstReports - score.firstReportsUnchecked, sharedStories - score.firstReportsUnchecked)
    }

    /// Creates a row.
    public init(outlet: String, stories: Int, sharedStories: Int, firstReports: Int, firstOrTied: Int,
                medianLagSeconds: Int?, items: Int, pulls: Int, pullsFailed: Int, score: OutletScore = OutletScore()) {
        self.outlet = outlet
        self.stories = stories
        self.sharedStories = sharedStories
        self.firstReports = firstReports
        self.firstOrTied = firstOrTied
        self.medianLagSeconds = medianLagSeconds
        self.items = items
        self.pulls = pulls
        self.pullsFailed = pullsFailed
        self.score = score
    }
}

/// A `mentions.csv` row: one outlet's sentence carrying a fact.
public struct MentionRow: Sendable, Hashable {
    /// The story.
    public var storyID: Int64
    /// The fact within the story.
    public var factID: Int
    /// The outlet id.
    public var outlet: String
    /// The item's guid.
    public var itemGuid: String
    /// The sentence as the outlet wrote it.
    public var sentence: String
    /// When the outlet's text first carried it (time estimate, UTC).
    public var time: Date
    /// The start of the observed window (the previous pull), nil at a feed's first pull.
    public var windowStart: Date?
    /// `published`, `window` or `first_seen`.
    public var timeSource: String
    /// The value the sentence gives, for a quantity fact (`10000`, `$10000`); empty otherwise.
    public var value: String
    /// The guid of the earlier item this one copies (wire copy), or empty.
    public var wireCopyOf: String
    /// The words that state the value, as written ("more than 9,500 migrants"), for a quantity
    /// fact; empty otherwise; not a column of `mentions.csv`.
    public var valueText: String

    /// Creates a row.
    public init(storyID: Int64, factID: Int, outlet: String, itemGuid: String, sentence: String, time: Date,
                windowStart: Date?, timeSource: String, value: String, wireCopyOf: String = "", valueText: String = "") {
        self.valueText = valueText
        self.storyID = storyID
        self.factID = factID
        self.outlet = outlet
        self.itemGuid = itemGuid
        self.sentence = sentence
        self.time = time
        self.windowStart = windowStart
        self.timeSource = timeSource
        self.value = value
        self.wireCopyOf = wireCopyOf
    }
}

/// An `edits.csv` row: one change between consecutive versions of an item's field.
public struct EditRow: Sendable, Hashable {
    /// The item's story, when it is in one.
    public var storyID: Int64?
    /// The outlet id.
    public var outlet: String
    /// The item's guid.
    public var itemGuid: String
    /// `title`, `summary` or `content`.
    public var field: String
    /// When the old text was first seen (UTC).
    public var from: Date
    /// When the new text was first seen (UTC).
    public var to: Date
    /// `cosmetic` or `substantive`.
    public var kind: String
    /// `case`, `punctuation`, `typo`, `label`, `boilerplate`, `rewrite`, `number`, `name` or `wording`.
    public var reason: String
    /// Whether the new text does not announce the change.
    public var silent: Bool
    /// Words removed.
    public var removed: String
    /// Words added.
    public var added: String

    /// Creates a row.
    public init(storyID: Int64?, outlet: String, itemGuid: String, field: String, from: Date, to: Date, kind: String,
                reason: String, silent: Bool, removed: String, added: String) {
        self.storyID = storyID
        self.outlet = outlet
        self.itemGuid = itemGuid
        self.field = field
        self.from = from
        self.to = to
        self.kind = kind
        self.reason = reason
        self.silent = silent
        self.removed = removed
        self.added = added
    }
}

/// An `anomalies.csv` row: one publisher-time anomaly of an item, or its re-issue under a new
/// guid.
public struct AnomalyRow: Sendable, Hashable {
    /// The item's story, when it is in one.
    public var storyID: Int64?
    /// The outlet id.
    public var outlet: String
    /// The item's guid.
    public var itemGuid: String
    /// `missing_date`, `unreadable_date`, `future_date`, `impossible_date`, `late_in_feed`,
    /// `moved_date` or `repeated_date`, or `new_guid` (an item its outlet re-issued under a new guid; not a time
    /// anomaly).
    public var kind: String
    /// The publisher time in question (UTC).
    public var published: Date?
    /// When Byline first saw the item (UTC).
    public var firstSeen: Date
    /// Details, as `anomalies.csv` gives them: for `future_date` the publisher time's lead over
    /// first seen in seconds (`86400 s after first seen`); for `late_in_feed` its lead over the
    /// feed's previous pull in seconds and that pull (`5400 s before the feed's previous pull at
    /// 2021-09-19T10:00:00Z, which did not list it`); for `moved_date` every pubDate in the
    /// order seen (`moved from 2021-09-18T10:00:00Z to 2021-09-18T12:00:00Z`); for
    /// `unreadable_date` the date text as the feed wrote it (`Thursday, the 5th of never`); for
    /// `new_guid` the original's guid, first-seen time and the link.
    public var detail: String

    /// Creates a row.
    public init(storyID: Int64?, outlet: String, itemGuid: String, kind: String, published: Date?, firstSeen: Date, detail: String) {
        self.storyID = storyID
        self.outlet = outlet
        self.itemGuid = itemGuid
        self.kind = kind
        self.published = published
        self.firstSeen = firstSeen
        self.detail = detail
    }

    /// The detail as the text reports say it: a `future_date`'s lead over first seen and a
    /// `late_in_feed`'s lead over the feed's previous pull as a duration
    /// (``SummaryText/duration(_:)``: `1d00h after first seen`, `1h30m before the feed's
    /// previous pull at ...`) instead of seconds; any other kind's ``detail`` as it is.
    public var readableDetail: String {
        if kind == "future_date", let published {
            return SummaryText.duration(Int(published.timeIntervalSince(firstSeen).rounded())) + " after first seen"
        }
        if kind == "late_in_feed", let space = detail.firstIndex(of: " "), let seconds = Int(detail[..<space]),
           detail[space...].hasPrefix(" s ") {
            return SummaryText.duration(seconds) + detail[detail.index(space, offsetBy: 2)...]
        }
        return detail
    }
}

/// An `attributions.csv` row: an edge from an item's outlet to a credited name.
public struct AttributionRow: Sendable, Hashable {
    /// The story.
    public var storyID: Int64
    /// The outlet whose text holds it.
    public var outlet: String
    /// The item's guid.
    public var itemGuid: String
    /// `firstReportedBy`, `wasFirstToReport`, `asFirstReported`, `exclusive`, `firstOn`,
    /// `accordingTo`, `toldTo`.
    public var kind: String
    /// The outlet credited in the text: its id when it is an outlet Byline follows (matched by
    /// id, name or alias), else the news organisation's name (BylineFacts' `NewsOrganisation`).
    public var credited: String
    /// The matched text.
    public var phrase: String
    /// `confirmed`, `contradicted`, `not_decidable` for a priority claim (a scoop claim or a
    /// first-report credit); `not_a_claim` for a source edge.
    public var verdict: String
    /// What the verdict rests on, one line.
    public var evidence: String
    /// Whether ``credited`` is an outlet Byline follows.
    public var creditedFollowed: Bool
    /// The outlet Byline saw report the story first.
    public var firstOutlet: String
    /// Outlets tied with ``firstOutlet`` (overlapping windows), sorted.
    public var firstTiedWith: [String]

    /// Creates a row.
    public init(storyID: Int64, outlet: String, itemGuid: String, kind: String, credited: String, phrase: String,
                verdict: String, evidence: String, creditedFollowed: Bool = false, firstOutlet: String = "",
                firstTiedWith: [String] = []) {
        self.storyID = storyID
        self.outlet = outlet
        self.itemGuid = itemGuid
        self.kind = kind
        self.credited = credited
        self.phrase = phrase
        self.verdict = verdict
        self.evidence = evidence
        self.creditedFollowed = creditedFollowed
        self.firstOutlet = firstOutlet
        self.firstTiedWith = firstTiedWith
    }

    /// Whether the row is a priority claim checked against the observed times (a scoop claim
    /// or a first-report credit), not a source edge.
    public var isPriorityClaim: Bool { verdict != "not_a_claim" }
}
