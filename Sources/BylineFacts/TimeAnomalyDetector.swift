import Foundation

/// Finds publisher-time anomalies per item: missing, unreadable, in the future, before any feed existed,
/// moved between versions, the same fake date on many items, or hours before the item reached its
/// feed (see ``TimeAnomaly/Kind``).
public enum TimeAnomalyDetector {
    /// How many items of one outlet must share a publisher time to the second, first seen more
    /// than a day apart, for it to count as a fixed, fake date.
    public static let repeatedItems = 3

    /// How far before the feed's previous pull a publisher time must lie to count as
    /// ``TimeAnomaly/Kind/lateInFeed``: an hour (3,600 seconds). Feeds served through caches
    /// lag their sites by minutes (a cache's time to live), so a shorter lead is the feed's
    /// delivery, not the outlet's dating.
    public static let lateInFeedGap: TimeInterval = 3_600

    /// The anomalies of `items`, in the order of the items; an item's own in the order missing or
    /// unreadable, impossible, future, late in feed, moved, repeated.
    ///
    /// - Parameter items: every item of the outlets to check (repeated dates need them all).
    public static func anomalies(in items: [FactItem]) -> [TimeAnomaly] {
        var sharing: [String: [Date: [FactItem]]] = [:]
        for item in items {
            if let published = item.published { sharing[item.outlet, default: [:]][published, default: []].append(item) }
        }
        var repeated: [Int64: Int] = [:]
        for (_, dates) in sharing {
            for (_, group) in dates where group.count >= repeatedItems {
                let seen = group.compactMap { $0.versions.first?.seenAt }
                guard let first = seen.min(), let last = seen.max(), last.timeIntervalSince(first) > 86_400 else { continue }
                for item in group { repeated[item.itemID] = group.count }
            }
        }
        var result: [TimeAnomaly] = []
        for item in items {
            guard let firstSeen = item.versions.first?.seenAt else { continue }
            let dates = item.versions.compactMap(\.published)
            let published = item.published ?? dates.first
            guard let published else {
                if let written = item.versions.lazy.compactMap(\.publishedText).first {
                    result.append(TimeAnomaly(itemID: item.itemID, outlet: item.outlet, kind: .unreadableDate, published: nil,
                                              firstSeen: firstSeen, detail: written))
                } else {
                    result.append(TimeAnomaly(itemID: item.itemID, outlet: item.outlet, kind: .missingDate, published: nil,
                                              firstSeen: firstSeen, detail: "no publisher time"))
                }
                continue
            }
            if published < ObservedTime.earliestPlausible {
                result.append(TimeAnomaly(itemID: item.itemID, outlet: item.outlet, kind: .impossibleDate, published: published,
                                          firstSeen: firstSeen, detail: "before 1997, before any feed existed"))
            }
            let ahead = published.timeIntervalSince(firstSeen)
            if ahead > ObservedTime.clockSkew {
                result.append(TimeAnomaly(itemID: item.itemID, outlet: item.outlet, kind: .futureDate, published: published,
                                          firstSeen: firstSeen, detail: "\(Int(ahead)) s after first seen"))
            }
            // Before the feed's previous pull, which did not list it (a day counts to its end): the
            // first version's own pubDate, since later versions came after pulls that listed it.
            if let first = item.versions.first, let previousPull = first.previousPull, let dated = first.published,
               dated >= ObservedTime.earliestPlausible {
                let latest = first.publishedDayOffset == nil ? dated : dated.addingTimeInterval(86_400)
                let lead = previousPull.timeIntervalSince(latest)
                if lead > lateInFeedGap {
                    result.append(TimeAnomaly(itemID: item.itemID, outlet: item.outlet, kind: .lateInFeed, published: dated,
                                              firstSeen: firstSeen,
                                              detail: "\(Int(lead)) s before the feed's previous pull at \(FactEngine.iso(previousPull)), which did not list it"))
                }
            }
            if dates.contains(where: { abs($0.timeIntervalSince(published)) > 60 }) {
                result.append(TimeAnomaly(itemID: item.itemID, outlet: item.outlet, kind: .movedDate, published: published,
                                          firstSeen: firstSeen, detail: movedDetail(dates)))
            }
            if let count = repeated[item.itemID] {
                result.append(TimeAnomaly(itemID: item.itemID, outlet: item.outlet, kind: .repeatedDate, published: published,
                                          firstSeen: firstSeen, detail: "\(count) items carry this time"))
            }
        }
        return result
    }

    /// How many pubDates a `moved_date` detail names before it leaves out the middle ones.
    public static let movedDatesShown = 6

    /// A `moved_date` detail: every pubDate the item's versions carried, in the order they were
    /// seen, each change named (a date that comes back is named again):
    /// `moved from 2021-09-18T10:00:00Z to 2021-09-18T12:00:00Z`. Beyond ``movedDatesShown``
    /// the first three and the last two are named, with the count:
    /// `moved from A to B to C to ... to F to G (7 pubDates)`.
    ///
    /// - Parameter dates: the pubDates of the item's versions, in order (UTC).
    static func movedDetail(_ dates: [Date]) -> String {
        var path: [Date] = []
        for date in dates where path.last != date { path.append(date) }
        let shown = path.map(FactEngine.iso)
        guard shown.count > movedDatesShown else { return "moved from " + shown.joined(separator: " to ") }
        return "moved from " + (shown.prefix(3) + ["..."] + shown.suffix(2)).joined(separator: " to ") + " (\(shown.count) pubDates)"
    }
}
