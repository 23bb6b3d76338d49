import Foundation

/// How the name of a news outlet is compared: the same outlet written "The New York Times",
/// "New York Times" or "the New York Times'" has one key.
///
/// The key is the name with case and diacritics folded, a possessive `'s` / `’s` (or a bare
/// trailing apostrophe) at its end dropped, a leading word "the" dropped, and then every
/// character that is not a letter or a digit dropped (spaces and punctuation alike):
///
///     "The New York Times"   -> "newyorktimes"
///     "CNN's"                -> "cnn"
///     "NBC News", "nbcnews"  -> "nbcnews"
///     "L.A. Times"           -> "latimes"
///
/// No list of words is involved: an outlet's id, name and aliases are its only keys.
public enum OutletName {
    /// The comparison key of `name`; empty when no character of it is a letter or a digit.
    public static func key(_ name: String) -> String {
        var text = name.trimmingCharacters(in: .whitespacesAndNewlines)
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        for suffix in ["'s", "’s", "'", "’"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            break
        }
        let words = text.split(whereSeparator: \.isWhitespace)
        let kept = words.first == "the" && words.count > 1 ? words.dropFirst() : words[...]
        var key = ""
        for word in kept {
            for scalar in word.unicodeScalars where CharacterSet.alphanumerics.contains(scalar) {
                key.unicodeScalars.append(scalar)
            }
        }
        return key
    }
}
