import Foundation

/// The text layout of `byline compare`: a story's timeline, its events when the facts show
/// more than one, its fact-by-outlet matrix with values and ties, the facts, and the
/// attributions with their verdicts.
public enum CompareText {
    /// Renders one story.
    ///
    /// - Parameters:
    ///   - detail: the story's rows.
    ///   - ids: the story ids asked for when several were shown as one (the first line names
    ///     them all); empty or one id for a single story.
    /// - Returns: UTF-8 text with LF line ends and no final newline. Times are ISO-8601 UTC, each
    ///   with its evidence; lags as ``SummaryText/duration(_:)``.
    public static func render(_ detail: StoryDetail, ids: [Int64] = []) -> String {
        let story = detail.story
        var lines: [String] = []
        if ids.count > 1 {
            lines.append("Stories \(ids.map(String.init).joined(separator: " + ")) shown as one: \(story.headline)")
        } else {
            lines.append("Story \(story.storyID): \(story.headline)")
        }
        lines.append("\(counted(story.outlets.count, "outlet")), \(counted(detail.items.count, "item")) over \(ReportFormat.decimal(story.spanHours)) h")
        let title = story.firstTitle.isEmpty ? "" : ", \"\(story.firstTitle)\","
        var first = "First: \(story.firstOutlet)\(title) at \(describe(story.firstTime, story.timeSource, story.firstWindowStart))"
        if !detail.firstReportCaveat.isEmpty { first += " (\(detail.firstReportCaveat))" }
        if !story.tiedWith.isEmpty { first += "; " + tie(story.tiedWith, caveat: detail.tieCaveat) }
        lines.append(first)
        lines.append("")
        lines.append("Timeline (every item in order of appearance; lag behind the story's first report):")
        for item in detail.items {
            var edits = item.versions > 1 ? " [\(item.versions) versions]" : ""
            if let latest = item.latestTitle { edits += " -> now: \(latest)" }
            lines.append("  \(padded(describe(item.time, item.timeSource, item.windowStart), 61))\(padded("+" + SummaryText.duration(item.lagSeconds), 9))\(padded(item.outlet, 18))\(item.title)\(edits)")
        }
        let shared = detail.facts
        lines += eventLines(detail)
        lines.append("")
        guard !shared.isEmpty else {
            lines.append("No fact is stated by two or more outlets.")
            lines += attributionLines(detail.attributions)
            return lines.joined(separator: "\n")
        }
        let mentionsOf = Dictionary(grouping: detail.mentions, by: \.factID)
        // The matrix: one column per outlet that carries a shared fact, in order of appearance.
        let columns = story.outlets.filter { outlet in shared.contains { $0.outlets.contains(outlet) } }
        let letters = columns.indices.map { String(UnicodeScalar(UInt8(65 + $0 % 26))) }
        lines.append("Facts stated by 2+ outlets, by outlet. A cell is the outlet's first mention: 1st = credited first, tie = tied")
        lines.append("with the first (overlapping windows), +lag = behind the first, w = wire copy; a quantity's value is below.")
        lines.append("  " + zip(letters, columns).map { "\($0) = \($1)" }.joined(separator: ", "))
        var rows: [(label: String, cells: [String])] = []
        for fact in shared {
            let mentions = mentionsOf[fact.factID] ?? []
            var timeCells: [String] = []
            var valueCells: [String] = []
            for outlet in columns {
                guard let mention = mentions.first(where: { $0.outlet == outlet }) else {
                    timeCells.append("·"); valueCells.append(""); continue
                }
                var cell = matrixCell(fact, mention)
                if fact.wireOutlets.contains(outlet) { cell += "w" }
                timeCells.append(cell)
                valueCells.append(mentions.first(where: { $0.outlet == outlet && !$0.value.isEmpty })?.value ?? "")
            }
            rows.append(("F\(fact.factID)", timeCells))
            if fact.kind == "quantity" { rows.append(("", valueCells)) }
        }
        // Columns as wide as their widest cell, so that no cell is cut or runs into the next.
        let width = (rows.flatMap(\.cells).map(\.count) + letters.map(\.count)).max().map { $0 + 2 } ?? 4
        let labelWidth = max(6, (rows.map(\.label.count).max() ?? 0) + 2)
        lines.append("  " + padded("fact", labelWidth) + letters.map { padded($0, width) }.joined())
        for row in rows {
            lines.append(("  " + padded(row.label, labelWidth) + row.cells.map { padded($0, width) }.joined()).trimmingTrailingSpaces())
        }
        lines.append("")
        lines.append("The facts:")
        for fact in shared {
            let mentions = mentionsOf[fact.factID] ?? []
            var head = "  F\(fact.factID) [\(fact.kind)"
            if fact.kind == "quantity" { head += fact.trend == "update" ? ", values move with time" : fact.trend == "disagreement" ? ", outlets disagree" : ", one value" }
            head += "] \(fact.text)"
            lines.append(head)
            var credit = "      first: \(fact.firstOutlet) at \(describe(fact.firstTime, fact.timeSource, fact.firstWindowStart))"
            if !fact.tiedWith.isEmpty {
                credit += "; tie with \(fact.tiedWith.joined(separator: ", "))"
                let caveat = detail.tieCaveat(of: fact)
                if !caveat.isEmpty { credit += " (\(caveat))" }
            }
            lines.append(credit)
            if fact.kind == "quantity" {
                let parts = mentions.filter { !$0.value.isEmpty }.map {
                    "\($0.valueText.ifEmpty($0.value)) (\($0.outlet), \(ReportFormat.time($0.time)))"
                }
                lines.append("      values: " + parts.joined(separator: " → "))
                if !fact.disagreeing.isEmpty {
                    lines.append("      differ within 6 h of each other: \(fact.disagreeing.joined(separator: ", "))")
                }
            } else if let opening = mentions.first {
                for mention in mentions.dropFirst() where mention.sentence != opening.sentence {
                    lines.append("      \(mention.outlet): \(mention.sentence)")
                }
            }
        }
        lines += attributionLines(detail.attributions)
        return lines.joined(separator: "\n")
    }

    /// The lines of the story's events (``StoryDetail/events``), each with its first report and
    /// the evidence; none when its facts show one event or none.
    ///
    /// A story can hold two events that share a topic or a person (the story's grouping is by
    /// meaning and wording, not by claims); then each event's own first report is listed, with
    /// its time, evidence, ties and caveats as the story's (the story's first report may be
    /// another outlet's).
    static func eventLines(_ detail: StoryDetail) -> [String] {
        let events = detail.events
        guard !events.isEmpty else { return [] }
        var lines = ["", "Events (items joined by the facts they state together; each event's first report):"]
        for event in events {
            lines.append("  E\(event.event)  \(eventCredit(event, detail)): \(event.firstTitle)")
            lines.append("      \(counted(event.items.count, "item")) of \(event.outlets.joined(separator: ", "))")
        }
        let ungrouped = ungroupedCount(detail)
        if ungrouped > 0 { lines.append("  \(counted(ungrouped, "item")) in \(noEvent)") }
        return lines
    }

    /// An event's first report as the event lists show it: "smh at 2021-09-20T11:10:06Z
    /// (published)", then the caveat of its time in parentheses and its tie ("; tied with cnn
    /// (overlapping windows)") when there are.
    static func eventCredit(_ event: EventRow, _ detail: StoryDetail) -> String {
        var text = "\(event.firstOutlet) at \(describe(event.firstTime, event.timeSource, event.firstWindowStart))"
        if !event.firstReportCaveat.isEmpty { text += " (\(event.firstReportCaveat))" }
        if !event.tiedWith.isEmpty {
            text += "; " + tie(event.tiedWith, caveat: detail.tieCaveat(of: event))
        }
        return text
    }

    /// A first report's tie as the story line and the event lines print it: "tied with cnn, smh
    /// (overlapping windows; `caveat`)", the caveat left out when empty.
    static func tie(_ tiedWith: [String], caveat: String) -> String {
        "tied with \(tiedWith.joined(separator: ", ")) (overlapping windows\(caveat.isEmpty ? "" : "; " + caveat))"
    }

    /// How many of the story's items are in none of its events.
    static func ungroupedCount(_ detail: StoryDetail) -> Int {
        detail.items.count - detail.events.reduce(0) { $0 + $1.items.count }
    }

    /// What the event lists say of the items left out of every event.
    static let noEvent = "no event (no fact shared with another news organisation's item)"

    /// A matrix cell: `1st` for the outlet credited first, `tie` for one tied with it, else
    /// `+lag` behind the first.
    static func matrixCell(_ fact: FactRow, _ mention: MentionRow) -> String {
        if fact.firstOutlet == mention.outlet { return "1st" }
        if fact.tiedWith.contains(mention.outlet) { return "tie" }
        return "+" + SummaryText.duration(max(0, Int(mention.time.timeIntervalSince(fact.firstTime).rounded())))
    }

    static func attributionLines(_ attributions: [AttributionRow]) -> [String] {
        guard !attributions.isEmpty else { return [] }
        return ["", "Attributions and scoop claims in the texts (the outlet credited: an id when Byline follows it, else the news",
                "organisation's name; for a claim of who was first, the outlet Byline saw first and the verdict of the times):"]
            + attributions.map { "  " + SummaryText.attributionLine($0) }
    }

    /// A time with its evidence: `2021-09-18T19:13:44Z (published)`, `... (window from T)`,
    /// `... (first_seen, feed's first pull)`.
    public static func describe(_ time: Date, _ source: String, _ windowStart: Date?) -> String {
        switch source {
        case "published": return "\(ReportFormat.time(time)) (published)"
        case "published_day": return "\(ReportFormat.time(time)) (published_day: the pubDate's day, up to its end or first_seen)"
        case "window": return "\(ReportFormat.time(time)) (window from \(ReportFormat.time(windowStart)))"
        default: return "\(ReportFormat.time(time)) (first_seen, feed's first pull)"
        }
    }

    /// `1 outlet`, `2 outlets`: a count with its noun, plural unless one (`plural` when it is
    /// not the noun and `s`: `stories`).
    static func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// `text` followed by spaces up to `width`, and always at least one space: never cut.
    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
