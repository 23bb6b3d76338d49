/// An index term with a weight (a TF-IDF weight, or a share of a similarity).
public struct WeightedTerm: Sendable, Hashable {
    /// The index term (lowercase, stemmed, as ``BylineText/TextTokenizer`` makes it).
    public var term: String
    /// The weight; its meaning depends on where the term is listed.
    public var weight: Double

    /// Creates a weighted term.
    public init(term: String, weight: Double) {
        self.term = term
        self.weight = weight
    }
}
