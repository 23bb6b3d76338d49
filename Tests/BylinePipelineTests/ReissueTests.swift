import BylinePipeline
import BylineStore
import Foundation
import Testing

/// Which items are an article re-issued under a new guid (``Reissue/find(in:)``), and which
/// share a link without being one (a live page, a homepage link).
@Suite struct ReissueTests {
    static let start = Date(timeIntervalSince1970: 1_631_959_200)  // 2021-09-18T10:00:00Z

    static func item(_ id: Int64, _ guid: String, _ title: String, _ link: String?, hour: Double, outlet: String = "bbc") -> StoredItem {
        let seen = start.addingTimeInterval(hour * 3600)
        return StoredItem(id: id, outletID: outlet, feedID: 1, guid: guid, link: link, title: title, summary: "", content: nil,
                          published: nil, firstSeen: seen, lastSeen: seen, previousPull: nil, versions: [])
    }

    static let article = "https://www.bbc.co.uk/news/world-europe-58600000"

    @Test func aReissueNamesTheFirstCopyEvenInAChain() {
        let items = [
            Self.item(3, "bbc-1c", "France recalls ambassadors over submarine deal", Self.article, hour: 5),
            Self.item(1, "bbc-1", "France recalls its ambassadors over the submarine deal", Self.article, hour: 0),
            Self.item(2, "bbc-1b", "France recalls its ambassadors over submarine deal", Self.article, hour: 2),
            Self.item(4, "cnn-1", "France recalls its ambassadors over the submarine deal", Self.article, hour: 1, outlet: "cnn"),
        ]
        let found = Reissue.find(in: items)
        #expect(found.keys.sorted() == [2, 3])
        #expect(found[2]?.original.guid == "bbc-1")
        #expect(found[3]?.original.guid == "bbc-1")
        #expect(found[2]?.item.guid == "bbc-1b")
    }

    /// In one pull, the item with the lower id is the original.
    @Test func inOnePullTheLowerIdIsTheOriginal() {
        let found = Reissue.find(in: [Self.item(8, "b", "Quake hits Haiti", Self.article, hour: 0),
                                      Self.item(7, "a", "Quake hits Haiti", Self.article, hour: 0)])
        #expect(found.keys.sorted() == [8])
        #expect(found[8]?.original.guid == "a")
    }

    /// A live page under each day's title (0.44 of words in common) and unrelated items that
    /// link the homepage (with or without the slash) are not re-issues; nor is one guid seen twice.
    @Test func liveAndHomepageLinksAreNotMerged() {
        let live = "https://www.bbc.co.uk/news/live/world-58600001"
        let items = [
            Self.item(1, "live-1", "Covid live: Auckland cases, 18 September", live, hour: 0),
            Self.item(2, "live-2", "Covid live: vaccination milestone, 19 September", live, hour: 24),
            Self.item(3, "home-1", "Storm warning for the Highlands", "https://www.bbc.co.uk/", hour: 0),
            Self.item(4, "home-2", "Storm warning for the Highlands", "https://www.bbc.co.uk/", hour: 3),
            Self.item(5, "home-3", "Storm warning for the Highlands", "https://www.bbc.co.uk", hour: 4),
            Self.item(6, "home-4", "Storm warning for the Highlands", "https://www.bbc.co.uk", hour: 5),
            Self.item(7, "nolink-1", "Storm warning for the Highlands", nil, hour: 5),
            Self.item(8, "nolink-2", "Storm warning for the Highlands", nil, hour: 6),
        ]
        #expect(Reissue.find(in: items).isEmpty)
    }
}
