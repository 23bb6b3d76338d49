import Foundation

/// Finds explicit priority claims in text with regular expressions (ICU syntax, through
/// `NSRegularExpression`).
///
/// The credited name is a run of capitalised words (up to six, joined by spaces, allowing "of",
/// "for", "and", "de" between them; an abbreviation keeps its dots: "U.S. Geological Survey"), as
/// written; a lower-case "the" before it is not part of it, a capital "The" is. Trailing
/// punctuation and a possessive `'s` are trimmed. Month and weekday names are not names of
/// outlets ("first reported in March" credits no one). A source of "according to" and "told"
/// keeps the lower-case words that describe it ("Dutch researchers", "Chinese state media"; see
/// ``descriptionEnd(after:)``).
enum AttributionExtractor {
    private static let word = #"(?:[A-Z]\.(?:\p{L}\.)+|[A-Z][\p{L}\p{N}&'’\-]*(?:\.\p{L}[\p{L}\p{N}]*)*)"#
    private static let name = #"((?:The\s+)?"# + word + #"(?:\s+(?:(?:of|for|and|de)\s+)?"# + word + "){0,5})"

    private struct Pattern: Sendable {
        let kind: Attribution.Kind
        let source: String
    }

    private static let patterns: [Pattern] = [
        Pattern(kind: .firstReportedBy, source: #"(?i:first\s+reported\s+(?:by|in))\s+(?:the\s+)?"# + name),
        Pattern(kind: .wasFirstToReport, source: name + #"\s+(?i:was\s+(?:the\s+)?first\s+to\s+(?:report|break))"#),
        Pattern(kind: .asFirstReported, source: #"\b(?i:as)\s+(?:the\s+)?"# + name + #"\s+(?i:first\s+reported)"#),
        Pattern(kind: .firstOn, source: #"(?:\bFIRST ON|^(?i:first\s+on))\s+"# + name),
        Pattern(kind: .exclusive, source: #"\bEXCLUSIVE\b|^(?i:exclusive)\s*[:|\-–—]"#),
        Pattern(kind: .accordingTo, source: #"\b(?i:according\s+to)\s+(?:the\s+)?"# + name),
        Pattern(kind: .toldTo, source: #"\b(?i:told)\s+(?:the\s+)?"# + name),
    ]

    private static let compiled: [(kind: Attribution.Kind, regex: NSRegularExpression)] = patterns.compactMap { pattern in
        (try? NSRegularExpression(pattern: pattern.source, options: [.anchorsMatchLines])).map { (pattern.kind, $0) }
    }

    private static let notNames: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "today", "yesterday", "i", "he", "she", "we", "they", "it",
    ]

    /// The claims in `text`, in order of position; several kinds may match one text.
    ///
    /// - Parameters:
    ///   - text: a title or a summary, plain text.
    ///   - itemID: the item the text belongs to.
    ///   - outlet: the item's outlet id (credited by ``Attribution/Kind/exclusive``).
    static func attributions(in text: String, itemID: Int64, outlet: String) -> [Attribution] {
        let whole = NSRange(text.startIndex..., in: text)
        var found: [(location: Int, attribution: Attribution)] = []
        for pattern in compiled {
            let regex = pattern.regex
            for match in regex.matches(in: text, options: [], range: whole) {
                guard let phraseRange = Range(match.range, in: text) else { continue }
                var phrase = String(text[phraseRange]).trimmingWhitespace()
                var credited = outlet
                if pattern.kind != .exclusive {
                    guard match.numberOfRanges > 1, let nameRange = Range(match.range(at: 1), in: text) else { continue }
                    credited = trimName(String(text[nameRange]))
                    guard !credited.isEmpty, !notNames.contains(credited.lowercased()) else { continue }
                    if pattern.kind == .accordingTo || pattern.kind == .toldTo, credited == String(text[nameRange]),
                       nameRange.upperBound == phraseRange.upperBound,
                       let end = descriptionEnd(after: text[nameRange.upperBound...]) {
                        credited = String(text[nameRange.lowerBound..<end])
                        phrase = String(text[phraseRange.lowerBound..<end]).trimmingWhitespace()
                    }
                }
                found.append((match.range.location, Attribution(
                    itemID: itemID, outlet: outlet, credited: credited, phrase: phrase, kind: pattern.kind)))
            }
        }
        return found.sorted { $0.location < $1.location }.map(\.attribution)
    }

    /// Where the lower-case words that go on describing a source end ("according to Dutch
    /// researchers", "according to Chinese state media"): up to three words after the name,
    /// up to the first that is a function word (``FactStopWords``) or a participle (ending in
    /// "-ed" or "-ing"), or is followed by punctuation other than a space; nil when the name is
    /// not followed by such a word.
    private static func descriptionEnd(after rest: Substring) -> Substring.Index? {
        var end: Substring.Index?
        var index = rest.startIndex
        for _ in 0..<3 {
            guard index < rest.endIndex, rest[index] == " " else { break }
            let start = rest.index(after: index)
            var stop = start
            while stop < rest.endIndex, rest[stop].isLetter || rest[stop] == "-" { stop = rest.index(after: stop) }
            let word = rest[start..<stop]
            // A participle ("data tracked by", "reporting") is the verb of what follows, not a
            // word of the source's name.
            guard let first = word.first, first.isLowercase, !FactStopWords.english.contains(String(word)),
                  !notNames.contains(String(word)), !word.hasSuffix("ed"), !word.hasSuffix("ing") else { break }
            end = stop
            index = stop
        }
        return end
    }

    private static func trimName(_ raw: String) -> String {
        var name = raw
        for suffix in ["'s", "’s"] where name.hasSuffix(suffix) { name.removeLast(2) }
        while let last = name.last, ".,;:'’-".contains(last) {
            // An abbreviation keeps its dot ("U.S.").
            if last == ".", name.count >= 3, name.dropLast().last?.isLetter == true, name.dropLast(2).last == "." { break }
            name.removeLast()
        }
        return name
    }
}
