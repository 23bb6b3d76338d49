import BylineFeed
import BylineText
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
        DateParser.parse(text).flatMap(tuple)
    }

    /// The 9-element UTC tuple of `date` (``UTCTime/fields(_:)``); nil beyond about 31 million
    /// years either side of 1970, which no date ``DateParser`` reads comes near.
    static func tuple(_ date: Date) -> [Int]? {
        guard let f = UTCTime.fields(date) else { return nil }
        return [f.year, f.month, f.day, f.hour, f.minute, f.second, f.weekday, f.dayOfYear, 0]
    }
}
