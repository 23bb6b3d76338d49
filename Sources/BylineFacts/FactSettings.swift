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

    /// Creates settings.
    public init(joinThreshold: Double, meaningWeight: Double, tokenJoinThreshold: Double = 0.45) {
        self.joinThreshold = joinThreshold
        self.meaningWeight = meaningWeight
        self.tokenJoinThreshold = tokenJoinThreshold
    }

    /// The settings of the reports.
    public static let `default` = FactSettings(joinThreshold: 0.6, meaningWeight: 0.8, tokenJoinThreshold: 0.45)
}
