import BylineEmbed
import BylineFacts
import BylineReport
import BylineStore
import BylineStories
import BylineTestSupport
import Foundation
import Testing
@testable import BylinePipeline

/// The installed embedding model (see scripts/install-model), or nil.
private let model: SentenceEmbedder? = {
    guard let directory = ModelLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment) else { return nil }
    return try? SentenceEmbedder(directory: directory)
}()

/// headlines-2021-09, the Sydney Morning Herald on 19 September 2021: its live page was about the
/// AMA and France at 01:04 and, at the next pull (09:59), about Christian Porter's resignation,
/// whose story it joined. Credited from its first version, smh "reported" the resignation at
/// 00:55, hours before it happened. The texts are the feeds' own.
@Suite struct StoryVersionTests {
    private func time(_ text: String) -> Date { try! Date.ISO8601FormatStyle().parse(text) }

    private func version(_ id: Int64, seen: String, previous: String?, published: String?, title: String, summary: String) -> StoredVersion {
        StoredVersion(id: id, seenAt: time(seen), previousPull: previous.map(time), title: title, summary: summary, content: nil,
                      published: published.map(time))
    }

    private func item(_ id: Int64, _ outlet: String, _ guid: String, _ versions: [StoredVersion]) -> StoredItem {
        let first = versions[0], last = versions[versions.count - 1]
        return StoredItem(id: id, outletID: outlet, feedID: id, guid: guid, link: nil, title: last.title, summary: last.summary,
                          content: nil, published: first.published, firstSeen: first.seenAt, lastSeen: last.seenAt,
                          previousPull: first.previousPull, versions: versions)
    }

    private var items: [StoredItem] {
        let live = item(1, "smh", "p58svq", [
            version(11, seen: "2021-09-19T01:04:09Z", previous: "2021-09-18T21:02:59Z", published: "2021-09-19T00:55:09Z",
                    title: "Australia news LIVE: Australian Medical Association backs COVID-19 reopening plan, France could suspend trade talks",
                    summary: "The Australian Medical Association has cautiously backed the national plan for reopening, Victoria will release its re-opening plan, while French President Emmanuel Macron recalled his ambassador from Canberra amid warnings that future trade deals and military ties between the nations are in jeopardy."),
            version(12, seen: "2021-09-19T09:59:40Z", previous: "2021-09-19T01:04:09Z", published: "2021-09-19T09:09:36Z",
                    title: "As it happened: Christian Porter resigns from federal cabinet; Victoria releases COVID-19 road map, NSW eases rules for hotspot LGAs",
                    summary: "The Australian Medical Association has cautiously backed the national plan for reopening, Victoria will release its re-opening plan and NSW has eased outdoor recreation restrictions for people in hotspot LGAs"),
        ])
        let resigns = "Christian Porter has resigned as a minister after he accepted money from unknown sources through a trust arrangement for his legal battle against the ABC."
        let byelection = item(2, "smh", "p58szq", [
            version(21, seen: "2021-09-19T09:59:40Z", previous: "2021-09-19T01:04:09Z", published: "2021-09-19T09:12:09Z",
                    title: "Porter staying on saves Coalition from byelection", summary: resigns),
            version(22, seen: "2021-09-19T12:05:52Z", previous: "2021-09-19T09:59:40Z", published: "2021-09-19T09:12:09Z",
                    title: "Porter saves Coalition from difficult byelection after resigning from cabinet", summary: resigns),
        ])
        let standards = item(3, "smh", "p58t0d", [
            version(31, seen: "2021-09-19T09:59:40Z", previous: "2021-09-19T01:04:09Z", published: "2021-09-19T08:29:01Z",
                    title: "Standards are higher for ministers: Why Porter had to resign",
                    summary: "For the PM, for Porter to stay was untenable because it would have redefined the standards for ministers in a way that would have opened a Pandora’s box of secret deals."),
        ])
        let barnaby = item(4, "dailytelegraph", "barnaby-porter", [
            version(41, seen: "2021-09-20T00:57:39Z", previous: "2021-09-20T00:28:00Z", published: nil,
                    title: "Barnaby’s bold prediction about Porter",
                    summary: "Just a day after he sensationally resigned from the frontbench over concerns about a blind trust, supporters of embattled MP Christian Porter are already lining up to pave the way for his return."),
        ])
        return [live, byelection, standards, barnaby]
    }

    /// The story as a reader sees it, every version embedded by the model.
    private func story(_ model: SentenceEmbedder) -> StoryView {
        let items = self.items
        let versions = items.flatMap(\.versions)
        let vectors = model.embed(versions.map { StoryItem.embeddingText(title: $0.title, summary: $0.summary) })
        let byVersion = Dictionary(uniqueKeysWithValues: zip(versions.map(\.id), vectors))
        let latest = Dictionary(uniqueKeysWithValues: items.map { ($0.id, byVersion[$0.versions.last!.id]!) })
        return StoryView(id: 7, items: items, embeddings: latest, versionEmbeddings: byVersion)
    }

    @Test(.enabled(if: model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
    func aLivePageCountsFromTheVersionAboutTheStory() throws {
        let story = story(try #require(model))
        // The live page counts from its second version; the byelection piece, only reworded, from its first.
        #expect(story.countedFrom == [1: 1])
        #expect(story.credit.outlet == "smh")
        #expect(story.credit.time.estimate == time("2021-09-19T08:29:01Z"))
        #expect(story.items.map(\.guid) == ["p58t0d", "p58svq", "p58szq", "barnaby-porter"])
        let live = try #require(story.items.first { $0.guid == "p58svq" })
        #expect(story.lag(of: live) == 2_435)
        let rows = ReportBuilder.coverageRows(story)
        let row = try #require(rows.first { $0.itemGuid == "p58svq" })
        #expect(row.title == "As it happened: Christian Porter resigns from federal cabinet; Victoria releases COVID-19 road map, NSW eases rules for hotspot LGAs")
        #expect(row.published == time("2021-09-19T09:09:36Z"))
        #expect(row.firstSeen == time("2021-09-19T09:59:40Z"))
        #expect(row.windowStart == time("2021-09-19T01:04:09Z"))
        #expect(row.time == time("2021-09-19T09:09:36Z"))
        #expect(row.latestTitle == nil)
        #expect(row.timeSource == "published")
        // Its facts start there too: the AMA and France are not among the story's sentences.
        let facts = try #require(story.factItems.first { $0.guid == "p58svq" })
        #expect(facts.versions.map(\.title) == [row.title])
        #expect(facts.published == time("2021-09-19T09:09:36Z"))
        let byelection = try #require(rows.first { $0.itemGuid == "p58szq" })
        #expect(byelection.title == "Porter staying on saves Coalition from byelection")
        #expect(byelection.latestTitle == "Porter saves Coalition from difficult byelection after resigning from cabinet")
    }

    /// September story 563: coverage.csv showed p58svq `published` 2021-09-19T00:55:09Z (its
    /// first version's pubDate, about the AMA and France) beside the first_seen, window_start and
    /// time of its second version (09:09:36Z), from which it counts. Every cell of the row now
    /// rests on the counted version. The embeddings are two-dimensional stand-ins that put the
    /// first version off the story (cosine 0 to the rest), so that this runs without the model.
    @Test func aCoverageRowShowsThePubDateOfTheVersionItsTimeCountsFrom() throws {
        let onStory: [Float] = [1, 0], offStory: [Float] = [0, 1]
        let story = StoryView(id: 563, items: items, embeddings: [1: onStory, 2: onStory, 3: onStory, 4: onStory],
                              versionEmbeddings: [11: offStory, 12: onStory, 21: onStory, 22: onStory])
        #expect(story.countedFrom == [1: 1])
        let rows = ReportBuilder.coverageRows(story)
        #expect(rows.map(\.itemGuid) == ["p58t0d", "p58svq", "p58szq", "barnaby-porter"])
        let live = try #require(rows.first { $0.itemGuid == "p58svq" })
        #expect(live.published == time("2021-09-19T09:09:36Z"))
        #expect(live.windowStart == time("2021-09-19T01:04:09Z"))
        #expect(live.firstSeen == time("2021-09-19T09:59:40Z"))
        #expect(live.time == time("2021-09-19T09:09:36Z"))
        #expect(live.timeSource == "published")
        #expect(live.lagSeconds == 2_435)
        #expect(live.versions == 2)
        // An item counted from its first version keeps that version's cells.
        let byelection = try #require(rows.first { $0.itemGuid == "p58szq" })
        #expect(byelection.published == time("2021-09-19T09:12:09Z"))
        #expect(byelection.firstSeen == time("2021-09-19T09:59:40Z"))
        let barnaby = try #require(rows.first { $0.itemGuid == "barnaby-porter" })
        #expect(barnaby.published == nil)
        #expect(barnaby.timeSource == "window")
    }

    @Test func withoutVersionEmbeddingsEveryItemCountsFromItsFirstVersion() {
        let items = self.items
        let story = StoryView(id: 7, items: items)
        #expect(story.countedFrom.isEmpty)
        #expect(story.credit.time.estimate == time("2021-09-19T00:55:09Z"))
        #expect(story.factItems.first { $0.guid == "p58svq" }?.versions.count == 2)
    }
}
