public import Foundation
public import BylineStore
public import BylineReport
import BylineFacts

/// Turns an ``Analysis`` and the store's pull counts into the rows of a ``Report``.
public enum ReportBuilder {
    /// Builds the report of the stories whose first report falls in `[since, until)`.
    ///
    /// - Parameters:
    ///   - analysis: the loaded analysis.
    ///   - outletStats: the store's items and pull counts per outlet.
    ///   - since: lower bound (UTC), or nil.
    ///   - until: upper bound (UTC), or nil.
    ///   - now: the report's generation time.
    /// - Returns: stories largest first, coverage grouped by story in the same order (items in
    ///   order of appearance), facts shared by 2+ outlets, and one scorecard row per outlet.
    public static func build(
        analysis: Analysis, outletStats: [OutletPullStats], since: Date? = nil, until: Date? = nil, now: Date = Date()
    ) -> Report {
        let stories = analysis.stories(since: since, until: until)
        var storyRows: [StoryRow] = []
        var coverage: [CoverageRow] = []
        var factRows: [FactRow] = []
        var perOutlet: [String: OutletTally] = [:]
        for story in stories {
            storyRows.append(StoryRow(
                storyID: story.id, headline: story.headline, outlets: story.outlets, items: story.items.count,
                firstOutlet: story.credit.outlet, tiedWith: story.credit.tiedWith,
                firstSeen: story.credit.time.estimate, timeSource: story.credit.time.source.rawValue,
                spanHours: story.span / 3600))
            var outletLag: [String: Int] = [:]
            for item in story.items {
                let time = story.time(of: item)
                let lag = story.lag(of: item)
                coverage.append(CoverageRow(
                    storyID: story.id, outlet: item.outletID, itemGuid: item.guid, itemLink: item.link, title: item.title,
                    published: item.published, firstSeen: item.firstSeen, windowStart: item.previousPull,
                    lagSeconds: lag, timeSource: time.source.rawValue))
                outletLag[item.outletID] = min(outletLag[item.outletID] ?? .max, lag)
                perOutlet[item.outletID, default: OutletTally()].items += 1
            }
            let shared = story.outlets.count >= 2
            for outlet in story.outlets {
                perOutlet[outlet, default: OutletTally()].stories += 1
                guard shared else { continue }
                perOutlet[outlet]!.sharedStories += 1
                if story.credit.outlet == outlet {
                    if story.credit.isTie { perOutlet[outlet]!.firstOrTied += 1 } else {
                        perOutlet[outlet]!.firstReports += 1
                        perOutlet[outlet]!.firstOrTied += 1
                    }
                } else if story.credit.tiedWith.contains(outlet) {
                    perOutlet[outlet]!.firstOrTied += 1
                } else if let lag = outletLag[outlet] {
                    perOutlet[outlet]!.lags.append(lag)
                }
            }
            guard shared else { continue }
            for fact in Analysis.facts(of: story).facts where Set(fact.mentions.map(\.outlet)).count >= 2 {
                factRows.append(FactRow(
                    storyID: story.id, factID: fact.id, text: fact.text, outlets: fact.outlets,
                    firstOutlet: fact.credit.outlet, firstTime: fact.credit.time.estimate,
                    timeSource: fact.credit.time.source.rawValue, tiedWith: fact.credit.tiedWith))
            }
        }
        let outletRows = outletStats.map { stats -> OutletRow in
            let tally = perOutlet[stats.outletID] ?? OutletTally()
            return OutletRow(
                outlet: stats.outletID, stories: tally.stories, sharedStories: tally.sharedStories,
                firstReports: tally.firstReports, firstOrTied: tally.firstOrTied, medianLagSeconds: median(tally.lags),
                items: tally.items, pulls: stats.pulls, pullsFailed: stats.pullsFailed)
        }
        return Report(stories: storyRows, coverage: coverage, facts: factRows, outlets: outletRows,
                      generatedAt: now, since: since, until: until)
    }

    /// The median of `values` (the mean of the two middle ones, rounded down, for an even
    /// count), or nil when empty.
    static func median(_ values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

private struct OutletTally {
    var stories = 0
    var sharedStories = 0
    var firstReports = 0
    var firstOrTied = 0
    var lags: [Int] = []
    var items = 0
}
