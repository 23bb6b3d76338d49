public import Foundation

/// Times as Byline prints them: ISO 8601 in UTC.
public enum UTCTime {
    /// The calendar fields of an instant in UTC, in the proleptic Gregorian calendar that ISO 8601
    /// uses for every year (Foundation's calendar switches to Julian before 1582).
    public struct Fields: Sendable, Hashable {
        /// The year; 0 is 1 BC, -1 is 2 BC (astronomical numbering, as ISO 8601).
        public var year: Int
        /// 1 (January) to 12.
        public var month: Int
        /// 1 to 31.
        public var day: Int
        /// 0 to 23.
        public var hour: Int
        /// 0 to 59.
        public var minute: Int
        /// 0 to 59 (fractions of a second cut).
        public var second: Int
        /// 0 (Monday) to 6 (Sunday), as Python's `time.struct_time.tm_wday`.
        public var weekday: Int
        /// 1 (1 January) to 366.
        public var dayOfYear: Int
    }

    /// The UTC calendar fields of `date`, fractions of a second cut; nil beyond about 31 million
    /// years either side of 1970 (±1e15 s), where no calendar date means anything.
    public static func fields(_ date: Date) -> Fields? {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite, abs(interval) < 1e15 else { return nil }
        let seconds = Int64(interval)
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible
        // low-level date algorithms", civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfMarchYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfMarchYear + 2) / 153
        let day = Int(dayOfMarchYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1]
        return Fields(year: year, month: month, day: day, hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60,
                      second: secondOfDay % 60,
                      weekday: Int((days % 7 + 7 + 3) % 7),  // 1970-01-01 was a Thursday (3).
                      dayOfYear: daysBeforeMonth + day + (leap && month > 2 ? 1 : 0))
    }

    /// `date` as ISO-8601 in UTC to the second (fractions cut), e.g. `2021-09-18T19:13:44Z`, in
    /// the proleptic Gregorian calendar (``Fields``; `0001-01-01T00:00:00Z` is not the Julian
    /// `0001-01-03`); years outside 0000...9999 with a sign (`-0001-12-31T00:00:00Z`). Empty
    /// where ``fields(_:)`` is nil.
    public static func iso8601(_ date: Date) -> String {
        guard let f = fields(date) else { return "" }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let digits = String(abs(f.year))
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        let yearText = f.year < 0 ? "-" + padded : (f.year > 9_999 ? "+" + padded : padded)
        return "\(yearText)-\(two(f.month))-\(two(f.day))T\(two(f.hour)):\(two(f.minute)):\(two(f.second))Z"
    }
}
