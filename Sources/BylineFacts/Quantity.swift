/// A number in a sentence with what it counts: "10,000 migrants", "eight flights a day",
/// "$10,000", "nearly 15,000".
public struct Quantity: Sendable, Hashable {
    /// The value, scale words applied ("1.5 million" -> 1500000); money without its currency
    /// sign, percentages as written (`40` for "40%"), a fraction in words as a percentage
    /// (`66.67` for "two-thirds").
    public var value: Double
    /// The words of the sentence that state it, from the qualifier or number to the counted noun
    /// ("more than 9,500 migrants", "$10,000", "eight flights a day").
    public var text: String
    /// What it counts, as a comparison key: the stem of the first content word after the number
    /// ("migrant"), or of the plural before "to" or "at" whose level it states ("doses to 36
    /// million" -> "dose"), the word after a generic noun ("six people killed" -> "kill"), synonyms folded
    /// ("dead", "died" -> "kill"), `$`/`£`/`€` for money, `%` for a percentage; empty when the
    /// number stands alone.
    public var noun: String
    /// A qualifier before the number, lower-cased ("more than", "nearly", "up to", "at least"),
    /// or empty.
    public var qualifier: String

    /// Creates a quantity.
    public init(value: Double, text: String, noun: String, qualifier: String = "") {
        self.value = value
        self.text = text
        self.noun = noun
        self.qualifier = qualifier
    }

    /// The value as reports print it: an integer without grouping (`10000`), else up to two
    /// decimals; a currency or percent sign kept (`$10000`, `40%`).
    public var display: String {
        let rounded = (value * 100).rounded() / 100
        let number = rounded == rounded.rounded() && abs(rounded) < 1e15
            ? String(Int64(rounded)) : String(rounded)
        switch noun {
        case "$", "£", "€": return noun + number
        case "%": return number + "%"
        default: return number
        }
    }
}
