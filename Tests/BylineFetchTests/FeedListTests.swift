import BylineFetch
import BylineTestSupport
import Foundation
import Testing

@Suite struct FeedListTests {
    static let shippedPath = SharedData.packageRoot.appendingPathComponent("Feeds/outlets.toml").path

    /// The 20 outlets of the shared corpus headlines-2021-09.
    static let corpusOutlets = [
        "abscbnnews", "aljazeeraenglish", "bbc", "cnn", "cnntv", "dailymail", "dailytelegraph", "fox",
        "foxnewstv", "gmanews", "latimes", "nytimes", "nzherald", "philstar", "rnz", "smh", "straittimes",
        "stuffnz", "wsj", "onenewsnz",
    ]

    /// The US politics desk added for the seed story (issue 13), with their feeds.
    static let usPoliticsDesk: [(id: String, name: String, feed: String)] = [
        ("abcnews", "ABC News", "https://abcnews.go.com/abcnews/topstories"),
        ("nbcnews", "NBC News", "https://feeds.nbcnews.com/nbcnews/public/news"),
        ("cbsnews", "CBS News", "https://www.cbsnews.com/latest/rss/main"),
        ("politico", "Politico", "https://rss.politico.com/politics-news.xml"),
        ("washingtonpost", "The Washington Post", "https://feeds.washingtonpost.com/rss/politics"),
        ("usatoday", "USA Today", "https://rssfeeds.usatoday.com/usatoday-NewsTopStories"),
        ("axios", "Axios", "https://api.axios.com/feed/"),
        ("thehill", "The Hill", "https://thehill.com/news/feed/"),
    ]

    @Test func shippedListLoads() throws {
        let list = try FeedList.load(contentsOf: Self.shippedPath)
        // The 20 corpus outlets, 10 further ones, and the 8 of the US politics desk.
        #expect(list.outlets.count == 38)
        #expect(Set(list.outlets.map(\.id)).count == list.outlets.count)
        #expect(Array(list.outlets.map(\.id).suffix(8)) == Self.usPoliticsDesk.map(\.id))
        for (id, name, feed) in Self.usPoliticsDesk {
            let outlet = try #require(list.outlets.first { $0.id == id })
            #expect(outlet.name == name)
            #expect(outlet.feeds == [FeedConfig(url: feed)])
            #expect(outlet.country == "US")
        }
        #expect(list.outlets.first { $0.id == "nytimes" }?.aliases == ["NYT"])
        #expect(list.outlets.first { $0.id == "nbcnews" }?.aliases == ["NBC"])
        #expect(list.outlets.first { $0.id == "npr" }?.name == "NPR")
        // The YouTube channels of three newsrooms whose sites are followed too.
        #expect(list.outlets.filter { $0.organisation != nil }.map { "\($0.id) \($0.organisation ?? "")" }
                == ["aljazeeraenglish aljazeera", "cnntv cnn", "foxnewstv fox"])
        #expect(list.defaultIntervalSeconds == 900)
        let ids = Set(list.outlets.map(\.id))
        #expect(Self.corpusOutlets.filter { !ids.contains($0) } == [])
        let bbc = try #require(list.outlets.first { $0.id == "bbc" })
        #expect(
            bbc
                == OutletConfig(
                    id: "bbc", name: "BBC News", homepage: "https://www.bbc.co.uk/news", country: "GB",
                    language: "en", feeds: [FeedConfig(url: "https://feeds.bbci.co.uk/news/rss.xml?edition=uk")]))
        let cnntv = try #require(list.outlets.first { $0.id == "cnntv" })
        #expect(
            cnntv.feeds == [
                FeedConfig(
                    url: "https://www.youtube.com/feeds/videos.xml?channel_id=UCupvZG-5ko_eiXAupbDfxWw",
                    intervalSeconds: 1800)
            ])
        #expect(Set(list.outlets.compactMap(\.country)).isSuperset(of: ["US", "GB", "AU", "NZ", "PH", "SG", "CA", "IN", "QA", "FR", "DE"]))
        #expect(list.outlets.allSatisfy { $0.country != nil && $0.language != nil && $0.homepage != nil })
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func shippedListMatchesCorpusFeeds() throws {
        let data = try Data(contentsOf: SharedData.corpus.appendingPathComponent("news.json.feed-urls"))
        let corpus = try JSONDecoder().decode([String: String].self, from: data)
        let list = try FeedList.load(contentsOf: Self.shippedPath)
        for id in Self.corpusOutlets {
            let outlet = try #require(list.outlets.first { $0.id == id }, "outlet \(id)")
            let expected = try #require(corpus[id], "corpus URL of \(id)")
            // The list may upgrade http to https; the rest of the URL is the corpus's.
            let url = try #require(outlet.feeds.first?.url)
            #expect(url == expected || url == "https://" + expected.dropFirst("http://".count), "outlet \(id)")
        }
    }

    @Test func bothFeedFormsParse() throws {
        let toml = """
            default_interval = 600

            [[outlet]]
            id = "wire.one"
            name = "Wire One"
            feeds = ["https://one.example/rss", { url = "http://one.example/atom", interval = 120 }]

            [[outlet]]
            id = "wire-2"
            name = "Wire Two"
            country = "NZ"

            [[outlet.feed]]
            url = "https://two.example/feed"
            interval = 3600

            [[outlet.feed]]
            url = "https://two.example/world"
            """
        let list = try FeedList.parse(toml: toml, path: "test.toml")
        #expect(list.defaultIntervalSeconds == 600)
        #expect(list.intervalSeconds(of: FeedConfig(url: "https://one.example/rss")) == 600)
        #expect(list.intervalSeconds(of: FeedConfig(url: "http://one.example/atom", intervalSeconds: 120)) == 120)
        #expect(
            list.outlets == [
                OutletConfig(
                    id: "wire.one", name: "Wire One",
                    feeds: [
                        FeedConfig(url: "https://one.example/rss"),
                        FeedConfig(url: "http://one.example/atom", intervalSeconds: 120),
                    ]),
                OutletConfig(
                    id: "wire-2", name: "Wire Two", country: "NZ",
                    feeds: [
                        FeedConfig(url: "https://two.example/feed", intervalSeconds: 3600),
                        FeedConfig(url: "https://two.example/world"),
                    ]),
            ])
    }

    @Test func aliasesParseInTheOrderWritten() throws {
        let toml = """
            [[outlet]]
            id = "nytimes"
            name = "The New York Times"
            aliases = ["NYT", " New York Times "]
            feeds = ["https://rss.nytimes.com/services/xml/rss/nyt/US.xml"]

            [[outlet]]
            id = "cnn"
            name = "CNN"
            feeds = ["http://rss.cnn.com/rss/edition.rss"]
            """
        let list = try FeedList.parse(toml: toml, path: "test.toml")
        #expect(list.outlets.map(\.aliases) == [["NYT", "New York Times"], []])
    }

    @Test func defaultIntervalIs900WhenAbsent() throws {
        let list = try FeedList.parse(toml: "[[outlet]]\nid = \"a\"\nname = \"A\"\nfeeds = [\"https://a.example/rss\"]\n", path: "t.toml")
        #expect(list.defaultIntervalSeconds == 900)
    }

    @Test func brokenTOMLNamesTheLine() throws {
        let toml = """
            [[outlet]]
            id = "bbc"
            name = "BBC News
            feeds = ["https://feeds.bbci.co.uk/news/rss.xml"]
            """
        let error = try #require(throws: ConfigError.self) { try FeedList.parse(toml: toml, path: "Feeds/broken.toml") }
        #expect(error.path == "Feeds/broken.toml")
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("Feeds/broken.toml:3:"))
    }

    static let invalid: [(toml: String, description: String)] = [
        (
            "[[outlet]]\nid = \"bbc\"\nname = \"BBC\"\n\nfeeds = [\n  { interval = 60 },\n]\n",
            "test.toml:5: outlet 'bbc': feeds[0].url is missing"
        ),
        (
            "[[outlet]]\nid = \"bbc\"\nfeeds = [\"https://a.example/rss\"]\n",
            "test.toml:1: outlet 'bbc': name is missing"
        ),
        (
            "[[outlet]]\nname = \"BBC\"\nfeeds = [\"https://a.example/rss\"]\n",
            "test.toml:1: outlet[0]: id is missing"
        ),
        (
            "[[outlet]]\nid = \"bbc\"\nname = \"BBC\"\n",
            #"test.toml:1: outlet 'bbc': has no feeds (give feeds = ["https://..."])"#
        ),
        (
            "[[outlet]]\nid = \"BBC News\"\nname = \"BBC\"\nfeeds = [\"https://a.example/rss\"]\n",
            "test.toml:2: outlet[0]: id 'BBC News' must match [a-z0-9_.-]+"
        ),
        (
            "[[outlet]]\nid = \"a\"\nname = \"A\"\nfeeds = [\"https://a.example/rss\"]\n\n[[outlet]]\nid = \"a\"\nname = \"A2\"\nfeeds = [\"https://b.example/rss\"]\n",
            "test.toml:7: outlet 'a': id is already used by outlet[0]"
        ),
        (
            "[[outlet]]\nid = \"a\"\nname = \"A\"\nfeeds = [\"ftp://a.example/rss\"]\n",
            "test.toml:4: outlet 'a': feeds[0] 'ftp://a.example/rss' is not an http(s) URL"
        ),
        (
            "[[outlet]]\nid = \"a\"\nname = \"A\"\n\n[[outlet.feed]]\nurl = \"https://a.example/rss\"\n\n[[outlet.feed]]\ninterval = 60\n",
            "test.toml:8: outlet 'a': feed[1].url is missing"
        ),
        (
            "[[outlet]]\nid = \"a\"\nname = \"A\"\n\n[[outlet.feed]]\nurl = \"https://a.example/rss\"\ninterval = 0\n",
            "test.toml:7: outlet 'a': feed[0].interval must be positive, not 0"
        ),
        (
            "[[outlet]]\nid = \"a\"\nname = \"A\"\nfeed_url = \"https://a.example/rss\"\nfeeds = [\"https://a.example/rss\"]\n",
            "test.toml:4: outlet 'a': unknown key 'feed_url'"
        ),
        (
            "default_interval = \"15m\"\n[[outlet]]\nid = \"a\"\nname = \"A\"\nfeeds = [\"https://a.example/rss\"]\n",
            "test.toml:1: default_interval must be a whole number of seconds"
        ),
        ("# nothing here\n", "test.toml: no [[outlet]] tables"),
        (
            "[[outlet]]\nid = \"nytimes\"\nname = \"The New York Times\"\naliases = \"NYT\"\nfeeds = [\"https://a.example/rss\"]\n",
            #"test.toml:4: outlet 'nytimes': aliases must be an array of names (aliases = ["NYT"])"#
        ),
        (
            "[[outlet]]\nid = \"nytimes\"\nname = \"The New York Times\"\naliases = [\"NYT\", 7]\nfeeds = [\"https://a.example/rss\"]\n",
            "test.toml:4: outlet 'nytimes': aliases[1] must be a string"
        ),
        (
            "[[outlet]]\nid = \"nytimes\"\nname = \"The New York Times\"\nfeeds = [\"https://a.example/rss\"]\naliases = [\"NYT\", \" - \"]\n",
            "test.toml:5: outlet 'nytimes': aliases[1] ' - ' has no letter or digit"
        ),
        (
            // "The Times" and "Times" are one key, so the alias would name both outlets.
            "[[outlet]]\nid = \"thetimes\"\nname = \"The Times\"\nfeeds = [\"https://a.example/rss\"]\n\n"
                + "[[outlet]]\nid = \"nytimes\"\nname = \"The New York Times\"\naliases = [\"NYT\", \"Times\"]\nfeeds = [\"https://b.example/rss\"]\n",
            "test.toml:9: outlet 'nytimes': alias 'Times' also names outlet 'thetimes' (by its id, name or an alias)"
        ),
        (
            "[[outlet]]\nid = \"abcnews-au\"\nname = \"ABC News (Australia)\"\naliases = [\"ABC\"]\nfeeds = [\"https://a.example/rss\"]\n\n"
                + "[[outlet]]\nid = \"abcnews\"\nname = \"ABC News\"\naliases = [\"abc\"]\nfeeds = [\"https://b.example/rss\"]\n",
            "test.toml:4: outlet 'abcnews-au': alias 'ABC' also names outlet 'abcnews' (by its id, name or an alias)"
        ),
        (
            // One feed under two outlets: it is stored under one, so the other would never get an item.
            "[[outlet]]\nid = \"a\"\nname = \"A\"\nfeeds = [\"https://x.example/rss\"]\n\n"
                + "[[outlet]]\nid = \"b\"\nname = \"B\"\nfeeds = [\"https://y.example/rss\", \"https://x.example/rss\"]\n",
            "test.toml:9: feed 'https://x.example/rss' is listed under outlet 'a' and outlet 'b'; a feed belongs to one outlet"
        ),
        (
            // The same as a feed table of the second outlet.
            "[[outlet]]\nid = \"a\"\nname = \"A\"\nfeeds = [\"https://x.example/rss\"]\n\n"
                + "[[outlet]]\nid = \"b\"\nname = \"B\"\n\n[[outlet.feed]]\nurl = \"https://x.example/rss\"\ninterval = 600\n",
            "test.toml:11: feed 'https://x.example/rss' is listed under outlet 'a' and outlet 'b'; a feed belongs to one outlet"
        ),
        (
            "[[outlet]]\nid = \"cnntv\"\nname = \"CNN (YouTube)\"\norganisation = \"CNN News\"\nfeeds = [\"https://a.example/rss\"]\n",
            #"test.toml:4: outlet 'cnntv': organisation 'CNN News' must match [a-z0-9_.-]+ (an outlet id such as "cnn")"#
        ),
        (
            // cnntv means CNN's organisation, which `cnn` says is another one.
            "[[outlet]]\nid = \"cnn\"\nname = \"CNN\"\norganisation = \"wbd\"\nfeeds = [\"https://a.example/rss\"]\n\n"
                + "[[outlet]]\nid = \"cnntv\"\nname = \"CNN (YouTube)\"\norganisation = \"cnn\"\nfeeds = [\"https://b.example/rss\"]\n",
            "test.toml:10: outlet 'cnntv': organisation 'cnn' is outlet 'cnn', which is of organisation 'wbd'; give 'wbd' here too"
        ),
    ]

    /// `organisation` ties outlets of one newsroom: read as written, nil when absent.
    @Test func organisationIsReadAsWritten() throws {
        let list = try FeedList.parse(toml: OutletLists.cnnAndItsYouTubeChannel, path: "test.toml")
        #expect(list.outlets.map(\.organisation) == [nil, "cnn"])
    }

    @Test(arguments: invalid)
    func invalidListNamesOutletKeyAndLine(toml: String, description: String) throws {
        let error = try #require(throws: ConfigError.self) { try FeedList.parse(toml: toml, path: "test.toml") }
        #expect(error.description == description)
    }

    @Test func missingFileIsNamed() throws {
        let error = try #require(throws: ConfigError.self) {
            try FeedList.load(contentsOf: "/nonexistent/outlets.toml")
        }
        #expect(error.description == "/nonexistent/outlets.toml: no such file")
    }
}
