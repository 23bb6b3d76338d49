@testable import BylineReport
import Foundation
import Testing

/// Exact output of the renderings that live in the report module: `compare`'s layout, the
/// outlet table of `byline outlets`, the timeline SVG and `stories.json`. Each expected text is
/// given line by line (joined with LF), so that trailing spaces are visible.
@Suite struct RenderingTests {
    static func joined(_ lines: [String]) -> String { lines.joined(separator: "\n") }

    /// Two outlets tied for first, a wire copy, a quantity whose values move, an attribution.
    @Test func compareLayoutOfATie() {
        let expected = Self.joined([
            ##"Story 12: Evacuation flights resume from Kabul"##,
            ##"2 outlets, 3 items over 2 h"##,
            ##"First: cnn at 2021-09-18T10:00:00Z (window from 2021-09-18T09:00:00Z); tied with foxnews (overlapping windows)"##,
            ##""##,
            ##"Timeline (every item in order of appearance; lag behind the story's first report):"##,
            ##"  2021-09-18T10:00:00Z (window from 2021-09-18T09:00:00Z)      +0s      cnn               Flights resume from Kabul [2 versions] -> now: Evacuation flights resume from Kabul"##,
            ##"  2021-09-18T09:45:00Z (published)                             +0s      foxnews           Kabul flights take off again"##,
            ##"  2021-09-18T12:00:00Z (first_seen, feed's first pull)         +2h00m   foxnews           AP: Flights resume from Kabul"##,
            ##""##,
            ##"Facts stated by 2+ outlets, by outlet. A cell is the outlet's first mention: 1st = credited first, tie = tied"##,
            ##"with the first (overlapping windows), +lag = behind the first, w = wire copy; a quantity's value is below."##,
            ##"  A = cnn, B = foxnews"##,
            ##"  fact  A        B        "##,
            ##"  F1    1st      tie"##,
            ##"        200      250"##,
            ##"  F3    1st      +2h00mw"##,
            ##""##,
            ##"The facts:"##,
            ##"  F1 [quantity, values move with time] About 200 people left on the first flight."##,
            ##"      first: cnn at 2021-09-18T10:00:00Z (window from 2021-09-18T09:00:00Z); tie with foxnews"##,
            ##"      values: About 200 people (cnn, 2021-09-18T10:00:00Z) → Some 250 people (foxnews, 2021-09-18T09:45:00Z)"##,
            ##"  F3 [statement] Qatar Airways operated the flight."##,
            ##"      first: cnn at 2021-09-18T10:00:00Z (window from 2021-09-18T09:00:00Z)"##,
            ##"      foxnews: Qatar Airways operated the flight, AP said."##,
            ##""##,
            ##"Attributions and scoop claims in the texts (the outlet credited: an id when Byline follows it, else the news"##,
            ##"organisation's name; for a claim of who was first, the outlet Byline saw first and the verdict of the times):"##,
            ##"  foxnews: firstReportedBy "first reported by CNN" credits cnn; Byline saw cnn first (tied with foxnews) - confirmed: first reports: cnn at 2021-09-18T10:00:00Z (window), tied with foxnews"##,
        ])
        #expect(CompareText.render(StoryFixtures.twoOutletTie) == expected)
    }

    @Test func compareNamesEveryStoryShownAsOne() {
        let text = CompareText.render(StoryFixtures.twoOutletTie, ids: [12, 40])
        #expect(text.hasPrefix("Stories 12 + 40 shown as one: Evacuation flights resume from Kabul\n2 outlets, 3 items over 2 h\n"))
    }

    /// Story 1117 of headlines-2021-09 (four of its items): the Philippine health department's
    /// "no recommendation yet" on vaccinating minors and Pfizer's trial results for children of
    /// 5 to 11 share a topic, and the story's first report is the first of the other event.
    /// `compare` lists each event with its own first report.
    @Test func compareListsTheEventsTheFactsShow() throws {
        let date = StoryFixtures.date
        let story = StoryRow(storyID: 1117, headline: "Pfizer says COVID-19 vaccine works in kids aged 5 to 11",
                             outlets: ["gmanews", "smh", "cnn", "philstar"], items: 4, firstOutlet: "gmanews", tiedWith: [],
                             firstTime: date("2021-09-20T00:40:05Z"), timeSource: "published", spanHours: 15.33)
        func item(_ outlet: String, _ guid: String, _ title: String, _ time: String, lag: Int) -> CoverageRow {
            CoverageRow(storyID: 1117, outlet: outlet, itemGuid: guid, itemLink: nil, title: title, published: date(time),
                        firstSeen: date(time), windowStart: nil, lagSeconds: lag, timeSource: "published", time: date(time))
        }
        let items = [
            item("gmanews", "g1", "No DOH recommendation yet regarding COVID-19 jabs for minors --Vergeire", "2021-09-20T00:40:05Z", lag: 0),
            item("smh", "s1", "Pfizer says COVID-19 vaccine works in kids aged 5 to 11", "2021-09-20T11:10:06Z", lag: 37_801),
            item("cnn", "c1", "Pfizer: Vaccine is safe and 'robust' for 5- to 11-year-olds", "2021-09-20T13:18:03Z", lag: 45_478),
            item("philstar", "p1", "Still no go-signal for pediatric vaccination – DOH", "2021-09-20T16:00:00Z", lag: 55_195),
        ]
        func fact(_ id: Int, _ text: String, _ outlets: [String], _ time: String) -> FactRow {
            FactRow(storyID: 1117, factID: id, text: text, outlets: outlets, firstOutlet: outlets[0], firstTime: date(time),
                    timeSource: "published", tiedWith: [], mentionCount: 2)
        }
        func mention(_ id: Int, _ row: CoverageRow) -> MentionRow {
            MentionRow(storyID: 1117, factID: id, outlet: row.outlet, itemGuid: row.itemGuid, sentence: row.title, time: row.time,
                       windowStart: nil, timeSource: "published", value: "")
        }
        let detail = StoryDetail(
            story: story, items: items,
            facts: [fact(1, items[0].title, ["gmanews", "philstar"], "2021-09-20T00:40:05Z"),
                    fact(4, items[1].title, ["smh", "cnn"], "2021-09-20T11:10:06Z")],
            mentions: [mention(1, items[0]), mention(1, items[3]), mention(4, items[1]), mention(4, items[2])],
            events: [event(1, [items[0], items[3]]), event(2, [items[1], items[2]])])
        func event(_ number: Int, _ rows: [CoverageRow], tiedWith: [String] = []) -> EventRow {
            EventRow(storyID: 1117, event: number, items: rows.map { EventRow.Item(outlet: $0.outlet, itemGuid: $0.itemGuid) },
                     firstOutlet: rows[0].outlet, tiedWith: tiedWith, firstTime: rows[0].time, timeSource: rows[0].timeSource,
                     firstWindowStart: date("2021-09-20T00:00:00Z"), firstPulled: rows[0].firstSeen, firstReportUnchecked: false,
                     firstItemGuid: rows[0].itemGuid, firstTitle: rows[0].title)
        }
        let text = CompareText.render(detail)
        #expect(text.contains("""

            Events (items joined by the facts they state together; each event's first report):
              E1  gmanews at 2021-09-20T00:40:05Z (published): No DOH recommendation yet regarding COVID-19 jabs for minors --Vergeire
                  2 items of gmanews, philstar
              E2  smh at 2021-09-20T11:10:06Z (published): Pfizer says COVID-19 vaccine works in kids aged 5 to 11
                  2 items of smh, cnn

            Facts stated by 2+ outlets
            """))
        // No events: no list, and no heading.
        #expect(HTMLReport.eventList(StoryFixtures.twoOutletTie).isEmpty)
        #expect(!CompareText.render(StoryFixtures.twoOutletTie).contains("Events"))

        // An event's first report tied with an outlet whose item was in its feed at Byline's
        // first pull, with no pubDate: the tie and why its order is not known, as for a story.
        var tied = detail
        tied.items[2].timeSource = "first_seen"
        tied.items[2].published = nil
        tied.events[1] = event(2, [items[1], items[2]], tiedWith: ["cnn"])
        #expect(CompareText.render(tied).contains(
            "  E2  smh at 2021-09-20T11:10:06Z (published); tied with cnn (overlapping windows; cnn's item was already in the feed at Byline's first pull, with no pubDate to go by: it may have come earlier): Pfizer says COVID-19 vaccine works in kids aged 5 to 11"))
        #expect(HTMLReport.eventList(tied).contains(
            "<li><strong>smh</strong> at 2021-09-20T11:10:06Z (published), tied with <strong>cnn</strong> (overlapping windows; cnn&#39;s item was already in the feed at Byline&#39;s first pull, with no pubDate to go by: it may have come earlier): Pfizer says COVID-19 vaccine works in kids aged 5 to 11<br><small>2 items of smh, cnn</small></li>"))

        // The story page and summary.txt, where the story's first report is credited, list them too.
        let page = HTMLReport.story(detail)
        #expect(page.contains("<h2>Events</h2>"))
        #expect(page.contains("<li><strong>smh</strong> at 2021-09-20T11:10:06Z (published): Pfizer says COVID-19 vaccine works in kids aged 5 to 11<br><small>2 items of smh, cnn</small></li>"))
        let report = Report(stories: [story], coverage: items, facts: detail.facts, mentions: detail.mentions, events: detail.events,
                            outlets: [], generatedAt: date("2021-09-21T00:00:00Z"))
        #expect(report.eventCounts() == [1117: 2])
        #expect(JSONExport.render(report).contains(##"""
            {"story_id":1117,"event":2,"outlets":["smh","cnn"],"items":2,"item_guids":["s1","c1"],"first_outlet":"smh","first_time":"2021-09-20T11:10:06Z","first_window_start":"2021-09-20T00:00:00Z","first_seen":"2021-09-20T11:10:06Z","time_source":"published","tie":false,"tied_with":[],"first_item_guid":"s1","first_title":"Pfizer says COVID-19 vaccine works in kids aged 5 to 11"}
            """##))
        let storiesCSV = try #require(ReportWriter.tables(report).first { $0.file == "stories.csv" }?.table.text())
        #expect(storiesCSV.hasSuffix(",2\r\n"))
        let eventsCSV = try #require(ReportWriter.tables(report).first { $0.file == "events.csv" }?.table.text())
        #expect(eventsCSV == "story_id,event,outlets,items,first_outlet,first_time,time_source,tie,tied_with,first_item_guid,first_title,first_window_start,first_seen,item_guids\r\n"
            + "1117,1,gmanews|philstar,2,gmanews,2021-09-20T00:40:05Z,published,false,,g1,No DOH recommendation yet regarding COVID-19 jabs for minors --Vergeire,2021-09-20T00:00:00Z,2021-09-20T00:40:05Z,g1|p1\r\n"
            + "1117,2,smh|cnn,2,smh,2021-09-20T11:10:06Z,published,false,,s1,Pfizer says COVID-19 vaccine works in kids aged 5 to 11,2021-09-20T00:00:00Z,2021-09-20T11:10:06Z,s1|c1\r\n")
        #expect(SummaryText.render(report).contains("""
               2 events by the facts their reports share; each one's first report:
                 E1 gmanews at 2021-09-20T00:40:05Z (published), 2 items: "No DOH recommendation yet regarding COVID-19 jabs for minors --Vergeire"
                 E2 smh at 2021-09-20T11:10:06Z (published), 2 items: "Pfizer says COVID-19 vaccine works in kids aged 5 to 11"
               4 outlets, 4 items over 15.33 h: gmanews, smh, cnn, philstar
            """))
    }

    /// Story 254 of headlines-2021-10: dailytelegraph's item has no pubDate and was already in
    /// its feed at Byline's first pull, so its window has no start and overlaps smh's report five
    /// hours before: the tie says that the order is not known, and why.
    @Test func aTieWithAnItemSeenAtTheFirstPullSaysItHasNoEarlierBound() throws {
        let date = StoryFixtures.date
        let story = StoryRow(storyID: 254, headline: "Champagne time: NSW hits 80 per cent", outlets: ["smh", "dailytelegraph"],
                             items: 2, firstOutlet: "smh", tiedWith: ["dailytelegraph"], firstTime: date("2021-10-16T13:00:00Z"),
                             timeSource: "published", spanHours: 6.69)
        let items = [
            CoverageRow(storyID: 254, outlet: "smh", itemGuid: "s1", itemLink: nil,
                        title: "‘Summer is looking good’: NSW hits 80% target, pushes for students and tourists to return",
                        published: date("2021-10-16T13:00:00Z"), firstSeen: date("2021-10-16T19:41:10Z"), windowStart: nil,
                        lagSeconds: 0, timeSource: "published", time: date("2021-10-16T13:00:00Z")),
            CoverageRow(storyID: 254, outlet: "dailytelegraph", itemGuid: "d1", itemLink: nil, title: "Champagne time: NSW hits 80 per cent",
                        published: nil, firstSeen: date("2021-10-16T19:41:10Z"), windowStart: nil, lagSeconds: 24_070,
                        timeSource: "first_seen"),
        ]
        let fact = FactRow(storyID: 254, factID: 4, text: "NSW hit its long-awaited 80 per cent vaccination target.",
                           outlets: ["smh", "dailytelegraph"], firstOutlet: "smh", firstTime: date("2021-10-16T13:00:00Z"),
                           timeSource: "published", tiedWith: ["dailytelegraph"], mentionCount: 2)
        let mentions = [
            MentionRow(storyID: 254, factID: 4, outlet: "smh", itemGuid: "s1", sentence: fact.text, time: date("2021-10-16T13:00:00Z"),
                       windowStart: nil, timeSource: "published", value: ""),
            MentionRow(storyID: 254, factID: 4, outlet: "dailytelegraph", itemGuid: "d1", sentence: items[1].title,
                       time: date("2021-10-16T19:41:10Z"), windowStart: nil, timeSource: "first_seen", value: ""),
        ]
        let detail = StoryDetail(story: story, items: items, facts: [fact], mentions: mentions)
        let text = CompareText.render(detail)
        #expect(text.split(separator: "\n")[2] == "First: smh at 2021-10-16T13:00:00Z (published) (the item was already in the feed at Byline's first pull: its pubDate is not checked against a pull); tied with dailytelegraph (overlapping windows; dailytelegraph's item was already in the feed at Byline's first pull, with no pubDate to go by: it may have come earlier)")
        #expect(text.contains("      first: smh at 2021-10-16T13:00:00Z (published); tie with dailytelegraph (dailytelegraph: no earlier bound, in the feed at Byline's first pull)\n"))
        // A tie of two bounded windows (the Kabul fixture) has no caveat.
        #expect(StoryFixtures.twoOutletTie.tieCaveat == "")
        #expect(HTMLReport.story(detail).contains("(overlapping windows; dailytelegraph&#39;s item was already in the feed at Byline&#39;s first pull, with no pubDate to go by: it may have come earlier)"))

        // The summary, the index page and the timeline's description print the same caveat
        // (they said only "tied with dailytelegraph"); the summary's fact table too.
        let report = Report(stories: [story], coverage: items, facts: [fact], mentions: mentions, outlets: [],
                            generatedAt: date("2021-10-17T00:00:00Z"))
        let summary = SummaryText.render(report).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(summary.contains("   first: smh at 2021-10-16T13:00:00Z (published) (the item was already in the feed at Byline's first pull: its pubDate is not checked against a pull), "
                                 + "tied with dailytelegraph (dailytelegraph's item was already in the feed at Byline's first pull, with no pubDate to go by: it may have come earlier)"))
        #expect(summary.contains { $0.hasPrefix("   F4    2        smh (tie: dailytelegraph; dailytelegraph: no earlier bound, in the feed at Byline's first pull)  2021-10-16T13:00:00Z published") },
                "\(summary)")
        let pages = Dictionary(uniqueKeysWithValues: HTMLReport.pages(report).map { ($0.name, $0.text) })
        let index = try #require(pages["index.html"])
        #expect(index.contains("<br>tied with dailytelegraph (dailytelegraph&#39;s item was already in the feed at Byline&#39;s first pull, with no pubDate to go by: it may have come earlier)</small>"))
        #expect(TimelineSVG.render(detail).contains("First report: smh at 2021-10-16T13:00:00Z (published), tied with dailytelegraph (dailytelegraph&#39;s item was already in the feed at Byline&#39;s first pull, "
                                                    + "with no pubDate to go by: it may have come earlier). The table below"))
    }

    @Test func compareWithoutSharedFacts() {
        var detail = StoryFixtures.twoOutletTie
        detail.facts = []
        detail.mentions = []
        detail.attributions = []
        #expect(CompareText.render(detail).hasSuffix("+2h00m   foxnews           AP: Flights resume from Kabul\n\nNo fact is stated by two or more outlets."))
    }

    /// What `byline outlets` prints: the summary's outlet table, and nothing before it.
    @Test func outletTable() {
        let expected = Self.joined([
            ##"Outlets (shared = stories with 2+ outlets; first = clear first reports, "(k by pubDate)" those whose item was"##,
            ##"already in its feed at Byline's first pull or came after a gap of a day or more in its feed's pulls, so its pubDate"##,
            ##"is not checked against a pull and the first-report rates of outlets.csv and the HTML leave those stories out; lag ="##,
            ##"median and interquartile range of the time behind the first report, as 45s, 12m, 3h05m, 2d04h; corroborated = its"##,
            ##"first-reported facts carried by another outlet within 48 h; silent edits = items seen twice with an unannounced"##,
            ##"substantive edit; rates with Wilson 95% intervals):"##,
            ##"outlet   items  stories  shared  first  ties  median lag  lag IQR       corroborated  exclusive  disagree       silent edits  time anomalies  scoops ok/claims  pulls failed"##,
            ##"cnn          1        1       1      0     1           -        -  2/2 100% [34-100]          0         0  1/1 100% [21-100]   0/1 0% [0-79]               0/0           1/4"##,
            ##"foxnews      2        1       1      0     0       2h00m        -                0/0          0         0                0/0             0/0               0/0           0/4"##,
            ##""##,
        ])
        #expect(SummaryText.outlets(StoryFixtures.twoOutletReport) == expected)
        #expect(SummaryText.render(StoryFixtures.twoOutletReport).hasSuffix("\n\n" + expected))
    }

    /// The timeline of two outlets tied for first: cnn's window 09:00-10:00, foxnews's window
    /// 09:30-10:30 with its publisher time 09:45 (a tick at x = 321.5, a quarter of the way
    /// through 09:00-12:00), and foxnews's wire copy seen at its feed's first pull.
    @Test func timelineOfTwoOutletsWithATie() {
        let expected = Self.joined([
            ##"<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 880 82" width="880" height="82" role="img" aria-labelledby="tl12-title tl12-desc">"##,
            ##"<title id="tl12-title">Timeline of story 12: 3 items from 2 outlets, 2021-09-18T09:00:00Z to 2021-09-18T12:00:00Z</title>"##,
            ##"<desc id="tl12-desc">One lane per outlet in order of appearance. Each bar is an item's observed window, from the feed's previous pull to the pull that first saw it; a tick inside marks the publisher time. First report: cnn at 2021-09-18T10:00:00Z (window), tied with foxnews. The table below lists every item with its times.</desc>"##,
            ##"<rect class="lane" x="0" y="8" width="880" height="22"/>"##,
            ##"<text class="outlet" x="144" y="23" text-anchor="end">cnn</text>"##,
            ##"<rect class="lane odd" x="0" y="30" width="880" height="22"/>"##,
            ##"<text class="outlet" x="144" y="45" text-anchor="end">foxnews</text>"##,
            ##"<line class="axis" x1="150" y1="52" x2="836" y2="52"/>"##,
            ##"<line class="tick" x1="150" y1="8" x2="150" y2="56"/>"##,
            ##"<text class="axis" x="150" y="68" text-anchor="start">09-18 09:00</text>"##,
            ##"<line class="tick" x1="321.5" y1="8" x2="321.5" y2="56"/>"##,
            ##"<text class="axis" x="321.5" y="68" text-anchor="middle">09-18 09:45</text>"##,
            ##"<line class="tick" x1="493" y1="8" x2="493" y2="56"/>"##,
            ##"<text class="axis" x="493" y="68" text-anchor="middle">09-18 10:30</text>"##,
            ##"<line class="tick" x1="664.5" y1="8" x2="664.5" y2="56"/>"##,
            ##"<text class="axis" x="664.5" y="68" text-anchor="middle">09-18 11:15</text>"##,
            ##"<line class="tick" x1="836" y1="8" x2="836" y2="56"/>"##,
            ##"<text class="axis" x="836" y="68" text-anchor="end">09-18 12:00</text>"##,
            ##"<text class="axis" x="836" y="80" text-anchor="end">UTC</text>"##,
            ##"<g class="item first"><title>cnn: Flights resume from Kabul"##,
            ##"window 2021-09-18T09:00:00Z to 2021-09-18T10:00:00Z"##,
            ##"published not given"##,
            ##"time 2021-09-18T10:00:00Z (window), +0s"##,
            ##"first report of the story</title>"##,
            ##"<rect class="window" x="150" y="13" width="228.7" height="12"/>"##,
            ##"<text class="label" x="382.7" y="23">1st</text>"##,
            ##"</g>"##,
            ##"<g class="item tie"><title>foxnews: Kabul flights take off again"##,
            ##"window 2021-09-18T09:30:00Z to 2021-09-18T10:30:00Z"##,
            ##"published 2021-09-18T09:45:00Z"##,
            ##"time 2021-09-18T09:45:00Z (published), +0s"##,
            ##"tied with the first report (overlapping windows)</title>"##,
            ##"<rect class="window" x="264.3" y="35" width="228.7" height="12"/>"##,
            ##"<line class="published" x1="321.5" y1="32" x2="321.5" y2="50"/>"##,
            ##"<text class="label" x="497" y="45">tie</text>"##,
            ##"</g>"##,
            ##"<g class="item wire"><title>foxnews: AP: Flights resume from Kabul"##,
            ##"first seen 2021-09-18T12:00:00Z at the feed&#39;s first pull (no earlier bound)"##,
            ##"published not given"##,
            ##"time 2021-09-18T12:00:00Z (first_seen), +2h00m"##,
            ##"wire copy of an earlier item</title>"##,
            ##"<line class="open" x1="150" y1="41" x2="836" y2="41"/>"##,
            ##"<rect class="window" x="834" y="35" width="2" height="12"/>"##,
            ##"<text class="label" x="840" y="45">w</text>"##,
            ##"</g>"##,
            ##"</svg>"##,
        ])
        #expect(TimelineSVG.render(StoryFixtures.twoOutletTie) == expected)
    }

    /// The tiny report of the CSV test as `stories.json`, byte for byte; and it parses.
    @Test func jsonOfATinyReport() throws {
        let expected = Self.joined([
            ##"{"schema":"byline-report","schema_version":2,"since":null,"until":null,"##,
            ##""stories":["##,
            ##"{"story_id":3,"headline":"France recalls envoys, \"a stab in the back\"","outlets":["bbc","nytimes"],"items":2,"first_outlet":"bbc","first_time":"2021-09-17T21:14:05Z","first_window_start":null,"first_seen":null,"time_source":"published","span_hours":1.5,"tie":false,"tied_with":[],"first_item_guid":"https://www.bbc.co.uk/news/world-europe-58604976","first_title":"France recalls envoys","events":0}"##,
            ##"],"##,
            ##""events":[],"##,
            ##""items":["##,
            ##"{"story_id":3,"outlet":"bbc","item_guid":"https://www.bbc.co.uk/news/world-europe-58604976","item_link":"https://www.bbc.co.uk/news/world-europe-58604976","title":"France recalls envoys","latest_title":null,"published":"2021-09-17T21:14:05Z","window_start":null,"first_seen":"2021-09-18T19:15:29Z","time":"2021-09-17T21:14:05Z","time_source":"published","lag_seconds":0,"versions":1,"wire_copy_of":null},"##,
            ##"{"story_id":3,"outlet":"nytimes","item_guid":"=HYPERLINK(\"http://evil\")","item_link":null,"title":"-5 degrees, line one\nline two","latest_title":null,"published":null,"window_start":"2021-09-18T21:00:00Z","first_seen":"2021-09-18T22:44:05Z","time":"2021-09-18T22:44:05Z","time_source":"window","lag_seconds":-120,"versions":1,"wire_copy_of":null}"##,
            ##"],"##,
            ##""facts":["##,
            ##"{"story_id":3,"fact_id":1,"text":"France recalled its ambassadors.","kind":"statement","outlets":["bbc","nytimes"],"first_outlet":"bbc","first_time":"2021-09-17T21:14:05Z","first_window_start":null,"time_source":"published","tie":true,"tied_with":["nytimes"],"values":[],"trend":"single","disagreeing":[],"wire_outlets":[],"mentions":0},"##,
            ##"{"story_id":3,"fact_id":4,"text":"More than 9,500 migrants are under the bridge","kind":"quantity","outlets":["bbc","nytimes"],"first_outlet":"bbc","first_time":"2021-09-17T21:14:05Z","first_window_start":"2021-09-17T20:00:00Z","time_source":"published","tie":false,"tied_with":[],"values":["9500@bbc","14000@nytimes"],"trend":"update","disagreeing":[],"wire_outlets":[],"mentions":2}"##,
            ##"],"##,
            ##""mentions":["##,
            ##"{"story_id":3,"fact_id":4,"outlet":"nytimes","item_guid":"ny-1","sentence":"An estimated 14,000 migrants, many from Haiti, wait.","time":"2021-09-18T22:44:05Z","window_start":"2021-09-18T21:00:00Z","time_source":"window","value":"14000","value_text":null,"wire_copy_of":null}"##,
            ##"],"##,
            ##""attributions":["##,
            ##"{"story_id":3,"outlet":"bbc","item_guid":"bbc-1","kind":"exclusive","credited":"bbc","phrase":"EXCLUSIVE","verdict":"confirmed","evidence":"fact 1: bbc at 2021-09-17T21:14:05Z (published) before nytimes","credited_followed":true,"first_outlet":"bbc","first_tied_with":[]},"##,
            ##"{"story_id":3,"outlet":"nytimes","item_guid":"ny-1","kind":"firstReportedBy","credited":"Le Monde","phrase":"first reported by Le Monde","verdict":"not_decidable","evidence":"'Le Monde' is not an outlet Byline follows","credited_followed":false,"first_outlet":"bbc","first_tied_with":[]},"##,
            ##"{"story_id":3,"outlet":"nytimes","item_guid":"ny-1","kind":"toldTo","credited":"Reuters","phrase":"told Reuters","verdict":"not_a_claim","evidence":"'Reuters' is not an outlet Byline follows","credited_followed":false,"first_outlet":"bbc","first_tied_with":["cnn","nytimes"]}"##,
            ##"],"##,
            ##""edits":["##,
            ##"{"story_id":3,"outlet":"bbc","item_guid":"bbc-1","field":"title","from":"2021-09-18T19:15:29Z","to":"2021-09-18T20:15:29Z","class":"substantive","reason":"number","silent":true,"removed":"6","added":"8"}"##,
            ##"],"##,
            ##""anomalies":["##,
            ##"{"story_id":null,"outlet":"nytimes","item_guid":"ny-2","kind":"future_date","published":"2021-09-19T03:00:00Z","first_seen":"2021-09-18T22:44:05Z","detail":"15355 s after first seen"}"##,
            ##"],"##,
            ##""outlets":["##,
            ##"{"outlet":"bbc","items":1,"stories":1,"shared_stories":1,"first_reports":1,"first_or_tied":1,"first_ties":0,"first_report_rate":1.0000,"first_report_low":0.2065,"first_report_high":1.0000,"median_lag_seconds":null,"lag_p25_seconds":null,"lag_p75_seconds":null,"lag_count":0,"facts_first":3,"facts_corroborated":2,"corroboration_rate":0.6667,"corroboration_low":0.2077,"corroboration_high":0.9385,"exclusive_facts":1,"disagreements":0,"items_seen_twice":1,"items_silently_edited":1,"silent_edit_rate":1.0000,"silent_edit_low":0.2065,"silent_edit_high":1.0000,"items_checked":1,"items_with_anomaly":0,"anomaly_rate":0.0000,"anomaly_low":0.0000,"anomaly_high":0.7935,"scoop_claims":1,"scoop_confirmed":1,"scoop_contradicted":0,"first_reports_unchecked":0,"pulls":2,"pulls_failed":0}"##,
            ##"]"##,
            ##"}"##,
            ##""##,
        ])
        let text = JSONExport.render(ReportWriterTests.tiny)
        #expect(text == expected)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["schema_version"] as? Int == 2)
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.map { $0["title"] as? String } == ["France recalls envoys", "-5 degrees, line one\nline two"])
        #expect((document["outlets"] as? [[String: Any]])?.first?["corroboration_low"] as? Double == 0.2077)
    }

    @Test(arguments: [
        ("plain", #""plain""#), ("say \"hi\"", #""say \"hi\"""#), ("back\\slash", #""back\\slash""#),
        ("line\nbreak\ttab\r", #""line\nbreak\ttab\r""#), ("\u{1}\u{1F}", #""\u0001\u001f""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#), ("</script>é😀", #""</script>é😀""#),
    ])
    func jsonStrings(_ text: String, _ expected: String) {
        #expect(JSONExport.string(text) == expected)
    }
}
