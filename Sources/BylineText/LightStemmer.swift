/// A light English suffix stemmer: plurals, `-ing`, `-ed`, a final silent `e`, doubled final
/// consonants; enough to make "rescued", "rescues" and "rescuing" one term without Porter's
/// over-reach ("university" stays apart from "universe").
public enum LightStemmer {
    /// The stem of one lowercase word. Words of 3 letters or fewer, and words with digits, are
    /// returned unchanged.
    public static func stem(_ word: String) -> String {
        // ASCII letters only (bytes, not Characters: this runs for every word of every item).
        let utf8 = word.utf8
        guard utf8.count > 3, utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) }) else {
            return word
        }
        var chars = Array(utf8)
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard chars.count >= count else { return false }
            let start = suffix.utf8Start
            for offset in 0..<count where chars[chars.count - count + offset] != start[offset] { return false }
            return true
        }
        if ends("ies"), chars.count > 4 {
            chars.removeLast(3); chars.append(0x79)
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
           !"aeioulsz".utf8.contains(last) {
            chars.removeLast()
        }
        if ends("e"), chars.count > 4 {
            chars.removeLast()
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
