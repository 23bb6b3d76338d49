import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// One line of feedparser's date vectors: the parser it tests, the input, the UTC 9-tuple.
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

    /// Formats feedparser reads that Byline does not (localised and legacy forms); their
    /// non-empty vectors are expected to fail and are marked as known issues.
    static let unsupported: Set<String> = [
        "_parse_date_greek", "_parse_date_hungarian", "_parse_date_nate", "_parse_date_onblog",
        "_parse_date_perforce",
    ]
    /// Two-digit-year ISO 8601 forms (`031231`, `-0312`, `03335`) are not read either.
    static let unsupportedInputs: Set<String> = ["-0312", "031231", "03-12-31", "-03-12", "03335"]

    var isSupported: Bool {
        input.isEmpty || (!Self.unsupported.contains(function) && !Self.unsupportedInputs.contains(input))
    }
}

/// The UTC 9-tuple of Python's `time.struct_time` (weekday Monday = 0, day of year from 1, DST 0),
/// in the proleptic Gregorian calendar as Python uses it (Foundation's calendar switches to
/// Julian before 1582, which would misdate feedparser's year-99 vector).
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

@Suite struct DateParserTests {
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage))
    func vectorsAreThere() {
        #expect(DateVector.all.count == 72)
    }

    @Test(.enabled(if: SharedData.available, SharedData.missingMessage), arguments: DateVector.all)
    func feedparserVector(_ vector: DateVector) {
        let parsed = DateParser.parse(vector.input).map(utcTuple)
        if vector.isSupported {
            #expect(parsed == vector.expected)
        } else {
            withKnownIssue("feedparser's \(vector.function) format is not supported") {
                #expect(parsed == vector.expected)
            }
        }
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
        ("Sat, 18 Sep 2021 12:00:00 N", "2021-09-18T11:00:00Z"),
        ("Sat, 18 Sep 2021 12:00:00 Y", "2021-09-18T00:00:00Z"),
        ("Sat, 18 Sep 2021 12:00:00 K", "2021-09-18T22:00:00Z"),
        ("2021-09-18T18:58:07+00:00", "2021-09-18T18:58:07Z"),
        ("2021-09-18T18:58:07.999-05:30", "2021-09-19T00:28:07Z"),
        ("2021-09", "2021-09-01T00:00:00Z"),
        ("  2021-09-18  ", "2021-09-18T00:00:00Z"),
    ])
    func knownDates(input: String, iso: String) throws {
        let expected = try #require(ISO8601DateFormatter().date(from: iso))
        #expect(DateParser.parse(input) == expected)
    }

    @Test(arguments: ["yesterday", "Sat, 31 Feb 2021 00:00:00 GMT", "2021-13-01", "2021-09-18T24:00:00Z", "Sat, 18 Sep 2021 12:60:00 GMT"])
    func rejected(input: String) {
        #expect(DateParser.parse(input) == nil)
    }
}
