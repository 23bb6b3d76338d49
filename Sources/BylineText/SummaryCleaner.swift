import Foundation

/// Removes the boilerplate that feeds append to summaries ("Click here to read more",
/// "Continue reading...", "The post X appeared first on Y.", "[…]") so that it carries no weight
/// when texts are compared.
///
/// Only whole trailing or embedded boilerplate phrases go; the rest of the summary is kept as
/// written. Boilerplate that no rule names is left to the inverse document frequency, which
/// learns that it is everywhere.
public enum SummaryCleaner {
    /// Case-insensitive regular expressions of boilerplate phrases, each matched to the end of
    /// its sentence.
    public static let patterns: [String] = [
        #"(?i)\b(click|tap) here\b[^.!?]*[.!?]?"#,
        #"(?i)\b(read|see) (the )?(more|full story|full article|article)\b[^.!?]*[.!?]?"#,
        #"(?i)\bcontinue reading\b[^.!?]*[.!?]?"#,
        #"(?i)\bthe post\b.*\bappeared first on\b[^.!?]*[.!?]?"#,
        #"(?i)\bsign up (for|to) (our|the)\b[^.!?]*[.!?]?"#,
        #"(?i)\bsubscribe (now|today|to)\b[^.!?]*[.!?]?"#,
        #"\[(…|\.\.\.|&#8230;)\]|\[\+\d+ chars\]"#,
    ]

    /// Words (lower case) of which every pattern needs at least one.
    private static let triggers = ["click", "tap", "read", "see", "continue", "the post", "sign up", "subscribe", "["]

    private static let expressions: [NSRegularExpression] = patterns.map { try! NSRegularExpression(pattern: $0) }

    /// The summary without boilerplate phrases, whitespace collapsed and trimmed.
    ///
    /// - Parameter summary: plain text (HTML already stripped).
    /// - Returns: the cleaned text; empty when the summary was only boilerplate.
    public static func clean(_ summary: String) -> String {
        guard !summary.isEmpty else { return summary }
        var text = summary
        // Every pattern needs one of these words or a "[": most summaries skip the expressions.
        let lower = summary.lowercased()
        guard triggers.contains(where: { lower.contains($0) }) else {
            return summary.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        for expression in expressions {
            let range = NSRange(text.startIndex..., in: text)
            text = expression.stringByReplacingMatches(in: text, range: range, withTemplate: " ")
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
