public import Foundation
import BylineText

/// How reports print values: ISO-8601 UTC times to the second (`2021-09-18T19:13:44Z`),
/// lists joined with `|`, decimals with at most two places.
public enum ReportFormat {
    /// `date` as ISO-8601 in UTC to the second (fractions cut), e.g. `2021-09-18T19:13:44Z`, in
    /// the proleptic Gregorian calendar; empty for nil. See ``UTCTime/iso8601(_:)``.
    public static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        return UTCTime.iso8601(date)
    }

    /// A list cell: the values joined with `|`, the separator no outlet id contains.
    public static func list(_ values: [String]) -> String { values.joined(separator: "|") }

    /// `value` with at most two decimals and no trailing zeros (`1.5`, `12`, `0.25`).
    public static func decimal(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A rate in `[0, 1]` with four decimals (`0.3333`, `1.0000`).
    public static func rate(_ value: Double) -> String { String(format: "%.4f", value) }

    /// What a report's `--since`/`--until` range kept, as `summary.txt` and `index.html` say it
    /// (no full stop): the stories whose first report's time falls in `[since, until)`, with
    /// every item of those stories counted, also items first seen outside the range
    /// (`Stories first reported at or after 2021-09-19T00:00:00Z and before
    /// 2021-09-20T00:00:00Z; every item of these stories is counted, also items first seen
    /// outside that range`); nil when neither bound is given.
    public static func range(since: Date?, until: Date?) -> String? {
        let bounds = [since.map { "at or after \(time($0))" }, until.map { "before \(time($0))" }].compactMap { $0 }
        guard !bounds.isEmpty else { return nil }
        return "Stories first reported \(bounds.joined(separator: " and ")); "
            + "every item of these stories is counted, also items first seen outside that range"
    }
}

extension ReportFormat {
    /// Parses a time given on the command line: `YYYY-MM-DD` (midnight UTC) or
    /// `YYYY-MM-DDTHH:MM[:SS]` followed by `Z` or an offset `±HH:MM` (RFC 3339 section 5.6,
    /// seconds optional).
    ///
    /// Strict: every field must be in range (no 25:00, no February 30, no leap second), and a
    /// time of day needs its zone, since a time without one cannot be placed in UTC.
    /// - Returns: the instant, or nil when `text` is not of that form.
    public static func parseTime(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue
        }
        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"),
              let day = number(8, 2) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        var index = 10
        if bytes.count > 10 {
            guard byte(10, is: "T") || byte(10, is: "t"), let h = number(11, 2), byte(13, is: ":"), let m = number(14, 2) else { return nil }
            (hour, minute) = (h, m)
            index = 16
            if byte(16, is: ":") {
                guard let s = number(17, 2) else { return nil }
                second = s
                index = 19
            }
            if byte(index, is: "Z") || byte(index, is: "z") {
                index += 1
            } else if byte(index, is: "+") || byte(index, is: "-") {
                guard let oh = number(index + 1, 2), byte(index + 3, is: ":"), let om = number(index + 4, 2), oh < 24, om < 60 else { return nil }
                offset = (oh * 3600 + om * 60) * (byte(index, is: "-") ? -1 : 1)
                index += 6
            } else {
                return nil
            }
            guard index == bytes.count else { return nil }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)),
              calendar.component(.day, from: date) == day else { return nil }
        return date.addingTimeInterval(TimeInterval(-offset))
    }
}
