public import Foundation

/// One item of a story with every version of its text, as the fact engine reads it.
public struct FactItem: Sendable, Hashable {
    /// The caller's stable item id.
    public var itemID: Int64
    /// The outlet id.
    public var outlet: String
    /// The item's guid (or link when it had none), as stored.
    public var guid: String
    /// The publisher's time of the item (pubDate, dc:date, atom:published), UTC; may be absent or
    /// wrong. It applies to the first version only: a later edit is not published at that time.
    public var published: Date?
    /// When ``published`` gives only the day, the offset of its zone in seconds east of UTC
    /// (``ObservedTime/publishedDayOffset``); nil for a time of day.
    public var publishedDayOffset: Int?
    /// The versions in time order; the first is the one seen first.
    public var versions: [FactVersion]
    /// When Byline last saw the item in its feed (UTC); an item seen at one pull only could not
    /// show an edit. Nil when unknown.
    public var lastSeen: Date?

    /// Creates an item.
    public init(itemID: Int64, outlet: String, guid: String, published: Date?, versions: [FactVersion], lastSeen: Date? = nil,
                publishedDayOffset: Int? = nil) {
        self.publishedDayOffset = publishedDayOffset
        self.itemID = itemID
        self.outlet = outlet
        self.guid = guid
        self.published = published
        self.versions = versions
        self.lastSeen = lastSeen
    }

    /// Whether Byline saw the item at two or more pulls (so an edit could have been seen).
    public var wasSeenTwice: Bool {
        guard let first = versions.first?.seenAt else { return false }
        return versions.count > 1 || (lastSeen.map { $0 > first } ?? false)
    }
}
