public import Foundation

/// Times as Byline prints them: ISO 8601 in UTC.
public enum UTCTime {
    /// `date` as ISO-8601 in UTC to the second (fractions cut), e.g. `2021-09-18T19:13:44Z`, in
    /// the proleptic Gregorian calendar that ISO 8601 uses for every year (Foundation's calendar
    /// switches to Julian before 1582: `0001-01-01T00:00:00Z` came out as `0001-01-03`); years
    /// outside 0000...9999 with a sign (`-0001-12-31T00:00:00Z`). Empty beyond about 31 million
    /// years either side of 1970, where no calendar date means anything.
    public static func iso8601(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970.rounded(.down)
        // Beyond ±1e15 s (about 31 million years) no calendar date means anything.
        guard interval.isFinite, abs(interval) < 1e15 else { return "" }
        let seconds = Int64(interval)
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible
        // low-level date algorithms", civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let digits = String(abs(year))
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        let yearText = year < 0 ? "-" + padded : (year > 9_999 ? "+" + padded : padded)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
