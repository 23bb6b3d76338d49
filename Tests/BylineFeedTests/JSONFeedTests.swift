import BylineFeed
import Foundation
import Testing

/// JSON Feed 1.0 and 1.1 read into the same ``Feed`` model as RSS and Atom (issue 3, item 3),
/// so that `byline import` and `pull` store JSON Feed outlets like any other.
@Suite struct JSONFeedTests {
    @Test func aJSONFeed10IsReadIntoByLinesModel() throws {
        let feed = try Fixture.parse("jsonfeed10.json", url: "https://wire.example/feed.json")
        #expect(feed.format == .json1)
        #expect(feed.title == "Wire & Wires")
        #expect(feed.link == "https://wire.example/")
        #expect(feed.subtitle == "Agency copy, as JSON Feed 1.0")
        #expect(feed.items.count == 2)

        let first = feed.items[0]
        #expect(first.guid == "20210919")  // a numeric id, in decimal
        #expect(first.link == "https://wire.example/world/france-recalls-ambassadors")
        #expect(first.title == "France recalls ambassadors to US and Australia")
        #expect(first.content == "Paris is angry about the AUKUS submarine deal.")
        #expect(first.summary == "Paris is angry about the AUKUS submarine deal.")
        #expect(first.authors == ["Desk Editor"])  // the feed's author, inherited
        #expect(first.categories == ["France", "AUKUS"])
        #expect(first.published == Fixture.utc(2021, 9, 18, 1, 14, 0))

        let second = feed.items[1]
        #expect(second.link == "https://other.example/petito")
        #expect(second.content == "Police searched a Florida reserve.")
        #expect(second.summary == "The search widens.")
        #expect(second.authors == ["Reporter One"])
        #expect(second.updated == nil)
        #expect(feed.warnings == ["item 2: unparseable date 'yesterday'", "item 3: not an object"])
        // An unreadable `date_modified` is no publication date: nothing kept.
        #expect(feed.items.map(\.publishedText) == [nil, nil])
    }

    /// A `date_published` no rule reads is kept as written (trimmed).
    @Test func anUnreadableDatePublishedIsKeptAsWritten() throws {
        let text = #"""
            {"version": "https://jsonfeed.org/version/1.1", "items": [
              {"id": "a", "title": "A", "date_published": " Thursday, the 5th of never "},
              {"id": "b", "title": "B"},
              {"id": "c", "title": "C", "date_published": "2021-09-18T10:00:00Z"}]}
            """#
        let feed = try FeedParser().parse(Data(text.utf8))
        #expect(feed.items.map(\.publishedText) == ["Thursday, the 5th of never", nil, nil])
        #expect(feed.items.map(\.published) == [nil, nil, Fixture.utc(2021, 9, 18, 10, 0, 0)])
        #expect(feed.warnings == ["item 1: unparseable date ' Thursday, the 5th of never '"])
    }

    /// Members of the wrong type are named, with where they are and what was found, and cost
    /// only themselves: the item is still read where it can be (feedparser's `bozo` style).
    @Test func wrongValueTypesAreNamedAndTheRestIsRead() throws {
        let feed = try Fixture.parse("json-wrong-types.json")
        #expect(feed.title == nil)
        #expect(feed.link == "https://types.example/")
        #expect(feed.items.map(\.guid) == ["t-1", "t-2"])
        #expect(feed.items.map(\.title) == ["Dates as numbers", nil])
        #expect(feed.items.map(\.link) == ["https://types.example/1", nil])
        #expect(feed.items[0].content == "The rest of the item is read.")
        #expect(feed.items[0].published == nil)
        #expect(feed.items[0].categories == ["kept"])
        #expect(feed.items[1].content == "Second")
        #expect(feed.warnings == [
            "feed: \"title\" is a number, not a string; ignored",
            "feed: \"authors\" is a string, not an array; ignored",
            "item 1: \"date_published\" is a number, not a string; ignored",
            "item 1: \"tags\" element 2 is a number, not a string; left out",
            "item 2: \"url\" is a number, not a string; ignored",
            "item 2: \"title\" is an array, not a string; ignored",
        ])
        // The detail reading (feedparser's shape) sets bozo with the first of them.
        let detailed = try FeedParser(options: .init(detail: true)).parse(Fixture.data("json-wrong-types.json"))
        #expect(detailed.detail?.problem == "feed: \"title\" is a number, not a string; ignored")
    }

    @Test func itemsThatAreNotAnArrayAreNamed() throws {
        let feed = try Fixture.parse("json-items-object.json")
        #expect(feed.title == "Objects")
        #expect(feed.items.isEmpty)
        #expect(feed.warnings == ["feed: \"items\" is an object, not an array; no items read"])
        let detailed = try FeedParser(options: .init(detail: true)).parse(Fixture.data("json-items-object.json"))
        #expect(detailed.detail?.problem == "feed: \"items\" is an object, not an array; no items read")
    }

    @Test func aJSONFeed11ReadsTheSameWayThroughBothPrintings() throws {
        let feed = try Fixture.parse("fp-jsonfeed11.json")
        #expect(feed.format == .json1)
        #expect(feed.language == "en-GB")
        let item = try #require(feed.items.first)
        #expect(item.guid == "json-1")
        #expect(item.summary == "A summary")
        #expect(item.content == "Hello")
        #expect(item.authors == ["Grace Hopper"])
        #expect(item.updated == Fixture.utc(2021, 9, 19, 10, 30, 15))
    }

    @Test(arguments: [
        ("{\"title\": \"not a feed\"}", "not a feed: a JSON document, not RSS, Atom or JSON Feed (no jsonfeed.org version)"),
        ("{\"version\": \"https://jsonfeed.org/version/1\", ", "not a feed: a JSON document that does not parse"),
    ])
    func otherJSONIsNotAFeed(text: String, message: String) {
        #expect {
            try FeedParser().parse(Data(text.utf8))
        } throws: { error in
            (error as? FeedError)?.description.hasPrefix(message) == true
        }
    }

    /// The reader builds one item at a time: escapes, surrogate pairs, numeric ids, members in any
    /// order (items before the version and the base), unknown members skipped unread.
    @Test func itemsAreReadOneByOneWithTheFeedMembersFromAnywhere() throws {
        let text = #"""
            {"items": [{"id": 1e3, "url": "/a", "title": "Caf\u00e9 \ud83d\ude00 \"q\" \\ \/", "tags": ["x", 2, "y"]},
                       "junk", {"id": 7, "title": "Two", "extra": {"deep": [[[{"a": null}]]]}}],
             "_ext": {"skipped": [true, false, null, -1.5e-3, "\u0041"]},
             "home_page_url": "https://wire.example/", "version": "https://jsonfeed.org/version/1.1", "title": "W"}
            """#
        var seen: [String?] = []
        let feed = try FeedParser().parse(Data(text.utf8), url: nil, contentType: nil) { seen.append($0.title) }
        #expect(seen == ["Café 😀 \"q\" \\ /", "Two"])
        #expect(feed.items.isEmpty)
        #expect(feed.warnings == ["item 1: \"tags\" element 2 is a number, not a string; left out", "item 2: not an object"])
        let whole = try FeedParser().parse(Data(text.utf8))
        #expect(whole.items.map(\.guid) == ["1000", "7"])
        #expect(whole.items.first?.link == "https://wire.example/a")
        #expect(whole.items.first?.categories == ["x", "y"])
    }

    @Test(arguments: [
        ("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": []} x", "data after the JSON object at byte 59"),
        ("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"title\": \"a\tb\"}]}",
         "unescaped control character in a string at byte 68"),
        // Nested deeper than the reader builds and cut off: broken JSON, whatever the depth.
        ("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [" + String(repeating: "[", count: 600),
         "unexpected end of data at byte 656"),
    ])
    func brokenJSONNamesWhereItBroke(text: String, reason: String) {
        #expect(throws: FeedError.notAFeed("a JSON document that does not parse (\(reason))")) { try FeedParser().parse(Data(text.utf8)) }
    }

    /// An item nested deeper than the reader builds (512, the root being 0) costs that item
    /// alone, as an XML feed's deep elements cost only themselves: the items before and after it
    /// are read, and a warning names the item and how deep it nests (it failed the whole feed).
    @Test func anItemNestedTooDeepIsLeftOutAndTheOthersAreRead() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let text = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Gazette", "items": [
              {"id": "1", "title": "Harbour bridge reopens after repairs"},
              {"id": "2", "title": "Deep", "_nested": \(deep)},
              {"id": "3", "title": "Ferry timetable changes on Monday"}]}
            """
        let warning = "item 2: arrays and objects nested 10002 deep, deeper than 512; the item was left out"
        for detail in [false, true] {
            let feed = try FeedParser(options: .init(detail: detail)).parse(Data(text.utf8))
            #expect(feed.title == "Harbour Gazette")
            #expect(feed.items.map(\.title) == ["Harbour bridge reopens after repairs", "Ferry timetable changes on Monday"])
            #expect(feed.items.map(\.guid) == ["1", "3"])
            #expect(feed.warnings == [warning])
            #expect(feed.leftOut == warning)
            #expect(!feed.isTruncated)
            if detail { #expect(feed.detail?.problem == warning) }
        }
        var streamed: [String?] = []
        let feed = try FeedParser().parse(Data(text.utf8), url: nil, contentType: nil) { streamed.append($0.title) }
        #expect(streamed == ["Harbour bridge reopens after repairs", "Ferry timetable changes on Monday"])
        #expect(feed.warnings == [warning])
    }

    /// A feed member nested too deep is ignored with a warning; the items are read.
    @Test func aFeedMemberNestedTooDeepIsIgnored() throws {
        let text = "{\"version\": \"https://jsonfeed.org/version/1\", \"authors\": " + String(repeating: "[", count: 600)
            + String(repeating: "]", count: 600) + ", \"items\": [{\"id\": \"1\", \"title\": \"Kept\"}]}"
        let feed = try FeedParser().parse(Data(text.utf8))
        #expect(feed.items.map(\.title) == ["Kept"])
        #expect(feed.warnings == ["feed: \"authors\" has arrays and objects nested 600 deep, deeper than 512; ignored"])
    }
}
