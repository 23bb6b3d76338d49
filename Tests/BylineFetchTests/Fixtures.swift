import BylineTestSupport
import Foundation

/// Small fixtures written for these tests.
enum Fixtures {
    /// An RSS 2.0 feed of one item (486 bytes, UTF-8).
    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0">
          <channel>
            <title>Byline Test Wire</title>
            <link>http://127.0.0.1/</link>
            <description>A feed written for the fetcher tests.</description>
            <item>
              <title>Harbour bridge reopens after storm damage</title>
              <link>http://127.0.0.1/news/harbour-bridge</link>
              <guid isPermaLink="false">wire-2021-09-19-001</guid>
              <pubDate>Sun, 19 Sep 2021 08:30:00 GMT</pubDate>
            </item>
          </channel>
        </rss>
        """

    /// ``rss`` compressed with gzip (level 9, mtime 0), made with Python's `gzip` module.
    static let rssGzip = base64(
        "H4sIAAAAAAAC/3VRy07DMBC89ytWOZPaDgfaynUFQsABJKQWcXaTTWKROJG9ofD3bLEo5YB8Wc/OzL705qPv4B1DdINfZ2ouM0BfDpXzzTp72d3li2xjZjrE+MsqmGVmALpsrffYHWP+kaMOzc1n5zzCDiPBqwuoRcITh3NvpiUaV0Ko4mou+SmhxTeeKBXGMriRuJS5hhqxgkNwROihHgJQiwxS2SLHXCTOtTiXJBNH2Kfw1NiDDfthCrAPrmoQAg4j+gi2JnaKNIQeKtvb5m/H//bs8RBFmzzz5Hk+BuuayVXg4jOG3j5yYp3VtouYmQOvJS9koXK5zNUyl1JpcWSfpOO0v7WEZjv5C1BL2OIIRwHIxepSrqSE+6edFj+0NLP4GVqL02G04MuZLzbwUbbmAQAA"
    )

    /// ``rss`` compressed as a zlib stream (HTTP `deflate`, RFC 9110 §8.4.1.2), level 9.
    static let rssDeflate = base64(
        "eNp1UctOwzAQvPcrVjmT2g4H2sp1BULAASSkFnF2k01ikTiRvaHw92yxKOWAfFnPzsy+9Oaj7+AdQ3SDX2dqLjNAXw6V8806e9nd5YtsY2Y6xPjLKphlZgC6bK332B1j/pGjDs3NZ+c8wg4jwasLqEXCE4dzb6YlGldCqOJqLvkpocU3nigVxjK4kbiUuYYasYJDcETooR4CUIsMUtkix1wkzrU4lyQTR9in8NTYgw37YQqwD65qEAIOI/oItiZ2ijSEHirb2+Zvx//27PEQRZs88+R5PgbrmslV4OIzht4+cmKd1baLmJkDryUvZKFyuczVMpdSaXFkn6TjtL+1hGY7+QtQS9jiCEcByMXqUq6khPunnRY/tDSz+Blai9NhtODLmS8TJZQv"
    )

    /// A gzip stream (1,051 bytes) that inflates to 1 MiB of zero bytes: a small compression bomb.
    static let zerosGzip = GzipBomb.oneMiBOfZeros

    private static func base64(_ text: String) -> [UInt8] {
        [UInt8](Data(base64Encoded: text) ?? Data())
    }
}
