import Foundation

/// The pieces every rule shares: byte classes, small numbers, zone tables, and the civil-date
/// arithmetic that turns fields into an instant.
extension DateParser {
    // MARK: - Zones

    /// feedparser's `timezone_names` of `_parse_date_rfc822`, in hours east of UTC. An unknown
    /// name is UTC, as in feedparser. Of RFC 822 §5.1's military letters feedparser knows only
    /// `A` (−1), `N` (+1), `M` (−12), `Y` (+12) and `Z` (0), with RFC 822's signs; every other
    /// letter counts as UTC there too, which is also what RFC 1123 §5.2.14 advises.
    static let rfc822Zones: [UInt64: Int] = packTable([
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "adt": -3, "ast": -4, "at": -4,
        "edt": -4, "est": -5, "et": -5,
        "cdt": -5, "cst": -6, "ct": -6,
        "mdt": -6, "mst": -7, "mt": -7,
        "pdt": -7, "pst": -8, "pt": -8,
        "a": -1, "n": 1, "m": -12, "y": 12,
        "met": 1, "mest": 2,
    ])

    static func packTable(_ table: [String: Int]) -> [UInt64: Int] {
        table.reduce(into: [:]) { $0[pack(Array($1.key.utf8)[...])] = $1.value }
    }

    /// A numeric zone `±hh:mm`, `±hhmm` or (when `allowHoursOnly`) `±hh` as seconds east of UTC;
    /// nil when malformed or when hours exceed 23 or minutes 59.
    static func numericZone(_ zone: ArraySlice<UInt8>, allowHoursOnly: Bool) -> Int? {
        guard let sign = zone.first, sign == plus || sign == minus else { return nil }
        let body = zone.dropFirst()
        var digits: [Int] = []
        for (i, b) in body.enumerated() {
            if isDigit(b) { digits.append(Int(b - 48)) } else if b == colon, i == 2, body.count == 5 { continue } else { return nil }
        }
        guard digits.count == 4 || (allowHoursOnly && digits.count == 2 && body.count == 2) else { return nil }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits.count == 4 ? digits[2] * 10 + digits[3] : 0
        guard hours <= 23, minutes <= 59 else { return nil }
        let total = hours * 3600 + minutes * 60
        return sign == minus ? -total : total
    }

    // MARK: - Names

    static let months: [UInt64: Int] = {
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        var table: [UInt64: Int] = [:]
        for (i, name) in names.enumerated() { table[pack(Array(name.utf8)[...])] = i + 1 }
        return table
    }()

    static let dayNames: Set<UInt64> = Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { pack(Array($0.utf8)[...]) })

    /// Up to eight bytes packed into an integer, for table look-ups without allocation.
    static func pack<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var v: UInt64 = 0
        for b in bytes.prefix(8) { v = (v << 8) | UInt64(b) }
        return v
    }

    // MARK: - 12-hour clock

    /// The hour of the day (0...23) of `hour` on a 12-hour clock: 12 AM is 0, 1 AM to 11 AM are
    /// 1 to 11, 12 PM is 12, 1 PM to 11 PM are 13 to 23. nil for an hour outside 1...12, which no
    /// 12-hour clock shows. Every reader that knows a marker of the 12-hour clock (`AM`/`PM`,
    /// Korean 오전/오후) reads its hour with this.
    static func hourOfDay(twelveHour hour: Int, pm: Bool) -> Int? {
        guard hour >= 1, hour <= 12 else { return nil }
        return hour % 12 + (pm ? 12 : 0)
    }

    // MARK: - Bytes

    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let colon = UInt8(ascii: ":")
    static let space = UInt8(ascii: " ")
    static let dot = UInt8(ascii: ".")
    static let comma = UInt8(ascii: ",")
    static let slash = UInt8(ascii: "/")

    /// A run of ASCII digits as an Int (at most 9 digits); nil for anything else.
    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for b in digits {
            guard isDigit(b) else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }

    /// Python's `int(text)` for plain numbers: surrounding whitespace allowed, then ASCII digits
    /// (a leading `+` allowed); nil otherwise. Negative values are never valid date fields here.
    static func pyInt(_ text: ArraySlice<UInt8>) -> Int? {
        var s = text
        while let f = s.first, isSpace(f) { s = s.dropFirst() }
        while let l = s.last, isSpace(l) { s = s.dropLast() }
        if s.first == plus { s = s.dropFirst() }
        return number(s)
    }

    /// Python's `int(float(text))` for plain decimals (`55`, `55.538`, `55.`, `.5`): the whole
    /// part, truncated; nil for anything else. A comma works as the decimal mark too (ISO 8601
    /// allows it; Python does not).
    static func pyIntOfFloat(_ text: ArraySlice<UInt8>) -> Int? {
        var s = text
        while let f = s.first, isSpace(f) { s = s.dropFirst() }
        while let l = s.last, isSpace(l) { s = s.dropLast() }
        if s.first == plus { s = s.dropFirst() }
        guard let mark = s.firstIndex(where: { $0 == dot || $0 == comma }) else { return number(s) }
        let whole = s[..<mark]
        let fraction = s[(mark + 1)...]
        guard fraction.allSatisfy(isDigit), !(whole.isEmpty && fraction.isEmpty) else { return nil }
        return whole.isEmpty ? 0 : number(whole)
    }

    static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }
    /// ASCII whitespace as Python's `str.split()` sees it (space, tab, LF, VT, FF, CR, and the
    /// information separators 0x1C–0x1F).
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b &- 0x09 < 5) || (b &- 0x1C < 4) }

    // MARK: - Calendar

    /// Builds the instant from civil fields in a zone `offsetSeconds` east of UTC; nil when a
    /// field is out of range (Python's `datetime` limits: month 1…12, day within the month,
    /// hour 0…23, minute 0…59, but second 0…60) or the UTC result leaves years 1…9999.
    ///
    /// Second 60 is a leap second (RFC 3339 sections 5.6 and 5.7: `2016-12-31T23:59:60Z`). It
    /// is read as the first second of the next minute (`2017-01-01T00:00:00Z`): the instant POSIX
    /// time gives it (its count of seconds has no leap seconds, and `timegm` of second 60 is the
    /// next minute's), so the item sorts after 23:59:59 and before anything published later, and
    /// the result is feedparser 6.0.14's `_parse_date` for the RFC 3339 form (its W3C-DTF rule
    /// rejects the string, its ISO 8601 rule then rolls it over through `mktime`). Any minute
    /// may have one, whatever the zone: a feed's clock rounding 59.7 s up is read the same way.
    /// Second 61 (C89's second leap second, which never occurs) stays out of range.
    ///
    /// The result keeps the zone the fields were given in and whether their time of day is
    /// 00:00:00 there (``Stamp``), for ``DatePrecision``.
    @inline(__always)
    static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                         offsetSeconds: Int) -> Stamp? {
        guard let utc = utcSeconds(year: year, month: month, day: day, hour: hour, minute: minute,
                                   second: second, offsetSeconds: offsetSeconds) else { return nil }
        return Stamp(utc: utc, offsetSeconds: offsetSeconds, midnight: hour == 0 && minute == 0 && second == 0)
    }

    /// What a rule read: the instant, the zone the text was read in, and whether the text's time
    /// of day was 00:00:00 there (also when the text gave none).
    struct Stamp {
        /// Seconds since 1970-01-01T00:00:00Z.
        var utc: Int
        /// Seconds east of UTC of the zone the civil fields were read in (0 when the text named
        /// none: such a date is UTC).
        var offsetSeconds: Int
        /// Whether the civil time of day was 00:00:00 (a time-less date is).
        var midnight: Bool

        /// The instant.
        var date: Date { Date(timeIntervalSince1970: TimeInterval(utc)) }

        /// The public form: the instant with its precision and zone.
        var parsed: ParsedDate {
            ParsedDate(date: date, precision: midnight ? .day : .time, utcOffset: offsetSeconds)
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z of the civil fields, with ``makeDate``'s checks.
    @inline(__always)
    static func utcSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                           offsetSeconds: Int) -> Int? {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1,
              day <= daysInMonth(year: year, month: month),
              hour >= 0, hour <= 23, minute >= 0, minute <= 59, second >= 0, second <= 60 else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second
        let utc = local - offsetSeconds
        // Years 1...9999 in UTC: 0001-01-01 is day -719162, 10000-01-01 is day 2932897.
        guard utc >= -719_162 * 86_400, utc < 2_932_897 * 86_400 else { return nil }
        return utc
    }

    @inline(__always)
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    @inline(__always)
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    @inline(__always)
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
