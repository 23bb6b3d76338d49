/// One outlet's statement of a fact: the sentence it used and when its text first carried it.
public struct Mention: Sendable, Hashable {
    /// The outlet id.
    public var outlet: String
    /// The item whose text carried the sentence.
    public var itemID: Int64
    /// The sentence as the outlet wrote it (a whole title, or one sentence of a summary or
    /// content), after text hygiene.
    public var sentence: String
    /// When the outlet's text first carried it: the first version with a matching sentence, with
    /// the item's publisher time only when that version is the item's first.
    public var time: ObservedTime
    /// The value the sentence gives for the fact's quantity, when the fact is a quantity.
    public var value: Quantity?
    /// The first item of the wire group this item belongs to, when the item is a copy of an
    /// agency report another item of the group carried earlier (its time does not overlap the
    /// first's); nil for independent text, and for a member whose time ties with the first.
    public var wireCopyOf: Int64?

    /// Creates a mention.
    public init(outlet: String, itemID: Int64, sentence: String, time: ObservedTime, value: Quantity? = nil, wireCopyOf: Int64? = nil) {
        self.outlet = outlet
        self.itemID = itemID
        self.sentence = sentence
        self.time = time
        self.value = value
        self.wireCopyOf = wireCopyOf
    }
}
