import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// The real corpus: every snapshot of `corpus/headlines-2021-09`.
@Suite struct CorpusTests {
    /// Error pages saved under .xml names: the 71 CloudFront 403 pages of latimes, and one
    /// "403 - Forbidden" XHTML page in straittimes that the corpus README does not mention.
    static let straitsTimesErrorPage = "straittimes/20210919T235533Z.xml"

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func everySnapshotParsesOrIsAnErrorPage() throws {
        let root = SharedData.corpus
        let outlets = try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { !$0.contains(".") }.sorted()
        #expect(outlets.count == 20)
        var parsed = 0
        var latimesPages = 0
        var otherFailures: [String] = []
        let parser = FeedParser()
        for outlet in outlets {
            let folder = root.appendingPathComponent(outlet)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".xml") {
                let relative = "\(outlet)/\(name)"
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                do {
                    let feed = try parser.parse(data)
                    #expect(!feed.items.isEmpty, "\(relative) has no items")
                    parsed += 1
                } catch {
                    if case .notAFeed(let reason) = error, reason.hasPrefix("an HTML page") {
                        if outlet == "latimes" { latimesPages += 1 } else { otherFailures.append(relative) }
                    } else {
                        otherFailures.append("\(relative): \(error)")
                    }
                }
            }
        }
        #expect(latimesPages == 71)
        #expect(otherFailures == [Self.straitsTimesErrorPage])
        #expect(parsed == 1190 - 72)
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func firstBBCItem() throws {
        let data = try Data(contentsOf: SharedData.corpus.appendingPathComponent("bbc/20210918T191344Z.xml"))
        let feed = try FeedParser().parse(data, url: "http://feeds.bbci.co.uk/news/rss.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "BBC News - Home")
        #expect(feed.ttl == 15)
        let item = try #require(feed.items.first)
        #expect(item.title == "Four more small energy firms could go bust next week")
        #expect(item.link == "https://www.bbc.co.uk/news/business-58610561?at_medium=RSS&at_campaign=KARANGA")
        #expect(item.guid == "https://www.bbc.co.uk/news/business-58610561")
        #expect(item.summary == "Rising wholesale gas prices means some companies are unable to supply energy customers have paid for.")
        #expect(item.published == Date(timeIntervalSince1970: 1_631_986_173))  // Sat, 18 Sep 2021 17:29:33 GMT
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func firstCNNYouTubeEntry() throws {
        let data = try Data(contentsOf: SharedData.corpus.appendingPathComponent("cnntv/20210918T191344Z.xml"))
        let feed = try FeedParser().parse(data)
        let item = try #require(feed.items.first)
        #expect(item.guid == "yt:video:o8sBzbnTfXU")
        #expect(item.link == "https://www.youtube.com/watch?v=o8sBzbnTfXU")
        #expect(item.title == "Smerconish: What social media doesn't show us about Gabby Petito's life")
        #expect(item.summary == "CNN's Michael Smerconish says new revelations about the negative effects of Instagram and social media made him think about the case of Gabby Petito, the 22-year-old who has not been heard from since going on a road trip with her fiance. #Smerconish #GabbyPetito #CNN")
        #expect(item.published == Date(timeIntervalSince1970: 1_631_991_487))  // 2021-09-18T18:58:07Z
        #expect(item.authors == ["CNN"])
    }
}
