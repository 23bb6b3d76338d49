public import Foundation

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

    /// Creates an item.
    ///
    /// - Parameters:
    ///   - id: the caller's stable item id.
    ///   - outlet: the outlet id.
    ///   - title: the headline, plain text.
    ///   - summary: the summary, plain text; empty when there is none.
    ///   - content: the full text, plain text, or nil.
    ///   - time: when the item appeared, UTC.
    public init(id: Int64, outlet: String, title: String, summary: String = "", content: String? = nil, time: Date) {
        self.id = id
        self.outlet = outlet
        self.title = title
        self.summary = summary
        self.content = content
        self.time = time
    }
}
