public import Foundation

/// The tunable numbers of ``StoryClusterer``: field weights, the join threshold, the time decay
/// and the activity horizon.
///
/// An item joins the best candidate story when
/// `cosine(item, story centroid) * exp(-gap / timeDecay) >= threshold`, where the cosine is over
/// TF-IDF vectors (IDF learned from the items added so far) and `gap` is how far, in seconds,
/// the item's time lies outside the story's `[first, last]` item times (0 inside).
///
/// An item must also resemble single reports of the story, not only its centroid: for each of
/// the story's sampled members, the cosine without the part of the strongest shared term
/// (``memberIgnoresTopTerm``; a member sharing fewer than ``minSharedTerms`` terms counts 0),
/// and the mean of the best ``memberVotes`` of these, decayed like the score, must reach
/// ``memberThreshold``. A centroid that grows with every joining item drifts towards the topic
/// ("Kabul", "schools", "Covid cases"), and one place or name shared with a member is topic, not
/// event, evidence; this check keeps both kinds of match out.
///
/// The defaults were fitted on the news-cluster-2017 gold set (383 articles, 69 events, B-cubed)
/// by a grid over the thresholds, member votes and shared terms, with titles and summaries only
/// (not the full text), and checked by reading the 15 largest stories of the headlines-2021-09
/// corpus: threshold 0.15, member threshold 0.04 over 3 votes (strongest shared term left out,
/// 2 shared terms), merge threshold 0.5, title weight 2, name weight 1.5, number weight 1, time
/// decay and horizon 30 days. Gold set: B-cubed P 0.975 / R 0.771 / F1 0.861 from title +
/// summary, P 0.979 / R 0.836 / F1 0.902 with full text. Without the member check: P 0.949 /
/// R 0.809 / F1 0.874 from title + summary, but topical chains of 20+ items on the real corpus
/// (a Kabul drone strike story taking every Kabul item, a "Texas" story holding the border, an
/// abortion law and a jet crash). Member threshold 0.03: F1 0.865 / 0.911 on the gold set but
/// longer Covid and school chains on the real corpus; leaving out the two strongest shared terms
/// (member threshold 0.01): F1 0.855 / 0.906 and no fewer Covid chains. The gold events often span weeks or months,
/// so a shorter horizon costs recall there (10 days: F1 0.836); a name weight of 2 lowers F1 on
/// both.
public struct ClusterSettings: Sendable, Hashable {
    /// Weight of the (boilerplate-stripped) title's term vector in an item's vector. Each field's
    /// vector is L2-normalised before weighting, so weights compare fields, not lengths.
    public var titleWeight: Double
    /// Weight of the summary's term vector.
    public var summaryWeight: Double
    /// Weight of the full text's term vector (only when the item has content).
    public var contentWeight: Double
    /// Factor on the term frequency of a proper name (a capitalised word that does not open a
    /// sentence, in text not in Title Case): names tell events apart better than common words.
    public var nameWeight: Double
    /// Minimum decayed similarity, in `[0, 1]`, for an item to join a story; below it the item
    /// starts a new story.
    public var threshold: Double
    /// Time decay constant, seconds: a gap of `timeDecay` multiplies the similarity by `1/e`.
    public var timeDecay: TimeInterval
    /// Seconds after its last item's time (measured against the latest item time seen) after which
    /// a story leaves the candidate index and can no longer be joined.
    public var horizon: TimeInterval
    /// Minimum decayed similarity, in `[0, 1]`, of an item to a *second* story for that story to
    /// be merged into the one the item joined (the item bridges them). At least ``threshold``.
    public var mergeThreshold: Double
    /// Factor on the term frequency of a number (digits): numbers tell events apart like names.
    public var numberWeight: Double
    /// How many of an item's terms (its highest TF-IDF weights) look up candidate stories in the
    /// inverted index; bounds the work per item however many stories are active.
    public var candidateTerms: Int
    /// Minimum decayed cosine, in `[0, 1]`, of the item to at least one sampled member of a
    /// story (its first item or one of its latest) for the item to join it. The centroid of a
    /// growing story drifts towards its topic ("Afghanistan", "schools"); this check keeps an
    /// item that resembles the topic but no single report of the event out. 0 disables it.
    public var memberThreshold: Double
    /// How many member vectors a story keeps for ``memberThreshold``: its first item and its
    /// latest ones.
    public var memberSample: Int
    /// How many terms the item must share with a sampled member for that member to count for
    /// ``memberThreshold``: one shared word ("Texas", "Kabul") is topic, not event, evidence.
    public var minSharedTerms: Int
    /// How many of the best-matching sampled members are averaged for ``memberThreshold`` (fewer
    /// when the story has fewer): an item must resemble several reports of the event, not one.
    public var memberVotes: Int
    /// Whether a member cosine leaves out the part of the single shared term that weighs most,
    /// so that one place or name ("Kabul", "Texas", "LGBTQ") cannot carry a match alone: the
    /// member score is the evidence beyond the strongest shared word.
    public var memberIgnoresTopTerm: Bool
    /// How many terms (heaviest TF-IDF weight) a story centroid keeps; it is cut back to this
    /// once it holds twice as many, so its size, and the postings it holds, stay bounded. 0:
    /// no limit.
    public var centroidTerms: Int
    /// A look-up term whose posting list holds more than this many active stories finds no
    /// candidates (a topical word, not evidence of an event), which bounds the candidates, and so
    /// the work, per item.
    public var maxPostings: Int

    /// Creates settings; every parameter defaults to the value of ``default``.
    public init(
        titleWeight: Double = 2.0,
        summaryWeight: Double = 1.0,
        contentWeight: Double = 1.0,
        nameWeight: Double = 1.5,
        threshold: Double = 0.15,
        timeDecay: TimeInterval = 30 * 86_400,
        horizon: TimeInterval = 30 * 86_400,
        mergeThreshold: Double = 0.5,
        numberWeight: Double = 1.0,
        candidateTerms: Int = 12,
        memberThreshold: Double = 0.04,
        memberSample: Int = 16,
        minSharedTerms: Int = 2,
        memberVotes: Int = 3,
        memberIgnoresTopTerm: Bool = true,
        centroidTerms: Int = 200,
        maxPostings: Int = 200
    ) {
        self.titleWeight = titleWeight
        self.summaryWeight = summaryWeight
        self.contentWeight = contentWeight
        self.nameWeight = nameWeight
        self.threshold = threshold
        self.timeDecay = timeDecay
        self.horizon = horizon
        self.mergeThreshold = mergeThreshold
        self.numberWeight = numberWeight
        self.candidateTerms = candidateTerms
        self.memberThreshold = memberThreshold
        self.memberSample = memberSample
        self.minSharedTerms = minSharedTerms
        self.memberVotes = memberVotes
        self.memberIgnoresTopTerm = memberIgnoresTopTerm
        self.centroidTerms = centroidTerms
        self.maxPostings = maxPostings
    }

    /// The tuned defaults (see the type's discussion for where they come from).
    public static let `default` = ClusterSettings()
}
