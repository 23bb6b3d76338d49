public import Foundation

/// What one pull of one feed gave: the body, the validators for the next pull, or why it failed.
///
/// A pull never throws; every failure (DNS, refused connection, timeout, HTTP error status,
/// oversized or corrupt body) is a result with ``Outcome/failed`` and a one-line ``error``.
public struct FetchResult: Sendable {
    /// How a pull ended.
    public enum Outcome: Sendable, Hashable {
        /// A 2xx answer (normally 200) with a complete body.
        case fetched
        /// 304 Not Modified: the feed has not changed since the validators were issued (RFC 9110 §15.4.5).
        case notModified
        /// Anything else: the pull gave nothing usable; ``FetchResult/error`` says why.
        case failed
    }

    /// How the pull ended.
    public var outcome: Outcome

    /// The HTTP status of the final response (after redirects), or `nil` when none arrived.
    public var statusCode: Int?

    /// The body after gzip/deflate decoding; empty unless ``outcome`` is ``Outcome/fetched``.
    public var body: [UInt8]

    /// Decoded body bytes received (equal to `body.count` when fetched; what arrived before
    /// the pull was stopped otherwise).
    public var bytes: Int

    /// The `ETag` header of the final response, exactly as sent, or `nil` when absent.
    ///
    /// A 304 may omit it; keep the stored validator then.
    public var etag: String?

    /// The `Last-Modified` header of the final response, exactly as sent, or `nil` when absent.
    public var lastModified: String?

    /// The `Content-Type` header of the final response, exactly as sent, or `nil`.
    public var contentType: String?

    /// Seconds the server asked to wait before the next pull (`Retry-After`, RFC 9110 §10.2.3,
    /// given as delay-seconds or an HTTP-date, counted from the response), or `nil` when absent or
    /// unreadable. Servers send it mostly with 429 and 503.
    public var retryAfter: Double?

    /// The URL the final response came from: the request URL, or the last redirect target.
    public var finalURL: String

    /// Why the pull failed, one line (e.g. `HTTP 500`, `timed out after 30 s`,
    /// `body exceeds 16 MiB`); `nil` unless ``outcome`` is ``Outcome/failed``.
    public var error: String?

    /// When the request was sent (after waiting for a free slot), UTC.
    public var startedAt: Date

    /// Seconds from ``startedAt`` to the end of the body or the failure.
    public var elapsed: Double

    /// Creates a result.
    ///
    /// - Parameters: One per property; see each property.
    public init(
        outcome: Outcome, statusCode: Int? = nil, body: [UInt8] = [], bytes: Int = 0,
        etag: String? = nil, lastModified: String? = nil, contentType: String? = nil,
        retryAfter: Double? = nil, finalURL: String, error: String? = nil, startedAt: Date, elapsed: Double
    ) {
        self.outcome = outcome
        self.statusCode = statusCode
        self.body = body
        self.bytes = bytes
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.retryAfter = retryAfter
        self.finalURL = finalURL
        self.error = error
        self.startedAt = startedAt
        self.elapsed = elapsed
    }
}
