/// One fact of a story: the sentences of one or more outlets that state the same thing, and who
/// carried it first.
public struct Fact: Sendable, Hashable {
    /// What a fact states.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An amount: its mentions give values for one counted noun ("10,000 migrants").
        case quantity
        /// A sentence built around a quotation.
        case quote
        /// Any other statement.
        case statement
    }

    /// How the values of a quantity fact relate.
    public enum Trend: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not a quantity, or one value only.
        case single
        /// The values move with time: Kendall's tau between time and value, over the medians
        /// of 6-hour bins of mentions, is at least 0.5 in absolute value, or one outlet alone
        /// changed its value (a running toll). Outlets may still differ at the same time:
        /// see ``Fact/disagreeing``.
        case update
        /// The values differ without moving with time: outlets disagree.
        case disagreement
    }

    /// 1-based number within the story, in order of first appearance.
    public var id: Int
    /// The representative sentence: the first mention's.
    public var text: String
    /// What it states.
    public var kind: Kind
    /// Every mention, earliest first (time, then outlet, item): several per outlet when several
    /// items or values carry it; one per (item, sentence).
    public var mentions: [Mention]
    /// Who carried it first (``Credit/first(of:)`` over the independent mentions, a wire group
    /// counting once at its earliest carrier and the members whose times tie with it); a tie
    /// when windows overlap.
    public var credit: Credit
    /// The outlets that carry it, in order of their first mention.
    public var outlets: [String]
    /// The outlets that carry it only through wire copy of an earlier carrier's item.
    public var wireOutlets: [String]
    /// How the values relate (``Trend/single`` unless a quantity with two or more values).
    public var trend: Trend
    /// Outlets that gave a different value from another outlet within ``FactEngine/sameTime``
    /// of it, sorted: the disagreeing parties.
    public var disagreeing: [String]

    /// Creates a fact.
    public init(id: Int, text: String, kind: Kind = .statement, mentions: [Mention], credit: Credit, outlets: [String],
                wireOutlets: [String] = [], trend: Trend = .single, disagreeing: [String] = []) {
        self.id = id
        self.text = text
        self.kind = kind
        self.mentions = mentions
        self.credit = credit
        self.outlets = outlets
        self.wireOutlets = wireOutlets
        self.trend = trend
        self.disagreeing = disagreeing
    }

    /// Whether at least two outlets carry the fact (the facts reports list by default).
    public var isShared: Bool { outlets.count >= 2 }

    /// Outlets that carry it independently (not only as wire copy).
    public var independentOutlets: [String] { outlets.filter { !wireOutlets.contains($0) } }

    /// The distinct values in order of first appearance, each with the outlets that gave it (in
    /// order of their first mention with it) and its first time.
    public var values: [(value: Quantity, outlets: [String], first: ObservedTime)] {
        var result: [(value: Quantity, outlets: [String], first: ObservedTime)] = []
        for mention in mentions {
            guard let value = mention.value else { continue }
            if let index = result.firstIndex(where: { $0.value.value == value.value && $0.value.noun == value.noun }) {
                if !result[index].outlets.contains(mention.outlet) { result[index].outlets.append(mention.outlet) }
            } else {
                result.append((value, [mention.outlet], mention.time))
            }
        }
        return result
    }
}
