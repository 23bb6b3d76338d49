/// One feed of an outlet, as listed in `Feeds/outlets.toml`.
///
/// Written either as a plain string in `feeds = ["https://..."]`, or as a table
/// (`{ url = "...", interval = 600 }` inside `feeds`, or an `[[outlet.feed]]` table) when the feed
/// needs its own pull interval.
public struct FeedConfig: Sendable, Hashable {
    /// The feed's absolute `http` or `https` URL, exactly as written in the config.
    public var url: String

    /// This feed's pull interval in seconds, or `nil` to use ``FeedList/defaultIntervalSeconds``.
    public var intervalSeconds: Int?

    /// Creates a feed entry.
    ///
    /// - Parameters:
    ///   - url: The feed's absolute `http`/`https` URL.
    ///   - intervalSeconds: Its own pull interval in seconds, `nil` for the list's default.
    public init(url: String, intervalSeconds: Int? = nil) {
        self.url = url
        self.intervalSeconds = intervalSeconds
    }
}
