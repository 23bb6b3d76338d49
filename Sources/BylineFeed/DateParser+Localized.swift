import Foundation

extension DateParser {
    // MARK: - Greek

    /// feedparser's `_greek_months` (iso-8859-7 era abbreviations, with their variants).
    static let greekMonths: [String: String] = [
        "\u{0399}\u{03b1}\u{03bd}": "Jan", "\u{03a6}\u{03b5}\u{03b2}": "Feb",
        "\u{039c}\u{03ac}\u{03ce}": "Mar", "\u{039c}\u{03b1}\u{03ce}": "Mar",
        "\u{0391}\u{03c0}\u{03c1}": "Apr", "\u{039c}\u{03ac}\u{03b9}": "May",
        "\u{039c}\u{03b1}\u{03ca}": "May", "\u{039c}\u{03b1}\u{03b9}": "May",
        "\u{0399}\u{03bf}\u{03cd}\u{03bd}": "Jun", "\u{0399}\u{03bf}\u{03bd}": "Jun",
        "\u{0399}\u{03bf}\u{03cd}\u{03bb}": "Jul", "\u{0399}\u{03bf}\u{03bb}": "Jul",
        "\u{0391}\u{03cd}\u{03b3}": "Aug", "\u{0391}\u{03c5}\u{03b3}": "Aug",
        "\u{03a3}\u{03b5}\u{03c0}": "Sep", "\u{039f}\u{03ba}\u{03c4}": "Oct",
        "\u{039d}\u{03bf}\u{03ad}": "Nov", "\u{039d}\u{03bf}\u{03b5}": "Nov",
        "\u{0394}\u{03b5}\u{03ba}": "Dec",
    ]

    /// feedparser's `_greek_wdays`.
    static let greekWeekdays: [String: String] = [
        "\u{039a}\u{03c5}\u{03c1}": "Sun", "\u{0394}\u{03b5}\u{03c5}": "Mon", "\u{03a4}\u{03c1}\u{03b9}": "Tue",
        "\u{03a4}\u{03b5}\u{03c4}": "Wed", "\u{03a0}\u{03b5}\u{03bc}": "Thu", "\u{03a0}\u{03b1}\u{03c1}": "Fri",
        "\u{03a3}\u{03b1}\u{03b2}": "Sat",
    ]

    /// ``Rule/greek``, feedparser's `_parse_date_greek`: `Κυρ, 11 Ιούλ 2004 12:00:00 EST`.
    ///
    /// feedparser's expression `([^,]+),\s+(\d{2})\s+([^\s]+)\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+([^\s]+)`
    /// must match the whole text (feedparser: its start); the weekday and month must be in feedparser's Greek tables; the
    /// date is then rewritten in English and read by ``rfc822`` (so the zone follows its rules).
    static func greek(_ s: [UInt8]) -> Stamp? {
        var scan = Scanner(s)
        guard let weekday = scan.run(while: { $0 != comma }), scan.skip(comma), scan.spaces(),
              let day = scan.digits(exactly: 2), scan.spaces(),
              let month = scan.run(while: { !isSpace($0) }), scan.spaces(),
              let year = scan.digits(exactly: 4), scan.spaces(),
              let hh = scan.digits(exactly: 2), scan.skip(colon), let mm = scan.digits(exactly: 2), scan.skip(colon),
              let ss = scan.digits(exactly: 2), scan.spaces(),
              let zone = scan.run(while: { !isSpace($0) }), scan.atEnd,
              let wday = greekWeekdays[String(decoding: weekday, as: UTF8.self)],
              let english = greekMonths[String(decoding: month, as: UTF8.self)] else { return nil }
        var text = Array("\(wday), ".utf8) + day + [space] + Array(english.utf8) + [space] + year + [space]
        text += hh + [colon] + mm + [colon] + ss + [space] + zone
        return rfc822(text)
    }

    // MARK: - Hungarian

    /// feedparser's `_hungarian_months` (with its spellings `februári` and `máujus`).
    static let hungarianMonths: [String: [UInt8]] = [
        "janu\u{e1}r": Array("01".utf8), "febru\u{e1}ri": Array("02".utf8), "m\u{e1}rcius": Array("03".utf8),
        "\u{e1}prilis": Array("04".utf8), "m\u{e1}ujus": Array("05".utf8), "j\u{fa}nius": Array("06".utf8),
        "j\u{fa}lius": Array("07".utf8), "augusztus": Array("08".utf8), "szeptember": Array("09".utf8),
        "okt\u{f3}ber": Array("10".utf8), "november": Array("11".utf8), "december": Array("12".utf8),
    ]

    /// ``Rule/hungarian``, feedparser's `_parse_date_hungarian`: `2004-július-13T9:15-05:00`.
    ///
    /// feedparser's expression `(\d{4})-([^-]+)-(\d{,2})T(\d{,2}):(\d{2})([+-](\d{,2}:\d{2}))`
    /// must match the whole text (feedparser: its start) and the month must be in its table; a one-digit day or hour gets
    /// a leading zero and the result is read by ``w3dtf`` (an empty day or hour is nil there).
    static func hungarian(_ s: [UInt8]) -> Stamp? {
        var scan = Scanner(s)
        guard let year = scan.digits(exactly: 4), scan.skip(minus),
              let month = scan.run(while: { $0 != minus }), scan.skip(minus),
              let day = scan.digits(upTo: 2), scan.skip(UInt8(ascii: "T")),
              let hour = scan.digits(upTo: 2), scan.skip(colon), let minute = scan.digits(exactly: 2),
              let sign = scan.byte(where: { $0 == plus || $0 == minus }),
              let zoneHour = scan.digits(upTo: 2), scan.skip(colon), let zoneMinute = scan.digits(exactly: 2),
              scan.atEnd, let number = hungarianMonths[String(decoding: month, as: UTF8.self)] else { return nil }
        let pad: (ArraySlice<UInt8>) -> [UInt8] = { $0.count == 1 ? [0x30] + $0 : Array($0) }
        var text = Array(year) + [minus] + number + [minus] + pad(day) + Array("T".utf8) + pad(hour)
        text += [colon] + minute + [sign] + zoneHour + [colon] + zoneMinute
        return w3dtf(text)
    }

    // MARK: - Korean

    static let koreanYear = Array("\u{b144}".utf8)
    static let koreanMonth = Array("\u{c6d4}".utf8)
    static let koreanDay = Array("\u{c77c}".utf8)
    static let koreanAM = Array("\u{c624}\u{c804}".utf8)
    static let koreanPM = Array("\u{c624}\u{d6c4}".utf8)
    static let koreaZone = Array("+09:00".utf8)

    /// ``Rule/onblog``, feedparser's `_parse_date_onblog`: `2004년 05월 28일  01:31:15`, in Korea's
    /// zone (+09:00).
    ///
    /// feedparser's expression `(\d{4})년\s+(\d{2})월\s+(\d{2})일\s+(\d{2}):(\d{2}):(\d{2})` must
    /// match the whole text (feedparser: its start); the fields are read by ``w3dtf`` with zone `+09:00`.
    static func onblog(_ s: [UInt8]) -> Stamp? {
        var scan = Scanner(s)
        guard let year = scan.digits(exactly: 4), scan.skip(koreanYear), scan.spaces(),
              let month = scan.digits(exactly: 2), scan.skip(koreanMonth), scan.spaces(),
              let day = scan.digits(exactly: 2), scan.skip(koreanDay), scan.spaces(),
              let hh = scan.digits(exactly: 2), scan.skip(colon), let mm = scan.digits(exactly: 2), scan.skip(colon),
              let ss = scan.digits(exactly: 2), scan.atEnd else { return nil }
        var text = Array(year) + [minus] + month + [minus] + day + Array("T".utf8)
        text += hh + [colon] + mm + [colon] + ss + koreaZone
        return w3dtf(text)
    }

    /// ``Rule/nate``, feedparser's `_parse_date_nate`: `2004-05-25 오후 11:23:17`, in Korea's zone
    /// (+09:00).
    ///
    /// feedparser's expression `(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{,2}):(\d{,2}):(\d{,2})`
    /// must match the whole text (feedparser: its start). 오전 (am) and 오후 (pm) put the hour on a
    /// 12-hour clock (``hourOfDay(twelveHour:pm:)``): `오전 12:30` is 00:30, `오후 12:30` is 12:30,
    /// `오후 11:23` is 23:23, and an hour outside 1...12 is nil. Departures from feedparser, which
    /// adds 12 to every 오후 hour and nothing to 오전: `오후 12:xx` (its hour 24, no date here
    /// before) and `오전 12:xx` (its noon) are read as the clock says, and `오전 0:xx` and
    /// `오전 13:xx` are nil. The fields are read by ``w3dtf`` with zone `+09:00`.
    static func nate(_ s: [UInt8]) -> Stamp? {
        var scan = Scanner(s)
        guard let year = scan.digits(exactly: 4), scan.skip(minus), let month = scan.digits(exactly: 2),
              scan.skip(minus), let day = scan.digits(exactly: 2), scan.spaces() else { return nil }
        let pm: Bool
        if scan.skip(koreanAM) { pm = false } else if scan.skip(koreanPM) { pm = true } else { return nil }
        guard scan.spaces(), let hourText = scan.digits(upTo: 2), scan.skip(colon),
              let mm = scan.digits(upTo: 2), scan.skip(colon), let ss = scan.digits(upTo: 2), scan.atEnd,
              let written = number(hourText), let hour = hourOfDay(twelveHour: written, pm: pm) else { return nil }
        let hh = Array(String(hour).utf8)
        var text = Array(year) + [minus] + month + [minus] + day + Array("T".utf8)
        text += (hh.count == 1 ? [0x30] + hh : hh) + [colon] + mm + [colon] + ss + koreaZone
        return w3dtf(text)
    }

    // MARK: - Scanner

    /// A cursor over bytes for the fixed expressions above; each step returns nil/false and
    /// leaves the cursor unspecified when it does not match (callers give up at once).
    struct Scanner {
        let s: [UInt8]
        var i = 0

        init(_ s: [UInt8]) { self.s = s }

        /// Whether the whole text has been read: the readers take nothing after their date.
        var atEnd: Bool { i == s.count }

        /// One or more whitespace bytes (regex `\s+`).
        mutating func spaces() -> Bool {
            let start = i
            while i < s.count, isSpace(s[i]) { i += 1 }
            return i > start
        }

        mutating func skip(_ b: UInt8) -> Bool {
            guard i < s.count, s[i] == b else { return false }
            i += 1
            return true
        }

        mutating func skip(_ bytes: [UInt8]) -> Bool {
            guard s.count - i >= bytes.count, s[i..<(i + bytes.count)].elementsEqual(bytes) else { return false }
            i += bytes.count
            return true
        }

        mutating func byte(where test: (UInt8) -> Bool) -> UInt8? {
            guard i < s.count, test(s[i]) else { return nil }
            i += 1
            return s[i - 1]
        }

        /// A non-empty run of bytes passing `test` (regex `[^x]+`, greedy).
        mutating func run(while test: (UInt8) -> Bool) -> ArraySlice<UInt8>? {
            let start = i
            while i < s.count, test(s[i]) { i += 1 }
            return i > start ? s[start..<i] : nil
        }

        /// Exactly `n` ASCII digits not followed by … anything in particular (regex `\d{n}`).
        mutating func digits(exactly n: Int) -> ArraySlice<UInt8>? {
            guard s.count - i >= n, s[i..<(i + n)].allSatisfy(isDigit) else { return nil }
            i += n
            return s[(i - n)..<i]
        }

        /// Zero to `n` ASCII digits, greedy (regex `\d{,n}`); never nil, may be empty. The next
        /// step fails when more digits follow, as the regex does.
        mutating func digits(upTo n: Int) -> ArraySlice<UInt8>? {
            let start = i
            while i < s.count, i - start < n, isDigit(s[i]) { i += 1 }
            return s[start..<i]
        }
    }
}
