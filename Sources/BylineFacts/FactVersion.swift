public import Foundation

/// One observed version of an item's text: what a pull saw, and when.
///
/// A new version is recorded when the (title, summary, content) an outlet serves for an item
/// changes, so a fact that only a later version carries is credited to that version's time.
public struct FactVersion: Sendable, Hashable {
    /// When Byline first saw this version (pull time, or the archive capture time), UTC.
    public var seenAt: Date
    /// The previous pull of the same feed, which did not show this version; nil when `seenAt` was
    /// the feed's first pull.
    public var previousPull: Date?
    /// The headline of this version, plain text.
    public var title: String
    /// The summary of this version, plain text; may be empty.
    public var summary: String
    /// The full content of this version, plain text, when the feed carries it.
    public var content: String?
    /// The publisher time the feed gave with this version (UTC), if any: compared across
    /// versions to find a pubDate that moved.
    public var published: Date?
    /// The publication date as the feed wrote it when no date rule read it (``published`` is
    /// then nil), for the `unreadable_date` anomaly; nil otherwise.
    public var publishedText: String?
    /// When ``published`` gives only the day, the offset of its zone in seconds east of UTC
    /// (``ObservedTime/publishedDayOffset``); nil for a time of day.
    public var publishedDayOffset: Int?

    /// Creates a version.
    public init(seenAt: Date, previousPull: Date?, title: String, summary: String, content: String? = nil, published: Date? = nil,
                publishedText: String? = nil, publishedDayOffset: Int? = nil) {
        self.publishedDayOffset = publishedDayOffset
        self.seenAt = seenAt
        self.previousPull = previousPull
        self.title = title
        self.summary = summary
        self.content = content
        self.published = published
        self.publishedText = publishedText
    }
}
