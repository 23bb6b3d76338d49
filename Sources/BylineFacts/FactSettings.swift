/// How the fact engine groups units by meaning, when every unit has a sentence embedding.
public struct FactSettings: Sendable, Hashable {
    /// Minimum mean pair score, in `[-1, 1]`, between the units of two groups for the groups to
    /// become one fact.
    public var joinThreshold: Double
    /// Weight of meaning in a pair score: `meaningWeight * meaning + (1 - meaningWeight) *
    /// wording`, where meaning is the cosine of the two units' embeddings and wording the
    /// weighted word similarity of the lexical engine (``FactEngine``'s rules).
    public var meaningWeight: Double
    /// Minimum mean pair score between the units of two groups when the units carry token
    /// embeddings (``TokenVectors``): the score is then their token alignment, not the cosine
    /// and wording above.
    public var tokenJoinThreshold: Double
    /// The weight, in `[0, 1]`, of the word pieces of a sentence's background clause in the token
    /// alignment, relative to its main clause: from the first clause marker
    /// (``FactEngine/clauseMarkerWords``) after the sentence's first word to its end ("Warning to
    /// be careful on the water | after three die in Manukau Harbour"). A sentence states its main
    /// clause; the background it gives is another fact, often the story's central one, which
    /// every follow-up repeats.
    public var backgroundClauseWeight: Double

    /// Creates settings.
    public init(joinThreshold: Double, meaningWeight: Double, tokenJoinThreshold: Double = 0.475,
                backgroundClauseWeight: Double = 0.3) {
        self.joinThreshold = joinThreshold
        self.meaningWeight = meaningWeight
        self.tokenJoinThreshold = tokenJoinThreshold
        self.backgroundClauseWeight = backgroundClauseWeight
    }

    /// The settings of the reports.
    public static let `default` = FactSettings(joinThreshold: 0.6, meaningWeight: 0.8, tokenJoinThreshold: 0.475,
                                               backgroundClauseWeight: 0.3)
}
