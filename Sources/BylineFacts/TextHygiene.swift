import BylineText
import Foundation

/// Cleans item text before facts are compared: removes what a feed wraps around its news.
///
/// Two kinds of removal:
/// - Fixed rules, for every feed: URLs (`http(s)://…`, `www.…`, `bit.ly/…`), hashtags
///   (`#FoxNews`), @handles, "The post … appeared first on …", "Continue reading…", "Read
///   more…", "Click here…", `[…]`, a broadcast sign-off standing as its own sentence ("CNN's
///   Rosa Flores reports.", "Al Jazeera's Hiba Morgan reports from Khartoum."), a teaser standing as
///   its own sentence (an imperative to see, watch, hear or listen of at most five lower-case words
///   after the verb: "See his reaction", "See what happened next"). A removed URL or
///   hashtag also ends a segment, and a bullet (`•`) starts one (a list of related links), since feeds
///   glue boilerplate to the news without a full stop ("… on 'Special Report' #FoxNews Subscribe
///   to Fox News! https://…"). A link's label (the words before a colon that a URL, a line
///   break or the end of the text follows: "Subscribe to our channel: https://…", "Follow us on
///   Twitter:") goes with it: it ends at the colon and starts after the sentence, dash or bar
///   before it, or at a capitalised word glued to the sentence before without punctuation
///   ("… in the country Subscribe to 1News:", or after a link: "… https://… Like and follow TFC
///   News Facebook:", a feed that dropped its line breaks) when the sentence is longer than six
///   words; a sentence of 12 words or more without such a word is not a label.
/// - Learned per outlet, from repetition: a segment (a sentence, or the text between removed
///   URLs) that the outlet's items repeat in at least ``minimumStories`` different stories is
///   boilerplate for that outlet ("Subscribe to Fox News!"), dropped where it stands alone and
///   cut where it is glued to the end of a sentence.
///   Counting stories rather than items keeps a sentence that an outlet repeats across the
///   updates of one story. No list of outlets or phrases is involved.
///
/// Beside the boilerplate, the outlet's template lines are learned the same way
/// (``templates``): a segment of a summary or content whose ``templateKey(_:)`` (the segment with
/// its dates, numbers and names as slots: "Here's the full episode of Dr. Love, September 19,
/// 2021." -> `here s the full episode of N #`) is repeated in ``minimumStories`` or more of the
/// outlet's stories. They are not removed from the text (a template's slots can carry news); the
/// edit classifier uses them (``templateLines(of:outlet:)``) to tell a change of an outlet's
/// template from a change of its news.
public struct TextHygiene: Sendable, Hashable {
    /// How many different stories of one outlet must repeat a segment for it to be boilerplate.
    public static let minimumStories = 3

    /// Boilerplate segment keys (see ``key(_:)``) per outlet id.
    public var boilerplate: [String: Set<String>]

    /// Template keys (see ``templateKey(_:)``) of each outlet's template lines, per outlet id:
    /// those repeated in the summaries and contents of ``minimumStories`` or more of its stories.
    public var templates: [String: Set<String>]

    /// Creates a hygiene with known boilerplate and template lines.
    public init(boilerplate: [String: Set<String>] = [:], templates: [String: Set<String>] = [:]) {
        self.boilerplate = boilerplate
        self.templates = templates
    }

    /// Hygiene with the fixed rules only.
    public static let fixedRulesOnly = TextHygiene()

    /// Learns each outlet's boilerplate from its stories.
    ///
    /// - Parameter stories: the items of each story (every version of every item counts); an
    ///   item should appear in one story only.
    /// - Returns: the hygiene: fixed rules plus, per outlet, the segments found in at least
    ///   ``minimumStories`` of its stories, and the template lines (``templates``) of its
    ///   summaries and contents found in at least as many.
    public static func learn(from stories: [[FactItem]]) -> TextHygiene {
        var storiesBySegment: [String: [String: Set<Int>]] = [:]
        var storiesByTemplate: [String: [String: Set<Int>]] = [:]
        for (storyIndex, items) in stories.enumerated() {
            for item in items {
                var keys: Set<String> = []
                var templateKeys: Set<String> = []
                for version in item.versions {
                    for (index, text) in [version.title, version.summary, version.content ?? ""].enumerated() where !text.isEmpty {
                        for segment in segments(of: text) {
                            keys.insert(key(segment))
                            // Titles are left out: a headline's template ("N new cases") is news.
                            if index > 0, let template = templateKey(segment) { templateKeys.insert(template) }
                        }
                    }
                }
                for key in keys where !key.isEmpty {
                    storiesBySegment[item.outlet, default: [:]][key, default: []].insert(storyIndex)
                }
                for template in templateKeys {
                    storiesByTemplate[item.outlet, default: [:]][template, default: []].insert(storyIndex)
                }
            }
        }
        func repeated(_ counts: [String: [String: Set<Int>]]) -> [String: Set<String>] {
            var result: [String: Set<String>] = [:]
            for (outlet, segments) in counts {
                let found = segments.filter { $0.value.count >= minimumStories }.map(\.key)
                if !found.isEmpty { result[outlet] = Set(found) }
            }
            return result
        }
        return TextHygiene(boilerplate: repeated(storiesBySegment), templates: repeated(storiesByTemplate))
    }

    /// The template key of a segment, or nil when it has no slot or too few fixed words to be a
    /// template: its words (runs of letters and digits) with each word holding a digit, each
    /// capitalised month or weekday name and each other capitalised word but the first made a slot (`#` for a
    /// number or date, `N` for a name), a run of equal slots made one, the other words lower-cased,
    /// joined by one space ("Here's the full episode of Tulong Ko, Pasa Mo September 19, 2021" ->
    /// `here s the full episode of N #`). A template has at least one slot and at least three
    /// fixed words of two letters or more, more fixed words than slots.
    public static func templateKey(_ segment: String) -> String? {
        let words = segment.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        var parts: [String] = []
        var slots = 0
        var fixed = 0
        for (index, word) in words.enumerated() {
            let lower = word.lowercased()
            let slot: String?
            let capitalised = word.first?.isUppercase == true
            if word.contains(where: \.isNumber)
                || (capitalised && (FactUnitExtractor.months.contains(lower) || FactUnitExtractor.weekdays.contains(lower))) {
                slot = "#"
            } else if index > 0, capitalised {
                slot = "N"
            } else {
                slot = nil
            }
            if let slot {
                if parts.last != slot { parts.append(slot); slots += 1 }
            } else {
                parts.append(lower)
                if word.count >= 2 { fixed += 1 }
            }
        }
        guard slots > 0, fixed >= 3, fixed > slots else { return nil }
        return parts.joined(separator: " ")
    }

    /// The sentences of `sentences` (as ``sentences(of:outlet:)`` gives them) that are template
    /// lines of `outlet` (``templates``), by index.
    public func templateLines(of sentences: [String], outlet: String) -> Set<Int> {
        guard let known = templates[outlet], !known.isEmpty else { return [] }
        var result: Set<Int> = []
        for (index, sentence) in sentences.enumerated() {
            if let template = Self.templateKey(sentence), known.contains(template) { result.insert(index) }
        }
        return result
    }

    /// The sentences of `text` that carry news for `outlet`: fixed rules applied, text split at
    /// removed URLs and hashtags and with ``SentenceSplitter``, the outlet's learned boilerplate
    /// dropped, and fragments without two letters-words dropped.
    public func sentences(of text: String, outlet: String) -> [String] {
        let known = boilerplate[outlet] ?? []
        return Self.segments(of: text).compactMap { segment -> String? in
            guard !known.contains(Self.key(segment)) else { return nil }
            let kept = known.isEmpty ? segment : Self.withoutTail(segment, known: known)
            return Self.hasTwoWords(kept) ? kept : nil
        }
    }

    /// Whether `text` holds two runs of two or more letters. An ASCII text is read byte by byte
    /// (its letters are A-Z and a-z, each one `Character`).
    static func hasTwoWords(_ text: String) -> Bool {
        var words = 0
        var run = 0
        var ascii = true
        for byte in text.utf8 {
            guard byte < 0x80 else { ascii = false; break }
            if (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) {
                run += 1
                if run == 2 { words += 1 }
            } else {
                run = 0
            }
        }
        return ascii ? words >= 2 : hasTwoWordsByCharacter(text)
    }

    /// ``hasTwoWords(_:)`` by `Character`: any text.
    static func hasTwoWordsByCharacter(_ text: String) -> Bool {
        text.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 2 }.count >= 2
    }

    /// `segment` without a learned boilerplate segment glued to its end without a full stop
    /// ("... on General Mark Milley Subscribe to Fox News!"): the last 2 to 12 words whose key is
    /// boilerplate are cut, the longest such tail first.
    static func withoutTail(_ segment: String, known: Set<String>) -> String {
        let words = segment.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2 else { return segment }
        for count in stride(from: min(12, words.count - 1), through: 2, by: -1) {
            let tail = words[(words.count - count)...].joined(separator: " ")
            if known.contains(key(tail)) {
                return words[..<(words.count - count)].joined(separator: " ")
            }
        }
        return segment
    }

    /// The comparison key of a segment: lower-case letters and digits, single spaces.
    public static func key(_ segment: String) -> String {
        asciiKey(segment) ?? unicodeKey(segment)
    }

    /// ``key(_:)`` by `Character`: any text.
    static func unicodeKey(_ segment: String) -> String {
        segment.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
    }

    /// ``key(_:)`` of an ASCII segment, byte by byte (nil for any other): in ASCII the letters
    /// are A-Z and a-z, the numbers 0-9, and lower-casing touches A-Z only, so the key is the
    /// runs of those, lower-cased and joined by one space. Every segment's key is taken, most
    /// of them ASCII, and the Unicode property look-ups of `Character` were most of its cost.
    static func asciiKey(_ segment: String) -> String? {
        let utf8 = segment.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var gap = false
        for byte in utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
            if (lower >= 97 && lower <= 122) || (byte >= 48 && byte <= 57) {
                if gap, !bytes.isEmpty { bytes.append(32) }
                gap = false
                bytes.append(lower)
            } else {
                gap = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let splitters: [NSRegularExpression] = [
        // A bullet starts an item of a list (a feed's related links): each item is its own segment.
        #"\s*[•▪‣◦]\s*"#,
        #"(?i)\bhttps?://\S+|\bwww\.\S+|\b(?:bit\.ly|t\.co|youtu\.be)/\S+"#,
        #"(?<![\p{L}\p{N}&])#[\p{L}\p{N}_]+"#,
        #"(?<![\p{L}\p{N}])@[A-Za-z0-9_]{2,}"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// `text` without its link labels (see the type's documentation).
    static func withoutLinkLabels(_ text: String) -> String {
        guard text.contains(":") else { return text }
        var chars = Array(text)
        var index = chars.count - 1
        while index >= 0 {
            defer { index -= 1 }
            guard chars[index] == ":" else { continue }
            // What follows the colon: spaces, then a URL, a line break or the end.
            var after = index + 1
            while after < chars.count, chars[after] == " " || chars[after] == "\t" { after += 1 }
            let rest = String(chars[after..<min(chars.count, after + 8)]).lowercased()
            guard after == chars.count || chars[after] == "\n" || rest.hasPrefix("http://") || rest.hasPrefix("https://")
                    || rest.hasPrefix("www.") else { continue }
            // The label's start: after the nearest sentence end, dash or bar before the colon;
            // when that gives more than six words, at the earliest capitalised word glued to a
            // lower-case word among the last six ("... in the country Subscribe to 1News:"),
            // and no label when there is none and the sentence has 12 words or more.
            var start = index
            var wordStarts: [Int] = []
            while start > 0 {
                let previous = chars[start - 1]
                if previous == "\n" || ".!?|".contains(previous) { break }
                if previous == " ", start >= 3, "-–—".contains(chars[start - 2]), chars[start - 3] == " " { break }
                if previous == " ", chars[start] != " " { wordStarts.append(start) }
                start -= 1
            }
            while start < index, chars[start] == " " { start += 1 }
            if wordStarts.count >= 6 {
                // Glued: after a lower-case letter, or after a link (a feed that drops line
                // breaks glues the next line to the link that ended the one before).
                let glued = wordStarts.prefix(6).filter { chars[$0].isUppercase && $0 >= 2 && (chars[$0 - 2].isLowercase || Self.followsLink(chars, at: $0)) }
                if let earliest = glued.min() {
                    start = earliest
                } else if wordStarts.count >= 12 {
                    continue
                }
            }
            // Remove the label, the colon and a dash or bar left before it.
            var from = start
            while from > 0, " -–—|".contains(chars[from - 1]) { from -= 1 }
            chars.replaceSubrange(from...index, with: ["\n"])
            index = from
        }
        return String(chars)
    }

    /// Whether the word before the word starting at `start` (a space between them) is a link
    /// (`http://`, `https://`, `www.`).
    static func followsLink(_ chars: [Character], at start: Int) -> Bool {
        var from = start - 1
        while from > 0, chars[from - 1] != " ", chars[from - 1] != "\n" { from -= 1 }
        let word = String(chars[from..<(start - 1)]).lowercased()
        return word.hasPrefix("http://") || word.hasPrefix("https://") || word.hasPrefix("www.")
    }

    private static let removals: [NSRegularExpression] = [
        #"(?i)\bthe post\b.*?\bappeared first on\b[^.!?\n]*[.!?]?"#,
        #"(?i)\bcontinue reading\b[^.!?\n]*[.!?…]*"#,
        #"(?i)\b(?:read|see) (?:the )?(?:more|full story|full article)\b[^.!?\n]*[.!?…]*"#,
        #"(?i)\b(?:click|tap) here\b[^.!?\n]*[.!?]?"#,
        #"\[(?:…|\.\.\.|&#8230;)\]|\[\+\d+ chars\]"#,
        // A broadcast sign-off: a reporter's name, with the outlet's possessive before it, that
        // "reports" (from a place) or "has more", standing as its own sentence.
        // A teaser: an imperative to see, watch, hear or listen, of at most five lower-case words
        // after the verb (no name, no number), standing as its own sentence ("See his reaction",
        // "See what happened next"): it points to a video and states nothing.
        #"(?:^|(?<=[.!?\n]))\s*(?:See|Watch|Hear|Listen to)\s+[\p{Ll}'’]+(?:\s+[\p{Ll}'’]+){0,4}\s*(?:[.!?]+|$|(?=\n))"#,
        #"(?:^|(?<=[.!?\n])\s*)(?:[\p{Lu}][\p{L}.&'’-]*\s+){0,3}?[\p{Lu}][\p{L}.&-]*['’]s\s+(?:[\p{Lu}][\p{L}.'’-]*\s+){1,3}(?:reports|has more)(?:\s+from\s+(?:the\s+)?[\p{Lu}][\p{L}'’-]*(?:,?\s+[\p{Lu}][\p{L}'’-]*){0,4})?\s*(?:[.!?]|$|(?=\n))"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// Per expression of ``splitters`` then ``removals`` (same order): phrases of which every
    /// match holds one (compared in ASCII lower case when the expression ignores case), so that
    /// a text holding none skips the expression. Most texts (titles above all) hold none, and the
    /// expressions ran on every text of every outlet's boilerplate sample. (An expression that
    /// ignores case also matches a few non-ASCII letters, such as "ſ" or the Kelvin sign for "s"
    /// and "k"; such spellings skip it.)
    static let triggers: [(phrases: [String], ignoringCase: Bool)] = [
        (["•", "▪", "‣", "◦"], false),
        (["://", "www.", "bit.ly/", "t.co/", "youtu.be/"], true),
        (["#"], false),
        (["@"], false),
        (["appeared first on"], true),
        (["continue reading"], true),
        (["read more", "read the more", "read full", "read the full", "see more", "see the more", "see full", "see the full"], true),
        (["click here", "tap here"], true),
        (["["], false),
        (["See ", "Watch ", "Hear ", "Listen to "], false),
        (["reports", "more"], false),
    ]

    /// The text's segments after the fixed rules: removed URLs, hashtags and handles end a
    /// segment; each piece is split into sentences.
    static func segments(of text: String) -> [String] {
        segments(of: text, everyRule: false)
    }

    /// ``segments(of:)``; with `everyRule`, every expression runs whatever ``triggers`` say (for
    /// tests that the triggers skip nothing).
    static func segments(of text: String, everyRule: Bool) -> [String] {
        var cleaned = withoutLinkLabels(text)
        // Compared byte for byte (UTF-8), the ASCII capitals folded for the expressions that
        // ignore case.
        var bytes: [UInt8]?, folded: [UInt8]?
        func mayMatch(_ index: Int) -> Bool {
            if everyRule { return true }
            if bytes == nil { bytes = Array(cleaned.utf8) }
            let ignoringCase = triggers[index].ignoringCase
            if ignoringCase, folded == nil { folded = bytes!.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }
            let haystack = ignoringCase ? folded! : bytes!
            return triggers[index].phrases.contains { ByteSearch.contains($0, in: haystack) }
        }
        for (index, expression) in splitters.enumerated() where mayMatch(index) {
            cleaned = expression.stringByReplacingMatches(in: cleaned, range: NSRange(cleaned.startIndex..., in: cleaned), withTemplate: "\n")
            bytes = nil
            folded = nil
        }
        for (index, expression) in removals.enumerated() where mayMatch(splitters.count + index) {
            cleaned = expression.stringByReplacingMatches(in: cleaned, range: NSRange(cleaned.startIndex..., in: cleaned), withTemplate: " ")
            bytes = nil
            folded = nil
        }
        return SentenceSplitter.sentences(in: cleaned)
    }
}
