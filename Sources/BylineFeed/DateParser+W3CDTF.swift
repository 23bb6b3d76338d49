import Foundation

extension DateParser {
    /// ``Rule/w3dtf``, feedparser's `_parse_date_w3dtf`: W3C-DTF / RFC 3339 and MSSQL style.
    ///
    /// The text (lower-cased) is split at `t` into date and time; with no `t` (or none before
    /// the third whitespace-separated piece: `2004-07-08 23:56:58 EST`, where feedparser splits
    /// at the `t` of `EST` and ends with midnight), at whitespace into date, time and zone (a lone date gets time `00:00:00z`; pieces after the third are
    /// ignored); more than one `t` is nil. The date is `YYYY[-M[-D]]` with exactly four year
    /// digits (split at the first two `-`, so `2013-01-27-01` is nil); missing month and day
    /// are 1. A `z` ending the time is UTC; otherwise the zone starts at the time's first `-`
    /// (or, if none, its first `+`). The time is `h[:m[:s]]`, each read as Python's
    /// `int(float(x))` (so `55.538` is 55; a comma decimal mark is accepted too). The zone is
    /// `±hh:mm`, `±hhmm` or `±hh`, or a name from feedparser's w3dtf table then ``commonZones``
    /// (unknown names are UTC); as the third piece of the MSSQL style it may also be an IANA
    /// name or `GMT`/`UTC` with an offset (``rfc822(_:)`` reads them the same way). Departures from feedparser: `±hhmm` is read as hours and minutes (feedparser takes
    /// only the last digit as minutes), `±hh` is accepted (feedparser's chain reaches the same
    /// value through `_parse_date_iso8601`), a zone beyond ±23:59 is nil, and a leap second
    /// (`2016-12-31T23:59:60Z`) is the next minute's first second, `2017-01-01T00:00:00Z`
    /// (feedparser's chain reaches that value of the `Z` form through `_parse_date_iso8601`).
    static func w3dtf(_ s: [UInt8]) -> Date? {
        if s.isEmpty { return nil }
        let lowered = s.map(lower)
        let t = UInt8(ascii: "t")
        var datePart: ArraySlice<UInt8>
        var timePart: ArraySlice<UInt8>
        var zonePart: ArraySlice<UInt8>?
        let tCount = lowered.reduce(0) { $0 + ($1 == t ? 1 : 0) }
        // MSSQL style whose zone has a `t` (`EST`, `Asia/Kolkata`): date and time hold none.
        let pieces = lowered.split(whereSeparator: isSpace)
        let mssql = pieces.count >= 3 && !pieces[0].contains(t) && !pieces[1].contains(t)
        if tCount > 1, !mssql { return nil }
        if tCount >= 1, !mssql, let at = lowered.firstIndex(of: t) {
            datePart = lowered[..<at]
            timePart = lowered[(at + 1)...]
        } else {
            guard let first = pieces.first else { return nil }
            datePart = first
            timePart = pieces.count >= 2 ? pieces[1] : Array("00:00:00z".utf8)[...]
            if pieces.count >= 3 { zonePart = pieces[2] }
        }
        // Date: YYYY[-M[-D]], split at the first two '-'.
        let dateFields = datePart.split(separator: minus, maxSplits: 2, omittingEmptySubsequences: false)
        guard dateFields.count <= 3, dateFields[0].count == 4,
              let year = pyInt(dateFields[0]) else { return nil }
        var month = 1
        var day = 1
        if dateFields.count >= 2 { guard let m = pyInt(dateFields[1]) else { return nil }; month = m }
        if dateFields.count == 3 { guard let d = pyInt(dateFields[2]) else { return nil }; day = d }
        // Zone: 'z' at the end of the time, else from the first '-' (or '+') in the time.
        var timeZone: ArraySlice<UInt8> = []
        if timePart.last == UInt8(ascii: "z") {
            timePart = timePart.dropLast()
            timeZone = Array("z".utf8)[...]
        }
        let sign = timePart.firstIndex(of: minus) ?? timePart.firstIndex(of: plus) ?? timePart.endIndex
        if timeZone.isEmpty { timeZone = timePart[sign...] }
        timePart = timePart[..<sign]
        var zone = zonePart ?? timeZone
        // MSSQL style with an IANA name or `GMT+7` as the third piece (see ``rfc822(_:)``).
        let iana = zonePart.flatMap { ianaZone(s[$0.indices]) }
        if zonePart != nil, zone.starts(with: gmtPrefix) || zone.starts(with: utcPrefix),
           let sign = zone.dropFirst(3).first, sign == plus || sign == minus {
            zone = zone.dropFirst(3)
        }
        var offset = 0
        if iana != nil {
            // Known once the time is read.
        } else if let first = zone.first, first == plus || first == minus {
            guard let z = numericZone(zone, allowHoursOnly: true) ?? (zonePart != nil ? looseOffset(zone) : nil) else { return nil }
            offset = z
        } else {
            offset = namedZone(zone, w3dtfZones)
        }
        // Time: h[:m[:s]], split at the first two ':'.
        let fields = timePart.split(separator: colon, maxSplits: 2, omittingEmptySubsequences: false)
        guard let hour = pyIntOfFloat(fields[0]) else { return nil }
        var minute = 0
        var second = 0
        if fields.count >= 2 { guard let m = pyIntOfFloat(fields[1]) else { return nil }; minute = m }
        if fields.count == 3 { guard let sec = pyIntOfFloat(fields[2]) else { return nil }; second = sec }
        if let iana {
            guard let z = self.offset(in: iana, year: year, month: month, day: day, hour: hour, minute: minute,
                                      second: second) else { return nil }
            offset = z
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset)
    }
}
