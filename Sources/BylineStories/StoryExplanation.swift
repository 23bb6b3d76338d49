/// Why an item joined (or started) its story: the evidence ``StoryClusterer`` weighed.
///
/// Computed against the clusterer's state just before the item was added, so it shows exactly
/// what the decision saw.
public struct StoryExplanation: Sendable, Hashable {
    /// One candidate story and its score.
    public struct Candidate: Sendable, Hashable {
        /// The story index.
        public var story: Int
        /// Cosine similarity of the item's TF-IDF vector to the story centroid, in `[0, 1]`.
        public var cosine: Double
        /// Seconds between the item's time and the story's `[first, last]` item times (0 inside).
        public var gap: Double
        /// `cosine * exp(-gap / timeDecay)`: the centroid score that the hand rule (settings
        /// without a ``ClusterSettings/joinModel``) compares with the threshold.
        public var score: Double
        /// The shared terms that contribute most to the cosine, largest first; each weight is the
        /// term's share of the dot product (the shares of all shared terms add up to 1).
        public var topTerms: [WeightedTerm]
        /// The member score (see ``ClusterSettings``): the mean of the item's best
        /// ``ClusterSettings/memberVotes`` cosines to the story's sampled members, each without
        /// its strongest shared term, times the same time decay, in `[0, 1]`; 0 when the cosine
        /// (the score without a join model) is below the threshold (not computed). Joining needs
        /// this at or above the member threshold.
        public var memberScore: Double
        /// Everything the join decision weighed (zero beyond ``JoinFeatures/cosine``,
        /// ``JoinFeatures/gapDays`` and ``JoinFeatures/storySize`` when the cosine was below the
        /// threshold: not computed).
        public var features: JoinFeatures
        /// The join model's probability that the item belongs to this story (the centroid score
        /// when the settings have no ``ClusterSettings/joinModel``).
        public var probability: Double
        /// Whether the item could join this story (the decision rule passed).
        public var joinable: Bool
        /// The story's key term in the item's title that passed the member check when the member
        /// score and the closest report's meaning did not (``ClusterSettings/keyTermShare``); nil
        /// otherwise.
        public var keyTerm: String?

        /// Creates a candidate.
        public init(story: Int, cosine: Double, gap: Double, score: Double, memberScore: Double, topTerms: [WeightedTerm],
                    features: JoinFeatures, probability: Double, joinable: Bool, keyTerm: String? = nil) {
            self.story = story
            self.cosine = cosine
            self.gap = gap
            self.score = score
            self.memberScore = memberScore
            self.topTerms = topTerms
            self.features = features
            self.probability = probability
            self.joinable = joinable
            self.keyTerm = keyTerm
        }
    }

    /// The item's index terms with their TF-IDF weights, largest first (at most 12).
    public var itemTerms: [WeightedTerm]
    /// The candidate stories from the inverted index, best score first (at most 5).
    public var candidates: [Candidate]
    /// The join threshold in force.
    public var threshold: Double
    /// The member threshold in force (``ClusterSettings/memberThreshold``).
    public var memberThreshold: Double
    /// The member check passes on meaning too when the item's best embedding cosine to a report,
    /// times the time decay, reaches this (``ClusterSettings/semanticMemberThreshold``).
    public var semanticMemberThreshold: Double = .infinity
    /// The least embedding cosine to the story's mean for a key term to pass the member check
    /// (``ClusterSettings/keyTermSemanticFloor``).
    public var keyTermSemanticFloor: Double = .infinity
    /// The minimum join probability in force (``ClusterSettings/joinProbability``), or nil when
    /// the settings have no join model and the thresholds decide.
    public var joinProbability: Double?
    /// The story the item joins (the best candidate at or above the threshold), or nil when it
    /// starts a new story.
    public var joined: Int?

    /// Creates an explanation.
    public init(itemTerms: [WeightedTerm], candidates: [Candidate], threshold: Double, memberThreshold: Double,
                joinProbability: Double? = nil, joined: Int?) {
        self.itemTerms = itemTerms
        self.candidates = candidates
        self.threshold = threshold
        self.memberThreshold = memberThreshold
        self.joinProbability = joinProbability
        self.joined = joined
    }
}
