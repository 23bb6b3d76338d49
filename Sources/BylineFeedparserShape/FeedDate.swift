import BylineFeed
import Foundation

/// Dates in feedparser's `*_parsed` shape.
///
/// The feedparser-compatible output (`byline parse --format feedparser`) reads dates with the
/// same ``DateParser`` as Byline's own model (fast path, then feedparser's `_parse_date` chain
/// of rules), so `published_parsed` and `FeedItem.published` never disagree; this type only
/// prints the instant as Python's `time.struct_time`.
enum FeedDate {
    /// The 9-element UTC tuple of Python's `time.struct_time` for a date string
    /// (`[year, month, day, hour, minute, second, weekday (Monday = 0), day of year, 0]`), or
    /// nil when ``DateParser/parse(_:)`` rejects the text.
    static func tuple(_ text: String) -> [Int]? {
        guard let date = DateParser.parse(text) else { return nil }
        return tuple(date)
    }

    /// The 9-element UTC tuple of `date`.
    static func tuple(_ date: Date) -> [Int] {
        let seconds = Int(floor(date.timeIntervalSince1970))
        let days = Int(floor(Double(seconds) / 86400))
        let rem = seconds - days * 86400
        // Howard Hinnant's civil_from_days.
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday (3).
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        let yday = cumulative[m - 1] + d + (leap && m > 2 ? 1 : 0)
        return [y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60, weekday, yday, 0]
    }
}
