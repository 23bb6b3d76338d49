public import Foundation

/// One story's rows of a ``Report``: what `byline compare` prints and a story page shows.
public struct StoryDetail: Sendable, Hashable {
    /// The story's row.
    public var story: StoryRow
    /// Its items in order of appearance.
    public var items: [CoverageRow]
    /// Its facts of two or more outlets, in order of first appearance.
    public var facts: [FactRow]
    /// The mentions of those facts, grouped by fact, each fact's in order of time.
    public var mentions: [MentionRow]
    /// Attributions and scoop claims found in its texts.
    public var attributions: [AttributionRow]
    /// Edits between versions of its items.
    public var edits: [EditRow]
    /// Publisher-time anomalies of its items.
    public var anomalies: [AnomalyRow]
    /// Its events when its facts split its reports into two or more (``EventRow``), in order of
    /// first report; else empty.
    public var events: [EventRow]

    /// Creates a story's detail.
    public init(story: StoryRow, items: [CoverageRow], facts: [FactRow] = [], mentions: [MentionRow] = [],
                attributions: [AttributionRow] = [], edits: [EditRow] = [], anomalies: [AnomalyRow] = [], events: [EventRow] = []) {
        self.story = story
        self.events = events
        self.items = items
        self.facts = facts
        self.mentions = mentions
        self.attributions = attributions
        self.edits = edits
        self.anomalies = anomalies
    }

    /// The mentions of fact `factID`, in the order of ``mentions``.
    public func mentions(of factID: Int) -> [MentionRow] { mentions.filter { $0.factID == factID } }
}

extension Report {
    /// Every story's detail, in the order of ``stories`` (largest first).
    public func details() -> [StoryDetail] {
        let items = Dictionary(grouping: coverage, by: \.storyID)
        let facts = Dictionary(grouping: self.facts, by: \.storyID)
        let mentions = Dictionary(grouping: self.mentions, by: \.storyID)
        let attributions = Dictionary(grouping: self.attributions, by: \.storyID)
        let edits = Dictionary(grouping: self.edits.filter { $0.storyID != nil }, by: { $0.storyID ?? 0 })
        let anomalies = Dictionary(grouping: self.anomalies.filter { $0.storyID != nil }, by: { $0.storyID ?? 0 })
        let events = Dictionary(grouping: self.events, by: \.storyID)
        return stories.map { story in
            let id = story.storyID
            return StoryDetail(story: story, items: items[id] ?? [], facts: facts[id] ?? [], mentions: mentions[id] ?? [],
                               attributions: attributions[id] ?? [], edits: edits[id] ?? [], anomalies: anomalies[id] ?? [],
                               events: events[id] ?? [])
        }
    }

    /// Story id -> how many events its facts split its reports into (``events``: items joined
    /// by the facts they state together, each group of two or more news organisations an event), for the
    /// stories of two or more: the `events` column of `stories.csv` (0 for the others). A story
    /// of two or more events credits the first report of one of them.
    public func eventCounts() -> [Int64: Int] {
        Dictionary(grouping: events, by: \.storyID).mapValues(\.count)
    }
}

/// What the caveats of a credited first report (a story's, ``StoryRow``, or an event's,
/// ``EventRow``) are told from.
public protocol FirstReportEvidence {
    /// The start of the first report's observed window (the feed's previous pull), nil when it
    /// was seen at its feed's first pull.
    var firstWindowStart: Date? { get }
    /// The pull that first saw the first report; nil when not known.
    var firstPulled: Date? { get }
    /// Whether the first report rests on its pubDate alone (no pull checks it).
    var firstReportUnchecked: Bool { get }
    /// The first report's publisher day as written when its pubDate gives only the day, else empty.
    var firstPublishedDay: String { get }
}

extension FirstReportEvidence {
    /// The caveat to print after a first report that ``firstReportUnchecked`` or whose pubDate
    /// gives only the day (``firstPublishedDay``), the two joined with "; " when both hold, or "".
    public var firstReportCaveat: String {
        var parts: [String] = []
        if firstReportUnchecked { parts.append("\(firstReportUncheckedReason): its pubDate is not checked against a pull") }
        if !firstPublishedDayCaveat.isEmpty { parts.append(firstPublishedDayCaveat) }
        return parts.joined(separator: "; ")
    }

    /// "its pubDate gives only the day (2021-09-19 +0800): its time is the earlier of that day's
    /// end and the pull that first saw it", when ``firstPublishedDay`` is set; else "".
    public var firstPublishedDayCaveat: String {
        guard !firstPublishedDay.isEmpty else { return "" }
        return "its pubDate gives only the day (\(firstPublishedDay)): its time is the earlier of that day's end and the pull that first saw it"
    }

    /// Why no pull checks the first report's pubDate: "the item was already in the feed at
    /// Byline's first pull", or "Byline's previous pull of the feed was 2d01h before" (a gap
    /// in the record).
    public var firstReportUncheckedReason: String {
        if let start = firstWindowStart, let pulled = firstPulled {
            return "Byline's previous pull of the feed was \(SummaryText.duration(Int(pulled.timeIntervalSince(start)))) before"
        }
        return "the item was already in the feed at Byline's first pull"
    }
}

extension StoryDetail {
    /// The caveat to print after the first report when its time is the publisher's and no pull
    /// checks it (``StoryRow/firstReportUnchecked``), or "".
    public var firstReportCaveat: String { story.firstReportCaveat }

    /// The tied outlets (``StoryRow/tiedWith``) whose earliest item in the story has no earlier
    /// bound: it was already in its feed at Byline's first pull of that feed and its pubDate is
    /// missing or not evidence, so its window reaches back without limit and overlaps any first
    /// report. Such a tie says "not known", not "at the same time".
    public var tiesWithoutEarlierBound: [String] {
        story.tiedWith.filter { outlet in
            detail(of: outlet).map { Self.unbounded($0.timeSource, $0.windowStart) } ?? false
        }
    }

    /// The caveat to print after a tie, or "" when every tied outlet has a bounded window.
    public var tieCaveat: String { Self.tieCaveat(open: tiesWithoutEarlierBound) }

    /// The items of an event (``EventRow/items``), in order of appearance.
    public func items(of event: EventRow) -> [CoverageRow] {
        let members = Set(event.items)
        return items.filter { members.contains(EventRow.Item(outlet: $0.outlet, itemGuid: $0.itemGuid)) }
    }

    /// The caveat to print after an event's tie (``EventRow/tiedWith``), as ``tieCaveat`` is
    /// for the story's: the tied outlets whose earliest item in the event has no earlier bound.
    public func tieCaveat(of event: EventRow) -> String {
        let members = items(of: event)
        return Self.tieCaveat(open: event.tiedWith.filter { outlet in
            members.first { $0.outlet == outlet }.map { Self.unbounded($0.timeSource, $0.windowStart) } ?? false
        })
    }

    private static func tieCaveat(open: [String]) -> String {
        guard !open.isEmpty else { return "" }
        let whose = open.count == 1 ? "\(open[0])'s item was" : "the items of \(open.joined(separator: ", ")) were"
        return "\(whose) already in the feed at Byline's first pull, with no pubDate to go by: it may have come earlier"
    }

    /// The outlets tied with a fact's first whose first mention of it has no earlier bound (seen
    /// at their feed's first pull without a pubDate to go by), in the order of
    /// ``FactRow/tiedWith``.
    public func tiesWithoutEarlierBound(of fact: FactRow) -> [String] {
        fact.tiedWith.filter { outlet in
            mentions.first { $0.factID == fact.factID && $0.outlet == outlet }.map { Self.unbounded($0.timeSource, $0.windowStart) } ?? false
        }
    }

    /// The caveat to print after a fact's tie ("dailytelegraph: no earlier bound, in the feed at
    /// Byline's first pull"), or "" when every tied outlet's mention has a bounded window.
    public func tieCaveat(of fact: FactRow) -> String {
        let open = tiesWithoutEarlierBound(of: fact)
        return open.isEmpty ? "" : "\(open.joined(separator: ", ")): no earlier bound, in the feed at Byline's first pull"
    }

    /// Seen at its feed's first pull with no pubDate to go by: no window start.
    private static func unbounded(_ timeSource: String, _ windowStart: Date?) -> Bool {
        timeSource == "first_seen" && windowStart == nil
    }

    private func detail(of outlet: String) -> CoverageRow? {
        items.first { $0.outlet == outlet }
    }
}

