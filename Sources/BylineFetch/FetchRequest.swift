/// One feed to pull, with the validators remembered from its last successful pull.
///
/// When `etag` or `lastModified` is set, the pull is a conditional GET (RFC 9110 §13.1.2
/// `If-None-Match`, §13.1.3 `If-Modified-Since`) and an unchanged feed answers 304 with no body.
public struct FetchRequest: Sendable, Hashable {
    /// The absolute `http`/`https` URL to pull.
    public var url: String

    /// The `ETag` the server sent last time, exactly as sent (quotes and `W/` included), or `nil`.
    public var etag: String?

    /// The `Last-Modified` the server sent last time, exactly as sent, or `nil`.
    public var lastModified: String?

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - url: The absolute `http`/`https` URL to pull.
    ///   - etag: The stored `ETag`, sent back as `If-None-Match`.
    ///   - lastModified: The stored `Last-Modified`, sent back as `If-Modified-Since`.
    public init(url: String, etag: String? = nil, lastModified: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
    }
}
