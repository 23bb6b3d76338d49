/// One news outlet and its feeds, as listed in an `[[outlet]]` table of `Feeds/outlets.toml`.
///
/// The `id` is the outlet's stable key everywhere in Byline (the store, archive folder names of
/// `byline import`, reports), so it must not change once items have been stored under it.
public struct OutletConfig: Sendable, Hashable {
    /// The outlet's key: lower-case letters, digits, `_`, `.` and `-` (`[a-z0-9_.-]+`), unique in a list.
    public var id: String

    /// The outlet's display name, e.g. `"BBC News"`.
    public var name: String

    /// The outlet's home page (`http`/`https`), if given.
    public var homepage: String?

    /// The outlet's country as an ISO 3166-1 alpha-2 code (e.g. `"GB"`), if given.
    public var country: String?

    /// The main language of its feeds as a BCP 47 tag (e.g. `"en"`), if given.
    public var language: String?

    /// The outlet's feeds, at least one, in the order written.
    public var feeds: [FeedConfig]

    /// Other names texts use for the outlet (`"NYT"` for The New York Times), in the order
    /// written; empty when none are given. With the id and the name they are what an
    /// attribution's credited name is matched against ("as NYT first reported"), compared by
    /// ``BylineText/OutletName/key(_:)`` (so "New York Times" needs no alias: it has the key of
    /// the name "The New York Times").
    public var aliases: [String]

    /// The news organisation the outlet belongs to when it is one of several outlets (feeds) of
    /// one newsroom: `"cnn"` for `cnntv`, CNN's YouTube channel (`organisation` in
    /// `Feeds/outlets.toml`, `[a-z0-9_.-]+`). Outlets with the same organisation, and an outlet
    /// whose id it is, are one news organisation: an item of one of them that says "told CNN"
    /// cites its own reporting. Nil when the outlet is an organisation of its own.
    public var organisation: String?

    /// Creates an outlet entry.
    ///
    /// - Parameters:
    ///   - id: The outlet's key (`[a-z0-9_.-]+`).
    ///   - name: Its display name.
    ///   - homepage: Its home page URL, if known.
    ///   - country: Its ISO 3166-1 alpha-2 country code, if known.
    ///   - language: Its BCP 47 language tag, if known.
    ///   - feeds: Its feeds, at least one.
    ///   - aliases: Other names texts use for it.
    ///   - organisation: The news organisation it shares with other outlets, if any.
    public init(
        id: String, name: String, homepage: String? = nil, country: String? = nil,
        language: String? = nil, feeds: [FeedConfig], aliases: [String] = [], organisation: String? = nil
    ) {
        self.id = id
        self.name = name
        self.homepage = homepage
        self.country = country
        self.language = language
        self.feeds = feeds
        self.aliases = aliases
        self.organisation = organisation
    }
}
