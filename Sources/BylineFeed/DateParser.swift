public import Foundation

/// Parses the date formats that feeds use into UTC `Date`s, following feedparser 6.0.14's rules.
///
/// ``parse(_:)`` first tries a fast path for the two forms nearly every feed uses (RFC 822
/// `Sat, 18 Sep 2021 00:14:00 GMT` and RFC 3339 `2021-09-18T00:14:00Z`), read straight from
/// the UTF-8 bytes with integer arithmetic; anything it does not take goes through the full
/// rule set (``parseFull(_:)``), which gives the same result for every string the fast path
/// takes. The full rule set is feedparser's `_parse_date` chain: each ``Rule`` is tried in the
/// order of ``chain`` and the first one that yields a date wins. The rules, each named after the
/// feedparser function it matches:
/// - ``Rule/w3dtf``: W3C-DTF / RFC 3339 and MSSQL `YYYY-MM-DD hh:mm:ss [AM|PM] [zone]`.
/// - ``Rule/rfc822``: RFC 822 / RFC 1123 `[Day,] DD Mon YYYY hh:mm[:ss] zone` with its leniencies.
/// - ``Rule/asctime``: `Sun Jan  4 16:29:06 [+0000] 2004`.
/// - ``Rule/perforce``: `Fri, 2006/09/15 08:19:53 EDT`.
/// - ``Rule/hungarian``, ``Rule/greek``, ``Rule/nate``, ``Rule/onblog``: localised month, day and
///   am/pm words rewritten into W3C-DTF or RFC 822.
/// - ``Rule/iso8601``: ISO 8601 templates including two-digit years and ordinal days (`031231`,
///   `-03-12`, `03335`).
///
/// Where this departs from feedparser, it is on purpose and documented on the rule: calendar
/// values out of range (day 99, hour 25, minute 61, second 61, offset −99:99) give nil
/// everywhere instead of being rolled over by `mktime`; a leap second (second 60,
/// `2016-12-31T23:59:60Z`) is the first second of the next minute in every format with seconds
/// (RFC 3339 and W3C-DTF, RFC 822, asctime, Perforce, ISO 8601), where feedparser rejects it in
/// all but ISO 8601; forms that feedparser completes from the
/// computer's clock (`_parse_date_iso8601`'s bare `YYYY`, `--MM`, `---DD`) give nil; a zone
/// feedparser would read as the computer's local time counts as UTC; a result outside years
/// 1…9999 is nil; `_parse_date_iso8601` runs last (see ``chain``); and, as feedparser releases
/// after 6.0.14 do (the vector `Fri,24 Nov 2023 18:28:36 -0000`), RFC 822 commas count as spaces.
/// Zones feedparser reads as UTC or rejects are read for what they say (``Rule/rfc822``,
/// ``Rule/w3dtf``): IANA names (`America/Los_Angeles`) through the system tz database,
/// `GMT+7` and `UTC -05:00`, common abbreviations outside its table (``commonZones``: `CET`,
/// `IST`, `JST`), and a time with `AM`/`PM`.
/// A date without a zone is UTC in every format: RFC 822 with or without the day name
/// (`Sat, 18 Sep 2021 10:00:00`, which feedparser 6.0.14 alone of these rejects, an accident of
/// its piece count), W3C-DTF and RFC 3339 (`2021-09-18T10:00:00`), MSSQL, ISO 8601, asctime, and
/// so JSON Feed's `date_published`; a date without a time is midnight UTC. A publisher whose
/// clock is local without saying so is then hours off, which the time checks see (a pubDate
/// after the pull that first saw the item is a `future_date`).
/// Every rule reads the whole text: what follows a date and time must be understood (`AM`/`PM`,
/// an offset, a zone name of the tables above or the tz database) or the rule gives nil, and
/// the next one tries. feedparser's ISO 8601, Perforce and localised rules match a prefix and
/// drop the rest, so its chain reads `2021-09-19T10:00:00 PM` and `2021-09-19T10:00:00
/// Europe/Paris` as 10:00 UTC and the epoch count `1632027600` as day 27 of 1632; here the
/// first two are 22:00 and 08:00 UTC and an epoch count is nil (no rule reads one; a bare number
/// is a year only with four digits, else an ISO 8601 basic date such as `20210919`). A date
/// no rule reads is the feed's "unparseable date" warning, not a guess.
/// Whole seconds only: fractions are truncated, as feedparser's tuples do. The parser never
/// throws: a feed's broken date costs that one field.
public enum DateParser {
    /// One of feedparser's date handlers, as a rule of the full parser.
    ///
    /// The raw value is the handler's name without `_parse_date_` (`"rfc822"` for
    /// `_parse_date_rfc822`).
    public enum Rule: String, CaseIterable, Sendable {
        /// `_parse_date_w3dtf`: W3C-DTF / RFC 3339 / MSSQL.
        case w3dtf
        /// `_parse_date_rfc822`: RFC 822 / RFC 1123 (RSS `pubDate`).
        case rfc822
        /// `_parse_date_iso8601`: ISO 8601 templates with two-digit years and ordinal days.
        case iso8601
        /// `_parse_date_asctime`: C `asctime()` output, optionally with a zone before the year.
        case asctime
        /// `_parse_date_perforce`: `Fri, 2006/09/15 08:19:53 EDT`.
        case perforce
        /// `_parse_date_hungarian`: `2004-július-13T9:15-05:00`.
        case hungarian
        /// `_parse_date_greek`: `Κυρ, 11 Ιούλ 2004 12:00:00 EST`.
        case greek
        /// `_parse_date_nate`: `2004-05-25 오후 11:23:17` (Korean, Nate), zone +09:00.
        case nate
        /// `_parse_date_onblog`: `2004년 05월 28일  01:31:15` (Korean, OnBlog), zone +09:00.
        case onblog

        /// The rule for a feedparser handler name such as `"_parse_date_greek"`; nil for others.
        ///
        /// - Parameter feedparserFunction: the Python function's name.
        public init?(feedparserFunction: String) {
            let prefix = "_parse_date_"
            guard feedparserFunction.hasPrefix(prefix) else { return nil }
            self.init(rawValue: String(feedparserFunction.dropFirst(prefix.count)))
        }

        /// The feedparser function this rule matches, e.g. `"_parse_date_rfc822"`.
        public var feedparserFunction: String { "_parse_date_" + rawValue }
    }

    /// The order ``parseFull(_:)`` tries the rules in.
    ///
    /// feedparser's own order (`registerDateHandler` in `feedparser/datetimes/__init__.py`) is
    /// w3dtf, rfc822, iso8601, asctime, perforce, hungarian, greek, nate, onblog. Here iso8601
    /// comes last: its templates match a *prefix*, so before the Hungarian and Korean rules it
    /// reads `2004-05-25 오후 11:23:17` as midnight and `2004-július-13` from the clock. Those
    /// rules need their own non-ASCII words, so running them earlier changes nothing for any
    /// other string.
    public static let chain: [Rule] = [.w3dtf, .rfc822, .asctime, .perforce, .hungarian, .greek, .nate, .onblog, .iso8601]

    /// Parses `text` as any supported format; nil when no rule matches or a value is out of
    /// range. Leading and trailing whitespace is ignored.
    ///
    /// Tries the byte-level fast path first and falls back to ``parseFull(_:)``; the two give the
    /// same result for every string the fast path takes.
    ///
    /// - Parameter text: the date as it appears in the feed.
    /// - Returns: the instant in UTC (whole seconds), or nil.
    public static func parse(_ text: String) -> Date? {
        // Native Swift strings are contiguous UTF-8; a bridged one goes to the full rules.
        if let fast = text.utf8.withContiguousStorageIfAvailable({ parseFast($0) }) ?? nil { return fast }
        return parseFull(text)
    }

    /// Parses `text` as ``parse(_:)`` does, and says how precise the date is and in which zone
    /// it was written.
    ///
    /// The instant is always ``parse(_:)``'s. The precision is ``DatePrecision/day`` when the
    /// text gives no time of day (`2021-09-19`, `Sun, 19 Sep 2021`, `20210919`) or a time of
    /// 00:00 with seconds zero or absent in the text's own zone (`Sun, 19 Sep 2021 00:00:00
    /// +0800`, `2021-09-19T00:00:00-04:00`): content systems that know only an item's day write
    /// it at midnight, so such a date says "some time that day" and the instant is that day's
    /// start. Every other time, 00:00:01 and a leap second included, is ``DatePrecision/time``.
    /// A real report at exactly midnight is then read as its day, the cautious reading.
    ///
    /// - Parameter text: the date as it appears in the feed.
    /// - Returns: the instant (UTC, whole seconds), its precision and the offset of the zone it
    ///   was written in (seconds east of UTC; 0 when the text names no zone, which is read as
    ///   UTC); nil when ``parse(_:)`` gives nil.
    public static func parseWithPrecision(_ text: String) -> ParsedDate? {
        if let fast = text.utf8.withContiguousStorageIfAvailable({ parseFastStamp($0) }) ?? nil { return fast.parsed }
        let bytes = trimmed(text)
        if bytes.isEmpty { return nil }
        for rule in chain {
            if let stamp = apply(rule, bytes) { return stamp.parsed }
        }
        return nil
    }

    /// Parses `text` with the full rule set in the order of ``chain``, without the fast path.
    ///
    /// This is the reference the fast path is checked against, and the "before" of the date
    /// benchmark. Leading and trailing whitespace is ignored.
    ///
    /// - Parameter text: the date as it appears in the feed.
    /// - Returns: the instant in UTC (whole seconds), or nil when no rule matches.
    public static func parseFull(_ text: String) -> Date? {
        let bytes = trimmed(text)
        if bytes.isEmpty { return nil }
        for rule in chain {
            if let stamp = apply(rule, bytes) { return stamp.date }
        }
        return nil
    }

    /// Parses `text` with one rule only, as feedparser's date-parser tests call one handler.
    ///
    /// - Parameters:
    ///   - text: the date; leading and trailing whitespace is ignored.
    ///   - rule: the handler to use.
    /// - Returns: the instant in UTC (whole seconds), or nil when that rule does not match.
    public static func parse(_ text: String, rule: Rule) -> Date? {
        let bytes = trimmed(text)
        if bytes.isEmpty { return nil }
        return apply(rule, bytes)?.date
    }

    /// Parses an RFC 822 / RFC 1123 date (RSS `pubDate`) with feedparser's leniencies
    /// (``Rule/rfc822``).
    ///
    /// - Parameter text: e.g. `"Sat, 18 Sep 2021 17:29:33 GMT"`, `"Thu, 01 Jan 04 19:48:21 EST"`.
    /// - Returns: the instant in UTC, or nil when the text is not such a date.
    public static func parseRFC822(_ text: String) -> Date? {
        parse(text, rule: .rfc822)
    }

    /// Parses a W3C-DTF / RFC 3339 date (Atom, `dc:date`) with feedparser's leniencies
    /// (``Rule/w3dtf``).
    ///
    /// - Parameter text: e.g. `"2021-09-18T18:58:07+00:00"`, `"2003-12"`, `"2004-07-08 23:56:58"`.
    /// - Returns: the instant in UTC, or nil when the text is not such a date.
    public static func parseW3CDTF(_ text: String) -> Date? {
        parse(text, rule: .w3dtf)
    }

    static func apply(_ rule: Rule, _ s: [UInt8]) -> Stamp? {
        switch rule {
        case .w3dtf: return w3dtf(s)
        case .rfc822: return rfc822(s)
        case .iso8601: return iso8601(s)
        case .asctime: return asctime(s)
        case .perforce: return perforce(s)
        case .hungarian: return hungarian(s)
        case .greek: return greek(s)
        case .nate: return nate(s)
        case .onblog: return onblog(s)
        }
    }

    static func trimmed(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return start == 0 && end == bytes.count ? bytes : Array(bytes[start..<end])
    }
}

/// How much of a moment a date's text gives (``DateParser/parseWithPrecision(_:)``).
public enum DatePrecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// A time of day other than midnight: the instant is the publisher's claim to the second.
    case time
    /// Only a day: no time of day, or 00:00 (seconds zero or absent) in the text's own zone.
    /// The instant is the start of that day; the item may have appeared at any time of it.
    case day
}

/// A date as read from a feed: the instant, its precision, and the zone it was written in.
public struct ParsedDate: Sendable, Hashable, Codable {
    /// The instant (UTC, whole seconds); for ``DatePrecision/day`` the start of the day in the
    /// zone of ``utcOffset``.
    public var date: Date
    /// Whether the text gave a time of day.
    public var precision: DatePrecision
    /// Seconds east of UTC of the zone the text gives (`+0800`: 28,800); 0 when it names none.
    public var utcOffset: Int

    /// Creates a parsed date.
    public init(date: Date, precision: DatePrecision, utcOffset: Int) {
        self.date = date
        self.precision = precision
        self.utcOffset = utcOffset
    }

    /// For a day-only date, ``utcOffset``; nil for a time. The form items and the store keep
    /// (``FeedItem/publishedDayOffset``).
    public var dayOffset: Int? { precision == .day ? utcOffset : nil }
}
