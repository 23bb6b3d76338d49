import Foundation

/// Removes the boilerplate that feeds append to summaries ("Click here to read more",
/// "Continue reading...", "The post X appeared first on Y.", "[…]", a video channel's "Subscribe
/// to ...! Watch more ... Follow us ..." tail) so that it carries no weight when texts are
/// compared.
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
        // Video-channel descriptions (YouTube feeds): "Subscribe to Fox News! https://... Watch
        // more ... Follow us on ..." runs to the end.
        #"(?is)\bsubscribe (now|today|to)\b.*$"#,
        // "For more TV Patrol videos, click the link below: <url>", "To watch the latest updates
        // on COVID-19, click the link below: <url>" (the link itself is dropped as a URL).
        #"(?i)[^.!?:]{0,80}\bclick the links? below\b:?"#,
        #"\[(…|\.\.\.|&#8230;)\]|\[\+\d+ chars\]"#,
    ]

    /// Per pattern (same order): lower-case ASCII phrases of which the pattern's every ASCII
    /// match holds one, so that a summary holding none of them skips the expression. (The
    /// expressions' case folding also matches a few non-ASCII letters, such as "ſ" or the Kelvin
    /// sign for "s" and "k", and ligatures such as "ﬁ"; boilerplate spelt so is not removed.) ICU regular
    /// expressions are slow enough that running all of them on every summary cost about 60% of
    /// the clustering's instructions, and single-word triggers ("see", "read") occur in most
    /// summaries; these phrases do not.
    static let triggers: [[String]] = [
        ["click here", "tap here"],
        ["read more", "read the ", "read full", "read article", "see more", "see the ", "see full", "see article"],
        ["continue reading"],
        ["appeared first on"],
        ["sign up for", "sign up to"],
        ["subscribe now", "subscribe today", "subscribe to"],
        ["click the link"],
        ["["],
    ]

    private static let expressions: [NSRegularExpression] = patterns.map { try! NSRegularExpression(pattern: $0) }

    /// The summary without boilerplate phrases, whitespace collapsed and trimmed.
    ///
    /// - Parameter summary: plain text (HTML already stripped).
    /// - Returns: the cleaned text; empty when the summary was only boilerplate.
    public static func clean(_ summary: String) -> String {
        clean(summary, everyRule: false)
    }

    /// ``clean(_:)``; with `everyRule`, every expression runs whatever the triggers say (for
    /// tests that the triggers skip nothing).
    static func clean(_ summary: String, everyRule: Bool) -> String {
        guard !summary.isEmpty else { return summary }
        var text = summary
        // ASCII lower case is enough: every trigger is ASCII. A pattern's expression runs only
        // when the summary holds one of its trigger phrases (most summaries hold none).
        let lower = Array(summary.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        for (expression, phrases) in zip(expressions, triggers)
        where everyRule || phrases.contains(where: { ByteSearch.contains($0, in: lower) }) {
            let range = NSRange(text.startIndex..., in: text)
            text = expression.stringByReplacingMatches(in: text, range: range, withTemplate: " ")
        }
        return collapsingWhitespace(text)
    }

    /// The text with runs of white space as one space and no white space at either end;
    /// unchanged (no copy) when it already is so.
    private static func collapsingWhitespace(_ text: String) -> String {
        var previousSpace = true
        var clean = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            // Controls (tabs, newlines) and Unicode spaces take the slow path.
            if value < 0x20 || value == 0x85 || value == 0xA0 || value == 0x1680 || (value >= 0x2000 && value <= 0x200A)
                || value == 0x2028 || value == 0x2029 || value == 0x202F || value == 0x205F || value == 0x3000
                || (value == 0x20 && previousSpace) {
                clean = false
                break
            }
            previousSpace = value == 0x20
        }
        if clean, !previousSpace { return text }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
