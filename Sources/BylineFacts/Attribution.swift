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
        /// against the observed times).
        public var isScoopClaim: Bool { self == .exclusive || self == .firstOn }
    }

    /// What the observed times say about a scoop claim.
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        /// The claimant is the clear first carrier of a fact of its item that other outlets
        /// carry too, and no other outlet carried any of its item's facts earlier.
        case confirmed
        /// Another outlet carried a fact of the claimant's item clearly earlier.
        case contradicted
        /// No fact of the item is carried by another outlet, or the first place is a tie.
        case undecidable = "not_decidable"
        /// Not a scoop claim (a source edge, or a credit to someone else).
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
    /// The check of a scoop claim against the observed times (``Verdict/notAClaim`` for other
    /// kinds).
    public var verdict: Verdict
    /// Why: the fact and times the verdict rests on, one line; empty when not a claim.
    public var evidence: String

    /// Creates an attribution.
    public init(itemID: Int64, outlet: String, credited: String, phrase: String, kind: Kind,
                verdict: Verdict = .notAClaim, evidence: String = "") {
        self.itemID = itemID
        self.outlet = outlet
        self.credited = credited
        self.phrase = phrase
        self.kind = kind
        self.verdict = verdict
        self.evidence = evidence
    }
}
