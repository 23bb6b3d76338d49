import Foundation

/// Turns plain text into index terms: lowercase words of Unicode letters and digits, stop words
/// out, light suffix stemming, URLs and one-letter words dropped.
///
/// Digit groups joined by `,` or `.` stay one term (`10,000` -> `10000`, `3.5` -> `3.5`), so that
/// numbers can match across outlets. A possessive `'s` is dropped with its apostrophe.
///
/// Initialisms are one term whichever way an outlet writes them: the dotted style of the New York
/// Times and AP (`F.D.A.`, `L.A.`) and the plain capitals of most others (`FDA`, `LA`) both give
/// the lowercase letters (`fda`, `la`), a name, never stemmed; one that spells a stop word (`U.S.`,
/// `US`, `WHO`) is dropped with the stop word. The period inside or after an initialism, or after a one-letter initial
/// (`Donald J. Trump`), does not open a sentence. Letters are compared without diacritics
/// (`Ángeles` -> `angeles`, `Māori` -> `maori`), as outlets write the same name both ways.
public enum TextTokenizer {
    /// One term and whether it comes from a name.
    public struct Token: Sendable, Hashable {
        /// The index term.
        public var term: String
        /// Whether the word was capitalised without opening a sentence, in text that is not in
        /// Title Case: a proper name ("Brazil", "Macron").
        public var isName: Bool
        /// Whether the word was capitalised without opening the text or a sentence, whether or
        /// not the text is in Title Case (in Title Case text this says little on its own; a
        /// caller may combine it with what it learned about the term elsewhere).
        public var isCapitalised: Bool = false
        /// Whether the word opened the text or a sentence.
        public var opensSentence: Bool = false

        /// Creates a token.
        public init(term: String, isName: Bool, isCapitalised: Bool = false, opensSentence: Bool = false) {
            self.term = term
            self.isName = isName
            self.isCapitalised = isCapitalised
            self.opensSentence = opensSentence
        }
    }

    /// The terms of `text`, in order, repeats kept.
    public static func terms(_ text: String) -> [String] {
        tokens(text).map(\.term)
    }

    /// The tokens of `text`, in order, repeats kept, with their name flags.
    ///
    /// A word counts as a name when it starts with an upper-case letter, does not open the text
    /// or a sentence (after `.`, `!`, `?`, `:`), and the text is not in Title Case (more than 60%
    /// of its words of four or more letters capitalised), where capitals say nothing.
    public static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var word = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var sentenceStart = true
        var longWords = 0
        var capitalisedLongWords = 0

        var dottedLetters = 0
        var upperCaseWords = 0
        var letterWords = 0
        var initialismIndices: [Int] = []

        func flush() {
            guard !word.isEmpty else { return }
            let original = String(word)
            word.removeAll()
            let dotted = dottedLetters >= 2
            dottedLetters = 0
            let first = original.unicodeScalars.first!
            let capitalised = first.isASCII ? (first.value >= 0x41 && first.value <= 0x5A) : original.first?.isUppercase == true
            let isLetter = first.isASCII ? isASCIILetter(first) : original.first?.isLetter == true
            if isLetter, original.count >= 4 {
                longWords += 1
                if capitalised { capitalisedLongWords += 1 }
            }
            let allCapitals = isLetter && original.unicodeScalars.allSatisfy { isASCIIUpper($0) }
            if isLetter {
                letterWords += 1
                if allCapitals, original.unicodeScalars.count >= 2 { upperCaseWords += 1 }
            }
            let opensSentence = sentenceStart
            sentenceStart = false
            if let initialism = initialism(original, dotted: dotted) {
                initialismIndices.append(result.count)
                result.append(Token(term: initialism, isName: true, isCapitalised: true,
                                    opensSentence: opensSentence))
            } else if let term = normalise(folded(original.lowercased())) {
                result.append(Token(term: term, isName: capitalised && !opensSentence,
                                    isCapitalised: capitalised && !opensSentence, opensSentence: opensSentence))
            }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            // URLs: skip to the next whitespace.
            if word.isEmpty, scalar == "h", startsURL(scalars, at: index) {
                while index < scalars.count, !isWhitespace(scalars[index]) {
                    index += 1
                }
                continue
            }
            if isAlphanumeric(scalar) {
                word.append(scalar)
            } else if scalar == ".", word.count == 1 || dottedLetters > 0,
                      let last = word.last, isASCIIUpper(last) {
                // An initial: `J.` in `Donald J. Trump`, or a letter of `F.D.A.` / `U.S.`.
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                let afterNext = index + 2 < scalars.count ? scalars[index + 2] : " "
                if isASCIIUpper(next), afterNext == "." {
                    dottedLetters = max(dottedLetters, 1) + 1
                } else {
                    flush()
                }
            } else if (scalar == "," || scalar == "."), let last = word.last,
                      isDigit(last), index + 1 < scalars.count,
                      isDigit(scalars[index + 1]) {
                // Digit grouping or decimal point inside a number.
                if scalar == "." { word.append(scalar) }
            } else if scalar == "'" || scalar == "\u{2019}" {
                // Possessive or contraction: drop a following "s" / "t" ending the word.
                if index + 1 < scalars.count, scalars[index + 1] == "s" || scalars[index + 1] == "S",
                   index + 2 >= scalars.count || !isAlphanumeric(scalars[index + 2]) {
                    index += 1
                }
                flush()
            } else {
                flush()
                if ".!?:".unicodeScalars.contains(scalar) { sentenceStart = true }
            }
            index += 1
        }
        flush()
        if letterWords > 0, Double(upperCaseWords) / Double(letterWords) > 0.5 {
            // Text in capitals throughout: its capitals say nothing, so its words are read as
            // ordinary words (stop words out, stemmed), not as initialisms.
            for index in initialismIndices.reversed() {
                if let term = normalise(folded(result[index].term)) {
                    result[index].term = term
                    result[index].isName = false
                    result[index].isCapitalised = false
                } else {
                    result.remove(at: index)
                }
            }
        }
        if longWords > 0, Double(capitalisedLongWords) / Double(longWords) > 0.6 {
            for index in result.indices { result[index].isName = false }
        }
        return result
    }

    /// The term of a word as an initialism (`FDA` -> `fda`, the plural `MPs` -> `mp`), or nil.
    /// `dotted`: the word's letters were written with periods (`F.D.A.`), which makes it one
    /// whatever its length; otherwise it takes 2 to 5 capitals, a plural `s` allowed after at
    /// least two. Capitals that spell a stop word are read as the stop word (`US`, `WHO`, an
    /// emphatic `MORE`), so that case never decides whether a word counts.
    private static func initialism(_ word: String, dotted: Bool) -> String? {
        var letters = Array(word.unicodeScalars)
        if !dotted {
            if letters.count >= 3, letters.last == "s", letters.dropLast().allSatisfy({ isASCIIUpper($0) }) {
                letters.removeLast()
            }
            guard (2...5).contains(letters.count), letters.allSatisfy({ isASCIIUpper($0) }) else { return nil }
        }
        let term = String(String.UnicodeScalarView(letters)).lowercased()
        return StopWords.english.contains(term) ? nil : term
    }

    /// `word` without diacritics (`ángeles` -> `angeles`); ASCII words are returned as they are.
    private static func folded(_ word: String) -> String {
        guard !word.utf8.allSatisfy({ $0 < 0x80 }) else { return word }
        return word.folding(options: .diacriticInsensitive, locale: nil)
    }

    private static func isASCIIUpper(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x41 && scalar.value <= 0x5A
    }

    private static func startsURL(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let prefix = "http"
        guard index + 7 <= scalars.count else { return false }
        for (offset, expected) in prefix.unicodeScalars.enumerated() where scalars[index + offset] != expected {
            return false
        }
        let rest = String(String.UnicodeScalarView(scalars[(index + 4)..<min(index + 8, scalars.count)]))
        return rest.hasPrefix("://") || rest.hasPrefix("s://")
    }

    private static func normalise(_ raw: String) -> String? {
        if raw.unicodeScalars.allSatisfy({ isDigit($0) || $0 == "." }) {
            return raw
        }
        guard raw.count >= 2, !StopWords.english.contains(raw) else { return nil }
        let stemmed = LightStemmer.stem(raw)
        return StopWords.english.contains(stemmed) ? nil : stemmed
    }

    // Character classes with an ASCII fast path (the same answers as the CharacterSet they fall
    // back to; CharacterSet look-ups dominated the clustering time per item).

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x61 && scalar.value <= 0x7A) || (scalar.value >= 0x41 && scalar.value <= 0x5A)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value >= 0x30 && scalar.value <= 0x39) : CharacterSet.decimalDigits.contains(scalar)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? isASCIILetter(scalar) || (scalar.value >= 0x30 && scalar.value <= 0x39) : CharacterSet.alphanumerics.contains(scalar)
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)) : CharacterSet.whitespacesAndNewlines.contains(scalar)
    }
}
