/// Splits plain text into sentences for fact alignment.
///
/// A sentence ends at `.`, `!`, `?` or the Arabic `؟` and Urdu `۔` (plus any closing quotes or
/// brackets) followed by whitespace and a capital letter, a letter of a script without case
/// (Arabic, Hebrew, CJK ...), a digit or an opening quote; at the full-width `。`, `！` and `？`
/// (CJK text puts no space after them); and at every line break. These do not end a sentence:
/// - a known abbreviation: titles (`Dr.`, `Mr.`, `Mrs.`, `St.`, `Gov.`, `Sen.` ...), months
///   (`Jan.` ... `Dec.`), `No.`, `vs.`, `Inc.`, `Ltd.` ...;
/// - a dotted abbreviation such as `U.S.`, `U.K.` or `p.m.`, unless the next word is a common
///   sentence opener ("The", "He", "It", ...);
/// - a single-letter initial (`J. K. Rowling`);
/// - a decimal point (`3.5`), since no space follows it;
/// - a full stop followed by a lower-case word.
public enum SentenceSplitter {
    /// The sentences of `text`, trimmed, empty ones dropped, in order.
    ///
    /// - Parameter text: plain text (no HTML).
    /// - Returns: the sentences; `[]` for blank text.
    public static func sentences(in text: String) -> [String] {
        let chars = Array(text)
        var result: [String] = []
        var start = 0

        func emit(_ end: Int) {
            let sentence = String(chars[start..<end]).trimmingWhitespace()
            if !sentence.isEmpty { result.append(sentence) }
            start = end
        }

        var index = 0
        while index < chars.count {
            let char = chars[index]
            // Most characters are ASCII: one byte compare tells a line break or a terminator
            // from the rest, without comparing characters as strings.
            if let ascii = char.asciiValue {
                if ascii >= 10 && ascii <= 13 {  // \n, VT, FF, \r (and \r\n): a line break
                    emit(index)
                    index += 1
                    continue
                }
                guard ascii == 46 || ascii == 33 || ascii == 63 else {  // . ! ?
                    index += 1
                    continue
                }
            } else {
                if char.isNewline {
                    emit(index)
                    index += 1
                    continue
                }
                if char == "。" || char == "！" || char == "？" {
                    var end = index + 1
                    while end < chars.count, closers.contains(chars[end]) { end += 1 }
                    emit(end)
                    index = end
                    continue
                }
                guard char == "…" || char == "؟" || char == "۔" else {
                    index += 1
                    continue
                }
            }
            // Take the whole run of terminators and closing marks.
            var end = index + 1
            while end < chars.count, ".!?…؟۔".contains(chars[end]) || closers.contains(chars[end]) { end += 1 }
            guard end < chars.count, chars[end].isWhitespace else {
                index = end
                continue
            }
            var next = end
            while next < chars.count, chars[next].isWhitespace, !chars[next].isNewline { next += 1 }
            guard next < chars.count else { index = end; continue }
            let nextChar = chars[next]
            // A letter of a script without case (neither upper nor lower case) can open one too.
            let caseless = nextChar.isLetter && !nextChar.isUppercase && !nextChar.isLowercase
            let opensSentence = nextChar.isUppercase || caseless || nextChar.isNumber || openers.contains(nextChar)
            if opensSentence, char != "." || !isAbbreviation(chars, period: index, nextWordAt: next) {
                emit(end)
            }
            index = end
        }
        emit(chars.count)
        return result
    }

    private static let closers: Set<Character> = ["\"", "”", "’", "'", ")", "]", "»"]
    private static let openers: Set<Character> = ["\"", "“", "‘", "'", "(", "[", "«"]

    /// Abbreviations (lower-cased, without the final period) after which a period does not end a
    /// sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gov", "sen", "rep", "gen", "col", "lt",
        "sgt", "capt", "cmdr", "adm", "maj", "supt", "insp", "det", "hon", "rev", "fr", "pres",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "no", "nos", "vs", "v", "etc", "inc", "ltd", "co", "corp", "plc", "dept", "est", "approx",
        "mt", "ft", "ave", "blvd", "rd", "fig", "vol", "ed", "al",
    ]

    /// Words that open a new sentence after a dotted abbreviation ("... in the U.S. The ...").
    static let sentenceOpeners: Set<String> = [
        "the", "he", "she", "it", "they", "we", "i", "but", "and", "this", "that", "there", "in",
        "a", "an", "his", "her", "their", "its", "our", "police", "officials",
    ]

    private static func isAbbreviation(_ chars: [Character], period: Int, nextWordAt next: Int) -> Bool {
        // The word before the period: back to whitespace or an opening mark.
        var wordStart = period
        while wordStart > 0, !chars[wordStart - 1].isWhitespace, !openers.contains(chars[wordStart - 1]) {
            wordStart -= 1
        }
        let word = String(chars[wordStart..<period])
        guard !word.isEmpty else { return false }
        if word.count == 1, word.first?.isLetter == true, word.first?.isUppercase == true {
            return true // an initial: "J. K. Rowling"
        }
        if abbreviations.contains(word.lowercased()) { return true }
        if word.contains("."), word.allSatisfy({ $0.isLetter || $0 == "." }) {
            // Dotted abbreviation (U.S, p.m): ends the sentence only before a typical opener.
            var nextEnd = next
            while nextEnd < chars.count, chars[nextEnd].isLetter { nextEnd += 1 }
            let nextWord = String(chars[next..<nextEnd]).lowercased()
            return !sentenceOpeners.contains(nextWord)
        }
        return false
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
