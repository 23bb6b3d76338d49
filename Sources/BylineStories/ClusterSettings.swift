public import Foundation

/// The tunable numbers of ``StoryClusterer``: field weights, the join threshold, the time decay
/// and the activity horizon.
///
/// An item joins the best candidate story when
/// `cosine(item, story centroid) * exp(-gap / timeDecay) >= threshold`, where the cosine is over
/// TF-IDF vectors (IDF learned from the items added so far) and `gap` is how far, in seconds,
/// the item's time lies outside the story's `[first, last]` item times (0 inside).
///
/// The defaults were fitted on the news-cluster-2017 gold set (383 articles, 69 events, B-cubed
/// F1) by a grid over threshold, merge threshold, name and number weights and time decay, using
/// titles and summaries only (not the full text), and checked on the headlines-2021-09 corpus:
/// threshold 0.15, merge threshold 0.5, title weight 2, name weight 1.5, number weight 1, time decay and
/// horizon 30 days. Gold set: B-cubed P 0.949 / R 0.809 / F1 0.874 from title + summary, F1
/// 0.898 with full text. Its events often span weeks or months (one spans a year), so a shorter
/// horizon costs recall there (10 days: F1 0.836); a lower threshold gains recall there but
/// chains topical items ("Covid cases") on the real headlines corpus; a name weight of 2
/// lowers F1 on both; a merge threshold of 0.3 gains 0.004 there but chained a 129-item Covid
/// story on the real corpus.
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
        candidateTerms: Int = 12
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
    }

    /// The tuned defaults (see the type's discussion for where they come from).
    public static let `default` = ClusterSettings()
}
