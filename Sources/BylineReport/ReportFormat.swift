public import Foundation

/// How reports print values: ISO-8601 UTC times to the second (`2021-09-18T19:13:44Z`),
/// lists joined with `|`, decimals with at most two places.
public enum ReportFormat {
    /// `date` as ISO-8601 in UTC to the second (fractions cut), e.g. `2021-09-18T19:13:44Z`, in
    /// the proleptic Gregorian calendar that ISO 8601 uses for every year (Foundation's calendar
    /// switches to Julian before 1582: `0001-01-01T00:00:00Z` came out as `0001-01-03`); years
    /// outside 0000...9999 with a sign (`-0001-12-31T00:00:00Z`). Empty for nil.
    public static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        let interval = date.timeIntervalSince1970.rounded(.down)
        // Beyond ±1e15 s (about 31 million years) no calendar date means anything.
        guard interval.isFinite, abs(interval) < 1e15 else { return "" }
        let seconds = Int64(interval)
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible
        // low-level date algorithms", civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let digits = String(abs(year))
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        let yearText = year < 0 ? "-" + padded : (year > 9_999 ? "+" + padded : padded)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
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
