/// An explicit claim of priority in an item's text: "first reported by X", "EXCLUSIVE",
/// "FIRST ON X".
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

    /// Creates an attribution.
    public init(itemID: Int64, outlet: String, credited: String, phrase: String, kind: Kind) {
        self.itemID = itemID
        self.outlet = outlet
        self.credited = credited
        self.phrase = phrase
        self.kind = kind
    }
}
