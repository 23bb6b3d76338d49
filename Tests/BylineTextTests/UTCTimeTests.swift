import Foundation
import Testing
import BylineText

/// UTC calendar fields and ISO 8601 text of instants, in the proleptic Gregorian calendar.
@Suite struct UTCTimeTests {
    /// Seconds since 1970 -> ISO 8601, weekday (Monday = 0) and day of the year.
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z", 3, 1),                       // a Thursday
        (951_868_799.0, "2000-02-29T23:59:59Z", 1, 60),            // a leap day, a Tuesday
        (1_631_992_424.9, "2021-09-18T19:13:44Z", 5, 261),         // fractions cut
        (1_704_067_199.0, "2023-12-31T23:59:59Z", 6, 365),
        (1_735_603_200.0, "2024-12-31T00:00:00Z", 1, 366),         // day 366 of a leap year
        (-1.0, "1969-12-31T23:59:59Z", 2, 365),
        (-62_135_596_800.0, "0001-01-01T00:00:00Z", 0, 1),         // not Julian 0001-01-03
        (-62_135_596_801.0, "0000-12-31T23:59:59Z", 6, 366),       // year 0 is a leap year
        (-62_167_305_600.0, "-0001-12-31T00:00:00Z", 4, 365),       // year -1 is no leap year
        (253_402_300_800.0, "+10000-01-01T00:00:00Z", 5, 1),
    ])
    func fieldsAndText(seconds: Double, iso: String, weekday: Int, dayOfYear: Int) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(UTCTime.iso8601(date) == iso)
        let fields = try #require(UTCTime.fields(date))
        #expect(fields.weekday == weekday)
        #expect(fields.dayOfYear == dayOfYear)
        let digits = iso.dropLast().split(whereSeparator: { "-T:".contains($0) }).suffix(5).compactMap { Int($0) }
        #expect([fields.month, fields.day, fields.hour, fields.minute, fields.second] == digits)
    }

    @Test func noCalendarDateBeyondThirtyMillionYears() {
        #expect(UTCTime.fields(Date(timeIntervalSince1970: 1e15)) == nil)
        #expect(UTCTime.iso8601(Date(timeIntervalSince1970: -1e15)) == "")
        #expect(UTCTime.fields(Date(timeIntervalSince1970: .nan)) == nil)
    }
}
