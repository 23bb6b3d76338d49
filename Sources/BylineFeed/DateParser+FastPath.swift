import Foundation

extension DateParser {
    /// The fast path of ``parse(_:)``: the two shapes nearly every feed uses, read from UTF-8
    /// bytes with integer arithmetic only. Nil means "not taken", never "not a date": the caller
    /// then runs the full rule set.
    ///
    /// Taken, after trimming whitespace:
    /// - RFC 822 / RFC 1123 as ``rfc822`` reads it: `[Www,] D[D] Mon YYYY hh:mm[:ss] ZONE` with a
    ///   known three-letter day name (any case, spaces after the comma optional), a three-letter
    ///   month, a four-digit year, two-digit time fields, single or repeated spaces, and a zone
    ///   that is `±hhmm` or a name in ``rfc822Zones`` (`GMT`, `UT`, `UTC`, `Z`, `EDT`, …).
    /// - RFC 3339 / W3C-DTF as ``w3dtf`` reads it: `YYYY-MM-DD` alone, or followed by `T` (or
    ///   `t`) and `hh:mm[:ss[.fraction]]` and an optional zone `Z`, `±hh:mm` or `±hhmm`.
    ///
    /// Anything else, and any field out of range, is left to the full rules, so for every string
    /// taken the result equals ``parseFull(_:)``'s (the corpus test checks this on every date of
    /// the 2021 headline snapshots).
    static func parseFast(_ buffer: UnsafeBufferPointer<UInt8>) -> Date? {
        parseFastStamp(buffer)?.date
    }

    /// ``parseFast(_:)`` with the zone and time of day the text gave (``Stamp``).
    static func parseFastStamp(_ buffer: UnsafeBufferPointer<UInt8>) -> Stamp? {
        var start = 0
        var end = buffer.count
        while start < end, isSpace(buffer[start]) { start += 1 }
        while end > start, isSpace(buffer[end - 1]) { end -= 1 }
        guard end - start >= 10 else { return nil }
        let first = buffer[start]
        if isDigit(first), end - start >= 10, buffer[start + 4] == minus {
            return fastISO(buffer, start, end)
        }
        return fastRFC822(buffer, start, end)
    }

    /// Two ASCII digits at `i` as a number, or -1.
    @inline(__always)
    static func twoDigits(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let d0 = b[i] &- 0x30
        let d1 = b[i + 1] &- 0x30
        guard d0 < 10, d1 < 10 else { return -1 }
        return Int(d0) * 10 + Int(d1)
    }

    /// `hh:mm[:ss]` at `i` (two digits each, `:` between), shared by both shapes: the fields,
    /// `seconds` nil when absent, and the index after the last field; nil when `i` starts no
    /// such clock.
    @inline(__always)
    static func fastClock(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int)
        -> (hour: Int, minute: Int, seconds: Int?, next: Int)? {
        guard end - i >= 5 else { return nil }
        let hour = twoDigits(b, i)
        guard hour >= 0, b[i + 2] == colon else { return nil }
        let minute = twoDigits(b, i + 3)
        guard minute >= 0 else { return nil }
        guard i + 5 < end, b[i + 5] == colon else { return (hour, minute, nil, i + 5) }
        guard end - (i + 5) >= 3 else { return nil }
        let second = twoDigits(b, i + 6)
        guard second >= 0 else { return nil }
        return (hour, minute, second, i + 8)
    }

    /// Four ASCII digits at `i` as a number, or -1.
    @inline(__always)
    static func fourDigits(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let hi = twoDigits(b, i)
        let lo = twoDigits(b, i + 2)
        guard hi >= 0, lo >= 0 else { return -1 }
        return hi * 100 + lo
    }

    /// Three letters at `i`, lower-cased and packed, or 0 when not all letters.
    @inline(__always)
    static func packedLetters(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        let c0 = b[i], c1 = b[i + 1], c2 = b[i + 2]
        guard isLetter(c0), isLetter(c1), isLetter(c2) else { return 0 }
        return UInt64(c0 | 0x20) << 16 | UInt64(c1 | 0x20) << 8 | UInt64(c2 | 0x20)
    }

    /// `jan`…`dec` packed by ``packedLetters`` → month number; 0 for anything else.
    @inline(__always)
    static func fastMonth(_ packed: UInt64) -> Int {
        switch packed {
        case 0x6A616E: return 1   // jan
        case 0x666562: return 2   // feb
        case 0x6D6172: return 3   // mar
        case 0x617072: return 4   // apr
        case 0x6D6179: return 5   // may
        case 0x6A756E: return 6   // jun
        case 0x6A756C: return 7   // jul
        case 0x617567: return 8   // aug
        case 0x736570: return 9   // sep
        case 0x6F6374: return 10  // oct
        case 0x6E6F76: return 11  // nov
        case 0x646563: return 12  // dec
        default: return 0
        }
    }

    @inline(__always)
    static func isFastDayName(_ packed: UInt64) -> Bool {
        switch packed {
        case 0x6D6F6E, 0x747565, 0x776564, 0x746875, 0x667269, 0x736174, 0x73756E: return true  // mon…sun
        default: return false
        }
    }

    /// `±hhmm` or `±hh:mm` filling `b[i..<end]` exactly, as seconds east of UTC; nil when not
    /// that shape or out of range (hours ≤ 23, minutes ≤ 59).
    @inline(__always)
    static func fastOffset(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, colonAllowed: Bool) -> Int? {
        let sign = b[i]
        guard sign == plus || sign == minus else { return nil }
        let hours: Int
        let minutes: Int
        if end - i == 5 {
            hours = twoDigits(b, i + 1)
            minutes = twoDigits(b, i + 3)
        } else if colonAllowed, end - i == 6, b[i + 3] == colon {
            hours = twoDigits(b, i + 1)
            minutes = twoDigits(b, i + 4)
        } else {
            return nil
        }
        guard hours >= 0, hours <= 23, minutes >= 0, minutes <= 59 else { return nil }
        let total = hours * 3600 + minutes * 60
        return sign == minus ? -total : total
    }

    /// A zone name packed by lower-cased bytes → hours east of UTC: the common names by a
    /// `switch` (no hashing), the rest of ``rfc822Zones`` by look-up; nil when unknown.
    @inline(__always)
    static func fastZoneHours(_ packed: UInt64) -> Int? {
        switch packed {
        case 0x676D74, 0x7574, 0x757463, 0x7A: return 0  // gmt ut utc z
        case 0x656474: return -4                         // edt
        case 0x657374: return -5                         // est
        case 0x636474: return -5                         // cdt
        case 0x637374: return -6                         // cst
        case 0x6D6474: return -6                         // mdt
        case 0x6D7374: return -7                         // mst
        case 0x706474: return -7                         // pdt
        case 0x707374: return -8                         // pst
        default: return rfc822Zones[packed]
        }
    }

    // MARK: - RFC 3339

    static func fastISO(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Stamp? {
        let year = fourDigits(b, start)
        guard year >= 0, b[start + 4] == minus, b[start + 7] == minus else { return nil }
        let month = twoDigits(b, start + 5)
        let day = twoDigits(b, start + 8)
        guard month >= 0, day >= 0 else { return nil }
        var i = start + 10
        if i == end {
            return makeDate(year: year, month: month, day: day, hour: 0, minute: 0, second: 0, offsetSeconds: 0)
        }
        guard b[i] | 0x20 == UInt8(ascii: "t"), let (hour, minute, seconds, next) = fastClock(b, i + 1, end) else { return nil }
        i = next
        let second = seconds ?? 0
        // A fraction only after seconds: `.` and at least one digit, ignored.
        if seconds != nil, i < end, b[i] == dot {
            i += 1
            let digitsStart = i
            while i < end, isDigit(b[i]) { i += 1 }
            guard i > digitsStart else { return nil }
        }
        var offset = 0
        if i < end {
            if b[i] | 0x20 == UInt8(ascii: "z") {
                guard i + 1 == end else { return nil }
            } else {
                guard let z = fastOffset(b, i, end, colonAllowed: true) else { return nil }
                offset = z
            }
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset)
    }

    // MARK: - RFC 822

    static func fastRFC822(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Stamp? {
        var i = start
        // Optional "Www," then optional spaces.
        if isLetter(b[i]) {
            guard isFastDayName(packedLetters(b, i)), b[i + 3] == comma else { return nil }
            i += 4
            while i < end, b[i] == space { i += 1 }
        }
        // Day: one or two digits, then spaces.
        guard i + 2 < end else { return nil }
        var day = Int(b[i] &- 0x30)
        guard day < 10 else { return nil }
        i += 1
        let d1 = b[i] &- 0x30
        if d1 < 10 {
            day = day * 10 + Int(d1)
            i += 1
        }
        guard i < end, b[i] == space else { return nil }
        while i < end, b[i] == space { i += 1 }
        // Month: three letters, then spaces.
        guard end - i >= 4 else { return nil }
        let month = fastMonth(packedLetters(b, i))
        guard month > 0, b[i + 3] == space else { return nil }
        i += 3
        while i < end, b[i] == space { i += 1 }
        // Year: four digits, then spaces.
        guard end - i >= 5 else { return nil }
        let year = fourDigits(b, i)
        guard year >= 0, b[i + 4] == space else { return nil }
        i += 4
        while i < end, b[i] == space { i += 1 }
        // Time: hh:mm[:ss], then spaces.
        guard let (hour, minute, seconds, next) = fastClock(b, i, end) else { return nil }
        i = next
        let second = seconds ?? 0
        guard i < end, b[i] == space else { return nil }
        while i < end, b[i] == space { i += 1 }
        // Zone: ±hhmm or a known name, ending the text.
        guard i < end else { return nil }
        let offset: Int
        if b[i] == plus || b[i] == minus {
            guard let z = fastOffset(b, i, end, colonAllowed: false) else { return nil }
            offset = z
        } else {
            guard end - i <= 4 else { return nil }
            var packed: UInt64 = 0
            for j in i..<end {
                guard isLetter(b[j]) else { return nil }
                packed = packed << 8 | UInt64(b[j] | 0x20)
            }
            guard let hours = fastZoneHours(packed) else { return nil }
            offset = hours * 3600
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset)
    }
}
