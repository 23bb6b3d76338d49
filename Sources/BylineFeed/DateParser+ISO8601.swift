import Foundation

extension DateParser {
    /// One piece of a feedparser ISO 8601 template.
    enum ISOToken: Sendable {
        case year4, year2, month, optionalMonth, day, ordinal, century, dash, optionalDash, zero
    }

    /// feedparser's `_iso8601_tmpl`, in its order (the first template that matches wins):
    /// `YYYY-?MM-?DD`, `YYYY-0MM?-?DD`, `YYYY-MM`, `YYYY-?OOO`, `YY-?MM-?DD`, `YY-?OOO`, `YYYY`,
    /// `-YY-?MM`, `-OOO`, `-YY`, `--MM-?DD`, `--MM`, `---DD`, `CC`, and the empty template.
    static let isoTemplates: [[ISOToken]] = [
        [.year4, .optionalDash, .month, .optionalDash, .day],
        [.year4, .dash, .zero, .optionalMonth, .optionalDash, .day],
        [.year4, .dash, .month],
        [.year4, .optionalDash, .ordinal],
        [.year2, .optionalDash, .month, .optionalDash, .day],
        [.year2, .optionalDash, .ordinal],
        [.year4],
        [.dash, .year2, .optionalDash, .month],
        [.dash, .ordinal],
        [.dash, .year2],
        [.dash, .dash, .month, .optionalDash, .day],
        [.dash, .dash, .month],
        [.dash, .dash, .dash, .day],
        [.century],
        [],
    ]

    /// The fields a template captured (nil: group absent).
    struct ISOFields {
        var year: Int?
        var yearDigits = 0
        var month: Int?
        var day: Int?
        var ordinal: Int?
        var century: Int?
    }

    /// ``Rule/iso8601``, feedparser's `_parse_date_iso8601`: the ISO 8601 templates of
    /// ``isoTemplates``, each followed by an optional time and zone.
    ///
    /// The time is `hh:mm[:ss][.fraction]` after an optional `T` or one space, or the basic
    /// `hhmm[ss][.fraction]` after a `T`; the zone `Z`, `±hh`, `±hh:mm` or `±hhmm`. A template
    /// and its time must make up the whole text (a `T` with nothing after it may end it), so a
    /// text with anything else after the date or time is nil: no date rather than the date of a
    /// prefix. The first template that does wins. Month `[01]d`, day `[0-3]d`, ordinal day
    /// `[0-3]dd`. A two-digit year is in the current century, 20YY. A missing day is 1; an
    /// ordinal day counts from 1 January. Fractions of a second are dropped.
    /// Departures from feedparser, whose templates match a *prefix* and ignore the rest
    /// (`2013-01-27-01` is 2013-01-27 there, `1632027600` is day 27 of 1632, and
    /// `2021-09-19T10:00:00 PM` is 10:00): a text that is not all one template is nil; the
    /// basic time, the space before a time, `±hhmm` and lower-case `t`/`z` are read
    /// (feedparser drops such a time: `20210918T100000Z` is midnight there). And, as feedparser
    /// normalises through `time.mktime`: a field out of range
    /// (month 13, 31 September, ordinal 366 of a common year, hour 24, second 61, zone beyond
    /// ±23:59) is nil instead of rolling over (second 60, a leap second, is the next minute's
    /// first second, as in feedparser: ``makeDate(year:month:day:hour:minute:second:offsetSeconds:)``); templates that leave the year or month to the
    /// clock (`YYYY` alone, `-YY`, `-OOO`, `--MM`, `---DD`, `CC`, a bare time, a `YYYY-0` with no
    /// month, ordinal `000`) are nil instead of taking today's year or month. A minus sign, four
    /// digits and a dash is a signed year, ISO 8601's expanded representation (section 4.1.2.4),
    /// not `-YY-?MM`: feeds carry it as PHP's print of the zero date `0000-00-00`
    /// (`-0001-11-30T00:00:00+00:00`), which feedparser reads as 2000-01-01; here it is nil
    /// (`-0312`, December 2003 in feedparser's `-YYMM`, still reads).
    static func iso8601(_ s: [UInt8]) -> Stamp? {
        let dash = UInt8(ascii: "-")
        if s.count >= 6, s[0] == dash, s[1...4].allSatisfy(isDigit), s[5] == dash { return nil }
        for template in isoTemplates {
            var fields = ISOFields()
            var time = ISOTime()
            guard let end = matchISO(template[...], s, 0, &fields, &time) else { continue }
            if end == 0 { return nil }  // feedparser: an empty match is no date.
            return isoDate(fields, time)
        }
        return nil
    }

    /// Matches `tokens` at `at`, then the time, with backtracking over the optional pieces, so
    /// that the match ends at the end of `s` (or before a final `T`); the end index, or nil.
    static func matchISO(_ tokens: ArraySlice<ISOToken>, _ s: [UInt8], _ at: Int,
                         _ fields: inout ISOFields, _ time: inout ISOTime) -> Int? {
        guard let token = tokens.first else {
            var clock = ISOTime()
            let stop = matchISOTime(s, at, &clock)
            guard stop == s.count || (stop == s.count - 1 && s[stop] | 0x20 == UInt8(ascii: "t")) else { return nil }
            time = clock
            return stop
        }
        let rest = tokens.dropFirst()
        func digits(_ n: Int, first: ClosedRange<UInt8> = 0x30...0x39) -> Int? {
            guard at + n <= s.count, first.contains(s[at]) else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard isDigit(s[i]) else { return nil }
                v = v * 10 + Int(s[i] - 48)
            }
            return v
        }
        switch token {
        case .year4, .year2:
            let n = token == .year4 ? 4 : 2
            guard let v = digits(n) else { return nil }
            fields.year = v
            fields.yearDigits = n
            return matchISO(rest, s, at + n, &fields, &time)
        case .month, .optionalMonth:
            if let v = digits(2, first: 0x30...0x31) {
                let saved = fields
                fields.month = v
                if let end = matchISO(rest, s, at + 2, &fields, &time) { return end }
                fields = saved
            }
            return token == .optionalMonth ? matchISO(rest, s, at, &fields, &time) : nil
        case .day:
            guard let v = digits(2, first: 0x30...0x33) else { return nil }
            fields.day = v
            return matchISO(rest, s, at + 2, &fields, &time)
        case .ordinal:
            guard let v = digits(3, first: 0x30...0x33) else { return nil }
            fields.ordinal = v
            return matchISO(rest, s, at + 3, &fields, &time)
        case .century:
            guard let v = digits(2), at + 2 == s.count else { return nil }
            fields.century = v
            return matchISO(rest, s, at + 2, &fields, &time)
        case .dash, .zero:
            guard at < s.count, s[at] == (token == .dash ? minus : UInt8(ascii: "0")) else { return nil }
            return matchISO(rest, s, at + 1, &fields, &time)
        case .optionalDash:
            if at < s.count, s[at] == minus, let end = matchISO(rest, s, at + 1, &fields, &time) { return end }
            return matchISO(rest, s, at, &fields, &time)
        }
    }

    /// The optional time group of feedparser's ISO 8601 expressions.
    struct ISOTime {
        var hour = 0
        var minute = 0
        var second = 0
        var offsetSeconds = 0
        var offsetInRange = true
    }

    /// Matches the optional time greedily at `at`: `[T| ]hh:mm[:ss][.d+]` or `Thhmm[ss][.d+]`,
    /// then `Z`, `±hh`, `±hh:mm` or `±hhmm` (`T` and `Z` in either case, `,` for `.`); the end
    /// index, `at` when no time is there.
    static func matchISOTime(_ s: [UInt8], _ at: Int, _ time: inout ISOTime) -> Int {
        func two(_ i: Int) -> Int? {
            guard i + 2 <= s.count, isDigit(s[i]), isDigit(s[i + 1]) else { return nil }
            return Int(s[i] - 48) * 10 + Int(s[i + 1] - 48)
        }
        var i = at
        var designator = false
        if i < s.count, s[i] | 0x20 == UInt8(ascii: "t") {
            i += 1
            designator = true
        } else if i > 0, i < s.count, s[i] == space {
            i += 1
        }
        guard let hour = two(i) else { return at }
        if i + 2 < s.count, s[i + 2] == colon, let minute = two(i + 3) {
            time.minute = minute
            i += 5
            if i < s.count, s[i] == colon, let second = two(i + 1) {
                time.second = second
                i += 3
            }
        } else if designator, let minute = two(i + 2) {
            time.minute = minute
            i += 4
            if let second = two(i) {
                time.second = second
                i += 2
            }
        } else {
            return at
        }
        time.hour = hour
        if i + 1 < s.count, s[i] == dot || s[i] == comma, isDigit(s[i + 1]) {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        if i < s.count, s[i] | 0x20 == UInt8(ascii: "z") {
            i += 1
        } else if i < s.count, s[i] == plus || s[i] == minus, let tzHour = two(i + 1) {
            let sign = s[i] == minus ? -1 : 1
            var tzMinute = 0
            i += 3
            if i < s.count, s[i] == colon, let m = two(i + 1) {
                tzMinute = m
                i += 3
            } else if let m = two(i) {
                tzMinute = m
                i += 2
            }
            time.offsetInRange = tzHour <= 23 && tzMinute <= 59
            time.offsetSeconds = sign * (tzHour * 3600 + tzMinute * 60)
        }
        return i
    }

    /// feedparser's field rules after a template matched; nil where it would read the clock or
    /// a field is out of range.
    static func isoDate(_ f: ISOFields, _ t: ISOTime) -> Stamp? {
        guard var year = f.year, f.century == nil, t.offsetInRange else { return nil }
        if f.yearDigits == 2 { year += 2000 }
        let ordinal = f.ordinal ?? 0
        if let month = f.month {
            let day = f.day ?? 1
            return makeDate(year: year, month: month, day: day, hour: t.hour, minute: t.minute, second: t.second,
                            offsetSeconds: t.offsetSeconds)
        }
        guard ordinal >= 1, ordinal <= (isLeap(year) ? 366 : 365), f.day == nil else { return nil }
        // Day `ordinal` of the year, through 1 January and whole days.
        guard let janFirst = utcSeconds(year: year, month: 1, day: 1, hour: t.hour, minute: t.minute,
                                        second: t.second, offsetSeconds: t.offsetSeconds) else { return nil }
        let utc = janFirst + (ordinal - 1) * 86_400
        guard utc < 2_932_897 * 86_400 else { return nil }
        return Stamp(utc: utc, offsetSeconds: t.offsetSeconds, midnight: t.hour == 0 && t.minute == 0 && t.second == 0)
    }
}
