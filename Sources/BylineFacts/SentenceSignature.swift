import BylineText
import Foundation

/// What a sentence says, reduced for alignment: its content words (stop words out, stemmed),
/// adjacent content-word pairs, its bare numbers and its names.
///
/// - Numbers that count something (a ``Quantity`` with a noun) are left out of the words: two
///   sentences giving different counts of the same thing still say the same kind of thing; the
///   quantity decides. Other numbers are kept as `#value` terms and must agree, read with their
///   scale word (``numberValue(_:next:)``: "36 million" and "36,000,000" are `#36000000`; a number
///   word counts only with a scale word, "five million").
/// - Names are the lower-cased capitalised words that do not open the sentence, collected only
///   when the sentence is not in Title Case.
struct SentenceSignature: Sendable, Hashable {
    /// Stemmed content words, numbers excluded.
    let words: Set<String>
    /// Every comparison term: words, `a_b` pairs of adjacent content words, `#numbers`.
    let terms: Set<String>
    /// The `a_b` pairs of adjacent content words.
    let pairs: Set<String>
    /// Bare numbers (not counting a noun, not years), scale words applied, as ``numberKey(_:)``
    /// writes them.
    let numbers: Set<String>
    /// Proper names (lower-cased), empty for Title Case text.
    let names: Set<String>
    /// ``terms`` that are not ``pairs``, sorted: the order in which ``similarity(to:weight:)``
    /// adds their weights, so that its floating-point sum never depends on Set iteration
    /// order (which changes with the hash seed and with each Set's storage).
    let sortedSingles: [String]
    /// ``pairs``, sorted, for the same reason.
    let sortedPairs: [String]

    /// The signature of a unit.
    init(_ unit: FactUnit) {
        let counted = Set(unit.quantities.filter { !$0.noun.isEmpty }.map(\.value))
        var words: Set<String> = []
        var numbers: Set<String> = []
        var names: Set<String> = []
        var terms: Set<String> = []
        var previous: String?
        let raw = Self.rawWords(unit.sentence)
        let longWords = raw.filter { $0.count >= 4 && $0.first?.isNumber == false }
        let titleCase = !longWords.isEmpty && Double(longWords.filter { $0.first?.isUppercase == true }.count) / Double(longWords.count) > 0.6
        for (position, word) in raw.enumerated() {
            let lower = word.lowercased()
            if word.first?.isNumber == true || FactUnitExtractor.numberWords[lower] != nil {
                let next = position + 1 < raw.count ? raw[position + 1].lowercased() : ""
                let scaled = Self.scaleWords[next] != nil
                if let value = Self.numberValue(word, next: next), !counted.contains(value),
                   word.first?.isNumber == true || scaled,
                   scaled || !(value >= 1900 && value <= 2100 && word.allSatisfy(\.isNumber)) {
                    numbers.insert(Self.numberKey(value))
                }
                previous = nil
                continue
            }
            // A name: capitalised and not opening the sentence, or an all-capitals word of two
            // letters or more anywhere ("CNN's Rosa Flores").
            let acronym = word.count >= 2 && word.allSatisfy { $0.isUppercase || $0.isNumber }
            if !titleCase, position > 0 || acronym, word.first?.isUppercase == true, !FactStopWords.english.contains(lower) {
                names.insert(lower)
            }
            guard lower.count >= 2, !FactStopWords.english.contains(lower) else { previous = nil; continue }
            let plain = LightStemmer.stem(lower)
            let stem = FactUnitExtractor.synonyms[plain] ?? plain
            words.insert(stem)
            if let previous { terms.insert(previous + "_" + stem) }
            previous = stem
        }
        self.words = words
        self.numbers = numbers
        self.names = names
        self.pairs = terms
        self.terms = terms.union(words).union(numbers.map { "#" + $0 })
        self.sortedSingles = self.terms.subtracting(terms).sorted()
        self.sortedPairs = terms.sorted()
    }

    /// Scale words written apart from their number ("36 million", "five billion").
    static let scaleWords: [String: Double] = [
        "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1e12, "bn": 1_000_000_000,
    ]

    /// The value of a number word of ``rawWords(_:)`` with the scale word after it (`next`,
    /// lower-cased) applied, as ``FactUnitExtractor`` reads a quantity: "36" before "million" is
    /// 36000000, "five" before "million" 5000000, "2.5bn" 2500000000, "1.5m" 1500000. A whole
    /// number with "m" or "k" glued on ("500m": metres or millions) and a word glued to letters
    /// have no value; a number word without a scale word has its own ("five" is 5).
    static func numberValue(_ word: String, next: String) -> Double? {
        let lower = word.lowercased()
        let digits = lower.prefix { $0.isNumber || $0 == "." }
        var value: Double
        if digits.isEmpty {
            guard let number = FactUnitExtractor.numberWords[lower] else { return nil }
            value = number
        } else {
            guard let number = Double(digits) else { return nil }
            switch lower.dropFirst(digits.count) {
            case "": value = number
            case "bn": value = number * 1_000_000_000
            case "m" where digits.contains("."): value = number * 1_000_000
            case "k" where digits.contains("."): value = number * 1_000
            default: return nil
            }
            guard digits.count == lower.count else { return value }
        }
        if let scale = scaleWords[next] { value *= scale }
        return value
    }

    /// A value as a bare-number term: an integer without grouping ("36000000"), else its decimal
    /// form ("2.5"); so "36 million", "36,000,000" and "36000000" are one number.
    static func numberKey(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
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

    /// Weighted Dice coefficient over words and numbers, plus a bonus for shared adjacent
    /// pairs (a shared phrase is stronger evidence than the same words apart), capped at 1;
    /// `weight` gives each term's weight (inverse document frequency within the story). Pairs
    /// count only when shared, so a long sentence is not penalised twice for its extra words.
    func similarity(to other: SentenceSignature, weight: (String) -> Double) -> Double {
        var shared = 0.0
        var total = 0.0
        // Sums in sorted term order: the same result to the last bit on every run.
        for term in sortedSingles {
            let w = weight(term)
            total += w
            if other.terms.contains(term) { shared += w }
        }
        for term in other.sortedSingles { total += weight(term) }
        for pair in sortedPairs where other.pairs.contains(pair) { shared += weight(pair) }
        return total == 0 ? 0 : min(1, 2 * shared / total)
    }

    /// Dice over the content words only, unweighted.
    func wordSimilarity(to other: SentenceSignature) -> Double {
        let total = words.count + other.words.count
        return total == 0 ? 0 : 2 * Double(words.intersection(other.words).count) / Double(total)
    }

    /// How many content words the two share.
    func sharedCount(with other: SentenceSignature) -> Int {
        words.intersection(other.words).count
    }

    /// Whether every content word the two share is a name: then they share who, not what
    /// ("CNN's Rosa Flores reports" / "CNN's Rosa Flores got an aerial tour").
    func sharedWordsAreNames(with other: SentenceSignature) -> Bool {
        let nameStems = Set(names.union(other.names).map { LightStemmer.stem($0) })
        return words.intersection(other.words).allSatisfy { nameStems.contains($0) }
    }

    /// Whether the bare numbers agree: when both carry some, one's include the other's.
    func numbersAgree(with other: SentenceSignature) -> Bool {
        numbers.isEmpty || other.numbers.isEmpty || numbers.isSubset(of: other.numbers) || other.numbers.isSubset(of: numbers)
    }

    /// Whether the two can state the same fact.
    ///
    /// - Bare numbers: when both carry some, one's must include the other's ("10 killed" never
    ///   states the same as "12 killed" unless a counted noun makes it one quantity).
    /// - Names: when each carries a name the other lacks and the rest of the words are nearly
    ///   the same (word Dice at least 0.5), one name was put in place of another ("elected
    ///   Smith" / "elected Jones"): not the same fact. Rewordings that add or drop names stay
    ///   compatible.
    func isCompatible(with other: SentenceSignature) -> Bool {
        guard numbersAgree(with: other) else { return false }
        let mine = names.subtracting(other.names)
        let theirs = other.names.subtracting(names)
        if !mine.isEmpty, !theirs.isEmpty {
            let rest = words.subtracting(mine.map { LightStemmer.stem($0) })
            let otherRest = other.words.subtracting(theirs.map { LightStemmer.stem($0) })
            let total = rest.count + otherRest.count
            let dice = total == 0 ? 1 : 2 * Double(rest.intersection(otherRest).count) / Double(total)
            if dice >= 0.5 { return false }
        }
        return true
    }
}
