// The date parser as it was before the fast path and the localised rules (Byline commit
// 7201c39, Sources/BylineFeed/DateParser.swift), kept verbatim but renamed, as the "old full
// path" of the date benchmark.
import Foundation

/// The old date parser (see the top of this file).
///
/// Two families are understood, tried by the shape of the text:
/// - **W3C-DTF / RFC 3339** (Atom, `dc:date`): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and a date with
///   a time `hh:mm[:ss[.fraction]]` after `T`, `t` or a space, then an optional zone: `Z`,
///   `±hh:mm`, `±hhmm`, `±hh`, or (MSSQL style, after a space) a named zone. Missing month and
///   day are 1; a missing zone is UTC; fractional seconds are truncated to whole seconds, as
///   feedparser's `_parse_date_w3dtf` does.
/// - **RFC 822 / RFC 1123** (RSS `pubDate`): `[Day,] DD Mon YYYY hh:mm[:ss] zone`, with the day
///   name optional, day and month swappable (`Aug 30 2012`), month names of any length (`January`),
///   missing seconds 0, a missing time and zone midnight UTC, and commas anywhere treated as
///   spaces. Zones: `UT`, `UTC`, `GMT`, `Z`, `Etc/GMT`, `GMT±hh:mm`, `±hhmm`, `±hh:mm`, the US
///   names `EST/EDT CST/CDT MST/MDT PST/PDT AST/ADT` and `ET CT MT PT AT`, `MET` (+1), `MEST`
///   (+2), and the RFC 822 §5.1 military letters (`A`–`I` = −1…−9, `K`–`M` = −10…−12,
///   `N`–`Y` = +1…+12, `Z` = 0, with RFC 822's signs, as feedparser uses them). An unknown
///   zone name counts as UTC (feedparser's behaviour).
///   **Two-digit years** follow feedparser's `_parse_date_rfc822`: a year written with one or
///   two digits is 19YY when it is 90 or more and 20YY otherwise (`04` → 2004, `95` → 1995);
///   a year written with three or four digits is taken as written (`0100` → year 100).
/// - **asctime** (`Sun Jan  4 16:29:06 2004`, also with a zone before the year), rearranged into
///   RFC 822 order as feedparser's `_parse_date_asctime` does.
///
/// Calendar values out of range (day 99, hour 25, minute 61, second 61, offset −99:99) give nil;
/// so does a result outside years 1…9999. A leap second (`:60`) is rejected, like Python's
/// `datetime`. The parser never throws: a feed's broken date costs that one field.
enum OldDateParser {
    /// Parses `text` as any supported format; nil when no format matches or a value is out of
    /// range. Leading and trailing whitespace is ignored.
    ///
    /// - Parameter text: the date as it appears in the feed.
    /// - Returns: the instant in UTC, or nil.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if start == end { return nil }
        let slice = Array(bytes[start..<end])
        // Four digits first: W3C-DTF. Otherwise RFC 822, then asctime.
        if slice.count >= 4, slice[0...3].allSatisfy(isDigit) {
            if let date = w3cdtf(slice) { return date }
        }
        if let date = rfc822(slice) { return date }
        return asctime(slice)
    }

    /// Parses an RFC 822 / RFC 1123 date (RSS `pubDate`) with feedparser's leniencies.
    ///
    /// - Parameter text: e.g. `"Sat, 18 Sep 2021 17:29:33 GMT"`, `"Thu, 01 Jan 04 19:48:21 EST"`.
    /// - Returns: the instant in UTC, or nil when the text is not such a date.
    static func parseRFC822(_ text: String) -> Date? {
        rfc822(Array(text.utf8))
    }

    /// Parses a W3C-DTF / RFC 3339 date (Atom, `dc:date`) with feedparser's leniencies.
    ///
    /// - Parameter text: e.g. `"2021-09-18T18:58:07+00:00"`, `"2003-12"`, `"2004-07-08 23:56:58"`.
    /// - Returns: the instant in UTC, or nil when the text is not such a date.
    static func parseW3CDTF(_ text: String) -> Date? {
        w3cdtf(Array(text.utf8))
    }

    // MARK: - W3C-DTF

    static func w3cdtf(_ s: [UInt8]) -> Date? {
        var bytes = s
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
        if bytes.isEmpty { return nil }
        // Split date and time at 'T'/'t' (at most one), else at the first space.
        var datePart: ArraySlice<UInt8>
        var timePart: ArraySlice<UInt8> = []
        var zonePart: ArraySlice<UInt8> = []
        let tIndices = bytes.indices.filter { bytes[$0] == UInt8(ascii: "T") || bytes[$0] == UInt8(ascii: "t") }
        if tIndices.count > 1 { return nil }
        if let t = tIndices.first {
            datePart = bytes[..<t]
            timePart = bytes[(t + 1)...]
        } else {
            let pieces = bytes.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
            if pieces.count > 3 { return nil }
            datePart = pieces.first ?? []
            if pieces.count >= 2 { timePart = pieces[1] }
            if pieces.count == 3 { zonePart = pieces[2] }
        }
        // Date: YYYY[-M[-D]] with a four-digit year.
        let dateFields = datePart.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard (1...3).contains(dateFields.count), dateFields[0].count == 4 else { return nil }
        guard let year = number(dateFields[0]) else { return nil }
        var month = 1
        var day = 1
        if dateFields.count >= 2 { guard let m = number(dateFields[1]) else { return nil }; month = m }
        if dateFields.count == 3 { guard let d = number(dateFields[2]) else { return nil }; day = d }
        // Time: split off a trailing zone (Z, +, -).
        var offset = 0
        if !timePart.isEmpty {
            if let last = timePart.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
                timePart = timePart.dropLast()
                if !zonePart.isEmpty { return nil }
            } else if let sign = timePart.firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
                if !zonePart.isEmpty { return nil }
                zonePart = timePart[sign...]
                timePart = timePart[..<sign]
            }
        }
        if !zonePart.isEmpty {
            guard let z = zoneOffset(zonePart) else { return nil }
            offset = z
        }
        var hour = 0
        var minute = 0
        var second = 0
        if !timePart.isEmpty {
            let fields = timePart.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard fields.count <= 3 else { return nil }
            guard let h = number(fields[0]) else { return nil }
            hour = h
            if fields.count >= 2 { guard let m = number(fields[1]) else { return nil }; minute = m }
            if fields.count == 3 {
                var secField = fields[2]
                if let dot = secField.firstIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) {
                    let fraction = secField[(dot + 1)...]
                    guard fraction.allSatisfy(isDigit) else { return nil }
                    secField = secField[..<dot]
                }
                guard let s = number(secField) else { return nil }
                second = s
            }
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset)
    }

    // MARK: - RFC 822

    static func rfc822(_ s: [UInt8]) -> Date? {
        // Lower-case, commas as spaces, split on whitespace.
        var lowered = s
        for i in lowered.indices {
            let b = lowered[i]
            if b >= 0x41 && b <= 0x5A { lowered[i] = b | 0x20 } else if b == UInt8(ascii: ",") { lowered[i] = 0x20 }
        }
        var parts: [ArraySlice<UInt8>] = lowered.split(whereSeparator: isSpace)
        if parts.isEmpty { return nil }
        if parts.count < 5 {
            parts.append(midnight[...])
            parts.append(utcZone[...])
        }
        if dayNames.contains(pack(parts[0].prefix(3))) { parts.removeFirst() }
        if parts.count < 5 { return nil }
        var day: Int
        var month: Int
        if let d = number(parts[0]) {
            day = d
            guard let m = months[pack(parts[1].prefix(3))] else { return nil }
            month = m
        } else if let m = months[pack(parts[0].prefix(3))] {
            guard let d = number(parts[1]) else { return nil }
            day = d
            month = m
        } else {
            return nil
        }
        guard var year = number(parts[2]) else { return nil }
        if parts[2].count <= 2 { year += year >= 90 ? 1900 : 2000 }
        var hms = [0, 0, 0]
        var field = 0
        var value = 0
        var digits = 0
        for b in parts[3] {
            if b == UInt8(ascii: ":") {
                guard digits > 0, field < 2 else { return nil }
                hms[field] = value
                field += 1
                value = 0
                digits = 0
            } else if isDigit(b), digits < 4 {
                value = value * 10 + Int(b - 48)
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        hms[field] = value
        var zone = parts[4]
        if zone.starts(with: etcPrefix) { zone = zone.dropFirst(4) }
        if zone.starts(with: gmtPrefix) || zone.starts(with: utcPrefix) {
            let rest = zone.dropFirst(3)
            zone = rest.isEmpty ? gmtPrefix[...] : rest
        }
        guard let offset = zoneOffset(zone) else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hms[0], minute: hms[1], second: hms[2],
                        offsetSeconds: offset)
    }

    static let midnight: [UInt8] = Array("00:00:00".utf8)
    static let utcZone: [UInt8] = Array("+0000".utf8)
    static let etcPrefix: [UInt8] = Array("etc/".utf8)
    static let gmtPrefix: [UInt8] = Array("gmt".utf8)
    static let utcPrefix: [UInt8] = Array("utc".utf8)

    static func asctime(_ s: [UInt8]) -> Date? {
        var parts = s.split(whereSeparator: isSpace)
        if parts.count == 5 { parts.insert(utcZone[...], at: 4) }
        guard parts.count == 6 else { return nil }
        let space: [UInt8] = [0x20]
        let joined = [parts[0], parts[2], parts[1], parts[5], parts[3], parts[4]].joined(separator: space)
        return rfc822(Array(joined))
    }

    // MARK: - Pieces

    /// A zone as seconds east of UTC: numeric (`+hh:mm`, `+hhmm`, `+hh`) or a name; nil when a
    /// numeric zone is malformed or out of range. Unknown names are UTC (feedparser).
    static func zoneOffset(_ zone: ArraySlice<UInt8>) -> Int? {
        guard let first = zone.first else { return 0 }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            let digits = zone.dropFirst().filter { $0 != UInt8(ascii: ":") }
            guard zone.dropFirst().allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ":") }),
                  digits.count == 2 || digits.count == 4 else { return nil }
            let hours = Int(digits[digits.startIndex] - 48) * 10 + Int(digits[digits.startIndex + 1] - 48)
            let minutes = digits.count == 4
                ? Int(digits[digits.startIndex + 2] - 48) * 10 + Int(digits[digits.startIndex + 3] - 48) : 0
            guard hours <= 23, minutes <= 59 else { return nil }
            let total = hours * 3600 + minutes * 60
            return first == UInt8(ascii: "-") ? -total : total
        }
        let lowered = zone.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if lowered.count == 1, let letter = lowered.first, letter >= 0x61, letter <= 0x7A {
            return militaryOffset(letter) * 3600
        }
        guard lowered.count <= 8 else { return 0 }
        return (zoneNames[pack(lowered[...])] ?? 0) * 3600
    }

    /// RFC 822 §5.1 military zones (with RFC 822's signs): A-I -1…-9, K-M -10…-12, N-Y +1…+12, Z 0.
    static func militaryOffset(_ letter: UInt8) -> Int {
        switch letter {
        case 0x61...0x69: return -Int(letter - 0x60)          // a..i
        case 0x6B...0x6D: return -Int(letter - 0x6B + 10)     // k..m
        case 0x6E...0x79: return Int(letter - 0x6E + 1)       // n..y
        default: return 0                                     // z, j
        }
    }

    static let zoneNames: [UInt64: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "adt": -3, "ast": -4, "at": -4,
        "edt": -4, "est": -5, "et": -5,
        "cdt": -5, "cst": -6, "ct": -6,
        "mdt": -6, "mst": -7, "mt": -7,
        "pdt": -7, "pst": -8, "pt": -8,
        "met": 1, "mest": 2,
    ].reduce(into: [:]) { $0[pack(Array($1.key.utf8)[...])] = $1.value }

    static let months: [UInt64: Int] = {
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        var table: [UInt64: Int] = [:]
        for (i, name) in names.enumerated() { table[pack(Array(name.utf8)[...])] = i + 1 }
        return table
    }()

    static let dayNames: Set<UInt64> = Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { pack(Array($0.utf8)[...]) })

    /// Up to eight bytes packed into an integer, for table look-ups without allocation.
    static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var v: UInt64 = 0
        for b in bytes.prefix(8) { v = (v << 8) | UInt64(b) }
        return v
    }

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

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    /// Builds the instant from civil fields in a zone `offsetSeconds` east of UTC; nil when a
    /// field is out of range or the UTC result leaves years 1…9999.
    static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                         offsetSeconds: Int) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= daysInMonth(year: year, month: month),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second
        let utc = local - offsetSeconds
        // Years 1...9999 in UTC: 0001-01-01 is day -719162, 10000-01-01 is day 2932897.
        guard utc >= -719_162 * 86_400, utc < 2_932_897 * 86_400 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(utc))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
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
