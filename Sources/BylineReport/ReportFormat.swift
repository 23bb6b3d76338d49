public import Foundation

/// How reports print values: ISO-8601 UTC times to the second (`2021-09-18T19:13:44Z`),
/// lists joined with `|`, decimals with at most two places.
public enum ReportFormat {
    /// `date` as ISO-8601 in UTC to the second, e.g. `2021-09-18T19:13:44Z`; empty for nil.
    public static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
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
