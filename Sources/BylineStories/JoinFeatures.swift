import Foundation

/// What ``StoryClusterer`` measures between a new item and one candidate story, the input of
/// the join decision (``JoinModel``).
///
/// Cosines are over TF-IDF vectors (IDF learned from the items added so far), in `[0, 1]`. The
/// features follow Miranda et al. 2018 ("Multilingual Clustering of Streaming News"), who score
/// an (item, cluster) pair by several similarities and a time term and learn how to weigh them.
public struct JoinFeatures: Sendable, Hashable {
    /// Cosine of the item's vector (all fields) to the story centroid.
    public var cosine: Double
    /// Cosine of the item's title vector to the story's title centroid (the sum of its members'
    /// title vectors).
    public var titleCosine: Double
    /// Cosine of the item's names and numbers (capitalised words inside sentences, digits) to the
    /// story's names centroid: an event shares names where a topic shares common words.
    public var nameCosine: Double
    /// Mean of the item's best ``ClusterSettings/memberVotes`` cosines to the story's sampled
    /// members, each without its strongest shared term (one place or name alone is topic
    /// evidence), a member sharing fewer than ``ClusterSettings/minSharedTerms`` terms counting 0.
    public var memberScore: Double
    /// The item's best plain cosine to one sampled member.
    public var bestMember: Double
    /// Days between the item's time and the story's `[first, last]` item times (0 inside).
    public var gapDays: Double
    /// How many items the story holds.
    public var storySize: Int
    /// Cosine, in `[-1, 1]`, of the item's sentence embedding to the mean of the story members'
    /// embeddings (the semantic layer); 0 when either side has none (see ``hasSemantic``).
    public var semantic: Double = 0
    /// The item's best embedding cosine to one sampled member, in `[-1, 1]`; 0 without embeddings.
    public var semanticBest: Double = 0
    /// Whether the item and the story both have embeddings, so that ``semantic`` and
    /// ``semanticBest`` were measured (the join decision then uses
    /// ``ClusterSettings/semanticJoinModel`` over ``semanticValues``).
    public var hasSemantic = false

    /// Creates the features.
    public init(cosine: Double, titleCosine: Double, nameCosine: Double, memberScore: Double, bestMember: Double,
                gapDays: Double, storySize: Int) {
        self.cosine = cosine
        self.titleCosine = titleCosine
        self.nameCosine = nameCosine
        self.memberScore = memberScore
        self.bestMember = bestMember
        self.gapDays = gapDays
        self.storySize = storySize
    }

    /// The model inputs, in the order of ``names``: the five cosines, `ln(1 + gapDays)` and
    /// `ln(storySize)`.
    public var values: [Double] {
        [cosine, titleCosine, nameCosine, memberScore, bestMember, log1p(gapDays), log(Double(max(1, storySize)))]
    }

    /// The names of ``values``, for printing fitted weights.
    public static let names = ["cosine", "titleCosine", "nameCosine", "memberScore", "bestMember", "logGapDays", "logSize"]

    /// The inputs of the semantic model: ``values``, then ``semantic`` and ``semanticBest``.
    public var semanticValues: [Double] { values + [semantic, semanticBest] }

    /// The names of ``semanticValues``.
    public static let semanticNames = names + ["semantic", "semanticBest"]
}
