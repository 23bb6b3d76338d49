public import BylineFetch
public import BylineStore
public import Foundation

/// The feeds as the database knows them now, as a ``BylineFetch/FeedList`` (for
/// `byline feeds export`).
public enum FeedExport {
    /// Every outlet with its pulled feeds at their current URLs (after permanent moves), retired
    /// feeds and `byline import` archive feeds left out; outlets without such a feed are left out.
    ///
    /// - Parameters:
    ///   - store: The database (SQLite or PostgreSQL).
    ///   - config: The config the feeds came from, for their intervals and default interval
    ///     (matched by the URL the config names); `nil` leaves intervals out.
    /// - Returns: The list, outlets by id.
    /// - Throws: ``BylineStore/StoreError`` when the database cannot be read.
    public static func currentFeeds(_ store: any IngestStore, config: FeedList?) async throws -> FeedList {
        var intervals: [String: Int] = [:]
        for outlet in config?.outlets ?? [] {
            for feed in outlet.feeds {
                if let interval = feed.intervalSeconds { intervals[feed.url] = interval }
            }
        }
        let feeds = try await store.scheduledFeeds().filter { !$0.state.url.hasPrefix("archive:") && $0.retiredAt == nil }
        let byOutlet = Dictionary(grouping: feeds, by: \.state.outletID)
        let outlets = try await store.outlets().compactMap { outlet -> OutletConfig? in
            guard let feeds = byOutlet[outlet.id], !feeds.isEmpty else { return nil }
            return OutletConfig(
                id: outlet.id, name: outlet.name, homepage: outlet.homepage, country: outlet.country,
                language: outlet.language,
                feeds: feeds.map { FeedConfig(url: $0.state.url, intervalSeconds: $0.configURL.flatMap { intervals[$0] }) },
                aliases: outlet.aliases, organisation: outlet.organisation)
        }
        return FeedList(outlets: outlets, defaultIntervalSeconds: config?.defaultIntervalSeconds ?? FeedList.standardIntervalSeconds)
    }

    /// A retired feed that ``currentFeeds(_:config:)`` leaves out: it answered 410 Gone, so Byline
    /// pulls it no more, and a config made from the export does not list it.
    public struct LeftOut: Sendable, Hashable, CustomStringConvertible {
        /// The outlet id.
        public var outlet: String
        /// The feed's current URL (after permanent moves).
        public var url: String
        /// When the 410 retired it (UTC).
        public var retiredAt: Date
        /// Whether the outlet has no other feed to export, so it is left out too.
        public var outletLeftOut: Bool

        /// `left out retired feed http://x/gone.xml of outlet 'gone' (HTTP 410 Gone on
        /// 2026-12-07T14:00:00Z: Byline pulls it no more; the outlet has no other feed and is left
        /// out too)`.
        public var description: String {
            "left out retired feed \(url) of outlet '\(outlet)' (HTTP 410 Gone on \(Self.iso(retiredAt)): Byline pulls it no more"
                + (outletLeftOut ? "; the outlet has no other feed and is left out too)" : ")")
        }

        static func iso(_ date: Date) -> String {
            let format = ISO8601DateFormatter()
            format.formatOptions = [.withInternetDateTime]
            return format.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
        }
    }

    /// The retired feeds that ``currentFeeds(_:config:)`` leaves out, by outlet id then URL.
    ///
    /// - Parameter store: The database (SQLite or PostgreSQL).
    /// - Returns: One entry per retired feed (archive feeds of `byline import` are never retired).
    /// - Throws: ``BylineStore/StoreError`` when the database cannot be read.
    public static func leftOut(_ store: any IngestStore) async throws -> [LeftOut] {
        let feeds = try await store.scheduledFeeds().filter { !$0.state.url.hasPrefix("archive:") }
        let exported = Set(feeds.filter { $0.retiredAt == nil }.map(\.state.outletID))
        return feeds.compactMap { feed in
            feed.retiredAt.map { LeftOut(outlet: feed.state.outletID, url: feed.state.url, retiredAt: $0,
                                         outletLeftOut: !exported.contains(feed.state.outletID)) }
        }.sorted { ($0.outlet, $0.url) < ($1.outlet, $1.url) }
    }
}
