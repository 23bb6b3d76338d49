/// One fact of a story: the sentences of one or more outlets that state the same thing, and who
/// carried it first.
public struct Fact: Sendable, Hashable {
    /// 1-based number within the story, in order of first appearance.
    public var id: Int
    /// The representative sentence: the first mention's.
    public var text: String
    /// One mention per outlet (its earliest), in order of appearance (earliest time first, then
    /// outlet id).
    public var mentions: [Mention]
    /// Who carried it first (``Credit/first(of:)`` over the mentions); a tie when windows overlap.
    public var credit: Credit
    /// The outlets that carry it, sorted by the time of their mention (then outlet id).
    public var outlets: [String]

    /// Creates a fact.
    public init(id: Int, text: String, mentions: [Mention], credit: Credit, outlets: [String]) {
        self.id = id
        self.text = text
        self.mentions = mentions
        self.credit = credit
        self.outlets = outlets
    }

    /// Whether at least two outlets carry the fact (the facts reports list by default).
    public var isShared: Bool { outlets.count >= 2 }
}
