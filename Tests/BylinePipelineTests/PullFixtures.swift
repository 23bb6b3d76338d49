/// Small feeds written for the pull tests.
enum PullFixtures {
    /// An RSS 2.0 feed of one item whose title has a non-ASCII letter (`é`).
    static let cafeRSS = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Quay News</title><link>http://127.0.0.1/</link>
        <description>Written for Byline's charset test.</description>
        <item><title>Café reopens on the quay</title><link>http://127.0.0.1/cafe</link>
        <guid isPermaLink="false">quay-2021-09-19-1</guid><pubDate>Sun, 19 Sep 2021 07:10:00 GMT</pubDate></item>
        </channel></rss>
        """
}
