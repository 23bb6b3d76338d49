public import Foundation

/// What one pull of one feed gave: the body, the validators for the next pull, or why it failed.
///
/// A pull never throws; every failure (DNS, refused connection, TLS, timeout, HTTP error status,
/// oversized or corrupt body) is a result with ``Outcome/failed`` and its ``failure``.
public struct FetchResult: Sendable {
    /// How a pull ended.
    public enum Outcome: Sendable, Hashable {
        /// A 2xx answer (normally 200) with a complete body.
        case fetched
        /// 304 Not Modified: the feed has not changed since the validators were issued (RFC 9110 §15.4.5).
        case notModified
        /// Anything else: the pull gave nothing usable; ``FetchResult/failure`` says why.
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

    /// The `max-age` of the response's `Cache-Control` in seconds (RFC 9111 §5.2.2.1), or `nil`:
    /// the server's own lower bound on how soon the feed is worth pulling again.
    public var maxAge: Double?

    /// The URL the final response came from: the request URL, or the last redirect target.
    public var finalURL: String

    /// One redirect followed on the way to the final response.
    public struct Redirect: Sendable, Hashable {
        /// The redirect status: 301, 302, 303, 307 or 308.
        public var statusCode: Int
        /// The URL that answered with the redirect.
        public var from: String
        /// The `Location` it pointed to, resolved to an absolute URL.
        public var to: String

        /// Whether the move is permanent (301 Moved Permanently, 308 Permanent Redirect;
        /// RFC 9110 §15.4.2, §15.4.9): a reader should use the new URL from now on.
        public var isPermanent: Bool { statusCode == 301 || statusCode == 308 }

        /// Creates a hop.
        ///
        /// - Parameters:
        ///   - statusCode: The redirect status.
        ///   - from: The URL that answered with it.
        ///   - to: The absolute target URL.
        public init(statusCode: Int, from: String, to: String) {
            self.statusCode = statusCode
            self.from = from
            self.to = to
        }
    }

    /// The redirects followed, in order; empty when the request URL answered itself.
    public var redirects: [Redirect] = []

    /// Where the feed has permanently moved, as far as this pull shows: the target of the
    /// leading run of permanent redirects (301/308) when the chain starts with one, else `nil`.
    ///
    /// `301 → 302 → 200` gives the 301's target (the feed moved there; that URL then redirects
    /// temporarily); `302 → 301 → 200` gives `nil` (the request URL itself only moved for now).
    public var permanentMove: String? {
        var target: String?
        for hop in redirects {
            guard hop.isPermanent else { break }
            target = hop.to
        }
        return target
    }

    /// Why the pull failed; `nil` unless ``outcome`` is ``Outcome/failed``.
    public var failure: FetchFailure?

    /// Why the pull failed, one line (``failure``'s description: `HTTP 500`,
    /// `timed out after 30 s`, `body exceeds 16 MiB`); `nil` unless ``outcome`` is ``Outcome/failed``.
    public var error: String? { failure?.description }

    /// When the request was sent (after waiting for a free slot), UTC.
    public var startedAt: Date

    /// Seconds from ``startedAt`` to the end of the body or the failure.
    public var elapsed: Double

    /// Creates a result (the fetcher makes these; tests and archive imports may too).
    ///
    /// - Parameters:
    ///   - outcome: How the pull ended.
    ///   - statusCode: The final HTTP status, if one arrived.
    ///   - body: The decoded body (empty unless fetched).
    ///   - bytes: Decoded body bytes received.
    ///   - etag: The final response's `ETag`, exactly as sent.
    ///   - lastModified: The final response's `Last-Modified`, exactly as sent.
    ///   - contentType: The final response's `Content-Type`, exactly as sent.
    ///   - retryAfter: The `Retry-After` delay in seconds.
    ///   - maxAge: The `Cache-Control` `max-age` in seconds.
    ///   - finalURL: The URL of the final response.
    ///   - redirects: The redirects followed, in order.
    ///   - failure: Why it failed (failed only).
    ///   - startedAt: When the request was sent, UTC.
    ///   - elapsed: Seconds the pull took.
    public init(
        outcome: Outcome, statusCode: Int? = nil, body: [UInt8] = [], bytes: Int = 0,
        etag: String? = nil, lastModified: String? = nil, contentType: String? = nil,
        retryAfter: Double? = nil, maxAge: Double? = nil, finalURL: String, redirects: [Redirect] = [],
        failure: FetchFailure? = nil, startedAt: Date, elapsed: Double
    ) {
        self.maxAge = maxAge
        self.redirects = redirects
        self.outcome = outcome
        self.statusCode = statusCode
        self.body = body
        self.bytes = bytes
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.retryAfter = retryAfter
        self.finalURL = finalURL
        self.failure = failure
        self.startedAt = startedAt
        self.elapsed = elapsed
    }
}
