public import Foundation
public import BylineStore
public import BylineReport
import BylineFacts
import BylineStories

/// Turns an ``Analysis`` and the store's pull counts into the rows of a ``Report``.
public enum ReportBuilder {
    /// How long after a fact's first report an independent outlet may carry it for the fact to
    /// count as corroborated: 48 hours.
    public static let corroborationWindow: TimeInterval = 48 * 3600

    /// Builds the report of the stories whose first report falls in `[since, until)`.
    ///
    /// - Parameters:
    ///   - analysis: the loaded analysis.
    ///   - outletStats: the store's items and pull counts per outlet.
    ///   - since: lower bound (UTC), or nil.
    ///   - until: upper bound (UTC), or nil.
    ///   - now: the report's generation time.
    ///   - wireGroups: the wire groups of a story (item ids that carry one agency report), each
    ///     counted once in credits; by default the story's ``StoryView/wireGroups``.
    ///   - factEmbedder: the sentence embeddings of fact units, or nil: with them the facts of
    ///     stories of two or more outlets are aligned by meaning (all their sentences are read or
    ///     embedded in one pass first).
    /// - Returns: stories largest first, coverage grouped by story in the same order (items in
    ///   order of appearance), facts shared by 2+ outlets with their mentions, every story's
    ///   attributions that credit an outlet (``BylineFacts/Attribution/isOutletCredit``: scoop
    ///   claims and credits to news organisations; sourcing from people and official bodies,
    ///   and an outlet citing its own reporting, are left out), every item's edits and time anomalies, and one scorecard row per outlet
    ///   with an item or a pull.
    ///
    /// Scorecard rules: first reports, ties and lags over stories of 2+ outlets; facts first,
    /// corroboration (an independent outlet within ``corroborationWindow``), exclusive facts and
    /// disagreements over the facts of those stories; silent edits over items seen at two or
    /// more pulls; anomalies over all items of the outlet in the report.
    ///
    /// An item re-issued under a new guid (``Reissue``) is a `new_guid` anomaly row naming the
    /// original's guid, first-seen time and the link; in the story of its original it is not a
    /// second report (no coverage row, not in `items`, edits or time checks; the original, seen
    /// first, keeps the credit), in another story it stays that story's report of its outlet.
    public static func build(
        analysis: Analysis, outletStats: [OutletPullStats], since: Date? = nil, until: Date? = nil, now: Date = Date(),
        wireGroups: (StoryView) -> [[Int64]] = { $0.wireGroups.map(\.itemIDs) }, factEmbedder: FactEmbedder? = nil
    ) async -> Report {
        let stories = analysis.stories(since: since, until: until)
        let hygiene = analysis.textHygiene()
        // Each story's items as the fact engine reads them, built once.
        let factItems = stories.map(\.factItems)
        var vectors: [String: [Float]] = [:]
        var tokens: [String: TokenVectors] = [:]
        let clauseMarkers = factEmbedder?.clauseMarkers ?? []
        if let factEmbedder {
            var texts: [String] = []
            for (story, items) in zip(stories, factItems) where story.outlets.count >= 2 {
                let sentences = FactEngine.unitTexts(of: items, hygiene: hygiene)
                // A story too large to align by meaning is not embedded.
                if sentences.count <= FactEngine.maximumSentencesByMeaning { texts += sentences }
            }
            (vectors, tokens) = await factEmbedder.embeddings(for: texts)
        }
        var storyRows: [StoryRow] = []
        var coverage: [CoverageRow] = []
        var factRows: [FactRow] = []
        var mentionRows: [MentionRow] = []
        var attributionRows: [AttributionRow] = []
        var eventRows: [EventRow] = []
        var perOutlet: [String: OutletTally] = [:]
        var guidOf: [Int64: String] = [:]
        var storyOf: [Int64: Int64] = [:]
        var reportItems: [FactItem] = []
        // Items re-issued under a new guid (``Reissue``), over every story the analysis holds; a
        // re-issue in its original's story is no second report of its outlet there: it is left
        // out of the coverage rows, the counts, the edits and the time checks (the original, the
        // first report, stands for both) and shows as a `new_guid` anomaly.
        var storyOfAny: [Int64: Int64] = [:]
        for story in analysis.stories { for item in story.items where storyOfAny[item.id] == nil { storyOfAny[item.id] = story.id } }
        let reissues = Reissue.find(in: analysis.stories.flatMap(\.items))
        let repeated = Set(reissues.values.filter { storyOfAny[$0.item.id] == storyOfAny[$0.original.id] }.map(\.item.id))
        // A re-issue left out of its original's story stands for the original there (its facts).
        let originalOf = Dictionary(reissues.values.filter { repeated.contains($0.item.id) }.map { ($0.item.id, $0.original.id) },
                                    uniquingKeysWith: { first, _ in first })
        for (story, items) in zip(stories, factItems) {
            let counted = zip(story.items, coverageRows(story)).filter { !repeated.contains($0.0.id) }
            let rows = counted.map { $0.1 }
            let entry = storyRow(story, coverage: rows, items: rows.count)
            storyRows.append(entry)
            var outletLag: [String: Int] = [:]
            coverage += rows
            for (item, row) in counted {
                outletLag[item.outletID] = min(outletLag[item.outletID] ?? .max, row.lagSeconds)
                perOutlet[item.outletID, default: OutletTally()].items += 1
            }
            for item in story.items {
                guidOf[item.id] = ShownText.guid(item.guid)
                storyOf[item.id] = story.id
            }
            let shared = story.outlets.count >= 2
            for outlet in story.outlets {
                perOutlet[outlet, default: OutletTally()].stories += 1
                guard shared else { continue }
                perOutlet[outlet]!.sharedStories += 1
                if story.credit.outlet == outlet {
                    if story.credit.isTie {
                        perOutlet[outlet]!.firstOrTied += 1
                        perOutlet[outlet]!.score.firstTies += 1
                    } else {
                        perOutlet[outlet]!.firstReports += 1
                        perOutlet[outlet]!.firstOrTied += 1
                        if entry.firstReportUnchecked { perOutlet[outlet]!.score.firstReportsUnchecked += 1 }
                    }
                } else if story.credit.tiedWith.contains(outlet) {
                    perOutlet[outlet]!.firstOrTied += 1
                    perOutlet[outlet]!.score.firstTies += 1
                } else if let lag = outletLag[outlet] {
                    perOutlet[outlet]!.lags.append(lag)
                }
            }
            // Edits and time anomalies are the item's own, over all its versions.
            reportItems += (story.countedFrom.isEmpty ? items : story.items.map(\.factItem)).filter { !repeated.contains($0.itemID) }
            let facts = Analysis.facts(of: story, items: items, hygiene: hygiene, wireGroups: wireGroups(story),
                                       outlets: analysis.outlets, vectors: vectors, tokens: tokens,
                                       clauseMarkers: clauseMarkers)
            for attribution in facts.attributions where attribution.isOutletCredit {
                attributionRows.append(AttributionRow(attribution, storyID: story.id, itemGuid: guidOf[attribution.itemID] ?? ""))
                guard attribution.kind.isScoopClaim else { continue }
                perOutlet[attribution.outlet, default: OutletTally()].score.scoopClaims += 1
                if attribution.verdict == .confirmed { perOutlet[attribution.outlet]!.score.scoopConfirmed += 1 }
                if attribution.verdict == .contradicted { perOutlet[attribution.outlet]!.score.scoopContradicted += 1 }
            }
            guard shared else { continue }
            eventRows += Self.eventRows(story, counted: counted, facts: facts.facts, outlets: analysis.outlets, originalOf: originalOf)
            for fact in facts.facts {
                tally(fact, into: &perOutlet, outlets: analysis.outlets)
                guard fact.isShared else { continue }
                let rows = Self.factRows(fact, storyID: story.id, guidOf: guidOf)
                factRows.append(rows.fact)
                mentionRows += rows.mentions
            }
        }

        var editRows: [EditRow] = []
        for item in reportItems {
            perOutlet[item.outlet, default: OutletTally()].score.itemsChecked += 1
            guard item.wasSeenTwice else { continue }
            perOutlet[item.outlet]!.score.itemsSeenTwice += 1
            let edits = EditClassifier.edits(of: item, hygiene: hygiene)
            if edits.contains(where: { $0.kind == .substantive && $0.isSilent }) {
                perOutlet[item.outlet]!.score.itemsSilentlyEdited += 1
            }
            for edit in edits {
                editRows.append(EditRow(
                    storyID: storyOf[item.itemID], outlet: item.outlet, itemGuid: ShownText.guid(item.guid), field: edit.field.rawValue,
                    from: edit.from, to: edit.to, kind: edit.kind.rawValue, reason: edit.reason, silent: edit.isSilent,
                    removed: ShownText.text(edit.removed), added: ShownText.text(edit.added)))
            }
        }
        // Repeated dates need every item of the outlet with the same date, not only those of the
        // report's range (an analysis read for a range brings them along).
        let allItems = (analysis.stories.flatMap { $0.items.map(\.factItem) } + analysis.sameDateItems)
            .filter { !repeated.contains($0.itemID) }
        var anomalyRows: [AnomalyRow] = []
        var anomalous: Set<Int64> = []
        for anomaly in TimeAnomalyDetector.anomalies(in: allItems) where storyOf[anomaly.itemID] != nil {
            anomalyRows.append(AnomalyRow(
                storyID: storyOf[anomaly.itemID], outlet: anomaly.outlet, itemGuid: guidOf[anomaly.itemID] ?? "",
                kind: anomaly.kind.rawValue, published: anomaly.published, firstSeen: anomaly.firstSeen, detail: anomaly.detail))
            if anomalous.insert(anomaly.itemID).inserted { perOutlet[anomaly.outlet, default: OutletTally()].score.itemsWithAnomaly += 1 }
        }
        // Re-issues, in item order; not time anomalies, so not in the scorecard's anomaly rate.
        for reissue in reissues.values.sorted(by: { $0.item.id < $1.item.id }) {
            guard let storyID = storyOf[reissue.item.id] else { continue }
            let original = reissue.original
            var detail = "re-issue of \(ShownText.guid(original.guid)), first seen \(ReportFormat.time(original.firstSeen))"
            if let other = storyOfAny[original.id], other != storyID { detail += " in story \(other)" }
            detail += ", same link \(ShownText.link(reissue.item.link) ?? "")"
            anomalyRows.append(AnomalyRow(
                storyID: storyID, outlet: reissue.item.outletID, itemGuid: guidOf[reissue.item.id] ?? ShownText.guid(reissue.item.guid),
                kind: "new_guid", published: reissue.item.firstPublished, firstSeen: reissue.item.firstSeen, detail: detail))
        }

        // An outlet with no item and no pull (one an import's outlet list names, absent from
        // its archive) has nothing to score.
        let outletRows = outletStats.filter { $0.items > 0 || $0.pulls > 0 }.map { stats -> OutletRow in
            var tally = perOutlet[stats.outletID] ?? OutletTally()
            tally.score.lagCount = tally.lags.count
            tally.score.lagP25Seconds = percentile(tally.lags, 0.25)
            tally.score.lagP75Seconds = percentile(tally.lags, 0.75)
            return OutletRow(
                outlet: stats.outletID, stories: tally.stories, sharedStories: tally.sharedStories,
                firstReports: tally.firstReports, firstOrTied: tally.firstOrTied, medianLagSeconds: median(tally.lags),
                items: tally.items, pulls: stats.pulls, pullsFailed: stats.pullsFailed, score: tally.score)
        }
        return Report(stories: storyRows, coverage: coverage, facts: factRows, mentions: mentionRows, edits: editRows,
                      anomalies: anomalyRows, attributions: attributionRows, events: eventRows, outlets: outletRows,
                      generatedAt: now, since: since, until: until)
    }

    /// One story's rows for `byline compare`: its row, items, facts of two or more outlets
    /// with their mentions, and attributions that credit an outlet, as ``build(analysis:outletStats:since:until:now:wireGroups:factEmbedder:)``
    /// gives them for the same story (edits and anomalies are left empty).
    ///
    /// - Parameters:
    ///   - story: the story (or several shown as one).
    ///   - facts: its facts, from ``Analysis/facts(of:hygiene:outlets:embedder:)``.
    ///   - outlets: the outlets' news organisations: an event is of two or more
    ///     (``BylineFacts/StoryEvents``).
    public static func detail(of story: StoryView, facts: StoryFacts, outlets: OutletDirectory = OutletDirectory()) -> StoryDetail {
        let guidOf = Dictionary(story.items.map { ($0.id, ShownText.guid($0.guid)) }, uniquingKeysWith: { first, _ in first })
        var factRows: [FactRow] = []
        var mentionRows: [MentionRow] = []
        for fact in facts.facts where fact.isShared {
            let rows = Self.factRows(fact, storyID: story.id, guidOf: guidOf)
            factRows.append(rows.fact)
            mentionRows += rows.mentions
        }
        let attributions = facts.attributions.filter(\.isOutletCredit).map { AttributionRow($0, storyID: story.id, itemGuid: guidOf[$0.itemID] ?? "") }
        let items = coverageRows(story)
        return StoryDetail(story: storyRow(story, coverage: items), items: items, facts: factRows, mentions: mentionRows,
                           attributions: attributions,
                           events: eventRows(story, counted: Array(zip(story.items, items)), facts: facts.facts, outlets: outlets))
    }

    /// The story's events (``BylineFacts/StoryEvents``: its items joined by the facts they state
    /// together, each group of two or more news organisations in `outlets`), over its items that have a coverage row
    /// (`counted`, each with its row), each credited over its own items as the story is credited
    /// over all of them; empty when the facts show one event or none.
    ///
    /// - Parameter originalOf: re-issued item id -> its original's (``Reissue``), for the
    ///   re-issues left out of `counted`: a fact that a re-issue states joins its original.
    static func eventRows(_ story: StoryView, counted: [(StoredItem, CoverageRow)], facts: [Fact], outlets: OutletDirectory,
                          originalOf: [Int64: Int64] = [:]) -> [EventRow] {
        let rowOf = Dictionary(counted.map { ($0.0.id, $0.1) }, uniquingKeysWith: { first, _ in first })
        let facts = originalOf.isEmpty ? facts : facts.map { fact in
            var fact = fact
            for index in fact.mentions.indices { fact.mentions[index].itemID = originalOf[fact.mentions[index].itemID] ?? fact.mentions[index].itemID }
            return fact
        }
        let events = StoryEvents.events(items: counted.map { (id: $0.0.id, outlet: $0.0.outletID, time: story.time(of: $0.0)) },
                                        facts: facts, outlets: outlets)
        return events.enumerated().map { number, event in
            let time = event.credit.time
            let first = rowOf[event.firstItemID]
            return EventRow(
                storyID: story.id, event: number + 1,
                items: event.itemIDs.compactMap { id in rowOf[id].map { EventRow.Item(outlet: $0.outlet, itemGuid: $0.itemGuid) } },
                firstOutlet: event.credit.outlet, tiedWith: event.credit.tiedWith, firstTime: time.estimate,
                timeSource: time.source.rawValue, firstWindowStart: time.previousPull, firstPulled: time.firstSeen,
                firstReportUnchecked: time.restsOnPubDateAlone,
                firstPublishedDay: time.source == .publishedDay ? time.publishedDayText ?? "" : "",
                firstItemGuid: first?.itemGuid ?? "", firstTitle: first?.title ?? "")
        }
    }

    /// The `stories.csv` row of a story, whose `coverage` rows (``coverageRows(_:)``) name the
    /// credited first report: the credited outlet's row with the smallest lag. `items` is the
    /// count of reports (the story's items unless re-issues are left out).
    static func storyRow(_ story: StoryView, coverage: [CoverageRow], items: Int? = nil) -> StoryRow {
        let first = coverage.filter { $0.outlet == story.credit.outlet }.min { $0.lagSeconds < $1.lagSeconds }
        return StoryRow(storyID: story.id, headline: story.headline, outlets: story.outlets, items: items ?? story.items.count,
                        firstOutlet: story.credit.outlet, tiedWith: story.credit.tiedWith,
                        firstTime: story.credit.time.estimate, timeSource: story.credit.time.source.rawValue,
                        spanHours: story.span / 3600, firstWindowStart: story.credit.time.previousPull,
                        firstPulled: story.credit.time.firstSeen, firstReportUnchecked: story.credit.time.restsOnPubDateAlone,
                        firstItemGuid: first?.itemGuid ?? "", firstTitle: first?.title ?? "",
                        firstPublishedDay: story.credit.time.source == .publishedDay ? story.credit.time.publishedDayText ?? "" : "")
    }

    /// The `coverage.csv` rows of a story's items, in order of appearance; a wire copy names the
    /// earliest item of its wire group. Guids and links as shown (``ShownText``), as in every row.
    static func coverageRows(_ story: StoryView) -> [CoverageRow] {
        let guidOf = Dictionary(story.items.map { ($0.id, ShownText.guid($0.guid)) }, uniquingKeysWith: { first, _ in first })
        return story.items.map { item in
            let time = story.time(of: item)
            let copyOf = story.wireCopyOf(item.id).map { guidOf[$0] ?? "" } ?? ""
            // The version the item counts from in this story: its first, unless it was about
            // something else then (``StoryView/countedFrom``).
            let counted = story.countedFrom[item.id] == nil ? nil : story.countedVersion(of: item)
            let title = counted?.title ?? item.firstTitle
            // Shown cut and marked, from the summary when there is no title (``ShownText``).
            let firstSummary = counted?.summary ?? item.versions.first?.summary ?? item.summary
            let shownTitle = ShownText.headline(title: title, summary: firstSummary, link: item.link)
            let latestTitle = item.title == title ? nil : ShownText.headline(title: item.title, summary: item.summary, link: item.link)
            return CoverageRow(
                storyID: story.id, outlet: item.outletID, itemGuid: guidOf[item.id] ?? ShownText.guid(item.guid),
                itemLink: ShownText.link(item.link), title: shownTitle,
                // The pubDate of the version the time counts from, so that `published`,
                // `first_seen`, `window_start` and `time` of a row rest on one version (the
                // item's first pubDate showed beside a later version's times).
                published: time.published, firstSeen: counted?.seenAt ?? item.firstSeen,
                windowStart: counted.map(\.previousPull) ?? item.previousPull,
                lagSeconds: story.lag(of: item), timeSource: time.source.rawValue, latestTitle: latestTitle == shownTitle ? nil : latestTitle,
                versions: max(1, item.versions.count), wireCopyOf: copyOf, time: time.estimate)
        }
    }

    /// A shared fact's `facts.csv` row and its `mentions.csv` rows.
    static func factRows(_ fact: Fact, storyID: Int64, guidOf: [Int64: String]) -> (fact: FactRow, mentions: [MentionRow]) {
        let row = FactRow(
            storyID: storyID, factID: fact.id, text: ShownText.text(fact.text), outlets: fact.outlets,
            firstOutlet: fact.credit.outlet, firstTime: fact.credit.time.estimate,
            timeSource: fact.credit.time.source.rawValue, tiedWith: fact.credit.tiedWith,
            kind: fact.kind.rawValue, values: valueCells(fact), trend: fact.trend.rawValue,
            disagreeing: fact.disagreeing, wireOutlets: fact.wireOutlets, mentionCount: fact.mentions.count,
            firstWindowStart: fact.credit.time.previousPull)
        let mentions = fact.mentions.map { mention in
            MentionRow(
                storyID: storyID, factID: fact.id, outlet: mention.outlet, itemGuid: guidOf[mention.itemID] ?? "",
                sentence: ShownText.text(mention.sentence), time: mention.time.estimate, windowStart: mention.time.previousPull,
                timeSource: mention.time.source.rawValue, value: mention.value?.display ?? "",
                wireCopyOf: mention.wireCopyOf.flatMap { guidOf[$0] } ?? "", valueText: mention.value?.text ?? "")
        }
        return (row, mentions)
    }

    /// Adds one fact of a shared story to the outlets' corroboration, exclusivity and
    /// disagreement counts. Outlets of one news organisation (`outlets`,
    /// ``BylineFacts/OutletDirectory/isSameOrganisation(_:_:)``) do not corroborate each other,
    /// and a fact only they carry is exclusive to each of them.
    static func tally(_ fact: Fact, into perOutlet: inout [String: OutletTally], outlets: OutletDirectory = OutletDirectory()) {
        let independent = fact.mentions.filter { $0.wireCopyOf == nil }
        let firsts = [fact.credit.outlet] + fact.credit.tiedWith
        for outlet in firsts {
            perOutlet[outlet, default: OutletTally()].score.factsFirst += 1
            let deadline = fact.credit.time.estimate.addingTimeInterval(corroborationWindow)
            if independent.contains(where: { !outlets.isSameOrganisation($0.outlet, outlet) && $0.time.estimate <= deadline }) {
                perOutlet[outlet]!.score.factsCorroborated += 1
            }
        }
        let carriers = Set(fact.independentOutlets)
        if let one = carriers.first, carriers.allSatisfy({ outlets.isSameOrganisation($0, one) }) {
            for carrier in carriers { perOutlet[carrier, default: OutletTally()].score.exclusiveFacts += 1 }
        }
        for outlet in fact.disagreeing { perOutlet[outlet, default: OutletTally()].score.disagreements += 1 }
    }

    /// A quantity fact's values as `value@outlet` cells, one per distinct (value, outlet), in
    /// order of time.
    static func valueCells(_ fact: Fact) -> [String] {
        var cells: [String] = []
        for mention in fact.mentions {
            guard let value = mention.value else { continue }
            let cell = "\(value.display)@\(mention.outlet)"
            if !cells.contains(cell) { cells.append(cell) }
        }
        return cells
    }

    /// The median of `values` (the mean of the two middle ones, rounded down, for an even
    /// count), or nil when empty.
    static func median(_ values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `q` quantile of `values` by linear interpolation between closest ranks (type 7,
    /// the default of R and NumPy), rounded to whole seconds; nil when empty.
    static func percentile(_ values: [Int], _ q: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = Double(sorted.count - 1) * q
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return Int((Double(sorted[lower]) + fraction * Double(sorted[upper] - sorted[lower])).rounded())
    }
}

struct OutletTally {
    var stories = 0
    var sharedStories = 0
    var firstReports = 0
    var firstOrTied = 0
    var lags: [Int] = []
    var items = 0
    var score = OutletScore()
}
