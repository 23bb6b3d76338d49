import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// The precision of a date as written (``DateParser/parseWithPrecision(_:)``): a day when the
/// text gives no time of day or 00:00 (seconds zero or absent) in its own zone, a time
/// otherwise; the instant is always ``DateParser/parse(_:)``'s.
@Suite struct DatePrecisionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let instant: String
        let precision: DatePrecision
        let offset: Int
        var testDescription: String { text.debugDescription }
    }

    static let cases: [Case] = [
        // RFC 822 (the fast path takes these).
        Case(text: "Sun, 19 Sep 2021 00:00:00 +0800", instant: "2021-09-18T16:00:00Z", precision: .day, offset: 28_800),
        Case(text: "Sun, 19 Sep 2021 08:15:00 +0800", instant: "2021-09-19T00:15:00Z", precision: .time, offset: 28_800),
        Case(text: "Sun, 19 Sep 2021 00:00:01 +0800", instant: "2021-09-18T16:00:01Z", precision: .time, offset: 28_800),
        Case(text: "Sun, 19 Sep 2021 00:00 GMT", instant: "2021-09-19T00:00:00Z", precision: .day, offset: 0),
        Case(text: "Sat, 18 Sep 2021 00:00:00 EDT", instant: "2021-09-18T04:00:00Z", precision: .day, offset: -14_400),
        Case(text: "Sat, 18 Sep 2021 20:00:00 -0400", instant: "2021-09-19T00:00:00Z", precision: .time, offset: -14_400),
        // RFC 822 without a time (the full rules).
        Case(text: "Sun, 19 Sep 2021", instant: "2021-09-19T00:00:00Z", precision: .day, offset: 0),
        Case(text: "19 Sep 2021", instant: "2021-09-19T00:00:00Z", precision: .day, offset: 0),
        // W3C-DTF / RFC 3339 / ISO 8601.
        Case(text: "2021-09-19", instant: "2021-09-19T00:00:00Z", precision: .day, offset: 0),
        Case(text: "2021-09-19T00:00:00-04:00", instant: "2021-09-19T04:00:00Z", precision: .day, offset: -14_400),
        Case(text: "2021-09-19T00:00+05:30", instant: "2021-09-18T18:30:00Z", precision: .day, offset: 19_800),
        Case(text: "2021-09-19T00:00:30Z", instant: "2021-09-19T00:00:30Z", precision: .time, offset: 0),
        Case(text: "2021-09-19T10:12:00+02:00", instant: "2021-09-19T08:12:00Z", precision: .time, offset: 7_200),
        Case(text: "20210919", instant: "2021-09-19T00:00:00Z", precision: .day, offset: 0),
        Case(text: "2021-09-19 00:00:00", instant: "2021-09-19T00:00:00Z", precision: .day, offset: 0),
        // A zone by name.
        Case(text: "2021-09-19T00:00:00 Europe/Paris", instant: "2021-09-18T22:00:00Z", precision: .day, offset: 7_200),
        // A leap second is a time.
        Case(text: "2016-12-31T23:59:60Z", instant: "2017-01-01T00:00:00Z", precision: .time, offset: 0),
    ]

    @Test(arguments: cases)
    func theTextSaysWhetherItGivesATimeOfDay(_ testCase: Case) throws {
        let parsed = try #require(DateParser.parseWithPrecision(testCase.text))
        #expect(parsed.date == (try utc(testCase.instant)))
        #expect(parsed.precision == testCase.precision)
        #expect(parsed.utcOffset == testCase.offset)
        #expect(parsed.dayOffset == (testCase.precision == .day ? testCase.offset : nil))
        #expect(DateParser.parse(testCase.text) == parsed.date)
    }

    @Test func noDateGivesNoPrecision() {
        #expect(DateParser.parseWithPrecision("Thursday, the 5th of never") == nil)
        #expect(DateParser.parseWithPrecision("  ") == nil)
    }

    /// The feed's items carry it: `publishedDayOffset` for a day, nil for a time, from pubDate,
    /// dc:date and JSON Feed's date_published.
    @Test func itemsCarryThePrecisionOfTheirPublicationDate() throws {
        let rss = """
            <?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Harbour Post</title>
            <item><title>Day</title><guid>a</guid><pubDate>Sun, 19 Sep 2021 00:00:00 +0800</pubDate></item>
            <item><title>Time</title><guid>b</guid><pubDate>Sun, 19 Sep 2021 08:15:00 +0800</pubDate></item>
            <item><title>Date only</title><guid>c</guid><dc:date>2021-09-19</dc:date></item>
            <item><title>No date</title><guid>d</guid></item>
            </channel></rss>
            """
        let feed = try FeedParser().parse(Data(rss.utf8))
        #expect(feed.items.map(\.publishedDayOffset) == [28_800, nil, 0, nil])
        #expect(feed.items.map(\.published) == [try utc("2021-09-18T16:00:00Z"), try utc("2021-09-19T00:15:00Z"), try utc("2021-09-19T00:00:00Z"), nil])

        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Post", "items": [
              {"id": "a", "title": "Day", "date_published": "2021-09-19T00:00:00+08:00"},
              {"id": "b", "title": "Time", "date_published": "2021-09-19T08:15:00+08:00"}]}
            """
        let jsonFeed = try FeedParser().parse(Data(json.utf8))
        #expect(jsonFeed.items.map(\.publishedDayOffset) == [28_800, nil])
    }
}
