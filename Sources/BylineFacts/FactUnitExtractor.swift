import Foundation
import BylineText

/// Finds what a sentence carries: quantities with their nouns, names, quotations with their
/// speakers, and time phrases. Rule-based (no part-of-speech model); each rule is stated where
/// it is applied.
public enum FactUnitExtractor {
    /// A word of the sentence with its position in the character array.
    struct Token {
        var text: String
        var start: Int
        var end: Int
        /// Characters between the previous token and this one.
        var gap: String
        var isNumber: Bool { text.first?.isNumber == true }
        var isCapitalised: Bool { text.first?.isUppercase == true }
        var lower: String { text.lowercased() }
    }

    /// Nouns (stems) of durations: a quantity of these is a time phrase, not a count.
    public static let durationNouns: Set<String> = [
        "second", "minute", "hour", "day", "week", "month", "year", "decade", "night",
    ]

    static let numberWords: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100,
    ]
    static let scales: [String: Double] = [
        "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1e12,
        "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000,
    ]
    static let qualifiers: [String] = [
        "more than", "less than", "fewer than", "up to", "at least", "as many as", "an estimated", "nearly",
        "almost", "about", "around", "some", "over", "approximately", "roughly", "approaching", "estimated",
        "under", "only",
    ]
    /// Words after a number that say "people" without saying what happened to them; the next
    /// content word is the key ("six people were killed" -> "kill").
    static let genericNouns: Set<String> = ["people", "person", "persons", "others", "individuals", "more"]
    /// Words skipped between a number and its noun when a content word follows ("10,000
    /// undocumented migrants" -> "migrant").
    static let modifiers: Set<String> = [
        "new", "other", "additional", "more", "many", "undocumented", "unaccompanied", "confirmed", "reported",
        "suspected", "foreign", "local", "young", "old", "total", "daily", "further", "extra", "mostly", "illegal",
        "asylum", "haitian", "afghan",
    ]
    /// Folded synonyms of count nouns (stems). A toll, in the news, counts the dead.
    static let synonyms: [String: String] = [
        "dead": "kill", "die": "kill", "died": "kill", "death": "kill", "fatality": "kill", "fatalitie": "kill",
        "killed": "kill", "injured": "injur", "injur": "injur", "wound": "injur", "wounded": "injur", "hurt": "injur",
        "injury": "injur", "injurie": "injur", "case": "case", "infection": "case", "abduct": "kidnap", "abducted": "kidnap",
        "kidnapped": "kidnap", "toll": "kill",
    ]
    /// Nouns (stems) of list headlines ("five things to know"): not quantities.
    static let listNouns: Set<String> = [
        "thing", "way", "reason", "question", "takeaway", "tip", "moment", "photo", "picture", "fact", "lesson", "sign",
        "time", "highlight", "story", "storie", "look", "key", "trick", "idea", "rule", "step", "mistake", "source",
    ]
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
    static let relativeDays: Set<String> = ["today", "tonight", "yesterday", "tomorrow", "overnight"]
    static let speechVerbs: Set<String> = [
        "said", "says", "told", "tells", "warned", "warns", "added", "adds", "stated", "tweeted", "wrote", "writes",
        "claimed", "claims", "insisted", "insists", "argued", "argues", "declared", "announced", "explained",
    ]

    /// The unit of one sentence.
    ///
    /// - Quantities: a digit group (`10,000`, `3.5`) or a number word (one to ninety, dozen),
    ///   times a scale word (dozen, hundred, thousand, million, billion; "m", "k", "bn" glued on)
    ///   when one follows, with a currency sign before it or `%`/"percent"/"per cent" after; the qualifier before it; the noun is
    ///   the first content word after it, skipping modifiers ("undocumented", a capitalised
    ///   demonym, an adjective by its ending before a plural: "5000 active cases") and generic nouns ("people"), or, when no content word follows, the plural
    ///   whose level it states before "to" or "at" (``levelNoun(_:before:)``: "Sinovac doses to
    ///   36 million"). A fraction in words is a percentage (``fractionValue(_:at:)``: "two-thirds"
    ///   -> 66.67%). A year (an integer 1900-2100 written without
    ///   grouping) and a number glued to a word by a hyphen after letters ("Covid-19") are not
    ///   quantities; neither are ordinals ("73rd"), list headlines ("five things to know") and a
    ///   whole number with "m" or "k" glued on but no currency sign ("500m", metres or millions).
    /// - Names: runs of two or more capitalised words separated by spaces only (an abbreviation
    ///   such as "Rep." may continue a run), leading stop words dropped; none in Title Case text.
    /// - Quotations: text in double quotes (straight or curly) or in curly single quotes of at
    ///   least three words (two quoted words are scare quotes, "removal flights"); the speaker is a capitalised run just before or after a speech verb.
    /// - Time phrases: weekdays, today/yesterday/tomorrow/tonight, month names with a day (either
    ///   order), clock times ("11.59pm", "10:30"), years, and durations ("past 48 hours").
    public static func unit(_ sentence: String) -> FactUnit {
        let chars = Array(sentence)
        let tokens = tokenize(chars)
        var quantities: [Quantity] = []
        var timePhrases: [String] = []
        // Whether a capital inside the sentence is a name's: two or more words of four letters or
        // more are lower case (no Title Case headline; a sentence dense with names, "The Northern
        // Line extension serves new stations at Nine Elms", still).
        let capitalsAreNames = tokens.filter { $0.text.count >= 4 && !$0.isNumber && !$0.isCapitalised }.count >= 2
        let titleCase = isTitleCase(tokens)
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let lower = token.lower
            if weekdays.contains(lower) || relativeDays.contains(lower) {
                var phrase = lower
                if index > 0, ["on", "last", "next", "this", "since", "by", "until", "late", "early"].contains(tokens[index - 1].lower) {
                    phrase = tokens[index - 1].lower + " " + lower
                }
                timePhrases.append(phrase)
                index += 1
                continue
            }
            if months.contains(lower), token.isCapitalised, index + 1 < tokens.count, tokens[index + 1].isNumber,
               let day = Int(tokens[index + 1].text), day >= 1, day <= 31 {
                timePhrases.append("\(lower) \(day)")
                index += 2
                continue
            }
            // A day before its month ("20 September") is a date, not a count.
            if token.isNumber, let day = Int(token.text), day >= 1, day <= 31, index + 1 < tokens.count,
               months.contains(tokens[index + 1].lower), tokens[index + 1].isCapitalised {
                timePhrases.append("\(tokens[index + 1].lower) \(day)")
                index += 2
                continue
            }
            // A clock time ("11.59pm", "7 am", "10:30") is a time, not a count.
            if token.isNumber, index + 1 < tokens.count, ["am", "pm"].contains(tokens[index + 1].lower) {
                timePhrases.append(token.text + tokens[index + 1].lower)
                index += 2
                continue
            }
            if token.isNumber, index + 1 < tokens.count, tokens[index + 1].gap == ":", tokens[index + 1].isNumber,
               tokens[index + 1].text.count == 2, let hour = Int(token.text), hour <= 24 {
                timePhrases.append(token.text + ":" + tokens[index + 1].text)
                index += 2
                continue
            }
            let fraction = fractionValue(tokens, at: index)
            guard var value = fraction ?? numberValue(token) else { index += 1; continue }
            // An ordinal ("73rd Emmy Awards", "2nd") counts nothing.
            if token.isNumber, index + 1 < tokens.count, tokens[index + 1].gap.isEmpty,
               ["st", "nd", "rd", "th"].contains(tokens[index + 1].lower) {
                index += 2
                continue
            }
            // "Nine Elms", "Seven Sisters", "Three Mile Island": a number word capitalised inside a
            // sentence whose capitals are names', before a capitalised word, is part of a name.
            if !token.isNumber, token.isCapitalised, index > 0, capitalsAreNames, index + 1 < tokens.count,
               tokens[index + 1].isCapitalised, !tokens[index + 1].isNumber {
                index += 2
                continue
            }
            // "Covid-19", "G7", "F-16": a number glued to letters is part of a name.
            if token.isNumber, token.gap == "-" || token.gap.isEmpty, index > 0, tokens[index - 1].text.last?.isLetter == true {
                index += 1
                continue
            }
            if token.isNumber, !token.text.contains(","), !token.text.contains("."), value >= 1900, value <= 2100,
               !token.gap.hasSuffix("$"), !token.gap.hasSuffix("£"), !token.gap.hasSuffix("€") {
                timePhrases.append(token.text)
                index += 1
                continue
            }
            var last = index
            let sign = token.gap.last.flatMap { "$£€".contains($0) ? String($0) : nil }
            // "500m", "10k" glued to a whole number and no currency: metres, minutes, a 10 km
            // race as much as millions or thousands ("K1 500m paddlers" was a count of
            // 500,000,000). Only money ("$500m") and a fraction ("1.5m people") say which.
            if token.isNumber, sign == nil, !token.text.contains("."), last + 1 < tokens.count,
               tokens[last + 1].gap.isEmpty, ["m", "k"].contains(tokens[last + 1].lower) {
                index = last + 2
                continue
            }
            if last + 1 < tokens.count, let scale = scales[tokens[last + 1].lower],
               scale > 100 || tokens[last + 1].lower == "hundred" || tokens[last + 1].lower == "dozen",
               tokens[last + 1].lower.count > 2 || tokens[last + 1].gap.isEmpty {
                value *= scale
                last += 1
            }
            var noun = ""
            if fraction != nil {
                noun = "%"
                last = index + 1
            } else if let sign {
                noun = sign
            } else if last + 1 < tokens.count, tokens[last + 1].text == "%" || tokens[last + 1].lower == "percent" {
                noun = "%"
                last += 1
            } else if last + 2 < tokens.count, tokens[last + 1].lower == "per", tokens[last + 2].lower == "cent" {
                // British and Australian spelling: "80 per cent".
                noun = "%"
                last += 2
            } else {
                let (after, nounIndex) = countedNoun(tokens, after: last)
                var found = after
                // A number above one right before a singular noun names or measures something; it
                // does not count it: "a 911 call", "a 4.8 magnitude quake", "the 100 metre final"
                // (English counts above one take the plural: "911 calls").
                if let nounIndex, nounIndex == last + 1, value > 1, !durationNouns.contains(found),
                   isSingularNoun(tokens[nounIndex].lower) {
                    index = nounIndex + 1
                    continue
                }
                // "brought the country's Sinovac doses to 36 million": nothing counted after the
                // number, the level a noun before it reaches.
                if found.isEmpty, let before = levelNoun(tokens, before: index, titleCase: titleCase) { found = before }
                noun = found
                if let nounIndex { last = nounIndex }
                // "killing eight people", "kills at least 65 people", "injuring at least 12": the verb before the number
                // says what the people count is.
                if noun == "people" {
                    var back = index - 1
                    while back >= 0, index - back <= 4, ["at", "least", "more", "than", "nearly", "about", "some", "up", "to", "over", "almost"].contains(tokens[back].lower) {
                        back -= 1
                    }
                    if back >= 0 {
                        let stem = LightStemmer.stem(tokens[back].lower)
                        if eventWords.contains(stem) || eventWords.contains(stem + "e") || ["kill", "injur", "wound"].contains(stem) {
                            noun = synonyms[stem] ?? synonyms[stem + "ed"] ?? stem
                        }
                    }
                }
            }
            var qualifier = ""
            var first = index
            for candidate in qualifiers {
                let words = candidate.split(separator: " ").map(String.init)
                guard index >= words.count else { continue }
                if zip(words, tokens[(index - words.count)..<index]).allSatisfy({ $0 == $1.lower }) {
                    qualifier = candidate
                    first = index - words.count
                    break
                }
            }
            if sign != nil { first = min(first, index) }
            var startChar = tokens[first].start
            if sign != nil, first == index { startChar -= 1 }
            let text = String(chars[max(0, startChar)..<tokens[last].end])
            if durationNouns.contains(noun) {
                let before = index > 0 ? tokens[index - 1].lower : ""
                timePhrases.append((["past", "last", "next", "in", "within", "for"].contains(before) ? before + " " : "") + text.lowercased())
            }
            // "Five things to watch", "7 ways to ...": a list headline, not a count.
            if listNouns.contains(noun) { index = last + 1; continue }
            quantities.append(Quantity(value: value, text: text, noun: noun, qualifier: qualifier))
            index = last + 1
        }
        return FactUnit(sentence: sentence, quantities: quantities, names: titleCase ? [] : names(tokens, chars),
                        quotations: quotations(sentence, tokens: tokens), timePhrases: timePhrases)
    }

    /// Words of letters and digits; digit groups joined by `,` or `.` stay one token; `%` is a
    /// token; hyphens, apostrophes and other marks separate tokens (a possessive `'s` is dropped).
    static func tokenize(_ chars: [Character]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var gapStart = 0
        while index < chars.count {
            let char = chars[index]
            if char == "%" {
                tokens.append(Token(text: "%", start: index, end: index + 1, gap: String(chars[gapStart..<index])))
                index += 1
                gapStart = index
                continue
            }
            guard char.isLetter || char.isNumber else { index += 1; continue }
            let start = index
            var text = ""
            while index < chars.count {
                let c = chars[index]
                if c.isLetter || c.isNumber {
                    // Digits and letters split ("10m" stays "10", "m"), except inside a word.
                    if let last = text.last, last.isNumber != c.isNumber, last.isNumber { break }
                    text.append(c)
                    index += 1
                } else if (c == "," || c == "."), text.last?.isNumber == true, text.allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }),
                          index + 1 < chars.count, chars[index + 1].isNumber {
                    text.append(c)
                    index += 1
                } else {
                    break
                }
            }
            tokens.append(Token(text: text, start: start, end: index, gap: String(chars[gapStart..<start])))
            if index + 1 < chars.count, chars[index] == "'" || chars[index] == "’", chars[index + 1] == "s",
               index + 2 >= chars.count || !(chars[index + 2].isLetter || chars[index + 2].isNumber) {
                index += 2
            }
            gapStart = index
        }
        return tokens
    }

    /// Fractions by their denominators, singular and plural: "a half", "two-thirds", "three quarters".
    static let denominators: [String: Double] = [
        "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
        "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
        "tenth": 10, "tenths": 10,
    ]

    /// The percentage a fraction in words at `index` states ("two-thirds" -> 66.67, "three quarters
    /// of" -> 75): a number word ("one" included) below the denominator, joined to it by a hyphen
    /// or followed by "of" ("two quarters" alone is as often two three-month periods). nil when
    /// the token opens no such fraction.
    static func fractionValue(_ tokens: [Token], at index: Int) -> Double? {
        guard index + 1 < tokens.count, !tokens[index].isNumber else { return nil }
        let lower = tokens[index].lower
        guard let numerator = lower == "one" ? 1 : numberWords[lower], lower != "dozen", lower != "hundred",
              let denominator = denominators[tokens[index + 1].lower], numerator < denominator else { return nil }
        let hyphenated = tokens[index + 1].gap == "-"
        let before = index + 2 < tokens.count && tokens[index + 1].gap == " " && tokens[index + 2].lower == "of"
        guard hyphenated || before else { return nil }
        return numerator / denominator * 100
    }

    static func numberValue(_ token: Token) -> Double? {
        if token.isNumber {
            return Double(token.text.replacingOccurrences(of: ",", with: ""))
        }
        guard let value = numberWords[token.lower], token.lower != "hundred" else { return nil }
        // "one" is too often a pronoun ("one of the"): only with a following noun, decided by the caller.
        return token.lower == "one" ? nil : value
    }

    /// Nouns (stems) that count people in general: a count of them is keyed by what happened to
    /// them ("300 Haitians were deported" -> "deport"; "killing eight people" -> "kill") or else
    /// by `people`, so that "10,000 people camped", "14,000 migrants" and "12,000 Haitians" are
    /// one quantity. Members and victims are people of a group the sentence names elsewhere ("10
    /// members of one family", "the victims"), so they count people too. Particular groups ("10
    /// civilians", "7 children") keep their own noun.
    public static let peopleNouns: Set<String> = [
        "people", "person", "migrant", "immigrant", "refugee", "seeker", "evacuee", "individual", "other", "member",
        "victim",
    ]
    /// What can happen to counted people (stems and forms), folded by ``synonyms``.
    static let eventWords: Set<String> = [
        "kill", "killed", "dead", "die", "died", "injur", "injured", "wound", "wounded", "hurt", "missing", "arrest",
        "arrested", "detain", "detained", "deport", "deported", "expel", "expelled", "evacuat", "evacuated", "rescu",
        "rescued", "remov", "removed", "flown", "kidnap", "kidnapped", "abduct", "abducted", "infect", "infected", "hospitalis", "hospitaliz", "vaccinat",
        "vaccinated", "charg", "charged", "sentenc", "sentenced", "displac", "displaced", "stranded", "strand",
    ]
    /// The keys ``eventWords`` give a count (``eventKey(_:)``): what happened to the counted.
    public static let eventKeys: Set<String> = Set(eventWords.map(eventKey))

    /// The key of a count's lower-cased noun or event word: its stem, folded by ``synonyms``
    /// ("died" -> "kill", "abducted" -> "kidnap", "migrants" -> "migrant").
    static func eventKey(_ lower: String) -> String {
        let stem = LightStemmer.stem(lower)
        return synonyms[stem] ?? synonyms[lower] ?? stem
    }
    static let auxiliaries: Set<String> = [
        "were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "reportedly", "now", "already",
        "also", "later", "so", "far",
    ]

    /// Plurals that do not end in "s" (and nouns that count several as they are).
    static let unmarkedPlurals: Set<String> = [
        "people", "children", "men", "women", "police", "staff", "cattle", "sheep", "fish", "deer", "personnel",
        "crew", "feet", "teeth", "mice", "geese", "data", "media", "aircraft", "livestock", "offspring", "clergy",
        "militia", "youth", "faithful",
    ]

    /// Whether a lower-cased word is a singular noun by its form: letters only, not ending in "s"
    /// (a plural, or a singular such as "bus" or "series", left counted), "ed" or "ing" (a
    /// participle: "100 confirmed"), not a plural without an "s" (``unmarkedPlurals``), and not
    /// a word that tells what happened to the counted (``eventWords``: "3 dead").
    static func isSingularNoun(_ lower: String) -> Bool {
        guard lower.count > 1, lower.allSatisfy({ $0.isLetter }), !unmarkedPlurals.contains(lower), !eventWords.contains(lower),
              !peopleNouns.contains(lower), !genericNouns.contains(lower) else { return false }
        return !lower.hasSuffix("s") && !lower.hasSuffix("ed") && !lower.hasSuffix("ing")
    }

    /// Whether a token is a lower-case plural by its form: a plural without an "s"
    /// (``unmarkedPlurals``), or a word of four letters or more ending in "s" but not in "ss",
    /// "us" or "is" ("cases", "homes"; not "class", "virus", "crisis").
    static func isPluralByForm(_ token: Token) -> Bool {
        let lower = token.lower
        guard !token.isCapitalised, lower.allSatisfy(\.isLetter) else { return false }
        if unmarkedPlurals.contains(lower) { return true }
        return lower.count >= 4 && lower.hasSuffix("s") && !lower.hasSuffix("ss") && !lower.hasSuffix("us") && !lower.hasSuffix("is")
    }

    /// English adjective endings ("active", "national", "dangerous", "electric", "military").
    static let adjectiveEndings = ["ive", "al", "ous", "ful", "less", "able", "ible", "ic", "ent", "ant", "ary"]

    /// Whether a lower-cased word is an adjective by its ending (``adjectiveEndings``), of five
    /// letters or more, letters only. A noun used as a modifier ("magnitude", "household", "sex")
    /// is not read as one: before a verb ending in "s" it is the subject ("911 call reveals").
    static func isAdjectiveByForm(_ lower: String) -> Bool {
        lower.count >= 5 && lower.allSatisfy(\.isLetter) && adjectiveEndings.contains { lower.hasSuffix($0) }
    }

    static func countedNoun(_ tokens: [Token], after index: Int) -> (String, Int?) {
        var position = index + 1
        var skipped = 0
        while position < tokens.count, position <= index + 4 {
            let token = tokens[position]
            let lower = token.lower
            // A clause boundary ends the search: "approaching 15,000 -- and warning".
            if token.gap.contains(where: { ",;:—–()".contains($0) }) || token.gap.contains("--") { break }
            if token.isNumber { break }
            if position == index + 1, lower == "of" || lower == "a" { position += 1; continue }
            if FactStopWords.english.contains(lower) && !genericNouns.contains(lower) { break }
            let stem = LightStemmer.stem(lower)
            if eventWords.contains(lower) || eventWords.contains(stem) {
                return (eventKey(lower), position)
            }
            // A capitalised plural right after the number names people: "12,000 Haitians".
            let demonym = token.isCapitalised && lower.hasSuffix("s") && lower.count > 4 && position == index + 1 + skipped
            if genericNouns.contains(lower) || peopleNouns.contains(stem) || demonym {
                return peopleKey(tokens, after: position)
            }
            let next = position + 1 < tokens.count ? tokens[position + 1] : nil
            let nextIsContent = next.map { !FactStopWords.english.contains($0.lower) && !$0.isNumber
                && !$0.gap.contains(where: { ",;:".contains($0) }) } ?? false
            // An adjective by its form before a plural of the same phrase describes it: "more than
            // 5000 active cases" counts cases (read as a singular noun, "active" made the number a
            // measure, and the sentence's count was lost).
            let describesPlural = !token.isCapitalised && isAdjectiveByForm(lower)
                && next.map { isPluralByForm($0) && !eventWords.contains($0.lower) && !eventWords.contains(LightStemmer.stem($0.lower)) } == true
            if skipped < 2, nextIsContent,
               modifiers.contains(lower) || describesPlural || (token.isCapitalised && (next?.isCapitalised == false || !lower.hasSuffix("s"))) {
                skipped += 1
                position += 1
                continue
            }
            return (eventKey(lower), position)
        }
        return ("", nil)
    }

    /// English verbs in the third person singular that take a new level with "to" or "at" ("show
    /// rises to 7.4 million", "toll stands at 47"): an "-s" that is no plural noun's.
    static let levelVerbs: Set<String> = [
        "rises", "climbs", "jumps", "grows", "soars", "surges", "increases", "falls", "drops", "declines", "slips",
        "sinks", "slides", "swells", "brings", "raises", "pushes", "lifts", "takes", "boosts", "cuts", "reduces",
        "lowers", "stands", "sits", "remains", "reaches", "nears", "edges", "moves", "goes", "comes", "amounts",
        "totals", "returns", "doubles", "triples", "tumbles", "plunges", "dips", "eases", "spikes", "shrinks",
    ]

    /// Verbs of ``levelVerbs`` in the past tense and participle, and those that take the level
    /// without "to" ("hits 50", "reached 1,000"), in every form: "climbed to 22", "has risen to".
    static let pastLevelVerbs: Set<String> = [
        "rose", "risen", "climbed", "jumped", "grew", "grown", "soared", "surged", "increased", "fell", "fallen",
        "dropped", "declined", "slipped", "sank", "sunk", "slid", "swelled", "swollen", "brought", "raised", "pushed",
        "lifted", "took", "taken", "boosted", "cut", "reduced", "lowered", "stood", "sat", "remained", "reached",
        "neared", "edged", "moved", "went", "gone", "came", "amounted", "totalled", "totaled", "returned", "doubled",
        "tripled", "tumbled", "plunged", "dipped", "eased", "spiked", "shrank", "shrunk",
    ]
    /// Verbs whose object is the level itself: "death toll hits 50", "cases reach 1,000" (not the
    /// base forms that are as often nouns or prepositions: "top", "pass", "cross", "near").
    static let directLevelVerbs: Set<String> = [
        "hits", "hit", "reaches", "reach", "reached", "tops", "topped", "passes", "passed", "exceeds",
        "exceed", "exceeded", "surpasses", "surpass", "surpassed", "crosses", "crossed", "nears", "neared",
        "totals", "totalled", "totaled",
    ]
    /// Prepositions that open a phrase after the head of a subject ("death toll from the storm").
    static let subjectPrepositions: Set<String> = ["of", "from", "in", "for", "on", "at", "among", "across", "after", "since"]
    /// Words that may stand between the head of a subject and its verb ("toll has climbed").
    static let determiners: Set<String> = ["the", "a", "an", "its", "their", "this", "that"]

    /// The counted noun of a number that states the level a noun before it reaches: the number
    /// follows "to" or "at", or a verb whose object is the level (``directLevelVerbs``: "hits",
    /// "reached"), a qualifier between them allowed ("climbs to more than 23"), and the noun is
    /// the nearest lower-case plural (not one of ``levelVerbs``) among the four words before
    /// that, in the same clause ("brought the country's Sinovac doses to 36 million" -> "dose",
    /// "cases have risen to 2,000" -> "case", "deaths stand at 47" -> "kill", "number of cases
    /// reaches 1,000" -> "case"); keyed as a noun after a number is (``eventKey(_:)``; a people
    /// noun -> `people`). Without such a plural, when a verb of level stands before "to"/"at" or
    /// takes the level itself, the head of its subject (``subjectHead(_:before:titleCase:)``:
    /// "death toll climbs to 23" -> "kill"). nil when there is none, when it is a duration or a
    /// list noun, and for a range ("kids aged 5 to 11").
    static func levelNoun(_ tokens: [Token], before index: Int, titleCase: Bool = false) -> String? {
        // A qualifier between the verb or "to" and the number: "rises to more than 23".
        var at = index - 1
        for candidate in qualifiers {
            let words = candidate.split(separator: " ").map(String.init)
            guard at + 1 >= words.count else { continue }
            if zip(words, tokens[(at + 1 - words.count)...at]).allSatisfy({ $0 == $1.lower }) { at -= words.count; break }
        }
        guard at >= 1 else { return nil }
        let viaPreposition = ["to", "at"].contains(tokens[at].lower)
        let direct = directLevelVerbs.contains(tokens[at].lower)
        // "kids aged 5 to 11": a number before "to" makes a range, not a level.
        guard viaPreposition || direct, !tokens[at - 1].isNumber else { return nil }
        // The verb: the word before "to" or "at" when it is a verb of level, or the direct verb.
        let verb: Int? = direct ? at
            : levelVerbs.contains(tokens[at - 1].lower) || pastLevelVerbs.contains(tokens[at - 1].lower) ? at - 1 : nil
        if let plural = levelPlural(tokens, before: at + 1, number: index) { return plural }
        guard let verb else { return nil }
        return subjectHead(tokens, before: verb, titleCase: titleCase)
    }

    /// The nearest lower-case plural (not a verb of ``levelVerbs`` or ``directLevelVerbs``) among
    /// the four words before `index - 1` (the "to", "at" or verb before the number), with no clause
    /// boundary between it and `number`; keyed by ``eventKey(_:)``. nil when there is none or it
    /// is a duration or a list noun.
    static func levelPlural(_ tokens: [Token], before index: Int, number: Int) -> String? {
        var position = index - 2
        while position >= 0, position >= index - 5 {
            // A clause boundary between the noun and the number ends the search.
            if tokens[(position + 1)...number].contains(where: { token in
                token.gap.contains(where: { ",;:—–()".contains($0) }) || token.gap.contains("--") }) { return nil }
            let token = tokens[position]
            let lower = token.lower
            if !token.isCapitalised, lower.count >= 4, lower.allSatisfy(\.isLetter), lower.hasSuffix("s"), !levelVerbs.contains(lower), !directLevelVerbs.contains(lower),
               !lower.hasSuffix("ss"), !lower.hasSuffix("us"), !lower.hasSuffix("is"), !FactStopWords.english.contains(lower) {
                let key = eventKey(lower)
                if durationNouns.contains(key) || listNouns.contains(key) { return nil }
                if genericNouns.contains(lower) || peopleNouns.contains(LightStemmer.stem(lower)) { return "people" }
                return key
            }
            position -= 1
        }
        return nil
    }

    /// The counted noun of the subject of the verb of level at `verb`, whose head is a singular
    /// ("death toll climbs to 23", "the toll has risen to 23", "The death toll from Severe
    /// Tropical Storm Maring climbed to 22"): the word before the verb (auxiliaries and "now"
    /// skipped), or, when a phrase opened by a preposition (``subjectPrepositions``) follows it,
    /// the word before the phrase, read back through names, determiners and such phrases to the
    /// start of the clause, at most eight words. The head is a lower-case word of three letters or
    /// more (capitalised only as the sentence's first word, or in a Title Case text whose verb is
    /// capitalised too: "Sadio Mane reaches 100" has no head), not a participle ("-ed", "-ing"),
    /// not a stop
    /// word; a modifier before it that names what happened (an event word or a folded synonym:
    /// "death toll" -> "kill", "case count" -> "case") is the key, else the head's, or the plural
    /// after "of" the head is followed by ("the number of people in hospital" -> `people`)
    /// (``eventKey(_:)``: "toll" -> "kill"); a people noun is `people`. nil when there is no such
    /// head (a name: "Penn State jumps to 6"), and for a duration or a list noun.
    static func subjectHead(_ tokens: [Token], before verb: Int, titleCase: Bool) -> String? {
        func boundary(_ token: Token) -> Bool { token.gap.contains(where: { ",;:—–()".contains($0) }) || token.gap.contains("--") }
        // In a Title Case text whose verb is capitalised too, capitals say nothing of names.
        let titled = titleCase && tokens[verb].isCapitalised
        func isHead(_ position: Int) -> Bool {
            let token = tokens[position]
            let lower = token.lower
            guard !token.isNumber, lower.count >= 3, lower.allSatisfy(\.isLetter), !FactStopWords.english.contains(lower),
                  !levelVerbs.contains(lower), !pastLevelVerbs.contains(lower), !directLevelVerbs.contains(lower),
                  !speechVerbs.contains(lower), !auxiliaries.contains(lower),
                  !lower.hasSuffix("ed"), !lower.hasSuffix("ing") else { return false }
            return !token.isCapitalised || position == 0 || titled
        }
        guard !boundary(tokens[verb]) else { return nil }
        var last = verb - 1
        while last >= 0, auxiliaries.contains(tokens[last].lower), !boundary(tokens[last + 1]) { last -= 1 }
        guard last >= 0, !boundary(tokens[last + 1]) else { return nil }
        var head: Int? = isHead(last) ? last : nil
        var position = last
        while position > 0, last - position < 8, !boundary(tokens[position]) {
            let previous = position - 1
            let lower = tokens[position].lower
            if subjectPrepositions.contains(lower) {
                guard isHead(previous) else { break }
                head = previous
            } else if FactStopWords.english.contains(lower), !determiners.contains(lower) {
                break
            }
            position -= 1
        }
        guard var head else { return nil }
        // "the number of people", "a total of cases": the plural after "of" is what is counted.
        if head + 2 < verb, tokens[head + 1].lower == "of", !boundary(tokens[head + 1]), !boundary(tokens[head + 2]) {
            let counted = tokens[head + 2].lower
            if unmarkedPlurals.contains(counted) || genericNouns.contains(counted)
                || (counted.count >= 4 && counted.hasSuffix("s") && !counted.hasSuffix("ss") && !counted.hasSuffix("us") && !counted.hasSuffix("is")) {
                head += 2
            }
        }
        var key = eventKey(tokens[head].lower)
        if head > 0, !boundary(tokens[head]), isHead(head - 1) {
            let modifier = eventKey(tokens[head - 1].lower)
            if eventKeys.contains(modifier) || Set(synonyms.values).contains(modifier) { key = modifier }
        }
        if durationNouns.contains(key) || listNouns.contains(key) { return nil }
        if genericNouns.contains(tokens[head].lower) || peopleNouns.contains(LightStemmer.stem(tokens[head].lower)) { return "people" }
        return key
    }

    /// The key of a count of people at `position`: an event word within the next three tokens
    /// (auxiliaries skipped), else `people`.
    static func peopleKey(_ tokens: [Token], after position: Int) -> (String, Int?) {
        var look = position + 1
        while look < tokens.count, look <= position + 4 {
            let token = tokens[look]
            if token.gap.contains(where: { ",;:—–()".contains($0) }) { break }
            let lower = token.lower
            let stem = LightStemmer.stem(lower)
            if eventWords.contains(lower) || eventWords.contains(stem) {
                return (eventKey(lower), look)
            }
            guard auxiliaries.contains(lower) || genericNouns.contains(lower) || peopleNouns.contains(stem) else { break }
            look += 1
        }
        return ("people", position)
    }

    static func isTitleCase(_ tokens: [Token]) -> Bool {
        let long = tokens.filter { $0.text.count >= 4 && !$0.isNumber }
        guard !long.isEmpty else { return false }
        return Double(long.filter(\.isCapitalised).count) / Double(long.count) > 0.6
    }

    static func names(_ tokens: [Token], _ chars: [Character]) -> [String] {
        var result: [String] = []
        var run: [Token] = []
        func flush() {
            while let first = run.first, FactStopWords.english.contains(first.lower) || months.contains(first.lower)
                    || weekdays.contains(first.lower) { run.removeFirst() }
            while let last = run.last, FactStopWords.english.contains(last.lower) { run.removeLast() }
            if run.count >= 2, let first = run.first, let last = run.last {
                result.append(String(chars[first.start..<last.end]))
            }
            run = []
        }
        for token in tokens {
            let continues: Bool
            if let previous = run.last {
                let abbreviationGap = token.gap == ". " && (SentenceSplitter.abbreviations.contains(previous.lower) || previous.text.count == 1)
                continues = token.gap == " " || token.gap == "-" || abbreviationGap
                    || (["of", "de", "al", "bin", "van", "von", "la", "le"].contains(token.lower) && token.gap == " ")
            } else {
                continues = true
            }
            let capitalised = token.isCapitalised && !token.isNumber
            let connector = ["of", "de", "al", "bin", "van", "von", "la", "le"].contains(token.text) && !run.isEmpty
            if !continues { flush() }
            if capitalised || connector { run.append(token) } else { flush() }
        }
        flush()
        return result
    }

    static func quotations(_ sentence: String, tokens: [Token]) -> [Quotation] {
        var result: [Quotation] = []
        guard sentence.contains(where: { "\"“‘'".contains($0) }) else { return [] }
        let regex = quotationPattern
        let whole = NSRange(sentence.startIndex..., in: sentence)
        let speaker = speakerName(sentence)
        for match in regex.matches(in: sentence, range: whole) {
            for group in 1...2 {
                guard let range = Range(match.range(at: group), in: sentence) else { continue }
                let text = String(sentence[range]).trimmingWhitespace()
                if !text.isEmpty { result.append(Quotation(text: text, speaker: speaker)) }
            }
        }
        return result
    }

    private static let quotationPattern = try! NSRegularExpression(
        pattern: #"[“"]([^”"]+?\s[^”"]+?\s[^”"]+?)[”"]|(?<![\p{L}\p{N}])[‘']([^’']+?\s[^’']+?\s[^’']+?)[’'](?![\p{L}])"#)

    private static let speakerPatterns: [NSRegularExpression] = {
        let name = #"((?:[A-Z][\p{L}’'\-]+\.?\s+){0,4}[A-Z][\p{L}’'\-]+)"#
        let verbs = speechVerbs.sorted().joined(separator: "|")
        return [name + #"\s+(?:"# + verbs + #")\b"#, #"\b(?:"# + verbs + #")\s+"# + name, #"\baccording to\s+(?:the\s+)?"# + name]
            .map { try! NSRegularExpression(pattern: $0) }
    }()

    /// A capitalised run right before a speech verb ("Mayorkas said") or right after one
    /// ("said Alejandro Mayorkas"), or after "according to".
    static func speakerName(_ sentence: String) -> String? {
        for regex in speakerPatterns {
            guard let match = regex.firstMatch(in: sentence, range: NSRange(sentence.startIndex..., in: sentence)),
                  let range = Range(match.range(at: 1), in: sentence) else { continue }
            let candidate = String(sentence[range])
            if ["He", "She", "They", "It", "We", "I", "The", "This"].contains(candidate) { continue }
            return candidate
        }
        return nil
    }
}
