import Foundation

/// The HTML pages of a report: `index.html` (the stories of two or more outlets, largest
/// first), one `story-<id>.html` per such story, and `outlets.html` (the scorecard).
///
/// The pages are static and self-contained: inline CSS and SVG, no script, no font, image or
/// style sheet fetched from anywhere, links between the pages relative, so that the folder opens
/// from `file://` on a machine without network. Each page carries a Content-Security-Policy
/// (`default-src 'none'; style-src 'unsafe-inline'`) so that even a string that escaped
/// escaping could neither run nor fetch. Every string from a feed goes through
/// ``HTML/escape(_:)`` and every link through ``HTML/safeLink(_:)``. Marks that differ in colour
/// differ in shape or text too (`1st`, `tie`, `w`), and the pages print (no fixed heights, no
/// dark backgrounds behind text). The pages name no generation time, so that reports of the
/// same data are byte-identical.
public enum HTMLReport {
    /// The file name of a story's page.
    public static func storyFile(_ storyID: Int64) -> String { "story-\(storyID).html" }

    /// Every page of the report, keyed by file name: `index.html`, `outlets.html`, then the story
    /// pages in the order of ``Report/stories``.
    public static func pages(_ report: Report) -> [(name: String, text: String)] {
        let shared = report.details().filter { $0.story.outlets.count >= 2 }
        var pages = [(name: "index.html", text: index(report, shared: shared)), (name: "outlets.html", text: outlets(report))]
        for detail in shared { pages.append((name: storyFile(detail.story.storyID), text: story(detail))) }
        return pages
    }

    // MARK: Pages

    /// An item's title, escaped, linked to the item when its link is a safe http(s) URL.
    static func itemTitle(_ title: String, link: String?) -> String {
        guard let href = HTML.safeLink(link) else { return HTML.escape(title) }
        return "<a href=\"\(href)\" rel=\"noreferrer noopener\">\(HTML.escape(title))</a>"
    }

    /// `index.html`: every story of two or more outlets with its coverage strip, first report
    /// with evidence and ties, and span.
    static func index(_ report: Report, shared: [StoryDetail]) -> String {
        var body: [String] = []
        body.append("<h1>Byline report</h1>")
        let range = ReportFormat.range(since: report.since, until: report.until).map { " \($0)." } ?? ""
        body.append("<p>\(CompareText.counted(report.coverage.count, "item")) from \(CompareText.counted(report.outlets.filter { $0.items > 0 }.count, "outlet")) in \(CompareText.counted(report.stories.count, "story", plural: "stories")); \(CompareText.counted(shared.count, "story", plural: "stories")) covered by 2+ outlets, listed here largest first (the \(CompareText.counted(report.stories.count - shared.count, "story", plural: "stories")) of one outlet are in <a href=\"stories.csv\">stories.csv</a>).\(range) Times are UTC; each first report names its evidence: <em>published</em> (the publisher's time, inside the observed window), <em>window</em> (between the feed's previous pull and the pull that first saw it) or <em>first_seen</em> (seen at the feed's first pull).</p>")
        body.append("<p class=\"legend\">Coverage strip: one mark per outlet in order of appearance; \(stripMark(kind: "first", x: 6)) first report, \(stripMark(kind: "tie", x: 6)) tied with it (overlapping windows), \(stripMark(kind: "other", x: 6)) later.</p>")
        body.append("<table class=\"stories\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Story</th><th scope=\"col\">Coverage</th><th scope=\"col\">First report</th><th scope=\"col\">Span</th></tr></thead><tbody>")
        for (rank, detail) in shared.enumerated() {
            let story = detail.story
            // The first report's own title beside its outlet and time: a reader sees when it is
            // about something else than the headline.
            let firstLink = detail.items.first { $0.itemGuid == story.firstItemGuid }?.itemLink
            let firstTitle = story.firstTitle.isEmpty ? "" : "<br>\(itemTitle(story.firstTitle, link: firstLink))"
            var first = "<strong>\(HTML.escape(story.firstOutlet))</strong>\(firstTitle)<br><small>\(ReportFormat.time(story.firstTime)) (\(HTML.escape(story.timeSource)))"
            if story.firstReportUnchecked { first += "<br>pubDate not checked: \(HTML.escape(story.firstReportUncheckedReason))" }
            if !story.firstPublishedDayCaveat.isEmpty { first += "<br>\(HTML.escape(story.firstPublishedDayCaveat))" }
            if !story.tiedWith.isEmpty {
                let caveat = detail.tieCaveat
                first += "<br>tied with \(HTML.escape(story.tiedWith.joined(separator: ", ")))\(caveat.isEmpty ? "" : " (" + HTML.escape(caveat) + ")")"
            }
            first += "</small>"
            body.append("<tr><td>\(rank + 1)</td><td><a href=\"\(storyFile(story.storyID))\">\(HTML.escape(story.headline))</a><br><small>story \(story.storyID) · \(CompareText.counted(story.outlets.count, "outlet")) · \(CompareText.counted(story.items, "item"))</small></td><td>\(strip(detail))</td><td>\(first)</td><td class=\"t\">\(ReportFormat.decimal(story.spanHours)) h</td></tr>")
        }
        body.append("</tbody></table>")
        return page(title: "Byline report", body: body)
    }

    /// The story's events (``StoryDetail/events``) with each one's first report and its
    /// evidence, when its facts split its reports into two or more: each event's first report
    /// may be another outlet than the story's.
    static func eventList(_ detail: StoryDetail) -> [String] {
        let events = detail.events
        guard !events.isEmpty else { return [] }
        var lines = ["<h2>Events</h2>",
                     "<p>The facts these reports state together split them into \(events.count) events, each with its own first report:</p><ol class=\"events\">"]
        for event in events {
            let first = detail.items.first { $0.outlet == event.firstOutlet && $0.itemGuid == event.firstItemGuid }
            var credit = "<strong>\(HTML.escape(event.firstOutlet))</strong> at \(HTML.escape(CompareText.describe(event.firstTime, event.timeSource, event.firstWindowStart)))"
            if !event.firstReportCaveat.isEmpty { credit += " (\(HTML.escape(event.firstReportCaveat)))" }
            if !event.tiedWith.isEmpty { credit += ", " + tie(event.tiedWith, caveat: detail.tieCaveat(of: event)) }
            lines.append("<li>\(credit): \(itemTitle(event.firstTitle, link: first?.itemLink))<br><small>\(CompareText.counted(event.items.count, "item")) of \(HTML.escape(event.outlets.joined(separator: ", ")))</small></li>")
        }
        lines.append("</ol>")
        let ungrouped = CompareText.ungroupedCount(detail)
        if ungrouped > 0 { lines.append("<p>\(CompareText.counted(ungrouped, "item")) in \(CompareText.noEvent).</p>") }
        return lines
    }

    /// A first report's tie as a story page prints it (the story's and its events'): "tied with
    /// <strong>cnn</strong> (overlapping windows; `caveat`)", escaped, the caveat left out when empty.
    static func tie(_ tiedWith: [String], caveat: String) -> String {
        "tied with <strong>\(HTML.escape(tiedWith.joined(separator: ", ")))</strong> (overlapping windows\(caveat.isEmpty ? "" : "; " + HTML.escape(caveat)))"
    }

    /// A story's page.
    static func story(_ detail: StoryDetail) -> String {
        let story = detail.story
        var body: [String] = []
        body.append("<h1>\(HTML.escape(story.headline))</h1>")
        var first = "First report: <strong>\(HTML.escape(story.firstOutlet))</strong> at \(HTML.escape(CompareText.describe(story.firstTime, story.timeSource, story.firstWindowStart)))"
        if !detail.firstReportCaveat.isEmpty { first += " (\(HTML.escape(detail.firstReportCaveat)))" }
        if !story.tiedWith.isEmpty { first += ", " + tie(story.tiedWith, caveat: detail.tieCaveat) }
        body.append("<p>Story \(story.storyID): \(CompareText.counted(story.outlets.count, "outlet")), \(CompareText.counted(detail.items.count, "item")) over \(ReportFormat.decimal(story.spanHours)) h. \(first).</p>")

        body += eventList(detail)

        body.append("<h2>Timeline</h2>")
        body.append("<figure>\(TimelineSVG.render(detail))<figcaption>Bars: observed windows (previous pull to first seen); dotted: seen at the feed's first pull, no earlier bound; tick: publisher time; <b>1st</b> first report, <b>tie</b> tied with it, <b>w</b> wire copy (dashed).</figcaption></figure>")
        body.append("<table class=\"items\"><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Title</th><th scope=\"col\">Window start</th><th scope=\"col\">Published</th><th scope=\"col\">First seen</th><th scope=\"col\">Evidence</th><th scope=\"col\">Lag</th><th scope=\"col\">Notes</th></tr></thead><tbody>")
        let outletOf = Dictionary(detail.items.map { ($0.itemGuid, $0.outlet) }, uniquingKeysWith: { first, _ in first })
        for item in detail.items {
            var title = itemTitle(item.title, link: item.itemLink)
            if let latest = item.latestTitle { title += "<br><small>now: \(HTML.escape(latest))</small>" }
            var notes: [String] = []
            if item.lagSeconds == 0 && item.outlet == story.firstOutlet { notes.append("1st") }
            if item.versions > 1 { notes.append("\(item.versions) versions") }
            if !item.wireCopyOf.isEmpty {
                notes.append("w: wire copy of \(HTML.escape(outletOf[item.wireCopyOf].map { $0 + "'s item" } ?? item.wireCopyOf))")
            }
            body.append("<tr><td>\(HTML.escape(item.outlet))</td><td>\(title)</td><td class=\"t\">\(ReportFormat.time(item.windowStart).ifEmpty("–"))</td><td class=\"t\">\(ReportFormat.time(item.published).ifEmpty("–"))</td><td class=\"t\">\(ReportFormat.time(item.firstSeen))</td><td>\(HTML.escape(item.timeSource))</td><td>+\(SummaryText.duration(item.lagSeconds))</td><td>\(notes.joined(separator: "; "))</td></tr>")
        }
        body.append("</tbody></table>")

        body.append("<h2>Facts stated by 2+ outlets</h2>")
        if detail.facts.isEmpty {
            body.append("<p>No fact is stated by two or more outlets.</p>")
        } else {
            body += factMatrix(detail)
        }

        body.append("<h2>Attributions and scoop claims</h2>")
        if detail.attributions.isEmpty {
            body.append("<p>None found in the texts.</p>")
        } else {
            body.append("<p>The outlet a text credits (an id when Byline follows it, else the news organisation's name); for a claim of who was first, the outlet Byline saw first and the verdict of the times.</p>")
            body.append("<table class=\"attributions\"><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Kind</th><th scope=\"col\">Phrase</th><th scope=\"col\">Credits</th><th scope=\"col\">Byline saw first</th><th scope=\"col\">Verdict</th><th scope=\"col\">Evidence</th></tr></thead><tbody>")
            for row in detail.attributions {
                var seen = "–"
                if row.isPriorityClaim {
                    seen = HTML.escape(row.firstOutlet.ifEmpty("-"))
                    if !row.firstTiedWith.isEmpty { seen += " (tied with \(HTML.escape(row.firstTiedWith.joined(separator: ", "))))" }
                }
                let verdict = row.isPriorityClaim ? "<span class=\"verdict \(HTML.escape(row.verdict))\">\(verdictSymbol(row.verdict)) \(HTML.escape(row.verdict))</span>" : "source, not a claim"
                body.append("<tr><td>\(HTML.escape(row.outlet))</td><td>\(HTML.escape(row.kind))</td><td>“\(HTML.escape(row.phrase))”</td><td>\(HTML.escape(row.credited))\(row.creditedFollowed ? "" : " <small>(not followed)</small>")</td><td>\(seen)</td><td>\(verdict)</td><td>\(HTML.escape(row.evidence))</td></tr>")
            }
            body.append("</tbody></table>")
        }

        let silent = detail.edits.filter(\.silent)
        body.append("<h2>Silent edits</h2>")
        if silent.isEmpty {
            body.append("<p>No edit without a note in this story's items (\(CompareText.counted(detail.edits.count, "announced or cosmetic edit")) in edits.csv).</p>")
        } else {
            body.append("<p>Changes between consecutive versions that the new text does not announce: words removed <del>struck through</del>, words added <ins>underlined</ins>.</p>")
            body.append("<table class=\"edits\"><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Item</th><th scope=\"col\">Field</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Class</th><th scope=\"col\">Change</th></tr></thead><tbody>")
            let titles = Dictionary(detail.items.map { ($0.itemGuid, $0.title) }, uniquingKeysWith: { first, _ in first })
            for edit in silent {
                var change: [String] = []
                if !edit.removed.isEmpty { change.append("<del>\(HTML.escape(edit.removed))</del>") }
                if !edit.added.isEmpty { change.append("<ins>\(HTML.escape(edit.added))</ins>") }
                body.append("<tr><td>\(HTML.escape(edit.outlet))</td><td>\(HTML.escape(titles[edit.itemGuid] ?? edit.itemGuid))</td><td>\(HTML.escape(edit.field))</td><td class=\"t\">\(ReportFormat.time(edit.from))</td><td class=\"t\">\(ReportFormat.time(edit.to))</td><td>\(HTML.escape(edit.kind)) (\(HTML.escape(edit.reason)))</td><td>\(change.joined(separator: " → "))</td></tr>")
            }
            body.append("</tbody></table>")
        }
        if !detail.anomalies.isEmpty {
            body.append("<h2>Publisher-time anomalies</h2><ul>")
            for anomaly in detail.anomalies {
                body.append("<li>\(HTML.escape(anomaly.outlet)): \(HTML.escape(anomaly.kind)), published \(ReportFormat.time(anomaly.published).ifEmpty("–")), first seen \(ReportFormat.time(anomaly.firstSeen)): \(HTML.escape(anomaly.readableDetail))</li>")
            }
            body.append("</ul>")
        }
        return page(title: "Story \(story.storyID): \(HTML.escape(story.headline))", body: body)
    }

    /// The fact-by-outlet matrix: one row per fact, one column per outlet that carries one.
    static func factMatrix(_ detail: StoryDetail) -> [String] {
        let story = detail.story
        let columns = story.outlets.filter { outlet in detail.facts.contains { $0.outlets.contains(outlet) } }
        let mentionsOf = Dictionary(grouping: detail.mentions, by: \.factID)
        var rows: [String] = []
        rows.append("<p>A cell is the outlet's first mention: <b>1st</b> credited first, <b>tie</b> tied with the first (overlapping windows), <b>+lag</b> behind the first, <b>w</b> wire copy; a quantity's value follows. Hover a cell for the outlet's sentence.</p>")
        rows.append("<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th scope=\"col\">Fact</th>" + columns.map { "<th scope=\"col\" class=\"outlet\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>")
        for fact in detail.facts {
            let mentions = mentionsOf[fact.factID] ?? []
            var head = "<th scope=\"row\"><span class=\"fid\">F\(fact.factID)</span> \(HTML.escape(fact.text))<br><small>\(HTML.escape(fact.kind))"
            if fact.kind == "quantity" {
                head += ", " + HTML.escape(SummaryText.valueSummary(fact))
            }
            head += "; first \(HTML.escape(fact.firstOutlet)) at \(ReportFormat.time(fact.firstTime)) (\(HTML.escape(fact.timeSource)))"
            if !fact.tiedWith.isEmpty {
                head += ", tie with \(HTML.escape(fact.tiedWith.joined(separator: ", ")))"
                let caveat = detail.tieCaveat(of: fact)
                if !caveat.isEmpty { head += " (\(HTML.escape(caveat)))" }
            }
            head += "</small></th>"
            var cells: [String] = []
            for outlet in columns {
                guard let mention = mentions.first(where: { $0.outlet == outlet }) else {
                    cells.append("<td class=\"none\"><span aria-label=\"not carried\">·</span></td>"); continue
                }
                var cell = CompareText.matrixCell(fact, mention)
                let kind = cell == "1st" ? "first" : cell == "tie" ? "tie" : "later"
                if fact.wireOutlets.contains(outlet) { cell += " w" }
                let value = mentions.first(where: { $0.outlet == outlet && !$0.value.isEmpty })?.value ?? ""
                let disagree = fact.disagreeing.contains(outlet)
                var text = HTML.escape(cell)
                if !value.isEmpty { text += "<br><span class=\"value\(disagree ? " differs" : "")\">\(HTML.escape(value))\(disagree ? " ≠" : "")</span>" }
                cells.append("<td class=\"\(kind)\" title=\"\(HTML.escape(mention.sentence))\">\(text)</td>")
            }
            rows.append("<tr>\(head)\(cells.joined())</tr>")
        }
        rows.append("</tbody></table></div>")
        if detail.facts.contains(where: { !$0.disagreeing.isEmpty }) {
            rows.append("<p><span class=\"value differs\">≠</span> the outlet gave a different value within 6 hours of another outlet's.</p>")
        }
        return rows
    }

    /// `outlets.html`: the scorecard, each rate with its Wilson 95% interval as an error bar and
    /// its counts.
    static func outlets(_ report: Report) -> String {
        var body: [String] = []
        body.append("<h1>Outlets</h1>")
        body.append("<p>Behaviour only, over the stories of this report. Each rate is drawn as a dot with its Wilson 95% interval as a bar on a 0–100% scale, its counts beside it: a wide bar is a small number. <em>First reports</em>: clear first reports of stories of 2+ outlets whose time a pull checks (<em>by pubDate alone</em>: the item was already in its feed at Byline's first pull, or came after a gap of a day or more in its feed's pulls, so its pubDate is not checked against a pull, and whether the outlet was first is not known: such stories are left out of its rate); <em>corroborated</em>: its first-reported facts carried by another outlet within 48 h; <em>silent edits</em>: items seen twice with an unannounced substantive edit; <em>time anomalies</em>: items whose publisher time is missing, unreadable, in the future, before 1997, more than an hour before the feed's previous pull (which did not list the item), moved or repeated.</p>")
        body.append("<h2>Coverage and speed</h2>")
        body.append("<div class=\"scroll\"><table class=\"outlets\"><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Items</th><th scope=\"col\">Stories (2+ outlets)</th><th scope=\"col\">First reports of shared stories</th><th scope=\"col\">Ties</th><th scope=\"col\">Median lag (IQR, n)</th><th scope=\"col\">Pulls failed</th></tr></thead><tbody>")
        for row in report.outlets {
            let score = row.score
            var lag = row.medianLagSeconds.map(SummaryText.duration) ?? "–"
            if let low = score.lagP25Seconds, let high = score.lagP75Seconds {
                lag += " <small>(\(SummaryText.duration(low))–\(SummaryText.duration(high)), n=\(score.lagCount))</small>"
            }
            body.append("<tr><th scope=\"row\">\(HTML.escape(row.outlet))</th><td>\(row.items)</td><td>\(row.stories) (\(row.sharedStories))</td><td>\(rateCell("first reports", row.checkedFirstReports.firsts, row.checkedFirstReports.stories))\(score.firstReportsUnchecked > 0 ? " <small>(and \(score.firstReportsUnchecked) by pubDate alone, left out)</small>" : "")</td><td>\(score.firstTies)</td><td>\(lag)</td><td>\(row.pullsFailed)/\(row.pulls)</td></tr>")
        }
        body.append("</tbody></table></div>")
        body.append("<h2>Facts, edits and times</h2>")
        body.append("<div class=\"scroll\"><table class=\"outlets\"><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Corroborated</th><th scope=\"col\">Exclusive facts</th><th scope=\"col\">Disagreements</th><th scope=\"col\">Silent edits</th><th scope=\"col\">Time anomalies</th><th scope=\"col\">Scoops confirmed / claimed</th></tr></thead><tbody>")
        for row in report.outlets {
            let score = row.score
            body.append("<tr><th scope=\"row\">\(HTML.escape(row.outlet))</th><td>\(rateCell("corroborated", score.factsCorroborated, score.factsFirst))</td><td>\(score.exclusiveFacts)</td><td>\(score.disagreements)</td><td>\(rateCell("silent edits", score.itemsSilentlyEdited, score.itemsSeenTwice))</td><td>\(rateCell("time anomalies", score.itemsWithAnomaly, score.itemsChecked))</td><td>\(score.scoopConfirmed)/\(score.scoopClaims)</td></tr>")
        }
        body.append("</tbody></table></div>")
        return page(title: "Byline report: outlets", body: body)
    }

    // MARK: Pieces

    /// A rate as an error bar (SVG, 0–100%) with `k/n` and the percentages beside it; `0/0`
    /// without trials.
    static func rateCell(_ name: String, _ successes: Int, _ trials: Int) -> String {
        guard let interval = WilsonInterval(successes: successes, trials: trials) else {
            return "<span class=\"counts\">0/0</span>"
        }
        return errorBar(name, interval) + "<span class=\"counts\">\(successes)/\(trials) " + percent(interval.rate)
            + " <small>[\(percent(interval.low))–\(percent(interval.high))]</small></span>"
    }

    /// The error bar of one rate: a track from 0 to 100%, the interval as a bar with end ticks,
    /// the rate as a dot.
    public static func errorBar(_ name: String, _ interval: WilsonInterval) -> String {
        let scale = 100.0
        let (low, high, rate) = (interval.low * scale, interval.high * scale, interval.rate * scale)
        let n = TimelineSVG.n
        let label = "\(HTML.escape(name)): \(interval.successes) of \(interval.trials), \(percent(interval.rate)), 95% interval \(percent(interval.low)) to \(percent(interval.high))"
        return "<svg class=\"bar\" viewBox=\"-4 0 108 14\" width=\"108\" height=\"14\" role=\"img\" aria-label=\"\(label)\"><title>\(label)</title>"
            + "<line class=\"track\" x1=\"0\" y1=\"7\" x2=\"100\" y2=\"7\"/>"
            + "<line class=\"ci\" x1=\"\(n(low))\" y1=\"7\" x2=\"\(n(high))\" y2=\"7\"/>"
            + "<line class=\"ci\" x1=\"\(n(low))\" y1=\"3\" x2=\"\(n(low))\" y2=\"11\"/>"
            + "<line class=\"ci\" x1=\"\(n(high))\" y1=\"3\" x2=\"\(n(high))\" y2=\"11\"/>"
            + "<circle class=\"rate\" cx=\"\(n(rate))\" cy=\"7\" r=\"3\"/></svg>"
    }

    /// A proportion as a whole percentage (`33%`).
    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }

    /// The coverage strip of a story: one mark per outlet in order of appearance, shaped by its
    /// place (first, tied, later), each with a title naming the outlet and its lag.
    static func strip(_ detail: StoryDetail) -> String {
        let story = detail.story
        var lag: [String: Int] = [:]
        for item in detail.items { lag[item.outlet] = min(lag[item.outlet] ?? .max, item.lagSeconds) }
        let spacing = 14
        let width = max(spacing, story.outlets.count * spacing)
        var names: [String] = []
        var marks: [String] = []
        for (index, outlet) in story.outlets.enumerated() {
            let kind = outlet == story.firstOutlet ? "first" : story.tiedWith.contains(outlet) ? "tie" : "other"
            let place = kind == "first" ? "first" : kind == "tie" ? "tied with the first" : "+" + SummaryText.duration(lag[outlet] ?? 0)
            names.append("\(outlet) (\(place))")
            marks.append("<g><title>\(HTML.escape("\(outlet): \(place)"))</title>\(shape(kind: kind, x: index * spacing + spacing / 2))</g>")
        }
        let label = HTML.escape("Coverage in order of appearance: " + names.joined(separator: ", "))
        return "<svg class=\"strip\" viewBox=\"0 0 \(width) 14\" width=\"\(width)\" height=\"14\" role=\"img\" aria-label=\"\(label)\">\(marks.joined())</svg>"
    }

    /// One strip mark inline in text (the legend).
    static func stripMark(kind: String, x: Int) -> String {
        "<svg class=\"strip\" viewBox=\"0 0 12 14\" width=\"12\" height=\"14\" aria-hidden=\"true\">\(shape(kind: kind, x: x))</svg>"
    }

    /// A filled diamond for the first report, a hollow diamond for a tie, a small dot for later.
    static func shape(kind: String, x: Int) -> String {
        switch kind {
        case "first": return "<path class=\"m-first\" d=\"M\(x) 1L\(x + 6) 7L\(x) 13L\(x - 6) 7Z\"/>"
        case "tie": return "<path class=\"m-tie\" d=\"M\(x) 2L\(x + 5) 7L\(x) 12L\(x - 5) 7Z\"/>"
        default: return "<circle class=\"m-other\" cx=\"\(x)\" cy=\"7\" r=\"3.5\"/>"
        }
    }

    static func verdictSymbol(_ verdict: String) -> String {
        switch verdict {
        case "confirmed": return "✓"
        case "contradicted": return "✗"
        default: return "?"
        }
    }

    /// A whole page around `body`.
    static func page(title: String, body: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
        <meta name="referrer" content="no-referrer">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>\(css)</style>
        </head>
        <body>
        <nav><a href="index.html">Stories</a> · <a href="outlets.html">Outlets</a> · <a href="stories.json">stories.json</a> · <a href="summary.txt">summary.txt</a></nav>
        <main>
        \(body.joined(separator: "\n"))
        </main>
        </body>
        </html>

        """
    }

    /// The style sheet of every page.
    static let css = """
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#fff;margin:1em auto;max-width:1100px;padding:0 1em}
        h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
        nav{font-size:.9em;margin-bottom:.5em}a{color:#0645ad}small{color:#444}
        table{border-collapse:collapse;width:100%;margin:.4em 0}th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
        thead th{background:#f3f3f3}.scroll{overflow-x:auto}
        .matrix th[scope=row]{font-weight:normal;min-width:22em}.matrix td{white-space:nowrap;font-size:.9em}table.items td:nth-child(2){min-width:16em}
        td.first{background:#fde3c8;font-weight:bold}td.tie{background:#fff1c2;font-style:italic}td.none{color:#999;text-align:center}
        .value{font-variant-numeric:tabular-nums}.value.differs{color:#a00;font-weight:bold}.fid{font-weight:bold}
        del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:underline}
        .verdict.confirmed{color:#060}.verdict.contradicted{color:#a00}
        figure{margin:.5em 0}figcaption{font-size:.85em;color:#444}svg text{font:11px system-ui,sans-serif;fill:#222}
        svg.timeline{max-width:100%;height:auto}.lane{fill:#fff}.lane.odd{fill:#f4f6f8}.axis,.tick{stroke:#999;stroke-width:1}text.axis{stroke:none;fill:#444}
        .tick{stroke:#ddd}.item .window{fill:#7fa7c9;stroke:#2f5f8a;stroke-width:1}.item .open{stroke:#2f5f8a;stroke-dasharray:1 3}
        .item.first .window{fill:#e07b00;stroke:#7a3d00;stroke-width:2}.item.tie .window{fill:#f2c14e;stroke:#7a3d00;stroke-width:2}
        .item.wire .window{stroke-dasharray:3 2;fill-opacity:.5}.published{stroke:#000;stroke-width:2}text.label{font-weight:bold}
        svg.bar{vertical-align:middle;margin-right:4px}.track{stroke:#ccc;stroke-width:1}.ci{stroke:#2f5f8a;stroke-width:2}.rate{fill:#000}
        .m-first{fill:#e07b00;stroke:#7a3d00}.m-tie{fill:#fff;stroke:#7a3d00;stroke-width:1.5}.m-other{fill:#7fa7c9;stroke:#2f5f8a}
        .counts,td.t{white-space:nowrap}td.t{font-size:.85em;font-variant-numeric:tabular-nums}.legend svg{vertical-align:middle}
        @media print{.matrix{font-size:.75em}nav{display:none}body{max-width:none;margin:0}.scroll{overflow:visible}a{color:inherit}thead{display:table-header-group}tr{break-inside:avoid}}
        """
}
