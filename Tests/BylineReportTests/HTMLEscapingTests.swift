import BylineReport
import Foundation
import Testing

/// Feed text is hostile: every string of the HTML report is escaped, and only http(s) links
/// become links.
@Suite struct HTMLEscapingTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)"),
        ("' onfocus='x", "&#39; onfocus=&#39;x"),
        ("</svg><svg onload=alert(1)>", "&lt;/svg&gt;&lt;svg onload=alert(1)&gt;"),
        ("Tom & Jerry &amp; co", "Tom &amp; Jerry &amp;amp; co"),
        ("null\u{0}byte\u{7F}and\u{1B}esc", "null\u{FFFD}byte\u{FFFD}and\u{FFFD}esc"),
        ("tab\tline\nfeed", "tab\tline\nfeed"),
        ("Petito’s “family” – 2021", "Petito’s “family” – 2021"),
    ])
    func escapesText(_ text: String, _ expected: String) {
        #expect(HTML.escape(text) == expected)
    }

    @Test(arguments: [
        ("https://www.bbc.co.uk/news/world-58604976", "https://www.bbc.co.uk/news/world-58604976"),
        ("HTTP://EXAMPLE.COM/a?b=1&c=\"2\"", "HTTP://EXAMPLE.COM/a?b=1&amp;c=&quot;2&quot;"),
        ("javascript:alert(1)", nil),
        ("JaVaScRiPt:alert(1)", nil),
        (" javascript:alert(1)", nil),
        ("java\tscript:alert(1)", nil),
        ("data:text/html,<script>alert(1)</script>", nil),
        ("vbscript:msgbox", nil),
        ("//evil.example/x", nil),
        ("/relative/path", nil),
        ("https://", nil),
        ("https://x.example/\u{0}", nil),
    ] as [(String, String?)])
    func keepsOnlyHTTPLinks(_ url: String, _ expected: String?) {
        #expect(HTML.safeLink(url) == expected)
    }

    /// A story whose every feed string is an attack; `host` is where the attacks would fetch
    /// from (`http://127.0.0.1:<port>`).
    static func hostile(host: String = "http://127.0.0.1:9") -> Report {
        let date = { (text: String) in try! Date.ISO8601FormatStyle().parse(text) }
        let title = "<script>document.documentElement.setAttribute('data-pwned','script')</script>\"onmouseover=\"x\"</svg><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\"><img src=\"\(host)/title.png\">"
        let story = StoryRow(storyID: 7, headline: title, outlets: ["cnn", "<b>fox</b>"], items: 2, firstOutlet: "cnn",
                             tiedWith: ["<b>fox</b>"], firstTime: date("2021-09-18T10:00:00Z"), timeSource: "window",
                             spanHours: 0.5, firstWindowStart: date("2021-09-18T09:00:00Z"))
        let items = [
            CoverageRow(storyID: 7, outlet: "cnn", itemGuid: "g1", itemLink: "javascript:document.documentElement.setAttribute('data-pwned','link')",
                        title: title, published: nil, firstSeen: date("2021-09-18T10:00:00Z"), windowStart: date("2021-09-18T09:00:00Z"),
                        lagSeconds: 0, timeSource: "window", latestTitle: "</title><script>document.documentElement.setAttribute('data-pwned','latest')</script>"),
            CoverageRow(storyID: 7, outlet: "<b>fox</b>", itemGuid: "<g2>", itemLink: "https://example.com/a\"onclick=\"x",
                        title: "<svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\"></svg>", published: date("2021-09-18T09:40:00Z"),
                        firstSeen: date("2021-09-18T10:30:00Z"), windowStart: date("2021-09-18T09:30:00Z"), lagSeconds: 1800,
                        timeSource: "published", time: date("2021-09-18T09:40:00Z")),
        ]
        let fact = FactRow(storyID: 7, factID: 1, text: "<iframe src=\"javascript:parent.document.documentElement.setAttribute('data-pwned','iframe')\"></iframe>",
                           outlets: ["cnn", "<b>fox</b>"], firstOutlet: "cnn", firstTime: date("2021-09-18T10:00:00Z"), timeSource: "window",
                           tiedWith: ["<b>fox</b>"], mentionCount: 2)
        let mentions = [
            MentionRow(storyID: 7, factID: 1, outlet: "cnn", itemGuid: "g1", sentence: "\"><script>document.documentElement.setAttribute('data-pwned','title')</script>",
                       time: date("2021-09-18T10:00:00Z"), windowStart: date("2021-09-18T09:00:00Z"), timeSource: "window", value: ""),
            MentionRow(storyID: 7, factID: 1, outlet: "<b>fox</b>", itemGuid: "<g2>", sentence: "ok", time: date("2021-09-18T09:40:00Z"),
                       windowStart: date("2021-09-18T09:30:00Z"), timeSource: "published", value: ""),
        ]
        let attribution = AttributionRow(storyID: 7, outlet: "cnn", itemGuid: "g1", kind: "exclusive", credited: "<style>*{background:url(\(host)/style.png)}</style>",
                                         phrase: "<link rel=stylesheet href=\(host)/sheet.css><div style=\"background:url(\(host)/div.png)\">", verdict: "confirmed", evidence: "<meta http-equiv=refresh content=0;url=javascript:x>",
                                         creditedFollowed: false, firstOutlet: "cnn")
        let edit = EditRow(storyID: 7, outlet: "cnn", itemGuid: "g1", field: "title", from: date("2021-09-18T10:00:00Z"),
                           to: date("2021-09-18T11:00:00Z"), kind: "substantive", reason: "wording", silent: true,
                           removed: "</del><script>document.documentElement.setAttribute('data-pwned','edit')</script>", added: "<ins>")
        return Report(stories: [story], coverage: items, facts: [fact], mentions: mentions, edits: [edit], attributions: [attribution],
                      outlets: [OutletRow(outlet: "<b>fox</b>", stories: 1, sharedStories: 1, firstReports: 0, firstOrTied: 1,
                                          medianLagSeconds: nil, items: 1, pulls: 1, pullsFailed: 0)],
                      generatedAt: date("2021-09-21T00:00:00Z"))
    }

    @Test func noFeedStringOpensATagOrAnAttribute() throws {
        for (name, page) in HTMLReport.pages(Self.hostile()) {
            for needle in ["<script", "<img", "<iframe", "<style>*", "<link", "<meta http-equiv=refresh", "<b>fox", "<svg onload",
                           "href=\"javascript", "\"onmouseover", "\"onclick", "<ins>\"", "<title></title><script"] {
                #expect(!page.contains(needle), "\(name) contains \(needle)")
            }
        }
        let page = try #require(HTMLReport.pages(Self.hostile()).first { $0.name == "story-7.html" }?.text)
        #expect(page.contains("<h1>&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;script&#39;)&lt;/script&gt;&quot;onmouseover=&quot;x&quot;&lt;/svg&gt;&lt;img src=x onerror=&quot;"))
        // The javascript: link is dropped; the https link is kept, its quote escaped.
        #expect(page.contains("<a href=\"https://example.com/a&quot;onclick=&quot;x\" rel=\"noreferrer noopener\">"))
        #expect(page.contains("<del>&lt;/del&gt;&lt;script&gt;"))
    }
}
