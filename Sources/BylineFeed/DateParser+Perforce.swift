import Foundation

extension DateParser {
    /// The zones of Python's `email._parseaddr._timezones`, which `_parse_date_perforce` uses,
    /// in hours east of UTC.
    static let emailZones: [UInt64: Int] = packTable([
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "ast": -4, "adt": -3, "est": -5, "edt": -4,
        "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ])

    /// ``Rule/perforce``, feedparser's `_parse_date_perforce`: `Fri, 2006/09/15 08:19:53 EDT`.
    ///
    /// feedparser *searches* the text for `(\w{,3}), (\d{,4})/(\d{,2})/(\d{2}) (\d{,2}):(\d{2}):(\d{2}) (\w{,3})`
    /// and hands the pieces to Python's `email.utils.parsedate_tz`: the year needs one to four
    /// digits, and one or two digits mean 1969…1999 (69–99) or 2000…2068 (0–68); the hour one
    /// or two digits; the zone is a name of the email module's table (`EDT`, `GMT`, …) or digits
    /// `hhmm`. Here the zone is the rest of the text, one word: digits `hhmm` (up to four) or a
    /// name of that table, ``rfc822Zones`` or ``commonZones`` (`CEST`); anything else after the
    /// time, an unknown name included, makes the text nil. Departures: feedparser ignores what
    /// follows its match (`… 08:19:53 GMT by p4`) and reads only a zone's first three letters
    /// (`CEST` as `CES`), taking an unknown one as the computer's local time; month `00` is nil
    /// (feedparser reads December), and fields out of range are nil instead of rolled over by
    /// `calendar.timegm`.
    static func perforce(_ s: [UInt8]) -> Stamp? {
        var c = 0
        while c + 1 < s.count {
            defer { c += 1 }
            guard s[c] == comma, s[c + 1] == space else { continue }
            if let date = perforceMatch(s, c + 2) { return date }
            // The expression matches from the first ", " whose tail fits; a tail that fits but is
            // not a valid date is no date at all (feedparser stops at the first match too).
            if perforceFits(s, c + 2) { return nil }
        }
        return nil
    }

    /// The fields after `", "` when they fit the expression.
    static func perforceFields(_ s: [UInt8], _ at: Int)
        -> (year: ArraySlice<UInt8>, month: ArraySlice<UInt8>, day: ArraySlice<UInt8>, hour: ArraySlice<UInt8>,
            minute: ArraySlice<UInt8>, second: ArraySlice<UInt8>, zone: ArraySlice<UInt8>)? {
        var scan = Scanner(s)
        scan.i = at
        guard let year = scan.digits(upTo: 4), scan.skip(slash), let month = scan.digits(upTo: 2), scan.skip(slash),
              let day = scan.digits(exactly: 2), scan.skip(space), let hour = scan.digits(upTo: 2), scan.skip(colon),
              let minute = scan.digits(exactly: 2), scan.skip(colon), let second = scan.digits(exactly: 2),
              scan.skip(space) else { return nil }
        guard let zone = scan.run(while: isWordByte), scan.atEnd else { return nil }
        return (year, month, day, hour, minute, second, zone)
    }

    static func perforceFits(_ s: [UInt8], _ at: Int) -> Bool { perforceFields(s, at) != nil }

    static func perforceMatch(_ s: [UInt8], _ at: Int) -> Stamp? {
        guard let f = perforceFields(s, at), var year = number(f.year), let month = number(f.month),
              let day = number(f.day), let hour = number(f.hour), let minute = number(f.minute),
              let second = number(f.second) else { return nil }
        if year < 100 { year += year > 68 ? 1900 : 2000 }
        let offset: Int
        if f.zone.count <= 4, let digits = number(f.zone) {
            guard digits / 100 <= 23, digits % 100 <= 59 else { return nil }
            offset = (digits / 100) * 3600 + (digits % 100) * 60
        } else if let hours = emailZones[pack(f.zone.lazy.map(lower))] {
            offset = hours * 3600
        } else {
            guard let known = knownZone(f.zone) else { return nil }
            offset = known
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset)
    }

    /// Python's `\w` for ASCII, and any non-ASCII byte (letters of other scripts).
    static func isWordByte(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) || b == UInt8(ascii: "_") || b >= 0x80 }
}
