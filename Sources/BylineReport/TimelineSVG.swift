import Foundation

/// A story's timeline as inline SVG: one lane per outlet, each item drawn as its observed
/// window from `window_start` to `first_seen`, with the publisher time marked.
///
/// An item seen at its feed's first pull has no window start: its bar is a dotted line from the
/// chart's left edge (no lower bound). The story's first report is labelled `1st` and the first
/// items of the outlets tied with it `tie`; a wire copy has a dashed outline and the label `w`,
/// so that no mark depends on colour alone. Times on the axis are UTC. The SVG has a `<title>`
/// and a `<desc>`, and each item a `<title>` naming its outlet, title and times.
public enum TimelineSVG {
    /// The drawing's width in CSS pixels.
    public static let width = 880.0
    /// The width of the lane labels on the left.
    static let labelWidth = 150.0
    /// Space on the right for the `1st`/`tie`/`w` labels.
    static let rightMargin = 44.0
    /// One lane's height.
    static let laneHeight = 22.0
    /// Space above the lanes.
    static let top = 8.0
    /// Space below the lanes for the axis.
    static let axisHeight = 30.0

    /// Renders the timeline of `detail`'s items.
    ///
    /// - Returns: one `<svg>` element (no XML declaration), deterministic for the same rows;
    ///   coordinates with one decimal.
    public static func render(_ detail: StoryDetail) -> String {
        let story = detail.story
        let items = detail.items
        let lanes = story.outlets.isEmpty ? Array(Set(items.map(\.outlet))).sorted() : story.outlets
        var starts = items.map { $0.windowStart ?? $0.time }
        starts += items.map(\.time)
        let start = starts.min() ?? story.firstTime
        var end = items.map(\.firstSeen).max() ?? story.firstTime
        if end <= start { end = start.addingTimeInterval(3600) }
        let plot = width - labelWidth - rightMargin
        func x(_ date: Date) -> Double {
            labelWidth + (date.timeIntervalSince(start) / end.timeIntervalSince(start)) * plot
        }
        let height = top + Double(lanes.count) * laneHeight + axisHeight
        let id = "tl\(story.storyID)"
        var svg: [String] = []
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">")
        svg.append("<title id=\"\(id)-title\">Timeline of story \(story.storyID): \(CompareText.counted(items.count, "item")) from \(CompareText.counted(lanes.count, "outlet")), \(HTML.escape(ReportFormat.time(start))) to \(HTML.escape(ReportFormat.time(end)))</title>")
        svg.append("<desc id=\"\(id)-desc\">One lane per outlet in order of appearance. Each bar is an item's observed window, from the feed's previous pull to the pull that first saw it; a tick inside marks the publisher time. First report: \(HTML.escape(story.firstOutlet)) at \(ReportFormat.time(story.firstTime)) (\(HTML.escape(story.timeSource)))\(story.tiedWith.isEmpty ? "" : ", tied with " + HTML.escape(story.tiedWith.joined(separator: ", ")) + (detail.tieCaveat.isEmpty ? "" : " (" + HTML.escape(detail.tieCaveat) + ")")). The table below lists every item with its times.</desc>")
        // Lanes and their labels.
        for (index, outlet) in lanes.enumerated() {
            let y = top + Double(index) * laneHeight
            svg.append("<rect class=\"lane\(index % 2 == 0 ? "" : " odd")\" x=\"0\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(laneHeight))\"/>")
            svg.append("<text class=\"outlet\" x=\"\(n(labelWidth - 6))\" y=\"\(n(y + laneHeight / 2 + 4))\" text-anchor=\"end\">\(HTML.escape(outlet))</text>")
        }
        // The axis: five ticks, UTC.
        let axisY = top + Double(lanes.count) * laneHeight
        svg.append("<line class=\"axis\" x1=\"\(n(labelWidth))\" y1=\"\(n(axisY))\" x2=\"\(n(labelWidth + plot))\" y2=\"\(n(axisY))\"/>")
        for tick in 0...4 {
            let date = start.addingTimeInterval(end.timeIntervalSince(start) * Double(tick) / 4)
            let tx = x(date)
            let anchor = tick == 0 ? "start" : tick == 4 ? "end" : "middle"
            svg.append("<line class=\"tick\" x1=\"\(n(tx))\" y1=\"\(n(top))\" x2=\"\(n(tx))\" y2=\"\(n(axisY + 4))\"/>")
            svg.append("<text class=\"axis\" x=\"\(n(tx))\" y=\"\(n(axisY + 16))\" text-anchor=\"\(anchor)\">\(axisLabel(date))</text>")
        }
        svg.append("<text class=\"axis\" x=\"\(n(labelWidth + plot))\" y=\"\(n(axisY + 28))\" text-anchor=\"end\">UTC</text>")
        // The items: the first report, then the first item of each tied outlet, are labelled.
        let firstIndex = items.firstIndex { $0.outlet == story.firstOutlet && $0.lagSeconds == 0 }
            ?? items.firstIndex { $0.outlet == story.firstOutlet }
        var tieIndices: Set<Int> = []
        for outlet in story.tiedWith {
            if let index = items.firstIndex(where: { $0.outlet == outlet }) { tieIndices.insert(index) }
        }
        for (index, item) in items.enumerated() {
            guard let lane = lanes.firstIndex(of: item.outlet) else { continue }
            let y = top + Double(lane) * laneHeight
            var classes = ["item"]
            var labels: [String] = []
            if index == firstIndex { classes.append("first"); labels.append("1st") }
            if tieIndices.contains(index) { classes.append("tie"); labels.append("tie") }
            if !item.wireCopyOf.isEmpty { classes.append("wire"); labels.append("w") }
            var tip = "\(item.outlet): \(item.title)\n"
            if let windowStart = item.windowStart {
                tip += "window \(ReportFormat.time(windowStart)) to \(ReportFormat.time(item.firstSeen))"
            } else {
                tip += "first seen \(ReportFormat.time(item.firstSeen)) at the feed's first pull (no earlier bound)"
            }
            tip += "\npublished \(item.published.map { ReportFormat.time($0) } ?? "not given")"
            tip += "\ntime \(ReportFormat.time(item.time)) (\(item.timeSource)), +\(SummaryText.duration(item.lagSeconds))"
            if !labels.isEmpty { tip += "\n" + labels.map(labelMeaning).joined(separator: "; ") }
            svg.append("<g class=\"\(classes.joined(separator: " "))\"><title>\(HTML.escape(tip))</title>")
            let right = x(item.firstSeen)
            let barY = y + 5
            let barHeight = laneHeight - 10
            if let windowStart = item.windowStart {
                let left = x(windowStart)
                svg.append("<rect class=\"window\" x=\"\(n(left))\" y=\"\(n(barY))\" width=\"\(n(max(2, right - left)))\" height=\"\(n(barHeight))\"/>")
            } else {
                svg.append("<line class=\"open\" x1=\"\(n(labelWidth))\" y1=\"\(n(y + laneHeight / 2))\" x2=\"\(n(right))\" y2=\"\(n(y + laneHeight / 2))\"/>")
                svg.append("<rect class=\"window\" x=\"\(n(right - 2))\" y=\"\(n(barY))\" width=\"2\" height=\"\(n(barHeight))\"/>")
            }
            if let published = item.published, published >= start, published <= end {
                let px = x(published)
                svg.append("<line class=\"published\" x1=\"\(n(px))\" y1=\"\(n(y + 2))\" x2=\"\(n(px))\" y2=\"\(n(y + laneHeight - 2))\"/>")
            }
            if !labels.isEmpty {
                svg.append("<text class=\"label\" x=\"\(n(right + 4))\" y=\"\(n(y + laneHeight / 2 + 4))\">\(labels.joined(separator: " "))</text>")
            }
            svg.append("</g>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    static func labelMeaning(_ label: String) -> String {
        switch label {
        case "1st": return "first report of the story"
        case "tie": return "tied with the first report (overlapping windows)"
        default: return "wire copy of an earlier item"
        }
    }

    /// `MM-DD HH:MM` of `date` in UTC.
    static func axisLabel(_ date: Date) -> String {
        let text = ReportFormat.time(date)
        guard text.count >= 16 else { return text }
        let characters = Array(text)
        return String(characters[5..<10]) + " " + String(characters[11..<16])
    }

    /// A coordinate with one decimal, `-0.0` printed as `0`.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        return String(format: "%.1f", rounded)
    }
}
