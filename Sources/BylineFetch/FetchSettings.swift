/// Limits and identity for pulling feeds.
///
/// The defaults suit a few hundred feeds pulled every few minutes from one machine: generous
/// enough for slow news sites, strict enough that one stuck server cannot stall a pull.
public struct FetchSettings: Sendable, Hashable {
    /// Seconds allowed to open the TCP (and TLS) connection. Default 10.
    public var connectTimeout: Double

    /// Seconds allowed for the whole pull, from sending the request to the last body byte,
    /// redirects included. Default 30.
    public var totalTimeout: Double

    /// The largest body accepted, in bytes after gzip/deflate decoding; a larger body (or a
    /// compressed body that inflates past it) fails the pull. Default 16 MiB.
    public var maxBodyBytes: Int

    /// The most pulls in flight at once across all hosts. Default 16.
    public var maxConcurrent: Int

    /// The most pulls in flight at once to one host (politeness). Default 2.
    public var perHostLimit: Int

    /// The most redirects followed before the pull fails. Default 5.
    public var maxRedirects: Int

    /// The `User-Agent` sent, naming Byline and its version. Default
    /// `Byline/<BylineVersion.string> (+<BylineVersion.homepage>)`.
    public var userAgent: String

    /// The default ``maxBodyBytes``: 16 MiB. `byline import` refuses a snapshot file larger
    /// than this too, so that an archive cannot store what a pull would not.
    public static let standardMaxBodyBytes = 16 * 1024 * 1024

    /// The default `User-Agent`: `Byline/0.1.0 (+https://github.com/byline-news/byline)`.
    public static let defaultUserAgent = "Byline/\(BylineVersion.string) (+\(BylineVersion.homepage))"

    /// Creates settings; every parameter has the default documented on its property.
    ///
    /// - Parameters:
    ///   - connectTimeout: Seconds to connect.
    ///   - totalTimeout: Seconds for the whole pull.
    ///   - maxBodyBytes: Largest decoded body in bytes.
    ///   - maxConcurrent: Pulls in flight overall.
    ///   - perHostLimit: Pulls in flight per host.
    ///   - maxRedirects: Redirects followed at most.
    ///   - userAgent: The `User-Agent` header.
    public init(
        connectTimeout: Double = 10, totalTimeout: Double = 30, maxBodyBytes: Int = FetchSettings.standardMaxBodyBytes,
        maxConcurrent: Int = 16, perHostLimit: Int = 2, maxRedirects: Int = 5,
        userAgent: String = FetchSettings.defaultUserAgent
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxBodyBytes = maxBodyBytes
        self.maxConcurrent = maxConcurrent
        self.perHostLimit = perHostLimit
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
    }
}
