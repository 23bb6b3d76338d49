/// One outlet's behaviour counts for the scorecard; every rate is a pair of counts here, and
/// ``ReportWriter`` prints it with its Wilson 95% interval.
public struct OutletScore: Sendable, Hashable {
    /// Shared stories (2+ outlets) where it was tied for first.
    public var firstTies = 0
    /// Of its clear first reports, those resting on its pubDate alone: the item was already in
    /// its feed at Byline's first pull of that feed, so no earlier pull bounds the time (the
    /// story may have begun before Byline's records).
    public var firstReportsUnchecked = 0
    /// The 25th percentile of its lags behind the first report (seconds), nil without lags.
    public var lagP25Seconds: Int?
    /// The 75th percentile of its lags (seconds).
    public var lagP75Seconds: Int?
    /// How many lags (shared stories where it was neither first nor tied).
    public var lagCount = 0
    /// Facts of shared stories it is credited first with, clearly or tied (the corroboration
    /// denominator).
    public var factsFirst = 0
    /// Of those, facts an independent outlet (another outlet, not a wire copy, not of its own
    /// news organisation) carried within 48 hours of the first report.
    public var factsCorroborated = 0
    /// Facts of shared stories that only it, or only outlets of its news organisation, carry.
    public var exclusiveFacts = 0
    /// Quantity facts where its value differs from another outlet's given within 6 hours.
    public var disagreements = 0
    /// Items seen at two or more pulls (the silent-edit denominator).
    public var itemsSeenTwice = 0
    /// Of those, items with at least one substantive edit that the text does not announce.
    public var itemsSilentlyEdited = 0
    /// Items stored (the anomaly denominator; same as ``OutletRow/items`` for a full report).
    public var itemsChecked = 0
    /// Items with at least one publisher-time anomaly.
    public var itemsWithAnomaly = 0
    /// Scoop claims (EXCLUSIVE, FIRST ON X) in its texts.
    public var scoopClaims = 0
    /// Claims the observed times confirm.
    public var scoopConfirmed = 0
    /// Claims the observed times contradict.
    public var scoopContradicted = 0

    /// Creates empty counts.
    public init() {}
}
