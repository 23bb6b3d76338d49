public import Foundation
public import BylineFeed

/// An outlet: a news organisation whose feeds Byline pulls, named by a short stable id
/// (`bbc`, `nytimes`; the folder name for an import, the config id for a pull).
public struct OutletInfo: Sendable, Hashable {
    /// The outlet id, `[a-z0-9_.-]+` by convention.
    public var id: String
    /// The display name ("BBC News"); the id when nothing better is known.
    public var name: String
    /// The outlet's home page URL, if known.
    public var homepage: String?
    /// ISO 3166-1 alpha-2 country code, if known.
    public var country: String?
    /// BCP 47 language tag, if known.
    public var language: String?
    /// Other names texts use for the outlet (`aliases` in Feeds/outlets.toml), in the order
    /// given; empty when none are known.
    public var aliases: [String]
    /// The news organisation the outlet shares with other outlets (`organisation` in
    /// Feeds/outlets.toml: `cnn` for `cnntv`, CNN's YouTube channel); nil when it is an
    /// organisation of its own.
    public var organisation: String?

    /// Creates an outlet description.
    public init(id: String, name: String, homepage: String? = nil, country: String? = nil, language: String? = nil,
                aliases: [String] = [], organisation: String? = nil) {
        self.id = id
        self.name = name
        self.homepage = homepage
        self.country = country
        self.language = language
        self.aliases = aliases
        self.organisation = organisation
    }
}

extension OutletInfo {
    /// Aliases as stored: a JSON array of strings.
    public static func aliasesText(_ aliases: [String]) -> String {
        (try? JSONEncoder().encode(aliases)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
    }

    /// The aliases of a stored JSON array; none when the text is absent or not such an array.
    public static func aliases(fromText text: String?) -> [String] {
        guard let data = text?.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }
}

/// How one pull of a feed ended.
public enum PullStatus: String, Sendable, Hashable, Codable {
    /// The feed was fetched (HTTP 200 or an archive file) and parsed.
    case ok
    /// HTTP 304: unchanged since the validators were stored. Counts as a pull that saw no new
    /// item, so it bounds the observed window of the next new item.
    case notModified = "not_modified"
    /// The fetch or the parse failed; the error says why. Never bounds a window.
    case failed
}

/// A feed as stored: its URL, the validators for conditional GET, and how its last pull went.
public struct FeedState: Sendable, Hashable {
    /// The row id.
    public var id: Int64
    /// The outlet the feed belongs to.
    public var outletID: String
    /// The feed URL (for an import, `archive:<outlet>`).
    public var url: String
    /// The `ETag` of the last 200 response, exactly as sent.
    public var etag: String?
    /// The `Last-Modified` of the last 200 response, exactly as sent.
    public var lastModified: String?
    /// The status of the last pull.
    public var lastStatus: PullStatus?
    /// The HTTP status code of the last pull, when there was a response.
    public var lastStatusCode: Int?
    /// When the feed was last pulled (UTC).
    public var lastPullAt: Date?
    /// When the feed was last pulled successfully (200 or 304), UTC.
    public var lastSuccessAt: Date?
    /// Consecutive failed pulls since the last success.
    public var failures: Int

    /// Creates a feed state.
    ///
    /// - Parameters: One per property; see each property.
    public init(id: Int64, outletID: String, url: String, etag: String?, lastModified: String?, lastStatus: PullStatus?,
                lastStatusCode: Int?, lastPullAt: Date?, lastSuccessAt: Date?, failures: Int) {
        self.id = id
        self.outletID = outletID
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.lastStatus = lastStatus
        self.lastStatusCode = lastStatusCode
        self.lastPullAt = lastPullAt
        self.lastSuccessAt = lastSuccessAt
        self.failures = failures
    }
}

/// One pull to record: what was fetched (or read from an archive) and, when it parsed, the feed.
public struct PullInput: Sendable {
    /// The feed pulled.
    public var feedID: Int64
    /// The pull time (UTC): the request time, or an archive file's capture time.
    public var at: Date
    /// How the pull ended.
    public var status: PullStatus
    /// The HTTP status code, when there was a response.
    public var httpStatus: Int?
    /// Bytes received (after decompression).
    public var bytes: Int
    /// One-line error for a failed pull ("HTTP 500", "not a feed: an HTML page").
    public var error: String?
    /// Where the bytes came from: the URL fetched or the archive file path.
    public var source: String?
    /// The `ETag` sent with a 200 response, stored for the next conditional GET.
    public var etag: String?
    /// The `Last-Modified` sent with a 200 response.
    public var lastModified: String?
    /// Seconds the fetch took, when measured.
    public var elapsed: Double?
    /// The parsed items of a successful pull, in document order; each is keyed within its
    /// outlet by ``BylineFeed/FeedItem/key`` (guid as given, else link, else a hash).
    public var items: [FeedItem]
    /// Whether the document was cut off (``BylineFeed/Feed/isTruncated``): its items are
    /// stored, but the pull is no evidence that items missing from it had left the feed, so it
    /// is not the `prev_pull` (window start) of an item first seen later. Stored as the pull's
    /// `cut_off`.
    public var cutOff: Bool

    /// Creates a pull record.
    public init(
        feedID: Int64, at: Date, status: PullStatus, httpStatus: Int? = nil, bytes: Int = 0,
        error: String? = nil, source: String? = nil, etag: String? = nil, lastModified: String? = nil,
        elapsed: Double? = nil, items: [FeedItem] = [], cutOff: Bool = false
    ) {
        self.cutOff = cutOff
        self.feedID = feedID
        self.at = at
        self.status = status
        self.httpStatus = httpStatus
        self.bytes = bytes
        self.error = error
        self.source = source
        self.etag = etag
        self.lastModified = lastModified
        self.elapsed = elapsed
        self.items = items
    }
}

extension PullInput {
    /// The items a pull stores, one per item key (``BylineFeed/FeedItem/key``: the store keys
    /// items by outlet + guid), and the warning recorded with the pull when the document
    /// repeated a key; the pull's ``error`` with that warning appended.
    ///
    /// A feed document can hold two entries with one guid (feedparser keeps both; a store keyed
    /// by guid keeps one). Of entries that share a key the one kept is, in this order: the one
    /// with the latest publisher time (`updated`, else `published`; none counts as earliest),
    /// then the one with the most text (title, summary and content, in UTF-8 bytes), then the
    /// first in the document; it takes the place of the first. Entries identical to the one
    /// kept lose nothing; the warning counts them apart from those with other text or times, and
    /// says what their key is: a guid, a link (no guid), a title and date (no guid or link), or
    /// nothing at all (`1 entry has no guid, link, title or date, as another entry of the
    /// document, and cannot be told apart from it; one stored: ...`).
    public var keyedItems: (items: [FeedItem], repeated: Int, error: String?) {
        let keyed = Self.keyed(items)
        return (keyed.items, keyed.repeated, [error, keyed.warning].compactMap { $0 }.joined(separator: "; ").nilIfEmpty)
    }

    /// The warning ``keyedItems`` appends to the pull's ``error`` when the document repeated a
    /// key (`2 entries repeat the guid of another entry of the document with the same text; one
    /// stored per guid`); nil when it did not.
    public var repeatedKeyWarning: String? { Self.keyed(items).warning }

    /// One item per key, the count of entries that repeated a key, and the warning saying so.
    static func keyed(_ items: [FeedItem]) -> (items: [FeedItem], repeated: Int, warning: String?) {
        var index: [String: Int] = [:]
        var kept: [FeedItem] = []
        // By what the key is: 0 a guid, 1 a link (no guid), 2 a title and date (no guid or
        // link), 3 nothing (no guid, link, title or date): identical and differing repeats.
        var identical = [0, 0, 0, 0]
        var differing = [0, 0, 0, 0]
        for item in items {
            let key = item.key
            guard let at = index[key] else {
                index[key] = kept.count
                kept.append(item)
                continue
            }
            let kind = item.guid?.isEmpty == false ? 0 : item.link?.isEmpty == false ? 1
                : (item.title?.isEmpty == false || item.published != nil || item.updated != nil) ? 2 : 3
            if kept[at] == item { identical[kind] += 1; continue }
            differing[kind] += 1
            if Self.keeps(item, over: kept[at]) { kept[at] = item }
        }
        let repeated = identical.reduce(0, +) + differing.reduce(0, +)
        guard repeated > 0 else { return (items, 0, nil) }
        let rule = "kept the entry with the latest publisher time, then the most text"
        var warnings: [String] = []
        for kind in 0..<4 where identical[kind] + differing[kind] > 0 {
            let count = identical[kind] + differing[kind]
            let entries = count == 1 ? "1 entry" : "\(count) entries"
            let (same, other) = (identical[kind], differing[kind])
            if kind == 3 {
                let them = count == 1 ? "it" : "them"
                let tail = other == 0 ? "one stored (the same text)" : same == 0 ? "one stored: the one with the latest publisher time, then the most text"
                    : "one stored (\(same) with the same text as the entry kept, \(other) with other text or times: \(rule))"
                warnings.append("\(entries) \(count == 1 ? "has" : "have") no guid, link, title or date, as another entry of the document, "
                                + "and cannot be told apart from \(them); \(tail)")
                continue
            }
            let verb = count == 1 ? "repeats" : "repeat"
            let (subject, key) = switch kind {
            case 0: ("\(entries) \(verb) the guid", "guid")
            case 1: ("\(entries) with no guid \(verb) the link", "link")
            default: ("\(entries) with no guid or link \(verb) the title and date", "title and date")
            }
            var warning = "\(subject) of another entry of the document"
            if other == 0 {
                warning += " with the same text; one stored per \(key)"
            } else if same == 0 {
                warning += " with other text or times (\(rule))"
            } else {
                warning += " (\(same) with the same text as the entry kept, \(other) with other text or times: \(rule))"
            }
            warnings.append(warning)
        }
        return (kept, repeated, warnings.joined(separator: "; "))
    }

    /// Whether `later`, an entry whose key an earlier entry `kept` has, replaces it: a later
    /// publisher time, else more text.
    static func keeps(_ later: FeedItem, over kept: FeedItem) -> Bool {
        let laterTime = later.updated ?? later.published ?? .distantPast
        let keptTime = kept.updated ?? kept.published ?? .distantPast
        if laterTime != keptTime { return laterTime > keptTime }
        func size(_ item: FeedItem) -> Int { (item.title?.utf8.count ?? 0) + (item.summary?.utf8.count ?? 0) + (item.content?.utf8.count ?? 0) }
        return size(later) > size(kept)
    }
}

/// What recording one pull changed.
public struct PullSummary: Sendable, Hashable {
    /// The pull's row id.
    public var pullID: Int64
    /// Items in the pulled feed.
    public var items: Int
    /// Items never seen before for this outlet.
    public var newItems: Int
    /// New versions of known items (a changed title, summary or content).
    public var newVersions: Int
    /// Entries of the document that repeated the guid of another entry, not stored
    /// (``PullInput/keyedItems``; the pull's `error` carries the warning).
    public var repeatedKeys: Int
    /// Whether the feed already had a pull at that time, so that nothing was recorded (the
    /// counts are zero and ``pullID`` is the stored pull's): a feed has one pull per time.
    public var alreadyStored: Bool

    /// Creates a summary.
    public init(pullID: Int64, items: Int, newItems: Int, newVersions: Int, repeatedKeys: Int = 0, alreadyStored: Bool = false) {
        self.pullID = pullID
        self.items = items
        self.newItems = newItems
        self.newVersions = newVersions
        self.repeatedKeys = repeatedKeys
        self.alreadyStored = alreadyStored
    }
}

/// One distinct (title, summary, content) of an item in one of its outlet's feeds, with when it
/// was first seen there (``Store/record(_:)``: versions are kept per feed).
public struct StoredVersion: Sendable, Hashable {
    /// The row id; versions of one item are numbered in the order they were seen.
    public var id: Int64
    /// The pull time at which this text was first seen (UTC).
    public var seenAt: Date
    /// The feed's last successful pull before `seenAt` (UTC), nil if `seenAt` was its first.
    public var previousPull: Date?
    /// Plain-text title.
    public var title: String
    /// Plain-text summary.
    public var summary: String
    /// Plain-text content, when present.
    public var content: String?
    /// The publisher time the feed gave with this version.
    public var published: Date?
    /// The publication date as the feed wrote it, when no date rule read it (so ``published``
    /// is nil): ``BylineFeed/FeedItem/publishedText``. Nil otherwise, and for versions stored
    /// before the store kept it.
    public var publishedText: String?
    /// When ``published`` gives only the day (``BylineFeed/FeedItem/publishedDayOffset``): the
    /// offset in seconds east of UTC of the zone the day was written in, ``published`` being its
    /// start; nil for a time of day, no date, and versions stored before the store kept it.
    public var publishedDayOffset: Int?

    /// Creates a version.
    ///
    /// - Parameters: One per property; see each property.
    public init(id: Int64, seenAt: Date, previousPull: Date?, title: String, summary: String, content: String?, published: Date?,
                publishedText: String? = nil, publishedDayOffset: Int? = nil) {
        self.publishedDayOffset = publishedDayOffset
        self.id = id
        self.seenAt = seenAt
        self.previousPull = previousPull
        self.title = title
        self.summary = summary
        self.content = content
        self.published = published
        self.publishedText = publishedText
    }
}

/// An item as stored, with all its versions.
public struct StoredItem: Sendable, Hashable {
    /// The row id.
    public var id: Int64
    /// The outlet id.
    public var outletID: String
    /// The feed that first carried the item (of the earliest pull that had it): the feed whose
    /// versions ``versions`` are and whose latest text ``title``, ``summary`` and ``content`` are.
    public var feedID: Int64
    /// The item key (guid as given, else link, else hash): `item_guid` in reports.
    public var guid: String
    /// The absolute link.
    public var link: String?
    /// The latest title (of the item's first feed, ``feedID``).
    public var title: String
    /// The latest summary (of the item's first feed).
    public var summary: String
    /// The latest content (of the item's first feed).
    public var content: String?
    /// The publisher time as first seen (UTC).
    public var published: Date?
    /// When Byline first saw the item (UTC).
    public var firstSeen: Date
    /// When Byline last saw the item in its feed (UTC).
    public var lastSeen: Date
    /// The feed's last successful pull before `firstSeen` (UTC): the item appeared inside
    /// `(previousPull, firstSeen]`. Nil when `firstSeen` was the feed's first pull.
    public var previousPull: Date?
    /// Every distinct text the item's first feed (``feedID``) gave, oldest first: the item's
    /// first version and its edits. What other feeds of the outlet gave is stored and not here.
    public var versions: [StoredVersion]

    /// Creates an item.
    ///
    /// - Parameters: One per property; see each property.
    public init(id: Int64, outletID: String, feedID: Int64, guid: String, link: String?, title: String, summary: String,
                content: String?, published: Date?, firstSeen: Date, lastSeen: Date, previousPull: Date?, versions: [StoredVersion]) {
        self.id = id
        self.outletID = outletID
        self.feedID = feedID
        self.guid = guid
        self.link = link
        self.title = title
        self.summary = summary
        self.content = content
        self.published = published
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.previousPull = previousPull
        self.versions = versions
    }
}

/// Counts per outlet for the scorecard: items stored and pulls that failed.
public struct OutletPullStats: Sendable, Hashable {
    /// The outlet id.
    public var outletID: String
    /// Items stored for the outlet.
    public var items: Int
    /// Pulls of its feeds.
    public var pulls: Int
    /// Failed pulls of its feeds.
    public var pullsFailed: Int

    /// Creates the counts of one outlet.
    ///
    /// - Parameters: One per property; see each property.
    public init(outletID: String, items: Int, pulls: Int, pullsFailed: Int) {
        self.outletID = outletID
        self.items = items
        self.pulls = pulls
        self.pullsFailed = pullsFailed
    }
}

private extension String {
    /// Nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
