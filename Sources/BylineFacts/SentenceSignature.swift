import BylineText

/// What a sentence says, reduced for alignment: its content words (stop words out, stemmed), its
/// numbers and its names.
///
/// - Numbers are digit strings with grouping removed (`10,000` -> `10000`, `3.5` stays) plus the
///   number words one to twelve as digits ("three" -> `3`), so "three people" matches "3 people".
/// - Names are the lower-cased capitalised words that do not open the sentence, collected only
///   when the sentence is not in Title Case (in a Title Case headline every word looks like a
///   name).
struct SentenceSignature: Sendable, Hashable {
    /// Stemmed content words, numbers excluded.
    var words: Set<String>
    /// Numbers, normalised.
    var numbers: Set<String>
    /// Proper names (lower-cased), empty for Title Case text.
    var names: Set<String>

    /// Number words and their digits.
    static let numberWords: [String: String] = [
        "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
        "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    ]

    /// The signature of `sentence`.
    init(_ sentence: String) {
        var words: Set<String> = []
        var numbers: Set<String> = []
        var capitalised: [String] = []
        var longWords = 0
        var capitalisedLongWords = 0
        for (position, raw) in Self.rawWords(sentence).enumerated() {
            let lower = raw.lowercased()
            if raw.first?.isNumber == true {
                numbers.insert(raw)
                continue
            }
            if let digits = Self.numberWords[lower] {
                numbers.insert(digits)
                continue
            }
            if raw.count >= 4 {
                longWords += 1
                if raw.first?.isUppercase == true { capitalisedLongWords += 1 }
            }
            if position > 0, raw.first?.isUppercase == true, !FactStopWords.english.contains(lower) {
                capitalised.append(lower)
            }
            guard lower.count >= 2, !FactStopWords.english.contains(lower) else { continue }
            words.insert(LightStemmer.stem(lower))
        }
        let titleCase = longWords > 0 && Double(capitalisedLongWords) / Double(longWords) > 0.6
        self.words = words
        self.numbers = numbers
        self.names = titleCase ? [] : Set(capitalised)
    }

    /// Words of letters and digits; digit groups joined by `,` or `.` stay one word (commas
    /// removed); a possessive `'s` is dropped.
    static func rawWords(_ text: String) -> [String] {
        var result: [String] = []
        var word = ""
        let chars = Array(text)
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char.isLetter || char.isNumber {
                word.append(char)
            } else if char == "," || char == ".", word.last?.isNumber == true,
                      index + 1 < chars.count, chars[index + 1].isNumber {
                if char == "." { word.append(char) }
            } else {
                if char == "'" || char == "’", index + 1 < chars.count, chars[index + 1] == "s",
                   index + 2 >= chars.count || !(chars[index + 2].isLetter || chars[index + 2].isNumber) {
                    index += 1
                }
                if !word.isEmpty { result.append(word); word = "" }
            }
            index += 1
        }
        if !word.isEmpty { result.append(word) }
        return result
    }

    /// Dice coefficient over content words and numbers together, in `[0, 1]`.
    func similarity(to other: SentenceSignature) -> Double {
        let shared = words.intersection(other.words).count + numbers.intersection(other.numbers).count
        let total = words.count + numbers.count + other.words.count + other.numbers.count
        return total == 0 ? 0 : 2 * Double(shared) / Double(total)
    }

    /// How many content words and numbers the two share.
    func sharedCount(with other: SentenceSignature) -> Int {
        words.intersection(other.words).count + numbers.intersection(other.numbers).count
    }

    /// Whether the two can state the same fact: when both carry numbers, one's numbers include
    /// the other's; when both carry names, one's names include the other's.
    func isCompatible(with other: SentenceSignature) -> Bool {
        if !numbers.isEmpty, !other.numbers.isEmpty,
           !numbers.isSubset(of: other.numbers), !other.numbers.isSubset(of: numbers) {
            return false
        }
        if !names.isEmpty, !other.names.isEmpty,
           !names.isSubset(of: other.names), !other.names.isSubset(of: names) {
            return false
        }
        return true
    }
}
