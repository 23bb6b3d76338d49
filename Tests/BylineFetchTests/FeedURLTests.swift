import BylineFetch
import Foundation
import Testing

/// One feed spelled two ways is one feed: the "a feed belongs to one outlet" check and the
/// "listed twice" check compare URLs normalised (RFC 3986 section 6.2.2).
@Suite struct FeedURLTests {
    /// A user's list (`caseurl.toml`): good.xml under outlet a, and under outlet b as
    /// `HTTP://...` and with a `#frag`; it was accepted and the one feed pulled three times.
    static let caseURL = """
        [[outlet]]
        id = "a"
        name = "A"
        feeds = ["http://127.0.0.1:8765/good.xml"]
        [[outlet]]
        id = "b"
        name = "B"
        feeds = ["HTTP://127.0.0.1:8765/good.xml", "http://127.0.0.1:8765/good.xml#frag"]

        """

    @Test(arguments: [
        ("HTTP://127.0.0.1:8765/good.xml", "http://127.0.0.1:8765/good.xml"),
        ("http://127.0.0.1:8765/good.xml#frag", "http://127.0.0.1:8765/good.xml"),
        ("HTTP://Example.COM:80/a/./b/../rss.xml#top", "http://example.com/a/rss.xml"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/%7euser/%2fx?q=%3d", "https://example.com:8443/~user/%2Fx?q=%3D"),
        ("http://example.com/feed?Format=RSS", "http://example.com/feed?Format=RSS"),
    ])
    func spellingsOfOneURLNormaliseAlike(url: String, normalised: String) {
        #expect(FeedURL.comparable(url) == normalised)
    }

    @Test func theUsersListIsRefused() {
        #expect(throws: ConfigError(path: "caseurl.toml", line: 8,
                                    message: "outlet 'b': feed 'http://127.0.0.1:8765/good.xml#frag' is listed twice (also as 'HTTP://127.0.0.1:8765/good.xml')")) {
            try FeedList.parse(toml: Self.caseURL, path: "caseurl.toml")
        }
        let second = Self.caseURL.replacingOccurrences(of: #", "http://127.0.0.1:8765/good.xml#frag""#, with: "")
        #expect(throws: ConfigError(path: "caseurl.toml", line: 8,
                                    message: "feed 'HTTP://127.0.0.1:8765/good.xml' is listed under outlet 'a' (as 'http://127.0.0.1:8765/good.xml') "
                                        + "and outlet 'b'; a feed belongs to one outlet")) {
            try FeedList.parse(toml: second, path: "caseurl.toml")
        }
    }

    @Test func anOPMLListIsCheckedTheSameWay() {
        let opml = """
            <opml version="2.0"><body>
            <outline text="A"><outline type="rss" xmlUrl="http://127.0.0.1:8765/good.xml"/></outline>
            <outline text="B"><outline type="rss" xmlUrl="HTTP://127.0.0.1:8765/good.xml"/></outline>
            </body></opml>
            """
        #expect(throws: ConfigError(path: "x.opml", line: 3,
                                    message: "feed 'HTTP://127.0.0.1:8765/good.xml' is listed under outlet 'a' (as 'http://127.0.0.1:8765/good.xml') "
                                        + "and outlet 'b'; a feed belongs to one outlet")) {
            try FeedList.parse(opml: Data(opml.utf8), path: "x.opml")
        }
    }
}
