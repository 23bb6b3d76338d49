import BylineText
import Foundation
import TOMLKit

/// The outlets Byline pulls and how often, as read from `Feeds/outlets.toml`.
///
/// The file format is TOML 1.0 (documented in `Feeds/README.md`):
///
/// ```toml
/// default_interval = 900          # seconds between pulls of a feed; optional, 900 when absent
///
/// [[outlet]]
/// id = "bbc"                      # [a-z0-9_.-]+, unique in the file
/// name = "BBC News"
/// homepage = "https://www.bbc.co.uk/news"   # optional
/// country = "GB"                  # optional, ISO 3166-1 alpha-2
/// language = "en"                 # optional, BCP 47
/// aliases = ["British Broadcasting Corporation"]   # optional, other names texts use
/// organisation = "bbc"            # optional, the news organisation it shares with other outlets
/// feeds = ["https://feeds.bbci.co.uk/news/rss.xml"]
///
/// [[outlet.feed]]                 # alternative to (or in addition to) `feeds`
/// url = "https://feeds.bbci.co.uk/news/world/rss.xml"
/// interval = 600                  # optional, seconds
/// ```
///
/// Elements of `feeds` may also be inline tables `{ url = "...", interval = 600 }`.
public struct FeedList: Sendable, Hashable {
    /// The outlets in file order.
    public var outlets: [OutletConfig]

    /// The pull interval in seconds for feeds that set none (`default_interval`, 900 when absent).
    public var defaultIntervalSeconds: Int

    /// What the file says that was read otherwise than written, one line each in the style of
    /// ``ConfigError`` (an OPML outline whose id was made unique, a feed outline with no
    /// `xmlUrl`, skipped); the list is usable, and a command shows them as warnings.
    public var warnings: [ConfigError] = []

    /// The pull interval used when the file sets no `default_interval`: 900 seconds (15 minutes).
    public static let standardIntervalSeconds = 900

    /// Creates a list from values.
    ///
    /// - Parameters:
    ///   - outlets: The outlets, in order.
    ///   - defaultIntervalSeconds: The pull interval in seconds for feeds that set none.
    public init(outlets: [OutletConfig], defaultIntervalSeconds: Int = FeedList.standardIntervalSeconds) {
        self.outlets = outlets
        self.defaultIntervalSeconds = defaultIntervalSeconds
    }

    /// The first alias that names a second outlet: its key (``BylineText/OutletName/key(_:)``)
    /// is also the key of another outlet's id, name or alias, so a text using it could credit
    /// either. Nil when every alias names one outlet.
    ///
    /// - Returns: the index of the outlet with the alias, and the one-line message
    ///   (`outlet 'x': alias 'A' also names outlet 'y' (by its id, name or an alias)`).
    static func aliasConflict(in outlets: [OutletConfig]) -> (index: Int, message: String)? {
        var owners: [String: [String]] = [:]
        for outlet in outlets {
            for name in [outlet.id, outlet.name] + outlet.aliases {
                let key = OutletName.key(name)
                if !(owners[key]?.contains(outlet.id) ?? false) { owners[key, default: []].append(outlet.id) }
            }
        }
        for (index, outlet) in outlets.enumerated() {
            for alias in outlet.aliases {
                guard let other = owners[OutletName.key(alias)]?.first(where: { $0 != outlet.id }) else { continue }
                return (index, "outlet '\(outlet.id)': alias '\(alias)' also names outlet '\(other)' (by its id, name or an alias)")
            }
        }
        return nil
    }

    /// The first outlet whose `organisation` is the id of another outlet that names another
    /// organisation of its own (`cnntv` of organisation `cnn`, while `cnn` is of `wbd`): the
    /// two would not be one organisation, as the first means. Nil when there is none.
    ///
    /// - Returns: the index of the outlet, and the one-line message (`outlet 'cnntv':
    ///   organisation 'cnn' is outlet 'cnn', which is of organisation 'wbd'; give 'wbd' here too`).
    static func organisationConflict(in outlets: [OutletConfig]) -> (index: Int, message: String)? {
        let organisationByID = Dictionary(outlets.map { ($0.id, $0.organisation) }, uniquingKeysWith: { first, _ in first })
        for (index, outlet) in outlets.enumerated() {
            guard let organisation = outlet.organisation, organisation != outlet.id,
                  let named = organisationByID[organisation], let other = named, other != organisation else { continue }
            return (index, "outlet '\(outlet.id)': organisation '\(organisation)' is outlet '\(organisation)', "
                + "which is of organisation '\(other)'; give '\(other)' here too")
        }
        return nil
    }

    /// The first feed URL that a second outlet lists too. A feed is stored under one outlet
    /// (items are keyed by outlet + guid), so the second outlet's pulls would be recorded under
    /// the first and it would never get an item. URLs are compared normalised
    /// (``FeedURL/comparable(_:)``: `HTTP://x/rss` and `http://x/rss#top` are one feed). Nil when
    /// every URL belongs to one outlet.
    ///
    /// - Returns: the index of the second outlet listing the URL, the URL, and the one-line message
    ///   (`feed 'https://...' is listed under outlet 'a' and outlet 'b'; a feed belongs to one
    ///   outlet`, with `(as '...')` after an outlet whose spelling differs).
    static func sharedFeed(in outlets: [OutletConfig]) -> (index: Int, url: String, message: String)? {
        var owners: [String: (outlet: String, url: String)] = [:]
        for (index, outlet) in outlets.enumerated() {
            for feed in outlet.feeds {
                let key = FeedURL.comparable(feed.url)
                if let owner = owners[key], owner.outlet != outlet.id {
                    let spelling = owner.url == feed.url ? "" : " (as '\(owner.url)')"
                    return (index, feed.url, "feed '\(feed.url)' is listed under outlet '\(owner.outlet)'\(spelling) and outlet '\(outlet.id)'; a feed belongs to one outlet")
                }
                if owners[key] == nil { owners[key] = (outlet.id, feed.url) }
            }
        }
        return nil
    }

    /// The pull interval of `feed` in seconds: its own `interval`, else ``defaultIntervalSeconds``.
    ///
    /// - Parameter feed: A feed of one of ``outlets``.
    /// - Returns: Seconds between pulls, always positive.
    public func intervalSeconds(of feed: FeedConfig) -> Int {
        feed.intervalSeconds ?? defaultIntervalSeconds
    }

    /// Reads and validates an outlet list file: TOML, or OPML when the name ends in `.opml` or the
    /// file starts (after blanks) with `<` (see ``parse(opml:path:)``).
    ///
    /// - Parameter path: The file to read (UTF-8 TOML or OPML); it is also the name used in errors.
    /// - Returns: The validated list.
    /// - Throws: ``ConfigError`` when the file cannot be read, is empty, is not UTF-8 or not TOML (with the
    ///   line and column of the syntax error), or is not a valid outlet list (with the outlet,
    ///   key and line where known), e.g. `Feeds/outlets.toml:12: outlet 'bbc': feeds[0].url is missing`.
    public static func load(contentsOf path: String) throws(ConfigError) -> FeedList {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(path: path, message: "is a directory, not a TOML file")
        }
        // Read as a stream (not by its size, which a device such as /dev/null gives as 0 or
        // not at all), so that an empty file is an empty list, not an unreadable one.
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.readToEnd() ?? Data()
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = underlying?.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(underlying?.code ?? 0)))
                : (error as NSError).code == NSFileReadNoPermissionError ? "permission denied" : nil
            throw ConfigError(path: path, message: "cannot be read" + (reason.map { ": \($0)" } ?? ""))
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw ConfigError(path: path, message: "is empty: no outlets listed (see Feeds/README.md for the format)")
        }
        if Self.isOPML(path: path, data: data) {
            return try parse(opml: data, path: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, message: "is not UTF-8 text")
        }
        return try parse(toml: text, path: path)
    }

    /// Whether a config file is OPML rather than TOML: its name ends in `.opml`, or its first
    /// non-blank byte is `<` (TOML never starts so).
    static func isOPML(path: String, data: Data) -> Bool {
        if path.lowercased().hasSuffix(".opml") { return true }
        var bytes = data.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first == UInt8(ascii: "<")
    }

    /// Parses and validates outlet list text.
    ///
    /// Validation: `id` present, well-formed (`[a-z0-9_.-]+`) and unique; `name` present; at least
    /// one feed per outlet; every feed URL and homepage an absolute `http`/`https` URL; intervals
    /// positive whole seconds; no feed listed twice in one outlet; no unknown keys (so that a typo
    /// such as `feed_url` is reported rather than ignored).
    ///
    /// - Parameters:
    ///   - toml: The TOML 1.0 document.
    ///   - path: The name used in errors (usually the file path).
    /// - Returns: The validated list.
    /// - Throws: ``ConfigError`` naming `path`, and the line, outlet and key where known.
    public static func parse(toml: String, path: String) throws(ConfigError) -> FeedList {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line > 0 ? error.source.begin.line : nil
            let column = error.source.begin.column > 0 ? error.source.begin.column : nil
            throw ConfigError(path: path, line: line, column: column, message: "TOML syntax: \(error.description)")
        } catch {
            throw ConfigError(path: path, message: "TOML syntax: \(error)")
        }
        return try OutletListReader(text: toml, path: path).read(table)
    }
}
