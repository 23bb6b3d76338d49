public import Foundation
import BylineText

/// One item (article, video) as the story clusterer sees it: plain values, no storage ids but
/// the caller's.
///
/// Texts are plain text (HTML already stripped by the feed parser). `time` is the caller's best
/// estimate of when the item appeared, in UTC; the clusterer uses it only for the time decay
/// and the activity horizon (see ``ClusterSettings``).
public struct StoryItem: Sendable, Hashable {
    /// The caller's item id; stable, unique among the items given to one clusterer.
    public var id: Int64
    /// The outlet id (for example `bbc`).
    public var outlet: String
    /// The headline, plain text. Outlet boilerplate ("Opinion |", "- BBC News") is stripped by
    /// the clusterer, not by the caller.
    public var title: String
    /// The summary (RSS `description`, Atom `summary`), plain text; may be empty.
    public var summary: String
    /// The full text (RSS `content:encoded`, Atom `content`), plain text, when the feed carries it.
    public var content: String?
    /// Best estimate of when the item appeared, UTC.
    public var time: Date
    /// The sentence embedding of the item's title and summary (unit length, every item of one
    /// clusterer of the same dimension, e.g. 384 for all-MiniLM-L6-v2), or nil: the item is then
    /// compared on words, names and time only.
    public var embedding: [Float]?

    /// Creates an item.
    ///
    /// - Parameters:
    ///   - id: the caller's stable item id.
    ///   - outlet: the outlet id.
    ///   - title: the headline, plain text.
    ///   - summary: the summary, plain text; empty when there is none.
    ///   - content: the full text, plain text, or nil.
    ///   - time: when the item appeared, UTC.
    ///   - embedding: the unit-length sentence embedding of title and summary, or nil.
    public init(id: Int64, outlet: String, title: String, summary: String = "", content: String? = nil, time: Date,
                embedding: [Float]? = nil) {
        self.embedding = embedding
        self.id = id
        self.outlet = outlet
        self.title = title
        self.summary = summary
        self.content = content
        self.time = time
    }
}

extension StoryItem {
    /// The text whose sentence embedding stands for an item (or one of its versions): the title
    /// without outlet labels (``BylineText/HeadlineCleaner``), a newline, and the summary without
    /// boilerplate (``BylineText/SummaryCleaner``), or the start of the full text (2,000
    /// characters) when there is no summary. The embedder reads only its first tokens (its
    /// `maxTokens`: 64 in Byline's pipeline), so the rest counts only as far as that reaches.
    public static func embeddingText(title: String, summary: String, content: String? = nil) -> String {
        var body = SummaryCleaner.clean(summary).trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty, let content { body = String(content.prefix(2_000)).trimmingCharacters(in: .whitespacesAndNewlines) }
        let title = HeadlineCleaner.clean(title)
        return body.isEmpty ? title : title + "\n" + body
    }
}
