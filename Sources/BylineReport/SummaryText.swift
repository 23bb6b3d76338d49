import Foundation

/// The plain-text summary (`summary.txt`): the largest multi-outlet stories with who was first
/// and on what evidence, their shared facts, and the outlet table.
public enum SummaryText {
    /// Renders the summary.
    ///
    /// - Parameters:
    ///   - report: the report to summarise.
    ///   - topStories: how many of the largest multi-outlet stories to list.
    /// - Returns: UTF-8 text with LF line ends, ending in a newline.
    public static func render(_ report: Report, topStories: Int = 15) -> String {
        var lines: [String] = []
        let shared = report.stories.filter { $0.outlets.count >= 2 }
        lines.append("Byline report, generated \(ReportFormat.time(report.generatedAt))")
        if report.since != nil || report.until != nil {
            lines.append("Items first seen from \(ReportFormat.time(report.since).ifEmpty("the start")) to \(ReportFormat.time(report.until).ifEmpty("now"))")
        }
        lines.append("\(report.coverage.count) items from \(report.outlets.filter { $0.items > 0 }.count) outlets in \(report.stories.count) stories; \(shared.count) stories covered by 2+ outlets, \(report.stories.filter { $0.outlets.count >= 3 }.count) by 3+.")
        lines.append("")
        lines.append("Top stories (by outlets, then items). Times are UTC; 'time' says what the first report's time rests on:")
        lines.append("published = publisher time inside the observed window, window = (previous pull, first seen], first_seen = seen at the feed's first pull.")
        let factsByStory = Dictionary(grouping: report.facts, by: \.storyID)
        for (rank, story) in shared.prefix(topStories).enumerated() {
            lines.append("")
            lines.append("\(rank + 1). [story \(story.storyID)] \(story.headline)")
            var first = "   first: \(story.firstOutlet) at \(ReportFormat.time(story.firstSeen)) (\(story.timeSource))"
            if !story.tiedWith.isEmpty { first += ", tied with \(story.tiedWith.joined(separator: ", "))" }
            lines.append(first)
            lines.append("   \(story.outlets.count) outlets, \(story.items) items over \(ReportFormat.decimal(story.spanHours)) h: \(story.outlets.joined(separator: ", "))")
            for fact in (factsByStory[story.storyID] ?? []).sorted(by: { ($0.outlets.count, -$0.factID) > ($1.outlets.count, -$1.factID) }).prefix(3) {
                var line = "   fact: \"\(fact.text.truncated(to: 100))\" - \(fact.outlets.count) outlets, first \(fact.firstOutlet)"
                if !fact.tiedWith.isEmpty { line += " (tie: \(fact.tiedWith.joined(separator: ", ")))" }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append("Outlets (shared = stories with 2+ outlets; first = clear first reports; lag = median seconds behind the first report):")
        let table = [["outlet", "items", "stories", "shared", "first", "first/tied", "median lag", "pulls failed"]]
            + report.outlets.map { row in
                [row.outlet, String(row.items), String(row.stories), String(row.sharedStories), String(row.firstReports),
                 String(row.firstOrTied), row.medianLagSeconds.map(Self.duration) ?? "-", "\(row.pullsFailed)/\(row.pulls)"]
            }
        lines.append(contentsOf: alignedColumns(table))
        return lines.joined(separator: "\n") + "\n"
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
