import BylineReport
import Foundation

/// Small stories for the exact-output tests of the text, SVG and JSON renderings.
enum StoryFixtures {
    static func date(_ text: String) -> Date { try! Date.ISO8601FormatStyle().parse(text) }

    /// Two outlets tied for first (overlapping windows), a third item a wire copy, one quantity
    /// fact whose values move, one statement, an attribution and a silent edit.
    static let twoOutletTie: StoryDetail = {
        let story = StoryRow(storyID: 12, headline: "Evacuation flights resume from Kabul", outlets: ["cnn", "foxnews"], items: 3,
                             firstOutlet: "cnn", tiedWith: ["foxnews"], firstTime: date("2021-09-18T10:00:00Z"),
                             timeSource: "window", spanHours: 2, firstWindowStart: date("2021-09-18T09:00:00Z"))
        let items = [
            CoverageRow(storyID: 12, outlet: "cnn", itemGuid: "cnn-1", itemLink: "https://edition.cnn.com/kabul",
                        title: "Flights resume from Kabul", published: nil, firstSeen: date("2021-09-18T10:00:00Z"),
                        windowStart: date("2021-09-18T09:00:00Z"), lagSeconds: 0, timeSource: "window",
                        latestTitle: "Evacuation flights resume from Kabul", versions: 2),
            CoverageRow(storyID: 12, outlet: "foxnews", itemGuid: "fox-1", itemLink: "https://www.foxnews.com/kabul",
                        title: "Kabul flights take off again", published: date("2021-09-18T09:45:00Z"),
                        firstSeen: date("2021-09-18T10:30:00Z"), windowStart: date("2021-09-18T09:30:00Z"), lagSeconds: 0,
                        timeSource: "published", time: date("2021-09-18T09:45:00Z")),
            CoverageRow(storyID: 12, outlet: "foxnews", itemGuid: "fox-2", itemLink: nil,
                        title: "AP: Flights resume from Kabul", published: nil, firstSeen: date("2021-09-18T12:00:00Z"),
                        windowStart: nil, lagSeconds: 7200, timeSource: "first_seen", wireCopyOf: "cnn-1"),
        ]
        let facts = [
            FactRow(storyID: 12, factID: 1, text: "About 200 people left on the first flight.", outlets: ["cnn", "foxnews"],
                    firstOutlet: "cnn", firstTime: date("2021-09-18T10:00:00Z"), timeSource: "window", tiedWith: ["foxnews"],
                    kind: "quantity", values: ["200@cnn", "250@foxnews"], trend: "update", mentionCount: 2,
                    firstWindowStart: date("2021-09-18T09:00:00Z")),
            FactRow(storyID: 12, factID: 3, text: "Qatar Airways operated the flight.", outlets: ["cnn", "foxnews"],
                    firstOutlet: "cnn", firstTime: date("2021-09-18T10:00:00Z"), timeSource: "window", tiedWith: [],
                    wireOutlets: ["foxnews"], mentionCount: 2, firstWindowStart: date("2021-09-18T09:00:00Z")),
        ]
        let mentions = [
            MentionRow(storyID: 12, factID: 1, outlet: "cnn", itemGuid: "cnn-1", sentence: "About 200 people left on the first flight.",
                       time: date("2021-09-18T10:00:00Z"), windowStart: date("2021-09-18T09:00:00Z"), timeSource: "window",
                       value: "200", valueText: "About 200 people"),
            MentionRow(storyID: 12, factID: 1, outlet: "foxnews", itemGuid: "fox-1", sentence: "Some 250 people flew out.",
                       time: date("2021-09-18T09:45:00Z"), windowStart: date("2021-09-18T09:30:00Z"), timeSource: "published",
                       value: "250", valueText: "Some 250 people"),
            MentionRow(storyID: 12, factID: 3, outlet: "cnn", itemGuid: "cnn-1", sentence: "Qatar Airways operated the flight.",
                       time: date("2021-09-18T10:00:00Z"), windowStart: date("2021-09-18T09:00:00Z"), timeSource: "window", value: ""),
            MentionRow(storyID: 12, factID: 3, outlet: "foxnews", itemGuid: "fox-2", sentence: "Qatar Airways operated the flight, AP said.",
                       time: date("2021-09-18T12:00:00Z"), windowStart: nil, timeSource: "first_seen", value: "", wireCopyOf: "cnn-1"),
        ]
        let attributions = [
            AttributionRow(storyID: 12, outlet: "foxnews", itemGuid: "fox-1", kind: "firstReportedBy", credited: "cnn",
                           phrase: "first reported by CNN", verdict: "confirmed",
                           evidence: "first reports: cnn at 2021-09-18T10:00:00Z (window), tied with foxnews",
                           creditedFollowed: true, firstOutlet: "cnn", firstTiedWith: ["foxnews"]),
        ]
        let edits = [
            EditRow(storyID: 12, outlet: "cnn", itemGuid: "cnn-1", field: "title", from: date("2021-09-18T10:00:00Z"),
                    to: date("2021-09-18T11:00:00Z"), kind: "substantive", reason: "wording", silent: true, removed: "", added: "Evacuation"),
        ]
        return StoryDetail(story: story, items: items, facts: facts, mentions: mentions, attributions: attributions, edits: edits)
    }()

    /// The detail as a one-story report, with one scorecard row.
    static let twoOutletReport: Report = {
        let detail = twoOutletTie
        var score = OutletScore()
        score.firstTies = 1
        score.factsFirst = 2
        score.factsCorroborated = 2
        score.itemsSeenTwice = 1
        score.itemsSilentlyEdited = 1
        score.itemsChecked = 1
        return Report(stories: [detail.story], coverage: detail.items, facts: detail.facts, mentions: detail.mentions,
                      edits: detail.edits, attributions: detail.attributions,
                      outlets: [OutletRow(outlet: "cnn", stories: 1, sharedStories: 1, firstReports: 0, firstOrTied: 1,
                                          medianLagSeconds: nil, items: 1, pulls: 4, pullsFailed: 1, score: score),
                                OutletRow(outlet: "foxnews", stories: 1, sharedStories: 1, firstReports: 0, firstOrTied: 1,
                                          medianLagSeconds: 7200, items: 2, pulls: 4, pullsFailed: 0)],
                      generatedAt: date("2021-09-21T00:00:00Z"))
    }()
}
