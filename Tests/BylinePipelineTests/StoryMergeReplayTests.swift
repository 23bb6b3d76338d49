import BylineFeed
import BylineStories
import BylineTestSupport
import Foundation
import Testing
@testable import BylinePipeline
@testable import BylineStore

/// 2021-09-19T12:00:00Z, the base of the times below.
private let base = Date(timeIntervalSince1970: 1_632_052_800)

private func stored(_ id: Int64, _ outlet: String, _ title: String, _ summary: String, minutes: Double) -> StoredItem {
    let time = base.addingTimeInterval(minutes * 60)
    return StoredItem(id: id, outletID: outlet, feedID: 1, guid: "guid-\(id)", link: nil, title: title, summary: summary,
                      content: nil, published: nil, firstSeen: time, lastSeen: time, previousPull: nil, versions: [])
}

private func stored(_ id: Int64, _ report: ShapedReport) -> StoredItem {
    stored(id, report.outlet, report.title, report.summary, minutes: report.hours * 60)
}

/// Placing new items among saved stories when a new item merges two of them, or shows that a
/// saved member does not belong.
@Suite struct StoryMergeReplayTests {
    @Test func a_saved_item_after_the_merging_item_is_replayed_into_the_surviving_story() throws {
        let items = [
            stored(101, "bbc", "Emmy Awards: The Crown wins best drama series", "Netflix's royal drama took the top prize in Los Angeles.", minutes: -300),
            stored(102, "cnn", "Stock markets fall as investors weigh interest rate rises", "Shares in Asia and Europe dropped sharply.", minutes: -240),
            stored(103, "rnz", "All Blacks beat Argentina in Rugby Championship", "The team won 36-13 on the Gold Coast.", minutes: -180),
            stored(1, "bbc", "Volcano erupts on La Palma in the Canary Islands",
                   "Lava forced the evacuation of 5,000 people on the Spanish island of La Palma.", minutes: 0),
            stored(2, "cnn", "La Palma volcano: 5,000 evacuated as lava flows towards homes",
                   "Spanish authorities moved residents of the Canary island as the volcano erupted.", minutes: 10),
            // New: it joins one of the two saved stories and merges the other into it.
            stored(3, "smh", "La Palma volcano erupts, 5,000 evacuated from Canary Islands homes",
                   "Lava from the volcano on the Spanish island of La Palma forced evacuations.", minutes: 20),
            // Saved in the story that item 3 merges away, and later than item 3.
            stored(4, "dailymail", "Canary Islands volcano: lava reaches homes on La Palma as 5,000 flee",
                   "The eruption on the Spanish island of La Palma forced evacuations.", minutes: 30),
        ]
        let saved: [Int64: Int64] = [101: 1, 102: 2, 103: 3, 1: 10, 2: 11, 4: 11]
        // Any second story the item could join is merged (the default asks for a probability of
        // 0.95), so that the merge does not depend on fine scores.
        let settings = ClusterSettings(mergeThreshold: 0.3)
        let result = Analysis.assign(items, saved: saved, firstNewID: 12, settings: settings)
        #expect(result.merges.map { [$0.storyID, $0.intoID, $0.itemID] } == [[11, 10, 3]])
        #expect(result.newStories.isEmpty)
        #expect(result.assignment[1] == 10)
        #expect(result.assignment[2] == 10)
        #expect(result.assignment[3] == 10)
        // Before the fix, item 4 restarted story 11 under its old id: a half-done merge.
        #expect(result.assignment[4] == 10)
        #expect(result.assignment[101] == 1 && result.assignment[102] == 2 && result.assignment[103] == 3)
    }

    @Test func a_saved_seed_that_the_event_no_longer_vouches_for_moves_to_a_new_story_and_stays_there() throws {
        // Real-shaped (headlines-2021-09): an earlier run put the first Jimmy Greaves report into
        // the story of a Tottenham net-zero item (they share "Tottenham", "Chelsea", football).
        // Items 3 to 5 are new: more Greaves reports.
        let items = ShapedReports.background.enumerated().map { stored(101 + Int64($0.offset), $0.element) }
            + [stored(1, ShapedReports.netZero)] + ShapedReports.greaves.enumerated().map { stored(2 + Int64($0.offset), $0.element) }
        let saved: [Int64: Int64] = [101: 1, 102: 2, 103: 3, 104: 4, 1: 20, 2: 20]
        let result = Analysis.assign(items, saved: saved, firstNewID: 21, settings: .default)
        // The story keeps its id and its Greaves reports; the seed moves to a new story, recorded.
        #expect([2, 3, 4, 5].map { result.assignment[$0] } == [20, 20, 20, 20])
        #expect(result.assignment[1] == 21)
        #expect(result.newStories.map(\.id) == [21])
        #expect(result.newStories.first?.headline == "Tottenham to host world's first net zero carbon elite football game")
        #expect(result.splits == [StorySplitRecord(itemID: 1, fromID: 20, intoID: 21, causeItemID: 4)])
        #expect(result.merges.isEmpty)

        // The next run, with one more Greaves report: the moved seed stays in its story, the new
        // report joins the Greaves story, nothing else moves.
        let tribute = stored(6, "bbc", "Jimmy Greaves: Spurs, Chelsea and West Ham lead tributes to former striker",
                             "Tottenham and Chelsea lead the tributes for their former player Jimmy Greaves, who has died aged 81.", minutes: 1_700)
        let again = Analysis.assign(items + [tribute], saved: result.assignment, firstNewID: 22, settings: .default)
        #expect(again.assignment[6] == 20)
        #expect(again.assignment.filter { $0.key != 6 } == result.assignment)
        #expect(again.newStories.isEmpty && again.splits.isEmpty && again.merges.isEmpty)
    }

    @Test func a_split_is_saved_kept_on_reload_and_explained() async throws {
        let store = try Store(path: try temporaryDatabase())
        func pull(_ outlet: String, _ minutes: Double, _ entries: [(guid: String, title: String, summary: String)]) throws {
            try store.upsertOutlet(OutletInfo(id: outlet, name: outlet))
            let feed = try store.feed(outletID: outlet, url: "archive:\(outlet)")
            try store.record(PullInput(feedID: feed.id, at: base.addingTimeInterval(minutes * 60), status: .ok,
                                       items: entries.map { FeedItem(guid: $0.guid, title: $0.title, summary: $0.summary) }))
        }
        for (number, report) in ShapedReports.background.enumerated() {
            try pull(report.outlet, report.hours * 60, [("background-\(number)", report.title, report.summary)])
        }
        let netZero = ShapedReports.netZero, greaves = ShapedReports.greaves
        try pull(netZero.outlet, netZero.hours * 60, [("net-zero", netZero.title, netZero.summary)])
        try pull(greaves[0].outlet, greaves[0].hours * 60, [("greaves-goals", greaves[0].title, greaves[0].summary)])
        try await Analysis.update(store)
        // As an earlier run in a denser stream saved it: the first Greaves report in the net-zero story.
        let ids = Dictionary(uniqueKeysWithValues: try store.items().map { ($0.guid, $0.id) })
        let seedStory = try #require(try store.storyAssignments()[ids["net-zero"]!])
        try store.saveStoryChanges(newStories: [], assignments: [(ids["greaves-goals"]!, seedStory)], merges: [],
                                   watermark: try store.itemsWatermark())

        for (guid, report) in zip(["greaves-dies", "greaves-powell", "greaves-cnn"], greaves.dropFirst()) {
            try pull(report.outlet, report.hours * 60, [(guid, report.title, report.summary)])
        }
        try await Analysis.update(store)
        let analysis = try await Analysis.load(from: store)
        let story = try #require(analysis.story(id: seedStory))
        #expect(story.items.map(\.guid).sorted() == ["greaves-cnn", "greaves-dies", "greaves-goals", "greaves-powell"])
        // The most central report heads the story (the seed's goals video is its earliest).
        #expect(story.headline == "Jimmy Greaves, England World Cup winner and Tottenham legend, dies at 81")
        let allIDs = Dictionary(uniqueKeysWithValues: try store.items().map { ($0.guid, $0.id) })
        let splits = try store.storySplits()
        #expect(splits.count == 1)
        let split = try #require(splits.first)
        #expect(split.itemID == ids["net-zero"] && split.fromID == seedStory && split.intoID > seedStory)
        // The third Greaves report to join showed it (the story then held three Greaves reports).
        #expect(split.causeItemID == allIDs["greaves-powell"])
        #expect(analysis.story(id: split.intoID)?.items.map(\.guid) == ["net-zero"])

        // Loading again changes nothing, and the item's explanation names the move.
        let again = try await Analysis.load(from: store)
        #expect(!again.recomputed)
        #expect(try store.storySplits() == splits)
        // The first Greaves report is explained against the stories of its time, when the seed
        // was still in the story it later left.
        let goals = try #require(try await Analysis.explain(item: "greaves-goals", in: store))
        #expect(goals.storyID == seedStory)
        #expect(goals.candidateStoryIDs.contains(seedStory))
        #expect(!goals.candidateStoryIDs.contains(split.intoID))
        let explanation = try #require(try await Analysis.explain(item: "net-zero", in: store))
        #expect(explanation.storyID == split.intoID)
        #expect(explanation.moves.map(\.split) == splits)
        #expect(explanation.moves.first?.cause?.guid == "greaves-powell")
    }

    @Test func a_save_computed_before_another_process_saved_is_declined_and_the_load_retries() async throws {
        // Two opens of one file stand for two processes (a `run` beside a `report`).
        let path = try temporaryDatabase()
        let first = try Store(path: path)
        try first.upsertOutlet(OutletInfo(id: "bbc", name: "bbc"))
        let feed = try first.feed(outletID: "bbc", url: "archive:bbc")
        try first.record(PullInput(feedID: feed.id, at: base, status: .ok, items: [
            FeedItem(guid: "a", title: "Volcano erupts on La Palma in the Canary Islands", summary: "Lava forced 5,000 people to leave."),
            FeedItem(guid: "b", title: "Emmy Awards: The Crown wins best drama series", summary: "Netflix's royal drama took the top prize."),
        ]))
        let second = try Store(path: path)
        let before = try first.storiesState()
        try await Analysis.update(second)
        let other = try await Analysis.load(from: second)
        #expect(other.stories.count == 2)
        // A save computed from the state before the other process saved is declined, untouched.
        let stored = try first.saveStoryChanges(newStories: [(1, "x")], assignments: [], merges: [], watermark: "w",
                                                ifStoriesStateIs: before)
        #expect(!stored)
        #expect(try first.storiesState() == second.storiesState())
        // Loading again places nothing and keeps the other process's story ids.
        let again = try await Analysis.load(from: first)
        #expect(!again.recomputed)
        #expect(again.stories.map(\.id).sorted() == other.stories.map(\.id).sorted())
        #expect(try first.maxStoryID() == 2)
    }

    /// The Los Angeles Times feed of headlines-2021-09 repeats each description in its content:
    /// that is no full text (the clusterer would compare such an item on words alone).
    @Test func content_that_repeats_the_summary_is_not_full_text() {
        let description = "A woman was skateboarding on Tampa Avenue south of Oxnard Street around 12:30 a.m. when she was struck by a silver four-door sedan."
        var item = stored(11, "latimes", "Skateboarder killed in Tarzana hit-and-run", description, minutes: 0)
        item.content = description
        #expect(item.storyItem().content == nil)
        #expect(AnalysedText.fullText("A woman was skateboarding on Tampa Avenue\n south of Oxnard Street", summary: description) == nil)
        #expect(AnalysedText.fullText("   ", summary: description) == nil)
        let article = description + " The driver did not stop. Police asked witnesses to call the West Valley station."
        item.content = article
        #expect(item.storyItem().content == article)
        #expect(AnalysedText.fullText("Skateboarder dies", summary: "") == "Skateboarder dies")
    }

    @Test func only_the_start_of_a_huge_field_is_analysed_and_the_store_keeps_it_all() throws {
        let huge = String(repeating: "word ", count: 200_000)
        let item = stored(9, "outa", huge, huge, minutes: 0)
        #expect(item.storyItem().title.count == AnalysedText.titleLimit)
        #expect(item.storyItem().title == String(huge.prefix(1_000)))
        #expect(item.storyItem().summary.count == AnalysedText.summaryLimit)
        #expect(item.title.count == 1_000_000)
        let ordinary = stored(10, "bbc", "England and Tottenham legend Greaves dies aged 81", "The striker dies at 81.", minutes: 0)
        #expect(ordinary.storyItem().title == "England and Tottenham legend Greaves dies aged 81")
        #expect(ordinary.storyItem().summary == "The striker dies at 81.")
    }
}
