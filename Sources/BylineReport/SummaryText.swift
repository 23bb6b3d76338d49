import Foundation

/// The plain-text summary (`summary.txt`): the largest multi-outlet stories with who was first
/// and on what evidence, the first report of each of its events when its facts show several
/// (``StoryDetail/events``), each with its fact table (facts of 2+ outlets: who was first, when,
/// on what evidence, the values and whether they move with time), and the outlet table.
public enum SummaryText {
    /// Renders the summary.
    ///
    /// - Parameters:
    ///   - report: the report to summarise.
    ///   - topStories: how many of the largest multi-outlet stories to list.
    /// - Returns: UTF-8 text with LF line ends, ending in a newline, the bidirectional formatting
    ///   characters of the feeds' texts made visible (``TerminalText/visible(_:)``).
    public static func render(_ report: Report, topStories: Int = 15) -> String {
        var lines: [String] = []
        let shared = report.stories.filter { $0.outlets.count >= 2 }
        lines.append("Byline report, generated \(ReportFormat.time(report.generatedAt))")
        if let range = ReportFormat.range(since: report.since, until: report.until) { lines.append(range) }
        lines.append("\(CompareText.counted(report.coverage.count, "item")) from \(CompareText.counted(report.outlets.filter { $0.items > 0 }.count, "outlet")) "
                     + "in \(CompareText.counted(report.stories.count, "story", plural: "stories")); "
                     + "\(CompareText.counted(shared.count, "story", plural: "stories")) covered by 2+ outlets, \(report.stories.filter { $0.outlets.count >= 3 }.count) by 3+.")
        lines.append("")
        lines.append("Top stories (by outlets, then items). Times are UTC; 'time' says what the first report's time rests on:")
        lines.append("published = publisher time inside the observed window, window = (previous pull, first seen], first_seen = seen at the feed's first pull.")
        let factsByStory = Dictionary(grouping: report.facts, by: \.storyID)
        let listed = Set(shared.prefix(topStories).map(\.storyID))
        let details = Dictionary(report.details().filter { listed.contains($0.story.storyID) }.map { ($0.story.storyID, $0) },
                                 uniquingKeysWith: { first, _ in first })
        for (rank, story) in shared.prefix(topStories).enumerated() {
            lines.append("")
            lines.append("\(rank + 1). [story \(story.storyID)] \(story.headline)")
            var first = "   first: \(story.firstOutlet) at \(ReportFormat.time(story.firstTime)) (\(story.timeSource))"
            if !story.firstReportCaveat.isEmpty { first += " (\(story.firstReportCaveat))" }
            if !story.tiedWith.isEmpty {
                first += ", tied with \(story.tiedWith.joined(separator: ", "))"
                if let caveat = details[story.storyID]?.tieCaveat, !caveat.isEmpty { first += " (\(caveat))" }
            }
            lines.append(first)
            if !story.firstTitle.isEmpty { lines.append("   first report: \"\(story.firstTitle.truncated(to: 100))\"") }
            // Reports the facts split into events: each event's first report, which may be
            // another outlet than the story's.
            if let detail = details[story.storyID] {
                let events = detail.events
                if !events.isEmpty { lines.append("   \(events.count) events by the facts their reports share; each one's first report:") }
                for event in events {
                    var credit = "\(event.firstOutlet) at \(ReportFormat.time(event.firstTime)) (\(event.timeSource))"
                    if !event.firstReportCaveat.isEmpty { credit += " (\(event.firstReportCaveat))" }
                    if !event.tiedWith.isEmpty {
                        credit += ", tied with \(event.tiedWith.joined(separator: ", "))"
                        let caveat = detail.tieCaveat(of: event)
                        if !caveat.isEmpty { credit += " (\(caveat))" }
                    }
                    lines.append("     E\(event.event) \(credit), \(CompareText.counted(event.items.count, "item")): \"\(event.firstTitle.truncated(to: 80))\"")
                }
            }
            lines.append("   \(CompareText.counted(story.outlets.count, "outlet")), \(CompareText.counted(story.items, "item")) over \(ReportFormat.decimal(story.spanHours)) h: \(story.outlets.joined(separator: ", "))")
            let facts = (factsByStory[story.storyID] ?? [])
                .sorted(by: { ($0.outlets.count, -$0.factID) > ($1.outlets.count, -$1.factID) })
            guard !facts.isEmpty else { continue }
            lines.append("   facts stated by 2+ outlets (\(facts.count), most outlets first):")
            var table = [["fact", "outlets", "first", "at", "values", "text"]]
            for fact in facts.prefix(factsPerStory) {
                var first = fact.firstOutlet
                if !fact.tiedWith.isEmpty {
                    let caveat = details[story.storyID]?.tieCaveat(of: fact) ?? ""
                    first += " (tie: \(fact.tiedWith.joined(separator: ", "))\(caveat.isEmpty ? "" : "; " + caveat))"
                }
                table.append(["F\(fact.factID)", String(fact.outlets.count), first,
                              "\(ReportFormat.time(fact.firstTime)) \(fact.timeSource)", valueSummary(fact),
                              "\"\(fact.text.truncated(to: 90))\""])
            }
            lines.append(contentsOf: leftAligned(table).map { "   " + $0 })
        }
        let claims = report.attributions.filter(\.isPriorityClaim)
        if !claims.isEmpty {
            lines.append("")
            lines.append("Claims of who reported first in the texts (\(claims.count)): the outlet a text credits (an id when Byline follows it,")
            lines.append("else the news organisation's name) against the outlet Byline saw first, with the verdict of the times; source")
            lines.append("edges to news organisations (\"according to X\", \"told X\") are in attributions.csv:")
            for row in claims.prefix(claimsListed) { lines.append("  [story \(row.storyID)] " + attributionLine(row)) }
            if claims.count > claimsListed { lines.append("  ... and \(claims.count - claimsListed) more in attributions.csv") }
        }
        lines.append("")
        lines += outletLines(report)
        // Text to read in a terminal: a feed's bidirectional controls must not reorder its lines.
        return TerminalText.visible(lines.joined(separator: "\n") + "\n")
    }

    /// The outlet table of the summary, as `byline outlets` prints it: three lines of legend,
    /// then a header and one row per outlet (the order of ``Report/outlets``), columns aligned.
    ///
    /// - Returns: UTF-8 text with LF line ends, ending in a newline.
    public static func outlets(_ report: Report) -> String {
        outletLines(report).joined(separator: "\n") + "\n"
    }

    static func outletLines(_ report: Report) -> [String] {
        var lines: [String] = []
        lines.append("Outlets (shared = stories with 2+ outlets; first = clear first reports, \"(k by pubDate)\" those whose item was")
        lines.append("already in its feed at Byline's first pull or came after a gap of a day or more in its feed's pulls, so its pubDate")
        lines.append("is not checked against a pull and the first-report rates of outlets.csv and the HTML leave those stories out; lag =")
        lines.append("median and interquartile range of the time behind the first report, as 45s, 12m, 3h05m, 2d04h; corroborated = its")
        lines.append("first-reported facts carried by another outlet within 48 h; silent edits = items seen twice with an unannounced")
        lines.append("substantive edit; rates with Wilson 95% intervals):")
        let table = [["outlet", "items", "stories", "shared", "first", "ties", "median lag", "lag IQR", "corroborated",
                      "exclusive", "disagree", "silent edits", "time anomalies", "scoops ok/claims", "pulls failed"]]
            + report.outlets.map { row in
                let score = row.score
                let iqr = score.lagP25Seconds.flatMap { low in score.lagP75Seconds.map { "\(duration(low))-\(duration($0))" } } ?? "-"
                let unchecked = score.firstReportsUnchecked > 0 ? " (\(score.firstReportsUnchecked) by pubDate)" : ""
                return [row.outlet, String(row.items), String(row.stories), String(row.sharedStories), "\(row.firstReports)\(unchecked)",
                        String(score.firstTies), row.medianLagSeconds.map(Self.duration) ?? "-", iqr,
                        ratio(score.factsCorroborated, score.factsFirst), String(score.exclusiveFacts), String(score.disagreements),
                        ratio(score.itemsSilentlyEdited, score.itemsSeenTwice), ratio(score.itemsWithAnomaly, score.itemsChecked),
                        "\(score.scoopConfirmed)/\(score.scoopClaims)", "\(row.pullsFailed)/\(row.pulls)"]
            }
        lines.append(contentsOf: alignedColumns(table))
        return lines
    }

    /// `k/n pp% [low-high%]`: a count, its rate and Wilson 95% interval in percent; `0/0` with
    /// no trials.
    static func ratio(_ successes: Int, _ trials: Int) -> String {
        guard let interval = WilsonInterval(successes: successes, trials: trials) else { return "0/0" }
        return String(format: "%d/%d %.0f%% [%.0f-%.0f]", successes, trials, interval.rate * 100, interval.low * 100, interval.high * 100)
    }

    /// How many facts each top story's table lists.
    public static let factsPerStory = 8

    /// How many priority claims the summary lists (attributions.csv has them all).
    public static let claimsListed = 40

    /// One attribution on one line: the outlet whose text holds it, the kind and phrase, the
    /// outlet credited (an id when followed, else the news organisation's name, quoted), and for a
    /// priority claim the outlet Byline saw first, the verdict and its evidence:
    ///
    ///     abcnews: wasFirstToReport "CNN was first to report" credits cnn; Byline saw cnn first - confirmed: first reports: ...
    ///     dailymail: accordingTo "according to the Sun" credits "The Sun" - 'The Sun' is not an outlet Byline follows
    public static func attributionLine(_ row: AttributionRow) -> String {
        var line = "\(row.outlet): \(row.kind) \"\(row.phrase)\" credits " + (row.creditedFollowed ? row.credited : "\"\(row.credited)\"")
        if row.isPriorityClaim {
            line += "; Byline saw \(row.firstOutlet.ifEmpty("-")) first"
            if !row.firstTiedWith.isEmpty { line += " (tied with \(row.firstTiedWith.joined(separator: ", ")))" }
            line += " - \(row.verdict): \(row.evidence)"
        } else if !row.evidence.isEmpty {
            line += " - \(row.evidence)"
        }
        return line
    }

    /// A quantity fact's values in order of time with the trend (`9500 → 10000 → 14000,
    /// update`); `-` for other facts.
    static func valueSummary(_ fact: FactRow) -> String {
        guard !fact.values.isEmpty else { return "-" }
        var values: [String] = []
        for cell in fact.values {
            let value = String(cell.split(separator: "@").first ?? "")
            if values.last != value { values.append(value) }
        }
        var text = values.joined(separator: " → ") + ", " + fact.trend
        if !fact.disagreeing.isEmpty { text += "; differ at the same time: " + fact.disagreeing.joined(separator: ", ") }
        return text
    }

    static func leftAligned(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == columns - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// Seconds as a short duration: `45s`, `12m`, `3h05m`, `2d04h`.
    public static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return String(format: "%dh%02dm", seconds / 3600, (seconds % 3600) / 60) }
        return String(format: "%dd%02dh", seconds / 86_400, (seconds % 86_400) / 3600)
    }

    static func alignedColumns(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }

    func truncated(to length: Int) -> String {
        count <= length ? self : String(prefix(length - 1)) + "…"
    }
}
