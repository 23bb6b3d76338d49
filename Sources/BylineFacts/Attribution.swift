/// An explicit claim in an item's text, an edge from the item's outlet to a credited name:
/// priority ("first reported by X", "EXCLUSIVE", "FIRST ON X") or source ("according to X",
/// "told Reuters").
public struct Attribution: Sendable, Hashable {
    /// The kind of claim.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// "first reported by X", "as first reported by X".
        case firstReportedBy
        /// "X was (the) first to report".
        case wasFirstToReport
        /// "as X first reported".
        case asFirstReported
        /// "EXCLUSIVE" (upper case anywhere, or "Exclusive:" opening the text): the outlet claims
        /// the story as its own; `credited` is the item's outlet id.
        case exclusive
        /// "FIRST ON X" (upper case, or "First on X:" opening the text).
        case firstOn
        /// "according to X": a source edge, not a priority claim.
        case accordingTo
        /// "told X" (X an organisation or outlet, e.g. "told Reuters"): a source edge.
        case toldTo

        /// Whether the kind claims priority for the item's own outlet (a scoop claim, checked
        /// against the facts of the item and their observed times).
        public var isScoopClaim: Bool { self == .exclusive || self == .firstOn }

        /// Whether the kind says that the credited outlet reported first ("first reported by X",
        /// "X was first to report", "as X first reported"): a claim about X, checked against
        /// the story's observed times (``AttributionCheck``).
        public var isFirstReportCredit: Bool { self == .firstReportedBy || self == .wasFirstToReport || self == .asFirstReported }
    }

    /// What the credited name names (``NewsOrganisation``).
    public enum CreditedKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An outlet Byline follows, by id, name or alias (``OutletDirectory``), or several
        /// that share the name.
        case followedOutlet = "followed_outlet"
        /// A news organisation Byline does not follow: a news agency, broadcaster or news
        /// publication ("RIA Novosti", "Sunday Times", "LBC's Andrew Pierce").
        case newsOrganisation = "news_organisation"
        /// Another source: a person, an official body, researchers ("Liz Truss", "Justice
        /// Department", "Dutch researchers"). Not a claim about an outlet.
        case source
    }

    /// What the observed times say about a priority claim.
    ///
    /// A scoop claim (``Kind/isScoopClaim``) is checked against the facts of its item; a
    /// first-report credit (``Kind/isFirstReportCredit``) against each outlet's earliest report
    /// of the story (see ``AttributionCheck``).
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        /// Scoop claim: the claimant is the clear first carrier of a fact of its item that other
        /// outlets carry too, and no other outlet carried any of its item's facts earlier.
        /// First-report credit: the credited outlet's earliest report of the story is clearly
        /// before every other outlet's.
        case confirmed
        /// Scoop claim: another outlet carried a fact of the claimant's item clearly earlier.
        /// First-report credit: another outlet reported the story clearly before the credited one.
        case contradicted
        /// The times give no clear order (a tie, no other carrier), or the credited name is a
        /// news organisation but not one outlet Byline follows, or that outlet has no report in
        /// the story.
        case undecidable = "not_decidable"
        /// Not a priority claim of an outlet: a source edge ("according to X", "told X"), or
        /// any attribution whose credited name is another source than a news organisation
        /// (``CreditedKind/source``).
        case notAClaim = "not_a_claim"
    }

    /// The item whose text holds the claim.
    public var itemID: Int64
    /// The item's outlet id.
    public var outlet: String
    /// The outlet or organisation named, as written (a leading lower-case "the" is not part of
    /// it); for ``Kind/exclusive`` the item's outlet id.
    public var credited: String
    /// The matched text.
    public var phrase: String
    /// Which pattern matched.
    public var kind: Kind
    /// The check of a priority claim against the observed times (``Verdict/notAClaim`` for a
    /// source edge).
    public var verdict: Verdict
    /// Why, one line: the fact or reports and times the verdict rests on, that the credited
    /// news organisation is not an outlet Byline follows ("'RIA Novosti' is not an outlet
    /// Byline follows"), or that the credited name is a source ("'Liz Truss' is a source, not a
    /// news outlet"); empty for a source edge to a followed outlet.
    public var evidence: String
    /// The id of the followed outlet that ``credited`` names (by id, name or alias, see
    /// ``OutletDirectory``); nil when it names none or several, or before ``AttributionCheck``.
    public var creditedOutlet: String?
    /// What ``credited`` names; nil before ``AttributionCheck``.
    public var creditedKind: CreditedKind?
    /// The news organisation Byline does not follow that ``credited`` names, as
    /// ``NewsOrganisation/name(in:)`` gives it, one spelling per organisation ("LBC" for "LBC's
    /// Andrew Pierce", "The Sunday Times" for "Sunday Times", "The Sun" for "Sun newspaper");
    /// nil for a followed outlet, a source, or before ``AttributionCheck``.
    public var creditedOrganisation: String?
    /// Who Byline saw report the story first (each outlet's earliest item; overlapping windows
    /// are a tie); nil before ``AttributionCheck``.
    public var firstReport: Credit?
    /// Whether ``creditedOutlet`` is another outlet of the item's own news organisation
    /// (``OutletDirectory/isSameOrganisation(_:_:)``: "told CNN" in an item of `cnntv`, CNN's
    /// YouTube channel); false when it is the item's outlet itself, names none, or before
    /// ``AttributionCheck``.
    public var creditsOwnOrganisation: Bool

    /// Creates an attribution.
    public init(itemID: Int64, outlet: String, credited: String, phrase: String, kind: Kind,
                verdict: Verdict = .notAClaim, evidence: String = "", creditedOutlet: String? = nil,
                creditedKind: CreditedKind? = nil, creditedOrganisation: String? = nil, firstReport: Credit? = nil,
                creditsOwnOrganisation: Bool = false) {
        self.itemID = itemID
        self.outlet = outlet
        self.credited = credited
        self.phrase = phrase
        self.kind = kind
        self.verdict = verdict
        self.evidence = evidence
        self.creditedOutlet = creditedOutlet
        self.creditedKind = creditedKind
        self.creditedOrganisation = creditedOrganisation
        self.firstReport = firstReport
        self.creditsOwnOrganisation = creditsOwnOrganisation
    }

    /// Whether the attribution is about an outlet: a scoop claim, or a name that
    /// ``AttributionCheck`` found to be a news organisation, followed or not (true before the
    /// check); false for another source (``CreditedKind/source``) and for a source edge that
    /// names the item's own outlet (``citesOwnReporting``), which reports leave out.
    public var isOutletCredit: Bool { kind.isScoopClaim || (creditedKind != .source && !citesOwnReporting) }

    /// Whether the attribution is a source edge ("according to X", "told X") whose credited
    /// outlet is the item's own ("according to Stuff sources" in a Stuff item, "told the Herald"
    /// in a New Zealand Herald item) or another outlet of its news organisation
    /// (``creditsOwnOrganisation``: "told CNN" in an item of CNN's YouTube channel): the
    /// organisation citing its own reporting, not a credit to another outlet. A first-report
    /// credit to the item's own outlet ("as the Herald first reported" in a Herald item) is
    /// not: it claims the outlet was first, and is checked.
    public var citesOwnReporting: Bool {
        !kind.isScoopClaim && !kind.isFirstReportCredit && (creditedOutlet == outlet || creditsOwnOrganisation)
    }

    /// The outlet the text credits, as reports show it: the followed outlet's id when
    /// ``credited`` names one, else the news organisation's name (``creditedOrganisation``),
    /// else the name as written.
    public var creditedLabel: String { creditedOutlet ?? creditedOrganisation ?? credited }
}
