public import Foundation

/// The tunable numbers of ``StoryClusterer``: field weights, the join decision, the time decay
/// and the activity horizon.
///
/// **Join decision.** For each candidate story (from the inverted index) whose centroid cosine
/// reaches ``threshold`` (a cheap pre-filter), the clusterer measures ``JoinFeatures``: the
/// item's cosine to the story centroid, to its title centroid and to its names-and-numbers
/// centroid, its member score and best cosine to one sampled report, `ln(1 + gap days)` and
/// `ln(story size)`. Similarities are over TF-IDF vectors (IDF learned from the items added so
/// far, with the collection as its prior when it is known, see ``collectionPrior``) with topical
/// terms discounted (see ``topicalStories``), so what counts as topical follows the density of
/// the stream. ``joinModel``, a logistic regression, turns the features into a probability; the
/// item joins the most probable story when that reaches ``joinProbability`` and three guards
/// pass (else it starts a new story):
/// - the member check: the mean of the item's best ``memberVotes`` cosines to the story's sampled
///   reports, each without its strongest shared term, times `exp(-gap / timeDecay)`, reaches
///   ``memberThreshold`` (one place or name shared with one report is topic, not event, evidence;
///   a centroid that grows with every item drifts towards the topic);
/// - the name check: an item naming two or more people or places cannot join a story of at most
///   ``sharedNameStorySize`` items when neither side's names occur in the other's words
///   ("floods kill 12 in Brazil" and "floods kill 9 in Assam" share words, not names);
/// - the name-or-number check: an item that names someone or something (or gives a number) cannot
///   join a story of at most ``sharedNameOrNumberStorySize`` items holding another outlet's
///   reports when neither side's names and numbers occur in the other's words ("$19.2 million
///   boost" for California and "$15 million boost" for a mammoth project share words only).
///
/// When the item and the story have sentence embeddings (and the item no full text, see
/// ``semanticWithContent``), ``semanticJoinModel`` decides at ``semanticJoinProbability`` and
/// the checks of meaning apply (``semanticMemberThreshold``, ``nameOnlySemanticFloor``,
/// ``keyTermShare``); the recurring-report and own-outlet checks (``recurringReportGap``,
/// ``ownOutletGap``) apply either way.
///
/// **Story merges.** A second candidate the item could also join is merged into the older story
/// when the item's probability for it is ``mergeThreshold`` or more, or when that story's sampled
/// reports would join the item's story with a mean probability of ``storyMergeProbability`` or
/// more.
///
/// **The stray check.** Then, in a story of 3 to ``memberSample`` items, the member (not the item
/// just added) that the rest of the story would least take, measured as a candidate against the
/// story without it, moves out when its join probability is below ``strayProbability`` or its
/// member score (times the decay) below ``strayMemberShare`` of ``memberThreshold``: it goes to
/// the best other story that takes it, or starts its own.
///
/// Without a model (``joinModel`` nil) the older hand rule decides:
/// `cosine * exp(-gap / timeDecay) >= threshold` and the member check.
///
/// **Where the values come from.** ``fittedJoinModel`` was fitted by `ClusterBenchmark fit`
/// (Benchmarks/Sources/ClusterBenchmark/FitHarness.swift, which refits and prints the weights)
/// on the news-cluster-2017 gold set, streamed in time order with teacher forcing, with the pairs
/// of its full-text and its title + summary streams pooled (so the same weights serve feeds
/// without full text) and ridge penalty 1; ``fittedSemanticJoinModel`` likewise with the two
/// embedding features, on the gold set's title + summary stream and the October labels
/// (headlines-2021-10). The thresholds were chosen by B-cubed F1 on the gold set's two streams
/// and by reading the headlines-2021-09 corpus's largest stories; a property names another
/// source where it has one. The measurements behind each value, and the variants tried, are in
/// docs/clustering-settings.md.
public struct ClusterSettings: Sendable, Hashable {
    /// Weight of the (boilerplate-stripped) title's term vector in an item's vector; default 2.
    /// Each field's vector is L2-normalised before weighting, so weights compare fields, not
    /// lengths.
    public var titleWeight: Double
    /// Weight of the summary's term vector; default 1.
    public var summaryWeight: Double
    /// Weight of the full text's term vector (only when the item has content); default 1.
    public var contentWeight: Double
    /// Factor on the term frequency of a proper name (a capitalised word that does not open a
    /// sentence, in text not in Title Case): names tell events apart better than common words.
    /// Default 1.5.
    public var nameWeight: Double
    /// With a ``joinModel``: the minimum centroid cosine, in `[0, 1]`, for a candidate story to be
    /// scored at all (a cheap pre-filter). Without: the minimum decayed cosine to join. Default
    /// 0.03.
    public var threshold: Double
    /// Time decay constant, seconds: a gap of `timeDecay` multiplies the similarity by `1/e`.
    /// Default 365 days (gold-set events span weeks to months).
    public var timeDecay: TimeInterval
    /// Seconds after its last item's time (measured against the latest item time seen) after which
    /// a story of two or more items leaves the candidate index and can no longer be joined.
    /// Default 365 days.
    public var horizon: TimeInterval
    /// The same for a story of one item, seconds (at most ``horizon``; 0, the default:
    /// ``horizon``). Most stories have one item; a short horizon for them keeps memory down in a
    /// long stream while events with several reports stay joinable for months, at some cost in
    /// recall (see docs/clustering-settings.md).
    public var singletonHorizon: TimeInterval
    /// The minimum join probability (with a ``joinModel``; without it, the minimum decayed
    /// cosine, at least ``threshold``), in `[0, 1]`, of an item for a *second* story for that
    /// story to be merged into the one the item joined on the item's evidence alone (the item
    /// bridges them); see also ``storyMergeProbability``, the story-level test. Default 0.95.
    public var mergeThreshold: Double
    /// Factor on the term frequency of a number (digits): numbers tell events apart like names.
    /// Default 1.
    public var numberWeight: Double
    /// How many of an item's terms (its highest TF-IDF weights) look up candidate stories in the
    /// inverted index; bounds the work per item however many stories are active. Default 12.
    public var candidateTerms: Int
    /// Minimum member score, in `[0, 1]`: the mean of the item's best ``memberVotes`` decayed
    /// cosines to a story's sampled members (its first item and its latest) for the item to join
    /// it. The centroid of a growing story drifts towards its topic ("Afghanistan", "schools");
    /// this check keeps an item that resembles the topic but no single report of the event out.
    /// 0 disables it. Default 0.04, chosen by reading the topical chains of the headlines-2021-09
    /// corpus.
    public var memberThreshold: Double
    /// How many member vectors a story keeps for ``memberThreshold``: its first item and its
    /// latest ones. Default 16.
    public var memberSample: Int
    /// How many terms the item must share with a sampled member for that member to count for
    /// ``memberThreshold``: one shared word ("Texas", "Kabul") is topic, not event, evidence.
    /// Default 2.
    public var minSharedTerms: Int
    /// How many of the best-matching sampled members are averaged for ``memberThreshold`` (fewer
    /// when the story has fewer): an item must resemble several reports of the event, not one.
    /// Default 3.
    public var memberVotes: Int
    /// Whether a member cosine leaves out the part of the single shared term that weighs most,
    /// so that one place or name ("Kabul", "Texas", "LGBTQ") cannot carry a match alone: the
    /// member score is the evidence beyond the strongest shared word. Default true.
    public var memberIgnoresTopTerm: Bool
    /// How many terms (heaviest TF-IDF weight) a story centroid keeps; it is cut back to this
    /// once it holds twice as many, so its size, and the postings it holds, stay bounded. 0:
    /// no limit. Default 200.
    public var centroidTerms: Int
    /// A look-up term whose posting list holds more than this many active stories finds no
    /// candidates (a topical word, not evidence of an event), which bounds the candidates, and so
    /// the work, per item. Default 200.
    public var maxPostings: Int
    /// The join decision: a logistic regression over ``JoinFeatures`` (nil: the hand rule of
    /// ``threshold`` and ``memberThreshold``). With a model, ``threshold`` is only the minimum
    /// centroid cosine for a candidate to be scored at all, and ``mergeThreshold`` a probability.
    /// Default ``fittedJoinModel``.
    public var joinModel: JoinModel?
    /// A term in the centroids of more than this many active stories is topical: its part of
    /// every dot product is multiplied by `topicalStories / stories` (so "covid" in 150 current
    /// stories weighs a fiftieth of a term in 3). What counts as topical thus follows the density
    /// of the stream: in a sparse one (the gold set) almost nothing is. 0: no discount. Default 3,
    /// chosen by reading the topical chains of the headlines-2021-09 corpus ("covid", "Kabul").
    public var topicalStories: Int
    /// An item that names people or places (names, not numbers) cannot join a story of at most
    /// this many items that names others but none of the item's: two events of one kind ("floods
    /// kill 12 in Brazil", "floods kill 9 in Assam") share words, not names. 0: no such check.
    /// Default 1, chosen by reading the topical chains of the headlines-2021-09 corpus.
    public var sharedNameStorySize: Int
    /// With a ``joinModel``: the minimum probability, in `[0, 1]`, for an item to join a story.
    /// Default 0.3, chosen by B-cubed F1 on the gold set's two streams.
    public var joinProbability: Double
    /// An item cannot join a story of at most this many items that holds another outlet's
    /// reports unless the two share a name or a number (either side's in the other's words):
    /// reports of one event name its people, places or figures, and common words alone ("school
    /// return", "hit", "boost") are a topic. Only when both name someone or something (a side
    /// with neither names nor numbers cannot tell). 0: no such check. Default 2, chosen by
    /// labelling the headlines-2021-09 corpus's stories of two or more outlets (does each item
    /// report the story's main event?) against the check's cost in B-cubed F1 on the gold set.
    public var sharedNameOrNumberStorySize: Int
    /// How many documents' weight the collection learned by ``StoryClusterer/learn(_:)`` has in
    /// the IDF: its document frequencies, scaled to this many documents (all of them when it
    /// holds fewer), are added to those of the items added so far. The prior steadies the IDF of
    /// the first items of a stream (which otherwise see an IDF of a handful of documents, in which
    /// any shared word looks rare), while the stream's own counts take over as items arrive, so
    /// that an event's words, rare before it broke, still weigh as news. 0 (or less): no prior
    /// (the learned collection still tells names by their capitalisation); `.infinity`: the
    /// collection's counts added at full weight to the stream's (close to a batch IDF at the
    /// start of a stream, twice the counts by its end). Default 300, chosen by held-out B-cubed
    /// F1 on the gold set and the headlines-2021-09 hand labels.
    public var collectionPrior: Double
    /// With a ``joinModel``: after an item joins a story of 3 to ``memberSample`` items, the
    /// member (other than that item) that the rest of the story would least take moves out when
    /// its join probability against the story without it is below this, in `[0, 1]` (or see
    /// ``strayMemberShare``); of the two members least similar to the others (a cosine screen),
    /// the one with the lower probability. It goes to the best other story that takes it, or
    /// starts its own; ``StoryClusterer/splits`` records it. A story's first item decides what
    /// can join it, and one that shares a single name with an event ("Tottenham to host net zero
    /// game", then "Jimmy Greaves dies") would otherwise stay in the event's story and be
    /// credited as its first report. Not after a merge made by the same item. 0: never. Default
    /// 0.2, chosen (with ``strayMemberShare``) on the headlines-2021-09 hand labels and the gold
    /// set.
    public var strayProbability: Double
    /// With a ``joinModel``: when an item joins one story and could also join another (a second
    /// joinable candidate), the two are merged (into the older) if the other story's sampled
    /// reports, each measured as a candidate against the item's story, would join it with a mean
    /// probability of at least this, in `[0, 1]`: one event that two waves of wording split (the
    /// Del Rio port closure and the Haitian expulsions, the Emmys' preview and ceremony). Merges
    /// on one item's probability alone need ``mergeThreshold``. 0: no such test. Default 0.75,
    /// chosen by B-cubed F1 on the gold set and by reading the merges it makes on the
    /// headlines-2021-09 corpus.
    public var storyMergeProbability: Double
    /// With ``strayProbability``: a member whose member score against the rest of its story
    /// (times the time decay) is below this share of ``memberThreshold``, in `[0, 1]`, is a stray
    /// too. Default 0.5.
    public var strayMemberShare: Double
    /// The join decision for an item and a story that both have sentence embeddings: a logistic
    /// regression over ``JoinFeatures/semanticValues`` (the lexical features, the embedding
    /// cosine to the story's mean and to its closest sampled report). nil: ``joinModel`` decides
    /// on words alone, embeddings or not. Default ``fittedSemanticJoinModel``.
    public var semanticJoinModel: JoinModel?
    /// How many stories, most similar in meaning first, an item with an embedding adds to the
    /// candidates the inverted index found (reports of one event worded differently share few
    /// words). 0: none. Default 8.
    public var semanticCandidates: Int
    /// The minimum embedding cosine, in `[-1, 1]`, of an item to a story's mean embedding for the
    /// story to be a semantic candidate (and to be scored although it shares no word with it).
    /// Default 0.45.
    public var semanticFloor: Double
    /// Seconds: stories whose last item is at most this much older than the item are searched for
    /// semantic candidates (a scan of recent stories; older stories are found by shared words).
    /// Default 3 days.
    public var semanticWindow: TimeInterval
    /// At most this many stories, the most recently joined or started first, are scanned for
    /// semantic candidates: it bounds the work per item however dense the stream (older stories
    /// are found by shared words). Default 2,000.
    public var semanticScanLimit: Int
    /// The member check passes on meaning too: when the item's best embedding cosine to one of the
    /// story's sampled reports reaches this, in `[-1, 1]` (a paraphrase shares meaning, not the
    /// words the lexical member check counts). Above 1: never. Default 0.6, chosen by B-cubed F1
    /// on the October labels.
    public var semanticMemberThreshold: Double
    /// Whether an item with full text (``StoryItem/content``) uses its embedding too; false, the
    /// default: such an item is compared on its words, names and time only, as its full text
    /// says more than the first tokens an embedding reads (64 in Byline's pipeline).
    public var semanticWithContent: Bool
    /// An item and a story whose sampled reports share no word but names and numbers with it
    /// ("Pete Buttigieg Joins the Parental Leave Debate" / "Pete Buttigieg defends Biden's plan to
    /// solve supply chain bottleneck") share a person or a place, not an event, unless their
    /// meanings agree: with embeddings on both sides, such an item joins only when its best
    /// embedding cosine to one of the story's sampled reports (``JoinFeatures/semanticBest``)
    /// reaches this, in `[-1, 1]`. Below -1: never checked. Default 0.38, chosen on the October
    /// labels' first-report credits and by reading the headlines-2021-09 stories it splits.
    public var nameOnlySemanticFloor: Double
    /// The key-term check: an item whose title holds a key term of a story passes the member
    /// check (and a member of that story holding one is not a stray for a low member score) when
    /// its embedding cosine to the story's mean embedding (``JoinFeatures/semantic``) is at least
    /// ``keyTermSemanticFloor``. The join probability still decides. A key term is a word of the
    /// story's titles (not a number) of which the story holds at least this share, in `(0, 1]`,
    /// of the weight in the centroids of the stories active within ``semanticWindow`` of the
    /// item, in a story of at least ``keyTermMinReports`` reports from two or more outlets:
    /// "Emmys" in "Emmys 2021: Kerry Washington honors late Michael K. Williams", which shares
    /// no other word with the ceremony's story, where the member check leaves out the strongest
    /// shared word (one name alone is a topic) and the report stayed a story of its own. A word
    /// many current stories share ("Kabul", "covid") is no story's key. 0: never checked.
    /// Default 0.7, chosen (with the other key-term settings) by B-cubed F1 on the October labels
    /// and by reading the headlines-2021-09 corpus's Emmys stories.
    public var keyTermShare: Double
    /// With ``keyTermShare``: the minimum embedding cosine, in `[-1, 1]`, of the item to the
    /// story's mean embedding; a key word with another meaning ("Kabul" in a report on women
    /// told to stay home, against the drone-strike story) is not the story. Default 0.45.
    public var keyTermSemanticFloor: Double
    /// With ``keyTermShare``: the fewest reports a story holds for its words to be key terms.
    /// Default 4.
    public var keyTermMinReports: Int
    /// Seconds: an item does not join a story that holds a sampled report of its outlet at least
    /// this much earlier or later whose title is another instance of the same recurring report
    /// (``StoryClusterer/isRecurringInstance(_:_:)``: "Covid-19 update: 41 new community cases"
    /// then "Covid-19 update: 51 new community cases" a day later, "Best of cartoons, October
    /// 16" then "October 18"). Each instance is an event of its own, and the daily update must
    /// not be credited to yesterday's. 0: never checked. Default 12 hours, chosen from the
    /// recurring reports of the headlines-2021-09 and -10 corpora.
    public var recurringReportGap: TimeInterval
    /// Seconds: an item does not join a story that holds only its own outlet's reports, the
    /// latest at least this long before it: an outlet's column or programme a week later ("BEL
    /// MOONEY: Why did my dying friend's family cut me out?" and "BEL MOONEY: Why did my cold wife
    /// lie to me for 58 years?", "Your Daily Horoscope for Tuesday, September 21" and "Your Weekly
    /// Horoscope for October 17-24") shares its presenter or format, not an event, and is alike in
    /// meaning for that reason, so meaning does not lift the check; another outlet's report would
    /// be evidence of an event. 0: never checked. Default 7 days, chosen by reading the
    /// headlines-2021-09 and -10 corpora imported into one store.
    public var ownOutletGap: TimeInterval
    /// With ``recurringReportGap``: the minimum Dice overlap, in `[0, 1]`, of two titles' templates
    /// (their words with numbers and day and month names masked) for them to be instances of one
    /// recurring report. Default 0.8.
    public var recurringTemplateOverlap: Double
    /// With ``semanticJoinModel``: the minimum probability, in `[0, 1]`, for an item to join a
    /// story when both have embeddings (``joinProbability`` otherwise). Default 0.3.
    public var semanticJoinProbability: Double

    /// Creates settings; every parameter defaults to the value of ``default``.
    public init(
        titleWeight: Double = 2.0,
        summaryWeight: Double = 1.0,
        contentWeight: Double = 1.0,
        nameWeight: Double = 1.5,
        threshold: Double = 0.03,
        timeDecay: TimeInterval = 365 * 86_400,
        horizon: TimeInterval = 365 * 86_400,
        singletonHorizon: TimeInterval = 0,
        mergeThreshold: Double = 0.95,
        numberWeight: Double = 1.0,
        candidateTerms: Int = 12,
        memberThreshold: Double = 0.04,
        memberSample: Int = 16,
        minSharedTerms: Int = 2,
        memberVotes: Int = 3,
        memberIgnoresTopTerm: Bool = true,
        centroidTerms: Int = 200,
        maxPostings: Int = 200,
        joinModel: JoinModel? = ClusterSettings.fittedJoinModel,
        joinProbability: Double = 0.3,
        topicalStories: Int = 3,
        sharedNameStorySize: Int = 1,
        sharedNameOrNumberStorySize: Int = 2,
        collectionPrior: Double = 300,
        strayProbability: Double = 0.2,
        strayMemberShare: Double = 0.5,
        storyMergeProbability: Double = 0.75,
        semanticJoinModel: JoinModel? = ClusterSettings.fittedSemanticJoinModel,
        semanticCandidates: Int = 8,
        semanticFloor: Double = 0.45,
        semanticWindow: TimeInterval = 3 * 86_400,
        semanticScanLimit: Int = 2_000,
        semanticMemberThreshold: Double = 0.6,
        semanticWithContent: Bool = false,
        semanticJoinProbability: Double = 0.3,
        nameOnlySemanticFloor: Double = 0.38,
        keyTermShare: Double = 0.7,
        keyTermSemanticFloor: Double = 0.45,
        keyTermMinReports: Int = 4,
        recurringReportGap: TimeInterval = 12 * 3_600,
        ownOutletGap: TimeInterval = 7 * 86_400,
        recurringTemplateOverlap: Double = 0.8
    ) {
        self.nameOnlySemanticFloor = nameOnlySemanticFloor
        self.keyTermShare = keyTermShare
        self.keyTermSemanticFloor = keyTermSemanticFloor
        self.keyTermMinReports = keyTermMinReports
        self.recurringReportGap = recurringReportGap
        self.ownOutletGap = ownOutletGap
        self.recurringTemplateOverlap = recurringTemplateOverlap
        self.semanticJoinProbability = semanticJoinProbability
        self.semanticWithContent = semanticWithContent
        self.semanticJoinModel = semanticJoinModel
        self.semanticCandidates = semanticCandidates
        self.semanticFloor = semanticFloor
        self.semanticWindow = semanticWindow
        self.semanticScanLimit = semanticScanLimit
        self.semanticMemberThreshold = semanticMemberThreshold
        self.titleWeight = titleWeight
        self.summaryWeight = summaryWeight
        self.contentWeight = contentWeight
        self.nameWeight = nameWeight
        self.threshold = threshold
        self.timeDecay = timeDecay
        self.horizon = horizon
        self.singletonHorizon = singletonHorizon
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
        self.joinModel = joinModel
        self.joinProbability = joinProbability
        self.topicalStories = topicalStories
        self.sharedNameStorySize = sharedNameStorySize
        self.sharedNameOrNumberStorySize = sharedNameOrNumberStorySize
        self.collectionPrior = collectionPrior
        self.strayProbability = strayProbability
        self.strayMemberShare = strayMemberShare
        self.storyMergeProbability = storyMergeProbability
    }

    /// The join model fitted by `ClusterBenchmark fit` on the news-cluster-2017 gold set (see the
    /// type's discussion), weights in the order of ``JoinFeatures/names``: the default
    /// ``joinModel``.
    public static let fittedJoinModel = JoinModel(
        bias: -1.2951194624810574,
        weights: [4.863582952359598, 1.8848215024033423, 1.3452032465793877, 2.175510161571224, 3.652726119633093,
                  -0.8870504287822447, -0.36744819533247214])

    /// The join model for items and stories with sentence embeddings, fitted like
    /// ``fittedJoinModel`` with the two semantic features (see the type's discussion), weights in
    /// the order of ``JoinFeatures/semanticNames``: the default ``semanticJoinModel``.
    public static let fittedSemanticJoinModel = JoinModel(
        bias: -4.926298782076112,
        weights: [2.5662321685397105, 1.4384548304991571, 1.558090107675361, 1.5103961856688504, 2.1967108649045444,
                  -0.8448053086929898, 0.21306396477057002, 4.151293627263379, 3.1882504459845764])

    /// The tuned defaults (see the type's discussion for where they come from).
    public static let `default` = ClusterSettings()
}
