import Foundation

extension DateParser {
    /// ``Rule/w3dtf``, feedparser's `_parse_date_w3dtf`: W3C-DTF / RFC 3339 and MSSQL style.
    ///
    /// The text (lower-cased) is split at whitespace. The first piece is the date, and a `t` in
    /// it (only one) starts the time (`2021-09-18T10:00:00`); with no `t` there the second piece
    /// is the time (MSSQL `2004-07-08 23:56:58`, or `2004-07-08 T23:56:58`), and a lone date gets
    /// time `00:00:00z`. The date is `YYYY[-M[-D]]` with exactly four year digits (split at the
    /// first two `-`, so `2013-01-27-01` is nil); missing month and day are 1. The time is
    /// `h[:m[:s]]`, each read as Python's `int(float(x))` (so `55.538` is 55; a comma decimal
    /// mark is accepted too), and may carry its zone: a `z` ending it is UTC; otherwise the zone
    /// starts at its first `-` (or, if none, its first `+`) and is `±hh:mm`, `±hhmm` or `±hh`.
    ///
    /// Every piece after the time must be understood, or the text is nil (no date rather than a
    /// wrong one): first `AM` or `PM` (also written against the time, `10:00PM`), putting the
    /// time on a 12-hour clock (hour 1…12); then, unless the time carries its zone, one zone
    /// piece: an offset (``looseOffset(_:)``: `+7`, `-05:00`, `+0530`), `GMT`/`UTC` with an
    /// offset (`GMT+7`, `UTC -05:00`), an IANA name (the offset that zone observes at that
    /// wall-clock time, ``ianaZone(_:)``), or a name of ``rfc822Zones`` or ``commonZones``;
    /// after an offset or `Z`, a zone name of those tables or the tz database, bare or in
    /// parentheses (`+02:00 CEST`, `-0400 (EDT)`), which the offset overrides.
    ///
    /// Departures from feedparser: pieces it ignores or reads as UTC are read for what they say
    /// or make the text nil (feedparser reads `2021-09-19T10:00:00 PM` and `… Europe/Paris`
    /// as 10:00 UTC through `_parse_date_iso8601`, and unknown zone names as UTC); `MET`/`MEST`
    /// are +1/+2 as in its RFC 822 table (its W3C-DTF table lacks them); a zone piece with a `t`
    /// (`EST`, `Asia/Kolkata`) works after either separator (feedparser splits at that `t`);
    /// `±hhmm` is read as hours and minutes (feedparser takes only the last digit as minutes),
    /// `±hh` is accepted (feedparser's chain reaches the same value through
    /// `_parse_date_iso8601`), a zone beyond ±23:59 is nil, and a leap second
    /// (`2016-12-31T23:59:60Z`) is the next minute's first second, `2017-01-01T00:00:00Z`
    /// (feedparser's chain reaches that value of the `Z` form through `_parse_date_iso8601`).
    static func w3dtf(_ s: [UInt8]) -> Stamp? {
        let lowered = s.map(lower)
        let t = UInt8(ascii: "t")
        let pieces = lowered.split(whereSeparator: isSpace)
        guard let first = pieces.first else { return nil }
        let datePart: ArraySlice<UInt8>
        var timePart: ArraySlice<UInt8>
        var rest = pieces.dropFirst()
        if let at = first.firstIndex(of: t) {
            datePart = first[..<at]
            timePart = first[(at + 1)...]
        } else if let second = rest.first, second.first == t {
            datePart = first
            timePart = second.dropFirst()
            rest = rest.dropFirst()
        } else {
            datePart = first
            timePart = rest.popFirst() ?? midnightUTC[...]
        }
        // `2021-09-18T 10:00:00`: the time as the next piece.
        if timePart.isEmpty {
            guard let next = rest.popFirst() else { return nil }
            timePart = next
        }
        if timePart.contains(t) { return nil }
        // Date: YYYY[-M[-D]], split at the first two '-'.
        let dateFields = datePart.split(separator: minus, maxSplits: 2, omittingEmptySubsequences: false)
        guard dateFields.count <= 3, dateFields[0].count == 4,
              let year = pyInt(dateFields[0]) else { return nil }
        var month = 1
        var day = 1
        if dateFields.count >= 2 { guard let m = pyInt(dateFields[1]) else { return nil }; month = m }
        if dateFields.count == 3 { guard let d = pyInt(dateFields[2]) else { return nil }; day = d }
        // A 12-hour clock, written against the time or as the next piece.
        var pm: Bool?
        if timePart.count > 2, let marker = meridiem(timePart.suffix(2)) {
            pm = marker
            timePart = timePart.dropLast(2)
        } else if let piece = rest.first, let marker = meridiem(piece) {
            pm = marker
            rest = rest.dropFirst()
        }
        // A zone written against the time: 'z' at its end, else from its first '-' (or '+').
        var zone: ArraySlice<UInt8>?
        var separate = false
        if timePart.last == UInt8(ascii: "z") {
            timePart = timePart.dropLast()
            zone = timePart.isEmpty ? nil : zoneZ[...]
        } else if let sign = timePart.firstIndex(of: minus) ?? timePart.firstIndex(of: plus) {
            zone = timePart[sign...]
            timePart = timePart[..<sign]
        }
        if zone == nil, let piece = rest.popFirst() {
            zone = piece
            separate = true
        }
        // Time: h[:m[:s]], split at the first two ':'.
        let fields = timePart.split(separator: colon, maxSplits: 2, omittingEmptySubsequences: false)
        guard var hour = pyIntOfFloat(fields[0]) else { return nil }
        var minute = 0
        var second = 0
        if fields.count >= 2 { guard let m = pyIntOfFloat(fields[1]) else { return nil }; minute = m }
        if fields.count == 3 { guard let sec = pyIntOfFloat(fields[2]) else { return nil }; second = sec }
        if let pm {
            guard let clock = hourOfDay(twelveHour: hour, pm: pm) else { return nil }
            hour = clock
        }
        var offset = 0
        var explicit = false
        if var zone {
            if separate, let tz = ianaZone(s[zone.indices]) {
                guard let z = self.offset(in: tz, year: year, month: month, day: day, hour: hour, minute: minute,
                                          second: second) else { return nil }
                offset = z
            } else {
                // `UTC -05:00`, `GMT+7`: the offset after the name.
                if separate, zone == gmtPrefix[...] || zone == utcPrefix[...] || zone == utPrefix[...],
                   let next = rest.first, let sign = next.first, sign == plus || sign == minus {
                    zone = next
                    rest = rest.dropFirst()
                } else if separate, zone.starts(with: gmtPrefix) || zone.starts(with: utcPrefix),
                          let sign = zone.dropFirst(3).first, sign == plus || sign == minus {
                    zone = zone.dropFirst(3)
                }
                if let sign = zone.first, sign == plus || sign == minus {
                    guard let z = numericZone(zone, allowHoursOnly: true) ?? (separate ? looseOffset(zone) : nil) else {
                        return nil
                    }
                    offset = z
                    explicit = true
                } else {
                    guard let z = knownZone(zone) else { return nil }
                    offset = z
                    explicit = zone == zoneZ[...]
                }
            }
        }
        // After an offset or `Z`, the zone's name (`+02:00 CEST`, `-0400 (EDT)`); the offset wins.
        if explicit, let name = rest.first, isZoneName(s[name.indices]) { rest = rest.dropFirst() }
        guard rest.isEmpty else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset)
    }

    static let midnightUTC: [UInt8] = Array("00:00:00z".utf8)
    static let zoneZ: [UInt8] = Array("z".utf8)

    /// `am` → false, `pm` → true (lower-cased text); nil for anything else.
    static func meridiem(_ word: ArraySlice<UInt8>) -> Bool? {
        if word == amWord[...] { return false }
        if word == pmWord[...] { return true }
        return nil
    }
}
