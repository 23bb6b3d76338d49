import Foundation

/// Strips the labels outlets put around headlines: section or format prefixes ("Opinion |",
/// "LIVE:", "WATCH:") and outlet or show suffixes ("- BBC News", "| Daily Mail Online",
/// "| TV Patrol").
///
/// Only the label goes; the headline itself is kept even when it is short. Repeated boilerplate
/// that no rule catches is left to the IDF, which learns that it is everywhere.
public enum HeadlineCleaner {
    /// Labels that, followed by `:` or `|`, prefix a headline. Compared case-insensitively.
    public static let prefixLabels: Set<String> = [
        "opinion", "analysis", "comment", "editorial", "live", "watch", "video", "breaking",
        "breaking news", "update", "updated", "exclusive", "explainer", "review", "podcast",
        "photos", "in pictures", "listen", "letters", "view", "the view", "perspective", "live updates",
        "fact check", "factbox", "timeline", "q&a", "interview", "column", "obituary",
    ]

    /// Outlet names that, after ` - `, ` | `, ` – ` or ` — `, end a headline. Case-insensitive.
    public static let suffixNames: Set<String> = [
        "bbc news", "bbc", "daily mail online", "mailonline", "daily mail", "cnn", "cnn politics",
        "fox news", "the new york times", "nytimes", "the guardian", "reuters", "ap", "ap news",
        "the washington post", "wsj", "the wall street journal", "los angeles times", "latimes",
        "al jazeera", "nz herald", "rnz", "stuff", "the straits times", "philstar.com", "gma news",
        "gma news online", "abs-cbn news", "1news", "the sydney morning herald", "smh",
        "the daily telegraph", "the telegraph",
    ]

    /// The headline without its labels, trimmed.
    public static func clean(_ title: String) -> String {
        var text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        // Prefixes: "Label:" or "Label |", repeatedly ("LIVE: WATCH: ...").
        var changed = true
        while changed {
            changed = false
            for separator in [":", "|"] {
                guard let range = ByteSearch.range(of: separator, in: text) else { continue }
                let label = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces).lowercased()
                let rest = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
                if prefixLabels.contains(label), !rest.isEmpty {
                    text = rest
                    changed = true
                }
            }
        }
        // Suffixes: " | anything short" (pipes are branding in headlines), or a known outlet name
        // after a dash.
        if let range = ByteSearch.range(of: " | ", in: text, last: true) {
            let head = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let tail = text[range.upperBound...]
            if tail.split(separator: " ").count <= 5, head.split(separator: " ").count >= 3 {
                text = head
            }
        }
        for separator in [" - ", " – ", " — ", " | "] {
            guard let range = ByteSearch.range(of: separator, in: text, last: true) else { continue }
            let tail = text[range.upperBound...].trimmingCharacters(in: .whitespaces).lowercased()
            if suffixNames.contains(tail) {
                text = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            }
        }
        return text
    }
}
