public import BylineFetch
public import BylineStore

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
}
