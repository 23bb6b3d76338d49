import BylineFetch
import BylineTestSupport
import Foundation
import Testing

@Suite struct OPMLTests {
    /// A feed reader's export: a folder of two outlets, one outlet of two feeds, and a feed at the
    /// top level named by its own text.
    static let readerExport = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="1.0">
          <head><title>My subscriptions</title></head>
          <body>
            <outline text="BBC News" htmlUrl="https://www.bbc.co.uk/news">
              <outline type="rss" text="Top stories" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/>
              <outline type="rss" text="World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>
            </outline>
            <outline type="rss" text="Radio New Zealand" xmlUrl="https://www.rnz.co.nz/rss/national.xml" language="en"/>
            <outline text="Le Monde &amp; Co." byline:interval="600">
              <outline type="rss" text="Une" xmlUrl="https://www.lemonde.fr/rss/une.xml" byline:interval="1200"/>
            </outline>
          </body>
        </opml>
        """

    @Test func outlinesWithXmlUrlAreFeedsOfTheirParentOutlet() throws {
        let list = try FeedList.parse(opml: Data(Self.readerExport.utf8), path: "subs.opml")
        #expect(list.outlets == [
            OutletConfig(id: "bbc-news", name: "BBC News", homepage: "https://www.bbc.co.uk/news", feeds: [
                FeedConfig(url: "https://feeds.bbci.co.uk/news/rss.xml"),
                FeedConfig(url: "https://feeds.bbci.co.uk/news/world/rss.xml"),
            ]),
            OutletConfig(id: "radio-new-zealand", name: "Radio New Zealand", language: "en",
                         feeds: [FeedConfig(url: "https://www.rnz.co.nz/rss/national.xml")]),
            OutletConfig(id: "le-monde-co.", name: "Le Monde & Co.",
                         feeds: [FeedConfig(url: "https://www.lemonde.fr/rss/une.xml", intervalSeconds: 1200)]),
        ])
        #expect(list.defaultIntervalSeconds == 900)
    }

    /// Which outline names a feed's outlet: the parent when it says it is an outlet's (a
    /// `byline:` attribute, an `htmlUrl`, or feeds without names of their own), else each feed
    /// its own (a folder, as feed readers write categories), at any depth of folders.
    @Test(arguments: [
        // A reader's folder of two named feeds: two outlets, one warning.
        (#"<outline text="Tech"><outline type="rss" text="Ars Technica" xmlUrl="https://feeds.arstechnica.com/arstechnica/index"/>"#
            + #"<outline type="rss" text="The Verge" xmlUrl="https://www.theverge.com/rss/index.xml"/></outline>"#,
         ["ars-technica: https://feeds.arstechnica.com/arstechnica/index", "the-verge: https://www.theverge.com/rss/index.xml"], 1),
        // Folders in folders: only the one around the feeds is read, as a folder.
        (#"<outline text="News"><outline text="World"><outline type="rss" text="BBC World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>"#
            + #"<outline type="rss" text="Al Jazeera" xmlUrl="https://www.aljazeera.com/xml/rss/all.xml"/></outline></outline>"#,
         ["bbc-world: https://feeds.bbci.co.uk/news/world/rss.xml", "al-jazeera: https://www.aljazeera.com/xml/rss/all.xml"], 1),
        // A folder of one named feed: its outlet, nothing split, no warning.
        (#"<outline text="Tech"><outline type="rss" text="Ars Technica" xmlUrl="https://feeds.arstechnica.com/arstechnica/index"/></outline>"#,
         ["ars-technica: https://feeds.arstechnica.com/arstechnica/index"], 0),
        // The parent gives the site's address: one outlet of sections.
        (#"<outline text="BBC News" htmlUrl="https://www.bbc.co.uk/news"><outline type="rss" text="Top stories" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/>"#
            + #"<outline type="rss" text="World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/></outline>"#,
         ["bbc-news: https://feeds.bbci.co.uk/news/rss.xml https://feeds.bbci.co.uk/news/world/rss.xml"], 0),
        // A byline: attribute says Byline (or a user who knows it) made the outline an outlet.
        (#"<outline text="BBC News" byline:id="bbc"><outline type="rss" text="Top stories" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/>"#
            + #"<outline type="rss" text="World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/></outline>"#,
         ["bbc: https://feeds.bbci.co.uk/news/rss.xml https://feeds.bbci.co.uk/news/world/rss.xml"], 0),
        // Feeds without names, or named as their parent (as Byline's export names them): one outlet.
        (#"<outline text="BBC News"><outline type="rss" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/>"#
            + #"<outline type="rss" text="BBC News" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/></outline>"#,
         ["bbc-news: https://feeds.bbci.co.uk/news/rss.xml https://feeds.bbci.co.uk/news/world/rss.xml"], 0),
        // In a folder, a feed without a name is still the folder's.
        (#"<outline text="News"><outline type="rss" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/>"#
            + #"<outline type="rss" text="Al Jazeera" xmlUrl="https://www.aljazeera.com/xml/rss/all.xml"/></outline>"#,
         ["news: https://feeds.bbci.co.uk/news/rss.xml", "al-jazeera: https://www.aljazeera.com/xml/rss/all.xml"], 1),
    ])
    func whichOutlineNamesTheOutlet(body: String, outlets: [String], warnings: Int) throws {
        let opml = #"<opml version="2.0" xmlns:byline="https://github.com/byline-news/byline"><body>"# + body + "</body></opml>"
        let list = try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
        #expect(list.outlets.map { "\($0.id): " + $0.feeds.map(\.url).joined(separator: " ") } == outlets)
        #expect(list.warnings.count == warnings)
    }

    @Test func theShippedListRoundTripsThroughOPML() throws {
        let toml = try FeedList.load(contentsOf: FeedListTests.shippedPath)
        let text = toml.opml(title: "Byline feeds")
        let back = try FeedList.parse(opml: Data(text.utf8), path: "export.opml")
        #expect(back.outlets == toml.outlets)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\""))
    }

    /// A default interval other than 900 s is written in `<head>` and read back; a feed with
    /// its own interval keeps it.
    @Test func theDefaultIntervalRoundTrips() throws {
        let list = FeedList(outlets: [OutletConfig(id: "bbc", name: "BBC News", feeds: [
            FeedConfig(url: "https://feeds.bbci.co.uk/news/rss.xml"),
            FeedConfig(url: "https://feeds.bbci.co.uk/news/world/rss.xml", intervalSeconds: 600),
        ])], defaultIntervalSeconds: 60)
        let text = list.opml(title: "Byline feeds")
        #expect(text.contains("  <head>\n    <title>Byline feeds</title>\n    <byline:defaultInterval>60</byline:defaultInterval>\n  </head>\n"))
        let back = try FeedList.parse(opml: Data(text.utf8), path: "export.opml")
        #expect(back.outlets == list.outlets)
        #expect(back.defaultIntervalSeconds == 60)
        #expect(back.outlets[0].feeds.map { back.intervalSeconds(of: $0) } == [60, 600])
        #expect(!FeedList(outlets: list.outlets).opml(title: "Byline feeds").contains("defaultInterval"))
    }

    @Test(arguments: ["0", "-5", "1.5", "soon", ""])
    func aDefaultIntervalThatIsNotPositiveSecondsIsAnError(value: String) throws {
        let opml = """
            <opml version="2.0" xmlns:byline="https://github.com/byline-news/byline">
            <head><title>T</title>
            <byline:defaultInterval>\(value)</byline:defaultInterval></head><body>
            <outline text="BBC" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml"/>
            </body></opml>
            """
        #expect(throws: ConfigError(path: "x.opml", line: 3, message: "byline:defaultInterval '\(value)' is not a positive whole number of seconds")) {
            try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
        }
    }

    @Test func aliasesAreReadFromBylineAliases() throws {
        let opml = """
            <opml version="2.0" xmlns:byline="https://github.com/byline-news/byline"><body>
            <outline text="The New York Times" byline:id="nytimes" byline:aliases="NYT | Gray Lady">
            <outline type="rss" xmlUrl="https://rss.nytimes.com/services/xml/rss/nyt/US.xml"/></outline>
            </body></opml>
            """
        let list = try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
        #expect(list.outlets.map(\.aliases) == [["NYT", "Gray Lady"]])
    }

    @Test func organisationIsReadFromBylineOrganisation() throws {
        let opml = """
            <opml version="2.0" xmlns:byline="https://github.com/byline-news/byline"><body>
            <outline text="CNN (YouTube)" byline:id="cnntv" byline:organisation="cnn">
            <outline type="rss" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=UCupvZG-5ko_eiXAupbDfxWw"/></outline>
            </body></opml>
            """
        let list = try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
        #expect(list.outlets.map(\.organisation) == ["cnn"])
        #expect(list.opml(title: "T").contains(#"byline:organisation="cnn">"#))
    }

    /// A control character in an outlet name (XML 1.0 cannot carry it) is written as U+FFFD, so
    /// the export reads back; tab, line breaks and markup characters survive as references.
    @Test func controlCharactersInNamesStillReadBack() throws {
        let list = FeedList(outlets: [OutletConfig(id: "wire", name: "Wire\u{1}\u{7}<&>\"\tTwo\r\nLines",
                                                   feeds: [FeedConfig(url: "https://wire.example/feed?a=1&b=2")])])
        let text = list.opml(title: "T\u{1B}")
        #expect(text.contains(#"text="Wire\#u{FFFD}\#u{FFFD}&lt;&amp;&gt;&quot;&#9;Two&#13;&#10;Lines""#))
        let back = try FeedList.parse(opml: Data(text.utf8), path: "export.opml")
        #expect(back.outlets.map(\.name) == ["Wire\u{FFFD}\u{FFFD}<&>\"\tTwo\r\nLines"])
        #expect(back.outlets.first?.feeds.map(\.url) == ["https://wire.example/feed?a=1&b=2"])
    }

    @Test func aFileNamedOpmlLoadsAsOPML() throws {
        let path = TestFolders.root.appendingPathComponent("byline-\(UUID().uuidString).opml").path
        try Data(Self.readerExport.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FeedList.load(contentsOf: path).outlets.map(\.id) == ["bbc-news", "radio-new-zealand", "le-monde-co."])
    }

    @Test(arguments: [
        ("<opml><body>\n<outline text=\"A\">\n<outline xmlUrl=\"ftp://a.example/feed\"/></outline></body></opml>",
         "x.opml:3: outline 'A': xmlUrl 'ftp://a.example/feed' is not an absolute http(s) URL"),
        ("<opml><body>\n\n<outline xmlUrl=\"https://a.example/feed\"/></body></opml>",
         "x.opml:3: outline with xmlUrl 'https://a.example/feed': no text or title names its outlet"),
        ("<opml><body><outline text=\"A\"/></body></opml>", "x.opml: no outline with an xmlUrl (no feeds)"),
        ("<rss><channel/></rss>", "x.opml:1: not OPML (no <opml> root element)"),
        ("<opml><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/f\" byline:interval=\"-5\"/></body></opml>",
         "x.opml:2: outline 'A': byline:interval '-5' is not a positive whole number of seconds"),
        ("<opml><body>\n<outline text=\"The New York Times\" byline:id=\"nytimes\" byline:aliases=\"NYT|--\">\n<outline xmlUrl=\"https://a.example/f\"/></outline></body></opml>",
         "x.opml:2: outline 'The New York Times': byline:aliases '--' has no letter or digit"),
        ("<opml><body>\n<outline text=\"CNN\" xmlUrl=\"https://a.example/cnn\"/>\n<outline text=\"CNN International\" byline:aliases=\"CNN\" xmlUrl=\"https://a.example/cnni\"/></body></opml>",
         "x.opml:3: outlet 'cnn-international': alias 'CNN' also names outlet 'cnn' (by its id, name or an alias)"),
        ("<opml><body>\n<outline text=\"CNN\" xmlUrl=\"https://a.example/news\"/>\n<outline text=\"CNN International\" xmlUrl=\"https://a.example/news\"/></body></opml>",
         "x.opml:3: feed 'https://a.example/news' is listed under outlet 'cnn' and outlet 'cnn-international'; a feed belongs to one outlet"),
    ])
    func errorsNameTheLine(opml: String, description: String) {
        #expect(throws: ConfigError.self) { try FeedList.parse(opml: Data(opml.utf8), path: "x.opml") }
        do {
            _ = try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
        } catch {
            #expect(error.description == description)
        }
    }

    /// OPML that is not well-formed XML: the line and column of the first error and a plain
    /// reason, as the TOML errors give them (it said "OPML is not well-formed XML (XMLParser
    /// error 5)", with the line of the parser's last error).
    @Test(arguments: [
        // A file cut off inside a tag (a fresh user's broken.opml).
        ("<opml version=\"2.0\"><body><outline text=\"x\"",
         "x.opml:1:44: OPML is not well-formed XML: the file ends inside a tag or before every element is closed (cut off? a missing '>', quote or closing tag such as </opml>)"),
        ("<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"http://x/a\"/>\n</body>\n",
         "x.opml:4:8: OPML is not well-formed XML: the file ends inside a tag or before every element is closed (cut off? a missing '>', quote or closing tag such as </opml>)"),
        ("<opml><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/f\"/>\n<outline text=\"B\" & /></body></opml>",
         "x.opml:3:19: OPML is not well-formed XML: a '&' or '<' that starts no name (write a bare & as &amp; and < as &lt;)"),
        ("<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"http://x/a?b=1&c=2\"/>\n</body></opml>\n",
         "x.opml:3:43: OPML is not well-formed XML: an entity reference (&name) without its ';' (write a bare & as &amp;)"),
        ("<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"http://x/a\">\n</body></opml>\n",
         "x.opml:4:8: OPML is not well-formed XML: a closing tag that does not match the element it closes"),
        ("<opml version=\"2.0\">\n<body>\n<outline text=a xmlUrl=\"http://x/a\"/>\n</body></opml>\n",
         "x.opml:3:15: OPML is not well-formed XML: an attribute value not in quotes (write name=\"value\")"),
        ("<opml version=\"2.0\">\n<body>\n<outline text=\"Caf&eacute;\" xmlUrl=\"http://x/a\"/>\n</body></opml>\n",
         "x.opml:3:27: OPML is not well-formed XML: an undefined entity (&name;); XML knows only &amp; &lt; &gt; &quot; &apos; and &#...;"),
        ("<opml version=\"2.0\"><body/></opml><opml/>",
         "x.opml:1:35: OPML is not well-formed XML: more content after the root element (one <opml> element holds everything)"),
    ])
    func brokenXMLNamesTheLineColumnAndReason(_ opml: String, _ description: String) {
        do {
            _ = try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
            Issue.record("no error")
        } catch {
            #expect(error.description == description)
        }
    }
}
