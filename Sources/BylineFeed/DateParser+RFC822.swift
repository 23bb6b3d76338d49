import Foundation

extension DateParser {
    /// ``Rule/rfc822``, feedparser's `_parse_date_rfc822`: RFC 822 §5 / RFC 1123 §5.2.14 dates.
    ///
    /// The text is lower-cased and split at whitespace (commas count as whitespace too, as newer
    /// feedparser releases do, so `Fri,24 Nov 2023` works). With fewer than five pieces the time
    /// `00:00:00` and zone UTC are appended; then a leading day name (first three letters) is
    /// dropped; four pieces left (a date and time with no zone) get zone UTC, and at least five
    /// pieces must remain. Day and month may be swapped (`Aug 30 2012`),
    /// months are matched on their first three letters (`January`). A year of one or two digits
    /// is 19YY when 90 or more and 20YY otherwise (`04` → 2004); three or four digits are taken as
    /// written (`0100` → year 100). The time is `h[:m[:s]]`. The zone: `Etc/` is dropped; `GMT`
    /// or `UTC` followed by an offset is that offset (`GMT-01:01`, `GMT+7`, `UTC -05:00`); an offset
    /// is ``looseOffset(_:)``'s `±h`, `±hh`, `±hhmm`, `±h:mm` or `±hh:mm` (a name after it, as in
    /// `+05:30 IST`, is ignored); an IANA name (`America/Los_Angeles`) is the offset that zone
    /// observes at that wall-clock time, from the system tz database (``ianaZone(_:)``); else a
    /// name from feedparser's table (``rfc822Zones``), then ``commonZones``, unknown names being UTC.
    /// A time followed by `AM` or `PM` is on a 12-hour clock, the zone coming after it.
    /// Departures from feedparser, which reads each of these as UTC (or the `PM` hour as
    /// morning): IANA names, ``commonZones`` (`CET`, `IST`), `UTC±hh:mm`, an offset one piece
    /// after `GMT`/`UTC`, and `AM`/`PM`; a zone beyond ±23:59 is nil; and a day name with no
    /// zone (`Sat, 18 Sep 2021 10:00:00`) is UTC, where feedparser 6.0.14 gives no date (it
    /// reads `18 Sep 2021 10:00:00` as UTC: the day name made its piece count five, so it
    /// appended no zone and, with the day name dropped, had four pieces); a leap second
    /// (`Sat, 31 Dec 2016 23:59:60 GMT`, which feedparser rejects) is the next minute's first
    /// second, as in every format here.
    static func rfc822(_ s: [UInt8]) -> Stamp? {
        var lowered = s
        for i in lowered.indices {
            let b = lowered[i]
            lowered[i] = b == comma ? space : lower(b)
        }
        var parts: [ArraySlice<UInt8>] = lowered.split(whereSeparator: isSpace)
        if parts.isEmpty { return nil }
        if parts.count < 5 {
            parts.append(midnight[...])
            parts.append(utcZone[...])
        }
        if dayNames.contains(pack(parts[0].prefix(3))) { parts.removeFirst() }
        // A date and time without a zone (`Sat, 18 Sep 2021 10:00:00`) is UTC, as it is without
        // the day name and in every other format; feedparser 6.0.14 counts the day name before
        // appending and so rejects it.
        if parts.count == 4 { parts.append(utcZone[...]) }
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
        let fields = parts[3].split(separator: colon, omittingEmptySubsequences: false)
        guard fields.count <= 3, let hour = number(fields[0]) else { return nil }
        var minute = 0
        var second = 0
        if fields.count >= 2 { guard let m = number(fields[1]) else { return nil }; minute = m }
        if fields.count == 3 { guard let sec = number(fields[2]) else { return nil }; second = sec }
        // A 12-hour clock: `08:18:00 PM`, the zone (if any) after it.
        var zoneAt = 4
        var hour24 = hour
        if parts[4] == amWord[...] || parts[4] == pmWord[...] {
            guard let clock = hourOfDay(twelveHour: hour, pm: parts[4] == pmWord[...]) else { return nil }
            hour24 = clock
            zoneAt = 5
        }
        guard zoneAt < parts.count else {
            return makeDate(year: year, month: month, day: day, hour: hour24, minute: minute, second: second, offsetSeconds: 0)
        }
        var zone = parts[zoneAt]
        // An IANA name: the offset in force at that wall-clock time, from the system tz database.
        if let tz = ianaZone(s[zone.indices]) {
            guard let offset = offset(in: tz, year: year, month: month, day: day, hour: hour24, minute: minute,
                                      second: second) else { return nil }
            return makeDate(year: year, month: month, day: day, hour: hour24, minute: minute, second: second,
                            offsetSeconds: offset)
        }
        if zone.starts(with: etcPrefix) { zone = zone.dropFirst(4) }
        if zone.starts(with: gmtPrefix) || zone.starts(with: utcPrefix) || zone == utPrefix[...] {
            let rest = zone.starts(with: utPrefix) && zone.count == 2 ? zone.dropFirst(2) : zone.dropFirst(3)
            // `GMT +0700`: the offset as the next piece.
            if rest.isEmpty, zoneAt + 1 < parts.count, let first = parts[zoneAt + 1].first, first == plus || first == minus {
                zone = parts[zoneAt + 1]
            } else {
                zone = rest.isEmpty ? gmtPrefix[...] : rest
            }
        }
        let offset: Int
        if let first = zone.first, first == plus || first == minus {
            guard let z = looseOffset(zone) else { return nil }
            offset = z
        } else {
            offset = namedZone(zone, rfc822Zones)
        }
        return makeDate(year: year, month: month, day: day, hour: hour24, minute: minute, second: second,
                        offsetSeconds: offset)
    }

    static let midnight: [UInt8] = Array("00:00:00".utf8)
    static let utcZone: [UInt8] = Array("+0000".utf8)
    static let etcPrefix: [UInt8] = Array("etc/".utf8)
    static let gmtPrefix: [UInt8] = Array("gmt".utf8)
    static let utcPrefix: [UInt8] = Array("utc".utf8)
    static let utPrefix: [UInt8] = Array("ut".utf8)
    static let amWord: [UInt8] = Array("am".utf8)
    static let pmWord: [UInt8] = Array("pm".utf8)

    /// ``Rule/asctime``, feedparser's `_parse_date_asctime`: `Sun Jan  4 16:29:06 2004` and
    /// `Sun Jul 15 01:16:00 +0000 2012`.
    ///
    /// Split at whitespace; five pieces get zone `+0000` inserted before the year; six pieces are
    /// rearranged into RFC 822 order (`day-name day month year time zone`) and read by ``rfc822``.
    static func asctime(_ s: [UInt8]) -> Stamp? {
        var parts = s.split(whereSeparator: isSpace)
        if parts.count == 5 { parts.insert(utcZone[...], at: 4) }
        guard parts.count == 6 else { return nil }
        let joined = [parts[0], parts[2], parts[1], parts[5], parts[3], parts[4]].joined(separator: [space])
        return rfc822(Array(joined))
    }
}
