@testable import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// One line of feedparser's date vectors: the handler it tests, the input, the UTC 9-tuple.
struct DateVector: Sendable, CustomTestStringConvertible {
    let function: String
    let input: String
    let expected: [Int]?

    var testDescription: String { "\(function): \(input.debugDescription)" }

    /// The vectors from `conformance/feedparser/date-vectors.jsonl`, or none when absent.
    static let all: [DateVector] = {
        let url = SharedData.root.appendingPathComponent("conformance/feedparser/date-vectors.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let function = object["parse_date"] as? String,
                  let input = object["input_value"] as? String else { return nil }
            return DateVector(function: function, input: input, expected: object["expected_value"] as? [Int])
        }
    }()
}

/// The UTC 9-tuple of Python's `time.struct_time` (weekday Monday = 0, day of year from 1, DST 0),
/// in the proleptic Gregorian calendar as Python uses it (Foundation's calendar switches to
/// Julian before 1582, which would misdate feedparser's year-99 vector). Written apart from
/// the feedparser printing's `FeedDate.tuple` (tested with it in BylineFeedparserShapeTests).
func utcTuple(_ date: Date) -> [Int] {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let days = Int((Double(seconds) / 86_400).rounded(.down))
    let secondOfDay = seconds - days * 86_400
    // H. Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    let yday = cumulative[month - 1] + day + (isLeap && month > 2 ? 1 : 0)
    let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday (3)
    return [year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, weekday, yday, 0]
}

/// `"2021-09-18T17:29:33Z"` as a Date, for expected values.
func utc(_ iso: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: iso), "bad expected value \(iso)")
}

@Suite struct DateParserTests {
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func vectorsAreThere() {
        #expect(DateVector.all.count == 72)
        #expect(DateVector.all.allSatisfy { DateParser.Rule(feedparserFunction: $0.function) != nil })
    }

    /// Each vector through the rule named after its feedparser handler, as feedparser's own
    /// date tests call one handler at a time.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage), arguments: DateVector.all)
    func feedparserVectorByRule(_ vector: DateVector) throws {
        let rule = try #require(DateParser.Rule(feedparserFunction: vector.function))
        #expect(rule.feedparserFunction == vector.function)
        #expect(DateParser.parse(vector.input, rule: rule).map(utcTuple) == vector.expected)
    }

    /// Every vector that has a date gives it through the whole chain too (`DateParser.parse`,
    /// fast path included, and `parseFull`; the feedparser printing prints this instant).
    /// Vectors that one handler must reject may still be dates to another handler of the
    /// chain; ``chainOnRejectedVectors`` pins those down.
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage),
          arguments: DateVector.all.filter { $0.expected != nil })
    func feedparserVectorThroughChain(_ vector: DateVector) {
        #expect(DateParser.parse(vector.input).map(utcTuple) == vector.expected)
        #expect(DateParser.parseFull(vector.input).map(utcTuple) == vector.expected)
    }

    /// The chain on the vectors that their own handler rejects: feedparser's `_parse_date`
    /// hands them on, and `_parse_date_iso8601` reads a prefix of some (a date with what follows
    /// it dropped). Nil here for those, and where feedparser would roll a field over through
    /// `mktime` or read today's month from the clock.
    @Test(arguments: [
        ("22013", "2022-01-13T00:00:00Z"),                            // iso8601 YY-OOO
        ("2013-01-27-01", nil),                                       // feedparser: 2013-01-27
        ("2013-01-28T11:30:00-06:00Textra", nil),                     // feedparser: 17:30Z
        ("2013-01-28T09:xx:00Z", nil),                                // feedparser: 00:00Z
        ("2013-01-28T09:00:00+00:xx", nil),                           // feedparser: 09:00Z
        ("2013-xx-27", nil),                                          // feedparser: this month
        ("2003-12-31T25:14:55Z", nil),                                // feedparser: rolled over
        ("2003-12-31T10:61:55Z", nil),
        ("2003-12-31T10:14:61Z", nil),
        ("9999-12-31T23:59:59-99:99", nil),
        ("013", nil),
        ("Sun, 16 Dec 2012 1:2:3:4 GMT", nil),
        ("Sun, 99 Jun 2009 12:00:00 GMT", nil),
    ] as [(String, String?)])
    func chainOnRejectedVectors(input: String, iso: String?) throws {
        let expected = try iso.map(utc)
        #expect(DateParser.parse(input) == expected)
        #expect(DateParser.parseFull(input) == expected)
    }

    @Test(arguments: [
        ("Sat, 18 Sep 2021 17:29:33 GMT", "2021-09-18T17:29:33Z"),
        ("18 Sep 2021 17:29 +0100", "2021-09-18T16:29:00Z"),
        ("Sat, 18 Sep 21 17:29:33 PDT", "2021-09-19T00:29:33Z"),
        ("Fri, 01 Jan 99 00:00:00 UT", "1999-01-01T00:00:00Z"),
        ("Fri, 01 Jan 90 00:00:00 Z", "1990-01-01T00:00:00Z"),
        ("Thu, 01 Jan 89 00:00:00 GMT", "2089-01-01T00:00:00Z"),
        ("Sat, 18 Sep 2021 12:00:00 CST", "2021-09-18T18:00:00Z"),
        ("Sat, 18 Sep 2021 12:00:00 MDT", "2021-09-18T18:00:00Z"),
        ("2021-09-18T18:58:07+00:00", "2021-09-18T18:58:07Z"),
        ("2021-09-18T18:58:07.999-05:30", "2021-09-19T00:28:07Z"),
        ("2021-09", "2021-09-01T00:00:00Z"),
        ("  2021-09-18  ", "2021-09-18T00:00:00Z"),
        ("2004-07-08 23:56:58 EST", "2004-07-09T04:56:58Z"),          // MSSQL style; feedparser splits at EST's 't'
        ("2021-09-18 17:29:33 Asia/Kolkata", "2021-09-18T11:59:33Z"),
        ("2021-09-18T10:00:00 +01:00", "2021-09-18T09:00:00Z"),       // w3dtf: space before zone
        ("2021-09-18T10:00:00+05", "2021-09-18T05:00:00Z"),
        ("20210918T100000Z", "2021-09-18T10:00:00Z"),                 // basic time; feedparser: 00:00Z
        ("20210918T10:00Z", "2021-09-18T10:00:00Z"),
        ("2021-263T10:00:00Z", "2021-09-20T10:00:00Z"),               // ordinal day 263
        ("2020-366", "2020-12-31T00:00:00Z"),
        ("2021-366", nil),
        ("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"),
        ("Fri, 2006/09/15 08:19:53 PST", "2006-09-15T16:19:53Z"),
        ("Posted Fri, 06/09/15 08:19:53 GMT", "2006-09-15T08:19:53Z"),  // perforce searches
        ("Posted Fri, 06/09/15 08:19:53 GMT by p4", nil),               // but takes nothing after
        ("Fri, 2006/00/15 08:19:53 GMT", nil),
        ("\u{03a0}\u{03b1}\u{03c1}, 02 \u{039c}\u{03b1}\u{03b9} 2008 07:08:09 +0300", "2008-05-02T04:08:09Z"),
        ("2004-m\u{e1}rcius-5T23:15+01:00", "2004-03-05T22:15:00Z"),
        ("2004-05-25 \u{c624}\u{c804} 09:05:07", "2004-05-25T00:05:07Z"),     // nate, am
        ("2021-09-18T", "2021-09-18T00:00:00Z"),
    ] as [(String, String?)])
    func knownDates(input: String, iso: String?) throws {
        let expected = try iso.map(utc)
        #expect(DateParser.parse(input) == expected)
    }

    /// Every marker of the 12-hour clock the reader knows (`AM`/`PM` after a W3C-DTF, ISO 8601 or
    /// RFC 822 time, Korean 오전/오후 before a Nate time) reads 12 as the clock does: 12 AM (오전
    /// 12) is 00:xx, 12 PM (오후 12) is 12:xx; an hour outside 1...12 is no date. A new user's
    /// `2021-09-19 오후 12:30:00` was no date (feedparser's rule: 12 + 12 = hour 24).
    @Test(arguments: [
        ("2021-09-19 \u{c624}\u{d6c4} 12:30:00", "2021-09-19T03:30:00Z"),   // 오후 12:30 KST = 12:30
        ("2021-09-19 \u{c624}\u{c804} 12:30:00", "2021-09-18T15:30:00Z"),   // 오전 12:30 KST = 00:30
        ("2021-09-19 \u{c624}\u{d6c4} 1:05:00", "2021-09-19T04:05:00Z"),    // 오후 1 = 13
        ("2021-09-19 \u{c624}\u{c804} 11:59:59", "2021-09-19T02:59:59Z"),
        ("2021-09-19 \u{c624}\u{d6c4} 13:00:00", nil),
        ("2021-09-19 \u{c624}\u{c804} 0:30:00", nil),
        ("2021-09-19T12:30:00 PM", "2021-09-19T12:30:00Z"),
        ("2021-09-19T12:30:00 AM", "2021-09-19T00:30:00Z"),
        ("2021-09-19 12:30PM +09:00", "2021-09-19T03:30:00Z"),
        ("2021-09-19T00:30:00 AM", nil),
        ("Sun, 19 Sep 2021 12:30 PM", "2021-09-19T12:30:00Z"),
        ("Sun, 19 Sep 2021 12:30 AM", "2021-09-19T00:30:00Z"),
        ("Sun, 19 Sep 2021 12:30:00 PM +0900", "2021-09-19T03:30:00Z"),
        ("Sun, 19 Sep 2021 0:30 AM", nil),
        ("Sun, 19 Sep 2021 13:30 PM", nil),
    ] as [(String, String?)])
    func twelveHourClock(input: String, iso: String?) throws {
        let expected = try iso.map(utc)
        #expect(DateParser.parse(input) == expected)
    }

    /// What follows a date and time is read (a 12-hour clock's `AM`/`PM`, an offset, a zone
    /// name the parser knows, an offset's name after it) or the date is nil: feedparser's chain
    /// reads each of these as the date or time before it (`2021-09-19T10:00:00 PM` and
    /// `… Europe/Paris` as 10:00 UTC), and an epoch count as a year and day (`1632027600` as
    /// 1632-01-27, `1632045600000` as 1632-02-14). An epoch count is nil, as in no rule of
    /// feedparser's: a bare number is a year only with four digits, and otherwise an ISO 8601
    /// basic date (`YYYYMMDD`, `YYYYDDD`, `YYMMDD`, `YYDDD`) or nothing.
    @Test(arguments: [
        ("2021-09-19 10:00:00 PM", "2021-09-19T22:00:00Z"),
        ("2021-09-19T10:00:00 PM", "2021-09-19T22:00:00Z"),
        ("Sun, 19 Sep 2021 10:00 PM", "2021-09-19T22:00:00Z"),
        ("2021-09-19T10:00:00 Europe/Paris", "2021-09-19T08:00:00Z"),
        ("2021-09-19 10:00:00 Europe/Paris", "2021-09-19T08:00:00Z"),
        ("1632027600", nil),
        ("1632045600000", nil),
        ("2021-09-19T10:00PM", "2021-09-19T22:00:00Z"),
        ("2021-09-19T12:30:00 am", "2021-09-19T00:30:00Z"),
        ("2021-09-19T10:00:00 PM +02:00", "2021-09-19T20:00:00Z"),
        ("2021-09-19 10:00:00 PM Europe/Paris", "2021-09-19T20:00:00Z"),
        ("2021-09-19T13:00:00 PM", nil),
        ("2021-09-19T10:00:00 Asia/Kathmandu", "2021-09-19T04:15:00Z"),  // a 't' in the zone
        ("2021-09-19T10:00:00 EST", "2021-09-19T15:00:00Z"),
        ("2021-09-19T10:00:00 CEST", "2021-09-19T08:00:00Z"),
        ("2021-09-19 10:00:00 MET", "2021-09-19T09:00:00Z"),
        ("2021-09-19T10:00:00+02:00 CEST", "2021-09-19T08:00:00Z"),
        ("2021-09-19 10:00:00 -0400 (EDT)", "2021-09-19T14:00:00Z"),
        ("2021-09-19 10:00:00 UTC +02:00", "2021-09-19T08:00:00Z"),
        ("2021-09-19 T10:00:00Z", "2021-09-19T10:00:00Z"),
        ("2021-09-19T10:00:00 XYZ", nil),
        ("2021-09-19 10:00:00 XYZ", nil),
        ("2021-09-19T10:00:00Z foo", nil),
        ("2021-09-19T10:00:00 PM foo", nil),
        ("2021-09-19T10:00:00+02:00 foo", nil),
        ("2021-263 22:00:00Z", "2021-09-20T22:00:00Z"),
        ("2021-263T22:00:00Z foo", nil),
        ("20210919T220000Z", "2021-09-19T22:00:00Z"),
        ("20210919T2200+0200", "2021-09-19T20:00:00Z"),
        ("20210919", "2021-09-19T00:00:00Z"),
        ("2021", "2021-01-01T00:00:00Z"),
        ("202109", nil),
        ("16320276", nil),
        ("Fri, 2006/09/15 08:19:53 CEST", "2006-09-15T06:19:53Z"),
        ("Fri, 2006/09/15 08:19:53 XYZ", nil),
        ("2004-05-25 \u{c624}\u{c804} 09:05:07 KST", nil),
    ] as [(String, String?)])
    func trailingContent(input: String, iso: String?) throws {
        let expected = try iso.map(utc)
        #expect(DateParser.parse(input) == expected)
        #expect(DateParser.parseFull(input) == expected)
    }

    @Test(arguments: ["yesterday", "Sat, 31 Feb 2021 00:00:00 GMT", "2021-13-01", "2021-09-18T24:00:00Z",
                      "Sat, 18 Sep 2021 12:60:00 GMT", "Sat, 18 Sep 2021 00:14:00 +055555",
                      "", "   "])
    func rejected(input: String) {
        #expect(DateParser.parse(input) == nil)
        #expect(DateParser.parseFull(input) == nil)
    }

    @Test func rulesAreFeedparsersHandlers() {
        #expect(Set(DateParser.chain) == Set(DateParser.Rule.allCases))
        #expect(DateParser.chain.first == .w3dtf)
        #expect(DateParser.chain.last == .iso8601)
        #expect(DateParser.Rule(feedparserFunction: "_parse_date_onblog") == .onblog)
        #expect(DateParser.Rule(feedparserFunction: "_parse_date_mssql") == nil)
        #expect(DateParser.Rule(feedparserFunction: "greek") == nil)
    }
}
