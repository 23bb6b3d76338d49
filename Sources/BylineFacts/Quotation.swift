/// A quotation in a sentence and, where the sentence names one, its speaker.
public struct Quotation: Sendable, Hashable {
    /// The quoted words, without the quote marks.
    public var text: String
    /// The speaker as written ("Alejandro Mayorkas", "Mayorkas"), or nil when the sentence
    /// names none next to a speech verb (said, says, told, warned, added ...).
    public var speaker: String?

    /// Creates a quotation.
    public init(text: String, speaker: String?) {
        self.text = text
        self.speaker = speaker
    }
}
