public import Foundation

/// The syndication format a document was recognised as.
///
/// Raw values follow feedparser's `version` strings (`rss20`, `atom10`, ...), so that the same
/// names appear in Byline's output and in feedparser's.
public enum FeedFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// RSS 0.90 (Netscape, RDF-based).
    case rss090
    /// RSS 0.91 (Userland).
    case rss091u
    /// RSS 0.91 (Netscape).
    case rss091n
    /// RSS 0.92.
    case rss092
    /// RSS 0.93.
    case rss093
    /// RSS 0.94.
    case rss094
    /// RSS 2.0 (and RSS without a version attribute).
    case rss20
    /// RSS 1.0 (RDF Site Summary).
    case rss10
    /// Atom 0.3 (pre-RFC draft).
    case atom03
    /// Atom 1.0, RFC 4287.
    case atom10
    /// JSON Feed 1.0 / 1.1.
    case json1
    /// Microsoft's Channel Definition Format (CDF, 1997): a `CHANNEL` root with `ITEM`s.
    case cdf
}

/// A parsed feed: channel-level metadata and its items, as plain `Sendable` values.
///
/// Texts are plain text: HTML tags stripped, character and HTML named entities decoded,
/// whitespace folded to single spaces and trimmed. URLs are absolute where a base was known
/// (xml:base, then the document URL, then the channel link).
public struct Feed: Sendable, Hashable, Codable {
    /// The format the document was recognised as.
    public var format: FeedFormat
    /// The channel title (RSS `channel/title`, Atom `feed/title`), plain text.
    public var title: String?
    /// The channel's home page (RSS `channel/link`, Atom `link rel="alternate"`), absolute.
    public var link: String?
    /// The channel description (RSS `description`, Atom `subtitle`), plain text.
    public var subtitle: String?
    /// The channel language (RSS `language`, `xml:lang` on the root), as given.
    public var language: String?
    /// The channel's own update time (RSS `lastBuildDate`/`pubDate`, Atom `updated`), UTC.
    public var updated: Date?
    /// RSS `<ttl>`: minutes the channel may be cached, when given and a non-negative integer.
    public var ttl: Int?
    /// The items (RSS `item`, Atom `entry`) in document order.
    public var items: [FeedItem]
    /// Problems that cost a field but not the feed ("line 12: undefined entity &foo;",
    /// "item 3: unparseable date 'yesterday'"), in document order. Empty for a clean feed.
    public var warnings: [String]
    /// Whether the document ended (or its reading stopped) before its root element closed: a
    /// feed cut off in transit or on disk, or one whose reading a limit stopped. Its items are
    /// what could be read; items missing from it may have been in the part not read, so it is
    /// no evidence that they left the feed. Not encoded (a property of the reading, not of the
    /// feed's content).
    public var isTruncated = false
    /// Why the reading stopped before the root element closed when a limit stopped it (one
    /// line, as in ``warnings``: `line 3: elements nested deeper than 256; the rest was
    /// skipped`); nil when the document itself ends early, or was read to its end. Not encoded.
    public var stoppedBy: String?
    /// Where a document that ends before its root element closes is cut off, one line as in
    /// ``warnings``, where it is the one warning the cut gives: `line 3: the document ends
    /// before its root element closes, inside an item, which is left out` (without the words
    /// from "inside" when it ends between items). Nil when the document was read to its end or
    /// a limit stopped the reading (``stoppedBy``). Not encoded.
    public var cutOff: String?
    /// What a limit left out of a document that was otherwise read to its end, one line as in
    /// ``warnings`` (`line 7: 47 elements nested deeper than 256 left out (in item 2); the rest
    /// was read`: a subtree nested deeper than ``FeedParser/Options/maxDepth`` is cut out and
    /// the later items are read; in a JSON Feed, an item or member nested deeper than 512 is
    /// left out, `item 2: arrays and objects nested 10002 deep, deeper than 512; the item was
    /// left out`, several joined by `; `); nil when nothing was. Not encoded.
    public var leftOut: String?
    /// What the document says beyond these fields, read in the same pass when
    /// ``FeedParser/Options/detail`` is set; nil otherwise.
    public var detail: FeedDetail? {
        get { detailBox?.value }
        set { detailBox = newValue.map(Box.init) }
    }
    /// ``detail``, kept out of line so that a feed without it stays small.
    private var detailBox: Box<FeedDetail>?

    private enum CodingKeys: String, CodingKey {
        case format, title, link, subtitle, language, updated, ttl, items, warnings
        case detailBox = "detail"
    }

    /// Creates a feed value; every field but `format` defaults to empty.
    public init(
        format: FeedFormat, title: String? = nil, link: String? = nil, subtitle: String? = nil,
        language: String? = nil, updated: Date? = nil, ttl: Int? = nil,
        items: [FeedItem] = [], warnings: [String] = []
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.language = language
        self.updated = updated
        self.ttl = ttl
        self.items = items
        self.warnings = warnings
    }
}

/// One feed item (RSS `item`, Atom `entry`).
public struct FeedItem: Sendable, Hashable, Codable {
    /// The item's identifier exactly as the feed gives it (RSS `guid`, Atom `id`), or nil.
    public var guid: String?
    /// The item's link, made absolute against xml:base or the feed URL (RSS `link`, Atom
    /// `link rel="alternate"` or the first link without a rel).
    public var link: String?
    /// The title as plain text.
    public var title: String?
    /// The summary as plain text (RSS `description`, Atom `summary`, RSS 1.0 `description`).
    public var summary: String?
    /// The full content as plain text (`content:encoded`, Atom `content`), when present.
    public var content: String?
    /// Author names (RSS `author`, `dc:creator`, Atom `author/name`), plain text, in order.
    public var authors: [String]
    /// Categories (RSS `category`, `dc:subject`, Atom `category/@term` or `@label`), in order.
    public var categories: [String]
    /// The publisher's publication time (RSS `pubDate`, `dc:date`, Atom `published`), UTC.
    public var published: Date?
    /// The publisher's last-update time (Atom `updated`, `dcterms:modified`), UTC.
    public var updated: Date?
    /// The precision of ``published``: nil when its text gave a time of day (or there is no
    /// ``published``); when it gave only the day (``DatePrecision/day``: no time, or 00:00 in its
    /// own zone), the offset of the zone it was written in, in seconds east of UTC (`+0800`:
    /// 28,800; 0 when it named none). ``published`` is then that day's start, and the item
    /// appeared at some time in `[published, published + 86,400 s)`.
    public var publishedDayOffset: Int?
    /// The publication date as the feed wrote it (trimmed), when the item has one that no date
    /// rule reads (`<pubDate>Thursday, the 5th of never</pubDate>`, JSON Feed `date_published`)
    /// and so no ``published``: of `pubDate`/Atom `published`, `dc:date` and
    /// `dcterms:issued`, the text of the first kind in that order that has one (the last
    /// element of a kind, as for the dates). Nil when ``published`` is set, and for an item
    /// with no such element or only empty ones.
    public var publishedText: String?
    /// What the item says beyond these fields (``FeedParser/Options/detail``); nil otherwise.
    public var detail: FeedItemDetail? {
        get { detailBox?.value }
        set { detailBox = newValue.map(Box.init) }
    }
    /// ``detail``, kept out of line: an item without it stays the size it was (a few hundred
    /// bytes), since items are copied and moved on every parse.
    private var detailBox: Box<FeedItemDetail>?

    private enum CodingKeys: String, CodingKey {
        case guid, link, title, summary, content, authors, categories, published, publishedDayOffset, updated, publishedText
        case detailBox = "detail"
    }

    /// Creates an item; every field defaults to empty.
    public init(
        guid: String? = nil, link: String? = nil, title: String? = nil, summary: String? = nil,
        content: String? = nil, authors: [String] = [], categories: [String] = [],
        published: Date? = nil, updated: Date? = nil
    ) {
        self.guid = guid
        self.link = link
        self.title = title
        self.summary = summary
        self.content = content
        self.authors = authors
        self.categories = categories
        self.published = published
        self.updated = updated
    }

    /// The key that identifies this item within its outlet: the guid exactly as given, else
    /// the link, else `hash:` and the 64-bit FNV-1a digest (16 hex digits) of the title and the
    /// publication time in Unix seconds.
    ///
    /// This is the `item_guid` of Byline's reports. The hash fallback is stable across runs
    /// and machines (it does not use Swift's seeded `Hasher`).
    public var key: String {
        if let guid, !guid.isEmpty { return guid }
        if let link, !link.isEmpty { return link }
        let stamp = (published ?? updated).map { String(Int64($0.timeIntervalSince1970)) } ?? ""
        return "hash:" + StableHash.fnv1a64Hex((title ?? "") + "\u{1F}" + stamp)
    }
}

/// An immutable value behind a reference: a large optional part of a value type stored out of
/// line. Equality, hashing and coding are the value's.
final class Box<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }

    static func == (lhs: Box, rhs: Box) -> Bool { lhs === rhs || lhs.value == rhs.value }

    func hash(into hasher: inout Hasher) { value.hash(into: &hasher) }

    init(from decoder: any Decoder) throws {
        value = try Value(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
