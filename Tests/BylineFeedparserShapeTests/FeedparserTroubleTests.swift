import BylineFeed
import BylineFeedparserShape
import Foundation
import Testing

/// The kinds of trouble issue 3 lists (items 2 and 5), each through the feedparser-shaped
/// output (`byline parse --format feedparser`) over a fixture written for it, asserting exact
/// values.
@Suite struct FeedparserTroubleTests {
    /// `FeedparserJSON.render` of a fixture, decoded.
    static func render(_ name: String, headers: [(String, String)] = [], url: String? = nil,
                       options: FeedParser.Options = .init()) throws -> [String: Any] {
        try decode(FeedparserJSON.render(ShapeFixture.data(name), headers: headers, url: url, options: options))
    }

    static func render(bytes: Data, options: FeedParser.Options = .init()) throws -> [String: Any] {
        try decode(FeedparserJSON.render(bytes, options: options))
    }

    static func decode(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func entries(_ result: [String: Any]) throws -> [[String: Any]] {
        try #require(result["entries"] as? [[String: Any]])
    }

    static func feed(_ result: [String: Any]) throws -> [String: Any] {
        try #require(result["feed"] as? [String: Any])
    }

    static func detail(_ object: [String: Any], _ key: String) throws -> [String: Any] {
        try #require(object[key] as? [String: Any], "no \(key)")
    }

    // MARK: Relative URIs

    @Test func xmlBaseResolvesLinksAndHTMLContent() throws {
        let result = try Self.render("fp-relative-uris.xml", url: "http://ignored.example/feed.xml")
        #expect(try Self.feed(result)["link"] as? String == "http://base.example/news/index.html")
        let entries = try Self.entries(result)
        #expect(entries.map { $0["link"] as? String } == [
            "http://base.example/news/2021/first.html", "http://base.example/news/second.html",
        ])
        let content = try #require((entries[0]["content"] as? [[String: Any]])?.first)
        #expect(content["base"] as? String == "http://base.example/news/2021/")
        #expect(content["value"] as? String
            == #"<p><a href="http://base.example/news/about.html">About</a> <img src="http://base.example/img/x.png" /></p>"#)
    }

    @Test func documentURLIsTheBase() throws {
        let result = try Self.render("fp-relative-noxmlbase.xml", url: "http://doc.example/feeds/main.xml")
        #expect(try Self.feed(result)["link"] as? String == "http://doc.example/home")
        let entry = try #require(try Self.entries(result).first)
        #expect(entry["link"] as? String == "http://doc.example/feeds/story/1")
        #expect(entry["summary"] as? String == #"<a href="http://doc.example/feeds/pic/2.jpg">pic</a>"#)
        #expect(try Self.detail(entry, "summary_detail")["base"] as? String == "http://doc.example/feeds/main.xml")
    }

    @Test func contentLocationOverridesTheDocumentURL() throws {
        let result = try Self.render(
            "fp-relative-noxmlbase.xml", headers: [("Content-Location", "http://cdn.example/mirror/feed.xml")],
            url: "http://doc.example/feeds/main.xml")
        #expect(try Self.feed(result)["link"] as? String == "http://cdn.example/home")
        let entry = try #require(try Self.entries(result).first)
        #expect(entry["link"] as? String == "http://cdn.example/mirror/story/1")
        #expect(entry["summary"] as? String == #"<a href="http://cdn.example/mirror/pic/2.jpg">pic</a>"#)
    }

    @Test func withoutABaseRelativeLinksStayRelative() throws {
        let entry = try #require(try Self.entries(Self.render("fp-relative-noxmlbase.xml")).first)
        #expect(entry["link"] as? String == "story/1")
    }

    // MARK: Language

    @Test func xmlLangIsInheritedAndOverridden() throws {
        let result = try Self.render("fp-language.xml")
        let feed = try Self.feed(result)
        #expect(feed["language"] as? String == "fr-CA")
        let entries = try Self.entries(result)
        #expect(try Self.detail(entries[0], "title_detail")["language"] as? String == "fr-CA")
        #expect(try Self.detail(entries[1], "title_detail")["language"] as? String == "en")
        #expect(try Self.detail(entries[1], "summary_detail")["language"] as? String == "de")
    }

    @Test func httpContentLanguageIsTheDefault() throws {
        let result = try Self.render("fp-language-http.xml", headers: [("Content-Language", "es-MX")])
        #expect(try Self.feed(result)["language"] as? String == "es-MX")
        let entry = try #require(try Self.entries(result).first)
        #expect(try Self.detail(entry, "title_detail")["language"] as? String == "es-MX")
        let without = try #require(try Self.entries(Self.render("fp-language-http.xml")).first)
        #expect(try Self.detail(without, "title_detail")["language"] is NSNull)
    }

    // MARK: Content types

    @Test func atomTextHTMLAndXHTML() throws {
        let entries = try Self.entries(Self.render("fp-content-types.xml"))
        #expect(entries.map { $0["title"] as? String } == ["Less <b> than", "Bold <b>move</b>", "X <i>title</i>"])
        #expect(try entries.map { try Self.detail($0, "title_detail")["type"] as? String }
            == ["text/plain", "text/html", "application/xhtml+xml"])
        let contents = entries.map { ($0["content"] as? [[String: Any]])?.first?["value"] as? String }
        // Scripts and event handlers are sanitized away from HTML content.
        #expect(contents == ["Plain <em>text</em>", "<p>Hi</p>", "<p>Inline <b>XHTML</b></p>"])
    }

    @Test func escapedAndCDATAMarkupInRSS() throws {
        let entries = try Self.entries(Self.render("fp-content-escaped.xml"))
        #expect(entries.map { $0["summary"] as? String } == ["<p>Fish &amp; chips</p>", "<p>Salt <em>and</em> vinegar</p>"])
        #expect(try Self.detail(entries[0], "summary_detail")["type"] as? String == "text/html")
    }

    @Test func base64ContentIsDecoded() throws {
        let result = try Self.render("fp-content-base64.xml")
        #expect(result["version"] as? String == "atom03")
        let entry = try #require(try Self.entries(result).first)
        let content = try #require((entry["content"] as? [[String: Any]])?.first)
        #expect(content["value"] as? String == "<p>Hello, <b>world</b></p>")
        #expect(content["type"] as? String == "text/html")
    }

    // MARK: Encodings

    @Test func declarationDecidesWithoutHeaders() throws {
        // ISO-8859-1 bytes (é = 0xE9) declared as windows-1251, where 0xE9 is й.
        let result = try Self.render("fp-latin1-declared-1251.xml")
        #expect(result["encoding"] as? String == "windows-1251")
        #expect(try Self.feed(result)["title"] as? String == "Cafй")
    }

    @Test func httpCharsetOverridesTheDeclaration() throws {
        let result = try Self.render(
            "fp-latin1-declared-1251.xml", headers: [("Content-Type", "application/xml; charset=iso-8859-1")])
        #expect(result["encoding"] as? String == "iso-8859-1")
        #expect(try Self.feed(result)["title"] as? String == "Café")
        #expect(try Self.entries(result).first?["title"] as? String == "été")
        #expect(result["bozo"] as? Bool == false)
    }

    @Test func byteOrderMarkOverridesTheDeclaration() throws {
        let result = try Self.render("fp-bom-utf8.xml")
        #expect(result["encoding"] as? String == "utf-8")
        #expect(try Self.entries(result).first?["title"] as? String == "Привет")
    }

    @Test func utf16WithBOM() throws {
        let result = try Self.render("fp-utf16le.xml")
        #expect(result["encoding"] as? String == "utf-16le")
        #expect(result["bozo"] as? Bool == false)
        #expect(try Self.feed(result)["title"] as? String == "日本語")
        #expect(try Self.entries(result).first?["title"] as? String == "Grüße 😀")
    }

    @Test func validUTF8MislabelledIsReadAsUTF8() throws {
        // feedparser itself prints mojibake here ("ÐŸÑ€Ð¸Ð²ÐµÑ‚"); the practical rule wins.
        let result = try Self.render("fp-utf8-mislabelled.xml")
        #expect(try Self.entries(result).first?["title"] as? String == "Привет — café")
    }

    // MARK: Entities and namespaces

    @Test func htmlNamedEntitiesAreReadAndMakeTheDocumentBozo() throws {
        let result = try Self.render("fp-entities.xml")
        // Undefined in XML without a DTD: feedparser's SAX parser stops there too.
        #expect(result["bozo"] as? Bool == true)
        #expect(result["bozo_exception"] as? String == "undefined entity &eacute;")
        #expect(try Self.feed(result)["title"] as? String == "Café news")
        let entry = try #require(try Self.entries(result).first)
        #expect(entry["title"] as? String == "One\u{A0}two — three & four")
        #expect(entry["summary"] as? String == "<p>&copy; 2021</p>")
    }

    @Test func namespacesAreMatchedByURINotPrefix() throws {
        let result = try Self.render("fp-namespaces.xml")
        let entry = try #require(try Self.entries(result).first)
        // `creatorns:` is Dublin Core by its URI; `c:` is the content module.
        #expect(entry["author"] as? String == "Ada Lovelace")
        #expect((entry["content"] as? [[String: Any]])?.first?["value"] as? String == "<p>Full text</p>")
        #expect(entry["summary"] as? String == "<p>Full text</p>")
        // `dc:` bound to another URI is not Dublin Core, so not a category.
        #expect((entry["tags"] as? [[String: Any]])?.map { $0["term"] as? String } == ["not a tag"])
        #expect((result["namespaces"] as? [String: String])?["dc"] == "http://example.com/not-dublin-core/")
    }

    // MARK: Not well-formed

    @Test func notWellFormedIsBozoWithContentRecovered() throws {
        let result = try Self.render("fp-not-well-formed.xml")
        #expect(result["bozo"] as? Bool == true)
        #expect(result["bozo_exception"] as? String == "line 10: Opening and ending tag mismatch: b line 10 and i")
        #expect(result["version"] as? String == "rss20")
        #expect(try Self.feed(result)["title"] as? String == "Broken")
        let entries = try Self.entries(result)
        #expect(entries.map { $0["link"] as? String } == ["http://broken.example/1", "http://broken.example/2"])
        #expect(entries.first?["title"] as? String == "Kept")
    }

    // MARK: JSON Feed

    @Test func jsonFeed11() throws {
        let result = try Self.render("fp-jsonfeed11.json")
        #expect(result["version"] as? String == "json1")
        #expect(result["bozo"] as? Bool == false)
        let feed = try Self.feed(result)
        #expect(feed["title"] as? String == "JSON News")
        #expect(feed["link"] as? String == "https://json.example/")
        #expect(feed["language"] as? String == "en-GB")
        #expect(feed["author"] as? String == "Grace Hopper")
        let entry = try #require(try Self.entries(result).first)
        #expect(entry["id"] as? String == "json-1")
        #expect(entry["link"] as? String == "https://json.example/1")
        #expect(entry["summary"] as? String == "A summary")
        #expect((entry["content"] as? [[String: Any]])?.first?["value"] as? String == "<p>Hello</p>")
        #expect(entry["published_parsed"] as? [Int] == [2021, 9, 19, 10, 0, 0, 6, 262, 0])
        // 12:30:15+02:00 is 10:30:15 UTC.
        #expect(entry["updated_parsed"] as? [Int] == [2021, 9, 19, 10, 30, 15, 6, 262, 0])
        #expect((entry["tags"] as? [[String: Any]])?.map { $0["term"] as? String } == ["alpha", "beta"])
        let enclosure = try #require((entry["links"] as? [[String: Any]])?.first { $0["rel"] as? String == "enclosure" })
        #expect(enclosure["href"] as? String == "https://json.example/a.mp3")
        #expect(enclosure["type"] as? String == "audio/mpeg")
        #expect(enclosure["length"] as? String == "1234")
    }

    // MARK: Defences

    /// Refused before anything is expanded (`ChunkedParseTests` has a blow-up that the text
    /// budget refuses): bozo, with libxml2's reason, and no entries, as for the other limits.
    @Test func billionLaughsIsBozoWithoutBlowUp() throws {
        let data = try ShapeFixture.data("billion-laughs.xml")
        let json = FeedparserJSON.render(data)
        #expect(json.utf8.count < data.count)
        let result = try Self.decode(json)
        #expect(result["bozo"] as? Bool == true)
        #expect(result["bozo_exception"] as? String
                == "refused: an entity expansion bomb at line 16 (Detected an entity reference loop)")
        #expect(try Self.entries(result).isEmpty)
    }

    @Test func documentSizeLimit() throws {
        let result = try Self.render("fp-namespaces.xml", options: .init(maxBytes: 100))
        #expect(result["bozo"] as? Bool == true)
        #expect(result["bozo_exception"] as? String == "document too large: 476 bytes, limit 100")
        #expect(try Self.entries(result).isEmpty)
    }

    @Test func nestingDepthLimit() throws {
        let deep = String(repeating: "<x>", count: 300) + String(repeating: "</x>", count: 300)
        let bytes = Data(("<rss version=\"2.0\"><channel><title>Deep</title><item><title>Kept</title></item><item>\(deep)</item>"
            + "<item><title>After</title></item></channel></rss>").utf8)
        let result = try Self.render(bytes: bytes)
        #expect(result["bozo"] as? Bool == true)
        // The model's warning: the elements deeper than the limit are left out, the rest is read.
        // x n is at depth 2 + n: x 255...300 are deeper than 256.
        #expect(result["bozo_exception"] as? String == "line 1: 46 elements nested deeper than 256 left out (in item 2); the rest was read")
        #expect(try Self.entries(result).compactMap { $0["title"] as? String } == ["Kept", "After"])
        let shallow = try Self.render(bytes: bytes, options: .init(maxDepth: 10))
        #expect(shallow["bozo_exception"] as? String == "line 1: 292 elements nested deeper than 10 left out (in item 2); the rest was read")
    }
}
