/// A light English suffix stemmer: plurals, `-ing`, `-ed`, a final silent `e`, doubled final
/// consonants; enough to make "rescued", "rescues" and "rescuing" one term without Porter's
/// over-reach ("university" stays apart from "universe").
public enum LightStemmer {
    /// The stem of one lowercase word. Words of 3 letters or fewer, and words with digits, are
    /// returned unchanged.
    public static func stem(_ word: String) -> String {
        guard word.count > 3, word.allSatisfy({ $0.isLetter }), word.unicodeScalars.allSatisfy({ $0.isASCII }) else {
            return word
        }
        var chars = Array(word)
        func ends(_ suffix: String) -> Bool {
            let s = Array(suffix)
            return chars.count >= s.count && Array(chars.suffix(s.count)) == s
        }
        if ends("ies"), chars.count > 4 {
            chars.removeLast(3); chars.append("y")
        } else if ends("sses") {
            chars.removeLast(2)
        } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            chars.removeLast()
        }
        var strippedVerb = false
        if ends("ing"), chars.count > 5 {
            chars.removeLast(3); strippedVerb = true
        } else if ends("ed"), chars.count > 4, !ends("eed") {
            chars.removeLast(2); strippedVerb = true
        }
        if strippedVerb, chars.count >= 3, let last = chars.last, chars[chars.count - 2] == last,
           !"aeioulsz".contains(last) {
            chars.removeLast()
        }
        if ends("e"), chars.count > 4 {
            chars.removeLast()
        }
        return String(chars)
    }
}
