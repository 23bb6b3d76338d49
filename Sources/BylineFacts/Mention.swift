/// One outlet's statement of a fact: the sentence it used and when its text first carried it.
public struct Mention: Sendable, Hashable {
    /// The outlet id.
    public var outlet: String
    /// The item whose text carried the sentence.
    public var itemID: Int64
    /// The sentence as the outlet wrote it (a whole title, or one sentence of a summary).
    public var sentence: String
    /// When the outlet's text first carried it: the first version with a matching sentence, with
    /// the item's publisher time only when that version is the item's first.
    public var time: ObservedTime

    /// Creates a mention.
    public init(outlet: String, itemID: Int64, sentence: String, time: ObservedTime) {
        self.outlet = outlet
        self.itemID = itemID
        self.sentence = sentence
        self.time = time
    }
}
