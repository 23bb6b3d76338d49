/// One sentence of an item's title, summary or content and what it carries: the smallest thing
/// the fact engine compares.
public struct FactUnit: Sendable, Hashable {
    /// The sentence, after text hygiene (boilerplate, hashtags and URLs removed).
    public var sentence: String
    /// Numbers with the noun they count, in order of position.
    public var quantities: [Quantity]
    /// Names: runs of two or more capitalised words ("Del Rio", "Joe Biden"), as written, in
    /// order; none for a Title Case headline, where every word looks like a name.
    public var names: [String]
    /// Quotations with their speakers.
    public var quotations: [Quotation]
    /// Time phrases as written, lower-cased ("sunday", "on friday", "past 48 hours", "sept. 19").
    public var timePhrases: [String]

    /// Creates a unit.
    public init(sentence: String, quantities: [Quantity], names: [String], quotations: [Quotation], timePhrases: [String]) {
        self.sentence = sentence
        self.quantities = quantities
        self.names = names
        self.quotations = quotations
        self.timePhrases = timePhrases
    }

    /// The unit of `sentence`: ``FactUnitExtractor`` applied.
    public init(_ sentence: String) {
        self = FactUnitExtractor.unit(sentence)
    }

    /// The quantity that makes the sentence a statement of amount: the first one that counts
    /// something (has a noun) and is not a duration ("48 hours"); nil when there is none.
    public var mainQuantity: Quantity? {
        quantities.first { !$0.noun.isEmpty && !FactUnitExtractor.durationNouns.contains($0.noun) }
    }
}
